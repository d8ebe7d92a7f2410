package refund_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/paykit/pay"
	"github.com/paykit/pay/refund"
)

// prefix is where the test mux is mounted, so a request built with a wrong
// absolute path misses it and fails the test.
const prefix = "/mounted"

const testKey = "sk_test_51refund0000000000000000"

// setup starts one test server per test, whose mux serves the API under
// prefix, and returns a refund client aimed at it (retries off) and the mux.
func setup(t *testing.T) (*refund.Client, *http.ServeMux) {
	t.Helper()
	mux := http.NewServeMux()
	root := http.NewServeMux()
	root.Handle(prefix+"/", http.StripPrefix(prefix, mux))
	root.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside %s: %s %s", prefix, r.Method, r.URL)
		http.NotFound(w, r)
	})
	srv := httptest.NewServer(root)
	t.Cleanup(srv.Close)
	pc := pay.NewClient(testKey, pay.WithBaseURL(srv.URL+prefix), pay.WithMaxRetries(0))
	return refund.NewClient(pc), mux
}

// refuseAll makes the mux fail the test on any request and counts them.
func refuseAll(t *testing.T, mux *http.ServeMux) *atomic.Int32 {
	t.Helper()
	var n atomic.Int32
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		t.Errorf("request reached the server: %s %s", r.Method, r.URL)
		w.WriteHeader(http.StatusInternalServerError)
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

// testPostHeaders checks the headers of a POST: auth, form content type, and
// an idempotency key (want, or a generated UUID v4 when want is "").
func testPostHeaders(t *testing.T, r *http.Request, wantKey string) {
	t.Helper()
	testHeader(t, r, "Authorization", "Bearer "+testKey)
	testHeader(t, r, "Content-Type", "application/x-www-form-urlencoded")
	if wantKey != "" {
		testHeader(t, r, "Idempotency-Key", wantKey)
	} else if k := r.Header.Get("Idempotency-Key"); !uuidV4.MatchString(k) {
		t.Errorf("Idempotency-Key = %q, want a generated UUID v4", k)
	}
}

// testGetHeaders checks the headers of a GET: auth, and no body headers or
// idempotency key.
func testGetHeaders(t *testing.T, r *http.Request) {
	t.Helper()
	testHeader(t, r, "Authorization", "Bearer "+testKey)
	testHeader(t, r, "Content-Type", "")
	testHeader(t, r, "Idempotency-Key", "")
}

// testForm checks the decoded request params, order-free: the form body of
// a POST (which must have no query), the query string otherwise.
func testForm(t *testing.T, r *http.Request, want url.Values) {
	t.Helper()
	var got url.Values
	if r.Method == http.MethodPost {
		if r.URL.RawQuery != "" {
			t.Errorf("POST has a query string %q; params belong in the body", r.URL.RawQuery)
		}
		b, err := io.ReadAll(r.Body)
		if err != nil {
			t.Fatalf("reading body: %v", err)
		}
		got, err = url.ParseQuery(string(b))
		if err != nil {
			t.Fatalf("body %q is not a form: %v", b, err)
		}
	} else {
		got = r.URL.Query()
	}
	if want == nil {
		want = url.Values{}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("params differ\n got: %s\nwant: %s", sortedForm(got), sortedForm(want))
	}
}

func sortedForm(v url.Values) string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString("\n  " + k + "=" + strings.Join(v[k], ","))
	}
	return b.String()
}

// fixture returns a file under testdata.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// serveFixture writes a testdata file as a 200 JSON response.
func serveFixture(t testing.TB, w http.ResponseWriter, name string) {
	t.Helper()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Request-Id", "req_test")
	_, _ = w.Write(fixture(t, name))
}

// wantInvalid checks that err is a pre-send *pay.Error for param.
func wantInvalid(t *testing.T, err error, param string) {
	t.Helper()
	var pe *pay.Error
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v (%T), want *pay.Error", err, err)
	}
	if pe.Type != pay.ErrorTypeInvalidRequest || pe.Param != param || pe.StatusCode != 0 {
		t.Errorf("err = {Type: %q, Param: %q, StatusCode: %d}, want {invalid_request_error, %q, 0}", pe.Type, pe.Param, pe.StatusCode, param)
	}
}

func eq[T comparable](t *testing.T, name string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", name, got, want)
	}
}
