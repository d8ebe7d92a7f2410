// Package charge creates, retrieves, updates, captures, lists and searches
// charges: /v1/charges.
//
// Charge a card token from a checkout form, with an idempotency key so that
// a retry never charges twice:
//
//	charges := charge.NewClient(pay.NewClient(os.Getenv("STRIPE_SECRET_KEY")))
//	ch, err := charges.Create(ctx, &charge.CreateParams{
//		Amount:   2000,
//		Currency: "usd",
//		Source:   r.FormValue("stripeToken"),
//		Metadata: pay.Metadata{"order_id": "6735"},
//	}, pay.IdempotencyKey("order-6735"))
//	var pe *pay.Error
//	if errors.As(err, &pe) && pe.Type == pay.ErrorTypeCard {
//		// declined: show pe.Message to the customer
//	}
//
// Authorize now and capture later with Capture false and [Client.Capture].
// [Client.List] iterates over every charge matching a filter, fetching pages
// as the loop goes; [Client.Search] finds charges by what you know, in the
// API's search query language:
//
//	for ch, err := range charges.Search(ctx, &charge.SearchParams{
//		Query: "metadata['order_id']:'6735' AND status:'succeeded'",
//	}) {
//		...
//	}
//
// The refund object lives here as [Refund], because a charge embeds its
// refunds; package refund makes the refund calls.
package charge
