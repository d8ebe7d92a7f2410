package pay

import (
	"context"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// perHour is a rate so small that no test ever gets a second turn: a call
// past the burst waits an hour, longer than any test's deadline.
const perHour = 1.0 / 3600

// countingServer answers every request with status (200: a charge) and
// counts them.
func countingServer(t *testing.T, status int) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		if status == 0 {
			hijackWrite(t, w, "")
			return
		}
		if status != 200 {
			writeJSON(w, status, `{"error":{"type":"api_error","message":"try later"}}`)
			return
		}
		writeJSON(w, 200, `{"id":"ch_1"}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// minuteCtx is a context whose deadline is a minute away: far later than a
// call that ends "at once" takes, far sooner than a perHour turn.
func minuteCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func TestRateLimit_DeadlineBeforeTurnEndsAtOnce(t *testing.T) {
	srv, n := countingServer(t, 200)
	c := NewClient(testKey, WithBaseURL(srv.URL), WithRateLimit(perHour, 2))
	for range 2 {
		require.NoError(t, c.Do(context.Background(), "POST", "/v1/charges", nil, nil), "within the burst")
	}

	ctx := minuteCtx(t)
	var resp Response
	err := c.Do(ctx, "POST", "/v1/charges", nil, nil, ResponseInto(&resp))
	require.Error(t, err)
	require.NoError(t, ctx.Err(), "the call ended before its deadline, without waiting for it")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.ErrorIs(t, err, ErrRetryLater)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown, "nothing was sent")
	var pe *Error
	assert.False(t, errors.As(err, &pe), "no answer: not an *Error: %v", err)
	var ne interface{ Timeout() bool }
	require.ErrorAs(t, err, &ne)
	assert.True(t, ne.Timeout())
	assert.Contains(t, err.Error(), "not sent")
	assert.Contains(t, err.Error(), "rate limit")
	assert.Equal(t, 0, resp.Attempts)
	assert.NotEmpty(t, resp.IdempotencyKey)
	assert.EqualValues(t, 2, n.Load(), "requests the server got")
}

func TestRateLimit_RetriesWaitTheirTurn(t *testing.T) {
	tests := []struct {
		name   string
		status int // 0: every attempt's connection is dropped
	}{
		{"5xx", 503},
		{"dropped", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, n := countingServer(t, tt.status)
			c := NewClient(testKey, WithBaseURL(srv.URL), WithRateLimit(perHour, 2),
				WithMaxRetries(5), WithRetryWait(time.Millisecond, time.Millisecond))
			ctx := minuteCtx(t)
			var resp Response
			err := c.Do(ctx, "POST", "/v1/charges", nil, nil, ResponseInto(&resp))
			require.Error(t, err)
			require.NoError(t, ctx.Err(), "the third attempt's turn is after the deadline: the call ends at once")
			assert.EqualValues(t, 2, n.Load(), "the first attempt and one retry, then no turn")
			assert.Equal(t, 2, resp.Attempts)
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			assert.ErrorIs(t, err, ErrRetryLater)
			assert.ErrorIs(t, err, ErrOutcomeUnknown, "a POST sent without a definitive answer")
			var pe *Error
			if tt.status == 0 {
				assert.False(t, errors.As(err, &pe), "no answer: not an *Error: %v", err)
				assert.Contains(t, err.Error(), "no answer after 2 attempt(s)")
				assert.Contains(t, err.Error(), "rate limit")
				return
			}
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, 503, pe.StatusCode)
			assert.Equal(t, 2, pe.Attempts)
			assert.Equal(t, ErrorTypeAPI, pe.Type)
		})
	}
}

func TestRateLimit_WaitCutShortSendsNothing(t *testing.T) {
	srv, n := countingServer(t, 200)
	c := NewClient(testKey, WithBaseURL(srv.URL), WithRateLimit(perHour, 1))
	require.NoError(t, c.Do(context.Background(), "POST", "/v1/charges", nil, nil))

	ctx, cancel := context.WithCancel(context.Background()) // no deadline: the call waits
	defer cancel()
	stop := time.AfterFunc(20*time.Millisecond, cancel)
	defer stop.Stop()
	var resp Response
	err := c.Do(ctx, "POST", "/v1/charges", nil, nil, ResponseInto(&resp))
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, err, ErrRetryLater)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	assert.Equal(t, 0, resp.Attempts)
	assert.EqualValues(t, 1, n.Load(), "the cancelled wait sent nothing")
}

// TestRateLimit_OneLimiterPerClient: concurrent calls of one client share
// its burst; another client has its own.
func TestRateLimit_OneLimiterPerClient(t *testing.T) {
	srv, n := countingServer(t, 200)
	const burst, calls = 3, 10
	for round, c := range []*Client{
		NewClient(testKey, WithBaseURL(srv.URL), WithRateLimit(perHour, burst)),
		NewClient(testKey, WithBaseURL(srv.URL), WithRateLimit(perHour, burst)),
	} {
		ctx := minuteCtx(t)
		var ok, late atomic.Int32
		var wg sync.WaitGroup
		for range calls {
			wg.Go(func() {
				err := c.Do(ctx, "GET", "/v1/charges/ch_1", nil, nil)
				switch {
				case err == nil:
					ok.Add(1)
				case errors.Is(err, context.DeadlineExceeded):
					late.Add(1)
				default:
					assert.Fail(t, "unexpected error", "%v", err)
				}
			})
		}
		wg.Wait()
		require.NoError(t, ctx.Err())
		assert.EqualValues(t, burst, ok.Load(), "client %d: calls within its burst", round)
		assert.EqualValues(t, calls-burst, late.Load(), "client %d: calls whose turn is after their deadline", round)
		assert.EqualValues(t, burst*(round+1), n.Load(), "requests the server got")
	}
}

// countingTransport counts the round trips it carries.
type countingTransport struct {
	base http.RoundTripper
	n    atomic.Int32
}

func (t *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.n.Add(1)
	return t.base.RoundTrip(r)
}

// TestRateLimit_ComposesWithHTTPClient: the limit holds for a client of the
// caller's own, whatever its transport, and its wait is not part of the
// client's per-attempt Timeout.
func TestRateLimit_ComposesWithHTTPClient(t *testing.T) {
	srv, n := countingServer(t, 200)
	rt := &countingTransport{base: srv.Client().Transport}
	c := NewClient(testKey, WithBaseURL(srv.URL), WithRateLimit(perHour, 1),
		WithHTTPClient(&http.Client{Transport: rt}))
	require.NoError(t, c.Do(context.Background(), "GET", "/v1/charges/ch_1", nil, nil))
	err := c.Do(minuteCtx(t), "GET", "/v1/charges/ch_1", nil, nil)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.EqualValues(t, 1, rt.n.Load(), "round trips through the caller's transport")
	assert.EqualValues(t, 1, n.Load())

	// A turn a second away, under a 500ms per-attempt timeout: the wait
	// comes before the attempt, so the attempt still has its 500ms.
	c = NewClient(testKey, WithBaseURL(srv.URL), WithRateLimit(1, 1), WithMaxRetries(0),
		WithHTTPClient(&http.Client{Transport: rt, Timeout: 500 * time.Millisecond}))
	for range 2 {
		require.NoError(t, c.Do(minuteCtx(t), "GET", "/v1/charges/ch_1", nil, nil))
	}
	assert.EqualValues(t, 3, rt.n.Load())
}

func TestRateLimit_ManyTurns(t *testing.T) {
	srv, n := countingServer(t, 200)
	c := NewClient(testKey, WithBaseURL(srv.URL), WithRateLimit(2000, 1))
	for range 20 {
		require.NoError(t, c.Do(minuteCtx(t), "GET", "/v1/charges/ch_1", nil, nil))
	}
	assert.EqualValues(t, 20, n.Load())
}

func TestWithRateLimit_NoLimit(t *testing.T) {
	for _, r := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		c := NewClient(testKey, WithRateLimit(r, 1))
		assert.Nil(t, c.limiter, "WithRateLimit(%v, 1)", r)
		assert.Nil(t, c.rc.PrepareRetry)
	}
	c := NewClient(testKey, WithRateLimit(5, 1), WithRateLimit(0, 0))
	assert.Nil(t, c.limiter, "a later option wins")
	c = NewClient(testKey, WithRateLimit(5, -3))
	require.NotNil(t, c.limiter)
	assert.Equal(t, 1, c.limiter.Burst(), "a burst below 1 counts as 1")
}
