package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/paytest"
	"github.com/paykit/pay/webhook"
)

func TestRunServesAPI(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out bytes.Buffer
	ready := make(chan *paytest.Server, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, &out, func(s *paytest.Server) { ready <- s })
	}()
	srv := <-ready
	req, err := http.NewRequest("POST", srv.URL+"/v1/charges", strings.NewReader("amount=2000&currency=usd&source=tok_visa"))
	require.NoError(t, err)
	req.SetBasicAuth("sk_test_abc", "")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	cancel()
	require.NoError(t, <-done)
	assert.Contains(t, out.String(), "paytest listening on http://127.0.0.1:")
}

func TestRunRejectsBadFlags(t *testing.T) {
	var out bytes.Buffer
	assert.Error(t, run(context.Background(), []string{"-fail-rate", "2"}, &out, nil), "-fail-rate 2 accepted")
	assert.Error(t, run(context.Background(), []string{"-nope"}, &out, nil), "unknown flag accepted")
	assert.Error(t, run(context.Background(), []string{"-rate-limit", "-1"}, &out, nil), "-rate-limit -1 accepted")
	assert.Error(t, run(context.Background(), []string{"-webhook-retry-wait", "0s"}, &out, nil), "-webhook-retry-wait 0 accepted")
}

func TestRunSendsWebhooks(t *testing.T) {
	got := make(chan *webhook.Event, 1)
	recv := httptest.NewServer(webhook.Handler("whsec_cmd", func(_ context.Context, ev *webhook.Event) error {
		got <- ev
		return nil
	}))
	defer recv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var out bytes.Buffer
	ready := make(chan *paytest.Server, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-webhook", recv.URL, "-webhook-secret", "whsec_cmd"}, &out, func(s *paytest.Server) { ready <- s })
	}()
	srv := <-ready
	ch, err := charge.NewClient(srv.Client()).Create(ctx, &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_visa"})
	require.NoError(t, err)
	select {
	case ev := <-got:
		assert.Equal(t, webhook.ChargeSucceeded, ev.Type)
		c, err := ev.Charge()
		require.NoError(t, err)
		assert.Equal(t, ch.ID, c.ID)
	case <-time.After(5 * time.Second):
		require.FailNow(t, "no webhook")
	}
	cancel()
	require.NoError(t, <-done)
	assert.Contains(t, out.String(), "sending webhook events to "+recv.URL)
}

func TestRunWebhookFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // "" = starts
	}{
		{"not a URL", []string{"-webhook", "localhost:8080/hook"}, "-webhook must be an http or https URL"},
		{"no host", []string{"-webhook", "http:///hook"}, "-webhook must be an http or https URL"},
		{"secret alone", []string{"-webhook-secret", "whsec_x"}, "-webhook-secret needs -webhook"},
		{"generated secret", []string{"-webhook", "http://127.0.0.1:1/hook"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var out bytes.Buffer
			err := run(ctx, append([]string{"-addr", "127.0.0.1:0"}, tt.args...), &out, func(*paytest.Server) { cancel() })
			if tt.want != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.want)
				return
			}
			require.NoError(t, err)
			assert.Regexp(t, `signing secret: whsec_[0-9a-f]{32}\)`, out.String())
		})
	}
}

// startWith runs the command with args and returns its server.
func startWith(t *testing.T, args ...string) *paytest.Server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan *paytest.Server, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), &bytes.Buffer{}, func(s *paytest.Server) { ready <- s })
	}()
	t.Cleanup(func() { cancel(); assert.NoError(t, <-done) })
	select {
	case srv := <-ready:
		return srv
	case err := <-done:
		require.FailNow(t, "run ended before the server was ready", "run: %v", err)
		return nil
	}
}

func TestRunRateLimit(t *testing.T) {
	srv := startWith(t, "-rate-limit", "2")
	var statuses []int
	for range 3 {
		req, err := http.NewRequest("GET", srv.URL+"/v1/charges", nil)
		require.NoError(t, err)
		req.SetBasicAuth("sk_test_abc", "")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		statuses = append(statuses, resp.StatusCode)
	}
	assert.Equal(t, []int{200, 200, 429}, statuses)
}

func TestRunSeedRepeatsIDs(t *testing.T) {
	first := func(args ...string) string {
		srv := startWith(t, args...)
		ch, err := charge.NewClient(srv.Client()).Create(context.Background(), &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_visa"})
		require.NoError(t, err)
		return ch.ID
	}
	assert.Equal(t, first("-seed", "9"), first("-seed", "9"))
	assert.NotEqual(t, first(), first(), "without -seed ids are random")
}

func TestRunWebhookRetries(t *testing.T) {
	var n atomic.Int32
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer recv.Close()
	srv := startWith(t, "-webhook", recv.URL, "-webhook-retries", "2", "-webhook-retry-wait", "1ms")
	_, err := charge.NewClient(srv.Client()).Create(context.Background(), &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_visa"})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, srv.WaitForWebhooks(ctx))
	assert.EqualValues(t, 3, n.Load(), "one delivery and 2 retries")
}
