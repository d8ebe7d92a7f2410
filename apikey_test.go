package pay

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAPIKey_PerCall(t *testing.T) {
	c, mux := setup(t)
	var auths []string
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		auths = append(auths, r.Header.Get("Authorization"))
		writeJSON(w, 200, `{"id":"ch_1"}`)
	})
	const merchant = "sk_test_MerchantTwoKey123456789"
	require.NoError(t, c.Do(context.Background(), "POST", "/v1/charges", nil, nil, APIKey(merchant)))
	require.NoError(t, c.Do(context.Background(), "POST", "/v1/charges", nil, nil))
	assert.Equal(t, []string{"Bearer " + merchant, "Bearer " + testKey}, auths, "the per-call key replaces the client's for that call only")
}

func TestAPIKey_CheckedBeforeSending(t *testing.T) {
	c, mux := setup(t)
	var hits atomic.Int32
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })
	tests := []struct {
		name, key, param string
	}{
		{"empty", "", "api_key"},
		{"space", "sk_test_a b", "api_key"},
		{"newline", "sk_test_abc\nX-Evil: 1", "api_key"},
		{"live key over http", "sk_live_RealMoneyKey1234567890", "base_url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := c.Do(context.Background(), "POST", "/v1/charges", nil, nil, APIKey(tt.key))
			var pe *Error
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.param, pe.Param)
			assert.Equal(t, 0, pe.StatusCode)
			if len(tt.key) > 12 {
				assert.NotContains(t, pe.Error(), tt.key[8:])
			}
		})
	}
	assert.EqualValues(t, 0, hits.Load())
}

func TestAPIKey_NeverPrinted(t *testing.T) {
	const k = "sk_live_PerCallSecretNeverShown42"
	opt := APIKey(k)
	var o callOptions
	opt(&o)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		assert.NotContains(t, fmt.Sprintf(verb, o), k[8:])
		assert.NotContains(t, fmt.Sprintf(verb, &o), k[8:])
	}
}

// TestAPIKey_ClientWithoutKey is a multi-tenant backend: its client has no
// key of its own, and each call carries the merchant's. The key checked is
// the one that would be sent.
func TestAPIKey_ClientWithoutKey(t *testing.T) {
	const merchant = "sk_test_MerchantOneKey1234567890"
	tests := []struct {
		name      string
		clientKey string
		opts      []RequestOption
		wantAuth  string // "" when the call must be refused
	}{
		{name: "no client key, call key", clientKey: "", opts: []RequestOption{APIKey(merchant)}, wantAuth: "Bearer " + merchant},
		{name: "malformed client key, call key", clientKey: "sk_test_a b", opts: []RequestOption{APIKey(merchant)}, wantAuth: "Bearer " + merchant},
		{name: "no client key, no call key", clientKey: ""},
		{name: "malformed client key, no call key", clientKey: "sk_test_a b"},
		{name: "no client key, empty call key", clientKey: "", opts: []RequestOption{APIKey("")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var auths []string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				auths = append(auths, r.Header.Get("Authorization"))
				writeJSON(w, 200, `{"id":"ch_1"}`)
			}))
			defer srv.Close()
			c := NewClient(tt.clientKey, WithBaseURL(srv.URL))
			var out object
			var resp Response
			err := c.Do(context.Background(), "POST", "/v1/charges", nil, &out, append(tt.opts, ResponseInto(&resp))...)
			if tt.wantAuth != "" {
				require.NoError(t, err)
				assert.Equal(t, "ch_1", out.ID)
				assert.Equal(t, []string{tt.wantAuth}, auths)
				return
			}
			var pe *Error
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, ErrorTypeInvalidRequest, pe.Type)
			assert.Equal(t, "api_key", pe.Param)
			assert.Equal(t, 0, pe.StatusCode)
			assert.Equal(t, 0, pe.Attempts)
			assert.Equal(t, 0, resp.Attempts)
			assert.NotErrorIs(t, err, ErrRetryLater)
			assert.Empty(t, auths, "nothing was sent")
			if tt.clientKey == "" {
				assert.Contains(t, pe.Message, "pay.APIKey")
			}
		})
	}
}
