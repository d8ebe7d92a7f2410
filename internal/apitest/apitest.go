// Package apitest is the test support of the typed API packages (charge,
// customer, refund): a test server that serves the API under a prefix, a
// client aimed at it, assertions on the requests the client sends, and
// fixtures read from the calling package's testdata folder.
//
// Only tests import it. It imports nothing outside the standard library and
// github.com/paykit/pay.
package apitest

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/paykit/pay"
)

// Prefix is where [Setup] mounts the API mux, so that a request built with
// an absolute path instead of one under the base URL misses it and fails
// the test.
const Prefix = "/mounted"

// Key is the API key of the clients [Setup] returns.
const Key = "sk_test_51apitest000000000000000"

// RequestID is the Request-Id header [ServeFixture] answers with.
const RequestID = "req_test123"

// Setup starts a test server, closed by t.Cleanup, whose mux serves the API
// under [Prefix]; a request outside it fails the test with a 404. It returns
// a client aimed at the server with key [Key] and retries off (opts come
// after those and may change them), and the mux, for the test's handlers.
func Setup(t testing.TB, opts ...pay.Option) (*pay.Client, *http.ServeMux) {
	t.Helper()
	mux := http.NewServeMux()
	root := http.NewServeMux()
	root.Handle(Prefix+"/", http.StripPrefix(Prefix, mux))
	root.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside %s: %s %s", Prefix, r.Method, r.URL)
		http.NotFound(w, r)
	})
	srv := httptest.NewServer(root)
	t.Cleanup(srv.Close)
	all := append([]pay.Option{pay.WithBaseURL(srv.URL + Prefix), pay.WithMaxRetries(0)}, opts...)
	return pay.NewClient(Key, all...), mux
}

// SetupClient is [Setup] for a typed client: it returns newClient's client
// of the core client, such as charge.NewClient's, and the mux.
func SetupClient[C any](t testing.TB, newClient func(*pay.Client) C) (C, *http.ServeMux) {
	t.Helper()
	pc, mux := Setup(t)
	return newClient(pc), mux
}

// RefuseAll makes every request to mux fail the test (and get a 500), for
// tests that must not reach the server, and returns their count.
func RefuseAll(t testing.TB, mux *http.ServeMux) *atomic.Int32 {
	t.Helper()
	var n atomic.Int32
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		t.Errorf("request reached the server: %s %s", r.Method, r.URL)
		http.Error(w, `{"error":{"type":"api_error","message":"unexpected request"}}`, http.StatusInternalServerError)
	})
	return &n
}

// Request is what a test expects one request of the client to be.
type Request struct {
	// Method is the HTTP method.
	Method string
	// Params are the decoded params, order-free: the form body of a POST,
	// the query string otherwise. Nil means none.
	Params url.Values
	// IdempotencyKey is the Idempotency-Key a POST or DELETE carries; ""
	// means one the client generated (a UUID v4). A GET carries none.
	IdempotencyKey string
}

// Check checks r against want: the method, the params (see [Form] and
// [Query]) and the headers: the Bearer [Key], a pay-go User-Agent, the form
// Content-Type on a POST and none otherwise, and the Idempotency-Key.
func Check(t testing.TB, r *http.Request, want Request) {
	t.Helper()
	Method(t, r, want.Method)
	Header(t, r, "Authorization", "Bearer "+Key)
	if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, "pay-go/") {
		t.Errorf("User-Agent = %q, want pay-go/...", ua)
	}
	switch want.Method {
	case http.MethodPost:
		IdempotencyKey(t, r, want.IdempotencyKey)
		Form(t, r, want.Params)
	case http.MethodDelete:
		Header(t, r, "Content-Type", "")
		IdempotencyKey(t, r, want.IdempotencyKey)
		Query(t, r, want.Params)
	default:
		Header(t, r, "Content-Type", "")
		Header(t, r, "Idempotency-Key", "")
		Query(t, r, want.Params)
	}
}

// Handle registers a handler for pattern on mux that checks every request
// against want (see [Check]) and answers with testdata/fixture (see
// [ServeFixture]). It returns the count of requests served.
func Handle(t testing.TB, mux *http.ServeMux, pattern string, want Request, fixture string) *atomic.Int32 {
	t.Helper()
	var n atomic.Int32
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		Check(t, r, want)
		ServeFixture(t, w, fixture)
	})
	return &n
}

// Method checks the request's method.
func Method(t testing.TB, r *http.Request, want string) {
	t.Helper()
	if r.Method != want {
		t.Errorf("method = %s, want %s", r.Method, want)
	}
}

// Header checks one request header; want "" means absent.
func Header(t testing.TB, r *http.Request, key, want string) {
	t.Helper()
	if got := r.Header.Get(key); got != want {
		t.Errorf("header %s = %q, want %q", key, got, want)
	}
}

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// IdempotencyKey checks the request's Idempotency-Key: want, or a generated
// UUID v4 when want is "".
func IdempotencyKey(t testing.TB, r *http.Request, want string) {
	t.Helper()
	if want != "" {
		Header(t, r, "Idempotency-Key", want)
	} else if k := r.Header.Get("Idempotency-Key"); !uuidV4.MatchString(k) {
		t.Errorf("Idempotency-Key = %q, want a generated UUID v4", k)
	}
}

// Form checks the decoded form body of a POST, order-free, its form
// Content-Type, and that nothing went in the query string. Nil want means an
// empty body.
func Form(t testing.TB, r *http.Request, want url.Values) {
	t.Helper()
	Header(t, r, "Content-Type", "application/x-www-form-urlencoded")
	if r.URL.RawQuery != "" {
		t.Errorf("POST has a query string %q; params belong in the body", r.URL.RawQuery)
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		t.Errorf("reading body: %v", err)
		return
	}
	got, err := url.ParseQuery(string(body))
	if err != nil {
		t.Errorf("body %q is not a form: %v", body, err)
		return
	}
	Values(t, "form", got, want)
}

// Query checks the decoded query string of a GET or DELETE, order-free, and
// that the request has no body. Nil want means no query.
func Query(t testing.TB, r *http.Request, want url.Values) {
	t.Helper()
	if body, _ := io.ReadAll(r.Body); len(body) != 0 {
		t.Errorf("body = %q, want none", body)
	}
	Values(t, "query", r.URL.Query(), want)
}

// Values fails the test, naming what (the form, a query), for every key
// whose values differ between got and want; nil and empty are the same.
func Values(t testing.TB, what string, got, want url.Values) {
	t.Helper()
	keys := map[string]bool{}
	for k := range got {
		keys[k] = true
	}
	for k := range want {
		keys[k] = true
	}
	var diffs []string
	for k := range keys {
		if g, w := got[k], want[k]; !slices.Equal(g, w) {
			diffs = append(diffs, k+": got "+quoteAll(g)+", want "+quoteAll(w))
		}
	}
	if len(diffs) > 0 {
		slices.Sort(diffs)
		t.Errorf("%s differs:\n  %s", what, strings.Join(diffs, "\n  "))
	}
}

func quoteAll(vs []string) string {
	if vs == nil {
		return "(absent)"
	}
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = strconv.Quote(v)
	}
	return "[" + strings.Join(q, " ") + "]"
}

// Fixture returns testdata/name of the package under test, failing the test
// if it cannot be read.
func Fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ServeFixture answers with testdata/name as a 200 JSON response with
// Request-Id [RequestID]. It may run in a handler: a missing fixture fails
// the test and answers 500, without stopping the handler's goroutine.
func ServeFixture(t testing.TB, w http.ResponseWriter, name string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Errorf("fixture: %v", err)
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Request-Id", RequestID)
	_, _ = w.Write(b)
}

// ServePages registers a list endpoint on mux at path that serves
// testdata/list_page1.json, or testdata/list_page2.json to a request with
// starting_after=cursor. Each request must be a GET (see [Check]) whose
// query is filters plus, on page 2, starting_after. It returns the count of
// requests served.
func ServePages(t testing.TB, mux *http.ServeMux, path string, filters url.Values, cursor string) *atomic.Int32 {
	t.Helper()
	var n atomic.Int32
	mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		want := url.Values{}
		for k, v := range filters {
			want[k] = v
		}
		page := "list_page1.json"
		if r.URL.Query().Has("starting_after") {
			want.Set("starting_after", cursor)
			page = "list_page2.json"
		}
		Check(t, r, Request{Method: http.MethodGet, Params: want})
		ServeFixture(t, w, page)
	})
	return &n
}

// WantInvalid checks that err is the *pay.Error a call returns for bad
// input before sending anything: an invalid_request_error for param, with
// a message and no HTTP status.
func WantInvalid(t testing.TB, err error, param string) {
	t.Helper()
	var pe *pay.Error
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v (%T), want *pay.Error", err, err)
	}
	if pe.Type != pay.ErrorTypeInvalidRequest || pe.Param != param || pe.StatusCode != 0 || pe.Message == "" {
		t.Errorf("err = {Type: %q, Param: %q, StatusCode: %d, Message: %q}, want {invalid_request_error, %q, 0, a message}",
			pe.Type, pe.Param, pe.StatusCode, pe.Message, param)
	}
}

// BadInput is a call of a client of type C that must fail before sending
// anything, with an invalid_request_error for Param.
type BadInput[C any] struct {
	Name  string
	Call  func(C) error
	Param string
}

// WantBadInput runs every case as a subtest, calling it on a client of its
// own (newClient's, on [Setup]'s server, which refuses every request) and
// checking its error with [WantInvalid] and that no request was sent.
func WantBadInput[C any](t *testing.T, newClient func(*pay.Client) C, cases []BadInput[C]) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.Name, func(t *testing.T) {
			c, mux := SetupClient(t, newClient)
			n := RefuseAll(t, mux)
			WantInvalid(t, tt.Call(c), tt.Param)
			if got := n.Load(); got != 0 {
				t.Errorf("requests = %d, want 0: bad input was sent", got)
			}
		})
	}
}
