// Command billing charges every saved customer for a billing period, and can
// be killed at any point and run again without charging anyone twice.
//
//	go run . -period 2026-12 -amount 1500 -workers 4 -rate 20 -db billing.db
//
// Every customer the API lists (customer.List) who has a default payment
// method (invoice_settings.default_payment_method, as a SetupIntent or a
// checkout leaves it) is charged Amount with it: a PaymentIntent created and
// confirmed at once, off session. A customer with only a legacy card
// (default_source) is skipped. Before each request the job writes a row to
// a ledger, a SQLite file: customer, period, attempt, idempotency key,
// payment method, state pending. The answer is recorded after: charged
// (with the PaymentIntent, its status and its charge), declined (with the
// decline code), needs_customer (authentication_required: the bank wants
// the customer to authenticate; the row names the PaymentIntent to confirm
// with them on session), or failed (refused for another reason).
//
// A row that is still pending (a crash, a kill, an answer that never came,
// a rate limit or the API failing) is sent again by the next pass or the
// next run with its own key, so the API replays the charge it made instead
// of making another. The API forgets a key after 24 hours, so a pending row
// older than that is never sent blindly: the job first lists the customer's
// PaymentIntents and looks for the key in their metadata, and sends only if
// there is none. A declined customer is retried only with -retry-declined, and
// with a new key (attempt+1): the old key would replay the decline. A
// needs_customer row's PaymentIntent is read again on every run: paid on
// session since, the row is recorded charged and never tried again.
//
// Run again for a period that is done, it charges nobody. The exit status is
// 0 when every attempt has an answer, 3 when some are left pending (run
// again), 1 on an error and 2 on bad flags.
//
// With STRIPE_SECRET_KEY unset it runs on an in-process paytest server with a
// few seeded customers (one of whom is declined, one needs to authenticate), and keeps the ledger in a
// temporary file unless -db is given. With a test key it talks to the real
// API in test mode; it refuses a live key.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/paykit/pay"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/examples/internal/apienv"
	"github.com/paykit/pay/paymentmethod"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := runMain(ctx, os.Args[1:], os.Getenv(apienv.EnvVar), os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit statuses of runMain.
const (
	exitOK      = 0
	exitError   = 1
	exitUsage   = 2
	exitPending = 3
)

// runMain is the program: args are its flags, key the value of
// STRIPE_SECRET_KEY. The summary goes to stdout, the progress and errors to
// stderr.
func runMain(ctx context.Context, args []string, key string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("billing", flag.ContinueOnError)
	fs.SetOutput(stderr)
	period := fs.String("period", time.Now().UTC().Format("2006-01"), "the billing period, a month such as 2026-12")
	amount := fs.Int64("amount", 1500, "what each customer is charged, in the smallest currency unit (1500 = $15.00)")
	currency := fs.String("currency", "usd", "the currency of -amount")
	workers := fs.Int("workers", 4, "how many charges are in flight at once")
	rate := fs.Float64("rate", 20, "the most requests a second, retries included, in bursts of 1 (test mode allows 25); 0 for no limit")
	dbPath := fs.String("db", "billing.db", "the ledger, a SQLite file (created if missing)")
	retryDeclined := fs.Bool("retry-declined", false, "try again, with a new key, the customers whose last attempt for the period was declined or refused")
	passes := fs.Int("passes", 3, "how many times a run goes over the attempts an answer such as a rate limit left pending")
	passWait := fs.Duration("pass-wait", 10*time.Second, "the pause between two passes")
	every := fs.Duration("progress", time.Second, "how often to write a progress line to stderr")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "billing: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	dbSet := false
	fs.Visit(func(f *flag.Flag) { dbSet = dbSet || f.Name == "db" })

	var opts []pay.Option
	if *rate > 0 {
		opts = append(opts, pay.WithRateLimit(*rate, 1))
	}
	env, err := apienv.Open(key, opts...)
	if err != nil {
		fmt.Fprintln(stderr, "billing:", err)
		return exitError
	}
	defer env.Close()
	fmt.Fprintln(stderr, env.Banner)

	client := env.Client
	if srv := env.Paytest(); srv != nil {
		client = srv.Client(opts...)
		n, err := seedCustomers(ctx, client)
		if err != nil {
			fmt.Fprintln(stderr, "billing: seed paytest:", err)
			return exitError
		}
		fmt.Fprintf(stderr, "seeded %d customers on paytest\n", n)
		if !dbSet {
			dir, err := os.MkdirTemp("", "billing-")
			if err != nil {
				fmt.Fprintln(stderr, "billing:", err)
				return exitError
			}
			defer os.RemoveAll(dir)
			*dbPath = filepath.Join(dir, "billing.db")
			fmt.Fprintln(stderr, "ledger in a temporary file (paytest forgets its charges when the run ends; -db keeps a ledger)")
		}
	}

	l, err := openLedger(ctx, *dbPath)
	if err != nil {
		fmt.Fprintln(stderr, "billing:", err)
		return exitError
	}
	defer l.Close()

	j, err := newJob(client, l, config{
		Period:        *period,
		Amount:        *amount,
		Currency:      *currency,
		Workers:       *workers,
		RetryDeclined: *retryDeclined,
		Passes:        *passes,
		PassWait:      *passWait,
		Progress:      stderr,
		ProgressEvery: *every,
	})
	if err != nil {
		fmt.Fprintln(stderr, "billing:", err)
		return exitUsage
	}
	res, err := j.run(ctx)
	writeSummary(stdout, *period, res)
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "billing: stopped; run again to resume (pending attempts keep their keys)")
		return exitPending
	case err != nil:
		fmt.Fprintln(stderr, "billing:", err)
		return exitError
	case res.Pending > 0:
		return exitPending
	}
	return exitOK
}

// seedPaymentMethods are the cards of the customers seeded on paytest: most
// charge, pm_card_chargeCustomerFail saves but declines every payment,
// pm_card_authenticationRequired saves but its bank asks the customer to
// authenticate every payment (off session: authentication_required), and ""
// saves none (the job skips that customer).
var seedPaymentMethods = []string{"pm_card_visa", "pm_card_mastercard", "pm_card_amex", "pm_card_visa", "pm_card_chargeCustomerFail",
	"pm_card_discover", "pm_card_authenticationRequired", "pm_card_visa_debit", ""}

// seedCustomers saves a few customers on paytest and returns how many.
func seedCustomers(ctx context.Context, client *pay.Client) (int, error) {
	for i, pm := range seedPaymentMethods {
		_, err := saveCustomer(ctx, client, pm, &customer.CreateParams{
			Name:     fmt.Sprintf("Customer %d", i+1),
			Email:    fmt.Sprintf("customer%d@example.com", i+1),
			Metadata: pay.Metadata{"seeded_by": "examples/billing"},
		})
		if err != nil {
			return i, err
		}
	}
	return len(seedPaymentMethods), nil
}

// saveCustomer creates a customer from params with the payment method pm
// (a test payment method such as "pm_card_visa", or a pm_... id) attached
// and set as their default (invoice_settings.default_payment_method), as a
// checkout's SetupIntent leaves them. An empty pm saves none.
func saveCustomer(ctx context.Context, client *pay.Client, pm string, params *customer.CreateParams) (*customer.Customer, error) {
	customers := customer.NewClient(client)
	cp := *params
	cp.PaymentMethod = pm
	cus, err := customers.Create(ctx, &cp)
	if err != nil || pm == "" {
		return cus, err
	}
	// A test payment method name makes a new payment method: its id is
	// the one attached.
	saved, err := paymentmethod.NewClient(client).ListPage(ctx, &paymentmethod.ListParams{Customer: cus.ID})
	if err != nil {
		return nil, fmt.Errorf("list the payment methods of %.64q: %w", cus.ID, err)
	}
	if len(saved.Data) == 0 {
		return nil, fmt.Errorf("customer %.64q has no payment method attached", cus.ID)
	}
	return customers.Update(ctx, cus.ID, &customer.UpdateParams{
		InvoiceSettings: &customer.InvoiceSettingsParams{DefaultPaymentMethod: pay.String(saved.Data[0].ID)},
	})
}
