package customer_test

import (
	"context"
	"fmt"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/paytest"
)

// Save a second card on a customer, make it their default, and charge it by
// its id.
func ExampleClient_CreateCard() {
	srv := paytest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	customers := customer.NewClient(srv.Client())
	charges := charge.NewClient(srv.Client())

	cus, err := customers.Create(ctx, &customer.CreateParams{Email: "jenny@example.com", Source: "tok_visa"})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	card, err := customers.CreateCard(ctx, cus.ID, &customer.CreateCardParams{
		Source:   "tok_mastercard", // a token from the checkout form
		Metadata: pay.Metadata{"label": "work"},
	}, pay.IdempotencyKey("jenny-work-card"))
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	if _, err := customers.Update(ctx, cus.ID, &customer.UpdateParams{DefaultSource: pay.String(card.ID)}); err != nil {
		fmt.Println("error:", err)
		return
	}
	for c, err := range customers.ListCards(ctx, cus.ID, nil) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println("saved:", c.Brand, c.Last4)
	}

	ch, err := charges.Create(ctx, &charge.CreateParams{
		Amount: 1500, Currency: "usd", Customer: cus.ID, Source: card.ID,
	}, pay.IdempotencyKey("order-6736"))
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println("charged:", ch.Source.Brand, ch.Source.Last4, ch.Status)
	// Output:
	// saved: MasterCard 4444
	// saved: Visa 4242
	// charged: MasterCard 4444 succeeded
}
