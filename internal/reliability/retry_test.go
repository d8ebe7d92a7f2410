package reliability_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
		// On a reused connection net/http would resend a request that
		// carries an Idempotency-Key by itself; the client keeps every
		// resend its own: the server sees two, with the same key, and
		// Attempts counts both.
		{"after work, reused connection", paytest.Fault{DropAfterWork: true}, "order-6737", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t)
			c := rec.client(pay.WithMaxRetries(3))
			charges := charge.NewClient(c)
			ctx := context.Background()
			if tt.warm {
				_, err := charge.NewClient(c).ListPage(ctx, nil)
				require.NoError(t, err)
			}
			rec.api.FailNext(1, fault("drop", tt.fault))
			var opts []pay.RequestOption
			if tt.userKey != "" {
				opts = append(opts, pay.IdempotencyKey(tt.userKey))
			}
			var resp pay.Response
			ch, err := charges.Create(ctx, chargeParams("c1"), append(opts, pay.ResponseInto(&resp))...)
			require.NoError(t, err)
			assert.Equal(t, tt.replayed, resp.Replayed, "Replayed")
			assert.Equal(t, 2, resp.Attempts, "Attempts: every request the server saw")
			var creates []exchange
			for _, ex := range rec.log() {
				if ex.method == http.MethodPost {
					creates = append(creates, ex)
				}
			}
			require.Len(t, creates, 2, "creates the server saw")
			assert.Equal(t, []int{0, http.StatusOK}, []int{creates[0].status, creates[1].status}, "want a drop then 200")
			key := creates[0].key
			assert.Equal(t, key, creates[1].key, "the retry's key")
			assert.Equal(t, key, resp.IdempotencyKey, "Response.IdempotencyKey")
			if tt.userKey != "" {
				assert.Equal(t, tt.userKey, key, "the caller's key, sent as it is")
			} else {
				assert.Regexp(t, uuidV4, key, "a generated key is a UUID v4")
			}
			wantOnly(t, allCharges(t, c), ch)
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
		require.NoError(t, err)
		assert.Equal(t, 3, resp.Attempts)
		assert.False(t, resp.Replayed)
		wantOnly(t, allCharges(t, c), ch)
	})
	t.Run("retries run out", func(t *testing.T) {
		rec := newRecorder(t)
		c := rec.client(pay.WithMaxRetries(1))
		charges := charge.NewClient(c)
		rec.api.FailNext(2, fault("409", paytest.Fault{Status: http.StatusConflict}))
		var resp pay.Response
		_, err := charges.Create(context.Background(), chargeParams("c1"), pay.IdempotencyKey("order-1"), pay.ResponseInto(&resp))
		var pe *pay.Error
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, http.StatusConflict, pe.StatusCode, "the last attempt's status")
		assert.Equal(t, pay.ErrorCodeLockTimeout, pe.Code)
		assert.Equal(t, 2, pe.Attempts)
		assert.NotEmpty(t, pe.RequestID)
		require.Empty(t, allCharges(t, c), "charges after a refused create")
		ch, err := charges.Create(context.Background(), chargeParams("c1"), pay.IdempotencyKey(resp.IdempotencyKey))
		require.NoError(t, err)
		wantOnly(t, allCharges(t, c), ch)
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
			_, err := charge.NewClient(c).Create(context.Background(), chargeParams("c1"))
			require.NoError(t, err)
			log := rec.log()
			require.Len(t, log, 2, "server saw %+v", log)
			require.Equal(t, []int{http.StatusTooManyRequests, http.StatusOK}, []int{log[0].status, log[1].status}, "want a 429 then a 200")
			gap := log[1].at.Sub(log[0].at)
			assert.GreaterOrEqual(t, gap, tt.lo, "the wait after the 429")
			assert.LessOrEqual(t, gap, tt.hi, "the wait after the 429")
		})
	}
}

// wantOnly checks that stored, every charge the API holds, is exactly ch.
func wantOnly(t *testing.T, stored []*charge.Charge, ch *charge.Charge) {
	t.Helper()
	if assert.Len(t, stored, 1, "charges the API holds") {
		assert.Equal(t, ch.ID, stored[0].ID, "the API holds exactly the charge returned")
	}
}
