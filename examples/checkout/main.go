// Command checkout serves a checkout page: a form with an amount (in US
// dollars), an email for the receipt and a test card standing in for the
// token a payment form would give. Submitting it charges the card and shows
// the payment, or the reason the card was declined. A double submit never
// charges twice: each form carries a nonce the server signed, which names
// the checkout attempt and makes its idempotency key. A form posted from
// another site, or with a nonce this process did not issue (or older than
// an hour), charges nothing. When the API's answer is lost, the page asks
// again with the same key, and if it still cannot tell, says the payment
// is being confirmed. Nonces are signed with a random key per process: run
// several instances behind one address only after giving them one key
// (checkoutpage.WithNonceKey).
//
//	go run ./examples/checkout            # then open http://127.0.0.1:8080/
//	go run ./examples/checkout -addr :9000
//
// With STRIPE_SECRET_KEY unset it runs on an in-process paytest server (no
// network, no key). With a test key (sk_test_...) it charges through the
// real API in test mode. It refuses a live key.
//
// The handler is package checkoutpage, so that the browser test in e2e/
// can serve it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/paykit/pay/examples/checkout/checkoutpage"
	"github.com/paykit/pay/examples/internal/apienv"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv(apienv.EnvVar), os.Stdout, os.Stderr, nil); err != nil {
		fmt.Fprintln(os.Stderr, "checkout:", err)
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		os.Exit(2)
	}
}

// run serves the checkout page until ctx is done. key is the value of
// STRIPE_SECRET_KEY. ready, if not nil, is called with the listening
// address once the page is served.
func run(ctx context.Context, args []string, key string, stdout, stderr io.Writer, ready func(addr string)) error {
	fs := flag.NewFlagSet("checkout", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to serve the page on (host:port; port 0 picks a free one)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}

	env, err := apienv.Open(key)
	if err != nil {
		return err
	}
	defer env.Close()
	fmt.Fprintln(stdout, env.Banner)

	logger := slog.New(slog.NewTextHandler(stderr, nil))
	opts := []checkoutpage.Option{checkoutpage.WithLogger(logger)}
	if env.Fake {
		opts = append(opts, checkoutpage.WithFakeNotice())
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           checkoutpage.New(env.Client, opts...),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2 * time.Minute, // a charge with retries can take a while
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelError),
	}
	fmt.Fprintf(stdout, "Checkout page on http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	if ready != nil {
		ready(ln.Addr().String())
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}
