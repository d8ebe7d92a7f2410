package paytest_test

import (
	"sync"
	"testing"
	"time"

	"github.com/paykit/pay/paytest"
)

func TestIdempotency_ReplaysSameRequest(t *testing.T) {
	srv := newServer(t)
	q := form("amount", "2000", "currency", "usd", "source", "tok_visa", "metadata[a]", "1", "metadata[b]", "2")
	first := mustDo(t, srv, "POST", "/v1/charges", q, "Idempotency-Key", "order-1")
	if first.header.Get("Idempotent-Replayed") != "" {
		t.Error("first response marked replayed")
	}
	second := mustDo(t, srv, "POST", "/v1/charges", q, "Idempotency-Key", "order-1")
	if second.raw != first.raw {
		t.Errorf("replay body differs:\n%s\nvs\n%s", second.raw, first.raw)
	}
	if second.header.Get("Idempotent-Replayed") != "true" || second.header.Get("Original-Request") != first.header.Get("Request-Id") ||
		second.header.Get("Request-Id") == first.header.Get("Request-Id") {
		t.Errorf("replay headers = %v", second.header)
	}
	if n := len(listIDs(mustDo(t, srv, "GET", "/v1/charges", nil))); n != 1 {
		t.Errorf("%d charges stored, want 1", n)
	}
}

func TestIdempotency_ReplaysDecline(t *testing.T) {
	srv := newServer(t)
	q := form("amount", "2000", "currency", "usd", "source", "tok_chargeDeclined")
	first := do(t, srv, "POST", "/v1/charges", q, "Idempotency-Key", "k")
	second := do(t, srv, "POST", "/v1/charges", q, "Idempotency-Key", "k")
	if first.status != 402 || second.status != 402 || second.raw != first.raw || second.header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("decline replay: %d %s / %d %s", first.status, first.raw, second.status, second.raw)
	}
	if n := len(listIDs(mustDo(t, srv, "GET", "/v1/charges", nil))); n != 1 {
		t.Errorf("%d charges stored, want 1", n)
	}
}

func TestIdempotency_ValidationErrorsAreNotSaved(t *testing.T) {
	srv := newServer(t)
	bad := do(t, srv, "POST", "/v1/charges", form("amount", "2000", "source", "tok_visa"), "Idempotency-Key", "k")
	wantError(t, bad, 400, "invalid_request_error", "parameter_missing", "currency", "")
	// The key was not used up: a corrected request would conflict if it had been.
	fixed := do(t, srv, "POST", "/v1/charges", form("amount", "2000", "currency", "usd", "source", "tok_visa"), "Idempotency-Key", "k")
	if fixed.status != 200 {
		t.Errorf("corrected request: %d %s", fixed.status, fixed.raw)
	}
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
	if r.status != 200 || r.header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("reordered params: %d %v", r.status, r.header)
	}
}

func TestIdempotency_InFlightConflict(t *testing.T) {
	srv := newServer(t)
	srv.FailNext(1, paytest.Fault{Latency: 300 * time.Millisecond})
	q := form("amount", "2000", "currency", "usd", "source", "tok_visa")
	var slow result
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		slow = do(t, srv, "POST", "/v1/charges", q, "Idempotency-Key", "k")
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
	if slow.status != 200 {
		t.Fatalf("slow request: %d %s", slow.status, slow.raw)
	}
	after := mustDo(t, srv, "POST", "/v1/charges", q, "Idempotency-Key", "k")
	if after.str("id") != slow.str("id") || after.header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("after the first finished: %s", after.raw)
	}
}

func TestIdempotency_GetIgnoresKey(t *testing.T) {
	srv := newServer(t)
	createCharge(t, srv)
	a := mustDo(t, srv, "GET", "/v1/charges", nil, "Idempotency-Key", "k")
	createCharge(t, srv)
	b := mustDo(t, srv, "GET", "/v1/charges", nil, "Idempotency-Key", "k")
	if len(listIDs(a)) != 1 || len(listIDs(b)) != 2 || b.header.Get("Idempotent-Replayed") != "" {
		t.Errorf("GET was replayed: %d then %d items", len(listIDs(a)), len(listIDs(b)))
	}
}
