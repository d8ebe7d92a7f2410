package pay

// This file turns HTTP responses into decoded objects or typed *Error values,
// reading bodies with a bound.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/paykit/pay/internal/wire"
)

// maxResponseBytes bounds how much of a response body is read.
const maxResponseBytes = 32 << 20

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
	if err := wire.Unmarshal(data, out); err != nil {
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
	if err := wire.Unmarshal(data, &env); err != nil || env.Error == nil {
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
