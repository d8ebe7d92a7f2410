package conformance

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Recorder is an http.RoundTripper that notes the param names every
// request carried, by endpoint, and keeps the last response body, so that
// it can be compared with what the call decoded.
type Recorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	sent map[string]map[string]bool // "POST /v1/charges/{id}" -> param names
	last []byte
}

// NewRecorder returns a Recorder that sends requests with next.
func NewRecorder(next http.RoundTripper) *Recorder {
	return &Recorder{next: next, sent: map[string]map[string]bool{}}
}

// RoundTrip sends req with the next transport and records its params (of
// the query and the form body) and the response body.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	params := req.URL.Query()
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(b))
		form, err := url.ParseQuery(string(b))
		if err != nil {
			return nil, fmt.Errorf("request body %q is not a form: %w", b, err)
		}
		for k, v := range form {
			params[k] = append(params[k], v...)
		}
	}
	resp, err := r.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))

	r.mu.Lock()
	defer r.mu.Unlock()
	r.last = body
	ep := Endpoint(req.Method, req.URL.Path)
	if r.sent[ep] == nil {
		r.sent[ep] = map[string]bool{}
	}
	for k := range params {
		r.sent[ep][k] = true
	}
	return resp, nil
}

// Endpoint names a request by method and path, with the object id (the
// third path segment) as {id}: "POST /v1/charges/{id}/capture".
func Endpoint(method, path string) string {
	parts := strings.Split(path, "/") // "", "v1", "charges", id, ...
	if len(parts) > 3 {
		parts[3] = "{id}"
	}
	return method + " " + strings.Join(parts, "/")
}

// LastBody returns the body of the last response.
func (r *Recorder) LastBody() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}

// Sent returns the sorted param names the requests to endpoint carried.
func (r *Recorder) Sent(endpoint string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Sorted(maps.Keys(r.sent[endpoint]))
}

// WantEveryParamSent fails the test for every field of the params struct
// (see [ParamNames]) that no request to endpoint carried, so that a field
// added later cannot go untried against stripe-mock. A map or slice field,
// sent as name[key] or name[i], counts as carried by any of those, or by
// name alone (an empty map unsetting all).
func (r *Recorder) WantEveryParamSent(t testing.TB, endpoint string, params any) {
	t.Helper()
	sent := r.Sent(endpoint)
	for _, name := range ParamNames(reflect.TypeOf(params)) {
		carried := slices.ContainsFunc(sent, func(s string) bool { return s == name || strings.HasPrefix(s, name+"[") })
		if !carried {
			t.Errorf("%s: no request carried %s; set it in a case (sent: %v)", endpoint, name, sent)
		}
	}
}

// ParamNames lists the form names the fields of a params struct type are
// sent as, from their url tags: shipping[address][line1], created[gte], ...
// The fields of embedded structs (exported or not, as the form encoder
// sees them) count as the struct's own; a pointer counts as what it points
// to.
func ParamNames(t reflect.Type) []string {
	return paramNames(t, "")
}

func paramNames(t reflect.Type, prefix string) []string {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("url"), ",")
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch {
		case name == "-" || !f.IsExported() && !f.Anonymous:
			continue
		case f.Anonymous && name == "":
			names = append(names, paramNames(ft, prefix)...)
			continue
		case prefix != "":
			name = prefix + "[" + name + "]"
		}
		if ft.Kind() == reflect.Struct {
			names = append(names, paramNames(ft, name)...)
		} else {
			names = append(names, name)
		}
	}
	return names
}
