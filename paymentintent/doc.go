// Package paymentintent is the PaymentIntents API (/v1/payment_intents):
// the API's recommended way to take a payment, with 3-D Secure when the
// card's bank asks for it.
//
//	pis := paymentintent.NewClient(client)
//	pi, err := pis.Create(ctx, &paymentintent.CreateParams{
//		Amount: 2000, Currency: "usd", PaymentMethod: pmID,
//		Confirm: true, ReturnURL: "https://shop.example/return",
//	}, pay.IdempotencyKey("order-6735"))
//	if pi, ok := paymentintent.FromError(err); ok {
//		// declined: pi.LastPaymentError says why; ask for another card
//	}
//	if pi.Status == paymentintent.StatusRequiresAction && pi.NextAction.Type == pay.NextActionRedirectToURL {
//		http.Redirect(w, r, pi.NextAction.RedirectToURL.URL, http.StatusSeeOther)
//	}
//
// A PaymentIntent's ClientSecret is for the customer's browser only; the
// library never writes one in an error, a log line or fmt output.
package paymentintent
