package pay

// A server that echoes the key back, anywhere, must not get it into any
// string the library builds: errors (the whole chain), log lines, headers
// handed back through ResponseInto.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// walkErrors calls fn on err and every error it wraps, both Unwrap forms.
func walkErrors(err error, fn func(error)) {
	if err == nil {
		return
	}
	fn(err)
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		walkErrors(u.Unwrap(), fn)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			walkErrors(e, fn)
		}
	}
}

// assertClean checks everything a caller could print after a call.
func assertClean(t testing.TB, err error, logs *bytes.Buffer, resp *Response) {
	t.Helper()
	walkErrors(err, func(e error) {
		assertNoKeyPiece(t, e.Error())
		require.False(t, strings.ContainsAny(e.Error(), "\r\n"), "%T.Error() spans lines: %q", e, e.Error())
	})
	var ue *url.Error
	if errors.As(err, &ue) {
		assertNoKeyPiece(t, ue.URL)
		assertNoKeyPiece(t, ue.Err.Error())
	}
	var pe *Error
	if errors.As(err, &pe) {
		for _, f := range []string{string(pe.Type), string(pe.Code), string(pe.DeclineCode), pe.Message, pe.Param, pe.DocURL,
			pe.AdviceCode, pe.NetworkAdviceCode, pe.NetworkDeclineCode, pe.RequestLogURL, pe.ChargeID,
			pe.PaymentIntentID, pe.PaymentMethodID, pe.SourceID, pe.RequestID} {
			assertNoKeyPiece(t, f)
			require.False(t, strings.ContainsAny(f, "\r\n"), "a field spans lines: %q", f)
		}
	}
	if logs != nil {
		assertNoKeyPiece(t, logs.String())
	}
	if resp != nil {
		assertNoKeyPiece(t, resp.RequestID)
		for k, vs := range resp.Header {
			assertNoKeyPiece(t, k)
			for _, v := range vs {
				assertNoKeyPiece(t, v)
			}
		}
	}
}

// rawServer answers every request with the bytes respond returns for it
// (the Authorization header's value given), then closes the connection.
func rawServer(t testing.TB, respond func(auth string) string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer conn.Close()
				conn.SetDeadline(time.Now().Add(5 * time.Second))
				req, err := http.ReadRequest(bufio.NewReader(conn))
				if err != nil {
					return
				}
				io.Copy(io.Discard, req.Body)
				auth := strings.TrimPrefix(req.Header.Get("Authorization"), "Bearer ")
				io.WriteString(conn, respond(auth))
			}()
		}
	}()
	return "http://" + ln.Addr().String()
}

func debugLogger() (*slog.Logger, *bytes.Buffer) {
	var buf bytes.Buffer
	var mu sync.Mutex
	w := writerFunc(func(p []byte) (int, error) { mu.Lock(); defer mu.Unlock(); return buf.Write(p) })
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug})), &buf
}

func response(status, headers, body string) string {
	return "HTTP/1.1 " + status + "\r\n" + headers + "Content-Length: " + strconv.Itoa(len(body)) + "\r\nConnection: close\r\n\r\n" + body
}

func TestSecrets_EchoedKeyNeverShows(t *testing.T) {
	errorBody := func(fields string) string { return `{"error":{` + fields + `}}` }
	tests := []struct {
		name    string
		respond func(key string) string
	}{
		{"code, decline code, type, charge", func(k string) string {
			return response("402 Payment Required", "Content-Type: application/json\r\n", errorBody(
				`"type":"`+k+`","code":"`+k+`","decline_code":"`+k+`","charge":"`+k+`","message":"`+k+`","param":"`+k+`","doc_url":"`+k+`",
				"advice_code":"`+k+`","network_advice_code":"`+k+`","network_decline_code":"`+k+`","request_log_url":"`+k+`",
				"payment_intent":{"id":"`+k+`"},"payment_method":{"id":"`+k+`"},"source":"`+k+`"`))
		}},
		{"pieces of the key", func(k string) string {
			sec := secretPart(k)
			return response("400 Bad Request", "Content-Type: application/json\r\n", errorBody(
				`"type":"invalid_request_error","code":"`+sec[:13]+`","message":"a `+sec[3:16]+` b `+sec[len(sec)-12:]+`"`))
		}},
		{"request id header", func(k string) string {
			return response("500 Internal Server Error", "Request-Id: "+k+"\r\nX-Echo: "+k+"\r\n"+k+": x\r\n", errorBody(`"type":"api_error"`))
		}},
		{"request id on success", func(k string) string {
			return response("200 OK", "Request-Id: req_"+k+"\r\nContent-Type: application/json\r\n", `{"id":"ch_1"}`)
		}},
		{"malformed status line", func(k string) string {
			return "HTTP/1.1 2" + k + " OK\r\n\r\n"
		}},
		{"malformed header", func(k string) string {
			return "HTTP/1.1 200 OK\r\n" + k + "\r\n\r\n"
		}},
		{"unparseable Location", func(k string) string {
			return response("302 Found", "Location: http://["+k+"\r\n", "")
		}},
		{"Location to another host", func(k string) string {
			return response("307 Temporary Redirect", "Location: https://evil.example/?k="+k+"\r\n", "")
		}},
		{"non-JSON body", func(k string) string {
			return response("502 Bad Gateway", "Content-Type: text/html\r\n", "<html>"+k+"</html>")
		}},
		{"newline in message", func(k string) string {
			return response("400 Bad Request", "", errorBody(`"type":"invalid_request_error","message":"bad\ntime=2026 level=ERROR msg=forged `+k+`"`))
		}},
	}
	// The 200-byte excerpt of a non-JSON body, cut at every offset around
	// the key.
	for off := 150; off <= 210; off++ {
		tests = append(tests, struct {
			name    string
			respond func(key string) string
		}{"excerpt cut at " + strconv.Itoa(off), func(k string) string {
			return response("502 Bad Gateway", "Content-Type: text/html\r\n", strings.Repeat("x", off)+k+strings.Repeat("y", 100))
		}})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := rawServer(t, tt.respond)
			logger, logs := debugLogger()
			c := NewClient(testKey, WithBaseURL(base), WithLogger(logger), WithMaxRetries(1), WithRetryWait(time.Millisecond, time.Millisecond))
			var resp Response
			var out object
			err := c.Do(context.Background(), "POST", "/v1/charges", nil, &out, ResponseInto(&resp))
			assertClean(t, err, logs, &resp)
			if err != nil {
				assert.NotContains(t, err.Error(), "\n")
			}
		})
	}
}

func TestSecrets_PerCallKeyNeverShows(t *testing.T) {
	const callKey = "sk_test_PerCallMerchantKey0987654321abcdef"
	base := rawServer(t, func(k string) string {
		return response("402 Payment Required", "Request-Id: "+k+"\r\n", `{"error":{"type":"card_error","message":"`+k+`"}}`)
	})
	logger, logs := debugLogger()
	c := NewClient(testKey, WithBaseURL(base), WithLogger(logger), WithMaxRetries(0))
	err := c.Do(context.Background(), "POST", "/v1/charges", nil, nil, APIKey(callKey))
	var pe *Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "sk_test_[redacted]", pe.Message)
	assert.NotContains(t, err.Error(), secretPart(callKey)[:12])
	assert.NotContains(t, logs.String(), secretPart(callKey)[:12])
}

func TestDo_RedirectNotRetriedAsTransportError(t *testing.T) {
	var n int
	var mu sync.Mutex
	base := rawServer(t, func(string) string {
		mu.Lock()
		n++
		mu.Unlock()
		return response("302 Found", "Location: http://[::1\r\n", "")
	})
	c := NewClient(testKey, WithBaseURL(base), WithRetryWait(time.Millisecond, time.Millisecond))
	err := c.Do(context.Background(), "POST", "/v1/charges", nil, nil)
	var pe *Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, 302, pe.StatusCode)
	assert.Contains(t, pe.Message, "redirect")
	mu.Lock()
	assert.Equal(t, 1, n, "a redirect is an answer, sent once")
	mu.Unlock()
}

func TestError_ErrorIsOneLine(t *testing.T) {
	e := &Error{Type: "card_error\n", Message: "line1\nlevel=ERROR forged\r\x1b[2J", Code: "c\u2028d", RequestID: "req\n1"}
	got := e.Error()
	assert.NotContains(t, got, "\n")
	assert.NotContains(t, got, "\r")
	assert.NotContains(t, got, "\x1b")
	assert.NotContains(t, got, "\u2028")
	assert.Contains(t, got, `line1\nlevel=ERROR forged\r\x1b[2J`)
}

// FuzzHostileResponse sends raw HTTP responses built from the fuzzer's
// pieces, with the key or pieces of it wherever "{key}" and "{part}" stand:
// whatever comes back, no string the library builds shows the key, and every
// error's text is one line.
func FuzzHostileResponse(f *testing.F) {
	f.Add("200 OK", "Request-Id", "req_{key}", `{"id":"{key}"}`, uint8(0))
	f.Add("402 Payment Required", "X", "{part}", `{"error":{"type":"{key}","code":"{part}","charge":"{part}x{part}"}}`, uint8(5))
	f.Add("302 Found", "Location", "http://[{key}", "", uint8(3))
	f.Add("2{key} OK", "A", "b", "", uint8(1))
	f.Add("502 Bad Gateway", "Content-Type", "text/html", strings.Repeat("a", 190)+"{key}", uint8(9))
	f.Add("500 Internal Server Error", "Request-Id", "{part}\n{part}", `{"error":{"message":"x\n{key}"}}`, uint8(20))
	f.Add("200 OK", "{key}", "v", `{"id":"ch_1"`, uint8(2))
	sec := secretPart(testKey)
	var mu sync.Mutex
	var raw string
	base := rawServer(f, func(string) string { mu.Lock(); defer mu.Unlock(); return raw })
	f.Fuzz(func(t *testing.T, status, hname, hval, body string, at uint8) {
		i := int(at) % (len(sec) - leakWindow + 1)
		fill := strings.NewReplacer("{key}", testKey, "{part}", sec[i:i+leakWindow]).Replace
		status, hname, hval, body = fill(status), fill(hname), fill(hval), fill(body)
		mu.Lock()
		raw = "HTTP/1.1 " + status + "\r\n" + hname + ": " + hval + "\r\nRequest-Id: " + hval + "\r\nLocation: " + hval +
			"\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\nConnection: close\r\n\r\n" + body
		mu.Unlock()
		logger, logs := debugLogger()
		c := NewClient(testKey, WithBaseURL(base), WithLogger(logger), WithMaxRetries(1),
			WithRetryWait(time.Microsecond, time.Microsecond), WithHTTPClient(&http.Client{Timeout: 2 * time.Second}))
		var resp Response
		var out object
		err := c.Do(context.Background(), "POST", "/v1/charges", nil, &out, ResponseInto(&resp))
		assertClean(t, err, logs, &resp)
	})
}

// TestSecrets_ListCursorNeverShows serves a list that repeats a cursor made
// of the key: the error that ends the loop does not quote it.
func TestSecrets_ListCursorNeverShows(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"object":"list","has_more":true,"data":[{"id":"`+testKey+`\nX"}]}`)
	})
	var last error
	for _, err := range List(context.Background(), c, "/v1/charges", nil, func(o *object) string { return o.ID }) {
		if err != nil {
			last = err
		}
	}
	require.Error(t, last)
	assertClean(t, last, nil, nil)
}

func TestDo_PathQueryJoinsParams(t *testing.T) {
	c, mux := setup(t)
	var hits atomic.Int32
	mux.HandleFunc("/v1/events", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		testQuery(t, r, url.Values{"type": {"charge.succeeded"}, "limit": {"3"}})
		writeJSON(w, 200, `{}`)
	})
	require.NoError(t, c.Do(context.Background(), "GET", "/v1/events?type=charge.succeeded", url.Values{"limit": {"3"}}, nil))
	assert.EqualValues(t, 1, hits.Load())
	for _, p := range []string{"/v1/charges#x", "v1/charges"} {
		err := c.Do(context.Background(), "GET", p, url.Values{"a": {"1"}}, nil)
		var pe *Error
		require.ErrorAs(t, err, &pe, p)
		assert.Equal(t, "path", pe.Param)
	}
	assert.EqualValues(t, 1, hits.Load())
}
