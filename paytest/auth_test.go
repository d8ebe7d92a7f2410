package paytest_test

import (
	"net/http"
	"strings"
	"testing"
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
			if r.status != tt.status {
				t.Fatalf("status = %d, want %d: %s", r.status, tt.status, r.raw)
			}
			if tt.status == 200 {
				return
			}
			if r.errField("type") != "invalid_request_error" {
				t.Errorf("type = %q", r.errField("type"))
			}
			if !strings.HasPrefix(r.errField("message"), tt.message) {
				t.Errorf("message = %q, want prefix %q", r.errField("message"), tt.message)
			}
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
		if !strings.HasPrefix(id, "req_") || seen[id] {
			t.Errorf("Request-Id = %q (status %d), want a fresh req_...", id, r.status)
		}
		seen[id] = true
	}
	if got := srv.Requests(); got != 4 {
		t.Errorf("Requests() = %d, want 4", got)
	}
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
		if r.status != http.StatusNotFound || r.errField("type") != "invalid_request_error" ||
			!strings.Contains(r.errField("message"), "Unrecognized request URL") {
			t.Errorf("%s %s: %d %s", tc.method, tc.path, r.status, r.raw)
		}
	}
}
