package pay

import (
	"context"
	"fmt"
	"net/http"
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
