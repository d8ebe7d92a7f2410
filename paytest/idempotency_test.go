package paytest_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay/paytest"
)

func TestIdempotency_ReplaysSameRequest(t *testing.T) {
	srv := newServer(t)
	q := form("amount", "2000", "currency", "usd", "source", "tok_visa", "metadata[a]", "1", "metadata[b]", "2")
	first := mustDo(t, srv, "POST", "/v1/charges", q, "Idempotency-Key", "order-1")
	assert.Empty(t, first.header.Get("Idempotent-Replayed"), "first response marked replayed")
	second := mustDo(t, srv, "POST", "/v1/charges", q, "Idempotency-Key", "order-1")
	assert.Equal(t, first.raw, second.raw, "replay body differs")
	assert.Equal(t, "true", second.header.Get("Idempotent-Replayed"), "replay headers = %v", second.header)
	assert.Equal(t, first.header.Get("Request-Id"), second.header.Get("Original-Request"), "replay headers = %v", second.header)
	assert.NotEqual(t, first.header.Get("Request-Id"), second.header.Get("Request-Id"), "replay headers = %v", second.header)
	assert.Len(t, dataIDs(t, mustDo(t, srv, "GET", "/v1/charges", nil)), 1, "charges stored")
}

func TestIdempotency_ReplaysDecline(t *testing.T) {
	srv := newServer(t)
	q := form("amount", "2000", "currency", "usd", "source", "tok_chargeDeclined")
	first := do(t, srv, "POST", "/v1/charges", q, "Idempotency-Key", "k")
	second := do(t, srv, "POST", "/v1/charges", q, "Idempotency-Key", "k")
	assert.Equal(t, 402, first.status, "decline: %s", first.raw)
	assert.Equal(t, 402, second.status, "decline replay: %s", second.raw)
	assert.Equal(t, first.raw, second.raw, "decline replay body")
	assert.Equal(t, "true", second.header.Get("Idempotent-Replayed"), "decline replay headers = %v", second.header)
	assert.Len(t, dataIDs(t, mustDo(t, srv, "GET", "/v1/charges", nil)), 1, "charges stored")
}

func TestIdempotency_ValidationErrorsAreNotSaved(t *testing.T) {
	srv := newServer(t)
	bad := do(t, srv, "POST", "/v1/charges", form("amount", "2000", "source", "tok_visa"), "Idempotency-Key", "k")
	wantError(t, bad, 400, "invalid_request_error", "parameter_missing", "currency", "")
	// The key was not used up: a corrected request would conflict if it had been.
	fixed := do(t, srv, "POST", "/v1/charges", form("amount", "2000", "currency", "usd", "source", "tok_visa"), "Idempotency-Key", "k")
	assert.Equal(t, 200, fixed.status, "corrected request: %s", fixed.raw)
}

func TestIdempotency_OtherParamsConflict(t *testing.T) {
	srv := newServer(t)
	mustDo(t, srv, "POST", "/v1/charges", form("amount", "2000", "currency", "usd", "source", "tok_visa"), "Idempotency-Key", "k")
	r := do(t, srv, "POST", "/v1/charges", form("amount", "2001", "currency", "usd", "source", "tok_visa"), "Idempotency-Key", "k")
	wantError(t, r, 400, "idempotency_error", "", "",
		"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'k' if you meant to execute a different request.")
	r = do(t, srv, "POST", "/v1/customers", nil, "Idempotency-Key", "k")
	wantError(t, r, 400, "idempotency_error", "", "", "")
	// Param order does not matter.
	r = do(t, srv, "POST", "/v1/charges", form("source", "tok_visa", "currency", "usd", "amount", "2000"), "Idempotency-Key", "k")
	assert.Equal(t, 200, r.status, "reordered params: %s", r.raw)
	assert.Equal(t, "true", r.header.Get("Idempotent-Replayed"), "reordered params: %v", r.header)
}

func TestIdempotency_InFlightConflict(t *testing.T) {
	srv := newServer(t)
	srv.FailNext(1, paytest.Fault{Latency: 300 * time.Millisecond})
	q := form("amount", "2000", "currency", "usd", "source", "tok_visa")
	var slow result
	var slowErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		// Not do: it may fail the test, which only the test's goroutine may do.
		slow, slowErr = send(srv, "Bearer "+paytest.TestKey, "POST", "/v1/charges", q, "Idempotency-Key", "k")
	}()
	// Wait until the slow request holds the key.
	deadline := time.Now().Add(2 * time.Second)
	for srv.Requests() < 1 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond)
	r := do(t, srv, "POST", "/v1/charges", q, "Idempotency-Key", "k")
	wantError(t, r, 409, "invalid_request_error", "idempotency_key_in_use", "", "")
	wg.Wait()
	require.NoError(t, slowErr, "slow request")
	require.Equal(t, 200, slow.status, "slow request: %s", slow.raw)
	after := mustDo(t, srv, "POST", "/v1/charges", q, "Idempotency-Key", "k")
	assert.Equal(t, slow.str("id"), after.str("id"), "after the first finished: %s", after.raw)
	assert.Equal(t, "true", after.header.Get("Idempotent-Replayed"), "after the first finished: %s", after.raw)
}

func TestIdempotency_GetIgnoresKey(t *testing.T) {
	srv := newServer(t)
	createCharge(t, srv)
	a := mustDo(t, srv, "GET", "/v1/charges", nil, "Idempotency-Key", "k")
	createCharge(t, srv)
	b := mustDo(t, srv, "GET", "/v1/charges", nil, "Idempotency-Key", "k")
	assert.Len(t, dataIDs(t, a), 1, "GET was replayed")
	assert.Len(t, dataIDs(t, b), 2, "GET was replayed")
	assert.Empty(t, b.header.Get("Idempotent-Replayed"), "GET was replayed")
}
