package pay

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDo_APIErrorBodies(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   Error
	}{
		{
			name:   "card declined",
			status: 402,
			body: `{"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds",
				"message":"Your card has insufficient funds.","charge":"ch_3Mtw","param":"",
				"doc_url":"https://stripe.com/docs/error-codes/card-declined"}}`,
			want: Error{
				Type: ErrorTypeCard, Code: ErrorCodeCardDeclined, DeclineCode: DeclineCodeInsufficientFunds,
				Message: "Your card has insufficient funds.", ChargeID: "ch_3Mtw",
				DocURL: "https://stripe.com/docs/error-codes/card-declined", StatusCode: 402, RequestID: "req_abc", Attempts: 1,
			},
		},
		{
			name:   "missing param",
			status: 400,
			body:   `{"error":{"type":"invalid_request_error","code":"parameter_missing","message":"Missing required param: amount.","param":"amount"}}`,
			want: Error{
				Type: ErrorTypeInvalidRequest, Code: ErrorCodeParameterMissing, Param: "amount",
				Message: "Missing required param: amount.", StatusCode: 400, RequestID: "req_abc", Attempts: 1,
			},
		},
		{
			name:   "idempotency error",
			status: 400,
			body:   `{"error":{"type":"idempotency_error","message":"Keys for idempotent requests can only be used with the same parameters"}}`,
			want: Error{
				Type: ErrorTypeIdempotency, Message: "Keys for idempotent requests can only be used with the same parameters",
				StatusCode: 400, RequestID: "req_abc", Attempts: 1,
			},
		},
		{
			name:   "error without type",
			status: 404,
			body:   `{"error":{"message":"Unrecognized request URL"}}`,
			want:   Error{Type: ErrorTypeAPI, Message: "Unrecognized request URL", StatusCode: 404, RequestID: "req_abc", Attempts: 1},
		},
		{
			name:   "200 with an error object",
			status: 200,
			body:   ` { "error" : {"type":"api_error","message":"Something went wrong"}}`,
			// A success that says it failed is no answer: the POST's outcome
			// is unknown.
			want: Error{Type: ErrorTypeAPI, Message: "Something went wrong", StatusCode: 200, RequestID: "req_abc", Attempts: 1, unknown: true},
		},
		{
			name:   "unknown fields and nulls",
			status: 400,
			body:   `{"error":{"type":"invalid_request_error","code":null,"param":null,"message":"x","request_log_url":"https://x","extra":{"a":1}}}`,
			want:   Error{Type: ErrorTypeInvalidRequest, Message: "x", RequestLogURL: "https://x", StatusCode: 400, RequestID: "req_abc", Attempts: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t, WithMaxRetries(0))
			mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Request-Id", "req_abc")
				writeJSON(w, tt.status, tt.body)
			})
			var out object
			err := c.Do(context.Background(), "POST", "/v1/charges", nil, &out)
			var pe *Error
			require.ErrorAs(t, err, &pe)
			got := *pe
			got.cause = nil
			assert.Equal(t, tt.want, got)
			assert.Zero(t, out, "out was filled")
		})
	}
}

func TestDo_UnexpectedBodies(t *testing.T) {
	html := "<html><head><title>502 Bad Gateway</title></head><body>" + strings.Repeat("<p>nginx</p>\n", 2000) + "</body></html>"
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		wantIn      []string // substrings of the message
		wantCause   bool     // a JSON error is reachable with errors.As
	}{
		{"HTML 502", 502, "text/html", html, []string{"HTTP 502", "502 Bad Gateway"}, true},
		{"empty 500", 500, "", "", []string{"HTTP 500"}, false}, // nothing to parse, no parse error
		{"empty 200", 200, "application/json", "", []string{"empty response body"}, false},
		{"whitespace 200", 200, "application/json", " \n\t", []string{"empty response body"}, false},
		{"truncated JSON", 200, "application/json", `{"id":"ch_1","amount":`, []string{"cannot decode response", `{\"id\":\"ch_1\"`}, true},
		{"wrong JSON type", 200, "application/json", `{"id":"ch_1","amount":"ten"}`, []string{"cannot decode response"}, true},
		{"JSON array", 200, "application/json", `[1,2]`, []string{"cannot decode response"}, true},
		{"invalid UTF-8 in a string", 200, "application/json", "{\"id\":\"ch_\xff\xfe\"}", []string{"not valid UTF-8"}, false},
		{"invalid UTF-8 in an error", 400, "application/json", "\xff{\"error\":1}", []string{"HTTP 400"}, true},
		{"error not an object", 400, "application/json", `{"error":"boom"}`, []string{"HTTP 400", "boom"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t, WithMaxRetries(0))
			mux.HandleFunc("/v1/charges/ch_1", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Request-Id", "req_x")
				if tt.contentType != "" {
					w.Header().Set("Content-Type", tt.contentType)
				}
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			})
			var out object
			err := c.Do(context.Background(), "GET", "/v1/charges/ch_1", nil, &out)
			var pe *Error
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, ErrorTypeAPI, pe.Type)
			assert.Equal(t, tt.status, pe.StatusCode)
			assert.Equal(t, "req_x", pe.RequestID)
			assert.Equal(t, 1, pe.Attempts)
			for _, s := range tt.wantIn {
				assert.Contains(t, pe.Message, s)
			}
			assert.LessOrEqual(t, len(pe.Message), 400, "the excerpt must be bounded: %q", pe.Message)
			assert.False(t, strings.ContainsAny(pe.Message, "\n\r"), "message spans lines: %q", pe.Message)
			// Responses are decoded with encoding/json/v2: its syntactic
			// and semantic errors are the causes.
			var se *jsontext.SyntacticError
			var te *jsonv2.SemanticError
			got := errors.As(err, &se) || errors.As(err, &te)
			assert.Equal(t, tt.wantCause, got, "JSON cause reachable (err %v)", err)
		})
	}
}

// TestDo_HugeBody serves an endless body: the read must stop at the limit and
// say so, not buffer hundreds of megabytes.
func TestDo_HugeBody(t *testing.T) {
	for _, withLength := range []bool{false, true} {
		name := "streamed"
		if withLength {
			name = "content-length"
		}
		t.Run(name, func(t *testing.T) {
			const ceiling = 512 << 20 // the handler gives up here if the client never stops reading
			var written atomic.Int64
			c, mux := setup(t, WithMaxRetries(0))
			mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				if withLength {
					w.Header().Set("Content-Length", "536870912")
				}
				chunk := []byte(`{"id":"ch_1","pad":"` + strings.Repeat("x", 64<<10-20))
				for written.Load() < ceiling {
					n, err := w.Write(chunk)
					written.Add(int64(n))
					if err != nil {
						return
					}
				}
			})
			start := time.Now()
			var out object
			err := c.Do(context.Background(), "GET", "/v1/charges", nil, &out)
			var pe *Error
			require.ErrorAs(t, err, &pe)
			assert.Contains(t, pe.Message, "exceeds", "message does not say the body is too large")
			assert.Contains(t, pe.Message, "33554432", "message does not say the body is too large")
			assert.Equal(t, 200, pe.StatusCode)
			assert.ErrorIs(t, err, errTooLarge)
			assert.LessOrEqual(t, time.Since(start), 20*time.Second, "took too long")
			// The connection is closed after the limit, so the server stops
			// well before its ceiling.
			deadline := time.Now().Add(5 * time.Second)
			for time.Now().Before(deadline) {
				prev := written.Load()
				time.Sleep(50 * time.Millisecond)
				if written.Load() == prev {
					break
				}
			}
			assert.Less(t, written.Load(), int64(ceiling), "the server wrote too much: the client kept reading")
		})
	}
}

func TestDo_TransportErrors(t *testing.T) {
	t.Run("deadline while waiting for headers", func(t *testing.T) {
		c, mux := setup(t)
		mux.HandleFunc("/v1/slow", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		})
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		err := c.Do(ctx, "POST", "/v1/slow", nil, nil)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.ErrorContains(t, err, "POST /v1/slow", "error does not name the call")
	})
	t.Run("slow body outlives the deadline", func(t *testing.T) {
		c, mux := setup(t)
		mux.HandleFunc("/v1/slow", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"id":"ch_1",`)
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		})
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		start := time.Now()
		var out object
		err := c.Do(ctx, "GET", "/v1/slow", nil, &out)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.LessOrEqual(t, time.Since(start), 2*time.Second, "took too long")
	})
	t.Run("connection refused", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := ln.Addr().String()
		ln.Close()
		c := NewClient(testKey, WithBaseURL("http://"+addr), WithRetryWait(time.Millisecond, time.Millisecond))
		var resp Response
		err = c.Do(context.Background(), "POST", "/v1/charges", nil, nil, ResponseInto(&resp))
		var op *net.OpError
		require.ErrorAs(t, err, &op, "want a wrapped *net.OpError")
		// Three tries, none of which sent anything: Attempts counts
		// requests sent, and nothing can have been carried out.
		assert.Zero(t, resp.Attempts, "attempts")
		assert.ErrorContains(t, err, "not sent")
		assert.NotErrorIs(t, err, ErrOutcomeUnknown, "a request never sent has a known outcome")
		var pe *Error
		assert.False(t, errors.As(err, &pe), "a transport failure is not an API *Error: %+v", pe)
	})
}

func TestError_Error(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{}, "pay: error"},
		{&Error{Type: ErrorTypeAPI, Message: "boom"}, "pay: api_error: boom"},
		{
			&Error{Type: ErrorTypeCard, Code: ErrorCodeCardDeclined, DeclineCode: DeclineCodeLostCard, Message: "Your card was declined.",
				ChargeID: "ch_1", StatusCode: 402, RequestID: "req_1", Attempts: 1},
			"pay: card_error: Your card was declined. (code=card_declined, decline_code=lost_card, charge=ch_1, status=402, request_id=req_1)",
		},
		{
			&Error{Type: ErrorTypeInvalidRequest, Message: "missing required param: amount", Param: "amount", Code: ErrorCodeParameterMissing},
			"pay: invalid_request_error: missing required param: amount (code=parameter_missing, param=amount)",
		},
		{
			&Error{Type: ErrorTypeAPI, Message: "overloaded", StatusCode: 503, Attempts: 3},
			"pay: api_error: overloaded (status=503, attempts=3)",
		},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.err.Error())
	}
}

func TestError_Unwrap(t *testing.T) {
	cause := errors.New("cause")
	e := &Error{Type: ErrorTypeAPI, cause: cause}
	assert.ErrorIs(t, e, cause)
	assert.NoError(t, (&Error{}).Unwrap(), "Unwrap of an error without cause is not nil")
}

func TestExcerpt_Bounded(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"short", `"short"`},
		{"a\nb\tc", `"a b c"`},
		{"bad \xff byte", "\"bad \uFFFD byte\""},
		{strings.Repeat("x", 300), `"` + strings.Repeat("x", 200) + `…"`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, newRedactor(testKey).excerpt([]byte(tt.in)), "excerpt(%.20q)", tt.in)
	}
}

// FuzzDecode feeds any status and body to the response decoder: it never
// panics, a failure is always an *Error with the status, and a body that is
// not an API error object gives a bounded message.
func FuzzDecode(f *testing.F) {
	f.Add(402, []byte(`{"error":{"type":"card_error","code":"card_declined","decline_code":"lost_card","charge":"ch_1"}}`))
	f.Add(200, []byte(`{"id":"ch_1","amount":100}`))
	f.Add(200, []byte(`{"error":null}`))
	f.Add(200, []byte(` {"error":{}} `))
	f.Add(502, []byte("<html>bad gateway</html>"))
	f.Add(200, []byte("{\"id\":\"\xff\"}"))
	f.Add(200, []byte(`{"id":"ch_1","amount":`))
	f.Add(500, []byte{})
	f.Add(402, []byte(`{"error":{"type":"`+testKey+`","message":"a\nb `+testKey[10:40]+`"}}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		status = 200 + (status%400+400)%400 // 200..599
		resp := &http.Response{StatusCode: status, Header: http.Header{"Request-Id": {"req_f"}}, Body: io.NopCloser(bytes.NewReader(body))}
		var out object
		st := &callState{out: &out, red: newRedactor(testKey)}
		require.NoError(t, st.readAnswer(resp), "readAnswer of an in-memory body")
		pe := st.apiErr
		if pe == nil {
			require.LessOrEqual(t, status, 299, "status decoded without error")
			return
		}
		require.True(t, pe.Type != "" && st.requestID == "req_f" && st.status == status, "error = %+v", pe)
		require.LessOrEqual(t, len(pe.Message), 1200, "unbounded message")
		msg := pe.Error()
		require.False(t, strings.ContainsAny(msg, "\n\r"), "Error() spans lines: %q", msg)
		assertNoKeyPiece(t, msg)
		for u := errors.Unwrap(pe); u != nil; u = errors.Unwrap(u) {
			assertNoKeyPiece(t, u.Error())
		}
	})
}

func TestDo_UnencodableParamsIsTypedError(t *testing.T) {
	c := NewClient("sk_test_123", WithBaseURL("http://127.0.0.1:1"))
	err := c.Do(context.Background(), "POST", "/v1/charges", map[string]string{"amount": "1"}, nil)
	var perr *Error
	require.ErrorAs(t, err, &perr)
	require.True(t, perr.Param == "params" && perr.Type == ErrorTypeInvalidRequest && perr.StatusCode == 0,
		"err = %#v, want an invalid_request_error with Param params", err)
}
