package event_test

import (
	"context"
	"fmt"
	"log"
	"slices"

	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/event"
	"github.com/paykit/pay/paytest"
	"github.com/paykit/pay/webhook"
)

// Reconcile after downtime: list the charge events since the last one the
// backend applied, and apply them oldest first. Here paytest stands in
// for the API; in your code the client is
// pay.NewClient(os.Getenv("STRIPE_SECRET_KEY")).
func ExampleClient_List() {
	srv := paytest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	for i, tok := range []string{"tok_visa", "tok_chargeDeclined", "tok_mastercard"} {
		// The backend was down while these happened.
		_, _ = charge.NewClient(client).Create(ctx, &charge.CreateParams{Amount: int64(1000 + i), Currency: "usd", Source: tok})
	}

	var missed []*webhook.Event
	for ev, err := range event.NewClient(client).List(ctx, &event.ListParams{
		Types: []string{string(webhook.ChargeSucceeded), string(webhook.ChargeFailed)},
		// Created: &pay.RangeQuery{GTE: lastAppliedEventCreated},
	}) {
		if err != nil {
			log.Fatal(err) // resume later from the last event applied
		}
		missed = append(missed, ev)
	}
	slices.Reverse(missed) // the API lists newest first
	for _, ev := range missed {
		ch, err := ev.Charge()
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(ev.Type, ch.Amount)
	}
	// Output:
	// charge.succeeded 1000
	// charge.failed 1001
	// charge.succeeded 1002
}
