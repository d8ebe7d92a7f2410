package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunMain_WithoutAKeyRunsOnPaytestWithSeededCustomers(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := runMain(context.Background(), []string{"-period", "2026-12", "-progress", "5ms", "-pass-wait", "0"}, "", &stdout, &stderr)
	require.Equal(t, exitOK, code, "stderr:\n%s", stderr.String())

	assert.Contains(t, stderr.String(), "STRIPE_SECRET_KEY is unset")
	assert.Contains(t, stderr.String(), "seeded 9 customers on paytest")
	assert.Regexp(t, `billing 2026-12 pass 1: 8/8 done \(0 left pending\), [0-9.]+/s, 0 errors, ETA 0s`, stderr.String())
	out := stdout.String()
	assert.Contains(t, out, "billing 2026-12: 9 customers listed (1 without a default payment method, skipped)")
	assert.Regexp(t, `charged +6\n`, out)
	assert.Regexp(t, `declined +1\n`, out)
	assert.Regexp(t, `needs customer +1\n`, out)
	assert.Regexp(t, `pending +0\n`, out)
	assert.Contains(t, out, "this run: 8 PaymentIntent requests sent")
}

func TestRunMain_KeepsTheLedgerGivenWithDB(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ledger.db")
	var stdout, stderr bytes.Buffer
	code := runMain(context.Background(), []string{"-period", "2026-11", "-db", db, "-progress", "1h"}, "", &stdout, &stderr)
	require.Equal(t, exitOK, code, "stderr:\n%s", stderr.String())
	assert.NotContains(t, stderr.String(), "temporary file")

	l := openTestLedger(t, db)
	rows, err := l.attempts(context.Background(), "2026-11")
	require.NoError(t, err)
	assert.Len(t, rows, 8)
}

func TestRunMain_RefusesBadFlagsAndLiveKeys(t *testing.T) {
	tests := []struct {
		name string
		args []string
		key  string
		want int
	}{
		{"bad period", []string{"-period", "2026-13"}, "", exitUsage},
		{"bad amount", []string{"-amount", "0"}, "", exitUsage},
		{"unknown flag", []string{"-nope"}, "", exitUsage},
		{"argument", []string{"extra"}, "", exitUsage},
		{"live key", nil, "sk_live_secret123", exitError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			db := filepath.Join(t.TempDir(), "billing.db")
			code := runMain(context.Background(), append([]string{"-db", db}, tt.args...), tt.key, &stdout, &stderr)
			assert.Equal(t, tt.want, code, "stderr:\n%s", stderr.String())
			assert.NotContains(t, stderr.String()+stdout.String(), "secret123")
		})
	}
}

func TestRunMain_CanceledRunDoesNotExitOK(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	code := runMain(ctx, []string{"-progress", "1h"}, "", &stdout, &stderr)
	assert.NotEqual(t, exitOK, code, "stderr:\n%s", stderr.String())
}
