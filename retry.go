package pay

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// callState follows one call through its attempts; it travels in the
// request's context so the retry policy can count and log attempts.
type callState struct {
	client   *Client
	method   string
	path     string
	attempts int
	// last is the typed error of the last response that was going to be
	// retried, kept so that a context ending before the next attempt still
	// returns it (wrapping the context's error).
	last *Error
	// stopped is the context's error when it ended the retries.
	stopped error
}

type callStateKey struct{}

// checkRetry is the API's retry policy, called once after every attempt:
//   - never once the context is done: the caller then gets the last
//     response's typed *Error, which also wraps the context's error;
//   - Stripe-Should-Retry: true retries and false does not, whatever the status;
//   - otherwise connection errors, 409, 429 and 5xx are retried, other
//     statuses are not.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	st, _ := ctx.Value(callStateKey{}).(*callState)
	if st != nil {
		st.attempts++
		if c.logger != nil {
			if resp != nil {
				c.log(ctx, slog.LevelDebug, "attempt", st, slog.Int("status", resp.StatusCode), slog.String("request_id", resp.Header.Get("Request-Id")))
			} else if err != nil {
				c.log(ctx, slog.LevelDebug, "attempt", st, slog.String("error", err.Error()))
			}
		}
	}
	retry := false
	if err != nil {
		retry = retryableTransportError(err)
	} else {
		retry = shouldRetryResponse(resp)
	}
	if !retry {
		return false, nil
	}
	if resp != nil && st != nil {
		st.last = keepError(resp)
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		if st != nil && resp != nil {
			// Stop here and hand back this response: its typed error
			// reaches the caller, wrapping ctxErr.
			st.stopped = ctxErr
			return false, nil
		}
		return false, ctxErr
	}
	return true, nil
}

// keepError reads a response that is about to be retried (a bounded read),
// puts its body back for the retry loop to drain, and returns its typed
// error.
func keepError(resp *http.Response) *Error {
	const limit = 64 << 10
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	if err != nil {
		return &Error{Type: ErrorTypeAPI, Message: "reading response: " + err.Error(), StatusCode: resp.StatusCode, RequestID: resp.Header.Get("Request-Id"), cause: err}
	}
	e := parseErrorBody(resp.StatusCode, data)
	e.StatusCode = resp.StatusCode
	e.RequestID = resp.Header.Get("Request-Id")
	return e
}

func shouldRetryResponse(resp *http.Response) bool {
	switch resp.Header.Get("Stripe-Should-Retry") {
	case "true":
		return true
	case "false":
		return false
	}
	switch {
	case resp.StatusCode == http.StatusConflict, resp.StatusCode == http.StatusTooManyRequests:
		return true
	case resp.StatusCode >= 500:
		return true
	}
	return false
}

// retryableTransportError reports whether a failure to get a response is
// worth another attempt: a dropped or refused connection is, a refused
// redirect or a certificate the client does not trust is not.
func retryableTransportError(err error) bool {
	var (
		unknownAuthority x509.UnknownAuthorityError
		hostname         x509.HostnameError
		certInvalid      x509.CertificateInvalidError
		verify           *tls.CertificateVerificationError
	)
	switch {
	case errors.Is(err, errRedirect),
		errors.As(err, &unknownAuthority),
		errors.As(err, &hostname),
		errors.As(err, &certInvalid),
		errors.As(err, &verify):
		return false
	}
	return true
}

// backoff waits exponentially longer between attempts, with jitter, between
// min and max: attempt n waits a random time in [2^n, 2^(n+1)] * min, capped
// at max. A Retry-After header (seconds or an HTTP date) is honoured,
// within the same bounds.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp.Header.Get("Retry-After")); ok {
			return min(max(d, minWait), maxWait)
		}
	}
	// The step doubles with each attempt, from 2*minWait up to maxWait; the
	// wait is drawn from the step's upper half, so even the first retries of
	// many clients spread out instead of landing together.
	upper := maxWait
	if attempt < 30 {
		if e := minWait << (attempt + 1); e > 0 && e < maxWait {
			upper = e
		}
	}
	d := upper
	if half := upper / 2; half > 0 {
		d = half + rand.N(upper-half+1)
	}
	return min(max(d, minWait), maxWait)
}

func retryAfter(v string) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs < 0 || secs > 1e6 {
			return 0, false
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

// keepLastResponse is the ErrorHandler for retries that ran out: it hands
// back the last response, so its typed error and the attempt count reach the
// caller, or the last transport error.
func keepLastResponse(resp *http.Response, err error, _ int) (*http.Response, error) {
	if err != nil {
		if resp != nil && resp.Body != nil {
			resp.Body.Close()
		}
		return nil, err
	}
	return resp, nil
}
