package pay

// This file turns the answer of one attempt into a decoded object or a typed
// *Error, reading its body with a bound.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/go-json-experiment/json/jsontext"
	"io"
	"net/http"
	"reflect"
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

// readAnswer reads and decodes one attempt's answer into st. It returns an
// error only when the body could not be read (cut short, or the attempt's
// time ran out): the attempt then failed as if it had no answer.
func (st *callState) readAnswer(resp *http.Response) error {
	data, release, err := readBody(resp)
	resp.Body.Close()
	resp.Body = http.NoBody
	if err != nil && !errors.Is(err, errTooLarge) {
		return err
	}
	defer release()
	st.status = resp.StatusCode
	st.requestID = st.red.clean(resp.Header.Get("Request-Id"), maxFieldLen)
	st.scrubHeader(resp.Header)
	st.apiErr, st.badBody = nil, false
	success := resp.StatusCode >= 200 && resp.StatusCode <= 299
	switch {
	case err != nil:
		st.apiErr = &Error{Type: ErrorTypeAPI, Message: err.Error(), cause: err}
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		st.apiErr = &Error{Type: ErrorTypeAPI, Message: fmt.Sprintf("redirect refused (HTTP %d): the API never redirects, and the key is never sent elsewhere", resp.StatusCode)}
	case !success:
		st.apiErr = st.parseError(resp.StatusCode, data)
	default:
		st.apiErr, st.badBody = st.decode(data)
	}
	clientError := resp.StatusCode >= 400 && resp.StatusCode <= 499
	switch {
	case !(success && st.apiErr == nil) && !clientError:
		// Only a success that decoded and a 4xx are answers. A 5xx, a
		// success that cannot be read (or that carries an error object),
		// a redirect, or a status outside the API's: the work may or may
		// not have been done.
		st.ambiguous = true
	case success, resp.StatusCode != http.StatusConflict && resp.StatusCode != http.StatusTooManyRequests:
		// A real answer for this idempotency key settles what earlier
		// attempts left open. A 409 (a request with the key in flight) or
		// a 429 (refused before any work) says nothing about them.
		st.ambiguous = false
	}
	return nil
}

// scrubHeader removes pieces of the key from the response's header values,
// which reach the caller through ResponseInto.
func (st *callState) scrubHeader(h http.Header) {
	for k, vs := range h {
		for i, v := range vs {
			if st.red.leaks(v) {
				vs[i] = st.red.redact(v)
			}
		}
		if st.red.leaks(k) {
			delete(h, k)
		}
	}
}

// decode decodes a successful answer into st.out. bad reports a body that
// is not valid JSON (empty, cut short): worth another attempt.
func (st *callState) decode(data []byte) (e *Error, bad bool) {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 {
		return &Error{Type: ErrorTypeAPI, Message: "empty response body"}, true
	}
	if hasErrorObject(trimmed) {
		return st.parseError(st.status, data), false
	}
	if !utf8.Valid(data) {
		// A decoder would silently turn the bad bytes into U+FFFD and hand
		// back corrupted strings; the API only sends UTF-8.
		return &Error{Type: ErrorTypeAPI, Message: "response body is not valid UTF-8: " + st.red.excerpt(data)}, false
	}
	if st.out == nil {
		return nil, false
	}
	if trimmed[0] == '"' || bytes.HasPrefix(trimmed, []byte("null")) {
		// The API answers with an object: null, or a bare id, would decode
		// without error into an empty object or one with only that id.
		return &Error{Type: ErrorTypeAPI, Message: "cannot decode response: not a JSON object: " + st.red.excerpt(data)}, false
	}
	if st.decoded {
		// An earlier attempt decoded into out; start again from zero.
		reflect.ValueOf(st.out).Elem().SetZero()
	}
	st.decoded = true
	if err := unmarshal(data, st.out); err != nil {
		return &Error{
			Type:    ErrorTypeAPI,
			Message: "cannot decode response: " + st.red.clean(err.Error(), maxFieldLen) + ": " + st.red.excerpt(data),
			cause:   st.red.safe(err),
		}, !json.Valid(data)
	}
	return nil, false
}

// unmarshal decodes a response body into out, with encoding/json/v2.
func unmarshal(data []byte, out any) error { return wire.Unmarshal(data, out) }

// hasErrorObject reports whether a JSON object body starts with an "error"
// member, which the API uses only for failures.
func hasErrorObject(b []byte) bool {
	if len(b) == 0 || b[0] != '{' {
		return false
	}
	b = bytes.TrimLeft(b[1:], " \t\r\n")
	return bytes.HasPrefix(b, []byte(`"error"`))
}

// wireError is the API's error object as sent; parseError cleans it into
// an *Error. The objects it names come as an id or as the object: a
// Reference keeps the id either way.
type wireError struct {
	Type               string         `json:"type"`
	Code               string         `json:"code"`
	DeclineCode        string         `json:"decline_code"`
	Message            string         `json:"message"`
	Param              string         `json:"param"`
	DocURL             string         `json:"doc_url"`
	AdviceCode         string         `json:"advice_code"`
	NetworkAdviceCode  string         `json:"network_advice_code"`
	NetworkDeclineCode string         `json:"network_decline_code"`
	RequestLogURL      string         `json:"request_log_url"`
	Charge             jsontext.Value `json:"charge"`
	PaymentIntent      jsontext.Value `json:"payment_intent"`
	PaymentMethod      jsontext.Value `json:"payment_method"`
	PaymentMethodType  string         `json:"payment_method_type"`
	SetupIntent        jsontext.Value `json:"setup_intent"`
	Source             jsontext.Value `json:"source"`
}

// parseError turns an error answer into an *Error, every string of it
// cleaned: a hostile server can put anything, the key included, anywhere.
func (st *callState) parseError(status int, data []byte) *Error {
	var env struct {
		Error *wireError `json:"error"`
	}
	var err error
	if len(bytes.TrimSpace(data)) > 0 {
		err = wire.Unmarshal(data, &env)
	}
	if err != nil || env.Error == nil {
		msg := fmt.Sprintf("unexpected response (HTTP %d, not an API error object)", status)
		if len(bytes.TrimSpace(data)) > 0 {
			msg += ": " + st.red.excerpt(data)
		}
		return &Error{Type: ErrorTypeAPI, Message: msg, cause: st.red.safe(err)}
	}
	return env.Error.toError(st.red)
}

// toError cleans w into an *Error with r (nil: no key to remove). The
// objects it names keep their ids, and, when sent whole, their raw JSON
// for [Error.Embedded].
func (w *wireError) toError(r *redactor) *Error {
	e := &Error{
		Type:               ErrorType(r.clean(w.Type, maxFieldLen)),
		Code:               ErrorCode(r.clean(w.Code, maxFieldLen)),
		DeclineCode:        DeclineCode(r.clean(w.DeclineCode, maxFieldLen)),
		Message:            r.clean(w.Message, maxMessageLen),
		Param:              r.clean(w.Param, maxFieldLen),
		DocURL:             r.clean(w.DocURL, maxFieldLen),
		AdviceCode:         r.clean(w.AdviceCode, maxFieldLen),
		NetworkAdviceCode:  r.clean(w.NetworkAdviceCode, maxFieldLen),
		NetworkDeclineCode: r.clean(w.NetworkDeclineCode, maxFieldLen),
		RequestLogURL:      r.clean(w.RequestLogURL, maxFieldLen),
		ChargeID:           r.clean(refID(w.Charge), maxFieldLen),
		PaymentIntentID:    r.clean(refID(w.PaymentIntent), maxFieldLen),
		PaymentMethodID:    r.clean(refID(w.PaymentMethod), maxFieldLen),
		PaymentMethodType:  r.clean(w.PaymentMethodType, maxFieldLen),
		SetupIntentID:      r.clean(refID(w.SetupIntent), maxFieldLen),
		SourceID:           r.clean(refID(w.Source), maxFieldLen),
	}
	if e.Type == "" {
		e.Type = ErrorTypeAPI
	}
	emb := embeddedObjects{
		charge: rawObject(w.Charge), paymentIntent: rawObject(w.PaymentIntent), paymentMethod: rawObject(w.PaymentMethod),
		setupIntent: rawObject(w.SetupIntent), source: rawObject(w.Source),
	}
	if emb.charge != nil || emb.paymentIntent != nil || emb.paymentMethod != nil || emb.setupIntent != nil || emb.source != nil {
		e.embedded = &emb
	}
	return e
}

// excerpt returns a bounded, quoted, one-line piece of a body for an error
// message, with no piece of a key in it.
func (r *redactor) excerpt(data []byte) string {
	const n = 200
	cut := data[:min(len(data), 4*n)]
	s := strings.ToValidUTF8(string(cut), "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	s = truncate(r.redact(s), n+len("…"))
	if len(data) > len(cut) && !strings.HasSuffix(s, "…") {
		s += "…"
	}
	return strconv.Quote(s)
}
