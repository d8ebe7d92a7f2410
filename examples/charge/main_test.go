package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/paytest"
	"github.com/paykit/pay/refund"
)

// runOnPaytest runs the example against a fresh paytest server and returns
// the transcript and the server's client, to look at the state it left.
func runOnPaytest(t *testing.T) (string, *pay.Client) {
	t.Helper()
	srv := paytest.NewServer()
	t.Cleanup(srv.Close)
	client := srv.Client()
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), client, &out), "transcript so far:\n%s", out.String())
	return out.String(), client
}

// match returns the first submatch of re in s, failing the test when there is none.
func match(t *testing.T, s, re string) string {
	t.Helper()
	m := regexp.MustCompile(re).FindStringSubmatch(s)
	require.NotNil(t, m, "transcript has no line matching %s:\n%s", re, s)
	if len(m) > 1 {
		return m[1]
	}
	return m[0]
}

func TestRun_TranscriptShowsEveryJourney(t *testing.T) {
	out, _ := runOnPaytest(t)
	for _, re := range []string{
		`charged (ch_\w+): \$20\.00, succeeded, visa ending 4242; order_id=ord_[0-9a-f]{8}, shipping to Jenny Rosen, 1 Main St, Springfield`,
		`the same call again with key "order-ord_[0-9a-f]{8}": replayed=true, charge ch_\w+ \(charged once\)`,
		`declined: "Your card has insufficient funds\." \(code card_declined, decline code insufficient_funds, failed charge ch_\w+\)`,
		`saved customer cus_\w+ \(jenny@example\.com\), default card card_\w+`,
		`charged customer cus_\w+: ch_\w+, \$15\.00, mastercard ending 4444`,
		`authorized ch_\w+: \$50\.00, captured=false`,
		`captured \$42\.00 of \$50\.00, captured=true; the uncaptured \$8\.00 is released`,
		`refunded re_\w+: \$5\.00 of ch_\w+ \(succeeded\); the charge now shows amount_refunded \$5\.00, refunded=false`,
		`\n   2 charges\n$`,
	} {
		match(t, out, re)
	}
	// The repeated call names the first charge.
	first := match(t, out, `charged (ch_\w+): \$20\.00`)
	assert.Equal(t, first, match(t, out, `replayed=true, charge (ch_\w+)`), "the replayed call must show the first charge")
}

func TestRun_LeavesTheStateItDescribes(t *testing.T) {
	out, client := runOnPaytest(t)
	ctx := context.Background()
	charges := charge.NewClient(client)

	// One charge for the token however often it was sent, one failed charge
	// for the decline, two for the customer.
	var all []*charge.Charge
	for c, err := range charges.List(ctx, nil) {
		require.NoError(t, err)
		all = append(all, c)
	}
	require.Len(t, all, 4, "the replayed call must not charge again")
	var failed int
	for _, c := range all {
		if c.Status == "failed" {
			failed++
		}
	}
	assert.Equal(t, 1, failed, "failed charges (the decline)")

	first, err := charges.Get(ctx, match(t, out, `charged (ch_\w+): \$20\.00`))
	require.NoError(t, err)
	assert.EqualValues(t, 2000, first.Amount)
	assert.NotEmpty(t, first.Metadata["order_id"])
	if assert.NotNil(t, first.Shipping) {
		assert.Equal(t, "Jenny Rosen", first.Shipping.Name)
	}
	assert.Equal(t, "jenny@example.com", first.ReceiptEmail)

	cusID := match(t, out, `saved customer (cus_\w+)`)
	var mine []*charge.Charge
	for c, err := range charges.List(ctx, &charge.ListParams{Customer: cusID}) {
		require.NoError(t, err)
		mine = append(mine, c)
	}
	require.Len(t, mine, 2, "charges of customer %s", cusID)
	auth, later := mine[0], mine[1] // newest first
	assert.EqualValues(t, 5000, auth.Amount, "authorized charge")
	assert.EqualValues(t, 4200, auth.AmountCaptured, "authorized charge")
	assert.True(t, auth.Captured, "authorized charge")
	assert.EqualValues(t, 1500, later.Amount, "charge of the saved card")
	assert.EqualValues(t, 500, later.AmountRefunded, "charge of the saved card")
	assert.False(t, later.Refunded, "charge of the saved card")

	var res []*refund.Refund
	for re, err := range refund.NewClient(client).List(ctx, &refund.ListParams{Charge: later.ID}) {
		require.NoError(t, err)
		res = append(res, re)
	}
	require.Len(t, res, 1, "refunds of %s", later.ID)
	assert.EqualValues(t, 500, res[0].Amount)
	assert.Equal(t, refund.ReasonRequestedByCustomer, res[0].Reason)
}

func TestRun_FailureEndsTheRunWithTheAPIError(t *testing.T) {
	srv := paytest.NewServer()
	defer srv.Close()
	srv.FailNext(100, paytest.Fault{Status: http.StatusInternalServerError})
	var out bytes.Buffer
	err := run(context.Background(), srv.Client(pay.WithMaxRetries(0)), &out)
	var perr *pay.Error
	require.ErrorAs(t, err, &perr)
	assert.Equal(t, http.StatusInternalServerError, perr.StatusCode)
	assert.True(t, strings.HasPrefix(err.Error(), "charge a token: "), "the error must say which step failed: %v", err)
}

func TestMoney(t *testing.T) {
	tests := []struct {
		amount   int64
		currency string
		want     string
	}{
		{2000, "usd", "$20.00"},
		{5, "usd", "$0.05"},
		{-850, "usd", "-$8.50"},
		{1999, "eur", "19.99 EUR"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, money(tt.amount, tt.currency), "money(%d, %q)", tt.amount, tt.currency)
	}
}

// TestMain runs main itself, instead of the tests, when the test binary is
// started by runMain below.
func TestMain(m *testing.M) {
	if os.Getenv("PAY_EXAMPLE_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// runMain runs main in a subprocess with STRIPE_SECRET_KEY set to key (unset
// when key is empty) and returns its stdout, stderr and exit code.
func runMain(t *testing.T, key string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	env := []string{"PAY_EXAMPLE_RUN_MAIN=1"}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "STRIPE_SECRET_KEY=") {
			env = append(env, kv)
		}
	}
	if key != "" {
		env = append(env, "STRIPE_SECRET_KEY="+key)
	}
	cmd.Env = env
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return o.String(), e.String(), code
}

func TestMain_WithoutKeyRunsOnPaytest(t *testing.T) {
	stdout, stderr, code := runMain(t, "")
	require.Zero(t, code, "exit code; stderr:\n%s", stderr)
	firstLine, _, _ := strings.Cut(stdout, "\n")
	assert.True(t, strings.HasPrefix(firstLine, "STRIPE_SECRET_KEY is unset: using an in-process paytest server"), "first line = %q", firstLine)
	assert.Contains(t, stdout, "2 charges", "the transcript must reach the list")
}

func TestMain_RefusesLiveKey(t *testing.T) {
	stdout, stderr, code := runMain(t, "sk_live_doNotShowMe")
	require.Equal(t, 2, code, "exit code")
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "live key")
	assert.NotContains(t, stderr, "doNotShowMe")
}
