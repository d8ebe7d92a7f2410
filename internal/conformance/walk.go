package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/paykit/pay"
)

// Walk compares a JSON value the API sent with the Go value it was decoded
// into, through every nested object, list, map and expanded reference the
// Go types model, and describes every key the Go type does not model and
// every value that did not arrive intact.
//
// A key of an object that a Go struct has no json field for is lost,
// unless the struct's type is in Partial, or it is the "object" of a list
// or a search result, which [pay.Page] and [pay.SearchPage] leave out on
// purpose (it is always "list" or "search_result").
type Walk struct {
	// Partial lists the struct types that model part of an object by
	// design, such as a reference that decodes only the id and object type
	// of an expanded object: the keys they have no field for are not lost.
	Partial []reflect.Type
}

// DecodeJSON decodes b into v keeping numbers as json.Number, as
// [Walk.Lost] wants what the API sent.
func DecodeJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return dec.Decode(v)
}

// Report fails the test, naming the case, for every field of the JSON raw
// that did not survive decoding into got; root names got in the paths.
func (w Walk) Report(t testing.TB, name, root string, raw []byte, got any) {
	t.Helper()
	var sent any
	if err := DecodeJSON(raw, &sent); err != nil {
		t.Errorf("%s: response %.200s: %v", name, raw, err)
		return
	}
	for _, p := range w.Lost(root, sent, got) {
		t.Errorf("%s: %s", name, p)
	}
}

// ReportList is [Walk.Report] for the items a list yielded, compared with
// the data of the list page raw (stripe-mock answers every list with a
// single page, so they are the same).
func (w Walk) ReportList(t testing.TB, name string, raw []byte, items any) {
	t.Helper()
	var page struct {
		Data any `json:"data"`
	}
	if err := DecodeJSON(raw, &page); err != nil {
		t.Errorf("%s: response %.200s: %v", name, raw, err)
		return
	}
	for _, p := range w.Lost(name+": data", page.Data, items) {
		t.Error(p)
	}
}

// LostCase is a JSON value the API sent, the Go value it was decoded into,
// and the problems [Walk.Lost] must describe, in order, each by how it
// starts.
type LostCase struct {
	Name string
	Sent string
	Got  any
	Want []string
}

// WantLost fails the test for every case where what [Walk.Lost] describes,
// with root as the path, is not what the case wants: the proof that the
// walk is not vacuous on a package's types.
func (w Walk) WantLost(t testing.TB, root string, cases []LostCase) {
	t.Helper()
	for _, tt := range cases {
		var sent any
		if err := DecodeJSON([]byte(tt.Sent), &sent); err != nil {
			t.Errorf("%s: %v", tt.Name, err)
			continue
		}
		got := w.Lost(root, sent, tt.Got)
		if len(got) != len(tt.Want) {
			t.Errorf("%s: lost = %q, want %d problems like %q", tt.Name, got, len(tt.Want), tt.Want)
			continue
		}
		for i := range got {
			if !strings.HasPrefix(got[i], tt.Want[i]) {
				t.Errorf("%s: lost[%d] = %q, want it to start with %q", tt.Name, i, got[i], tt.Want[i])
			}
		}
	}
}

// Lost walks sent, a JSON value the API sent (decoded with [DecodeJSON]),
// next to got, the Go value it was decoded into, and describes, starting
// with path, every key got's type does not model and every value that did
// not arrive. A struct decoded from a bare string (an unexpanded reference)
// must hold it in its ID field.
func (w Walk) Lost(path string, sent any, got any) []string {
	return w.lost(path, sent, reflect.ValueOf(got))
}

func (w Walk) lost(path string, sent any, got reflect.Value) []string {
	for got.Kind() == reflect.Pointer || got.Kind() == reflect.Interface {
		if got.IsNil() {
			if sent != nil {
				return []string{fmt.Sprintf("%s: the API sent %.80v, decoded as nil", path, sent)}
			}
			return nil
		}
		got = got.Elem()
	}
	if !got.IsValid() {
		if sent != nil {
			return []string{fmt.Sprintf("%s: the API sent %.80v, decoded as nil", path, sent)}
		}
		return nil
	}
	if got.Type() == reflect.TypeFor[json.RawMessage]() {
		// kept undecoded (an event's object): it must hold what was sent
		var kept any
		if err := DecodeJSON(got.Bytes(), &kept); err != nil || !reflect.DeepEqual(kept, sent) {
			return []string{fmt.Sprintf("%s: the API sent %.80v, kept as %.80s", path, sent, got.Bytes())}
		}
		return nil
	}
	if sent == nil {
		if !got.IsZero() {
			return []string{fmt.Sprintf("%s: the API sent null, decoded as %v", path, got)}
		}
		return nil
	}
	mismatch := func() []string {
		return []string{fmt.Sprintf("%s: the API sent %.80v, decoded as %v", path, sent, got)}
	}
	switch got.Kind() {
	case reflect.Struct:
		switch s := sent.(type) {
		case string: // an unexpanded reference: its id
			if id := got.FieldByName("ID"); !id.IsValid() || id.Kind() != reflect.String || id.String() != s {
				return mismatch()
			}
			return nil
		case map[string]any:
			return w.lostInObject(path, s, got)
		}
		return mismatch()
	case reflect.Slice:
		s, ok := sent.([]any)
		if !ok || len(s) != got.Len() {
			return mismatch()
		}
		var out []string
		for i := range s {
			out = append(out, w.lost(fmt.Sprintf("%s[%d]", path, i), s[i], got.Index(i))...)
		}
		return out
	case reflect.Map:
		s, ok := sent.(map[string]any)
		if !ok || len(s) != got.Len() || got.Type().Key().Kind() != reflect.String {
			return mismatch()
		}
		var out []string
		for _, k := range slices.Sorted(maps.Keys(s)) {
			v := got.MapIndex(reflect.ValueOf(k).Convert(got.Type().Key()))
			if !v.IsValid() {
				out = append(out, fmt.Sprintf("%s[%q]: the API sent it, decoding dropped it", path, k))
				continue
			}
			out = append(out, w.lost(fmt.Sprintf("%s[%q]", path, k), s[k], v)...)
		}
		return out
	case reflect.String:
		if s, ok := sent.(string); !ok || s != got.String() {
			return mismatch()
		}
	case reflect.Bool:
		if b, ok := sent.(bool); !ok || b != got.Bool() {
			return mismatch()
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := sent.(json.Number)
		if i, err := n.Int64(); !ok || err != nil || i != got.Int() {
			return mismatch()
		}
	case reflect.Float32, reflect.Float64:
		n, ok := sent.(json.Number)
		if f, err := n.Float64(); !ok || err != nil || f != got.Float() {
			return mismatch()
		}
	default:
		return []string{fmt.Sprintf("%s: cannot compare a Go %s", path, got.Kind())}
	}
	return nil
}

func (w Walk) lostInObject(path string, sent map[string]any, got reflect.Value) []string {
	typ := got.Type()
	fields := JSONFields(typ)
	var out []string
	for _, k := range slices.Sorted(maps.Keys(sent)) {
		idx, ok := fields[k]
		switch {
		case ok:
			out = append(out, w.lost(path+"."+k, sent[k], got.FieldByIndex(idx))...)
		case slices.Contains(w.Partial, typ), k == "object" && isPage(typ):
		default:
			out = append(out, fmt.Sprintf("%s.%s: the API sends it; %s does not model it", path, k, typ))
		}
	}
	return out
}

var pagePkg = reflect.TypeFor[pay.Page[struct{}]]().PkgPath()

// isPage reports whether t is a pay.Page[T] or a pay.SearchPage[T], whose
// object is always "list" or "search_result".
func isPage(t reflect.Type) bool {
	return t.PkgPath() == pagePkg && (strings.HasPrefix(t.Name(), "Page[") || strings.HasPrefix(t.Name(), "SearchPage["))
}

// JSONFields maps the JSON names of the fields of struct type t (those of
// embedded structs included, as encoding/json sees them) to their indexes.
func JSONFields(t reflect.Type) map[string][]int {
	fields := map[string][]int{}
	for _, f := range reflect.VisibleFields(t) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" || f.Anonymous && name == "" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = f.Index
	}
	return fields
}

// References is the Walk of most resources: a pay.Reference keeps only the
// id and object type of an expanded object, by design, so its other keys
// are not reported as lost.
var References = Walk{Partial: []reflect.Type{reflect.TypeFor[pay.Reference]()}}
