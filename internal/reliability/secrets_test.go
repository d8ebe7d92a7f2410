package reliability_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/paytest"
	"github.com/paykit/pay/refund"
)

// The keys of these tests. Each has a tail that appears nowhere else, so
// finding the tail anywhere means the key leaked.
const (
	liveKey = "sk_live_51LeakCanaryQwErTy0123456789"
	testKey = "sk_test_LeakCanaryAsDfGh9876543210"
)

// leaks reports whether s shows key, or the part of it after its prefix.
func leaks(s, key string) bool { return strings.Contains(s, key[len("sk_live_"):]) }

// TestSecrets_FmtNeverShowsKey prints the client, its options and the
// resource clients built on it with every verb, directly and inside other
// values; the key never shows. (The root package's client_test.go also
// covers the unexported key type.)
func TestSecrets_FmtNeverShowsKey(t *testing.T) {
	opts := []pay.Option{
		pay.WithBaseURL("https://api.example.com"), pay.WithMaxRetries(3), pay.WithRetryWait(time.Millisecond, time.Second),
		pay.WithAPIVersion("2024-06-20"), pay.WithAppInfo("shop", "1.0", "https://shop.example"),
		pay.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))),
	}
	c := pay.NewClient(liveKey, opts...)
	reqOpts := []pay.RequestOption{pay.IdempotencyKey("order-1"), pay.Expand("customer"), pay.ResponseInto(&pay.Response{})}
	values := []any{
		c, *c, []*pay.Client{c}, map[string]*pay.Client{"c": c}, struct{ C *pay.Client }{c}, struct{ C pay.Client }{*c},
		charge.NewClient(c), *charge.NewClient(c), customer.NewClient(c), *customer.NewClient(c), refund.NewClient(c), *refund.NewClient(c),
		opts, reqOpts,
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%T", "%p", "%d"} {
		for _, v := range values {
			out := fmt.Sprintf(verb, v)
			assert.False(t, leaks(out, liveKey), "Sprintf(%q, %T) shows the key: %s", verb, v, out)
		}
	}
	for _, v := range values {
		b, _ := json.Marshal(v)
		assert.False(t, leaks(string(b), liveKey), "json.Marshal(%T) shows the key: %s", v, b)
	}
}

// TestSecrets_PanicValuesNeverShowKey recovers panics whose value is the
// client or its printed form: an option that panics, as a user's might,
// cannot leak the key through the panic message.
func TestSecrets_PanicValuesNeverShowKey(t *testing.T) {
	panics := map[string]pay.Option{
		"the client":     func(c *pay.Client) { panic(c) },
		"its fmt string": func(c *pay.Client) { panic(fmt.Sprintf("bad client %+v", c)) },
		"an error":       func(c *pay.Client) { panic(fmt.Errorf("bad client %v", c)) },
		"nil func":       func(c *pay.Client) { var f func(); f() },
	}
	for name, opt := range panics {
		t.Run(name, func(t *testing.T) {
			var got any
			func() {
				defer func() { got = recover() }()
				pay.NewClient(liveKey, opt)
			}()
			require.NotNil(t, got, "no panic")
			// What the runtime would print for an unrecovered panic: an
			// error's Error, a Stringer's String, else the value.
			outs := []string{fmt.Sprint(got), fmt.Sprintf("%+v", got), fmt.Sprintf("%#v", got)}
			if s, ok := got.(fmt.Stringer); ok {
				outs = append(outs, s.String())
			}
			if e, ok := got.(error); ok {
				outs = append(outs, e.Error())
			}
			for _, out := range outs {
				assert.False(t, leaks(out, liveKey), "panic value shows the key: %s", out)
			}
		})
	}
	// A nil option is skipped, not called.
	assert.NotNil(t, pay.NewClient(testKey, nil), "NewClient with a nil option")
}

// TestSecrets_ErrorsNeverShowKey makes a server echo the Authorization
// header everywhere it can reach the caller: an error message and param, an
// HTML page, an undecodable or non-UTF-8 body, an error object with a 200,
// a redirect's Location. No error string shows the key.
func TestSecrets_ErrorsNeverShowKey(t *testing.T) {
	echo := map[string]func(w http.ResponseWriter, auth string){
		"error message": func(w http.ResponseWriter, auth string) {
			writeJSON(w, 401, `{"error":{"type":"invalid_request_error","message":"Invalid API Key provided: `+auth+`","param":"`+auth+`","doc_url":"https://x/`+auth+`"}}`)
		},
		"HTML 502": func(w http.ResponseWriter, auth string) {
			w.WriteHeader(502)
			io.WriteString(w, "<html>"+auth+"</html>")
		},
		"truncated JSON": func(w http.ResponseWriter, auth string) { writeJSON(w, 200, `{"id":"`+auth) },
		"invalid UTF-8":  func(w http.ResponseWriter, auth string) { writeJSON(w, 200, "{\"id\":\"\xff"+auth+"\"}") },
		"200 error":      func(w http.ResponseWriter, auth string) { writeJSON(w, 200, `{"error":{"message":"`+auth+`"}}`) },
		"wrong type":     func(w http.ResponseWriter, auth string) { writeJSON(w, 200, `{"id":"ch_1","amount":"`+auth+`"}`) },
		"redirect Location": func(w http.ResponseWriter, auth string) {
			w.Header().Set("Location", "https://elsewhere.example/?k="+strings.TrimPrefix(auth, "Bearer "))
			w.WriteHeader(http.StatusFound)
		},
		"drop": func(w http.ResponseWriter, auth string) {
			conn, _, _ := http.NewResponseController(w).Hijack()
			conn.Close()
		},
	}
	for name, handler := range echo {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				handler(w, r.Header.Get("Authorization"))
			}))
			defer srv.Close()
			c := newClients(pay.NewClient(liveKey, pay.WithBaseURL(srv.URL), pay.WithHTTPClient(srv.Client()), pay.WithMaxRetries(0)))
			_, err := c.charges.Get(context.Background(), "ch_1")
			require.Error(t, err)
			for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
				assert.False(t, leaks(s, liveKey), "error shows the key: %s", s)
			}
			var pe *pay.Error
			if errors.As(err, &pe) {
				b, _ := json.Marshal(pe)
				assert.False(t, leaks(string(b), liveKey), "json.Marshal of the error shows the key: %s", b)
			}
		})
	}
}

// TestSecrets_LogsNeverShowKey logs everything a Debug (and lower) logger
// can get, in text and JSON, over calls that succeed, are retried after
// every kind of fault, and fail; then logs the client and the errors at
// every level. The key never shows, and the log is not empty.
func TestSecrets_LogsNeverShowKey(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			var mu sync.Mutex
			var buf bytes.Buffer
			w := writerFunc(func(p []byte) (int, error) { mu.Lock(); defer mu.Unlock(); return buf.Write(p) })
			hopts := &slog.HandlerOptions{Level: slog.LevelDebug - 8, AddSource: true}
			var h slog.Handler = slog.NewTextHandler(w, hopts)
			if format == "json" {
				h = slog.NewJSONHandler(w, hopts)
			}
			logger := slog.New(h)
			api := paytest.NewServer()
			defer api.Close()
			// paytest accepts any sk_test_ key.
			c := pay.NewClient(testKey, pay.WithBaseURL(api.URL), pay.WithLogger(logger),
				pay.WithMaxRetries(2), pay.WithRetryWait(time.Millisecond, 2*time.Millisecond))
			cl := newClients(c)
			ctx := context.Background()
			var errs []error
			keep := func(_ any, err error) {
				if err != nil {
					errs = append(errs, err)
				}
			}
			keep(cl.charges.Create(ctx, validCharge(nil))) // success
			for _, f := range []paytest.Fault{
				{DropAfterWork: true}, {DropBeforeWork: true}, {Status: 500}, {Status: 409},
				{Status: 429, Header: http.Header{"Retry-After": {"0"}}},
			} {
				api.FailNext(1, f)
				keep(cl.charges.Create(ctx, validCharge(nil))) // retried, then success
			}
			api.FailNext(3, paytest.Fault{Status: 503})
			keep(cl.customers.Create(ctx, nil)) // retries run out
			keep(cl.charges.Create(ctx, validCharge(func(p *charge.CreateParams) { p.Source = "tok_chargeDeclined" })))
			keep(cl.refunds.Get(ctx, "re_missing"))
			keep(nil, firstErr(cl.charges.List(ctx, nil)))
			bad := pay.NewClient("sk_live_"+testKey[8:], pay.WithBaseURL(api.URL), pay.WithLogger(logger))
			keep(charge.NewClient(bad).Get(ctx, "ch_1")) // refused: live key over http
			// A server that puts the key in a redirect's Location.
			echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Location", "https://elsewhere.example/?k="+strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
				w.WriteHeader(http.StatusFound)
			}))
			defer echo.Close()
			keep(charge.NewClient(pay.NewClient(testKey, pay.WithBaseURL(echo.URL), pay.WithLogger(logger))).Get(ctx, "ch_1"))
			assert.Len(t, errs, 5, "want 5 errors (retries out, decline, missing, refused, redirect)")
			for _, lvl := range []slog.Level{slog.LevelDebug - 4, slog.LevelDebug, slog.LevelInfo, slog.LevelWarn, slog.LevelError} {
				logger.Log(ctx, lvl, "client", "client", c, "bad", bad, "clients", cl)
				for _, err := range errs {
					logger.Log(ctx, lvl, "failed", "err", err)
				}
			}
			mu.Lock()
			out := buf.String()
			mu.Unlock()
			assert.False(t, leaks(out, testKey), "the log shows the key:\n%s", out)
			for _, want := range []string{"/v1/charges", "attempt", "redacted"} {
				assert.Contains(t, out, want, "the log lacks it: the test logged nothing useful")
			}
		})
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// TestSecrets_TLSVerified aims a live key at an https server whose
// certificate the client does not trust, through the default transport and
// through a caller's http.Client without TLS settings: the handshake fails,
// nothing reaches the handler, and the failure is not retried. Nothing in
// the library turns verification off.
func TestSecrets_TLSVerified(t *testing.T) {
	var reached atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reached.Add(1) }))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes
	var handshakes atomic.Int32
	srv.TLS = &tls.Config{GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
		handshakes.Add(1)
		return nil, nil
	}}
	srv.StartTLS()
	defer srv.Close()
	for name, opts := range map[string][]pay.Option{
		"default transport": nil,
		"caller's client":   {pay.WithHTTPClient(&http.Client{Timeout: 5 * time.Second})},
	} {
		t.Run(name, func(t *testing.T) {
			before := handshakes.Load()
			c := pay.NewClient(liveKey, append([]pay.Option{pay.WithBaseURL(srv.URL), pay.WithMaxRetries(2), pay.WithRetryWait(time.Millisecond, time.Millisecond)}, opts...)...)
			var resp pay.Response
			_, err := charge.NewClient(c).Create(context.Background(), validCharge(nil), pay.ResponseInto(&resp))
			var unknown x509.UnknownAuthorityError
			var verify *tls.CertificateVerificationError
			require.True(t, errors.As(err, &unknown) || errors.As(err, &verify), "err = %v, want a certificate verification error", err)
			assert.False(t, leaks(err.Error(), liveKey), "error shows the key: %v", err)
			// One handshake, and no request sent over it.
			n := handshakes.Load() - before
			assert.True(t, n == 1 && resp.Attempts == 0,
				"%d handshakes, %d attempts: an untrusted certificate must not be retried, and sends nothing", n, resp.Attempts)
		})
	}
	assert.Zero(t, reached.Load(), "requests reached the handler over an untrusted connection")
}
