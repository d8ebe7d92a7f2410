package pay

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// checkRetry is the API's retry policy, called once after every attempt:
//   - never once the context is done: the caller then gets the last
//     response's typed *Error, which also wraps the context's error;
//   - Stripe-Should-Retry: true retries and false does not, whatever the status;
//   - otherwise connection errors, 409, 429 and 5xx are retried, other
//     statuses are not.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	st := stateFrom(ctx)
	if st != nil && c.logger != nil {
		if resp != nil {
			c.log(ctx, slog.LevelDebug, "attempt", st, slog.Int("status", resp.StatusCode), slog.String("request_id", st.requestID))
		} else if err != nil {
			c.log(ctx, slog.LevelDebug, "attempt", st, slog.String("error", st.red.clean(err.Error(), maxMessageLen)))
		}
	}
	retry := false
	if err != nil {
		if st != nil {
			// net/http's own error says more than the transport's (the
			// URL, whether the client's Timeout fired).
			st.lastErr = err
		}
		retry = retryableTransportError(err)
	} else {
		// A success whose body is not JSON was most likely cut short on
		// the way: ask again, with the same key, for the stored answer.
		bad := st != nil && st.badBody
		success := resp.StatusCode >= 200 && resp.StatusCode <= 299
		// A success that decoded is the answer, whatever
		// Stripe-Should-Retry says: asking again would only replay it.
		retry = bad || (!success && shouldRetryResponse(resp))
	}
	if !retry {
		return false, nil
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

// retryAfter parses a Retry-After value. A wait too long to represent is
// the longest Duration: the caller caps it at the max wait, never lower.
func retryAfter(v string) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		switch {
		case secs != secs || secs < 0: // NaN, negative
			return 0, false
		case secs >= float64(math.MaxInt64)/float64(time.Second):
			return math.MaxInt64, true
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
