package reliability_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/paytest"
)

// These complete the retry matrix of the root package's retry_test.go
// (which covers the policy table, attempts, backoff, Retry-After bounds,
// contexts and timeouts against hand-written handlers) with the stateful
// fake: what the API ends up holding.

func chargeParams(call string) *charge.CreateParams {
	return &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_visa", Metadata: pay.Metadata{"call": call}}
}

// TestRetry_DroppedConnectionKeepsKey drops the connection of a charge
// create, before or after the charge is stored. The retry carries the same
// key (the caller's, never rewritten, or the generated one) and the same
// body; after a drop after work it is answered from the idempotency cache.
// The API holds exactly one charge, the one returned.
func TestRetry_DroppedConnectionKeepsKey(t *testing.T) {
	tests := []struct {
		name     string
		fault    paytest.Fault
		userKey  string
		warm     bool // a request first, so the create reuses a connection
		replayed bool
	}{
		{"after work, caller's key", paytest.Fault{DropAfterWork: true}, "order-6735", false, true},
		{"after work, generated key", paytest.Fault{DropAfterWork: true}, "", false, true},
		{"before work, caller's key", paytest.Fault{DropBeforeWork: true}, "order-6736", false, false},
		{"before work, generated key", paytest.Fault{DropBeforeWork: true}, "", false, false},
		// On a reused connection net/http itself resends a request that
		// carries an Idempotency-Key: the client counts one attempt, the
		// server sees two, with the same key.
		{"after work, reused connection", paytest.Fault{DropAfterWork: true}, "order-6737", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t)
			c := rec.client(pay.WithMaxRetries(3))
			charges := charge.NewClient(c)
			ctx := context.Background()
			if tt.warm {
				if _, err := charge.NewClient(c).ListPage(ctx, nil); err != nil {
					t.Fatal(err)
				}
			}
			rec.api.FailNext(1, fault("drop", tt.fault))
			var opts []pay.RequestOption
			if tt.userKey != "" {
				opts = append(opts, pay.IdempotencyKey(tt.userKey))
			}
			var resp pay.Response
			ch, err := charges.Create(ctx, chargeParams("c1"), append(opts, pay.ResponseInto(&resp))...)
			if err != nil {
				t.Fatal(err)
			}
			if resp.Replayed != tt.replayed {
				t.Errorf("Replayed = %v, want %v", resp.Replayed, tt.replayed)
			}
			wantAttempts := 2
			if tt.warm {
				wantAttempts = 1
			}
			if resp.Attempts != wantAttempts {
				t.Errorf("Attempts = %d, want %d", resp.Attempts, wantAttempts)
			}
			var creates []exchange
			for _, ex := range rec.log() {
				if ex.method == http.MethodPost {
					creates = append(creates, ex)
				}
			}
			if len(creates) != 2 {
				t.Fatalf("server saw %d creates, want 2", len(creates))
			}
			if creates[0].status != 0 || creates[1].status != http.StatusOK {
				t.Errorf("statuses %d, %d; want a drop then 200", creates[0].status, creates[1].status)
			}
			key := creates[0].key
			if creates[1].key != key || resp.IdempotencyKey != key {
				t.Errorf("keys %q, %q; Response.IdempotencyKey %q", key, creates[1].key, resp.IdempotencyKey)
			}
			if tt.userKey != "" && key != tt.userKey {
				t.Errorf("sent key %q, want the caller's %q", key, tt.userKey)
			}
			if tt.userKey == "" && !uuidV4.MatchString(key) {
				t.Errorf("generated key %q is not a UUID v4", key)
			}
			stored := allCharges(t, c)
			if len(stored) != 1 || stored[0].ID != ch.ID {
				t.Errorf("API holds %d charges, want exactly the one returned (%s)", len(stored), ch.ID)
			}
		})
	}
}

// TestRetry_LockTimeout retries the API's 409 lock_timeout; when the
// retries run out the caller gets the typed 409, nothing was charged, and a
// second call with the same key charges once.
func TestRetry_LockTimeout(t *testing.T) {
	t.Run("retried", func(t *testing.T) {
		rec := newRecorder(t)
		c := rec.client(pay.WithMaxRetries(3))
		rec.api.FailNext(2, fault("409", paytest.Fault{Status: http.StatusConflict}))
		var resp pay.Response
		ch, err := charge.NewClient(c).Create(context.Background(), chargeParams("c1"), pay.ResponseInto(&resp))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Attempts != 3 || resp.Replayed {
			t.Errorf("Attempts = %d, Replayed = %v; want 3, false", resp.Attempts, resp.Replayed)
		}
		if stored := allCharges(t, c); len(stored) != 1 || stored[0].ID != ch.ID {
			t.Errorf("API holds %d charges, want exactly %s", len(stored), ch.ID)
		}
	})
	t.Run("retries run out", func(t *testing.T) {
		rec := newRecorder(t)
		c := rec.client(pay.WithMaxRetries(1))
		charges := charge.NewClient(c)
		rec.api.FailNext(2, fault("409", paytest.Fault{Status: http.StatusConflict}))
		var resp pay.Response
		_, err := charges.Create(context.Background(), chargeParams("c1"), pay.IdempotencyKey("order-1"), pay.ResponseInto(&resp))
		var pe *pay.Error
		if !errors.As(err, &pe) {
			t.Fatalf("err = %v, want *pay.Error", err)
		}
		if pe.StatusCode != http.StatusConflict || pe.Code != pay.ErrorCodeLockTimeout || pe.Attempts != 2 || pe.RequestID == "" {
			t.Errorf("error = %+v, want the last attempt's 409 lock_timeout after 2 attempts", pe)
		}
		if stored := allCharges(t, c); len(stored) != 0 {
			t.Fatalf("API holds %d charges after a refused create", len(stored))
		}
		ch, err := charges.Create(context.Background(), chargeParams("c1"), pay.IdempotencyKey(resp.IdempotencyKey))
		if err != nil {
			t.Fatal(err)
		}
		if stored := allCharges(t, c); len(stored) != 1 || stored[0].ID != ch.ID {
			t.Errorf("API holds %d charges, want exactly %s", len(stored), ch.ID)
		}
	})
}

// TestRetry_RetryAfterSeenByServer measures, on the server, the time
// between a 429 with Retry-After and the retry: Retry-After is honoured,
// capped at the maximum wait and raised to the minimum.
func TestRetry_RetryAfterSeenByServer(t *testing.T) {
	tests := []struct {
		name             string
		retryAfter       string
		minWait, maxWait time.Duration
		lo, hi           time.Duration // the gap between the two requests
		slow             bool          // waits a second; skipped with -short
	}{
		{"honoured", "1", time.Millisecond, 5 * time.Second, 950 * time.Millisecond, 3 * time.Second, true},
		{"capped at the max wait", "30", time.Millisecond, 150 * time.Millisecond, 140 * time.Millisecond, 2 * time.Second, false},
		{"raised to the min wait", "0", 100 * time.Millisecond, 5 * time.Second, 90 * time.Millisecond, 2 * time.Second, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.slow && testing.Short() {
				t.Skip("Retry-After: 1 waits a real second; skipped with -short")
			}
			t.Parallel()
			rec := newRecorder(t)
			c := rec.client(pay.WithRetryWait(tt.minWait, tt.maxWait))
			rec.api.FailNext(1, fault("429", paytest.Fault{Status: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {tt.retryAfter}}}))
			if _, err := charge.NewClient(c).Create(context.Background(), chargeParams("c1")); err != nil {
				t.Fatal(err)
			}
			log := rec.log()
			if len(log) != 2 || log[0].status != http.StatusTooManyRequests || log[1].status != http.StatusOK {
				t.Fatalf("server saw %+v, want a 429 then a 200", log)
			}
			if gap := log[1].at.Sub(log[0].at); gap < tt.lo || gap > tt.hi {
				t.Errorf("retry came %v after the 429, want in [%v, %v]", gap, tt.lo, tt.hi)
			}
		})
	}
}
