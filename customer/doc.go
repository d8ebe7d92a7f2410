// Package customer saves customers and their cards so they can be charged
// later: /v1/customers.
//
// Create a customer with the card token from a checkout form, keep its id,
// and charge it later with package charge:
//
//	customers := customer.NewClient(pay.NewClient(os.Getenv("STRIPE_SECRET_KEY")))
//	cus, err := customers.Create(ctx, &customer.CreateParams{
//		Email:    "jenny@example.com",
//		Source:   r.FormValue("stripeToken"),
//		Metadata: pay.Metadata{"user_id": "42"},
//	}, pay.IdempotencyKey("signup-42"))
//	if err != nil {
//		return err
//	}
//	// later: charges.Create(ctx, &charge.CreateParams{Customer: cus.ID, ...})
//
// Update takes pointers: nil leaves a field unchanged and pay.String("")
// clears it. List walks every customer lazily, page by page:
//
//	for c, err := range customers.List(ctx, &customer.ListParams{Email: "jenny@example.com"}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(c.ID, c.Created)
//	}
//
// A customer can keep several cards: [Client.CreateCard] saves one from its
// token, [Client.ListCards] lists them, [Client.GetCard], [Client.UpdateCard]
// and [Client.DeleteCard] work on one, and Update with DefaultSource picks
// the default. Charge a saved card by naming both ids:
//
//	card, err := customers.CreateCard(ctx, cus.ID, &customer.CreateCardParams{Source: "tok_mastercard"})
//	// charges.Create(ctx, &charge.CreateParams{Customer: cus.ID, Source: card.ID, ...})
//
// [Client.Search] finds customers by what you know about them, in the API's
// search query language (email:'jenny@example.com', metadata['user_id']:'42').
//
// A customer's default_source and sources decode into [Card]; without
// pay.Expand("default_source") only DefaultSource.ID is set.
package customer
