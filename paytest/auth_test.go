package paytest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAuth(t *testing.T) {
	srv := newServer(t)
	tests := []struct {
		name, auth string
		status     int
		message    string
	}{
		{"test key", "Bearer sk_test_123", 200, ""},
		{"basic auth with the key as user", "Basic c2tfdGVzdF8xMjM6", 200, ""},
		{"no header", "", 401, "You did not provide an API key"},
		{"bearer without key", "Bearer ", 401, "You did not provide an API key"},
		{"live key", "Bearer sk_live_abcdefghijkl", 401, "Invalid API Key provided: sk_live_********ijkl"},
		{"publishable key", "Bearer pk_test_abcdefghijkl", 401, "Invalid API Key provided: pk_test_********ijkl"},
		{"prefix only", "Bearer sk_test_", 401, "Invalid API Key provided"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := doKey(t, srv, tt.auth, "GET", "/v1/charges", nil)
			require.Equal(t, tt.status, r.status, "status: %s", r.raw)
			if tt.status == 200 {
				return
			}
			assert.Equal(t, "invalid_request_error", r.errField("type"), "type")
			assert.True(t, strings.HasPrefix(r.errField("message"), tt.message), "message = %q, want prefix %q", r.errField("message"), tt.message)
		})
	}
}

func TestRequestIDOnEveryResponse(t *testing.T) {
	srv := newServer(t)
	seen := map[string]bool{}
	for _, r := range []result{
		do(t, srv, "GET", "/v1/charges", nil),
		do(t, srv, "GET", "/v1/charges/ch_missing", nil),
		doKey(t, srv, "", "GET", "/v1/charges", nil),
		do(t, srv, "GET", "/v1/nothing", nil),
	} {
		id := r.header.Get("Request-Id")
		assert.True(t, strings.HasPrefix(id, "req_"), "Request-Id = %q (status %d), want req_...", id, r.status)
		assert.False(t, seen[id], "Request-Id = %q (status %d) seen before, want a fresh one", id, r.status)
		seen[id] = true
	}
	assert.Equal(t, 4, srv.Requests(), "Requests()")
}

func TestUnknownEndpoint(t *testing.T) {
	srv := newServer(t)
	for _, tc := range []struct{ method, path string }{
		{"GET", "/v1/payouts"},
		{"DELETE", "/v1/charges/ch_1"},
		{"GET", "/v1/charges/ch_1/capture"},
		{"GET", "/charges"},
	} {
		r := do(t, srv, tc.method, tc.path, nil)
		assert.Equal(t, http.StatusNotFound, r.status, "%s %s: %s", tc.method, tc.path, r.raw)
		assert.Equal(t, "invalid_request_error", r.errField("type"), "%s %s: %s", tc.method, tc.path, r.raw)
		assert.Contains(t, r.errField("message"), "Unrecognized request URL", "%s %s", tc.method, tc.path)
	}
}
