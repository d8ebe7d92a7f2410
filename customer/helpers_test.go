package customer

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/paykit/pay"
)

// apiPrefix is where the test mux is mounted: a request built with a wrong
// absolute path misses it and fails.
const apiPrefix = "/api-prefix"

const testKey = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"

// setup starts a test server whose mux handles the API under apiPrefix, and
// returns a customer client aimed at it (no retries) and the mux. Requests
// outside apiPrefix fail the test.
func setup(t *testing.T) (*Client, *http.ServeMux) {
	t.Helper()
	mux := http.NewServeMux()
	root := http.NewServeMux()
	root.Handle(apiPrefix+"/", http.StripPrefix(apiPrefix, mux))
	root.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside the API prefix: %s %s", r.Method, r.URL)
		http.NotFound(w, r)
	})
	srv := httptest.NewServer(root)
	t.Cleanup(srv.Close)
	pc := pay.NewClient(testKey, pay.WithBaseURL(srv.URL+apiPrefix), pay.WithMaxRetries(0))
	return NewClient(pc), mux
}

// countRequests makes every request to the mux count and fail, for tests
// that must not reach the server.
func countRequests(t *testing.T, mux *http.ServeMux) *atomic.Int32 {
	t.Helper()
	var n atomic.Int32
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		t.Errorf("unexpected request: %s %s", r.Method, r.URL)
		http.Error(w, `{"error":{"type":"api_error","message":"unexpected"}}`, http.StatusInternalServerError)
	})
	return &n
}

func testMethod(t *testing.T, r *http.Request, want string) {
	t.Helper()
	if r.Method != want {
		t.Errorf("method = %s, want %s", r.Method, want)
	}
}

func testHeader(t *testing.T, r *http.Request, key, want string) {
	t.Helper()
	if got := r.Header.Get(key); got != want {
		t.Errorf("header %s = %q, want %q", key, got, want)
	}
}

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// testGeneratedIdempotencyKey checks that a POST or DELETE carries a
// generated UUID v4 idempotency key.
func testGeneratedIdempotencyKey(t *testing.T, r *http.Request) {
	t.Helper()
	if k := r.Header.Get("Idempotency-Key"); !uuidV4.MatchString(k) {
		t.Errorf("Idempotency-Key = %q, want a generated UUID v4", k)
	}
}

// testCommonHeaders checks the headers every call sends.
func testCommonHeaders(t *testing.T, r *http.Request) {
	t.Helper()
	testHeader(t, r, "Authorization", "Bearer "+testKey)
	if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, "pay-go/") {
		t.Errorf("User-Agent = %q, want pay-go/...", ua)
	}
}

// testForm checks the decoded form body of a POST (order-free) and that
// nothing went in the query string.
func testForm(t *testing.T, r *http.Request, want url.Values) {
	t.Helper()
	testHeader(t, r, "Content-Type", "application/x-www-form-urlencoded")
	if r.URL.RawQuery != "" {
		t.Errorf("query = %q, want none on a POST", r.URL.RawQuery)
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
	diffValues(t, "form", got, want)
}

// testQuery checks the decoded query string of a GET or DELETE and that it
// has no body.
func testQuery(t *testing.T, r *http.Request, want url.Values) {
	t.Helper()
	body, _ := io.ReadAll(r.Body)
	if len(body) != 0 {
		t.Errorf("body = %q, want none", body)
	}
	diffValues(t, "query", r.URL.Query(), want)
}

func diffValues(t *testing.T, what string, got, want url.Values) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	keys := map[string]bool{}
	for k := range got {
		keys[k] = true
	}
	for k := range want {
		keys[k] = true
	}
	var diffs []string
	for k := range keys {
		g, w := got[k], want[k]
		if !slices.Equal(g, w) {
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
		q[i] = `"` + v + `"`
	}
	return "[" + strings.Join(q, " ") + "]"
}

// serveFixture writes testdata/name as a JSON response.
func serveFixture(t *testing.T, w http.ResponseWriter, name string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Errorf("fixture: %v", err)
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Request-Id", "req_test123")
	_, _ = w.Write(b)
}
