// Command checkout serves a checkout page: a form with an amount (in US
// dollars), an email for the receipt and a test card standing in for the
// token a payment form would give. Submitting it charges the card and shows
// the payment, or the reason the card was declined. A double submit never
// charges twice: each form carries a nonce the server signed, which names
// the checkout attempt and makes its idempotency key. A form posted from
// another site, or with a nonce this process did not issue (or older than
// an hour), charges nothing. When the API's answer is lost, the page asks
// again with the same key, and if it still cannot tell, says the payment
// is being confirmed. Nonces are signed with a random key kept in the
// store's file, so a form served before a restart is accepted after it;
// instances behind one address share it by sharing the file (or
// checkoutpage.WithNonceKey).
//
//	cd examples/checkout
//	go run .                      # then open http://127.0.0.1:8080/
//	go run . -addr :9000 -db checkout.db
//
// Each checkout is an order, marked paid only when the API's signed
// charge.succeeded event for its charge arrives at /webhook (once, however
// often the event is delivered); /orders/{id} shows it, /api/orders/{id}
// serves it as JSON. Orders and the ids of the events applied to them are
// kept in a SQLite file (-db), in one transaction per event: stop the page
// and start it again on the same file, and every order is there, and an
// event delivered again is not applied (or fulfilled) twice.
//
// With STRIPE_SECRET_KEY unset it runs on an in-process paytest server (no
// network, no key), which sends its events to the page's /webhook, signed
// with a random whsec_ secret. With a test key (sk_test_...) it charges
// through the real API in test mode, and the events come from the API:
// forward them with the Stripe CLI, and give the page the secret the CLI
// prints:
//
//	stripe listen --forward-to localhost:8080/webhook   # prints whsec_...
//	STRIPE_SECRET_KEY=sk_test_... STRIPE_WEBHOOK_SECRET=whsec_... go run .
//
// (or add an endpoint in the dashboard and use its signing secret). Without
// STRIPE_WEBHOOK_SECRET, /webhook refuses every event and orders stay
// awaiting payment. It refuses a live key. On paytest, which forgets its
// charges when the program ends, the orders are kept in a temporary file
// unless -db is given.
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
	"path/filepath"
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
	dbPath := fs.String("db", "checkout.db", "the orders and the events applied to them, a SQLite file (created if missing)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	dbSet := false
	fs.Visit(func(f *flag.Flag) { dbSet = dbSet || f.Name == "db" })

	env, err := apienv.Open(key)
	if err != nil {
		return err
	}
	defer env.Close()
	fmt.Fprintln(stdout, env.Banner)

	if env.Fake && !dbSet {
		dir, err := os.MkdirTemp("", "checkout-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		*dbPath = filepath.Join(dir, "checkout.db")
		fmt.Fprintln(stdout, "Orders in a temporary file (paytest forgets its charges when the page stops; -db keeps them)")
	}
	store, err := checkoutpage.OpenSQLite(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	nonceKey, err := store.NonceKey(ctx)
	if err != nil {
		return err
	}

	logger := slog.New(slog.NewTextHandler(stderr, nil))
	opts := []checkoutpage.Option{checkoutpage.WithLogger(logger), checkoutpage.WithNonceKey(nonceKey)}
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

	handler, err := checkoutpage.New(env.Client, store, opts...)
	if err != nil {
		return err
	}
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
		Handler:           handler,
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
