package pay

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
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
}

type callStateKey struct{}

// checkRetry is the API's retry policy, called once after every attempt:
//   - never once the context is done (a response already received is kept);
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
	if retry {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return false, ctxErr
		}
	}
	return retry, nil
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
// min and max. A Retry-After header (seconds or an HTTP date) is honoured,
// within the same bounds.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp.Header.Get("Retry-After")); ok {
			return min(max(d, minWait), maxWait)
		}
	}
	d := maxWait
	if attempt < 30 {
		if e := minWait << attempt; e > 0 && e < maxWait {
			d = e
		}
	}
	// Full jitter over the upper half: [d/2, d], never below minWait.
	half := d / 2
	if half > 0 {
		d = half + rand.N(half+1)
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
