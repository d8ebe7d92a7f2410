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
// Each checkout is an order, marked paid only when the API's signed
// charge.succeeded event for its charge arrives at /webhook (once, however
// often the event is delivered); /orders/{id} shows it, /api/orders/{id}
// serves it as JSON.
//
// With STRIPE_SECRET_KEY unset it runs on an in-process paytest server (no
// network, no key), which sends its events to the page's /webhook, signed
// with a random whsec_ secret. With a test key (sk_test_...) it charges
// through the real API in test mode, and the events come from the API:
// forward them with the Stripe CLI, and give the page the secret the CLI
// prints:
//
//	stripe listen --forward-to localhost:8080/webhook   # prints whsec_...
//	STRIPE_SECRET_KEY=sk_test_... STRIPE_WEBHOOK_SECRET=whsec_... go run ./examples/checkout
//
// (or add an endpoint in the dashboard and use its signing secret). Without
// STRIPE_WEBHOOK_SECRET, /webhook refuses every event and orders stay
// awaiting payment. It refuses a live key.
//
// The handler is package checkoutpage, so that the browser test in e2e/
// can serve it.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/paykit/pay/examples/checkout/checkoutpage"
	"github.com/paykit/pay/examples/internal/apienv"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv(apienv.EnvVar), os.Getenv(webhookEnvVar), os.Stdout, os.Stderr, nil); err != nil {
		fmt.Fprintln(os.Stderr, "checkout:", err)
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		os.Exit(2)
	}
}

// webhookEnvVar holds the webhook endpoint's signing secret, for the real API.
const webhookEnvVar = "STRIPE_WEBHOOK_SECRET"

// run serves the checkout page until ctx is done. key is the value of
// STRIPE_SECRET_KEY, whsec that of STRIPE_WEBHOOK_SECRET (ignored on
// paytest, which gets a random secret). ready, if not nil, is called with
// the listening address once the page is served.
func run(ctx context.Context, args []string, key, whsec string, stdout, stderr io.Writer, ready func(addr string)) error {
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
		if whsec, err = newWebhookSecret(); err != nil {
			return err
		}
	}
	whsec = strings.TrimSpace(whsec)
	opts = append(opts, checkoutpage.WithWebhookSecret(whsec), checkoutpage.WithFulfil(func(ctx context.Context, o checkoutpage.Order) {
		logger.InfoContext(ctx, "checkout: order paid, fulfilling it", "order", o.ID, "charge", o.Charge)
	}))

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Checkout page on http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	hook := webhookURL(ln.Addr())
	switch {
	case env.Fake:
		env.Paytest().AddWebhookEndpoint(hook, whsec)
		fmt.Fprintf(stdout, "paytest sends its events to %s\n", hook)
	case whsec == "":
		fmt.Fprintf(stdout, "%s is unset: %s refuses every event, so orders stay awaiting payment; forward events with\n\tstripe listen --forward-to %s\nand set %s to the whsec_ secret it prints\n",
			webhookEnvVar, hook, hook, webhookEnvVar)
	default:
		fmt.Fprintf(stdout, "Webhook endpoint %s, verifying events with the secret from %s\n", hook, webhookEnvVar)
	}
	srv := &http.Server{
		Handler:           checkoutpage.New(env.Client, opts...),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2 * time.Minute, // a charge with retries can take a while
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelError),
	}
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

// newWebhookSecret returns a random signing secret for paytest's events.
func newWebhookSecret() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("no random webhook secret: %w", err)
	}
	return "whsec_" + hex.EncodeToString(b), nil
}

// webhookURL is the webhook endpoint's URL on the listener at addr; an
// unspecified address (":8080", "0.0.0.0:8080") is reached on loopback.
func webhookURL(addr net.Addr) string {
	host, port := "127.0.0.1", ""
	if tcp, ok := addr.(*net.TCPAddr); ok {
		port = strconv.Itoa(tcp.Port)
		if !tcp.IP.IsUnspecified() {
			host = tcp.IP.String()
		}
	} else {
		return "http://" + addr.String() + "/webhook"
	}
	return "http://" + net.JoinHostPort(host, port) + "/webhook"
}
