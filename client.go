package pay

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/paykit/pay/form"
)

// Client is the core API client: it holds the key, the transport, the retry
// policy and the defaults sent with every request. It is safe for concurrent
// use; create one and share it.
//
// Printing a Client with fmt or slog never shows the key.
type Client struct {
	// key is behind a pointer so that printing a dereferenced Client (whose
	// unexported fields fmt prints raw, bypassing their Format methods) shows
	// an address, never the key.
	key           *secret
	baseURL       string
	apiVersion    string
	stripeAccount string
	userAgent     string
	appInfo       string
	logger        *slog.Logger
	httpClient    *http.Client
	maxRetries    int
	waitMin       time.Duration
	waitMax       time.Duration
	rc            *retryablehttp.Client
	// base is the transport under the attempt layer, whose idle
	// connections CloseIdleConnections closes.
	base http.RoundTripper
	// noResend is set when base is an *http.Transport: see Do.
	noResend bool
	red      *redactor
	cfgErr   *Error
}

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

// NewClient returns a client that authenticates with key. A key that can
// never be valid (empty, or with spaces or control characters), or a live key
// with a non-https base URL, makes every call fail with an *Error before
// anything is sent.
func NewClient(key string, opts ...Option) *Client {
	c := &Client{
		key:        newSecret(key),
		baseURL:    DefaultBaseURL,
		apiVersion: APIVersion,
		maxRetries: 2,
		waitMin:    500 * time.Millisecond,
		waitMax:    5 * time.Second,
	}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	c.userAgent = "pay-go/" + Version + " (+https://github.com/paykit/pay)"
	if c.appInfo != "" {
		c.userAgent += " " + c.appInfo
	}
	if c.httpClient == nil {
		c.httpClient = &http.Client{Timeout: 80 * time.Second, Transport: sharedTransport()}
	} else {
		hc := *c.httpClient
		c.httpClient = &hc
	}
	c.httpClient.CheckRedirect = refuseRedirect
	c.base = c.httpClient.Transport
	if c.base == nil {
		c.base = http.DefaultTransport
	}
	_, c.noResend = c.base.(*http.Transport)
	c.httpClient.Transport = newAttemptTransport(c.base)
	c.red = newRedactor(key)
	c.cfgErr = c.checkConfig()
	c.rc = &retryablehttp.Client{
		HTTPClient:   c.httpClient,
		RetryWaitMin: c.waitMin,
		RetryWaitMax: c.waitMax,
		RetryMax:     c.maxRetries,
		CheckRetry:   c.checkRetry,
		Backoff:      backoff,
		ErrorHandler: keepLastResponse,
	}
	return c
}

// CloseIdleConnections closes the idle connections of the client's
// transport. For a client made without WithHTTPClient, that is the
// process-wide transport that all such clients share.
func (c *Client) CloseIdleConnections() {
	if c == nil || c.base == nil {
		return
	}
	if ci, ok := c.base.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

func (c *Client) checkConfig() *Error {
	if err := checkKey(string(*c.key), c.baseURL, "api_key"); err != nil {
		return err
	}
	u, err := url.Parse(c.baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalidParam("base_url", "", fmt.Sprintf("base URL %q is not an absolute http(s) URL", c.baseURL))
	}
	if u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return invalidParam("base_url", "", "the base URL must be scheme://host[:port][/path], without user info, query or fragment")
	}
	if err := checkHeaderValue("api_version", c.apiVersion); err != nil {
		return err
	}
	if err := checkHeaderValue("stripe_account", c.stripeAccount); err != nil {
		return err
	}
	return checkHeaderValue("app_info", c.appInfo)
}

// checkKey rejects a key that can never be valid, and a live key that would
// go over plain http. Its messages never show the key.
func checkKey(k, baseURL, param string) *Error {
	if k == "" {
		return invalidParam(param, "", "no API key: pass your secret key to pay.NewClient")
	}
	for _, r := range k {
		if r <= ' ' || r == 0x7f || r > '~' {
			return invalidParam(param, "", "the API key contains spaces, control or non-ASCII characters; check how it was loaded")
		}
	}
	if len(k) > 1024 {
		return invalidParam(param, "", "the API key is longer than 1024 bytes; check how it was loaded")
	}
	if !strings.HasPrefix(strings.ToLower(baseURL), "https://") && (strings.HasPrefix(k, "sk_live_") || strings.HasPrefix(k, "rk_live_")) {
		return invalidParam("base_url", "", "a live key is only sent over https; base URL "+baseURL+" is plain http")
	}
	return nil
}

// checkHeaderValue rejects a value that cannot be sent as a header as it is:
// control characters could end the header (header injection), and the
// transport would refuse it on every attempt anyway.
func checkHeaderValue(param, v string) *Error {
	if len(v) > 255 {
		return invalidParam(param, "", fmt.Sprintf("%s is %d bytes long; at most 255 are allowed", param, len(v)))
	}
	for i := 0; i < len(v); i++ {
		if b := v[i]; b < ' ' || b == 0x7f {
			return invalidParam(param, "", fmt.Sprintf("%s %q contains control characters", param, v))
		}
	}
	return nil
}

// sharedTransport is the transport of every Client made without
// WithHTTPClient, made on first use: tuned for one API host shared by many
// goroutines, with a deep idle pool so concurrent calls reuse connections
// instead of dialling, and one pool for the whole process however many
// clients there are.
var sharedTransport = sync.OnceValue(func() *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   128,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		// The API's headers are small; a server sending megabytes of them
		// is refused early rather than buffered.
		MaxResponseHeaderBytes: 1 << 20,
	}
})

// errRedirect is returned for any redirect: the API never redirects, and
// following one could carry the key to another host.
var errRedirect = errors.New("redirect refused: the API does not redirect, and the key is never sent elsewhere")

func refuseRedirect(*http.Request, []*http.Request) error { return errRedirect }

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

// Do sends one API request and decodes the JSON response into out, which
// must be nil or a non-nil pointer. method is any case ("post" is sent as
// POST); path includes the version, as in "/v1/charges". params is a struct
// encoded by package form (or a pointer to one), a url.Values, or nil (a map
// is refused with an *Error, Param "params"); GET and DELETE send it in the
// query string, other methods as a form body.
//
// Every POST and DELETE carries an Idempotency-Key, the same on every
// attempt. Each attempt reads the whole answer: one cut short is retried like
// a dropped connection. Failures the API reports are *Error; transport
// failures wrap their cause. When a POST or DELETE went out and no definitive
// answer came back, the error matches [ErrOutcomeUnknown]. Input that cannot
// be sent (a nil context, a bad method, path or out) is an *Error before
// anything is sent.
func (c *Client) Do(ctx context.Context, method, path string, params any, out any, opts ...RequestOption) error {
	if c == nil || c.rc == nil {
		return invalidParam("", "", "nil or zero pay.Client: create it with pay.NewClient(key)")
	}
	if ctx == nil {
		return invalidParam("ctx", "", "nil context: pass context.Background() or the request's context")
	}
	if c.cfgErr != nil {
		e := *c.cfgErr
		return &e
	}
	method, err := checkMethod(method)
	if err != nil {
		return err
	}
	if !strings.HasPrefix(path, "/") || strings.Contains(path, "#") {
		return invalidParam("path", "", fmt.Sprintf("path %q must start with / and hold no fragment", oneLine(truncate(path, maxFieldLen))))
	}
	if out != nil {
		if rv := reflect.ValueOf(out); rv.Kind() != reflect.Pointer || rv.IsNil() {
			return invalidParam("out", "", fmt.Sprintf("out must be nil or a non-nil pointer, not %T", out))
		}
	}
	var o callOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	key, red := c.key, c.red
	if o.apiKey != nil {
		if err := checkKey(string(*o.apiKey), c.baseURL, "api_key"); err != nil {
			return err
		}
		key, red = o.apiKey, newRedactor(string(*c.key), string(*o.apiKey))
	}
	if err := checkHeaderValue("idempotency_key", o.idempotencyKey); err != nil {
		return err
	}
	if err := checkHeaderValue("stripe_account", o.stripeAccount); err != nil {
		return err
	}
	vals, err := encodeParams(params, o.expand)
	if err != nil {
		return err
	}

	var body []byte
	target := c.baseURL + path
	if method == http.MethodGet || method == http.MethodDelete || method == http.MethodHead {
		if len(vals) > 0 {
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&" // a query in path is kept; params join it
			}
			target += sep + vals.Encode()
		}
	} else if len(vals) > 0 {
		body = []byte(vals.Encode())
	}

	st := &callState{method: method, path: path, out: out, red: red}
	var req *retryablehttp.Request
	if body != nil {
		req, err = retryablehttp.NewRequestWithContext(withCallState(ctx, st), method, target, body)
	} else {
		req, err = retryablehttp.NewRequestWithContext(withCallState(ctx, st), method, target, nil)
	}
	if err != nil {
		return invalidParam("path", "", "cannot build a request for "+oneLine(truncate(path, maxFieldLen))+": "+red.clean(err.Error(), maxFieldLen))
	}
	h := req.Header
	h.Set("Authorization", "Bearer "+string(*key))
	h.Set("User-Agent", c.userAgent)
	h.Set("Accept", "application/json")
	if body != nil || method == http.MethodPost {
		h.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if c.apiVersion != "" {
		h.Set("Stripe-Version", c.apiVersion)
	}
	if acct := firstNonEmpty(o.stripeAccount, c.stripeAccount); acct != "" {
		h.Set("Stripe-Account", acct)
	}
	idemKey := ""
	if method == http.MethodPost || method == http.MethodDelete {
		idemKey = o.idempotencyKey
		if idemKey == "" {
			idemKey = newIdempotencyKey()
		}
		if c.noResend {
			// net/http resends a request it wrote on a reused connection
			// that dropped if the request carries "Idempotency-Key" (the
			// exact map key): a retry our policy did not decide, past
			// WithMaxRetries. The same header under its lower-case name
			// (as HTTP/2 sends every name) is read the same by servers,
			// and keeps every resend ours. Requests never written are
			// still resent by net/http: nothing reached the server.
			h["idempotency-key"] = []string{idemKey}
		} else {
			h.Set("Idempotency-Key", idemKey)
		}
	}

	var resp *http.Response
	if err = ctx.Err(); err == nil {
		// A done context sends nothing: the call fails with Attempts 0.
		resp, err = c.rc.Do(req)
	}
	if resp != nil {
		// The body was read inside the attempt; closing what net/http
		// wrapped around it stops the client's Timeout timer, which would
		// otherwise hold the call (and out) until it fired.
		resp.Body.Close()
	}
	return c.finish(ctx, st, resp, err, idemKey, o.response)
}

// checkMethod returns method upper-cased, or an *Error for one that is not
// an HTTP token.
func checkMethod(method string) (string, error) {
	if method == "" || len(method) > 16 {
		return "", invalidParam("method", "", fmt.Sprintf("method %q is not an HTTP method", oneLine(truncate(method, maxFieldLen))))
	}
	for i := 0; i < len(method); i++ {
		if c := method[i] | 0x20; c < 'a' || c > 'z' {
			return "", invalidParam("method", "", fmt.Sprintf("method %q is not an HTTP method", oneLine(method)))
		}
	}
	return strings.ToUpper(method), nil
}

// finish turns the end of the retry loop into the call's result: nil, the
// typed *Error of the last answer, or a transport error.
func (c *Client) finish(ctx context.Context, st *callState, resp *http.Response, err error, idemKey string, into *Response) error {
	unknown := (st.method == http.MethodPost || st.method == http.MethodDelete) && st.ambiguous
	answered := resp != nil || st.apiErr != nil
	if into != nil {
		*into = Response{IdempotencyKey: idemKey, Attempts: st.attempts()}
		if answered {
			into.RequestID, into.StatusCode = st.requestID, st.status
			if resp != nil {
				into.Header = resp.Header
				into.Replayed = resp.Header.Get("Idempotent-Replayed") == "true"
			}
		}
	}
	if answered {
		if resp != nil && st.apiErr == nil {
			return nil
		}
		e := st.apiErr
		e.StatusCode, e.RequestID, e.Attempts, e.unknown = st.status, st.requestID, st.attempts(), unknown
		// The context ended the retries (while waiting, or as a retryable
		// answer came in): the error wraps its error too.
		if ctxErr := ctx.Err(); ctxErr != nil && (resp == nil || st.stopped != nil) {
			switch {
			case e.cause == nil:
				e.cause = ctxErr
			case !errors.Is(e.cause, ctxErr):
				e.cause = causes{e.cause, ctxErr}
			}
		}
		c.log(ctx, slog.LevelDebug, "request failed", st,
			slog.Int("status", e.StatusCode), slog.String("type", string(e.Type)), slog.String("code", string(e.Code)),
			slog.String("request_id", e.RequestID))
		return e
	}
	te := st.transportError(ctx, err, unknown)
	c.log(ctx, slog.LevelDebug, "request failed", st, slog.String("error", te.Error()))
	return te
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func encodeParams(params any, expand []string) (url.Values, error) {
	if params == nil && len(expand) == 0 {
		return nil, nil
	}
	vals, err := form.Encode(params)
	if err != nil {
		var pe *Error
		if errors.As(err, &pe) {
			return nil, pe
		}
		return nil, &Error{Type: ErrorTypeInvalidRequest, Param: "params", Message: "cannot encode params (want a struct with url tags, a pointer to one, a url.Values, or nil): " + err.Error(), cause: err}
	}
	if len(expand) > 0 {
		base := 0
		for vals.Has("expand[" + strconv.Itoa(base) + "]") {
			base++
		}
		for i, f := range expand {
			vals.Set("expand["+strconv.Itoa(base+i)+"]", f)
		}
	}
	return vals, nil
}

func (c *Client) log(ctx context.Context, level slog.Level, msg string, st *callState, attrs ...slog.Attr) {
	if c.logger == nil || !c.logger.Enabled(ctx, level) {
		return
	}
	attrs = append(attrs, slog.String("method", st.method), slog.String("path", st.path), slog.Int("attempts", st.attempts()))
	c.logger.LogAttrs(ctx, level, "pay: "+msg, attrs...)
}

// newIdempotencyKey returns a random UUID v4 string from crypto/rand.
func newIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:], b[10:])
	return string(out[:])
}
