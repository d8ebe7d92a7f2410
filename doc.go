// Package pay is a typed client for the Charges API: the Stripe-compatible
// /v1/charges, /v1/customers and /v1/refunds endpoints.
//
// A [Client] holds the secret key, the transport and the retry policy and is
// safe for concurrent use. Resource packages wrap it with typed calls:
//
//	client := pay.NewClient(os.Getenv("STRIPE_SECRET_KEY"))
//	ch, err := charge.NewClient(client).Create(ctx, &charge.CreateParams{
//		Amount:   2000,
//		Currency: "usd",
//		Source:   "tok_visa",
//		Metadata: pay.Metadata{"order_id": "6735"},
//	}, pay.IdempotencyKey("order-6735"))
//	var perr *pay.Error
//	if errors.As(err, &perr) && perr.Type == pay.ErrorTypeCard {
//		log.Printf("declined: %s (%s)", perr.Message, perr.DeclineCode)
//	}
//
// Every call goes through [Client.Do], which encodes parameters as a form,
// sets an Idempotency-Key on every POST and DELETE, retries what the API says
// is safe to retry with the same key, and turns every API failure into a
// [*Error]. Ask [ErrOutcomeUnknown] (the request may have been carried out:
// ask again with the same key) and [ErrRetryLater] (not now: a rate limit, a
// lock, the API failing, no answer) before looking at the error's Type.
// [WithRateLimit] keeps a busy client under the account's rate limit. Lists
// are lazy iterators ([List]) that fetch one page at a time.
//
// The paytest package provides an in-memory fake of the API for tests.
package pay
