package apienv

import (
	"context"
	"testing"

	"github.com/paykit/pay"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOpen_NoKeyUsesPaytest(t *testing.T) {
	env, err := Open("")
	require.NoError(t, err)
	defer env.Close()
	require.True(t, env.Fake, "Fake")
	require.Contains(t, env.Banner, "paytest")
	require.Contains(t, env.Banner, "STRIPE_SECRET_KEY is unset")
	var page pay.Page[struct{ ID string }]
	require.NoError(t, env.Client.Do(context.Background(), "GET", "/v1/charges", nil, &page), "the paytest client does not work")
}

func TestOpen_TestKeyUsesRealAPI(t *testing.T) {
	for _, key := range []string{"sk_test_abc", "rk_test_abc", "  sk_test_abc\n"} {
		env, err := Open(key)
		require.NoError(t, err, "Open(%q)", key)
		env.Close()
		assert.False(t, env.Fake, "Open(%q): Fake", key)
		assert.Contains(t, env.Banner, "https://api.stripe.com", "Open(%q)", key)
		assert.Contains(t, env.Banner, "test mode", "Open(%q)", key)
		assert.NotContains(t, env.Banner, "abc", "the banner shows the key")
	}
}

func TestOpen_RefusesLiveAndUnknownKeys(t *testing.T) {
	tests := []struct {
		key  string
		want error
	}{
		{"sk_live_secret123", ErrLiveKey},
		{"rk_live_secret123", ErrLiveKey},
		{"pk_test_secret123", ErrNotTestKey},
		{"secret123", ErrNotTestKey},
	}
	for _, tt := range tests {
		env, err := Open(tt.key)
		if !assert.ErrorIs(t, err, tt.want, "Open(%q)", tt.key) || !assert.Nil(t, env, "Open(%q)", tt.key) {
			continue
		}
		assert.NotContains(t, err.Error(), "secret123", "the error shows the key")
	}
}
