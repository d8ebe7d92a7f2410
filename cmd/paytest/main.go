// Command paytest serves the paytest fake Charges API on a port, for tests
// written in other languages or run from a shell.
//
//	go run ./cmd/paytest -addr 127.0.0.1:12112
//	curl -u sk_test_123: http://127.0.0.1:12112/v1/charges -d amount=2000 -d currency=usd -d source=tok_visa
//
// Any key starting with sk_test_ is accepted. State lives in memory until
// the process ends. -fail-rate injects seeded random faults (500, 503, 409,
// 429 and connections dropped after the work) to exercise retry handling.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"syscall"

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
	seed := fs.Uint64("seed", 1, "seed of the random faults")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *rate < 0 || *rate > 1 {
		return fmt.Errorf("-fail-rate must be between 0 and 1, not %v", *rate)
	}
	srv, err := paytest.Listen(*addr)
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
	if ready != nil {
		ready(srv)
	}
	<-ctx.Done()
	return nil
}
