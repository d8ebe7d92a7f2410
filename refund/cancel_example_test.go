package refund_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/paytest"
	"github.com/paykit/pay/refund"
)

// Cancel a refund. Only a refund waiting for the customer's action can be
// canceled; a card refund succeeds at once, so the API refuses with a 400.
func ExampleClient_Cancel() {
	srv := paytest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	ch, err := charge.NewClient(srv.Client()).Create(ctx, &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_visa"})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	refunds := refund.NewClient(srv.Client())
	re, err := refunds.Create(ctx, &refund.CreateParams{Charge: ch.ID})
	if err != nil {
		fmt.Println("error:", err)
		return
	}

	_, err = refunds.Cancel(ctx, re.ID, pay.IdempotencyKey("cancel-"+re.ID))
	var pe *pay.Error
	if errors.As(err, &pe) {
		fmt.Println(pe.StatusCode, pe.Type, re.Status)
	}
	// Output:
	// 400 invalid_request_error succeeded
}
