package pay

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// attemptLog records what each attempt of a call carried.
type attemptLog struct {
	mu     sync.Mutex
	keys   []string
	bodies []string
}

func (l *attemptLog) record(r *http.Request) int {
	b, _ := io.ReadAll(r.Body)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.keys = append(l.keys, r.Header.Get("Idempotency-Key"))
	l.bodies = append(l.bodies, string(b))
	return len(l.keys)
}

func (l *attemptLog) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.keys)
}

// checkSame checks that every attempt carried the same key and body.
func (l *attemptLog) checkSame(t *testing.T, wantKey string) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range l.keys {
		assert.Equal(t, l.keys[0], l.keys[i], "attempt %d's key differs from attempt 1's", i+1)
		assert.Equal(t, l.bodies[0], l.bodies[i], "attempt %d's body differs from attempt 1's", i+1)
	}
	if len(l.keys) > 0 && wantKey != "" {
		assert.Equal(t, wantKey, l.keys[0], "Idempotency-Key")
	}
}

func TestRetryPolicy(t *testing.T) {
	tests := []struct {
		status       int
		shouldRetry  string // Stripe-Should-Retry header, "" for none
		wantAttempts int    // with the default 2 retries
	}{
		{409, "", 3},
		{429, "", 3},
		{500, "", 3},
		{501, "", 3},
		{502, "", 3},
		{503, "", 3},
		{504, "", 3},
		{400, "", 1},
		{401, "", 1},
		{402, "", 1},
		{403, "", 1},
		{404, "", 1},
		{422, "", 1},
		{400, "true", 3},
		{402, "true", 3},
		{409, "false", 1},
		{429, "false", 1},
		{500, "false", 1},
		{503, "false", 1},
		{500, "maybe", 3},
		{400, "maybe", 1},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d/should-retry=%s", tt.status, tt.shouldRetry), func(t *testing.T) {
			c, mux := setup(t)
			var log attemptLog
			mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
				n := log.record(r)
				if tt.shouldRetry != "" {
					w.Header().Set("Stripe-Should-Retry", tt.shouldRetry)
				}
				w.Header().Set("Request-Id", "req_"+strconv.Itoa(n))
				writeJSON(w, tt.status, `{"error":{"type":"api_error","message":"attempt `+strconv.Itoa(n)+`"}}`)
			})
			var resp Response
			err := c.Do(context.Background(), "POST", "/v1/charges", &testParams{Amount: 100, Currency: "usd"}, nil, ResponseInto(&resp))
			var pe *Error
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.wantAttempts, log.count(), "attempts the server saw")
			// The error is the last attempt's.
			last := strconv.Itoa(tt.wantAttempts)
			assert.True(t, pe.Attempts == tt.wantAttempts && pe.StatusCode == tt.status && pe.RequestID == "req_"+last && pe.Message == "attempt "+last,
				"error = %+v, want the last attempt's (%s)", pe, last)
			assert.True(t, resp.Attempts == tt.wantAttempts && resp.StatusCode == tt.status, "Response = %+v", resp)
			log.checkSame(t, "")
		})
	}
}

func TestRetry_SucceedsWithSameKeyAndBody(t *testing.T) {
	for _, callKey := range []string{"", "order-6735"} {
		t.Run("key="+callKey, func(t *testing.T) {
			c, mux := setup(t)
			var log attemptLog
			mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
				switch log.record(r) {
				case 1:
					hijackClose(t, w) // a dropped connection
				case 2:
					writeJSON(w, 503, `{"error":{"type":"api_error"}}`)
				default:
					writeJSON(w, 200, `{"id":"ch_1","amount":100}`)
				}
			})
			var opts []RequestOption
			if callKey != "" {
				opts = append(opts, IdempotencyKey(callKey))
			}
			var resp Response
			var out object
			err := c.Do(context.Background(), "POST", "/v1/charges",
				&testParams{Amount: 100, Currency: "usd", Metadata: Metadata{"a": "b"}}, &out, append(opts, ResponseInto(&resp))...)
			require.NoError(t, err)
			assert.Equal(t, "ch_1", out.ID)
			assert.Equal(t, 3, resp.Attempts, "Response.Attempts")
			assert.Equal(t, 3, log.count(), "attempts the server saw")
			log.checkSame(t, callKey)
			if callKey == "" {
				assert.Regexp(t, uuidV4, log.keys[0], "generated key is not a UUID v4")
			}
			assert.Equal(t, log.keys[0], resp.IdempotencyKey, "Response.IdempotencyKey, sent")
		})
	}
}

func TestRetry_ConnectionErrors(t *testing.T) {
	c, mux := setup(t)
	var log attemptLog
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		log.record(r)
		hijackClose(t, w)
	})
	var resp Response
	err := c.Do(context.Background(), "DELETE", "/v1/charges", nil, nil, IdempotencyKey("del-1"), ResponseInto(&resp))
	require.Error(t, err)
	assert.Equal(t, 3, log.count(), "attempts the server saw")
	assert.Equal(t, 3, resp.Attempts, "Response.Attempts")
	log.checkSame(t, "del-1")
}

func TestRetry_MaxRetries(t *testing.T) {
	tests := []struct {
		n    int
		want int
	}{{0, 1}, {-1, 1}, {1, 2}, {5, 6}}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.n), func(t *testing.T) {
			c, mux := setup(t, WithMaxRetries(tt.n), WithRetryWait(0, 0))
			var hits atomic.Int32
			mux.HandleFunc("/v1/x", func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				writeJSON(w, 500, `{"error":{"type":"api_error"}}`)
			})
			err := c.Do(context.Background(), "GET", "/v1/x", nil, nil)
			var pe *Error
			if assert.ErrorAs(t, err, &pe) {
				assert.Equal(t, tt.want, pe.Attempts, "err = %v", err)
			}
			assert.EqualValues(t, tt.want, hits.Load(), "attempts the server saw")
		})
	}
}

func TestBackoff_Jitter(t *testing.T) {
	const minW, maxW = 100 * time.Millisecond, 5 * time.Second
	for attempt := range 40 {
		lo, hi := maxW/2, maxW // the exponential step for this attempt, before jitter
		if attempt < 5 {
			hi = minW << (attempt + 1)
			lo = hi / 2
		}
		seen := map[time.Duration]bool{}
		for range 200 {
			d := backoff(minW, maxW, attempt, nil)
			require.True(t, d >= lo && d <= hi, "attempt %d: backoff %v outside [%v, %v]", attempt, d, lo, hi)
			seen[d] = true
		}
		assert.GreaterOrEqual(t, len(seen), 10, "attempt %d: distinct waits in 200; no jitter?", attempt)
	}
	// Degenerate bounds never panic and stay in range.
	for _, b := range [][2]time.Duration{{0, 0}, {0, time.Millisecond}, {time.Second, time.Second}, {1, 2}} {
		for attempt := range 70 {
			d := backoff(b[0], b[1], attempt, nil)
			assert.True(t, d >= b[0] && d <= b[1], "backoff(%v, %v, %d) = %v", b[0], b[1], attempt, d)
		}
	}
}

func TestBackoff_RetryAfter(t *testing.T) {
	const minW, maxW = 100 * time.Millisecond, 5 * time.Second
	tests := []struct {
		header string
		lo, hi time.Duration
	}{
		{"2", 2 * time.Second, 2 * time.Second},
		{"0.5", 500 * time.Millisecond, 500 * time.Millisecond},
		{"30", maxW, maxW},        // capped at the max wait
		{"0", minW, minW},         // raised to the min wait
		{"-1", minW, 2 * minW},    // invalid: backoff for attempt 0
		{"soon", minW, 2 * minW},  // invalid
		{"1e9", maxW, maxW},       // longer than the max: the max, never shorter
		{"1000001", maxW, maxW},   // was once read as absurd and waited less
		{"1e400", maxW, maxW},     // beyond float64
		{"+Inf", maxW, maxW},      // infinite
		{"NaN", minW, 2 * minW},   // invalid
		{"", minW, 2 * minW},      // absent
		{http.TimeFormat, 0, 0},   // placeholder, replaced below
		{"past-date", minW, minW}, // replaced below: raised to the min wait
	}
	tests[12] = struct {
		header string
		lo, hi time.Duration
	}{time.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat), 1900 * time.Millisecond, 3 * time.Second}
	tests[13].header = time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat)
	for _, tt := range tests {
		resp := &http.Response{Header: http.Header{}}
		if tt.header != "" {
			resp.Header.Set("Retry-After", tt.header)
		}
		d := backoff(minW, maxW, 0, resp)
		assert.True(t, d >= tt.lo && d <= tt.hi, "Retry-After %q: backoff %v, want in [%v, %v]", tt.header, d, tt.lo, tt.hi)
	}
}

func TestRetry_RetryAfterHonoured(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter string
		maxWait    time.Duration
		lo, hi     time.Duration // the whole call's duration
	}{
		{"waits as asked", "1", 5 * time.Second, 900 * time.Millisecond, 4 * time.Second},
		{"capped at max wait", "30", 50 * time.Millisecond, 40 * time.Millisecond, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if testing.Short() && tt.lo >= time.Second/2 {
				t.Skip("waits a real second; -short skips it")
			}
			c, mux := setup(t, WithRetryWait(time.Millisecond, tt.maxWait))
			var hits atomic.Int32
			mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
				if hits.Add(1) == 1 {
					w.Header().Set("Retry-After", tt.retryAfter)
					writeJSON(w, 429, `{"error":{"type":"invalid_request_error","code":"rate_limit"}}`)
					return
				}
				writeJSON(w, 200, `{"id":"ch_1"}`)
			})
			start := time.Now()
			require.NoError(t, c.Do(context.Background(), "POST", "/v1/charges", nil, nil))
			el := time.Since(start)
			assert.True(t, el >= tt.lo && el <= tt.hi, "call took %v, want in [%v, %v]", el, tt.lo, tt.hi)
			assert.EqualValues(t, 2, hits.Load(), "attempts")
		})
	}
}

func TestRetry_ContextEndsWait(t *testing.T) {
	for _, how := range []string{"cancel", "deadline"} {
		t.Run(how, func(t *testing.T) {
			c, mux := setup(t, WithRetryWait(30*time.Second, 30*time.Second))
			var hits atomic.Int32
			mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				w.Header().Set("Request-Id", "req_503")
				writeJSON(w, 503, `{"error":{"type":"api_error","message":"busy"}}`)
			})
			ctx, cancel := context.WithCancel(context.Background())
			want := context.Canceled
			if how == "deadline" {
				ctx, cancel = context.WithTimeout(context.Background(), 100*time.Millisecond)
				want = context.DeadlineExceeded
			} else {
				time.AfterFunc(100*time.Millisecond, cancel)
			}
			defer cancel()
			start := time.Now()
			var resp Response
			err := c.Do(ctx, "POST", "/v1/charges", nil, nil, ResponseInto(&resp))
			assert.LessOrEqual(t, time.Since(start), time.Second, "the 30s wait must end with the context")
			assert.ErrorIs(t, err, want)
			assert.EqualValues(t, 1, hits.Load(), "attempts the server saw")
			assert.Equal(t, 1, resp.Attempts, "Response.Attempts")
			// The last attempt's typed error is what the caller gets.
			var perr *Error
			require.ErrorAs(t, err, &perr, "want the 503's *pay.Error wrapping %v", want)
			assert.True(t, perr.StatusCode == 503 && perr.Message == "busy" && perr.RequestID == "req_503" && perr.Attempts == 1,
				"error = %+v, want the 503 (busy, req_503) after 1 attempt", perr)
			assert.True(t, resp.StatusCode == 503 && resp.RequestID == "req_503", "Response = %+v, want the 503's status and request id", resp)
		})
	}
}

// TestRetry_ContextDoneWhenResponseArrives ends the context just as a
// retryable response arrives (a transport that cancels, then answers 500):
// no retry is made, and the caller gets that response's typed error,
// wrapping the context's.
func TestRetry_ContextDoneWhenResponseArrives(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var hits atomic.Int32
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		hits.Add(1)
		cancel()
		return &http.Response{
			StatusCode: 500,
			Header:     http.Header{"Content-Type": {"application/json"}, "Request-Id": {"req_500"}},
			Body:       io.NopCloser(strings.NewReader(`{"error":{"type":"api_error","message":"boom"}}`)),
			Request:    r,
		}, nil
	})
	c := NewClient("sk_test_123", WithBaseURL("http://127.0.0.1:1"), WithHTTPClient(&http.Client{Transport: rt}),
		WithRetryWait(time.Millisecond, time.Millisecond))
	err := c.Do(ctx, "POST", "/v1/charges", nil, nil)
	require.EqualValues(t, 1, hits.Load(), "attempts after the context ended")
	var perr *Error
	require.ErrorAs(t, err, &perr, "want the 500's *pay.Error")
	require.True(t, perr.StatusCode == 500 && perr.Message == "boom" && perr.RequestID == "req_500", "err = %#v, want the 500's *pay.Error", err)
	assert.ErrorIs(t, err, context.Canceled)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestRetry_NeverAfterContextDone(t *testing.T) {
	c, mux := setup(t)
	var hits atomic.Int32
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := c.Do(ctx, "POST", "/v1/charges", nil, nil)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, hits.Load(), "requests sent with a done context")
}

func TestRetry_PerAttemptTimeoutVsDeadline(t *testing.T) {
	slow := func(hits *atomic.Int32, slowAttempts int32) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if hits.Add(1) <= slowAttempts {
				select {
				case <-r.Context().Done():
				case <-time.After(3 * time.Second):
				}
				return
			}
			writeJSON(w, 200, `{"id":"ch_1"}`)
		}
	}
	t.Run("attempt timeout is retried", func(t *testing.T) {
		c, mux := setup(t, WithHTTPClient(&http.Client{Timeout: 100 * time.Millisecond}))
		var hits atomic.Int32
		var keys sync.Map
		mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
			keys.Store(r.Header.Get("Idempotency-Key"), true)
			slow(&hits, 1)(w, r)
		})
		var resp Response
		var out object
		require.NoError(t, c.Do(context.Background(), "POST", "/v1/charges", nil, &out, ResponseInto(&resp)))
		assert.Equal(t, "ch_1", out.ID)
		assert.Equal(t, 2, resp.Attempts, "Response.Attempts")
		assert.EqualValues(t, 2, hits.Load(), "attempts the server saw")
		n := 0
		keys.Range(func(any, any) bool { n++; return true })
		assert.Equal(t, 1, n, "distinct idempotency keys across attempts")
	})
	t.Run("caller's deadline is not retried", func(t *testing.T) {
		c, mux := setup(t, WithHTTPClient(&http.Client{Timeout: 10 * time.Second}))
		var hits atomic.Int32
		mux.HandleFunc("/v1/charges", slow(&hits, 100))
		ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
		defer cancel()
		start := time.Now()
		err := c.Do(ctx, "POST", "/v1/charges", nil, nil)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.LessOrEqual(t, time.Since(start), 2*time.Second, "took too long")
		assert.EqualValues(t, 1, hits.Load(), "attempts the server saw")
	})
}

// TestRetry_GivingUpKeepsOtherConnections checks that a call that runs out of
// retries does not close the idle connections that other calls share.
func TestRetry_GivingUpKeepsOtherConnections(t *testing.T) {
	var dials atomic.Int32
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	t.Cleanup(tr.CloseIdleConnections)
	c, mux := setup(t, WithMaxRetries(1), WithHTTPClient(&http.Client{Transport: tr}))
	var mu sync.Mutex
	var waiting []chan struct{}
	mux.HandleFunc("/v1/pair", func(w http.ResponseWriter, r *http.Request) {
		// Hold requests in pairs, so that a pair needs two connections.
		ch := make(chan struct{})
		mu.Lock()
		waiting = append(waiting, ch)
		if len(waiting) == 2 {
			for _, c := range waiting {
				close(c)
			}
			waiting = nil
		}
		mu.Unlock()
		<-ch
		writeJSON(w, 200, `{}`)
	})
	mux.HandleFunc("/v1/fail", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 500, `{"error":{"type":"api_error"}}`) })
	pair := func() {
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				assert.NoError(t, c.Do(context.Background(), "GET", "/v1/pair", nil, nil))
			}()
		}
		wg.Wait()
	}
	pair()
	require.EqualValues(t, 2, dials.Load(), "connections for two concurrent calls")
	require.Error(t, c.Do(context.Background(), "GET", "/v1/fail", nil, nil))
	pair()
	assert.EqualValues(t, 2, dials.Load(), "connections dialled in all: giving up closed the idle ones")
}
