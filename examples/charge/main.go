// Command charge walks through the journeys of the pay library and prints
// a short transcript: charge a card token (and repeat the call to see the
// idempotency key at work), handle a decline, save a customer with a card
// and charge them later, authorize and capture part, refund part, and list
// the customer's charges.
//
//	go run ./examples/charge
//
// With STRIPE_SECRET_KEY unset it runs on an in-process paytest server (no
// network, no key). With a test key (sk_test_...) it talks to the real API
// in test mode. It refuses a live key.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/examples/internal/apienv"
	"github.com/paykit/pay/refund"
)

func main() {
	env, err := apienv.Open(os.Getenv(apienv.EnvVar))
	if err != nil {
		fmt.Fprintln(os.Stderr, "charge:", err)
		os.Exit(2)
	}
	fmt.Println(env.Banner)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	err = run(ctx, env.Client, os.Stdout)
	if err == nil {
		var auth authenticator
		if srv := env.Paytest(); srv != nil {
			auth = srv.Authenticate
		}
		err = runIntents(ctx, env.Client, os.Stdout, auth)
	}
	cancel()
	stop()
	env.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, "charge:", err)
		os.Exit(1)
	}
}

// run walks the journeys against client and writes the transcript to w.
// A decline in step 2 is expected; any other failure ends the run with an
// error.
func run(ctx context.Context, client *pay.Client, w io.Writer) error {
	charges := charge.NewClient(client)
	customers := customer.NewClient(client)
	refunds := refund.NewClient(client)

	// An order id that is new on every run, so that a run against the real
	// API never replays the idempotent response of an earlier run.
	orderID, err := newOrderID()
	if err != nil {
		return err
	}

	fmt.Fprintln(w, "\n1. Charge a card token (tok_visa) with metadata, shipping and an idempotency key")
	params := &charge.CreateParams{
		Amount:       2000,
		Currency:     "usd",
		Source:       "tok_visa", // in a real shop: the token from the checkout form
		Description:  "Order " + orderID,
		ReceiptEmail: "jenny@example.com",
		Metadata:     pay.Metadata{"order_id": orderID},
		Shipping: &pay.ShippingParams{
			Name:    "Jenny Rosen",
			Address: &pay.AddressParams{Line1: "1 Main St", City: "Springfield", PostalCode: "12345", Country: "US"},
		},
	}
	key := pay.IdempotencyKey("order-" + orderID)
	var resp pay.Response
	ch, err := charges.Create(ctx, params, key, pay.ResponseInto(&resp))
	if err != nil {
		return fmt.Errorf("charge a token: %w", err)
	}
	fmt.Fprintf(w, "   charged %s: %s, %s, %s; order_id=%s, shipping to %s\n",
		ch.ID, money(ch.Amount, ch.Currency), ch.Status, cardOf(ch), ch.Metadata["order_id"], shipTo(ch))

	again, err := charges.Create(ctx, params, key, pay.ResponseInto(&resp))
	if err != nil {
		return fmt.Errorf("repeat the charge: %w", err)
	}
	fmt.Fprintf(w, "   the same call again with key %q: replayed=%t, charge %s (charged once)\n",
		resp.IdempotencyKey, resp.Replayed, again.ID)
	if again.ID != ch.ID {
		return fmt.Errorf("repeating the call with the same idempotency key made a second charge %s", again.ID)
	}

	fmt.Fprintln(w, "\n2. A declined card (tok_chargeDeclinedInsufficientFunds)")
	_, err = charges.Create(ctx, &charge.CreateParams{
		Amount: 2000, Currency: "usd", Source: "tok_chargeDeclinedInsufficientFunds",
	})
	var perr *pay.Error
	switch {
	case errors.As(err, &perr) && perr.Type == pay.ErrorTypeCard:
		fmt.Fprintf(w, "   declined: %q (code %s, decline code %s, failed charge %s)\n",
			perr.Message, perr.Code, perr.DeclineCode, perr.ChargeID)
	case err != nil:
		return fmt.Errorf("charge a declined card: %w", err)
	default:
		return errors.New("charging tok_chargeDeclinedInsufficientFunds succeeded; want a decline")
	}

	fmt.Fprintln(w, "\n3. Save a customer with a card, charge them later")
	cus, err := customers.Create(ctx, &customer.CreateParams{
		Email:    "jenny@example.com",
		Name:     "Jenny Rosen",
		Source:   "tok_mastercard", // saved as the customer's default card
		Metadata: pay.Metadata{"order_id": orderID},
	})
	if err != nil {
		return fmt.Errorf("save a customer: %w", err)
	}
	fmt.Fprintf(w, "   saved customer %s (%s), default card %s\n", cus.ID, cus.Email, idOf(cus.DefaultSource))
	later, err := charges.Create(ctx, &charge.CreateParams{
		Amount: 1500, Currency: "usd", Customer: cus.ID, Description: "Monthly box",
	})
	if err != nil {
		return fmt.Errorf("charge the customer: %w", err)
	}
	fmt.Fprintf(w, "   charged customer %s: %s, %s, %s\n", cus.ID, later.ID, money(later.Amount, later.Currency), cardOf(later))

	fmt.Fprintln(w, "\n4. Authorize now, capture part later")
	auth, err := charges.Create(ctx, &charge.CreateParams{
		Amount: 5000, Currency: "usd", Customer: cus.ID, Capture: pay.Bool(false), Description: "Made to order",
	})
	if err != nil {
		return fmt.Errorf("authorize: %w", err)
	}
	fmt.Fprintf(w, "   authorized %s: %s, captured=%t\n", auth.ID, money(auth.Amount, auth.Currency), auth.Captured)
	captured, err := charges.Capture(ctx, auth.ID, &charge.CaptureParams{Amount: 4200})
	if err != nil {
		return fmt.Errorf("capture: %w", err)
	}
	fmt.Fprintf(w, "   captured %s of %s, captured=%t; the uncaptured %s is released (amount_refunded)\n",
		money(captured.AmountCaptured, captured.Currency), money(captured.Amount, captured.Currency), captured.Captured,
		money(captured.AmountRefunded, captured.Currency))

	fmt.Fprintln(w, "\n5. Refund part of a charge")
	re, err := refunds.Create(ctx, &refund.CreateParams{
		Charge: later.ID,
		Amount: 500,
		Reason: refund.ReasonRequestedByCustomer,
	})
	if err != nil {
		return fmt.Errorf("refund: %w", err)
	}
	refunded, err := charges.Get(ctx, later.ID)
	if err != nil {
		return fmt.Errorf("get the refunded charge: %w", err)
	}
	fmt.Fprintf(w, "   refunded %s: %s of %s (%s); the charge now shows amount_refunded %s, refunded=%t\n",
		re.ID, money(re.Amount, re.Currency), later.ID, re.Status,
		money(refunded.AmountRefunded, refunded.Currency), refunded.Refunded)

	fmt.Fprintf(w, "\n6. List customer %s's charges, newest first\n", cus.ID)
	n := 0
	for c, err := range charges.List(ctx, &charge.ListParams{Customer: cus.ID}) {
		if err != nil {
			return fmt.Errorf("list the customer's charges: %w", err)
		}
		n++
		fmt.Fprintf(w, "   %s  %9s  %-9s captured %s, refunded %s  %s\n", c.ID, money(c.Amount, c.Currency),
			c.Status, money(c.AmountCaptured, c.Currency), money(c.AmountRefunded, c.Currency), c.Description)
	}
	fmt.Fprintf(w, "   %d charges\n", n)
	return nil
}

// newOrderID returns a random order id such as "ord_1a2b3c4d".
func newOrderID() (string, error) {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return "ord_" + hex.EncodeToString(b), nil
}

// money formats an amount in the smallest currency unit: "$20.00" for usd,
// "20.00 EUR" for other two-decimal currencies.
func money(amount int64, currency string) string {
	sign := ""
	if amount < 0 {
		sign, amount = "-", -amount
	}
	if currency == "usd" {
		return fmt.Sprintf("%s$%d.%02d", sign, amount/100, amount%100)
	}
	return fmt.Sprintf("%s%d.%02d %s", sign, amount/100, amount%100, upper(currency))
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// cardOf describes the card a charge used, such as "visa ending 4242".
func cardOf(ch *charge.Charge) string {
	if ch.PaymentMethodDetails == nil || ch.PaymentMethodDetails.Card == nil {
		return "no card details"
	}
	card := ch.PaymentMethodDetails.Card
	return card.Brand + " ending " + card.Last4
}

// shipTo describes where a charge ships to.
func shipTo(ch *charge.Charge) string {
	if ch.Shipping == nil {
		return "nobody"
	}
	return ch.Shipping.Name + ", " + ch.Shipping.Address.Line1 + ", " + ch.Shipping.Address.City
}

func idOf(card *customer.Card) string {
	if card == nil {
		return "none"
	}
	return card.ID
}
