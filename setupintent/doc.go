// Package setupintent is the SetupIntents API (/v1/setup_intents): save a
// customer's card for later payments, authenticated now (3-D Secure) so
// that the bank accepts the off-session charges that follow.
//
//	sis := setupintent.NewClient(client)
//	si, err := sis.Create(ctx, &setupintent.CreateParams{
//		Customer: cus.ID, PaymentMethod: pmID, Usage: setupintent.UsageOffSession,
//		Confirm: true, ReturnURL: "https://shop.example/saved",
//	}, pay.IdempotencyKey("save-card-"+cus.ID))
//	if si, ok := setupintent.FromError(err); ok {
//		// refused: si.LastSetupError says why; ask for another card
//	}
//	if si.Status == setupintent.StatusRequiresAction {
//		http.Redirect(w, r, si.NextAction.RedirectToURL.URL, http.StatusSeeOther)
//	}
//
// Later, a PaymentIntent with the customer, the payment method and
// OffSession charges it without the customer. A SetupIntent's
// ClientSecret is for the customer's browser only; the library never
// writes one in an error, a log line or fmt output.
package setupintent
