package charge_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/paytest"
)

// The examples run on paytest, the in-memory fake of the API; in your code
// the client is pay.NewClient(os.Getenv("STRIPE_SECRET_KEY")).

func ExampleClient_Create() {
	srv := paytest.NewServer()
	defer srv.Close()
	charges := charge.NewClient(srv.Client())
	ctx := context.Background()

	params := &charge.CreateParams{
		Amount:   1099,
		Currency: "usd",
		Source:   "tok_visa", // the token from the checkout form
		Metadata: pay.Metadata{"order_id": "6735"},
		Shipping: &pay.ShippingParams{
			Name:    "Jenny Rosen",
			Address: &pay.AddressParams{Line1: "1 Main St", City: "San Francisco", Country: "US"},
		},
	}
	ch, err := charges.Create(ctx, params, pay.IdempotencyKey("order-6735"))
	if err != nil {
		log.Fatal(err)
	}
	card := ch.PaymentMethodDetails.Card
	fmt.Println(ch.Status, ch.Amount, ch.Currency, ch.Metadata["order_id"], ch.Shipping.Name)
	fmt.Println(card.Brand, card.Last4, "cvc:", card.Checks.CVCCheck)

	// The same call with the same key, say after a timeout: the API replays
	// the first response, and the order is charged once.
	var resp pay.Response
	again, err := charges.Create(ctx, params, pay.IdempotencyKey("order-6735"), pay.ResponseInto(&resp))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("replayed:", resp.Replayed, "same charge:", again.ID == ch.ID)
	// Output:
	// succeeded 1099 usd 6735 Jenny Rosen
	// visa 4242 cvc: pass
	// replayed: true same charge: true
}

func ExampleClient_Create_declined() {
	srv := paytest.NewServer()
	defer srv.Close()
	charges := charge.NewClient(srv.Client())

	_, err := charges.Create(context.Background(), &charge.CreateParams{
		Amount: 1099, Currency: "usd", Source: "tok_chargeDeclinedInsufficientFunds",
	})
	var pe *pay.Error
	if errors.As(err, &pe) && pe.Type == pay.ErrorTypeCard {
		fmt.Println(pe.StatusCode, pe.Code, pe.DeclineCode)
		fmt.Println(pe.Message)
	}
	// Output:
	// 402 card_declined insufficient_funds
	// Your card has insufficient funds.
}

func ExampleClient_Capture() {
	srv := paytest.NewServer()
	defer srv.Close()
	charges := charge.NewClient(srv.Client())
	ctx := context.Background()

	// Authorize only...
	ch, err := charges.Create(ctx, &charge.CreateParams{
		Amount: 1099, Currency: "usd", Source: "tok_visa", Capture: pay.Bool(false),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("captured:", ch.Captured, ch.AmountCaptured)
	// ...and capture what shipped when the order ships (nil params capture
	// it all); the rest is released.
	ch, err = charges.Capture(ctx, ch.ID, &charge.CaptureParams{Amount: 800})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("captured:", ch.Captured, ch.AmountCaptured, "released:", ch.AmountRefunded)
	// Output:
	// captured: false 0
	// captured: true 800 released: 299
}

func ExampleClient_Get_expand() {
	srv := paytest.NewServer()
	defer srv.Close()
	client := srv.Client()
	charges := charge.NewClient(client)
	ctx := context.Background()

	cus, err := customer.NewClient(client).Create(ctx, &customer.CreateParams{
		Email: "jennyrosen@example.com", Source: "tok_visa",
	})
	if err != nil {
		log.Fatal(err)
	}
	ch, err := charges.Create(ctx, &charge.CreateParams{Amount: 2000, Currency: "usd", Customer: cus.ID})
	if err != nil {
		log.Fatal(err)
	}

	// Not expanded, a reference holds only the id...
	fmt.Println(ch.Customer.ID == cus.ID, ch.Customer.Email == "")
	// ...expanded, it is the whole object.
	ch, err = charges.Get(ctx, ch.ID, pay.Expand("customer", "balance_transaction"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ch.Customer.ID == cus.ID, ch.Customer.Email)
	fmt.Println("balance transaction:", ch.BalanceTransaction.Amount, ch.BalanceTransaction.Currency)
	// Output:
	// true true
	// true jennyrosen@example.com
	// balance transaction: 2000 usd
}

func ExampleClient_List() {
	srv := paytest.NewServer()
	defer srv.Close()
	client := srv.Client()
	charges := charge.NewClient(client)
	ctx := context.Background()

	cus, err := customer.NewClient(client).Create(ctx, &customer.CreateParams{Source: "tok_visa"})
	if err != nil {
		log.Fatal(err)
	}
	for _, amount := range []int64{1000, 2000, 3000} {
		if _, err := charges.Create(ctx, &charge.CreateParams{Amount: amount, Currency: "usd", Customer: cus.ID}); err != nil {
			log.Fatal(err)
		}
	}

	// Newest first, two per page: the loop fetches the second page when it
	// gets there.
	params := &charge.ListParams{Customer: cus.ID, ListParams: pay.ListParams{Limit: 2}}
	for ch, err := range charges.List(ctx, params) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(ch.Amount, ch.Status)
	}
	// Output:
	// 3000 succeeded
	// 2000 succeeded
	// 1000 succeeded
}
