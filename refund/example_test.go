package refund_test

import (
	"context"
	"fmt"
	"log"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/paytest"
	"github.com/paykit/pay/refund"
)

// The examples run on paytest, the in-memory fake of the API; in your code
// the client is pay.NewClient(os.Getenv("STRIPE_SECRET_KEY")).

func ExampleClient_Create() {
	srv := paytest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	ch, err := charge.NewClient(client).Create(ctx, &charge.CreateParams{
		Amount: 2000, Currency: "usd", Source: "tok_visa",
	})
	if err != nil {
		log.Fatal(err)
	}
	re, err := refund.NewClient(client).Create(ctx, &refund.CreateParams{
		Charge:   ch.ID,
		Amount:   500, // 0 refunds all that is left
		Reason:   refund.ReasonRequestedByCustomer,
		Metadata: pay.Metadata{"order_id": "6735"},
	}, pay.IdempotencyKey("refund-6735-1"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(re.Status, re.Amount, re.Currency, re.Reason, "of the charge:", re.Charge.ID == ch.ID)

	ch, err = charge.NewClient(client).Get(ctx, ch.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("charge refunded:", ch.AmountRefunded, "fully:", ch.Refunded)
	// Output:
	// succeeded 500 usd requested_by_customer of the charge: true
	// charge refunded: 500 fully: false
}

func ExampleClient_List() {
	srv := paytest.NewServer()
	defer srv.Close()
	client := srv.Client()
	refunds := refund.NewClient(client)
	ctx := context.Background()

	ch, err := charge.NewClient(client).Create(ctx, &charge.CreateParams{
		Amount: 2000, Currency: "usd", Source: "tok_visa",
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, amount := range []int64{100, 200, 300} {
		if _, err := refunds.Create(ctx, &refund.CreateParams{Charge: ch.ID, Amount: amount}); err != nil {
			log.Fatal(err)
		}
	}

	var total int64
	for re, err := range refunds.List(ctx, &refund.ListParams{Charge: ch.ID}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(re.Amount)
		total += re.Amount
	}
	fmt.Println("refunded:", total)
	// Output:
	// 300
	// 200
	// 100
	// refunded: 600
}
