package pay

// This file holds the options: those of a Client (Option, for NewClient)
// and those of one call (RequestOption), with the Response that
// ResponseInto fills.

import (
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// Option configures a Client in NewClient.
type Option func(*Client)

// WithBaseURL sets the API's base URL (default https://api.stripe.com), for
// stripe-mock, paytest or a proxy. It has no path: calls give /v1/... .
func WithBaseURL(u string) Option {
	return func(c *Client) { c.baseURL = strings.TrimRight(u, "/") }
}

// WithHTTPClient sets the HTTP client used for each attempt. Its Timeout
// bounds one attempt, reading the body included; the call's context bounds
// the whole call. Redirects are never followed whatever its CheckRedirect
// says, so the key never goes to another host.
//
// Without it, every Client shares one process-wide transport, so a client
// per merchant or per request holds no connections of its own.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.httpClient = hc
		}
	}
}

// WithMaxRetries sets how many times a failed attempt may be retried
// (default 2). 0 disables retries; a negative n counts as 0.
func WithMaxRetries(n int) Option {
	return func(c *Client) { c.maxRetries = max(n, 0) }
}

// WithRetryWait sets the bounds of the backoff between attempts (default
// 500ms and 5s). A max below min is raised to min.
func WithRetryWait(minWait, maxWait time.Duration) Option {
	return func(c *Client) {
		c.waitMin = max(minWait, 0)
		c.waitMax = max(maxWait, c.waitMin)
	}
}

// WithAPIVersion sets the Stripe-Version header sent with every request
// (default [APIVersion], the version the types of this library follow). An
// empty v sends none, leaving the version to the account's default.
func WithAPIVersion(v string) Option {
	return func(c *Client) { c.apiVersion = v }
}

// WithStripeAccount sets the Stripe-Account header sent with every request,
// to act on behalf of a connected account.
func WithStripeAccount(acct string) Option {
	return func(c *Client) { c.stripeAccount = acct }
}

// WithLogger sets a logger for requests and retries (default: silent). Lines
// carry the method, path, status, attempt and request id; never the key or
// the body.
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) { c.logger = l }
}

// WithAppInfo names the application built on this library in the User-Agent
// header. version and url may be empty.
func WithAppInfo(name, version, url string) Option {
	return func(c *Client) {
		s := name
		if version != "" {
			s += "/" + version
		}
		if url != "" {
			s += " (" + url + ")"
		}
		c.appInfo = s
	}
}

// RequestOption changes one call: the last, variadic argument of every call.
type RequestOption func(*callOptions)

type callOptions struct {
	apiKey         *secret
	idempotencyKey string
	stripeAccount  string
	expand         []string
	response       *Response
}

// IdempotencyKey sets the Idempotency-Key of a POST or DELETE. It is sent
// unchanged on every attempt. Without it, each call gets a random key.
func IdempotencyKey(key string) RequestOption {
	return func(o *callOptions) { o.idempotencyKey = key }
}

// APIKey sets the secret key of one call, in place of the client's: for a
// platform that calls the API for many merchants with their own keys. It is
// checked like the client's key (a live key never goes over plain http) and
// never shown in errors, logs or fmt output.
func APIKey(key string) RequestOption {
	return func(o *callOptions) { o.apiKey = newSecret(key) }
}

// StripeAccount sets the Stripe-Account header for one call.
func StripeAccount(acct string) RequestOption {
	return func(o *callOptions) { o.stripeAccount = acct }
}

// Expand asks the API to expand the named fields ("customer",
// "data.customer" in lists), sent as expand[0]=...; calls add up.
func Expand(fields ...string) RequestOption {
	return func(o *callOptions) { o.expand = append(o.expand, fields...) }
}

// ResponseInto fills r with the HTTP response to the call, whether it
// succeeds or fails. In a list, r describes the last page fetched.
func ResponseInto(r *Response) RequestOption {
	return func(o *callOptions) { o.response = r }
}

// Response describes the HTTP response to a call; see [ResponseInto].
type Response struct {
	RequestID      string
	StatusCode     int
	Header         http.Header
	IdempotencyKey string
	// Replayed is true when the API answered from its idempotency cache
	// (Idempotent-Replayed: true).
	Replayed bool
	// Attempts is how many requests were actually sent (0 when none was).
	Attempts int
}
