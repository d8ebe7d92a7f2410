// Package paymentmethod is the PaymentMethods API (/v1/payment_methods):
// the customer's card (or bank account, wallet, ...) that PaymentIntents
// charge and SetupIntents save for later.
//
// A checkout form's token becomes a payment method, which a PaymentIntent
// then confirms:
//
//	pms := paymentmethod.NewClient(client)
//	pm, err := pms.Create(ctx, &paymentmethod.CreateParams{
//		Type: "card",
//		Card: &paymentmethod.CardParams{Token: r.FormValue("stripeToken")},
//		BillingDetails: &paymentmethod.BillingDetailsParams{Email: "jenny@example.com"},
//	})
//	if err != nil {
//		return err
//	}
//	fmt.Println(pm.ID, pm.Card.Brand, pm.Card.Last4)
//
// Attach and Detach tie a payment method to a customer; List with a
// Customer lists that customer's payment methods.
package paymentmethod
