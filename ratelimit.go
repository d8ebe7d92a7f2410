package pay

// This file is the client's rate limit: one limiter per Client, waited on
// before every attempt of every call, retries included.

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"time"

	"golang.org/x/time/rate"
)

// WithRateLimit makes the client wait its turn before every attempt,
// retries included: at most perSecond requests a second on average, in
// bursts of at most burst (below 1 counts as 1). All the calls of the
// client, from any number of goroutines, share one limiter, so a batch job
// stays under the account's limit (test mode's is 25 a second) instead of
// collecting 429s; give each client that shares an account a part of it.
//
// The wait honours the call's context: a call whose context ends while it
// waits sends nothing more and fails with the context's error, and one
// whose deadline comes before its turn fails at once, without waiting, with
// an error that matches context.DeadlineExceeded. The wait is not part of
// the per-attempt timeout of WithHTTPClient, with which it composes.
//
// perSecond <= 0 (or NaN), or +Inf, means no limit, the default.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(c *Client) {
		if math.IsNaN(perSecond) || perSecond <= 0 || math.IsInf(perSecond, 1) {
			c.limiter = nil
			return
		}
		c.limiter = rate.NewLimiter(rate.Limit(perSecond), max(burst, 1))
	}
}

// errBeforeTurn is the error of a call whose deadline comes before its turn
// under WithRateLimit. It matches context.DeadlineExceeded, which the
// limiter's own error does not.
type errBeforeTurn struct{ wait time.Duration }

func (e errBeforeTurn) Error() string {
	return fmt.Sprintf("rate limit: the context's deadline comes before this request's turn (in %s)", e.wait.Round(time.Millisecond))
}

func (errBeforeTurn) Unwrap() error { return context.DeadlineExceeded }

// waitTurn waits for the next attempt's turn under the client's rate limit,
// and records in st why a wait failed. It returns nil at once without a
// limit. A context that ends during the wait, or whose deadline comes
// before the turn, gives the turn back (so that other calls are not held up
// by a request never sent) and returns the context's error, or
// errBeforeTurn.
func (c *Client) waitTurn(ctx context.Context, st *callState) error {
	err := c.wait(ctx)
	if err != nil && st != nil {
		st.limitErr = err
	}
	return err
}

// prepareRetry is go-retryablehttp's hook before each retry: the retry
// waits its turn. An error ends the retries; the caller gets the last
// answer's error, wrapping the wait's.
func (c *Client) prepareRetry(req *http.Request) error {
	return c.waitTurn(req.Context(), stateFrom(req.Context()))
}

func (c *Client) wait(ctx context.Context) error {
	if c.limiter == nil {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	now := time.Now()
	r := c.limiter.ReserveN(now, 1)
	if !r.OK() {
		// Only for a burst of 0, which WithRateLimit never makes.
		return fmt.Errorf("rate limit: no request can ever be sent")
	}
	d := r.DelayFrom(now)
	if d <= 0 {
		return nil
	}
	if dl, ok := ctx.Deadline(); ok && dl.Before(now.Add(d)) {
		r.CancelAt(now)
		return errBeforeTurn{wait: d}
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		r.Cancel()
		return ctx.Err()
	}
}
