package pay

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testKey is the key every test client uses; no output may contain it.
const testKey = "sk_test_51HvYq2KZ8dXsecretSECRET0123456789"

// baseURLPath is where setup mounts the API, so that a request built with an
// absolute path instead of one under the base URL 404s.
const baseURLPath = "/api-prefix"

// setup starts an httptest server with a mux mounted under baseURLPath and
// returns a client aimed at it, with retry waits short enough for tests.
func setup(t *testing.T, opts ...Option) (*Client, *http.ServeMux) {
	t.Helper()
	mux := http.NewServeMux()
	api := http.NewServeMux()
	api.Handle(baseURLPath+"/", http.StripPrefix(baseURLPath, mux))
	api.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside the base URL: %s %s", r.Method, r.URL)
		http.Error(w, "outside the base URL", http.StatusNotFound)
	})
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	all := append([]Option{WithBaseURL(srv.URL + baseURLPath), WithRetryWait(time.Millisecond, 5*time.Millisecond)}, opts...)
	return NewClient(testKey, all...), mux
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

// testForm checks the decoded form body of r, order-free.
func testForm(t *testing.T, r *http.Request, want url.Values) {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatalf("reading body: %v", err)
	}
	got, err := url.ParseQuery(string(b))
	if err != nil {
		t.Fatalf("body %q: %v", b, err)
	}
	testValues(t, "body", got, want)
}

// testQuery checks the decoded query string of r, order-free.
func testQuery(t *testing.T, r *http.Request, want url.Values) {
	t.Helper()
	testValues(t, "query", r.URL.Query(), want)
}

func testValues(t *testing.T, what string, got, want url.Values) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if got.Encode() != want.Encode() {
		t.Errorf("%s:\n got %s\nwant %s", what, got.Encode(), want.Encode())
	}
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

type object struct {
	ID     string `json:"id"`
	Amount int64  `json:"amount"`
}

type testParams struct {
	Amount   int64    `url:"amount,omitempty"`
	Currency string   `url:"currency,omitempty"`
	Capture  *bool    `url:"capture,omitempty"`
	Metadata Metadata `url:"metadata"`
}

func TestDo_PostHeadersAndBody(t *testing.T) {
	c, mux := setup(t,
		WithAPIVersion("2024-06-20"),
		WithStripeAccount("acct_default"),
		WithAppInfo("MyShop", "1.2.3", "https://shop.example"),
	)
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "POST")
		testHeader(t, r, "Authorization", "Bearer "+testKey)
		testHeader(t, r, "Content-Type", "application/x-www-form-urlencoded")
		testHeader(t, r, "Accept", "application/json")
		testHeader(t, r, "Stripe-Version", "2024-06-20")
		testHeader(t, r, "Stripe-Account", "acct_default")
		ua := r.Header.Get("User-Agent")
		if !regexp.MustCompile(`^pay-go/` + regexp.QuoteMeta(Version) + `\b.* MyShop/1\.2\.3 \(https://shop\.example\)$`).MatchString(ua) {
			t.Errorf("User-Agent = %q", ua)
		}
		if r.URL.RawQuery != "" {
			t.Errorf("POST has a query string %q", r.URL.RawQuery)
		}
		testForm(t, r, url.Values{
			"amount": {"2000"}, "currency": {"usd"}, "capture": {"false"}, "metadata[order_id]": {"6735"},
		})
		writeJSON(w, 200, `{"id":"ch_1","amount":2000}`)
	})
	var out object
	err := c.Do(context.Background(), "POST", "/v1/charges",
		&testParams{Amount: 2000, Currency: "usd", Capture: Bool(false), Metadata: Metadata{"order_id": "6735"}}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if out != (object{ID: "ch_1", Amount: 2000}) {
		t.Errorf("out = %+v", out)
	}
}

func TestDo_DefaultHeaders(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/charges/ch_1", func(w http.ResponseWriter, r *http.Request) {
		for _, h := range []string{"Stripe-Account", "Content-Type", "Idempotency-Key"} {
			if v, ok := r.Header[h]; ok {
				t.Errorf("GET sent %s: %q", h, v)
			}
		}
		// The types follow APIVersion, so every request asks for it.
		testHeader(t, r, "Stripe-Version", APIVersion)
		ua := r.Header.Get("User-Agent")
		if !strings.HasPrefix(ua, "pay-go/"+Version) {
			t.Errorf("User-Agent = %q", ua)
		}
		writeJSON(w, 200, `{"id":"ch_1"}`)
	})
	if err := c.Do(context.Background(), "GET", "/v1/charges/ch_1", nil, nil); err != nil {
		t.Fatal(err)
	}
}

func TestDo_StripeAccountPerCall(t *testing.T) {
	tests := []struct {
		name   string
		client []Option
		call   []RequestOption
		want   string
	}{
		{"none", nil, nil, ""},
		{"client default", []Option{WithStripeAccount("acct_a")}, nil, "acct_a"},
		{"per call", nil, []RequestOption{StripeAccount("acct_b")}, "acct_b"},
		{"per call overrides client", []Option{WithStripeAccount("acct_a")}, []RequestOption{StripeAccount("acct_b")}, "acct_b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t, tt.client...)
			mux.HandleFunc("/v1/x", func(w http.ResponseWriter, r *http.Request) {
				testHeader(t, r, "Stripe-Account", tt.want)
				writeJSON(w, 200, `{}`)
			})
			if err := c.Do(context.Background(), "POST", "/v1/x", nil, nil, tt.call...); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestDo_GetParamsInQuery(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "GET")
		testQuery(t, r, url.Values{"amount": {"5"}, "currency": {"eur"}, "expand[0]": {"data.customer"}, "expand[1]": {"data.balance_transaction"}})
		if b, _ := io.ReadAll(r.Body); len(b) != 0 {
			t.Errorf("GET has a body %q", b)
		}
		writeJSON(w, 200, `{}`)
	})
	err := c.Do(context.Background(), "GET", "/v1/charges", &testParams{Amount: 5, Currency: "eur"}, nil,
		Expand("data.customer"), Expand("data.balance_transaction"))
	if err != nil {
		t.Fatal(err)
	}
}

func TestDo_ExpandInBody(t *testing.T) {
	tests := []struct {
		name   string
		params any
		want   url.Values
	}{
		{"nil params", nil, url.Values{"expand[0]": {"customer"}, "expand[1]": {"balance_transaction"}}},
		{"struct params", &testParams{Amount: 1}, url.Values{"amount": {"1"}, "expand[0]": {"customer"}, "expand[1]": {"balance_transaction"}}},
		{"values already expanding", url.Values{"expand[0]": {"source"}}, url.Values{"expand[0]": {"source"}, "expand[1]": {"customer"}, "expand[2]": {"balance_transaction"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
				testForm(t, r, tt.want)
				writeJSON(w, 200, `{}`)
			})
			if err := c.Do(context.Background(), "POST", "/v1/charges", tt.params, nil, Expand("customer", "balance_transaction")); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestDo_DoesNotModifyValuesParams(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{}`) })
	params := url.Values{"amount": {"1"}}
	if err := c.Do(context.Background(), "POST", "/v1/charges", params, nil, Expand("customer")); err != nil {
		t.Fatal(err)
	}
	if got := params.Encode(); got != "amount=1" {
		t.Errorf("params changed to %s", got)
	}
}

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestDo_IdempotencyKey(t *testing.T) {
	tests := []struct {
		method  string
		callKey string
		want    string // "uuid" for a generated key, "" for none
	}{
		{"POST", "", "uuid"},
		{"DELETE", "", "uuid"},
		{"POST", "order-6735", "order-6735"},
		{"DELETE", "Order 6735 / retry#1", "Order 6735 / retry#1"},
		{"GET", "", ""},
		{"GET", "order-6735", ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+"/"+tt.callKey, func(t *testing.T) {
			c, mux := setup(t)
			var got []string
			mux.HandleFunc("/v1/x", func(w http.ResponseWriter, r *http.Request) {
				got = append(got, r.Header.Get("Idempotency-Key"))
				writeJSON(w, 200, `{}`)
			})
			var opts []RequestOption
			if tt.callKey != "" {
				opts = append(opts, IdempotencyKey(tt.callKey))
			}
			var resp Response
			for range 2 {
				if err := c.Do(context.Background(), tt.method, "/v1/x", nil, nil, append(opts, ResponseInto(&resp))...); err != nil {
					t.Fatal(err)
				}
			}
			switch tt.want {
			case "uuid":
				for _, k := range got {
					if !uuidV4.MatchString(k) {
						t.Errorf("generated key %q is not a UUID v4", k)
					}
				}
				if got[0] == got[1] {
					t.Errorf("two calls share the generated key %q", got[0])
				}
				if resp.IdempotencyKey != got[1] {
					t.Errorf("Response.IdempotencyKey = %q, sent %q", resp.IdempotencyKey, got[1])
				}
			default:
				for _, k := range got {
					if k != tt.want {
						t.Errorf("Idempotency-Key = %q, want %q", k, tt.want)
					}
				}
				if resp.IdempotencyKey != tt.want {
					t.Errorf("Response.IdempotencyKey = %q, want %q", resp.IdempotencyKey, tt.want)
				}
			}
		})
	}
}

func TestNewIdempotencyKey_UUIDv4(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		k := newIdempotencyKey()
		if !uuidV4.MatchString(k) {
			t.Fatalf("%q is not a UUID v4", k)
		}
		if seen[k] {
			t.Fatalf("duplicate key %q", k)
		}
		seen[k] = true
	}
}

func TestDo_ResponseInto(t *testing.T) {
	c, mux := setup(t)
	var n atomic.Int32
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Request-Id", "req_first")
			writeJSON(w, 503, `{"error":{"type":"api_error","message":"try again"}}`)
			return
		}
		w.Header().Set("Request-Id", "req_123")
		w.Header().Set("Idempotent-Replayed", "true")
		w.Header().Set("X-Custom", "yes")
		writeJSON(w, 200, `{"id":"ch_1"}`)
	})
	var resp Response
	var out object
	err := c.Do(context.Background(), "POST", "/v1/charges", nil, &out, IdempotencyKey("k-1"), ResponseInto(&resp))
	if err != nil {
		t.Fatal(err)
	}
	if resp.RequestID != "req_123" || resp.StatusCode != 200 || resp.IdempotencyKey != "k-1" || !resp.Replayed || resp.Attempts != 2 {
		t.Errorf("Response = %+v", resp)
	}
	if resp.Header.Get("X-Custom") != "yes" {
		t.Errorf("Response.Header = %v", resp.Header)
	}
}

func TestDo_ResponseIntoOnError(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Request-Id", "req_404")
		writeJSON(w, 404, `{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such charge"}}`)
	})
	var resp Response
	err := c.Do(context.Background(), "GET", "/v1/charges", nil, nil, ResponseInto(&resp))
	if err == nil {
		t.Fatal("want an error")
	}
	if resp.RequestID != "req_404" || resp.StatusCode != 404 || resp.Replayed || resp.Attempts != 1 || resp.IdempotencyKey != "" {
		t.Errorf("Response = %+v", resp)
	}
}

func TestClient_FmtNeverShowsKey(t *testing.T) {
	c := NewClient(testKey, WithBaseURL("http://127.0.0.1:1"))
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%T %p"} {
		for _, v := range []any{c, *c, c.key, []any{c}, struct{ C *Client }{c}} {
			out := fmt.Sprintf(verb, v)
			if strings.Contains(out, testKey) || strings.Contains(out, testKey[8:]) {
				t.Errorf("Sprintf(%s, %T) shows the key: %s", verb, v, out)
			}
		}
	}
	if got := c.String(); !strings.Contains(got, "sk_test_[redacted]") {
		t.Errorf("String() = %q, want the key's kind and [redacted]", got)
	}
	b, err := json.Marshal(struct{ K *secret }{c.key})
	if err != nil || bytes.Contains(b, []byte(testKey)) {
		t.Errorf("json.Marshal = %s, %v", b, err)
	}
}

func TestClient_LogsNeverShowKey(t *testing.T) {
	for _, handler := range []string{"text", "json"} {
		t.Run(handler, func(t *testing.T) {
			var buf bytes.Buffer
			var mu sync.Mutex
			w := writerFunc(func(p []byte) (int, error) { mu.Lock(); defer mu.Unlock(); return buf.Write(p) })
			hopts := &slog.HandlerOptions{Level: slog.LevelDebug, AddSource: true}
			var h slog.Handler = slog.NewTextHandler(w, hopts)
			if handler == "json" {
				h = slog.NewJSONHandler(w, hopts)
			}
			logger := slog.New(h)
			c, mux := setup(t, WithLogger(logger), WithMaxRetries(1))
			mux.HandleFunc("/v1/ok", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Request-Id", "req_ok")
				writeJSON(w, 200, `{}`)
			})
			mux.HandleFunc("/v1/retry", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 500, `{"error":{"type":"api_error"}}`) })
			mux.HandleFunc("/v1/bad", func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 401, `{"error":{"type":"invalid_request_error","message":"Invalid API Key provided: `+testKey+`"}}`)
			})
			mux.HandleFunc("/v1/drop", func(w http.ResponseWriter, r *http.Request) { hijackClose(t, w) })
			ctx := context.Background()
			var errs []error
			errs = append(errs, c.Do(ctx, "POST", "/v1/ok", &testParams{Amount: 1}, nil))
			errs = append(errs, c.Do(ctx, "GET", "/v1/retry", nil, nil))
			errs = append(errs, c.Do(ctx, "POST", "/v1/bad", nil, nil))
			errs = append(errs, c.Do(ctx, "DELETE", "/v1/drop", nil, nil))
			for _, lvl := range []slog.Level{slog.LevelDebug, slog.LevelInfo, slog.LevelWarn, slog.LevelError} {
				logger.Log(ctx, lvl, "the client", "client", c, "key", c.key)
			}
			for _, err := range errs[1:] {
				if err == nil {
					t.Fatal("want errors from the failing calls")
				}
				logger.Error("call failed", "err", err)
			}
			mu.Lock()
			out := buf.String()
			mu.Unlock()
			if strings.Contains(out, testKey) || strings.Contains(out, testKey[8:]) {
				t.Errorf("log output shows the key:\n%s", out)
			}
			for _, want := range []string{"/v1/ok", "/v1/retry", "req_ok", "redacted"} {
				if !strings.Contains(out, want) {
					t.Errorf("log output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// hijackClose drops the connection without a response.
func hijackClose(t *testing.T, w http.ResponseWriter) {
	t.Helper()
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	conn.Close()
}

func TestDo_ErrorsNeverShowKey(t *testing.T) {
	c, mux := setup(t, WithMaxRetries(0))
	mux.HandleFunc("/v1/echo", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 401, `{"error":{"type":"invalid_request_error","message":"bad key `+testKey+`","param":"`+testKey+`"}}`)
	})
	mux.HandleFunc("/v1/html", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(502)
		io.WriteString(w, "<html>"+r.Header.Get("Authorization")+"</html>")
	})
	mux.HandleFunc("/v1/drop", func(w http.ResponseWriter, r *http.Request) { hijackClose(t, w) })
	for _, path := range []string{"/v1/echo", "/v1/html", "/v1/drop"} {
		err := c.Do(context.Background(), "POST", path, nil, nil)
		if err == nil {
			t.Fatalf("%s: want an error", path)
		}
		for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
			if strings.Contains(s, testKey) {
				t.Errorf("%s: error shows the key: %s", path, s)
			}
		}
	}
}

func TestNewClient_ConfigErrors(t *testing.T) {
	tests := []struct {
		name      string
		key       string
		opts      []Option
		wantParam string
	}{
		{"empty key", "", nil, "api_key"},
		{"key with space", "sk_test_abc def", nil, "api_key"},
		{"key with leading space", " sk_test_abc", nil, "api_key"},
		{"key with newline", "sk_test_abc\nX-Evil: 1", nil, "api_key"},
		{"key with trailing newline", "sk_test_abc\n", nil, "api_key"},
		{"key with NUL", "sk_test_abc\x00", nil, "api_key"},
		{"key with non-ASCII", "sk_test_äbc", nil, "api_key"},
		{"empty base URL", "sk_test_abc", []Option{WithBaseURL("")}, "base_url"},
		{"base URL without scheme", "sk_test_abc", []Option{WithBaseURL("api.stripe.com")}, "base_url"},
		{"base URL ftp", "sk_test_abc", []Option{WithBaseURL("ftp://api.stripe.com")}, "base_url"},
		{"base URL unparsable", "sk_test_abc", []Option{WithBaseURL("http://[::1")}, "base_url"},
		{"base URL with query", "sk_test_abc", []Option{WithBaseURL("https://api.stripe.com/?x=1")}, "base_url"},
		{"base URL with user info", "sk_test_abc", []Option{WithBaseURL("https://u:p@api.stripe.com")}, "base_url"},
		{"live secret key over http", "sk_live_abc", []Option{WithBaseURL("http://127.0.0.1:12111")}, "base_url"},
		{"live restricted key over http", "rk_live_abc", []Option{WithBaseURL("http://127.0.0.1:12111")}, "base_url"},
		{"API version with newline", "sk_test_abc", []Option{WithAPIVersion("2024-06-20\r\nX: y")}, "api_version"},
		{"account with newline", "sk_test_abc", []Option{WithStripeAccount("acct_1\n")}, "stripe_account"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
			t.Cleanup(srv.Close)
			opts := append([]Option{WithBaseURL(srv.URL)}, tt.opts...)
			c := NewClient(tt.key, opts...)
			for _, method := range []string{"GET", "POST", "DELETE"} {
				err := c.Do(context.Background(), method, "/v1/charges", nil, nil)
				var pe *Error
				if !errors.As(err, &pe) {
					t.Fatalf("%s: err = %v, want *pay.Error", method, err)
				}
				if pe.Param != tt.wantParam || pe.StatusCode != 0 || pe.Attempts != 0 || pe.Type != ErrorTypeInvalidRequest {
					t.Errorf("%s: got %+v, want Param %q, StatusCode 0", method, pe, tt.wantParam)
				}
				if tt.key != "" && len(tt.key) > 8 && strings.Contains(err.Error(), tt.key[8:]) {
					t.Errorf("error shows the key: %v", err)
				}
			}
			if hits.Load() != 0 {
				t.Errorf("%d requests sent with a bad config", hits.Load())
			}
		})
	}
}

func TestNewClient_ConfigAccepted(t *testing.T) {
	// A test key may use http (stripe-mock, paytest); a live key may use https.
	c, mux := setup(t)
	mux.HandleFunc("/v1/x", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{}`) })
	if err := c.Do(context.Background(), "GET", "/v1/x", nil, nil); err != nil {
		t.Errorf("test key over http: %v", err)
	}

	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		testHeader(t, r, "Authorization", "Bearer sk_live_abc")
		writeJSON(w, 200, `{}`)
	}))
	t.Cleanup(srv.Close)
	live := NewClient("sk_live_abc", WithBaseURL(srv.URL+"/"), WithHTTPClient(srv.Client()))
	if err := live.Do(context.Background(), "GET", "/v1/x", nil, nil); err != nil {
		t.Errorf("live key over https: %v", err)
	}
}

func TestDo_BadCallInput(t *testing.T) {
	tests := []struct {
		name      string
		path      string
		opts      []RequestOption
		wantParam string
	}{
		{"relative path", "v1/charges", nil, "path"},
		{"empty path", "", nil, "path"},
		{"idempotency key with newline", "/v1/charges", []RequestOption{IdempotencyKey("k\r\nX-Evil: 1")}, "idempotency_key"},
		{"idempotency key too long", "/v1/charges", []RequestOption{IdempotencyKey(strings.Repeat("k", 256))}, "idempotency_key"},
		{"account with newline", "/v1/charges", []RequestOption{StripeAccount("acct\n")}, "stripe_account"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { t.Errorf("request sent: %s", r.URL) })
			err := c.Do(context.Background(), "POST", tt.path, nil, nil, tt.opts...)
			var pe *Error
			if !errors.As(err, &pe) || pe.Param != tt.wantParam || pe.StatusCode != 0 {
				t.Errorf("err = %v, want *pay.Error with Param %q", err, tt.wantParam)
			}
		})
	}
}

func TestDo_RedirectNeverFollowed(t *testing.T) {
	for _, status := range []int{301, 302, 307, 308} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			var elsewhere atomic.Int32
			other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				elsewhere.Add(1)
				if r.Header.Get("Authorization") != "" {
					t.Errorf("the other host received Authorization %q", r.Header.Get("Authorization"))
				}
				writeJSON(w, 200, `{}`)
			}))
			t.Cleanup(other.Close)
			userHC := &http.Client{}
			c, mux := setup(t, WithHTTPClient(userHC))
			var hits atomic.Int32
			mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				http.Redirect(w, r, other.URL+"/v1/charges", status)
			})
			var resp Response
			err := c.Do(context.Background(), "POST", "/v1/charges", &testParams{Amount: 1}, nil, ResponseInto(&resp))
			if err == nil {
				t.Fatal("redirect: want an error")
			}
			if !strings.Contains(err.Error(), "redirect") {
				t.Errorf("error does not mention the redirect: %v", err)
			}
			if elsewhere.Load() != 0 {
				t.Errorf("the redirect was followed")
			}
			if hits.Load() != 1 {
				t.Errorf("%d attempts, want 1 (a redirect is not retried)", hits.Load())
			}
			if userHC.CheckRedirect != nil {
				t.Error("WithHTTPClient changed the caller's http.Client")
			}
		})
	}
}

func TestDo_Concurrent(t *testing.T) {
	c, mux := setup(t)
	var keys sync.Map
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		if _, dup := keys.LoadOrStore(r.Header.Get("Idempotency-Key"), true); dup {
			t.Errorf("duplicate idempotency key %q", r.Header.Get("Idempotency-Key"))
		}
		r.ParseForm()
		writeJSON(w, 200, `{"id":"ch_`+r.PostForm.Get("amount")+`","amount":`+r.PostForm.Get("amount")+`}`)
	})
	var wg sync.WaitGroup
	for i := 1; i <= 32; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out object
			if err := c.Do(context.Background(), "POST", "/v1/charges", &testParams{Amount: int64(i)}, &out); err != nil {
				t.Error(err)
				return
			}
			if out.Amount != int64(i) {
				t.Errorf("got amount %d, want %d", out.Amount, i)
			}
		}()
	}
	wg.Wait()
}
