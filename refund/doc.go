// Package refund refunds charges, in full or in part, and retrieves,
// updates, lists and cancels refunds: /v1/refunds.
//
// Refund part of a charge, then list every refund of it:
//
//	refunds := refund.NewClient(pay.NewClient(os.Getenv("STRIPE_SECRET_KEY")))
//	re, err := refunds.Create(ctx, &refund.CreateParams{
//		Charge: "ch_3MmlLrLkdIwHu7ix0snN0B15",
//		Amount: 500, // 0 refunds everything not yet refunded
//		Reason: refund.ReasonRequestedByCustomer,
//	}, pay.IdempotencyKey("refund-6735-1"))
//	for re, err := range refunds.List(ctx, &refund.ListParams{Charge: "ch_3MmlLrLkdIwHu7ix0snN0B15"}) {
//		...
//	}
//
// [Client.Cancel] cancels a refund that waits for the customer's action
// (status requires_action); the API refuses any other with a 400.
//
// [Refund] is an alias of [charge.Refund]: a charge embeds its refunds, so
// the type lives in package charge.
package refund
