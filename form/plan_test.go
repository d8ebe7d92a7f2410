package form_test

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-querystring/query"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/form"
	"github.com/paykit/pay/refund"
)

// reference is form.Encode as it was before per-type plans: query.Values
// with brackets turned into indexes, and name= for a non-nil empty slice
// tagged clear.
func reference(v any) (url.Values, error) {
	vals, err := query.Values(v)
	if err != nil {
		return nil, err
	}
	if rv := reflect.Indirect(reflect.ValueOf(v)); rv.Kind() == reflect.Struct {
		referenceClears(vals, rv, "")
	}
	for k, list := range vals {
		if strings.HasSuffix(k, "[]") {
			delete(vals, k)
			for i, s := range list {
				vals[k[:len(k)-2]+"["+strconv.Itoa(i)+"]"] = []string{s}
			}
		}
	}
	return vals, nil
}

// referenceClears adds name= for every non-nil empty slice tagged clear
// (and not omitempty) in the struct v, its embedded structs and the
// structs its fields point to.
func referenceClears(vals url.Values, v reflect.Value, scope string) {
	for i := 0; i < v.NumField(); i++ {
		sf := v.Type().Field(i)
		name, opts, _ := strings.Cut(sf.Tag.Get("url"), ",")
		fv := reflect.Indirect(v.Field(i))
		if name == "-" || !sf.IsExported() && !sf.Anonymous || !fv.IsValid() {
			continue
		}
		if sf.Type.Implements(reflect.TypeFor[query.Encoder]()) {
			continue
		}
		if name == "" && sf.Anonymous && fv.Kind() == reflect.Struct {
			referenceClears(vals, fv, scope)
			continue
		}
		if name == "" {
			name = sf.Name
		}
		if scope != "" {
			name = scope + "[" + name + "]"
		}
		tagged := func(o string) bool { return slices.Contains(strings.Split(opts, ","), o) }
		switch {
		case fv.Kind() == reflect.Slice && fv.Len() == 0 && !fv.IsNil() && tagged("clear") && !(tagged("omitempty") && v.Field(i).Kind() == reflect.Slice):
			vals.Add(name, "")
		case fv.Kind() == reflect.Struct && fv.Type() != reflect.TypeFor[time.Time]():
			referenceClears(vals, fv, name)
		}
	}
}

type edgeNested struct {
	N   int  `url:"n"`
	Int bool `url:"b,int"`
}

type edgeEmbedded struct {
	Limit int    `url:"limit,omitempty"`
	Extra string `url:"extra"`
}

type stringer int

func (s stringer) String() string { return "s" + strconv.Itoa(int(s)) }

// edgeParams covers what the plans model and what they leave to
// query.Values, in one type each.
type edgeParams struct {
	edgeEmbedded
	Meta      pay.Metadata  `url:"meta,omitempty"`
	MetaPtr   *pay.Metadata `url:"meta_ptr"`
	NilNoOmit *string       `url:"nil_no_omit"`
	PtrPtr    **int64       `url:"ptr_ptr,omitempty"`
	Nested    *edgeNested   `url:"nested"`
	Value     edgeNested    `url:"value"`
	List      []*string     `url:"list,brackets"`
	Clear     []string      `url:"clear,brackets,clear"`
	ClearPtr  *[]int64      `url:"clear_ptr,brackets,clear,omitempty"`
	ClearOmit []string      `url:"clear_omit,brackets,clear,omitempty"`
	Uints     []uint8       `url:"uints,brackets"`
	Status    charge.Status `url:"status,omitempty"`
	Skipped   string        `url:"-"`
	NoTag     string
	unexp     string //nolint:unused
	Bool      *bool  `url:"bool,omitempty"`
	Int       bool   `url:"int,int"`
}

type fallbackTime struct {
	At time.Time `url:"at,unix"`
	N  int       `url:"n"`
}

type fallbackFloat struct {
	F float64  `url:"f,omitempty"`
	S stringer `url:"s"`
}

type fallbackComma struct {
	L []string `url:"l,comma"`
	// The fallback applies the clear option too, at any depth.
	C      []string    `url:"c,brackets,clear"`
	Nested *edgeClears `url:"nested"`
	Ptr    *[]string   `url:"ptr,comma,clear,omitempty"`
	edgeClears
}

type edgeClears struct {
	Inner []bool `url:"inner,brackets,clear"`
}

// TestEncode_SameAsQueryValues fills every params type with random values,
// many times, and checks that Encode (per-type plans) and query.Values give
// the same values and the same errors.
func TestEncode_SameAsQueryValues(t *testing.T) {
	types := []any{
		charge.CreateParams{}, charge.UpdateParams{}, charge.CaptureParams{}, charge.ListParams{},
		customer.CreateParams{}, customer.UpdateParams{}, customer.ListParams{},
		customer.CreateCardParams{}, customer.UpdateCardParams{}, customer.ListCardsParams{},
		customer.SearchParams{}, charge.SearchParams{},
		refund.CreateParams{}, refund.UpdateParams{}, refund.ListParams{},
		pay.ListParams{}, pay.ShippingParams{}, pay.RangeQuery{},
		edgeParams{}, fallbackTime{}, fallbackFloat{}, fallbackComma{},
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, typ := range types {
		rt := reflect.TypeOf(typ)
		t.Run(rt.String(), func(t *testing.T) {
			for i := 0; i < 300; i++ {
				v := reflect.New(rt)
				fill(r, v.Elem(), 0)
				if e, ok := v.Interface().(*edgeParams); ok {
					e.unexp = "never sent"
				}
				got, gotErr := form.Encode(v.Interface())
				want, wantErr := reference(v.Interface())
				require.Equal(t, fmt.Sprint(wantErr), fmt.Sprint(gotErr), "error for %+v", v.Elem().Interface())
				if gotErr == nil {
					require.Equal(t, want, got, "values for %+v", v.Elem().Interface())
				}
			}
		})
	}
}

// fill sets v to random values: zero values, nil and non-nil pointers and
// maps, and strings that need escaping or break the metadata rules.
func fill(r *rand.Rand, v reflect.Value, depth int) {
	if !v.CanSet() || depth > 6 || r.IntN(4) == 0 {
		return // leave the zero value
	}
	switch v.Kind() {
	case reflect.Pointer:
		if r.IntN(3) == 0 {
			return
		}
		p := reflect.New(v.Type().Elem())
		fill(r, p.Elem(), depth+1)
		v.Set(p)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Unix(r.Int64N(2e9), 0)))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			fill(r, v.Field(i), depth+1)
		}
	case reflect.String:
		v.SetString([]string{"", "usd", "a b&c=d", "ünï", "x[y]", strings.Repeat("k", 41)}[r.IntN(6)])
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(r.Int64N(200) - 50)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(r.Uint64N(200))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(r.Float64() * 1e6)
	case reflect.Slice:
		n := r.IntN(4)
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := 0; i < n; i++ {
			fill(r, s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for i := r.IntN(4); i > 0; i-- {
			k := reflect.New(v.Type().Key()).Elem()
			e := reflect.New(v.Type().Elem()).Elem()
			fill(r, k, 0)
			fill(r, e, 0)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	}
}

func TestEncode_PlanErrorsAreTheEncodersOwn(t *testing.T) {
	_, err := form.Encode(&charge.CreateParams{Metadata: pay.Metadata{"": "x"}})
	var pe *pay.Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "metadata", pe.Param)
}
