package apitest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
)

func wantFailure(t *testing.T, name string, fails []string, substr string) {
	t.Helper()
	if substr == "" {
		assert.Empty(t, fails, name)
		return
	}
	assert.True(t, slices.ContainsFunc(fails, func(f string) bool { return strings.Contains(f, substr) }),
		"%s: failures %q, want one containing %q", name, fails, substr)
}

func newRequest(method, target, body string, header map[string]string) *http.Request {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	for k, v := range header {
		r.Header.Set(k, v)
	}
	return r
}

func TestCheck_ReportsEveryDeviation(t *testing.T) {
	post := map[string]string{
		"Authorization": "Bearer " + Key, "User-Agent": "pay-go/0.1.0",
		"Content-Type": "application/x-www-form-urlencoded", "Idempotency-Key": "6f1f4a58-3b7e-4c2d-9a43-1c2b3d4e5f60",
	}
	with := func(h map[string]string, k, v string) map[string]string {
		out := map[string]string{}
		for hk, hv := range h {
			out[hk] = hv
		}
		if v == "" {
			delete(out, k)
		} else {
			out[k] = v
		}
		return out
	}
	get := with(with(post, "Content-Type", ""), "Idempotency-Key", "")
	form := url.Values{"amount": {"100"}, "metadata[a]": {""}}
	tests := []struct {
		name string
		r    *http.Request
		want Request
		fail string // a failure must contain it; "" for none
	}{
		{"good POST", newRequest("POST", "/v1/charges", "amount=100&metadata%5Ba%5D=", post), Request{Method: "POST", Params: form}, ""},
		{"good POST with a caller's key", newRequest("POST", "/v1/charges", "", with(post, "Idempotency-Key", "k1")), Request{Method: "POST", IdempotencyKey: "k1"}, ""},
		{"good GET", newRequest("GET", "/v1/charges?limit=3", "", get), Request{Method: "GET", Params: url.Values{"limit": {"3"}}}, ""},
		{"good DELETE", newRequest("DELETE", "/v1/customers/cus_1", "", with(get, "Idempotency-Key", "k2")), Request{Method: "DELETE", IdempotencyKey: "k2"}, ""},
		{"wrong method", newRequest("PUT", "/v1/charges", "amount=100&metadata%5Ba%5D=", post), Request{Method: "POST", Params: form}, "method = PUT"},
		{"wrong key", newRequest("GET", "/v1/charges", "", with(get, "Authorization", "Bearer sk_other")), Request{Method: "GET"}, "header Authorization"},
		{"no user agent", newRequest("GET", "/v1/charges", "", with(get, "User-Agent", "Go-http-client/1.1")), Request{Method: "GET"}, "User-Agent"},
		{"param missing", newRequest("POST", "/v1/charges", "amount=100", post), Request{Method: "POST", Params: form}, `metadata[a]: got (absent), want [""]`},
		{"param extra", newRequest("POST", "/v1/charges", "amount=100&metadata%5Ba%5D=&x=1", post), Request{Method: "POST", Params: form}, `x: got ["1"], want (absent)`},
		{"param value", newRequest("GET", "/v1/charges?limit=4", "", get), Request{Method: "GET", Params: url.Values{"limit": {"3"}}}, `limit: got ["4"]`},
		{"POST params in the query", newRequest("POST", "/v1/charges?amount=100", "", post), Request{Method: "POST", Params: url.Values{"amount": {"100"}}}, "query string"},
		{"POST not a form", newRequest("POST", "/v1/charges", "a=%zz", post), Request{Method: "POST"}, "not a form"},
		{"POST without content type", newRequest("POST", "/v1/charges", "", with(post, "Content-Type", "")), Request{Method: "POST"}, "header Content-Type"},
		{"POST without key", newRequest("POST", "/v1/charges", "", with(post, "Idempotency-Key", "")), Request{Method: "POST"}, "want a generated UUID v4"},
		{"POST key not a UUID v4", newRequest("POST", "/v1/charges", "", with(post, "Idempotency-Key", "6f1f4a58-3b7e-1c2d-9a43-1c2b3d4e5f60")), Request{Method: "POST"}, "want a generated UUID v4"},
		{"POST other key", newRequest("POST", "/v1/charges", "", post), Request{Method: "POST", IdempotencyKey: "k1"}, "header Idempotency-Key"},
		{"GET with a key", newRequest("GET", "/v1/charges", "", with(get, "Idempotency-Key", "k")), Request{Method: "GET"}, "header Idempotency-Key"},
		{"GET with a body", newRequest("GET", "/v1/charges", "a=1", get), Request{Method: "GET"}, "want none"},
		{"GET with a content type", newRequest("GET", "/v1/charges", "", with(get, "Content-Type", "text/plain")), Request{Method: "GET"}, "header Content-Type"},
		{"DELETE without key", newRequest("DELETE", "/v1/customers/cus_1", "", get), Request{Method: "DELETE"}, "want a generated UUID v4"},
	}
	for _, tt := range tests {
		wantFailure(t, tt.name, Failures(t, func(tb testing.TB) { Check(tb, tt.r, tt.want) }), tt.fail)
	}
}

func TestValues_NilIsEmpty(t *testing.T) {
	wantFailure(t, "nil and empty", Failures(t, func(tb testing.TB) { Values(tb, "q", nil, url.Values{}) }), "")
	wantFailure(t, "empty value is not absent", Failures(t, func(tb testing.TB) { Values(tb, "q", url.Values{"a": {""}}, nil) }), `a: got [""], want (absent)`)
	wantFailure(t, "order of a key's values", Failures(t, func(tb testing.TB) {
		Values(tb, "q", url.Values{"a": {"1", "2"}}, url.Values{"a": {"2", "1"}})
	}), "q differs")
}

func TestSetup_RequestOutsidePrefixFails(t *testing.T) {
	// The core client builds every path under its base URL, so only a
	// transport that drops the prefix can miss it.
	dropPrefix := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		r = r.Clone(r.Context())
		r.URL.Path = strings.TrimPrefix(r.URL.Path, Prefix)
		return http.DefaultTransport.RoundTrip(r)
	})
	var status int
	fails := Failures(t, func(tb testing.TB) {
		pc, mux := Setup(tb, pay.WithHTTPClient(&http.Client{Transport: dropPrefix}))
		Handle(tb, mux, "/v1/charges", Request{Method: http.MethodGet}, "list_page1.json")
		err := pc.Do(context.Background(), http.MethodGet, "/v1/charges", nil, nil)
		var pe *pay.Error
		if errors.As(err, &pe) {
			status = pe.StatusCode
		}
	})
	wantFailure(t, "outside the prefix", fails, "request outside /mounted: GET /v1/charges")
	assert.Equal(t, http.StatusNotFound, status, "status")
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestRefuseAll_CountsAndFails(t *testing.T) {
	var n int32
	fails := Failures(t, func(tb testing.TB) {
		pc, mux := Setup(tb)
		count := RefuseAll(tb, mux)
		err := pc.Do(context.Background(), http.MethodGet, "/v1/charges/ch_1", nil, nil)
		assert.Error(tb, err, "Do: want the 500")
		n = count.Load()
	})
	wantFailure(t, "request", fails, "request reached the server: GET /v1/charges/ch_1")
	assert.EqualValues(t, 1, n, "count")
}

func TestHandle_ChecksAndServesFixture(t *testing.T) {
	pc, mux := Setup(t)
	n := Handle(t, mux, "/v1/charges", Request{Method: http.MethodPost, Params: url.Values{"amount": {"100"}}, IdempotencyKey: "k1"}, "list_page1.json")
	var resp pay.Response
	var got struct {
		Object string `json:"object"`
	}
	err := pc.Do(context.Background(), http.MethodPost, "/v1/charges", url.Values{"amount": {"100"}}, &got,
		pay.IdempotencyKey("k1"), pay.ResponseInto(&resp))
	require.NoError(t, err)
	assert.EqualValues(t, 1, n.Load(), "requests")
	assert.Equal(t, "list", got.Object)
	assert.Equal(t, RequestID, resp.RequestID)
}

func TestServePages_ServesByCursor(t *testing.T) {
	pc, mux := Setup(t)
	n := ServePages(t, mux, "/v1/charges", url.Values{"limit": {"1"}}, "ch_2")
	var pages []string
	for _, q := range []url.Values{{"limit": {"1"}}, {"limit": {"1"}, "starting_after": {"ch_2"}}} {
		var page struct {
			URL string `json:"url"`
		}
		require.NoError(t, pc.Do(context.Background(), http.MethodGet, "/v1/charges", q, &page))
		pages = append(pages, page.URL)
	}
	assert.EqualValues(t, 2, n.Load(), "requests")
	assert.Equal(t, []string{"/v1/page1", "/v1/page2"}, pages)
	fails := Failures(t, func(tb testing.TB) {
		pc, mux := Setup(tb)
		ServePages(tb, mux, "/v1/charges", url.Values{"limit": {"1"}}, "ch_2")
		_ = pc.Do(context.Background(), http.MethodGet, "/v1/charges", url.Values{"limit": {"1"}, "starting_after": {"ch_9"}}, nil)
	})
	wantFailure(t, "wrong cursor", fails, `starting_after: got ["ch_9"], want ["ch_2"]`)
}

func TestWantInvalid(t *testing.T) {
	tests := []struct {
		name string
		err  error
		fail string
	}{
		{"pre-send error", &pay.Error{Type: pay.ErrorTypeInvalidRequest, Param: "amount", Message: "amount must be positive"}, ""},
		{"other param", &pay.Error{Type: pay.ErrorTypeInvalidRequest, Param: "currency", Message: "m"}, `Param: "currency"`},
		{"sent to the API", &pay.Error{Type: pay.ErrorTypeInvalidRequest, Param: "amount", Message: "m", StatusCode: 400}, "StatusCode: 400"},
		{"no message", &pay.Error{Type: pay.ErrorTypeInvalidRequest, Param: "amount"}, `Message: ""`},
		{"not a *pay.Error", fmt.Errorf("boom"), "want *pay.Error"},
		{"nil", nil, "want *pay.Error"},
	}
	for _, tt := range tests {
		wantFailure(t, tt.name, Failures(t, func(tb testing.TB) { WantInvalid(tb, tt.err, "amount") }), tt.fail)
	}
}

func TestFixture_MissingFails(t *testing.T) {
	wantFailure(t, "missing", Failures(t, func(tb testing.TB) { Fixture(tb, "nope.json") }), "nope.json")
	assert.Contains(t, string(Fixture(t, "list_page1.json")), `"object": "list"`)
}

func TestFailures_RecordsAndFatalEndsOnlyFn(t *testing.T) {
	after := false
	fails := Failures(t, func(tb testing.TB) {
		tb.Errorf("one %d", 1)
		tb.Error("two")
		if !tb.Failed() {
			tb.Error("Failed = false after a failure")
		}
		tb.Fatalf("three")
		after = true
	})
	assert.Equal(t, []string{"one 1", "two", "three"}, fails)
	assert.False(t, after, "fn ran on after Fatal")
	assert.Nil(t, Failures(t, func(tb testing.TB) {}))
}

func TestWantBadInput_RunsEachCaseOnItsOwnClient(t *testing.T) {
	var clients []*pay.Client
	same := func(pc *pay.Client) *pay.Client { clients = append(clients, pc); return pc }
	invalid := func(param string) func(*pay.Client) error {
		return func(*pay.Client) error {
			return &pay.Error{Type: pay.ErrorTypeInvalidRequest, Param: param, Message: param + " is invalid"}
		}
	}
	WantBadInput(t, same, []BadInput[*pay.Client]{
		{"amount", invalid("amount"), "amount"},
		{"currency", invalid("currency"), "currency"},
	})
	require.Len(t, clients, 2)
	assert.NotSame(t, clients[0], clients[1], "want a client per case")
}
