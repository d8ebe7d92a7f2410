package apienv

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/paykit/pay"
)

func TestOpen_NoKeyUsesPaytest(t *testing.T) {
	env, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	if !env.Fake || !strings.Contains(env.Banner, "paytest") || !strings.Contains(env.Banner, "STRIPE_SECRET_KEY is unset") {
		t.Fatalf("Fake=%v Banner=%q", env.Fake, env.Banner)
	}
	var page pay.Page[struct{ ID string }]
	if err := env.Client.Do(context.Background(), "GET", "/v1/charges", nil, &page); err != nil {
		t.Fatalf("the paytest client does not work: %v", err)
	}
}

func TestOpen_TestKeyUsesRealAPI(t *testing.T) {
	for _, key := range []string{"sk_test_abc", "rk_test_abc", "  sk_test_abc\n"} {
		env, err := Open(key)
		if err != nil {
			t.Fatalf("Open(%q): %v", key, err)
		}
		env.Close()
		if env.Fake || !strings.Contains(env.Banner, "https://api.stripe.com") || !strings.Contains(env.Banner, "test mode") {
			t.Errorf("Open(%q): Fake=%v Banner=%q", key, env.Fake, env.Banner)
		}
		if strings.Contains(env.Banner, "abc") {
			t.Errorf("the banner shows the key: %q", env.Banner)
		}
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
		if !errors.Is(err, tt.want) || env != nil {
			t.Errorf("Open(%q) = %v, %v; want %v", tt.key, env, err, tt.want)
			continue
		}
		if strings.Contains(err.Error(), "secret123") {
			t.Errorf("the error shows the key: %v", err)
		}
	}
}
