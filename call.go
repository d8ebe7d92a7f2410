package pay

// This file is the door every call goes through: Do checks the call, builds
// the request once, runs it through the retry loop and turns its end into
// the result; Call is Do with the result decoded into a new value.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/paykit/pay/form"
)

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
// answer came back, the error matches [ErrOutcomeUnknown]; when the answer
// means "not now", or none came, it matches [ErrRetryLater]. With
// [WithRateLimit], every attempt first waits its turn. Input that cannot
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
	// The key checked is the one that will be sent: the call's, or else
	// the client's.
	key, red := c.key, c.red
	if o.apiKey != nil {
		if err := checkKey(string(*o.apiKey), c.baseURL, "api_key"); err != nil {
			return err
		}
		key, red = o.apiKey, newRedactor(string(*c.key), string(*o.apiKey))
	} else if c.keyErr != nil {
		e := *c.keyErr
		return &e
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
	if err = c.waitTurn(ctx, st); err == nil {
		if err = ctx.Err(); err == nil {
			// A done context sends nothing: the call fails with Attempts 0.
			resp, err = c.rc.Do(req)
		}
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
	answered := resp != nil || st.apiErr != nil
	keyed := st.method == http.MethodPost || st.method == http.MethodDelete
	// A 409 idempotency_key_in_use: another request with this key (the
	// first click of a double submit) is being carried out, and may succeed.
	inUse := answered && st.apiErr != nil && st.status == http.StatusConflict && st.apiErr.Code == ErrorCodeIdempotencyKeyInUse
	unknown := keyed && (st.ambiguous || inUse)
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
		e.later = retryLater(e.StatusCode, e.Code)
		// The context ended the retries (while waiting, or as a retryable
		// answer came in): the error wraps its error too.
		if ctxErr := st.contextErr(ctx); ctxErr != nil && (resp == nil || st.stopped != nil) {
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

// Call sends one request through c, as [Client.Do] does, and returns the
// response decoded into a new T. It is the building block of the resource
// packages' single-object calls (Create, Get, Update, ...), beside
// [GetPage] and [List] for lists.
//
// A nil c is an *Error (invalid_request_error), never a panic, so a
// resource client made without a *Client fails the same way in every
// package. On error the result is nil.
func Call[T any](ctx context.Context, c *Client, method, path string, params any, opts ...RequestOption) (*T, error) {
	out := new(T)
	if err := c.Do(ctx, method, path, params, out, opts...); err != nil {
		return nil, err
	}
	return out, nil
}
