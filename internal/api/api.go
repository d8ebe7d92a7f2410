// Package api is what makes a resource package's single-object call one
// line: the path with its ids checked and escaped, the params' own check,
// then [pay.Call].
//
//	func (c *Client) Capture(ctx context.Context, id string, params *CaptureParams, opts ...pay.RequestOption) (*Charge, error) {
//		return api.Post[Charge](ctx, c.core(), api.Path("/v1/charges/{id}/capture", id), params, params.validate(), opts)
//	}
//
// The order of the checks is fixed: a bad id first (Param "id"), then the
// params' error; nothing is sent when either fails.
package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/check"
)

// P is a request path whose ids have been checked and escaped; err is the
// first bad id's *pay.Error.
type P struct {
	path string
	err  error
}

// Path fills each {placeholder} of pattern, in order, with the next id,
// escaped into one path segment by [check.ID]. An empty, "." or ".." or
// over-long id makes the path an error (Param "id"). A pattern with more
// placeholders than ids, or fewer, is a bug in this module and panics in
// its tests.
func Path(pattern string, ids ...string) P {
	var b strings.Builder
	b.Grow(len(pattern) + 32)
	rest := pattern
	for _, id := range ids {
		i := strings.IndexByte(rest, '{')
		j := strings.IndexByte(rest, '}')
		if i < 0 || j < i {
			panic("api.Path: more ids than placeholders in " + pattern)
		}
		seg, err := check.ID(id)
		if err != nil {
			return P{err: err}
		}
		b.WriteString(rest[:i])
		b.WriteString(seg)
		rest = rest[j+1:]
	}
	if strings.IndexByte(rest, '{') >= 0 {
		panic("api.Path: fewer ids than placeholders in " + pattern)
	}
	b.WriteString(rest)
	return P{path: b.String()}
}

// String returns the escaped path ("" when an id was bad).
func (p P) String() string { return p.path }

// Err returns the bad id's error, or nil.
func (p P) Err() error { return p.err }

// Get sends GET path and decodes the answer into a new T.
func Get[T any](ctx context.Context, c *pay.Client, path P, opts []pay.RequestOption) (*T, error) {
	return Call[T](ctx, c, http.MethodGet, path, nil, nil, opts)
}

// Post sends POST path with params, unless path or invalid (the params'
// own check) is an error.
func Post[T any](ctx context.Context, c *pay.Client, path P, params any, invalid error, opts []pay.RequestOption) (*T, error) {
	return Call[T](ctx, c, http.MethodPost, path, params, invalid, opts)
}

// Delete sends DELETE path.
func Delete[T any](ctx context.Context, c *pay.Client, path P, opts []pay.RequestOption) (*T, error) {
	return Call[T](ctx, c, http.MethodDelete, path, nil, nil, opts)
}

// Call checks path and invalid, in that order, then sends the request
// through [pay.Call].
func Call[T any](ctx context.Context, c *pay.Client, method string, path P, params any, invalid error, opts []pay.RequestOption) (*T, error) {
	if path.err != nil {
		return nil, path.err
	}
	if invalid != nil {
		return nil, invalid
	}
	return pay.Call[T](ctx, c, method, path.path, params, opts...)
}

// RedactClientSecret returns a client secret (pi_..._secret_...) with its
// secret part replaced, for the fmt output of the objects that carry one.
func RedactClientSecret(s string) string {
	const mark = "_secret_"
	if i := strings.Index(s, mark); i >= 0 {
		return s[:i+len(mark)] + "[redacted]"
	}
	if s != "" {
		return "[redacted]"
	}
	return s
}
