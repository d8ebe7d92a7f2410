package pay

// This file keeps the secret key out of everything a user could print or log:
// the Client's fmt and slog output, errors and log lines.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
)

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
