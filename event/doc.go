// Package event reads the account's events (/v1/events): the same
// objects webhooks deliver, kept by the API for 30 days. A backend that
// was down, or that missed deliveries, lists what happened since the last
// event it applied and applies the rest, in order, skipping the ones it
// has seen:
//
//	events := event.NewClient(client)
//	for ev, err := range events.List(ctx, &event.ListParams{
//		Types:   []string{"charge.succeeded", "charge.refunded"},
//		Created: &pay.RangeQuery{GTE: lastApplied},
//	}) {
//		if err != nil {
//			return err
//		}
//		apply(ev) // ev is a *webhook.Event: ev.Charge(), ev.Refund(), ...
//	}
//
// List yields newest first, as the API lists; collect and reverse to
// apply oldest first. Each event is a [webhook.Event], decoded the way
// webhook.Verify decodes a delivery.
package event
