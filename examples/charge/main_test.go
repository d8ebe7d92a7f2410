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
	if err := run(context.Background(), client, &out); err != nil {
		t.Fatalf("run: %v\ntranscript so far:\n%s", err, out.String())
	}
	return out.String(), client
}

// match returns the first submatch of re in s, failing the test when there is none.
func match(t *testing.T, s, re string) string {
	t.Helper()
	m := regexp.MustCompile(re).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("transcript has no line matching %s:\n%s", re, s)
	}
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
	if again := match(t, out, `replayed=true, charge (ch_\w+)`); again != first {
		t.Errorf("the replayed call shows charge %s, the first call %s", again, first)
	}
}

func TestRun_LeavesTheStateItDescribes(t *testing.T) {
	out, client := runOnPaytest(t)
	ctx := context.Background()
	charges := charge.NewClient(client)

	// One charge for the token however often it was sent, one failed charge
	// for the decline, two for the customer.
	var all []*charge.Charge
	for c, err := range charges.List(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, c)
	}
	if len(all) != 4 {
		t.Fatalf("paytest holds %d charges, want 4 (the replayed call must not charge again)", len(all))
	}
	var failed int
	for _, c := range all {
		if c.Status == "failed" {
			failed++
		}
	}
	if failed != 1 {
		t.Errorf("%d failed charges, want 1 (the decline)", failed)
	}

	first, err := charges.Get(ctx, match(t, out, `charged (ch_\w+): \$20\.00`))
	if err != nil {
		t.Fatal(err)
	}
	if first.Amount != 2000 || first.Metadata["order_id"] == "" || first.Shipping == nil ||
		first.Shipping.Name != "Jenny Rosen" || first.ReceiptEmail != "jenny@example.com" {
		t.Errorf("token charge = amount %d, metadata %v, shipping %+v, receipt %q",
			first.Amount, first.Metadata, first.Shipping, first.ReceiptEmail)
	}

	cusID := match(t, out, `saved customer (cus_\w+)`)
	var mine []*charge.Charge
	for c, err := range charges.List(ctx, &charge.ListParams{Customer: cusID}) {
		if err != nil {
			t.Fatal(err)
		}
		mine = append(mine, c)
	}
	if len(mine) != 2 {
		t.Fatalf("customer %s has %d charges, want 2", cusID, len(mine))
	}
	auth, later := mine[0], mine[1] // newest first
	if auth.Amount != 5000 || auth.AmountCaptured != 4200 || !auth.Captured {
		t.Errorf("authorized charge: amount %d captured %d (%t), want 5000 captured 4200",
			auth.Amount, auth.AmountCaptured, auth.Captured)
	}
	if later.Amount != 1500 || later.AmountRefunded != 500 || later.Refunded {
		t.Errorf("charge of the saved card: amount %d refunded %d (%t), want 1500 refunded 500",
			later.Amount, later.AmountRefunded, later.Refunded)
	}

	var res []*refund.Refund
	for re, err := range refund.NewClient(client).List(ctx, &refund.ListParams{Charge: later.ID}) {
		if err != nil {
			t.Fatal(err)
		}
		res = append(res, re)
	}
	if len(res) != 1 || res[0].Amount != 500 || res[0].Reason != refund.ReasonRequestedByCustomer {
		t.Errorf("refunds of %s = %+v, want one of 500 requested_by_customer", later.ID, res)
	}
}

func TestRun_FailureEndsTheRunWithTheAPIError(t *testing.T) {
	srv := paytest.NewServer()
	defer srv.Close()
	srv.FailNext(100, paytest.Fault{Status: http.StatusInternalServerError})
	var out bytes.Buffer
	err := run(context.Background(), srv.Client(pay.WithMaxRetries(0)), &out)
	var perr *pay.Error
	if !errors.As(err, &perr) || perr.StatusCode != http.StatusInternalServerError {
		t.Fatalf("run = %v, want the API's 500 as a *pay.Error", err)
	}
	if !strings.HasPrefix(err.Error(), "charge a token: ") {
		t.Errorf("the error does not say which step failed: %v", err)
	}
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
		if got := money(tt.amount, tt.currency); got != tt.want {
			t.Errorf("money(%d, %q) = %q, want %q", tt.amount, tt.currency, got, tt.want)
		}
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
	} else if err != nil {
		t.Fatal(err)
	}
	return o.String(), e.String(), code
}

func TestMain_WithoutKeyRunsOnPaytest(t *testing.T) {
	stdout, stderr, code := runMain(t, "")
	if code != 0 {
		t.Fatalf("exit code %d, stderr:\n%s", code, stderr)
	}
	firstLine, _, _ := strings.Cut(stdout, "\n")
	if !strings.HasPrefix(firstLine, "STRIPE_SECRET_KEY is unset: using an in-process paytest server") {
		t.Errorf("first line = %q, want it to say paytest is used", firstLine)
	}
	if !strings.Contains(stdout, "2 charges") {
		t.Errorf("the transcript does not reach the list:\n%s", stdout)
	}
}

func TestMain_RefusesLiveKey(t *testing.T) {
	stdout, stderr, code := runMain(t, "sk_live_doNotShowMe")
	if code != 2 || stdout != "" {
		t.Fatalf("exit code %d, stdout %q; want 2 and nothing printed", code, stdout)
	}
	if !strings.Contains(stderr, "live key") || strings.Contains(stderr, "doNotShowMe") {
		t.Errorf("stderr = %q, want the refusal without the key", stderr)
	}
}
