package pay

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/time/rate"
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
	// keyErr is why the client's own key cannot be sent; a call that
	// carries its own key (APIKey) does not send it.
	keyErr *Error
	// limiter is the client's rate limit (WithRateLimit), nil for none.
	limiter *rate.Limiter
}

// NewClient returns a client that authenticates with key. A key that can
// never be valid (empty, or with spaces or control characters), or a live key
// with a non-https base URL, makes every call that would send it fail with an
// *Error before anything is sent. A platform acting for many merchants may
// pass "" and give each call its key with [APIKey]; a call with neither key
// is refused before sending.
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
	c.keyErr = checkKey(key, c.baseURL, "api_key")
	c.rc = &retryablehttp.Client{
		HTTPClient:   c.httpClient,
		RetryWaitMin: c.waitMin,
		RetryWaitMax: c.waitMax,
		RetryMax:     c.maxRetries,
		CheckRetry:   c.checkRetry,
		Backoff:      backoff,
		ErrorHandler: keepLastResponse,
	}
	if c.limiter != nil {
		// Every retry waits its turn too, after the backoff.
		c.rc.PrepareRetry = c.prepareRetry
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

// checkConfig checks the options; the key is checked per call, since a
// call may carry its own.
func (c *Client) checkConfig() *Error {
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
		return invalidParam(param, "", "no API key: pass your secret key to pay.NewClient, or per call with pay.APIKey")
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
