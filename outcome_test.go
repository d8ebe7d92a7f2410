package pay

// Regression tests for the ways a stored charge could be reported as failed,
// or a call could go wrong before or after sending.

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"weak"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// store is a server-side idempotency cache: the first request with a key
// does the work (counted), later ones replay its answer.
type store struct {
	mu      sync.Mutex
	created int
	keys    map[string]string
	seen    []string // the Idempotency-Key of every request, in order
}

func (s *store) charge(r *http.Request) (body string, replayed bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := r.Header.Get("Idempotency-Key")
	s.seen = append(s.seen, k)
	if b, ok := s.keys[k]; ok {
		return b, true
	}
	if s.keys == nil {
		s.keys = map[string]string{}
	}
	s.created++
	b := `{"id":"ch_` + strconv.Itoa(s.created) + `","amount":2000}`
	s.keys[k] = b
	return b, false
}

// hijackWrite writes raw bytes on the connection and closes it, to send a
// response that is cut short or malformed.
func hijackWrite(t *testing.T, w http.ResponseWriter, raw string) {
	t.Helper()
	conn, buf, err := http.NewResponseController(w).Hijack()
	require.NoError(t, err)
	buf.WriteString(raw)
	buf.Flush()
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0) // a reset, not a clean close
	}
	conn.Close()
}

func TestDo_BodyCutShortIsRetriedWithSameKey(t *testing.T) {
	cuts := map[string]func(t *testing.T, w http.ResponseWriter, body string){
		"reset mid-body": func(t *testing.T, w http.ResponseWriter, body string) {
			hijackWrite(t, w, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "+strconv.Itoa(len(body))+"\r\n\r\n"+body[:len(body)/2])
		},
		"EOF before content-length": func(t *testing.T, w http.ResponseWriter, body string) {
			w.Header().Set("Content-Length", strconv.Itoa(len(body)+10))
			w.WriteHeader(200)
			io.WriteString(w, body)
		},
		"complete response, JSON cut": func(t *testing.T, w http.ResponseWriter, body string) {
			writeJSON(w, 200, body[:len(body)-5])
		},
	}
	for name, cut := range cuts {
		t.Run(name, func(t *testing.T) {
			c, mux := setup(t)
			var s store
			mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
				body, replayed := s.charge(r)
				if !replayed {
					cut(t, w, body) // the charge is stored; its answer is lost
					return
				}
				w.Header().Set("Idempotent-Replayed", "true")
				writeJSON(w, 200, body)
			})
			var out object
			var resp Response
			err := c.Do(context.Background(), "POST", "/v1/charges", testParams{Amount: 2000, Currency: "usd"}, &out, ResponseInto(&resp))
			require.NoError(t, err)
			assert.Equal(t, object{ID: "ch_1", Amount: 2000}, out, "the replayed, stored charge")
			assert.Equal(t, 1, s.created, "charges stored")
			assert.Equal(t, 2, resp.Attempts)
			assert.True(t, resp.Replayed)
			require.Len(t, s.seen, 2)
			assert.Equal(t, s.seen[0], s.seen[1], "both attempts carry one idempotency key")
			assert.Equal(t, resp.IdempotencyKey, s.seen[0])
		})
	}
}

func TestDo_PerAttemptTimeoutInBodyIsRetried(t *testing.T) {
	c, mux := setup(t, WithHTTPClient(&http.Client{Timeout: 150 * time.Millisecond}))
	var s store
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		body, replayed := s.charge(r)
		w.Header().Set("Content-Type", "application/json")
		if replayed {
			io.WriteString(w, body)
			return
		}
		io.WriteString(w, body[:5])
		w.(http.Flusher).Flush()
		select { // the body stalls past the attempt's timeout
		case <-r.Context().Done():
		case <-time.After(3 * time.Second):
		}
	})
	var out object
	var resp Response
	require.NoError(t, c.Do(context.Background(), "POST", "/v1/charges", nil, &out, ResponseInto(&resp)))
	assert.Equal(t, "ch_1", out.ID)
	assert.Equal(t, 1, s.created)
	assert.Equal(t, 2, resp.Attempts)
}

func TestDo_PerAttemptTimeoutIsNotTheCallersDeadline(t *testing.T) {
	c, mux := setup(t, WithMaxRetries(1), WithHTTPClient(&http.Client{Timeout: 50 * time.Millisecond}))
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	err := c.Do(context.Background(), "POST", "/v1/charges", nil, nil)
	require.Error(t, err)
	assert.False(t, errors.Is(err, context.DeadlineExceeded), "the caller's context did not end: %v", err)
	assert.True(t, errors.Is(err, ErrOutcomeUnknown), "sent, no answer: %v", err)
	var ne net.Error
	require.True(t, errors.As(err, &ne), "a transport error is a net.Error: %T", err)
	assert.True(t, ne.Timeout())
}

func TestDo_MethodAnyCase(t *testing.T) {
	c, mux := setup(t)
	var got *http.Request
	var hits atomic.Int32
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		got = r.Clone(context.Background())
		writeJSON(w, 200, `{"id":"ch_1"}`)
	})
	var out object
	require.NoError(t, c.Do(context.Background(), "post", "/v1/charges", testParams{Amount: 100}, &out))
	require.NotNil(t, got)
	assert.Equal(t, "POST", got.Method)
	assert.NotEmpty(t, got.Header.Get("Idempotency-Key"))
	assert.Equal(t, "application/x-www-form-urlencoded", got.Header.Get("Content-Type"))
	assert.EqualValues(t, 1, hits.Load())

	for _, bad := range []string{"", "PO ST", "GET\r\nX: y", "P\x00ST", strings.Repeat("A", 40)} {
		err := c.Do(context.Background(), bad, "/v1/charges", nil, nil)
		var pe *Error
		require.ErrorAs(t, err, &pe, "method %q", bad)
		assert.Equal(t, "method", pe.Param)
		assert.Equal(t, 0, pe.StatusCode)
		assert.NotContains(t, pe.Error(), "\n")
	}
	assert.EqualValues(t, 1, hits.Load(), "nothing sent for a bad method")
}

func TestDo_OutCheckedBeforeSending(t *testing.T) {
	c, mux := setup(t)
	var hits atomic.Int32
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		writeJSON(w, 200, `{"id":"ch_1"}`)
	})
	var typedNil *object
	for name, out := range map[string]any{"struct value": object{}, "map value": map[string]any{}, "typed nil pointer": typedNil, "int": 3} {
		t.Run(name, func(t *testing.T) {
			err := c.Do(context.Background(), "POST", "/v1/charges", nil, out)
			var pe *Error
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, ErrorTypeInvalidRequest, pe.Type)
			assert.Equal(t, "out", pe.Param)
			assert.Equal(t, 0, pe.StatusCode)
			assert.Equal(t, 0, pe.Attempts)
		})
	}
	assert.EqualValues(t, 0, hits.Load(), "nothing may be charged when out cannot be decoded into")
	require.NoError(t, c.Do(context.Background(), "POST", "/v1/charges", nil, nil), "nil out is allowed")
}

func TestDo_NilContext(t *testing.T) {
	c, mux := setup(t)
	var hits atomic.Int32
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })
	var ctx context.Context // nil
	var err error
	require.NotPanics(t, func() { err = c.Do(ctx, "POST", "/v1/charges", nil, nil) })
	var pe *Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "ctx", pe.Param)
	assert.Equal(t, 0, pe.StatusCode)
	assert.EqualValues(t, 0, hits.Load())
}

func TestDo_DoneContextSendsNothing(t *testing.T) {
	c, mux := setup(t)
	var hits atomic.Int32
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var resp Response
	err := c.Do(ctx, "POST", "/v1/charges", nil, nil, ResponseInto(&resp))
	assert.ErrorIs(t, err, context.Canceled)
	assert.False(t, errors.Is(err, ErrOutcomeUnknown), "nothing was sent: %v", err)
	assert.Equal(t, 0, resp.Attempts)
	assert.NotContains(t, err.Error(), "1 attempt")
	assert.Contains(t, err.Error(), "not sent")
	assert.EqualValues(t, 0, hits.Load())
}

func TestDo_RetryAfterHugeWaitsTheMax(t *testing.T) {
	for _, v := range []string{"1000001", "99999999999999999999", "1e300"} {
		d := backoff(10*time.Millisecond, 40*time.Millisecond, 0, &http.Response{Header: http.Header{"Retry-After": {v}}})
		assert.Equal(t, 40*time.Millisecond, d, "Retry-After %s", v)
		one := backoff(10*time.Millisecond, 40*time.Millisecond, 0, &http.Response{Header: http.Header{"Retry-After": {"1"}}})
		assert.GreaterOrEqual(t, d, one, "a longer Retry-After never waits less")
	}
}

// TestDo_OutcomeUnknown drives a POST through each way its outcome can stay
// open, and each way it is settled.
func TestDo_OutcomeUnknown(t *testing.T) {
	drop := func(t *testing.T, w http.ResponseWriter) { hijackWrite(t, w, "") }
	status := func(code int) func(*testing.T, http.ResponseWriter) {
		return func(t *testing.T, w http.ResponseWriter) {
			writeJSON(w, code, `{"error":{"type":"api_error","message":"status `+strconv.Itoa(code)+`"}}`)
		}
	}
	ok := func(t *testing.T, w http.ResponseWriter) { writeJSON(w, 200, `{"id":"ch_1"}`) }
	tests := []struct {
		name     string
		method   string
		answers  []func(*testing.T, http.ResponseWriter) // per attempt; the last repeats
		unknown  bool
		apiError int // the status of the *Error returned, 0 for a transport error
		wantNil  bool
	}{
		{name: "every attempt dropped", method: "POST", answers: a(drop), unknown: true},
		{name: "DELETE dropped", method: "DELETE", answers: a(drop), unknown: true},
		{name: "GET dropped", method: "GET", answers: a(drop)},
		{name: "5xx last", method: "POST", answers: a(status(503)), unknown: true, apiError: 503},
		{name: "dropped then 500", method: "POST", answers: a(drop, status(500)), unknown: true, apiError: 500},
		{name: "GET 5xx", method: "GET", answers: a(status(500)), apiError: 500},
		{name: "400", method: "POST", answers: a(status(400)), apiError: 400},
		{name: "402", method: "POST", answers: a(status(402)), apiError: 402},
		{name: "404", method: "POST", answers: a(status(404)), apiError: 404},
		{name: "429 every time", method: "POST", answers: a(status(429)), apiError: 429},
		{name: "409 every time", method: "POST", answers: a(status(409)), apiError: 409},
		{name: "500 then 400 settles it", method: "POST", answers: a(status(500), status(400)), apiError: 400},
		{name: "dropped then 429 leaves it open", method: "POST", answers: a(drop, status(429)), unknown: true, apiError: 429},
		{name: "dropped then 200", method: "POST", answers: a(drop, ok), wantNil: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			var n atomic.Int32
			mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
				i := min(int(n.Add(1))-1, len(tt.answers)-1)
				tt.answers[i](t, w)
			})
			var resp Response
			err := c.Do(context.Background(), tt.method, "/v1/charges", nil, nil, ResponseInto(&resp))
			if tt.wantNil {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tt.unknown, errors.Is(err, ErrOutcomeUnknown), "errors.Is(%v, ErrOutcomeUnknown)", err)
			var pe *Error
			if tt.apiError != 0 {
				require.ErrorAs(t, err, &pe)
				assert.Equal(t, tt.apiError, pe.StatusCode)
				assert.Equal(t, int(n.Load()), pe.Attempts)
			} else {
				assert.False(t, errors.As(err, &pe), "a transport failure is not an *Error: %v", err)
			}
			assert.Equal(t, int(n.Load()), resp.Attempts, "attempts = requests the server saw")
			if tt.method != "GET" {
				assert.NotEmpty(t, resp.IdempotencyKey, "ResponseInto names the key to retry with")
			}
		})
	}
}

func a(fs ...func(*testing.T, http.ResponseWriter)) []func(*testing.T, http.ResponseWriter) {
	return fs
}

func TestDo_OutcomeUnknownWhenCallerGivesUpInFlight(t *testing.T) {
	c, mux := setup(t)
	arrived := make(chan struct{})
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		close(arrived) // the charge is being made...
		<-r.Context().Done()
	})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-arrived; cancel() }() // ...when the shopper closes the tab
	var resp Response
	err := c.Do(ctx, "POST", "/v1/charges", nil, nil, ResponseInto(&resp))
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.Equal(t, 1, resp.Attempts)
	assert.NotEmpty(t, resp.IdempotencyKey)
	assert.Contains(t, err.Error(), "outcome unknown")
}

// TestClient_SharesOneTransport makes a client per merchant, as a platform
// would: they share one pool of connections instead of holding their own.
func TestClient_SharesOneTransport(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"id":"ch_1"}`)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	for i := range 50 {
		c := NewClient(testKey, WithBaseURL(srv.URL))
		require.NoError(t, c.Do(context.Background(), "GET", "/v1/charges/ch_"+strconv.Itoa(i), nil, nil))
	}
	assert.LessOrEqual(t, conns.Load(), int32(2), "50 clients used one after another share a connection")
	a, b := NewClient(testKey), NewClient("sk_test_other")
	assert.Same(t, a.base, b.base, "clients without WithHTTPClient share one transport")
	NewClient(testKey).CloseIdleConnections()
	(*Client)(nil).CloseIdleConnections() // no panic
}

// TestDo_AttemptsCountNetHTTPResends drops a request on a reused
// connection: net/http may resend it by itself (the Idempotency-Key makes it
// safe to), below the retry policy. Attempts still counts every request the
// server saw.
func TestDo_AttemptsCountNetHTTPResends(t *testing.T) {
	c, mux := setup(t, WithMaxRetries(0))
	var n atomic.Int32
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 2 {
			hijackWrite(t, w, "") // the second request: dropped after it arrived
			return
		}
		writeJSON(w, 200, `{"id":"ch_1"}`)
	})
	require.NoError(t, c.Do(context.Background(), "POST", "/v1/charges", nil, nil)) // warms a keep-alive connection
	before := n.Load()
	var resp Response
	err := c.Do(context.Background(), "POST", "/v1/charges", nil, nil, ResponseInto(&resp))
	seen := int(n.Load() - before)
	assert.Equal(t, seen, resp.Attempts, "Attempts = requests the server saw (err %v)", err)
	if err != nil {
		assert.ErrorIs(t, err, ErrOutcomeUnknown)
	}
}

// TestDo_CallHoldsNothingAfterReturning checks that nothing keeps a call's
// result alive once it returns: the client's Timeout timer (an hour here)
// must be stopped, or it would pin every decoded page of a long listing.
func TestDo_CallHoldsNothingAfterReturning(t *testing.T) {
	c, mux := setup(t, WithHTTPClient(&http.Client{Timeout: time.Hour}))
	mux.HandleFunc("/v1/charges/ch_1", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"id":"ch_1","amount":100}`)
	})
	var ptrs []weak.Pointer[object]
	for range 3 {
		out := new(object)
		require.NoError(t, c.Do(context.Background(), "GET", "/v1/charges/ch_1", nil, out))
		require.Equal(t, "ch_1", out.ID)
		ptrs = append(ptrs, weak.Make(out))
	}
	runtime.GC()
	runtime.GC()
	for i, p := range ptrs {
		assert.Nil(t, p.Value(), "call %d's result is still reachable", i)
	}
}

// TestDo_CarelessTransports covers RoundTrippers that bend the contract, as
// test doubles often do: no panic, a clear result.
func TestDo_CarelessTransports(t *testing.T) {
	tests := []struct {
		name string
		rt   roundTripFunc
		ok   bool
	}{
		{"nil body", func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Header: http.Header{}, Request: r}, nil
		}, false}, // read as empty: "empty response body"
		{"nil body, nil header", func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 400, Request: r}, nil
		}, false},
		{"neither response nor error", func(r *http.Request) (*http.Response, error) { return nil, nil }, false},
		{"response and error", func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(`{}`))}, errors.New("boom")
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewClient(testKey, WithBaseURL("http://127.0.0.1:1"), WithMaxRetries(0), WithHTTPClient(&http.Client{Transport: tt.rt}))
			var err error
			require.NotPanics(t, func() { err = c.Do(context.Background(), "POST", "/v1/charges", nil, nil) })
			if tt.ok {
				assert.NoError(t, err)
			} else {
				assert.Error(t, err)
			}
		})
	}
}

func TestDo_SuccessIsNeverRetried(t *testing.T) {
	c, mux := setup(t)
	var n atomic.Int32
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Stripe-Should-Retry", "true")
		writeJSON(w, 200, `{"id":"ch_1"}`)
	})
	var out object
	var resp Response
	require.NoError(t, c.Do(context.Background(), "POST", "/v1/charges", nil, &out, ResponseInto(&resp)))
	assert.Equal(t, "ch_1", out.ID)
	assert.EqualValues(t, 1, n.Load(), "a success that decoded is the answer")
	assert.Equal(t, 1, resp.Attempts)
}

// TestDo_ZeroRetriesSendsOnce drops a POST on a reused keep-alive
// connection with retries off: net/http must not resend it on its own.
func TestDo_ZeroRetriesSendsOnce(t *testing.T) {
	c, mux := setup(t, WithMaxRetries(0))
	var posts atomic.Int32
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			writeJSON(w, 200, `{"object":"list","data":[]}`)
			return
		}
		posts.Add(1)
		assert.NotEmpty(t, r.Header.Get("Idempotency-Key"), "the server reads the key whatever its case")
		hijackWrite(t, w, "")
	})
	require.NoError(t, c.Do(context.Background(), "GET", "/v1/charges", nil, nil)) // warms a keep-alive connection
	var resp Response
	err := c.Do(context.Background(), "POST", "/v1/charges", nil, nil, ResponseInto(&resp))
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.EqualValues(t, 1, posts.Load(), "retries are off: one request")
	assert.Equal(t, 1, resp.Attempts)
}

// TestDo_OnlyTwoHundredsAndFourHundredsAreAnswers sends a POST statuses
// that are neither a success nor a client error: each leaves the outcome
// unknown, so the caller asks again with the same key instead of charging
// again.
func TestDo_OnlyTwoHundredsAndFourHundredsAreAnswers(t *testing.T) {
	tests := []struct {
		status  string
		unknown bool
	}{
		{"000 X", true},
		{"099 X", true},
		{"300 Multiple Choices", true},
		{"302 Found\r\nLocation: https://elsewhere.example/", true},
		{"307 Temporary Redirect", true},
		{"200 OK\r\nContent-Type: application/json", true}, // with an error object: no answer
		{"402 Payment Required", false},
		{"418 I'm a teapot", false},
		{"600 Beyond", true},
	}
	for _, tt := range tests {
		t.Run(tt.status[:3], func(t *testing.T) {
			base := rawServer(t, func(string) string {
				return response(tt.status, "", `{"error":{"type":"api_error","message":"no"}}`)
			})
			c := NewClient(testKey, WithBaseURL(base), WithMaxRetries(0))
			err := c.Do(context.Background(), "POST", "/v1/charges", nil, nil)
			require.Error(t, err)
			assert.Equal(t, tt.unknown, errors.Is(err, ErrOutcomeUnknown), "%v", err)
		})
	}
}

// TestDo_ContextEndingAWaitAfterANonJSON5xx keeps the context's error
// matchable when the last answer was a proxy's page.
func TestDo_ContextEndingAWaitAfterANonJSON5xx(t *testing.T) {
	for _, body := range []string{"", "<html>bad gateway</html>"} {
		c, mux := setup(t, WithRetryWait(5*time.Second, 10*time.Second))
		mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(503)
			io.WriteString(w, body)
		})
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		err := c.Do(ctx, "POST", "/v1/charges", nil, nil)
		cancel()
		assert.ErrorIs(t, err, context.DeadlineExceeded, "body %q", body)
		assert.ErrorIs(t, err, ErrOutcomeUnknown)
		assert.False(t, errors.Is(err, io.ErrUnexpectedEOF), "an empty page is not a body cut short: %v", err)
		var pe *Error
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, 503, pe.StatusCode)
		assert.NotContains(t, err.Error(), "\n")
	}
}
