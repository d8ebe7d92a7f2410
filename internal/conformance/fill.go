package conformance

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// specVersion is the stripe-mock whose embedded OpenAPI spec is the
// reference of the conformance tests.
const specVersion = "v0.203.0"

var spec struct {
	once sync.Once
	doc  map[string]any
	err  error
}

// Spec returns the API's OpenAPI spec as stripe-mock embeds it, read from
// the module cache (scripts/test.sh installs stripe-mock, so it is there).
// It fails the test when it cannot be read: conformance never skips.
func Spec(t testing.TB) map[string]any {
	t.Helper()
	spec.once.Do(func() {
		out, err := exec.Command("go", "env", "GOMODCACHE").Output()
		if err != nil {
			spec.err = err
			return
		}
		p := filepath.Join(strings.TrimSpace(string(out)), "github.com", "stripe", "stripe-mock@"+specVersion, "embedded", "openapi", "spec3.json")
		b, err := os.ReadFile(p)
		if err != nil {
			spec.err = err
			return
		}
		spec.err = json.Unmarshal(b, &spec.doc)
	})
	if spec.err != nil {
		t.Fatalf("the API's spec (stripe-mock %s): %v; run go install github.com/stripe/stripe-mock@%s", specVersion, spec.err, specVersion)
	}
	return spec.doc
}

// paramSchemas returns the schemas of the params of an operation
// ("POST", "/v1/payment_intents/{intent}"): the form body's properties,
// or the query parameters.
func paramSchemas(t testing.TB, method, path string) map[string]any {
	t.Helper()
	paths, _ := Spec(t)["paths"].(map[string]any)
	op, _ := paths[path].(map[string]any)[strings.ToLower(method)].(map[string]any)
	if op == nil {
		t.Fatalf("the spec has no %s %s", method, path)
	}
	props := map[string]any{}
	if rb, ok := op["requestBody"].(map[string]any); ok {
		s := dig(rb, "content", "application/x-www-form-urlencoded", "schema", "properties")
		for k, v := range s {
			props[k] = v
		}
	}
	ps, _ := op["parameters"].([]any)
	for _, p := range ps {
		pm, _ := p.(map[string]any)
		if pm["in"] == "query" {
			props[pm["name"].(string)] = pm["schema"]
		}
	}
	return props
}

func dig(m map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		m, _ = m[k].(map[string]any)
	}
	return m
}

// Fill sets every field of the params struct params points to, nested
// ones included, to a value the API's spec accepts for the param it is
// sent as (the first value of an enum, a number of at least 1, true, a
// one-element list...), so that a conformance test sends every param at
// once. A field whose param the operation does not have fails the test:
// no params field can encode a param its endpoint refuses. Set what a
// test needs (valid combinations, ids) after Fill.
func Fill(t testing.TB, method, path string, params any) {
	t.Helper()
	v := reflect.ValueOf(params)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		t.Fatalf("Fill: %T is not a pointer to a struct", params)
	}
	fillStruct(t, method+" "+path, "", v.Elem(), paramSchemas(t, method, path))
}

func fillStruct(t testing.TB, op, scope string, v reflect.Value, props map[string]any) {
	t.Helper()
	for i := range v.NumField() {
		f := v.Type().Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("url"), ",")
		switch {
		case name == "-" || !f.IsExported() && !f.Anonymous:
			continue
		case f.Anonymous && name == "":
			fv := v.Field(i)
			if fv.Kind() == reflect.Struct {
				fillStruct(t, op, scope, fv, props)
			}
			continue
		}
		full := name
		if scope != "" {
			full = scope + "[" + name + "]"
		}
		s, ok := props[name].(map[string]any)
		if !ok {
			t.Errorf("%s has no param %s (field %s): the API would refuse it", op, full, f.Name)
			continue
		}
		fillValue(t, op, full, v.Field(i), s)
	}
}

// pick returns the alternative of an anyOf schema that fits kind.
func pick(s map[string]any, kind reflect.Kind) map[string]any {
	alts, ok := s["anyOf"].([]any)
	if !ok {
		return s
	}
	if kind == reflect.Struct {
		// a struct may hold the fields of every object alternative (a
		// card's number and expiry, or its token)
		merged := map[string]any{}
		for _, a := range alts {
			am, _ := a.(map[string]any)
			for k, v := range propsOf(am) {
				if _, seen := merged[k]; !seen {
					merged[k] = v
				}
			}
		}
		return map[string]any{"type": "object", "properties": merged}
	}
	want := map[reflect.Kind]string{reflect.Struct: "object", reflect.Map: "object", reflect.Slice: "array",
		reflect.String: "string", reflect.Bool: "boolean", reflect.Int: "integer", reflect.Int64: "integer", reflect.Float64: "number"}[kind]
	for _, a := range alts {
		am, _ := a.(map[string]any)
		if am["type"] == want && !(want == "string" && len(enumOf(am)) == 1 && enumOf(am)[0] == "") {
			return am
		}
	}
	m, _ := alts[0].(map[string]any)
	return m
}

func enumOf(s map[string]any) []string {
	var out []string
	es, _ := s["enum"].([]any)
	for _, e := range es {
		if str, ok := e.(string); ok {
			out = append(out, str)
		}
	}
	return out
}

func fillValue(t testing.TB, op, name string, v reflect.Value, s map[string]any) {
	t.Helper()
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		v = v.Elem()
	}
	s = pick(s, v.Kind())
	switch v.Kind() {
	case reflect.String:
		v.SetString(sample(name, s))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(sampleInt(name))
	case reflect.Float64, reflect.Float32:
		v.SetFloat(1)
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		v.SetMapIndex(reflect.ValueOf("k").Convert(v.Type().Key()), reflect.ValueOf("v").Convert(v.Type().Elem()))
	case reflect.Slice:
		items, _ := s["items"].(map[string]any)
		sl := reflect.MakeSlice(v.Type(), 1, 1)
		e := sl.Index(0)
		if e.Kind() == reflect.Struct {
			fillStruct(t, op, name+"[0]", e, propsOf(items))
		} else {
			fillValue(t, op, name+"[0]", e, items)
		}
		v.Set(sl)
	case reflect.Struct:
		fillStruct(t, op, name, v, propsOf(s))
	default:
		t.Errorf("%s: cannot fill %s (%s)", op, name, v.Type())
	}
}

func propsOf(s map[string]any) map[string]any {
	p, _ := s["properties"].(map[string]any)
	return p
}

func sample(name string, s map[string]any) string {
	for _, e := range enumOf(s) {
		if e != "" {
			return e
		}
	}
	last := name[strings.LastIndex(name, "[")+1:]
	last = strings.TrimSuffix(last, "]")
	switch {
	case last == "currency":
		return "usd"
	case last == "country":
		return "US"
	case strings.Contains(last, "email"):
		return "jenny@example.com"
	case strings.HasSuffix(last, "url"):
		return "https://shop.example/return"
	case strings.Contains(last, "ip_address") || strings.HasSuffix(last, "_ip"):
		return "192.0.2.7"
	}
	return "x"
}

func sampleInt(name string) int64 {
	switch {
	case strings.HasSuffix(name, "exp_month]") || name == "exp_month":
		return 12
	case strings.HasSuffix(name, "exp_year]") || name == "exp_year":
		return 2030
	}
	return 1
}

// Unsendable fills params as Fill does and returns, instead of failing,
// what Fill would report: one line per field whose param the operation
// does not have. A resource whose params validation refuses such a field
// before sending (customer shipping's carrier) lists it here, and proves
// the refusal in its own test.
func Unsendable(t testing.TB, method, path string, params any) []string {
	t.Helper()
	c := &collector{TB: t}
	Fill(c, method, path, params)
	return c.lines
}

// collector is a testing.TB that keeps what Errorf reports.
type collector struct {
	testing.TB
	lines []string
}

func (c *collector) Errorf(format string, args ...any) {
	c.lines = append(c.lines, fmt.Sprintf(format, args...))
}

// Helper marks nothing: the collector is not a test.
func (c *collector) Helper() {}
