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

// reference is a model of the rules in the package doc, written as plainly
// as possible and without go-querystring's walk: nil pointers and plain
// zero values are left out, slices are indexed unless tagged comma or
// numbered, a non-nil empty slice tagged clear (and not omitempty) is sent
// as name=, and types with an EncodeValues method encode themselves as
// go-querystring has them do.
func reference(v any) (url.Values, error) {
	vals := url.Values{}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return vals, nil
		}
		rv = rv.Elem()
	}
	return vals, referenceStruct(vals, rv, "")
}

type isZeroer interface{ IsZero() bool }

func referenceStruct(vals url.Values, v reflect.Value, scope string) error {
	var embedded []reflect.Value
	for i := 0; i < v.NumField(); i++ {
		sf := v.Type().Field(i)
		tag := sf.Tag.Get("url")
		if tag == "-" || !sf.IsExported() && !sf.Anonymous {
			continue
		}
		parts := strings.Split(tag, ",")
		name := parts[0]
		tagged := func(o string) bool { return slices.Contains(parts[1:], o) }
		fv := v.Field(i)
		if name == "" && sf.Anonymous {
			if e := reflect.Indirect(fv); e.IsValid() && e.Kind() == reflect.Struct {
				embedded = append(embedded, e)
				continue
			}
		}
		if name == "" {
			name = sf.Name
		}
		if scope != "" {
			name = scope + "[" + name + "]"
		}
		if fv.Type().Implements(reflect.TypeFor[query.Encoder]()) {
			if tagged("omitempty") && (fv.Kind() == reflect.Pointer && fv.IsNil() || fv.Kind() == reflect.Map && fv.Len() == 0) {
				continue
			}
			if fv.Kind() == reflect.Pointer && fv.IsNil() {
				fv = reflect.New(fv.Type().Elem())
			}
			if err := fv.Interface().(query.Encoder).EncodeValues(name, &vals); err != nil {
				return err
			}
			continue
		}
		direct := true // not behind a pointer
		for fv.Kind() == reflect.Pointer && !fv.IsNil() {
			fv, direct = fv.Elem(), false
		}
		switch {
		case fv.Kind() == reflect.Pointer:
			// nil: never sent
		case fv.Kind() == reflect.Slice:
			if fv.Len() == 0 {
				if !fv.IsNil() && tagged("clear") && !(direct && tagged("omitempty")) {
					vals.Add(name, "")
				}
				continue
			}
			elems := make([]string, fv.Len())
			for j := range elems {
				elems[j] = referenceScalar(fv.Index(j), tagged("int"))
			}
			switch {
			case tagged("comma"):
				vals.Add(name, strings.Join(elems, ","))
			case tagged("numbered"):
				for j, e := range elems {
					vals.Add(name+strconv.Itoa(j), e)
				}
			default:
				for j, e := range elems {
					vals.Add(name+"["+strconv.Itoa(j)+"]", e)
				}
			}
		case fv.Type() == reflect.TypeFor[time.Time]():
			if t := fv.Interface().(time.Time); !direct || !t.IsZero() {
				if tagged("unix") {
					vals.Add(name, strconv.FormatInt(t.Unix(), 10))
				} else {
					vals.Add(name, t.Format(time.RFC3339))
				}
			}
		case fv.Kind() == reflect.Struct:
			if !direct && tagged("clear") && fv.IsZero() {
				vals.Add(name, "")
				continue
			}
			if z, ok := fv.Interface().(isZeroer); ok && direct && z.IsZero() {
				continue
			}
			if err := referenceStruct(vals, fv, name); err != nil {
				return err
			}
		default:
			if !direct || !fv.IsZero() {
				vals.Add(name, referenceScalar(fv, tagged("int")))
			}
		}
	}
	for _, e := range embedded {
		if err := referenceStruct(vals, e, scope); err != nil {
			return err
		}
	}
	return nil
}

// referenceScalar formats a scalar (or a pointer to one: nil is "").
func referenceScalar(v reflect.Value, intBool bool) string {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	if v.Kind() == reflect.Bool && intBool {
		if v.Bool() {
			return "1"
		}
		return "0"
	}
	return fmt.Sprint(v.Interface())
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
	ClearObj  *edgeNested   `url:"clear_obj,clear"`
	Uints     []uint8       `url:"uints,brackets"`
	Status    charge.Status `url:"status,omitempty"`
	Skipped   string        `url:"-"`
	NoTag     string
	unexp     string   //nolint:unused
	Bool      *bool    `url:"bool,omitempty"`
	Int       bool     `url:"int,int"`
	Expand    []string `url:"expand"`
	Ints      []*int64 `url:"ints,omitempty"`
	ZeroInt   int64    `url:"zero_int"`
	ZeroPtr   *int64   `url:"zero_ptr"`
}

type fallbackTime struct {
	At time.Time `url:"at,unix"`
	N  int       `url:"n"`
}

type fallbackFloat struct {
	F  float64  `url:"f,omitempty"`
	G  float64  `url:"g"`
	S  stringer `url:"s"`
	Z  zeroer   `url:"z"`
	ZP *zeroer  `url:"zp"`
	L  []string `url:"l"`
}

// zeroer is empty, by its IsZero method, when N is 0, whatever S is.
type zeroer struct {
	N int    `url:"n"`
	S string `url:"s"`
}

func (z zeroer) IsZero() bool { return z.N == 0 }

type fallbackComma struct {
	L   []string `url:"l,comma"`
	Num []int    `url:"num,numbered"`
	Idx []string `url:"idx"`
	// The fallback applies the clear option too, at any depth.
	C      []string           `url:"c,brackets,clear"`
	Nested *edgeClears        `url:"nested"`
	Ptr    *[]string          `url:"ptr,comma,clear,omitempty"`
	Obj    *pay.AddressParams `url:"obj,clear"`
	edgeClears
}

type edgeClears struct {
	Inner []bool `url:"inner,brackets,clear"`
}

// TestEncode_SameAsReferenceModel fills every params type with random
// values, many times, and checks that Encode (per-type plans, or
// query.Values and the fallback rules) and the reference model give the
// same values and the same errors.
func TestEncode_SameAsReferenceModel(t *testing.T) {
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
