package charge_test

import (
	"context"
	"fmt"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/paytest"
)

// Find the charges of an order by the order id kept in their metadata.
func ExampleClient_Search() {
	srv := paytest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	charges := charge.NewClient(srv.Client())
	for _, order := range []string{"6735", "6736", "6735"} {
		_, err := charges.Create(ctx, &charge.CreateParams{
			Amount: 2000, Currency: "usd", Source: "tok_visa", Metadata: pay.Metadata{"order_id": order},
		})
		if err != nil {
			fmt.Println("error:", err)
			return
		}
	}

	n := 0
	for ch, err := range charges.Search(ctx, &charge.SearchParams{
		Query: "metadata['order_id']:'6735' AND status:'succeeded'",
	}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		n++
		fmt.Println(ch.Metadata["order_id"], ch.Amount, ch.Status)
	}
	fmt.Println(n, "charges")
	// Output:
	// 6735 2000 succeeded
	// 6735 2000 succeeded
	// 2 charges
}
