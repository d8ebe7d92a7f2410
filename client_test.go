package pay

import (
	"bytes"
	"context"
	"encoding/json"
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

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
		assert.Fail(t, "request outside the base URL", "%s %s", r.Method, r.URL)
		http.Error(w, "outside the base URL", http.StatusNotFound)
	})
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	all := append([]Option{WithBaseURL(srv.URL + baseURLPath), WithRetryWait(time.Millisecond, 5*time.Millisecond)}, opts...)
	return NewClient(testKey, all...), mux
}

// testForm checks the decoded form body of r, order-free. It runs in
// handlers, so it uses assert, never require.
func testForm(t *testing.T, r *http.Request, want url.Values) {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if !assert.NoError(t, err, "reading body") {
		return
	}
	got, err := url.ParseQuery(string(b))
	if !assert.NoError(t, err, "body %q", b) {
		return
	}
	assert.Equal(t, want.Encode(), got.Encode(), "body")
}

// testQuery checks the decoded query string of r, order-free.
func testQuery(t *testing.T, r *http.Request, want url.Values) {
	t.Helper()
	assert.Equal(t, want.Encode(), r.URL.Query().Encode(), "query")
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
		assert.Equal(t, "POST", r.Method, "method")
		assert.Equal(t, "Bearer "+testKey, r.Header.Get("Authorization"), "header %s", "Authorization")
		assert.Equal(t, "application/x-www-form-urlencoded", r.Header.Get("Content-Type"), "header %s", "Content-Type")
		assert.Equal(t, "application/json", r.Header.Get("Accept"), "header %s", "Accept")
		assert.Equal(t, "2024-06-20", r.Header.Get("Stripe-Version"), "header %s", "Stripe-Version")
		assert.Equal(t, "acct_default", r.Header.Get("Stripe-Account"), "header %s", "Stripe-Account")
		ua := r.Header.Get("User-Agent")
		assert.Regexp(t, `^pay-go/`+regexp.QuoteMeta(Version)+`\b.* MyShop/1\.2\.3 \(https://shop\.example\)$`, ua, "User-Agent")
		assert.Empty(t, r.URL.RawQuery, "POST has a query string")
		testForm(t, r, url.Values{
			"amount": {"2000"}, "currency": {"usd"}, "capture": {"false"}, "metadata[order_id]": {"6735"},
		})
		writeJSON(w, 200, `{"id":"ch_1","amount":2000}`)
	})
	var out object
	err := c.Do(context.Background(), "POST", "/v1/charges",
		&testParams{Amount: 2000, Currency: "usd", Capture: Bool(false), Metadata: Metadata{"order_id": "6735"}}, &out)
	require.NoError(t, err)
	assert.Equal(t, object{ID: "ch_1", Amount: 2000}, out)
}

func TestDo_DefaultHeaders(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/charges/ch_1", func(w http.ResponseWriter, r *http.Request) {
		for _, h := range []string{"Stripe-Account", "Content-Type", "Idempotency-Key"} {
			assert.NotContains(t, r.Header, h, "GET sent %s", h)
		}
		// The types follow APIVersion, so every request asks for it.
		assert.Equal(t, APIVersion, r.Header.Get("Stripe-Version"), "header %s", "Stripe-Version")
		ua := r.Header.Get("User-Agent")
		assert.True(t, strings.HasPrefix(ua, "pay-go/"+Version), "User-Agent = %q", ua)
		writeJSON(w, 200, `{"id":"ch_1"}`)
	})
	require.NoError(t, c.Do(context.Background(), "GET", "/v1/charges/ch_1", nil, nil))
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
				assert.Equal(t, tt.want, r.Header.Get("Stripe-Account"), "header %s", "Stripe-Account")
				writeJSON(w, 200, `{}`)
			})
			require.NoError(t, c.Do(context.Background(), "POST", "/v1/x", nil, nil, tt.call...))
		})
	}
}

func TestDo_GetParamsInQuery(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "GET", r.Method, "method")
		testQuery(t, r, url.Values{"amount": {"5"}, "currency": {"eur"}, "expand[0]": {"data.customer"}, "expand[1]": {"data.balance_transaction"}})
		b, _ := io.ReadAll(r.Body)
		assert.Empty(t, b, "GET has a body")
		writeJSON(w, 200, `{}`)
	})
	err := c.Do(context.Background(), "GET", "/v1/charges", &testParams{Amount: 5, Currency: "eur"}, nil,
		Expand("data.customer"), Expand("data.balance_transaction"))
	require.NoError(t, err)
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
			require.NoError(t, c.Do(context.Background(), "POST", "/v1/charges", tt.params, nil, Expand("customer", "balance_transaction")))
		})
	}
}

func TestDo_DoesNotModifyValuesParams(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{}`) })
	params := url.Values{"amount": {"1"}}
	require.NoError(t, c.Do(context.Background(), "POST", "/v1/charges", params, nil, Expand("customer")))
	assert.Equal(t, "amount=1", params.Encode(), "params changed")
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
				require.NoError(t, c.Do(context.Background(), tt.method, "/v1/x", nil, nil, append(opts, ResponseInto(&resp))...))
			}
			switch tt.want {
			case "uuid":
				for _, k := range got {
					assert.Regexp(t, uuidV4, k, "generated key is not a UUID v4")
				}
				assert.NotEqual(t, got[0], got[1], "two calls share the generated key")
				assert.Equal(t, got[1], resp.IdempotencyKey, "Response.IdempotencyKey, sent")
			default:
				for _, k := range got {
					assert.Equal(t, tt.want, k, "Idempotency-Key")
				}
				assert.Equal(t, tt.want, resp.IdempotencyKey, "Response.IdempotencyKey")
			}
		})
	}
}

func TestNewIdempotencyKey_UUIDv4(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		k := newIdempotencyKey()
		require.Regexp(t, uuidV4, k, "not a UUID v4")
		require.False(t, seen[k], "duplicate key %q", k)
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
	require.NoError(t, err)
	assert.True(t, resp.RequestID == "req_123" && resp.StatusCode == 200 && resp.IdempotencyKey == "k-1" && resp.Replayed && resp.Attempts == 2,
		"Response = %+v", resp)
	assert.Equal(t, "yes", resp.Header.Get("X-Custom"), "Response.Header = %v", resp.Header)
}

func TestDo_ResponseIntoOnError(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Request-Id", "req_404")
		writeJSON(w, 404, `{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such charge"}}`)
	})
	var resp Response
	err := c.Do(context.Background(), "GET", "/v1/charges", nil, nil, ResponseInto(&resp))
	require.Error(t, err)
	assert.True(t, resp.RequestID == "req_404" && resp.StatusCode == 404 && !resp.Replayed && resp.Attempts == 1 && resp.IdempotencyKey == "",
		"Response = %+v", resp)
}

func TestClient_FmtNeverShowsKey(t *testing.T) {
	c := NewClient(testKey, WithBaseURL("http://127.0.0.1:1"))
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%T %p"} {
		for _, v := range []any{c, *c, c.key, []any{c}, struct{ C *Client }{c}} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, testKey[8:], "Sprintf(%s, %T) shows the key", verb, v)
		}
	}
	assert.Contains(t, c.String(), "sk_test_[redacted]", "String() wants the key's kind and [redacted]")
	b, err := json.Marshal(struct{ K *secret }{c.key})
	if assert.NoError(t, err, "json.Marshal") {
		assert.NotContains(t, string(b), testKey, "json.Marshal")
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
				require.Error(t, err, "want errors from the failing calls")
				logger.Error("call failed", "err", err)
			}
			mu.Lock()
			out := buf.String()
			mu.Unlock()
			assert.NotContains(t, out, testKey[8:], "log output shows the key")
			for _, want := range []string{"/v1/ok", "/v1/retry", "req_ok", "redacted"} {
				assert.Contains(t, out, want, "log output lacks it")
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
	if !assert.NoError(t, err, "hijack") {
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
		require.Error(t, err, path)
		for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
			assert.NotContains(t, s, testKey, "%s: error shows the key", path)
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
				require.ErrorAs(t, err, &pe, method)
				assert.True(t, pe.Param == tt.wantParam && pe.StatusCode == 0 && pe.Attempts == 0 && pe.Type == ErrorTypeInvalidRequest,
					"%s: got %+v, want Param %q, StatusCode 0", method, pe, tt.wantParam)
				if tt.key != "" && len(tt.key) > 8 {
					assert.NotContains(t, err.Error(), tt.key[8:], "error shows the key")
				}
			}
			assert.Zero(t, hits.Load(), "requests sent with a bad config")
		})
	}
}

func TestNewClient_ConfigAccepted(t *testing.T) {
	// A test key may use http (stripe-mock, paytest); a live key may use https.
	c, mux := setup(t)
	mux.HandleFunc("/v1/x", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{}`) })
	assert.NoError(t, c.Do(context.Background(), "GET", "/v1/x", nil, nil), "test key over http")

	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "Bearer sk_live_abc", r.Header.Get("Authorization"), "header %s", "Authorization")
		writeJSON(w, 200, `{}`)
	}))
	t.Cleanup(srv.Close)
	live := NewClient("sk_live_abc", WithBaseURL(srv.URL+"/"), WithHTTPClient(srv.Client()))
	assert.NoError(t, live.Do(context.Background(), "GET", "/v1/x", nil, nil), "live key over https")
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
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { assert.Fail(t, "request sent", "%s", r.URL) })
			err := c.Do(context.Background(), "POST", tt.path, nil, nil, tt.opts...)
			var pe *Error
			if assert.ErrorAs(t, err, &pe) {
				assert.True(t, pe.Param == tt.wantParam && pe.StatusCode == 0, "err = %v, want *pay.Error with Param %q", err, tt.wantParam)
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
				assert.Empty(t, r.Header.Get("Authorization"), "the other host received Authorization")
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
			require.Error(t, err, "redirect: want an error")
			assert.ErrorContains(t, err, "redirect", "error does not mention the redirect")
			assert.Zero(t, elsewhere.Load(), "the redirect was followed")
			assert.EqualValues(t, 1, hits.Load(), "attempts (a redirect is not retried)")
			assert.Nil(t, userHC.CheckRedirect, "WithHTTPClient changed the caller's http.Client")
		})
	}
}

func TestDo_Concurrent(t *testing.T) {
	c, mux := setup(t)
	var keys sync.Map
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		_, dup := keys.LoadOrStore(r.Header.Get("Idempotency-Key"), true)
		assert.False(t, dup, "duplicate idempotency key %q", r.Header.Get("Idempotency-Key"))
		r.ParseForm()
		writeJSON(w, 200, `{"id":"ch_`+r.PostForm.Get("amount")+`","amount":`+r.PostForm.Get("amount")+`}`)
	})
	var wg sync.WaitGroup
	for i := 1; i <= 32; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out object
			if !assert.NoError(t, c.Do(context.Background(), "POST", "/v1/charges", &testParams{Amount: int64(i)}, &out)) {
				return
			}
			assert.Equal(t, int64(i), out.Amount, "amount")
		}()
	}
	wg.Wait()
}
