package form

import (
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/go-querystring/query"
)

// go-querystring walks a struct's fields with reflection and splits each
// field's tag again on every call, most of the cost of encoding params. A
// plan is that walk done once per type: each field's final name (scope
// included), options and kind. Encoding with a plan produces exactly what
// query.Values produces (the tests compare the two on every params type),
// including calling EncodeValues on types that implement query.Encoder.
// A type using anything the plan does not model (time.Time, floats, maps,
// interfaces, arrays, the slice options comma, space, semicolon and numbered,
// struct types with an IsZero method, embedded pointers, recursive types) is
// encoded by query.Values itself, and fallback then applies the rules that
// differ from go-querystring's: a nil pointer or plain zero value is left
// out whatever the tag says, a slice is indexed, and the clear option.

// valuesOf encodes v, a non-nil struct or pointer to one, through its
// type's plan, or through query.Values when the type has none.
func valuesOf(v any) (url.Values, error) {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return url.Values{}, nil
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return query.Values(v)
	}
	p := planFor(rv.Type())
	if p == nil {
		vals, err := query.Values(v)
		if err != nil {
			return nil, err
		}
		fallback(vals, rv, "")
		return vals, nil
	}
	vals := make(url.Values, 8)
	if err := p.encode(vals, rv); err != nil {
		return nil, err
	}
	return vals, nil
}

var plans sync.Map // reflect.Type -> *plan (nil *plan: use query.Values)

func planFor(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	p, ok := compile(t, "", 0)
	if !ok {
		p = nil
	}
	plans.Store(t, p)
	return p
}

type fieldKind uint8

const (
	kindEncoder fieldKind = iota // implements query.Encoder
	kindString                   // string, after pointers
	kindBool                     // bool, after pointers
	kindInt                      // signed integers, after pointers
	kindUint                     // unsigned integers, after pointers
	kindStruct                   // nested struct, after pointers
	kindSlice                    // slice of scalars, indexed
)

type plan struct {
	fields   []field
	embedded []embeddedPlan // encoded after fields, in the same scope
}

type field struct {
	index     int
	name      string // final name, scope included
	omitEmpty bool
	intBool   bool // the "int" option: true/false as 1/0
	clear     bool // the "clear" option: a non-nil empty slice or pointer to an empty struct is sent as name=
	kind      fieldKind
	ptrs      int       // pointer indirections before the kind
	elemPtr   bool      // encoder: the field is a pointer whose element implements Encoder
	elem      fieldKind // slice: kind of the elements
	elemPtrs  int       // slice: pointer indirections of the elements
	sub       *plan     // struct
}

type embeddedPlan struct {
	index int
	plan  *plan
}

var encoderType = reflect.TypeFor[query.Encoder]()

// zeroable is the interface go-querystring asks whether a struct is empty.
type zeroable interface{ IsZero() bool }

var zeroableType = reflect.TypeFor[zeroable]()

// compile builds the plan of struct type t under scope; ok is false when t
// uses something only query.Values handles.
func compile(t reflect.Type, scope string, depth int) (*plan, bool) {
	if depth > 8 {
		return nil, false
	}
	p := &plan{}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if sf.PkgPath != "" && !sf.Anonymous {
			continue
		}
		tag := sf.Tag.Get("url")
		if tag == "-" {
			continue
		}
		parts := strings.Split(tag, ",")
		name, opts := parts[0], parts[1:]
		if name == "" && sf.Anonymous {
			if sf.Type.Kind() == reflect.Pointer {
				return nil, false
			}
			if sf.Type.Kind() == reflect.Struct {
				sub, ok := compile(sf.Type, scope, depth+1)
				if !ok {
					return nil, false
				}
				p.embedded = append(p.embedded, embeddedPlan{i, sub})
				continue
			}
		}
		if name == "" {
			name = sf.Name
		}
		if scope != "" {
			name = scope + "[" + name + "]"
		}
		f := field{index: i, name: name}
		for _, o := range opts {
			switch o {
			case "omitempty":
				f.omitEmpty = true
			case "int":
				f.intBool = true
			case "clear":
				f.clear = true
			case "brackets":
			default:
				return nil, false // comma, space, numbered, unix, ...: query.Values
			}
		}
		if sf.Tag.Get("del") != "" || sf.Tag.Get("layout") != "" {
			return nil, false
		}
		ft := sf.Type
		if sf.Anonymous && sf.PkgPath != "" {
			return nil, false
		}
		if f.omitEmpty && !emptyCheckable(ft) {
			return nil, false
		}
		if ft.Implements(encoderType) {
			f.kind = kindEncoder
			f.elemPtr = ft.Kind() == reflect.Pointer && ft.Elem().Implements(encoderType)
			p.fields = append(p.fields, f)
			continue
		}
		for ft.Kind() == reflect.Pointer {
			f.ptrs++
			ft = ft.Elem()
		}
		switch k, ok := scalarKind(ft); {
		case ok:
			f.kind = k
		case ft.Kind() == reflect.Slice:
			et := ft.Elem()
			for et.Kind() == reflect.Pointer {
				f.elemPtrs++
				et = et.Elem()
			}
			ek, ok := scalarKind(et)
			if !ok {
				return nil, false
			}
			f.kind, f.elem = kindSlice, ek
		case ft.Kind() == reflect.Struct && ft.PkgPath()+"."+ft.Name() != "time.Time":
			if f.ptrs == 0 && f.omitEmpty || ft.Implements(zeroableType) || reflect.PointerTo(ft).Implements(zeroableType) {
				// a struct value's emptiness is its IsZero method: query.Values
				return nil, false
			}
			sub, ok := compile(ft, name, depth+1)
			if !ok {
				return nil, false
			}
			f.kind, f.sub = kindStruct, sub
		default:
			return nil, false
		}
		p.fields = append(p.fields, f)
	}
	return p, true
}

func slicesContain(opts []string, o string) bool {
	for _, s := range opts {
		if s == o {
			return true
		}
	}
	return false
}

// scalarKind is the kind of a scalar the plan formats itself. Types with
// methods are left to query.Values, whose fmt.Sprint would call String.
func scalarKind(t reflect.Type) (fieldKind, bool) {
	if t.NumMethod() > 0 {
		return 0, false
	}
	switch t.Kind() {
	case reflect.String:
		return kindString, true
	case reflect.Bool:
		return kindBool, true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return kindInt, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return kindUint, true
	}
	return 0, false
}

// emptyCheckable reports whether omitempty on t is decided by kind alone,
// as in query's isEmptyValue (other kinds ask an IsZero method).
func emptyCheckable(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Array, reflect.String, reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	}
	return false
}

func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Map, reflect.Slice, reflect.Array, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Pointer, reflect.Interface:
		return v.IsNil()
	}
	return false
}

func (p *plan) encode(vals url.Values, v reflect.Value) error {
	for i := range p.fields {
		f := &p.fields[i]
		sv := v.Field(f.index)
		if f.omitEmpty && isEmpty(sv) {
			continue
		}
		if f.kind == kindEncoder {
			if f.elemPtr && sv.IsNil() {
				sv = reflect.New(sv.Type().Elem())
			}
			if err := sv.Interface().(query.Encoder).EncodeValues(f.name, &vals); err != nil {
				return err
			}
			continue
		}
		nilPtr := false
		for n := 0; n < f.ptrs; n++ {
			if sv.IsNil() {
				nilPtr = true
				break
			}
			sv = sv.Elem()
		}
		if nilPtr {
			continue // a nil pointer is never sent
		}
		switch f.kind {
		case kindStruct:
			if f.clear && sv.IsZero() {
				vals.Add(f.name, "") // a pointer to an empty struct tagged clear
				continue
			}
			if err := f.sub.encode(vals, sv); err != nil {
				return err
			}
		case kindSlice:
			if sv.Len() == 0 {
				if f.clear && !sv.IsNil() {
					vals.Add(f.name, "")
				}
				continue
			}
			for j := 0; j < sv.Len(); j++ {
				vals.Add(f.name+"["+strconv.Itoa(j)+"]", scalarString(sv.Index(j), f.elem, f.elemPtrs, f.intBool))
			}
		default:
			if f.ptrs == 0 && isEmpty(sv) {
				continue // a plain zero value is never sent
			}
			vals.Add(f.name, scalarString(sv, f.kind, 0, f.intBool))
		}
	}
	for _, e := range p.embedded {
		if err := e.plan.encode(vals, v.Field(e.index)); err != nil {
			return err
		}
	}
	return nil
}

// scalarString formats a scalar as query's valueString does (fmt.Sprint).
func scalarString(v reflect.Value, k fieldKind, ptrs int, intBool bool) string {
	for n := 0; n < ptrs; n++ {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	switch k {
	case kindString:
		return v.String()
	case kindBool:
		if intBool {
			if v.Bool() {
				return "1"
			}
			return "0"
		}
		return strconv.FormatBool(v.Bool())
	case kindInt:
		return strconv.FormatInt(v.Int(), 10)
	case kindUint:
		return strconv.FormatUint(v.Uint(), 10)
	}
	return fmt.Sprint(v.Interface())
}

// fallback applies the rules in which the API differs from go-querystring
// to values query.Values encoded from the struct v under scope: what
// query.Values sent for a nil pointer or a plain zero value (one not behind
// a pointer) is removed, a slice without the comma, space, semicolon,
// brackets or numbered option (or a del tag) is indexed, and a non-nil
// empty slice tagged clear (and not left out by omitempty) is sent as
// name=. Types with an EncodeValues method encode themselves as they do
// under go-querystring.
func fallback(vals url.Values, v reflect.Value, scope string) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if sf.PkgPath != "" && !sf.Anonymous {
			continue
		}
		tag := sf.Tag.Get("url")
		if tag == "-" {
			continue
		}
		parts := strings.Split(tag, ",")
		name, opts := parts[0], parts[1:]
		fv := v.Field(i)
		if name == "" && sf.Anonymous {
			if ev := reflect.Indirect(fv); ev.IsValid() && ev.Kind() == reflect.Struct {
				fallback(vals, ev, scope)
				continue
			}
		}
		if name == "" {
			name = sf.Name
		}
		if scope != "" {
			name = scope + "[" + name + "]"
		}
		if fv.Type().Implements(encoderType) || slicesContain(opts, "omitempty") && isEmptyOrZero(fv) {
			continue // it encodes itself, or query.Values left it out
		}
		ptrs := 0
		for fv.Kind() == reflect.Pointer && !fv.IsNil() {
			fv = fv.Elem()
			ptrs++
		}
		switch {
		case fv.Kind() == reflect.Pointer || fv.Kind() == reflect.Interface && fv.IsNil():
			vals.Del(name) // a nil pointer: query.Values sent name=
		case fv.Kind() == reflect.Slice || fv.Kind() == reflect.Array:
			if fv.Len() == 0 {
				if fv.Kind() == reflect.Slice && !fv.IsNil() && slicesContain(opts, "clear") {
					vals.Add(name, "")
				}
				continue
			}
			if sf.Tag.Get("del") != "" || slicesContain(opts, "comma") || slicesContain(opts, "space") ||
				slicesContain(opts, "semicolon") || slicesContain(opts, "brackets") || slicesContain(opts, "numbered") {
				continue // go-querystring's own list forms; Encode indexes brackets
			}
			list := vals[name]
			vals.Del(name)
			for j, s := range list {
				vals.Add(name+"["+strconv.Itoa(j)+"]", s)
			}
		case ptrs == 0 && isEmptyOrZero(fv):
			// a plain zero value: a scalar, or a struct whose IsZero says so
			vals.Del(name)
			for k := range vals {
				if strings.HasPrefix(k, name+"[") {
					delete(vals, k)
				}
			}
		case fv.Kind() == reflect.Struct && fv.Type() != reflect.TypeFor[time.Time]():
			if ptrs > 0 && fv.IsZero() && slicesContain(opts, "clear") {
				vals.Add(name, "")
				continue
			}
			fallback(vals, fv, name)
		}
	}
}

// isEmptyOrZero is go-querystring's test for omitempty: isEmpty, or for
// other kinds an IsZero method that reports true.
func isEmptyOrZero(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Struct:
		z, ok := v.Interface().(zeroable)
		return ok && z.IsZero()
	}
	return isEmpty(v)
}
