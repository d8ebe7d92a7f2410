package reliability_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paykit/pay"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBadResponse_TypedClients serves what a broken server or a proxy in
// front of it might send, to each typed client's Get and to a list: every
// one is a *pay.Error with the status and a message a developer can act
// on, and no object is returned. (The root package's errors_test.go checks
// the same bodies through Do, and the streamed huge body.)
func TestBadResponse_TypedClients(t *testing.T) {
	tests := []struct {
		name   string
		status int
		header map[string]string
		body   string
		wantIn string // in the message
	}{
		{"HTML 502 from a proxy", 502, map[string]string{"Content-Type": "text/html"}, "<html><title>502 Bad Gateway</title>" + strings.Repeat("<p>nginx</p>", 500) + "</html>", "HTTP 502"},
		{"empty 200", 200, nil, "", "empty response body"},
		{"truncated JSON", 200, nil, `{"id":"ch_1","object":"charge","amount":`, "cannot decode response"},
		{"error object with 200", 200, nil, `{"error":{"type":"api_error","message":"An unknown error occurred"}}`, "An unknown error occurred"},
		{"invalid UTF-8", 200, nil, "{\"id\":\"ch_1\",\"description\":\"caf\xe9\"}", "not valid UTF-8"},
		{"null", 200, nil, "null", "not a JSON object"},
		{"a bare id", 200, nil, `"ch_1"`, "not a JSON object"},
		{"several hundred MB announced", 200, map[string]string{"Content-Length": "419430400"}, "", "exceeds"},
	}
	type call struct {
		name string
		do   func(context.Context, clients) (any, error)
	}
	calls := []call{
		{"charge get", func(ctx context.Context, c clients) (any, error) { return c.charges.Get(ctx, "ch_1") }},
		{"customer get", func(ctx context.Context, c clients) (any, error) { return c.customers.Get(ctx, "cus_1") }},
		{"refund get", func(ctx context.Context, c clients) (any, error) { return c.refunds.Get(ctx, "re_1") }},
		{"charge list page", func(ctx context.Context, c clients) (any, error) { return c.charges.ListPage(ctx, nil) }},
		{"charge list", func(ctx context.Context, c clients) (any, error) {
			for ch, err := range c.charges.List(ctx, nil) {
				return ch, err
			}
			return nil, nil
		}},
	}
	for _, tt := range tests {
		for _, cl := range calls {
			t.Run(tt.name+"/"+cl.name, func(t *testing.T) {
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Request-Id", "req_bad")
					for k, v := range tt.header {
						w.Header().Set(k, v)
					}
					w.WriteHeader(tt.status)
					io.WriteString(w, tt.body)
				}))
				defer srv.Close()
				c := newClients(pay.NewClient("sk_test_badresp", pay.WithBaseURL(srv.URL), pay.WithMaxRetries(0)))
				got, err := cl.do(context.Background(), c)
				var pe *pay.Error
				require.ErrorAs(t, err, &pe)
				assert.True(t, pe.StatusCode == tt.status && pe.RequestID == "req_bad" && pe.Type != "",
					"error %+v: want status %d, request id req_bad", pe, tt.status)
				assert.Contains(t, pe.Message, tt.wantIn)
				assert.LessOrEqual(t, len(pe.Message), 400, "message %q: want a bounded one", pe.Message)
				assert.Nil(t, got, "an object came with the error")
			})
		}
	}
}

// TestBadResponse_SlowBodyOutlivesDeadline sends the headers and part of
// a charge, then stalls: the call ends at the caller's deadline, with an
// error that errors.Is context.DeadlineExceeded, not when the server gives
// up.
func TestBadResponse_SlowBodyOutlivesDeadline(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"ch_1","object":"charge",`)
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}))
	defer srv.Close()
	c := newClients(pay.NewClient("sk_test_slow", pay.WithBaseURL(srv.URL)))
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	ch, err := c.charges.Get(ctx, "ch_1")
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Nil(t, ch, "a charge came with the error")
	assert.LessOrEqual(t, time.Since(start), 3*time.Second, "the call must end at the deadline")
}

// TestBadResponse_RedirectToAnotherHost answers every kind of call with a
// redirect to another host: it is never followed, so the key never reaches
// that host, and the error says why.
func TestBadResponse_RedirectToAnotherHost(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		assert.Empty(t, r.Header.Get("Authorization"), "the other host received Authorization")
	}))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	c := newClients(pay.NewClient("sk_test_redirect", pay.WithBaseURL(srv.URL), pay.WithMaxRetries(2)))
	ctx := context.Background()
	calls := map[string]func() error{
		"charge create": func() error { _, err := c.charges.Create(ctx, validCharge(nil)); return err },
		"charge get":    func() error { _, err := c.charges.Get(ctx, "ch_1"); return err },
		"charge list":   func() error { return firstErr(c.charges.List(ctx, nil)) },
		"customer delete": func() error {
			_, err := c.customers.Delete(ctx, "cus_1")
			return err
		},
		"refund update": func() error { _, err := c.refunds.Update(ctx, "re_1", nil); return err },
	}
	for name, call := range calls {
		err := call()
		if assert.Error(t, err, name) {
			assert.ErrorContains(t, err, "redirect", "%s: want a redirect error", name)
			assert.NotContains(t, err.Error(), "sk_test_redirect", "%s: error shows the key", name)
		}
	}
	assert.Zero(t, elsewhere.Load(), "requests the other host received")
}
