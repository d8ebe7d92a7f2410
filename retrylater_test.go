package pay

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// apiError answers with the API's error object.
func apiError(status int, typ ErrorType, code ErrorCode) func(*testing.T, http.ResponseWriter) {
	return func(t *testing.T, w http.ResponseWriter) {
		writeJSON(w, status, `{"error":{"type":"`+string(typ)+`","code":"`+string(code)+`","message":"status `+strconv.Itoa(status)+`"}}`)
	}
}

// TestDo_ErrRetryLater runs each way a call can end and checks which of
// ErrRetryLater and ErrOutcomeUnknown it matches, with the *Error's fields.
func TestDo_ErrRetryLater(t *testing.T) {
	drop := func(t *testing.T, w http.ResponseWriter) { hijackWrite(t, w, "") }
	tests := []struct {
		name    string
		method  string
		answers []func(*testing.T, http.ResponseWriter) // per attempt; the last repeats
		later   bool
		unknown bool
		// the *Error returned; zero Type for a transport error
		typ    ErrorType
		code   ErrorCode
		status int
	}{
		{name: "429 rate_limit", method: "POST", answers: a(apiError(429, ErrorTypeInvalidRequest, ErrorCodeRateLimit)),
			later: true, typ: ErrorTypeInvalidRequest, code: ErrorCodeRateLimit, status: 429},
		{name: "429 on a GET", method: "GET", answers: a(apiError(429, ErrorTypeInvalidRequest, ErrorCodeRateLimit)),
			later: true, typ: ErrorTypeInvalidRequest, code: ErrorCodeRateLimit, status: 429},
		{name: "409 lock_timeout", method: "POST", answers: a(apiError(409, ErrorTypeInvalidRequest, ErrorCodeLockTimeout)),
			later: true, typ: ErrorTypeInvalidRequest, code: ErrorCodeLockTimeout, status: 409},
		{name: "409 idempotency_key_in_use on a POST", method: "POST", answers: a(apiError(409, ErrorTypeIdempotency, ErrorCodeIdempotencyKeyInUse)),
			later: true, unknown: true, typ: ErrorTypeIdempotency, code: ErrorCodeIdempotencyKeyInUse, status: 409},
		{name: "409 idempotency_key_in_use on a DELETE", method: "DELETE", answers: a(apiError(409, ErrorTypeIdempotency, ErrorCodeIdempotencyKeyInUse)),
			later: true, unknown: true, typ: ErrorTypeIdempotency, code: ErrorCodeIdempotencyKeyInUse, status: 409},
		{name: "409 idempotency_key_in_use on a GET", method: "GET", answers: a(apiError(409, ErrorTypeIdempotency, ErrorCodeIdempotencyKeyInUse)),
			later: true, typ: ErrorTypeIdempotency, code: ErrorCodeIdempotencyKeyInUse, status: 409},
		{name: "409 with another code", method: "POST", answers: a(apiError(409, ErrorTypeInvalidRequest, "resource_already_exists")),
			typ: ErrorTypeInvalidRequest, code: "resource_already_exists", status: 409},
		{name: "500", method: "POST", answers: a(apiError(500, ErrorTypeAPI, "")),
			later: true, unknown: true, typ: ErrorTypeAPI, status: 500},
		{name: "503 on a GET", method: "GET", answers: a(apiError(503, ErrorTypeAPI, "")),
			later: true, typ: ErrorTypeAPI, status: 503},
		{name: "dropped then 429", method: "POST", answers: a(drop, apiError(429, ErrorTypeInvalidRequest, ErrorCodeRateLimit)),
			later: true, unknown: true, typ: ErrorTypeInvalidRequest, code: ErrorCodeRateLimit, status: 429},
		{name: "in use then 400 settles it", method: "POST", answers: a(apiError(409, ErrorTypeIdempotency, ErrorCodeIdempotencyKeyInUse), apiError(400, ErrorTypeInvalidRequest, ErrorCodeParameterMissing)),
			typ: ErrorTypeInvalidRequest, code: ErrorCodeParameterMissing, status: 400},
		{name: "402 decline", method: "POST", answers: a(apiError(402, ErrorTypeCard, ErrorCodeCardDeclined)),
			typ: ErrorTypeCard, code: ErrorCodeCardDeclined, status: 402},
		{name: "400", method: "POST", answers: a(apiError(400, ErrorTypeInvalidRequest, ErrorCodeParameterMissing)),
			typ: ErrorTypeInvalidRequest, code: ErrorCodeParameterMissing, status: 400},
		{name: "404", method: "GET", answers: a(apiError(404, ErrorTypeInvalidRequest, ErrorCodeResourceMissing)),
			typ: ErrorTypeInvalidRequest, code: ErrorCodeResourceMissing, status: 404},
		{name: "400 idempotency_error", method: "POST", answers: a(apiError(400, ErrorTypeIdempotency, "")),
			typ: ErrorTypeIdempotency, status: 400},
		{name: "every attempt dropped", method: "POST", answers: a(drop), later: true, unknown: true},
		{name: "GET dropped", method: "GET", answers: a(drop), later: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			var n atomic.Int32
			mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
				i := min(int(n.Add(1))-1, len(tt.answers)-1)
				tt.answers[i](t, w)
			})
			err := c.Do(context.Background(), tt.method, "/v1/charges", nil, nil)
			require.Error(t, err)
			assert.Equal(t, tt.later, errors.Is(err, ErrRetryLater), "errors.Is(%v, ErrRetryLater)", err)
			assert.Equal(t, tt.unknown, errors.Is(err, ErrOutcomeUnknown), "errors.Is(%v, ErrOutcomeUnknown)", err)
			var pe *Error
			if tt.typ == "" {
				assert.False(t, errors.As(err, &pe), "a transport failure is not an *Error: %v", err)
				return
			}
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.typ, pe.Type)
			assert.Equal(t, tt.code, pe.Code)
			assert.Equal(t, tt.status, pe.StatusCode)
			assert.Equal(t, int(n.Load()), pe.Attempts, "attempts = requests the server saw")
		})
	}
}

// TestDo_ErrRetryLaterBeforeSending: input refused before sending is
// never "retry later"; a call whose context was done before sending is (the
// same request may succeed later), and is never an unknown outcome.
func TestDo_ErrRetryLaterBeforeSending(t *testing.T) {
	c, mux := setup(t)
	var n atomic.Int32
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) { n.Add(1) })

	err := c.Do(context.Background(), "POST", "no-slash", nil, nil)
	var pe *Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "path", pe.Param)
	assert.NotErrorIs(t, err, ErrRetryLater)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = c.Do(ctx, "POST", "/v1/charges", nil, nil)
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, err, ErrRetryLater)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	assert.EqualValues(t, 0, n.Load(), "nothing was sent")
}

// TestDo_ErrRetryLaterNotForUntrustedCertificate: waiting does not make a
// certificate trusted.
func TestDo_ErrRetryLaterNotForUntrustedCertificate(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { n.Add(1) }))
	defer srv.Close()
	c := NewClient(testKey, WithBaseURL(srv.URL), WithRetryWait(0, 0))
	err := c.Do(context.Background(), "POST", "/v1/charges", nil, nil)
	require.Error(t, err)
	assert.NotErrorIs(t, err, ErrRetryLater)
	assert.EqualValues(t, 0, n.Load())
}

// TestDo_DoubleSubmit is a double click: the second request with the key
// arrives while the first is being carried out and ends, after its retries,
// on idempotency_key_in_use. It is an unknown outcome (the first may still
// succeed), and asking again with the same key later gets the first's
// charge.
func TestDo_DoubleSubmit(t *testing.T) {
	c, mux := setup(t, WithMaxRetries(1))
	var (
		mu       sync.Mutex
		inFlight = map[string]bool{}
		done     = map[string]string{}
		created  int
	)
	firstArrived, release := make(chan struct{}), make(chan struct{})
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		k := r.Header.Get("Idempotency-Key")
		mu.Lock()
		if body, ok := done[k]; ok {
			mu.Unlock()
			w.Header().Set("Idempotent-Replayed", "true")
			writeJSON(w, 200, body)
			return
		}
		if inFlight[k] {
			mu.Unlock()
			apiError(409, ErrorTypeIdempotency, ErrorCodeIdempotencyKeyInUse)(t, w)
			return
		}
		inFlight[k] = true
		created++
		body := `{"id":"ch_` + strconv.Itoa(created) + `"}`
		mu.Unlock()
		close(firstArrived)
		<-release // the first click's charge takes its time
		mu.Lock()
		done[k], inFlight[k] = body, false
		mu.Unlock()
		writeJSON(w, 200, body)
	})

	ctx := context.Background()
	first := make(chan error, 1)
	go func() { first <- c.Do(ctx, "POST", "/v1/charges", nil, nil, IdempotencyKey("order-1")) }()
	<-firstArrived

	var resp Response
	err := c.Do(ctx, "POST", "/v1/charges", nil, nil, IdempotencyKey("order-1"), ResponseInto(&resp))
	var pe *Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, ErrorCodeIdempotencyKeyInUse, pe.Code)
	assert.Equal(t, 409, pe.StatusCode)
	assert.Equal(t, 2, pe.Attempts)
	assert.ErrorIs(t, err, ErrOutcomeUnknown, "the first click may still succeed")
	assert.ErrorIs(t, err, ErrRetryLater)
	assert.Equal(t, "order-1", resp.IdempotencyKey)

	close(release)
	require.NoError(t, <-first)
	var out object
	require.NoError(t, c.Do(ctx, "POST", "/v1/charges", nil, &out, IdempotencyKey(resp.IdempotencyKey), ResponseInto(&resp)))
	assert.Equal(t, "ch_1", out.ID)
	assert.True(t, resp.Replayed)
	assert.Equal(t, 1, created, "one charge for two clicks")
}

// TestDo_LastAttemptDropped is what the README's "Retries and idempotency"
// says of a call whose last attempt got no answer: the error is not an
// *Error, even when an earlier attempt was answered; it is a net.Error whose
// text counts the attempts, and ResponseInto has Attempts (with StatusCode 0
// and no RequestID).
func TestDo_LastAttemptDropped(t *testing.T) {
	c, mux := setup(t, WithMaxRetries(2))
	var n atomic.Int32
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Request-Id", "req_1")
			apiError(503, ErrorTypeAPI, "")(t, w)
			return
		}
		hijackWrite(t, w, "")
	})
	var resp Response
	err := c.Do(context.Background(), "POST", "/v1/charges", nil, nil, IdempotencyKey("order-1"), ResponseInto(&resp))
	require.Error(t, err)
	var pe *Error
	assert.False(t, errors.As(err, &pe), "the last attempt's failure, not the first's 503: %v", err)
	var ne net.Error
	require.ErrorAs(t, err, &ne)
	assert.False(t, ne.Timeout())
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.ErrorIs(t, err, ErrRetryLater)
	assert.Contains(t, err.Error(), "no answer after 3 attempt(s)")
	assert.EqualValues(t, 3, n.Load())
	assert.Equal(t, Response{IdempotencyKey: "order-1", Attempts: 3}, resp)
}
