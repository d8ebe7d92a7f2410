// Command paytest serves the paytest fake Charges API on a port, for tests
// written in other languages or run from a shell.
//
//	go run ./cmd/paytest -addr 127.0.0.1:12112
//	curl -u sk_test_123: http://127.0.0.1:12112/v1/charges -d amount=2000 -d currency=usd -d source=tok_visa
//
// Any key starting with sk_test_ is accepted. State lives in memory until
// the process ends. -fail-rate injects seeded random faults (500, 503, 409,
// 429 and connections dropped after the work) to exercise retry handling.
//
// -rate-limit N answers 429 rate_limit past N requests a second per
// account, as the API does (test mode's limit is 25). -seed, when given,
// also makes ids repeat from run to run.
//
// -webhook sends signed events (charge.succeeded, customer.updated, ...)
// to a URL, as the API does, signed with -webhook-secret (a random
// whsec_... printed at start when none is given). An event the endpoint
// does not acknowledge is sent again -webhook-retries times (default 4),
// -webhook-retry-wait apart at first (default 1s), doubling:
//
//	go run ./cmd/paytest -webhook http://127.0.0.1:8080/webhook -webhook-secret whsec_test
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/paykit/pay/paytest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, nil); err != nil {
		fmt.Fprintln(os.Stderr, "paytest:", err)
		os.Exit(2)
	}
}

// run serves until ctx is done. ready, if not nil, receives the server once
// it listens.
func run(ctx context.Context, args []string, out io.Writer, ready func(*paytest.Server)) error {
	fs := flag.NewFlagSet("paytest", flag.ContinueOnError)
	fs.SetOutput(out)
	addr := fs.String("addr", "127.0.0.1:12112", "address to listen on (host:port; port 0 picks a free one)")
	rate := fs.Float64("fail-rate", 0, "fraction of requests (0 to 1) that get a random fault")
	seed := fs.Uint64("seed", 1, "seed of the random faults; set, it also makes ids repeat from run to run")
	rateLimit := fs.Int("rate-limit", 0, "requests a second per account before 429 rate_limit (test mode's limit is 25; 0: none)")
	retries := fs.Int("webhook-retries", 4, "times a webhook event the endpoint did not acknowledge is sent again")
	retryWait := fs.Duration("webhook-retry-wait", time.Second, "wait before the first webhook retry, doubled before each next one")
	hook := fs.String("webhook", "", "URL to POST signed webhook events to (http or https)")
	secret := fs.String("webhook-secret", "", "webhook signing secret (default: a random whsec_..., printed)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *rate < 0 || *rate > 1 {
		return fmt.Errorf("-fail-rate must be between 0 and 1, not %v", *rate)
	}
	if *hook != "" {
		u, err := url.Parse(*hook)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("-webhook must be an http or https URL, not %q", *hook)
		}
		if *secret == "" {
			b := make([]byte, 16)
			rand.Read(b)
			*secret = "whsec_" + hex.EncodeToString(b)
		}
	} else if *secret != "" {
		return fmt.Errorf("-webhook-secret needs -webhook")
	}
	if *rateLimit < 0 || *retries < 0 || *retryWait <= 0 {
		return fmt.Errorf("-rate-limit and -webhook-retries must be 0 or more, -webhook-retry-wait more than 0")
	}
	opts := []paytest.Option{paytest.RateLimit(*rateLimit), paytest.WebhookRetries(*retries, *retryWait)}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "seed" {
			opts = append(opts, paytest.Seed(*seed))
		}
	})
	srv, err := paytest.Listen(*addr, opts...)
	if err != nil {
		return err
	}
	defer srv.Close()
	if *rate > 0 {
		srv.FailRandomly(*rate, *seed,
			paytest.Fault{Status: http.StatusInternalServerError},
			paytest.Fault{Status: http.StatusServiceUnavailable, Header: http.Header{"Stripe-Should-Retry": {"true"}}},
			paytest.Fault{Status: http.StatusConflict},
			paytest.Fault{Status: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"1"}}},
			paytest.Fault{DropAfterWork: true},
		)
	}
	fmt.Fprintf(out, "paytest listening on %s (key: any sk_test_..., e.g. %s)\n", srv.URL, paytest.TestKey)
	if *hook != "" {
		srv.AddWebhookEndpoint(*hook, *secret)
		fmt.Fprintf(out, "sending webhook events to %s (signing secret: %s)\n", *hook, *secret)
	}
	if ready != nil {
		ready(srv)
	}
	<-ctx.Done()
	return nil
}
