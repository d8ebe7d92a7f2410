package pay

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/paykit/pay/form"
)

// maxResponseBytes bounds how much of a response body is read.
const maxResponseBytes = 32 << 20

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
	cfgErr        *Error
}

// Option configures a Client in NewClient.
type Option func(*Client)

// WithBaseURL sets the API's base URL (default https://api.stripe.com), for
// stripe-mock, paytest or a proxy. It has no path: calls give /v1/... .
func WithBaseURL(u string) Option {
	return func(c *Client) { c.baseURL = strings.TrimRight(u, "/") }
}

// WithHTTPClient sets the HTTP client used for each attempt. Its Timeout
// bounds one attempt; the call's context bounds the whole call. Redirects are
// never followed whatever its CheckRedirect says, so the key never goes to
// another host.
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

// WithAPIVersion sets the Stripe-Version header sent with every request.
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
		c.httpClient = defaultHTTPClient()
	} else {
		hc := *c.httpClient
		c.httpClient = &hc
	}
	c.httpClient.CheckRedirect = refuseRedirect
	// go-retryablehttp closes the client's idle connections whenever a call
	// gives up or its context ends; on a client shared by many goroutines
	// that would empty the pool for all of them. keepIdle hides
	// CloseIdleConnections from it.
	base := c.httpClient.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	c.httpClient.Transport = keepIdle{base}
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

func (c *Client) checkConfig() *Error {
	k := string(*c.key)
	if k == "" {
		return invalidParam("api_key", "", "no API key: pass your secret key to pay.NewClient")
	}
	for _, r := range k {
		if r <= ' ' || r == 0x7f || r > '~' {
			return invalidParam("api_key", "", "the API key contains spaces, control or non-ASCII characters; check how it was loaded")
		}
	}
	u, err := url.Parse(c.baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalidParam("base_url", "", fmt.Sprintf("base URL %q is not an absolute http(s) URL", c.baseURL))
	}
	if u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return invalidParam("base_url", "", "the base URL must be scheme://host[:port][/path], without user info, query or fragment")
	}
	if u.Scheme != "https" && (strings.HasPrefix(k, "sk_live_") || strings.HasPrefix(k, "rk_live_")) {
		return invalidParam("base_url", "", "a live key is only sent over https; base URL "+c.baseURL+" is plain http")
	}
	if err := checkHeaderValue("api_version", c.apiVersion); err != nil {
		return err
	}
	if err := checkHeaderValue("stripe_account", c.stripeAccount); err != nil {
		return err
	}
	return checkHeaderValue("app_info", c.appInfo)
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

// defaultHTTPClient is tuned for one API host shared by many goroutines: a
// deep idle pool, so concurrent calls reuse connections instead of dialling.
func defaultHTTPClient() *http.Client {
	return &http.Client{
		Timeout: 80 * time.Second,
		Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          256,
			MaxIdleConnsPerHost:   128,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ExpectContinueTimeout: time.Second,
		},
	}
}

// keepIdle is a RoundTripper without CloseIdleConnections, so that closing
// the idle connections of the http.Client that holds it does nothing.
type keepIdle struct{ rt http.RoundTripper }

func (k keepIdle) RoundTrip(r *http.Request) (*http.Response, error) { return k.rt.RoundTrip(r) }

// errRedirect is returned for any redirect: the API never redirects, and
// following one could carry the key to another host.
var errRedirect = errors.New("redirect refused: the API does not redirect, and the key is never sent elsewhere")

func refuseRedirect(*http.Request, []*http.Request) error { return errRedirect }

// String describes the client without its key.
func (c *Client) String() string {
	return "pay.Client{baseURL: " + c.baseURL + ", key: " + c.key.String() + "}"
}

// GoString is String, for %#v.
func (c *Client) GoString() string { return c.String() }

// Format prints the client without its key, whatever the verb.
func (c *Client) Format(f fmt.State, _ rune) { io.WriteString(f, c.String()) }

// LogValue logs the client without its key.
func (c *Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("base_url", c.baseURL), slog.String("key", c.key.String()))
}

// secret holds the API key; every way of printing it redacts it.
type secret string

func newSecret(key string) *secret {
	s := secret(key)
	return &s
}

func (s secret) String() string {
	for _, p := range []string{"sk_test_", "sk_live_", "rk_test_", "rk_live_"} {
		if strings.HasPrefix(string(s), p) {
			return p + "[redacted]"
		}
	}
	return "[redacted]"
}
func (s secret) GoString() string             { return s.String() }
func (s secret) Format(f fmt.State, _ rune)   { io.WriteString(f, s.String()) }
func (s secret) LogValue() slog.Value         { return slog.StringValue(s.String()) }
func (s secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// Response describes the HTTP response to a call; see [ResponseInto].
type Response struct {
	RequestID      string
	StatusCode     int
	Header         http.Header
	IdempotencyKey string
	// Replayed is true when the API answered from its idempotency cache
	// (Idempotent-Replayed: true).
	Replayed bool
	// Attempts is how many times the request was sent.
	Attempts int
}

// RequestOption changes one call: the last, variadic argument of every call.
type RequestOption func(*callOptions)

type callOptions struct {
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

// Do sends one API request and decodes the JSON response into out (which may
// be nil). path includes the version, as in "/v1/charges". params is a struct
// encoded by package form (or a pointer to one), a url.Values, or nil (a map is
// refused with an *Error, Param "params"); GET and DELETE send it in the
// query string, other methods as a form body.
//
// Every POST and DELETE carries an Idempotency-Key, the same on every attempt.
// Failures the API reports are *Error; transport failures wrap their cause.
func (c *Client) Do(ctx context.Context, method, path string, params any, out any, opts ...RequestOption) error {
	if c == nil || c.rc == nil {
		return invalidParam("", "", "nil or zero pay.Client: create it with pay.NewClient(key)")
	}
	if c.cfgErr != nil {
		e := *c.cfgErr
		return &e
	}
	var o callOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if !strings.HasPrefix(path, "/") {
		return invalidParam("path", "", fmt.Sprintf("path %q must start with /", path))
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
			target += "?" + vals.Encode()
		}
	} else if len(vals) > 0 {
		body = []byte(vals.Encode())
	}

	st := &callState{client: c, method: method, path: path}
	ctx = context.WithValue(ctx, callStateKey{}, st)
	var req *retryablehttp.Request
	if body != nil {
		req, err = retryablehttp.NewRequestWithContext(ctx, method, target, body)
	} else {
		req, err = retryablehttp.NewRequestWithContext(ctx, method, target, nil)
	}
	if err != nil {
		return invalidParam("path", "", fmt.Sprintf("cannot build request for %s: %v", path, err))
	}
	h := req.Header
	h.Set("Authorization", "Bearer "+string(*c.key))
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
		h.Set("Idempotency-Key", idemKey)
	}

	resp, err := c.rc.Do(req)
	if err != nil && st.last != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		// The context ended while waiting to retry an API error: the caller
		// gets that typed error, wrapping the context's.
		e := c.scrubAPIError(st.last)
		e.Attempts = st.attempts
		e.cause = err
		if o.response != nil {
			*o.response = Response{RequestID: e.RequestID, StatusCode: e.StatusCode, IdempotencyKey: idemKey, Attempts: st.attempts}
		}
		return e
	}
	if err != nil {
		err = c.scrubError(err)
		c.log(ctx, slog.LevelDebug, "request failed", st, slog.String("error", err.Error()))
		if o.response != nil {
			*o.response = Response{IdempotencyKey: idemKey, Attempts: st.attempts}
		}
		return fmt.Errorf("pay: %s %s failed after %d attempt(s): %w", method, path, st.attempts, err)
	}
	data, release, readErr := readBody(resp)
	resp.Body.Close()
	defer release()
	if o.response != nil {
		*o.response = Response{
			RequestID:      resp.Header.Get("Request-Id"),
			StatusCode:     resp.StatusCode,
			Header:         resp.Header,
			IdempotencyKey: idemKey,
			Replayed:       resp.Header.Get("Idempotent-Replayed") == "true",
			Attempts:       st.attempts,
		}
	}
	if readErr != nil {
		if errors.Is(readErr, errTooLarge) {
			return c.apiError(resp, st, &Error{Type: ErrorTypeAPI, Message: readErr.Error(), cause: readErr})
		}
		return fmt.Errorf("pay: %s %s: reading response: %w", method, path, readErr)
	}
	return c.decode(resp, st, data, out)
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

var errTooLarge = fmt.Errorf("response body exceeds %d bytes; refusing to read more", maxResponseBytes)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer is the largest buffer put back in bufPool: one huge body
// must not pin its memory for the life of the process.
const maxPooledBuffer = 1 << 20

// readBody reads a response body, at most maxResponseBytes of it; a body
// announced or found to be larger is refused with errTooLarge. The bytes
// are a pooled buffer's, not copied: call release once they are decoded
// (encoding/json copies what it keeps), and never use them after.
func readBody(resp *http.Response) (data []byte, release func(), err error) {
	noop := func() {}
	if resp.ContentLength > maxResponseBytes {
		return nil, noop, errTooLarge
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	release = func() {
		if buf.Cap() <= maxPooledBuffer {
			bufPool.Put(buf)
		}
	}
	if resp.ContentLength > 0 {
		buf.Grow(int(resp.ContentLength) + bytes.MinRead)
	}
	n, err := buf.ReadFrom(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		release()
		return nil, noop, err
	}
	if n > maxResponseBytes {
		release()
		return nil, noop, errTooLarge
	}
	return buf.Bytes(), release, nil
}

// decode turns a response into out or into an *Error.
func (c *Client) decode(resp *http.Response, st *callState, data []byte, out any) error {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c.apiError(resp, st, parseErrorBody(resp.StatusCode, data))
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 {
		return c.apiError(resp, st, &Error{Type: ErrorTypeAPI, Message: "empty response body"})
	}
	if hasErrorObject(trimmed) {
		e := parseErrorBody(resp.StatusCode, data)
		return c.apiError(resp, st, e)
	}
	if !utf8.Valid(data) {
		// encoding/json would silently turn the bad bytes into U+FFFD and
		// hand back corrupted strings; the API only sends UTF-8.
		return c.apiError(resp, st, &Error{Type: ErrorTypeAPI, Message: "response body is not valid UTF-8: " + excerpt(data)})
	}
	if out == nil {
		return nil
	}
	if trimmed[0] == '"' || bytes.HasPrefix(trimmed, []byte("null")) {
		// The API answers with an object: null, or a bare id, would decode
		// without error into an empty object or one with only that id.
		return c.apiError(resp, st, &Error{Type: ErrorTypeAPI, Message: "cannot decode response: not a JSON object: " + excerpt(data)})
	}
	if err := json.Unmarshal(data, out); err != nil {
		return c.apiError(resp, st, &Error{
			Type:    ErrorTypeAPI,
			Message: "cannot decode response: " + err.Error() + ": " + excerpt(data),
			cause:   err,
		})
	}
	return nil
}

// hasErrorObject reports whether a JSON object body starts with an "error"
// member, which the API uses only for failures.
func hasErrorObject(b []byte) bool {
	if b[0] != '{' {
		return false
	}
	b = bytes.TrimLeft(b[1:], " \t\r\n")
	return bytes.HasPrefix(b, []byte(`"error"`))
}

func parseErrorBody(status int, data []byte) *Error {
	var env struct {
		Error *Error `json:"error"`
	}
	if err := json.Unmarshal(data, &env); err != nil || env.Error == nil {
		msg := fmt.Sprintf("unexpected response (HTTP %d, not an API error object)", status)
		if len(bytes.TrimSpace(data)) > 0 {
			msg += ": " + excerpt(data)
		}
		return &Error{Type: ErrorTypeAPI, Message: msg, cause: err}
	}
	if env.Error.Type == "" {
		env.Error.Type = ErrorTypeAPI
	}
	return env.Error
}

// excerpt returns a bounded, printable piece of a body for an error message.
func excerpt(data []byte) string {
	const n = 200
	s := strings.ToValidUTF8(string(data[:min(len(data), n)]), "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if r < ' ' {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if len(data) > n {
		s += "…"
	}
	return strconv.Quote(s)
}

// scrubError hides the key in a transport error: a server can put it in a
// redirect's Location, which net/http quotes in its *url.Error.
func (c *Client) scrubError(err error) error {
	k := string(*c.key)
	if k == "" {
		return err
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = strings.ReplaceAll(ue.URL, k, c.key.String())
	}
	if msg := err.Error(); strings.Contains(msg, k) {
		return &scrubbedError{msg: strings.ReplaceAll(msg, k, c.key.String()), err: err}
	}
	return err
}

// scrubbedError is an error whose message had the key removed; it unwraps
// to the original.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

func (c *Client) apiError(resp *http.Response, st *callState, e *Error) *Error {
	e = c.scrubAPIError(e)
	e.StatusCode = resp.StatusCode
	e.RequestID = resp.Header.Get("Request-Id")
	e.Attempts = st.attempts
	if e.cause == nil && st.stopped != nil {
		e.cause = st.stopped
	}
	c.log(context.Background(), slog.LevelDebug, "request failed", st,
		slog.Int("status", e.StatusCode), slog.String("type", string(e.Type)), slog.String("code", string(e.Code)))
	return e
}

// scrubAPIError replaces the key in e's text with its redacted form: a
// server or proxy echoing the key must not put it in the error.
func (c *Client) scrubAPIError(e *Error) *Error {
	if k := string(*c.key); k != "" {
		for _, f := range []*string{&e.Message, &e.Param, &e.DocURL} {
			*f = strings.ReplaceAll(*f, k, c.key.String())
		}
	}
	return e
}

func (c *Client) log(ctx context.Context, level slog.Level, msg string, st *callState, attrs ...slog.Attr) {
	if c.logger == nil || !c.logger.Enabled(ctx, level) {
		return
	}
	attrs = append(attrs, slog.String("method", st.method), slog.String("path", st.path), slog.Int("attempts", st.attempts))
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
