package form_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/form"
)

// chargeParams mirrors the shape of a resource's create params: plain fields,
// pointers where zero is a distinct request, a nested struct, metadata, a
// bracketed slice.
type chargeParams struct {
	Amount      int64               `url:"amount,omitempty"`
	Currency    string              `url:"currency,omitempty"`
	Description *string             `url:"description,omitempty"`
	Capture     *bool               `url:"capture,omitempty"`
	Fee         *int64              `url:"application_fee_amount,omitempty"`
	Paid        bool                `url:"paid,omitempty"`
	Shipping    *pay.ShippingParams `url:"shipping,omitempty"`
	Metadata    pay.Metadata        `url:"metadata"`
	Locales     []string            `url:"preferred_locales,brackets"`
	Tags        []string            `url:"tags,brackets,clear"`
	OmitTags    []string            `url:"omit_tags,brackets,clear,omitempty"`
	Address     *pay.AddressParams  `url:"address,omitempty,clear"`
}

// untagged has no omitempty anywhere: the API's rules apply all the same.
type untagged struct {
	Name     string             `url:"name"`
	N        int64              `url:"n"`
	Capture  *bool              `url:"capture"`
	Expand   []string           `url:"expand"`
	Created  *pay.RangeQuery    `url:"created"`
	Metadata pay.Metadata       `url:"metadata"`
	Clear    []string           `url:"clear,clear"`
	Address  *pay.AddressParams `url:"address,clear"`
	Comma    []string           `url:"comma,comma"`
	Space    []string           `url:"space,space"`
	Semi     []string           `url:"semi,semicolon"`
}

// untaggedFallback has the same shape plus a float, which only
// go-querystring encodes, so that the same rules are checked on that path.
type untaggedFallback struct {
	untagged
	F float64 `url:"f"`
}

type listParams struct {
	pay.ListParams
	Customer string          `url:"customer,omitempty"`
	Created  *pay.RangeQuery `url:"created,omitempty"`
}

func TestEncode_Body(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"nil", nil, ""},
		{"nil pointer", (*chargeParams)(nil), ""},
		{"zero struct sends nothing", &chargeParams{}, ""},
		{
			name: "plain fields",
			in:   &chargeParams{Amount: 2000, Currency: "usd"},
			want: "amount=2000&currency=usd",
		},
		{
			name: "nested shipping address",
			in: &chargeParams{Shipping: &pay.ShippingParams{
				Name:    "Jenny Rosen",
				Address: &pay.AddressParams{Line1: "1 Main St", Country: "US", PostalCode: "94107"},
			}},
			want: "shipping%5Baddress%5D%5Bcountry%5D=US&shipping%5Baddress%5D%5Bline1%5D=1+Main+St" +
				"&shipping%5Baddress%5D%5Bpostal_code%5D=94107&shipping%5Bname%5D=Jenny+Rosen",
		},
		{
			name: "shipping without address",
			in:   &chargeParams{Shipping: &pay.ShippingParams{Carrier: "UPS"}},
			want: "shipping%5Bcarrier%5D=UPS",
		},
		{
			name: "metadata set",
			in:   &chargeParams{Metadata: pay.Metadata{"order_id": "6735", "b": "x y"}},
			want: "metadata%5Bb%5D=x+y&metadata%5Border_id%5D=6735",
		},
		{
			name: "metadata unset one key",
			in:   &chargeParams{Metadata: pay.Metadata{"order_id": "", "keep": "1"}},
			want: "metadata%5Bkeep%5D=1&metadata%5Border_id%5D=",
		},
		{
			name: "metadata unset all",
			in:   &chargeParams{Metadata: pay.Metadata{}},
			want: "metadata=",
		},
		{
			name: "metadata nil sends nothing",
			in:   &chargeParams{Metadata: nil, Amount: 1},
			want: "amount=1",
		},
		{
			name: "indexed arrays",
			in:   &chargeParams{Locales: []string{"en", "fr"}},
			want: "preferred_locales%5B0%5D=en&preferred_locales%5B1%5D=fr",
		},
		{
			name: "empty slice sends nothing",
			in:   &chargeParams{Locales: []string{}},
			want: "",
		},
		{
			name: "clear: a non-nil empty slice clears the list",
			in:   &chargeParams{Tags: []string{}},
			want: "tags=",
		},
		{
			name: "clear: a nil slice sends nothing",
			in:   &chargeParams{Tags: nil, Amount: 1},
			want: "amount=1",
		},
		{
			name: "clear: a slice with values is indexed",
			in:   &chargeParams{Tags: []string{"a", ""}},
			want: "tags%5B0%5D=a&tags%5B1%5D=",
		},
		{
			name: "clear: a pointer to an empty struct clears the object",
			in:   &chargeParams{Address: &pay.AddressParams{}},
			want: "address=",
		},
		{
			name: "clear: a pointer to a struct with a field set sends the field",
			in:   &chargeParams{Address: &pay.AddressParams{City: "Paris"}},
			want: "address%5Bcity%5D=Paris",
		},
		{
			name: "clear: a pointer to an empty struct clears the object on the fallback path too",
			in:   &untaggedFallback{untagged: untagged{Address: &pay.AddressParams{}}},
			want: "address=",
		},
		{
			name: "clear with omitempty: an empty slice is left out",
			in:   &chargeParams{OmitTags: []string{}},
			want: "",
		},
		{
			name: "pointers to zero values are sent",
			in:   &chargeParams{Capture: pay.Bool(false), Description: pay.String(""), Fee: pay.Int64(0)},
			want: "application_fee_amount=0&capture=false&description=",
		},
		{
			name: "pointers to values",
			in:   &chargeParams{Capture: pay.Bool(true), Description: pay.String("a&b=c"), Fee: pay.Int64(12)},
			want: "application_fee_amount=12&capture=true&description=a%26b%3Dc",
		},
		{
			name: "plain zero values are not sent",
			in:   &chargeParams{Amount: 0, Currency: "", Paid: false},
			want: "",
		},
		{
			name: "struct value, not pointer",
			in:   chargeParams{Amount: 5},
			want: "amount=5",
		},
		{
			name: "embedded list params and created range",
			in: &listParams{
				ListParams: pay.ListParams{Limit: 3, StartingAfter: "ch_1"},
				Customer:   "cus_1",
				Created:    &pay.RangeQuery{GTE: 1700000000, LT: 1800000000},
			},
			want: "created%5Bgte%5D=1700000000&created%5Blt%5D=1800000000&customer=cus_1&limit=3&starting_after=ch_1",
		},
		{
			name: "ending_before",
			in:   &listParams{ListParams: pay.ListParams{EndingBefore: "ch_9"}},
			want: "ending_before=ch_9",
		},
		{
			name: "empty range sends nothing",
			in:   &listParams{Created: &pay.RangeQuery{}},
			want: "",
		},
		{
			name: "no omitempty: nil pointers and plain zero values are not sent",
			in:   &untagged{},
			want: "",
		},
		{
			name: "no omitempty: pointers to zero values are sent",
			in:   &untagged{Capture: pay.Bool(false), Created: &pay.RangeQuery{}},
			want: "capture=false",
		},
		{
			name: "no omitempty: values",
			in:   &untagged{Name: "a", N: 3, Capture: pay.Bool(true), Created: &pay.RangeQuery{GT: 1}},
			want: "capture=true&created%5Bgt%5D=1&n=3&name=a",
		},
		{
			name: "no omitempty: empty metadata unsets all, clear clears",
			in:   &untagged{Metadata: pay.Metadata{}, Clear: []string{}},
			want: "clear=&metadata=",
		},
		{
			name: "fallback: nil pointers and plain zero values are not sent",
			in:   &untaggedFallback{},
			want: "",
		},
		{
			name: "fallback: pointers to zero values are sent",
			in:   &untaggedFallback{untagged: untagged{Capture: pay.Bool(false), Metadata: pay.Metadata{}, Clear: []string{}}},
			want: "capture=false&clear=&metadata=",
		},
		{
			name: "slices are indexed without brackets",
			in:   &untagged{Expand: []string{"a", "b"}},
			want: "expand%5B0%5D=a&expand%5B1%5D=b",
		},
		{
			name: "fallback: slices are indexed without brackets",
			in:   &untaggedFallback{untagged: untagged{Expand: []string{"a", "b"}}, F: 1.5},
			want: "expand%5B0%5D=a&expand%5B1%5D=b&f=1.5",
		},
		{
			name: "comma, space and semicolon join as in go-querystring",
			in:   &untagged{Comma: []string{"a", "b"}, Space: []string{"c", "d"}, Semi: []string{"e", "f"}},
			want: "comma=a%2Cb&semi=e%3Bf&space=c+d",
		},
		{
			name: "url.Values passthrough",
			in:   url.Values{"b": {"2"}, "a": {"1", "3"}},
			want: "a=1&a=3&b=2",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vals, err := form.Encode(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, vals.Encode())
		})
	}
}

func TestEncode_Deterministic(t *testing.T) {
	md := pay.Metadata{}
	for i := range 50 {
		md[fmt.Sprintf("k%02d", i)] = fmt.Sprint(i)
	}
	p := &chargeParams{
		Amount:   100,
		Currency: "usd",
		Metadata: md,
		Locales:  []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"},
		Shipping: &pay.ShippingParams{Name: "n", Address: &pay.AddressParams{City: "c", Line1: "l"}},
	}
	first := mustEncode(t, p)
	for range 20 {
		require.Equal(t, first, mustEncode(t, p), "encoding changed between calls")
	}
	// The indexes keep the slice order, even past 9.
	vals, err := url.ParseQuery(first)
	require.NoError(t, err)
	for i, want := range p.Locales {
		assert.Equal(t, want, vals.Get(fmt.Sprintf("preferred_locales[%d]", i)), "index %d", i)
	}
}

func TestEncode_ValuesAreCopied(t *testing.T) {
	in := url.Values{"a": {"1"}}
	out, err := form.Encode(in)
	require.NoError(t, err)
	out.Set("a", "changed")
	out.Add("b", "new")
	assert.Equal(t, "a=1", in.Encode(), "caller's url.Values changed")
	out2, err := form.Encode(in)
	require.NoError(t, err)
	out2["a"][0] = "x"
	assert.Equal(t, "1", in.Get("a"), "caller's slice shared")
}

func TestEncode_NotAStruct(t *testing.T) {
	_, err := form.Encode(map[string]string{"a": "b"})
	assert.Error(t, err)
}

func TestEncode_MetadataLimits(t *testing.T) {
	tooMany := pay.Metadata{}
	for i := range pay.MaxMetadataKeys + 1 {
		tooMany[fmt.Sprintf("k%d", i)] = "v"
	}
	maxKeys := pay.Metadata{}
	for i := range pay.MaxMetadataKeys {
		maxKeys[fmt.Sprintf("k%d", i)] = "v"
	}
	tests := []struct {
		name      string
		md        pay.Metadata
		wantParam string // "" = no error
	}{
		{"empty key", pay.Metadata{"": "v"}, "metadata"},
		{"key with [", pay.Metadata{"a[b": "v"}, "metadata"},
		{"key with ]", pay.Metadata{"a]b": "v"}, "metadata"},
		{"key over 40 chars", pay.Metadata{strings.Repeat("k", 41): "v"}, "metadata"},
		{"key of 40 chars", pay.Metadata{strings.Repeat("k", 40): "v"}, ""},
		{"key of 40 runes", pay.Metadata{strings.Repeat("é", 40): "v"}, ""},
		{"51 keys", tooMany, "metadata"},
		{"50 keys", maxKeys, ""},
		{"value over 500 chars", pay.Metadata{"k": strings.Repeat("v", 501)}, "metadata[k]"},
		{"value of 500 chars", pay.Metadata{"k": strings.Repeat("v", 500)}, ""},
		{"value of 500 runes", pay.Metadata{"k": strings.Repeat("€", 500)}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vals, err := form.Encode(&chargeParams{Metadata: tt.md})
			if tt.wantParam == "" {
				require.NoError(t, err)
				assert.Len(t, vals, len(tt.md))
				return
			}
			var pe *pay.Error
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, pay.ErrorTypeInvalidRequest, pe.Type)
			assert.Equal(t, tt.wantParam, pe.Param)
			assert.Zero(t, pe.StatusCode)
			assert.NotEmpty(t, pe.Message)
		})
	}
}

// TestEncode_MetadataNestedParam checks that a nested metadata field reports
// its full param name.
func TestEncode_MetadataNestedParam(t *testing.T) {
	type inner struct {
		Metadata pay.Metadata `url:"metadata"`
	}
	type outer struct {
		TransferData *inner `url:"transfer_data,omitempty"`
	}
	got := mustEncode(t, &outer{TransferData: &inner{Metadata: pay.Metadata{"a": "b"}}})
	assert.Equal(t, "transfer_data%5Bmetadata%5D%5Ba%5D=b", got)
	_, err := form.Encode(&outer{TransferData: &inner{Metadata: pay.Metadata{"": "b"}}})
	var pe *pay.Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "transfer_data[metadata]", pe.Param)
}

func validKey(k string) bool {
	return k != "" && !strings.ContainsAny(k, "[]") && utf8.RuneCountInString(k) <= 40
}

func mustEncode(t testing.TB, v any) string {
	t.Helper()
	vals, err := form.Encode(v)
	require.NoError(t, err)
	return vals.Encode()
}

type fuzzParams struct {
	Description string       `url:"description,omitempty"`
	Email       *string      `url:"receipt_email,omitempty"`
	Name        string       `url:"name,omitempty"`
	Metadata    pay.Metadata `url:"metadata"`
	Expand      []string     `url:"expand,brackets"`
}

// FuzzEncode checks that, for any metadata keys and values and any string
// fields, the body parses back to exactly the values given, and nothing a
// key or a value holds can add a field or change another one.
func FuzzEncode(f *testing.F) {
	f.Add("desc", "a@b.c", "name", "order_id", "6735", "k2", "", "x")
	f.Add("a&amount=1", "=", "%00", "x]&capture=false", "v&metadata[y]=z", "ünï", "\xff\xfe", "e[0]")
	f.Add("", "", "", "a b", "c+d", "%41", "%zz", "")
	f.Add("metadata", "metadata[k]", "expand[0]", "k", "metadata[k]=1", "k2", "&&==", "expand[1]")
	f.Fuzz(func(t *testing.T, desc, email, name, k1, v1, k2, v2, exp string) {
		p := &fuzzParams{
			Description: desc,
			Email:       &email,
			Name:        name,
			Metadata:    pay.Metadata{k1: v1, k2: v2},
			Expand:      []string{exp, desc},
		}
		vals, err := form.Encode(p)
		if err != nil {
			var pe *pay.Error
			require.ErrorAs(t, err, &pe)
			require.NotEmpty(t, pe.Param, "error is a *pay.Error without Param: %v", err)
			validMeta := validKey(k1) && validKey(k2) && utf8.RuneCountInString(v1) <= 500 && utf8.RuneCountInString(v2) <= 500
			require.False(t, validMeta, "valid metadata refused: %v", err)
			return // a key outside the API's limits is refused, never sent
		}
		body := vals.Encode()
		got, err := url.ParseQuery(body)
		require.NoError(t, err, "body %q", body)
		want := url.Values{}
		if desc != "" {
			want.Set("description", desc)
		}
		want.Set("receipt_email", email)
		if name != "" {
			want.Set("name", name)
		}
		want.Set("metadata["+k1+"]", v1)
		want.Set("metadata["+k2+"]", v2)
		want.Set("expand[0]", exp)
		want.Set("expand[1]", desc)
		require.Equal(t, want, got, "body %q", body)
	})
}
