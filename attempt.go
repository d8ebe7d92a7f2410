package pay

// This file is one attempt of a call: the request goes out, and the answer,
// body included, is read and decoded before the retry policy looks at it. A
// body cut short is a failed attempt like a dropped connection, retried with
// the same idempotency key, so a stored charge whose answer was lost comes
// back as the replayed charge instead of an error.

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"
)

// callState follows one call through its attempts. It travels in the
// request's context, where the attempt transport and the retry policy find
// it; attempts run one after another, never at once.
type callState struct {
	method string
	path   string
	out    any
	red    *redactor

	// writes counts requests actually sent: every time net/http wrote a
	// request's headers (httptrace), which also counts a request net/http
	// resends by itself (a GET on a reused connection that dropped, say).
	writes atomic.Int32

	// Set by each answered attempt (they describe the last one).
	status    int
	requestID string
	// apiErr is the typed error of the last answer, if it was not a success
	// that decoded.
	apiErr *Error
	// badBody marks a 2xx whose body is not valid JSON, as a body cut short
	// by a proxy would be: the attempt is retried.
	badBody bool
	// decoded marks out as written by an earlier attempt: it is reset
	// before another decode.
	decoded bool

	// ambiguous is set when a sent attempt gets no definitive answer (no
	// answer at all, a 5xx, or a 2xx that could not be read), and cleared
	// by a later definitive one.
	ambiguous bool
	// lastErr is the last attempt's transport error, raw: it is cleaned
	// before it goes anywhere.
	lastErr error
	// stopped is the context's error when it ended the retries.
	stopped error
	// limitErr is why the wait for a turn under the rate limit failed: the
	// context's error, or errBeforeTurn (which matches
	// context.DeadlineExceeded) when the deadline came before the turn.
	limitErr error
}

type callStateKey struct{}

func stateFrom(ctx context.Context) *callState {
	st, _ := ctx.Value(callStateKey{}).(*callState)
	return st
}

// withCallState returns ctx carrying st, and a trace that tells st when a
// request was written.
func withCallState(ctx context.Context, st *callState) context.Context {
	ctx = context.WithValue(ctx, callStateKey{}, st)
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteHeaders: func() { st.writes.Add(1) },
	})
}

// attemptTransport reads and decodes each answer inside the attempt. It has
// no CloseIdleConnections on purpose: go-retryablehttp closes the idle
// connections of the client whenever a call gives up, which on a transport
// shared by many calls would empty the pool for all of them. For a
// base transport that is not an *http.Transport, httptrace may never fire, so
// every round trip it starts counts as sent: the count errs on the side of
// "the request may have gone out".
type attemptTransport struct {
	base   http.RoundTripper
	traced bool
}

func newAttemptTransport(base http.RoundTripper) attemptTransport {
	_, traced := base.(*http.Transport)
	return attemptTransport{base: base, traced: traced}
}

func (t attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	st := stateFrom(req.Context())
	if st == nil {
		return t.base.RoundTrip(req)
	}
	before := st.writes.Load()
	resp, err := t.base.RoundTrip(req)
	if resp == nil && err == nil {
		// A RoundTripper that breaks its contract; net/http would say so too.
		err = errors.New("the transport returned neither a response nor an error")
	}
	if resp != nil && resp.Body == nil && err == nil {
		// RoundTrippers in the wild (mostly in tests) use a nil Body for
		// an empty one, as net/http tolerates.
		resp.Body = http.NoBody
	}
	sent := st.writes.Load() > before
	if !sent && (resp != nil || !t.traced) {
		// An answer means the request went out, whatever the trace said;
		// an untraced transport is taken to have sent it.
		st.writes.Add(1)
		sent = true
	}
	if err != nil {
		if resp != nil && resp.Body != nil {
			resp.Body.Close()
		}
		if sent {
			st.ambiguous = true
		}
		st.noAnswer(err)
		return nil, err
	}
	st.lastErr = nil
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		// The API never redirects. Without a Location, net/http hands the
		// 3xx back as it is, instead of parsing (and quoting in its errors)
		// a header that a hostile server could fill with anything.
		resp.Header.Del("Location")
	}
	if err := st.readAnswer(resp); err != nil {
		// The body was cut short (reset, EOF, the per-attempt timeout):
		// as good as no answer.
		st.ambiguous = true
		st.noAnswer(err)
		return nil, err
	}
	return resp, nil
}

// noAnswer records an attempt that ended without an answer.
func (st *callState) noAnswer(err error) {
	st.lastErr = err
	st.status, st.requestID, st.apiErr, st.badBody = 0, "", nil, false
}

// transportError is the error of a call that ended without an answer: a
// connection that failed, a body cut short, a timeout, or the caller's
// context. Its text is one line with no piece of the key; it wraps the
// context's error when the caller's context ended, ErrOutcomeUnknown when
// the request may have been carried out, ErrRetryLater unless waiting cannot
// cure the failure (a certificate the client does not trust), and the
// transport's own error when that is safe to show (never a per-attempt
// timeout as context.DeadlineExceeded: only the caller's context is).
type transportError struct {
	msg     string
	cause   error
	ctxErr  error
	unknown bool
	later   bool
	timeout bool
}

func (st *callState) transportError(ctx context.Context, err error, unknown bool) *transportError {
	raw := st.lastErr
	if raw == nil {
		raw = err
	}
	ctxErr := st.contextErr(ctx)
	e := &transportError{ctxErr: ctxErr, unknown: unknown, later: unknown || raw == nil || retryableTransportError(raw)}
	var ne net.Error
	e.timeout = errors.Is(ctxErr, context.DeadlineExceeded) || (errors.As(raw, &ne) && ne.Timeout())
	if ctxErr == nil && (errors.Is(raw, context.DeadlineExceeded) || errors.Is(raw, context.Canceled)) {
		// A per-attempt timeout (http.Client.Timeout) is not the
		// caller's deadline: keep its text, not its identity.
		e.cause = &cleanError{msg: st.red.clean(raw.Error(), maxMessageLen)}
	} else {
		e.cause = st.red.safe(raw)
	}
	var b strings.Builder
	b.WriteString("pay: ")
	b.WriteString(st.method)
	b.WriteByte(' ')
	b.WriteString(oneLine(truncate(st.path, maxFieldLen)))
	if n := st.attempts(); n == 0 {
		b.WriteString(": not sent")
	} else {
		fmt.Fprintf(&b, ": no answer after %d attempt(s)", n)
	}
	if unknown {
		b.WriteString(", outcome unknown (retry with the same idempotency key)")
	}
	b.WriteString(": ")
	if raw != nil {
		b.WriteString(st.red.clean(raw.Error(), maxMessageLen))
	}
	if st.limitErr != nil && st.limitErr != raw {
		b.WriteString("; then ")
		b.WriteString(st.limitErr.Error())
	}
	e.msg = b.String()
	return e
}

func (e *transportError) Error() string { return e.msg }

// Unwrap returns what the error matches: the transport's error, the
// context's, ErrOutcomeUnknown, ErrRetryLater.
func (e *transportError) Unwrap() []error {
	errs := make([]error, 0, 4)
	for _, err := range []error{e.cause, e.ctxErr} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	if e.unknown {
		errs = append(errs, ErrOutcomeUnknown)
	}
	if e.later {
		errs = append(errs, ErrRetryLater)
	}
	return errs
}

// Timeout reports whether the call ended on a timeout: the caller's
// deadline, or the last attempt's. With Temporary it makes the error a
// net.Error.
func (e *transportError) Timeout() bool { return e.timeout }

// Temporary reports false; it exists for net.Error.
func (e *transportError) Temporary() bool { return false }

// contextErr is the error of the caller's context, or, when the rate
// limit's wait ended the call before the context did (its deadline came
// before the turn), the wait's error.
func (st *callState) contextErr(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return st.limitErr
}

// attempts is how many requests were actually sent.
func (st *callState) attempts() int { return int(st.writes.Load()) }
