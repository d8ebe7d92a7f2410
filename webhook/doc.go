// Package webhook verifies and decodes the signed events the API sends to a
// webhook endpoint: a charge that succeeded or failed, a refund that
// completed, a customer changed in the dashboard.
//
// Each delivery carries a Stripe-Signature header, t=<unix>,v1=<hex>, where
// the hex is the HMAC-SHA256 of "<t>." followed by the raw body, keyed with
// the endpoint's signing secret (whsec_...). [Verify] checks it in constant
// time, refuses a timestamp more than five minutes away from now (either
// way), and decodes the [Event]; [Handler] does all of it for an
// http.Handler:
//
//	secret := os.Getenv("STRIPE_WEBHOOK_SECRET")
//	http.Handle("/webhook", webhook.Handler(secret, func(ctx context.Context, ev *webhook.Event) error {
//		switch ev.Type {
//		case webhook.ChargeSucceeded:
//			ch, err := ev.Charge()
//			if err != nil {
//				return err
//			}
//			return markPaid(ctx, ch.Metadata["order_id"], ch.ID) // an error answers 500: the API retries
//		}
//		return nil
//	}))
//
// Events can arrive twice and out of order: make the work idempotent (keyed
// by ev.ID or the object's id) and read the object's current state with a
// Get when order matters. [Sign] makes headers for tests, and paytest
// delivers signed events for what it does (paytest.Server.AddWebhookEndpoint).
package webhook
