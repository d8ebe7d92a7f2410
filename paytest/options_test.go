package paytest_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay/paytest"
)

// journey runs the same requests on srv and returns every id they gave:
// customer, card, charge, refund, events and request ids.
func journey(t *testing.T, srv *paytest.Server) []string {
	t.Helper()
	cus := createCustomer(t, srv, "email", "jenny@example.com", "source", "tok_visa")
	ch := mustDo(t, srv, "POST", "/v1/charges", form("amount", "2000", "currency", "usd", "customer", cus.str("id")),
		"Idempotency-Key", "charge-"+cus.str("id"))
	re := mustDo(t, srv, "POST", "/v1/refunds", form("charge", ch.str("id"), "amount", "500"))
	ids := []string{cus.str("id"), cus.str("default_source"), cus.str("invoice_prefix"), ch.str("id"), ch.str("receipt_url"),
		re.str("id"), cus.header.Get("Request-Id"), ch.header.Get("Request-Id"), re.header.Get("Request-Id")}
	return append(ids, dataIDs(t, mustDo(t, srv, "GET", "/v1/events", nil))...)
}

func TestSeed_SameSeedSameIDs(t *testing.T) {
	a := paytest.NewServer(paytest.Seed(42))
	t.Cleanup(a.Close)
	b := paytest.NewServer(paytest.Seed(42))
	t.Cleanup(b.Close)
	c := paytest.NewServer(paytest.Seed(43))
	t.Cleanup(c.Close)
	unseeded := newServer(t)

	idsA, idsB, idsC, idsU := journey(t, a), journey(t, b), journey(t, c), journey(t, unseeded)
	require.Greater(t, len(idsA), 10)
	assert.Equal(t, idsA, idsB, "same seed, same requests")
	for i := range idsA {
		assert.NotEqual(t, idsA[i], idsC[i], "another seed: id %d", i)
		assert.NotEqual(t, idsA[i], idsU[i], "no seed: id %d", i)
	}
	assert.Regexp(t, `^cus_[0-9A-Za-z]{24}$`, idsA[0])
	assert.Regexp(t, `^[0-9A-F]{8}$`, idsA[2])
}

// With Seed, the random faults of FailRandomly (drawn per idempotency key)
// repeat, even for keys built from the server's ids.
func TestSeed_RandomFaultsRepeat(t *testing.T) {
	run := func() []int {
		srv := paytest.NewServer(paytest.Seed(7))
		t.Cleanup(srv.Close)
		var cus []string
		for range 20 {
			cus = append(cus, createCustomer(t, srv, "source", "tok_visa").str("id"))
		}
		srv.FailRandomly(0.5, 1, paytest.Fault{Status: http.StatusServiceUnavailable})
		var statuses []int
		for _, id := range cus {
			r := do(t, srv, "POST", "/v1/charges", form("amount", "1000", "currency", "usd", "customer", id),
				"Idempotency-Key", "period-2026-12-"+id)
			statuses = append(statuses, r.status)
		}
		return statuses
	}
	first, second := run(), run()
	assert.Equal(t, first, second)
	assert.Contains(t, first, http.StatusServiceUnavailable)
	assert.Contains(t, first, http.StatusOK)
}

// clock is a settable time for SetClock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) get() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestRateLimit_PerAccountOnTheServerClock(t *testing.T) {
	srv := paytest.NewServer(paytest.RateLimit(3))
	t.Cleanup(srv.Close)
	clk := &clock{now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	srv.SetClock(clk.get)

	for i := range 3 {
		r := do(t, srv, "GET", "/v1/charges", nil)
		assert.Equal(t, http.StatusOK, r.status, "request %d", i)
	}
	r := do(t, srv, "POST", "/v1/charges", form("amount", "2000", "currency", "usd", "source", "tok_visa"), "Idempotency-Key", "order-1")
	wantError(t, r, http.StatusTooManyRequests, "invalid_request_error", "rate_limit", "", "")
	assert.Contains(t, r.errField("message"), "rate limit")

	other := doKey(t, srv, "Bearer sk_test_other", "GET", "/v1/charges", nil)
	assert.Equal(t, http.StatusOK, other.status, "another account has its own limit")

	clk.add(time.Second / 2) // a token and a half back
	r = do(t, srv, "POST", "/v1/charges", form("amount", "2000", "currency", "usd", "source", "tok_visa"), "Idempotency-Key", "order-1")
	require.Equal(t, http.StatusOK, r.status, r.raw)
	assert.Empty(t, r.header.Get("Idempotent-Replayed"), "the limited request did no work and saved nothing")
	r = do(t, srv, "GET", "/v1/charges", nil)
	assert.Equal(t, http.StatusTooManyRequests, r.status)

	clk.add(time.Hour) // the bucket refills to its size, no more
	for i := range 3 {
		assert.Equal(t, http.StatusOK, do(t, srv, "GET", "/v1/charges", nil).status, "request %d", i)
	}
	assert.Equal(t, http.StatusTooManyRequests, do(t, srv, "GET", "/v1/charges", nil).status)
	list := doKey(t, srv, "Bearer sk_test_other", "GET", "/v1/charges", nil)
	assert.Empty(t, list.body["data"])
}

func TestRateLimit_DefaultIsUnlimited(t *testing.T) {
	srv := newServer(t)
	for i := range 50 {
		require.Equal(t, http.StatusOK, do(t, srv, "GET", "/v1/charges", nil).status, "request %d", i)
	}
}

func TestIdempotencyKey_ExpiresAfter24Hours(t *testing.T) {
	srv := newServer(t)
	clk := &clock{now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	srv.SetClock(clk.get)
	charge := func() result {
		return mustDo(t, srv, "POST", "/v1/charges", form("amount", "2000", "currency", "usd", "source", "tok_visa"),
			"Idempotency-Key", "period-2026-11-cus_1")
	}
	first := charge()
	clk.add(24*time.Hour - time.Second)
	replay := charge()
	assert.Equal(t, first.str("id"), replay.str("id"))
	assert.Equal(t, "true", replay.header.Get("Idempotent-Replayed"))

	clk.add(time.Second) // 24 hours after the first use
	again := charge()
	assert.NotEqual(t, first.str("id"), again.str("id"), "an expired key is a new request")
	assert.Empty(t, again.header.Get("Idempotent-Replayed"))
	list := mustDo(t, srv, "GET", "/v1/charges", nil)
	assert.Len(t, list.body["data"], 2, "the work was done twice, as in the API")

	clk.add(time.Hour)
	assert.Equal(t, again.str("id"), charge().str("id"), "the key's new life starts at its reuse")
}

func TestWebhookRetries_CountAndSpacing(t *testing.T) {
	tests := []struct {
		name     string
		opts     []paytest.Option
		attempts int
	}{
		{"default: one delivery and 4 retries", nil, 5},
		{"one retry", []paytest.Option{paytest.WebhookRetries(1, time.Millisecond)}, 2},
		{"no retries", []paytest.Option{paytest.WebhookRetries(0, 0)}, 1},
		{"negative is none", []paytest.Option{paytest.WebhookRetries(-3, time.Millisecond)}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := paytest.NewServer(tt.opts...)
			t.Cleanup(srv.Close)
			rc := newReceiver(t, func(int, http.ResponseWriter, *http.Request) int { return http.StatusServiceUnavailable })
			srv.AddWebhookEndpoint(rc.srv.URL, whsec)
			createCharge(t, srv)
			wait(t, srv)
			assert.Len(t, rc.seen(), tt.attempts)
		})
	}
}
