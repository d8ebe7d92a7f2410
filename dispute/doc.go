// Package dispute answers chargebacks: the disputes a cardholder opens
// with their card issuer against a charge (/v1/disputes).
//
// When a dispute opens, its amount and a dispute fee leave your balance
// (see Dispute.BalanceTransactions and package balancetransaction). Stage
// evidence with Update, then send it with Submit (or Update with Submit
// true) before EvidenceDetails.DueBy; the issuer then decides, and the
// dispute ends won (the funds come back) or lost. Close gives up at once.
//
//	disputes := dispute.NewClient(client)
//	d, err := disputes.Submit(ctx, "dp_123", &dispute.EvidenceParams{
//		ProductDescription:     pay.String("Blue mug, 350 ml"),
//		ShippingTrackingNumber: pay.String("1Z999AA10123456784"),
//	})
//
// Events: charge.dispute.created, charge.dispute.updated,
// charge.dispute.closed, charge.dispute.funds_withdrawn and
// charge.dispute.funds_reinstated; (*webhook.Event).Dispute decodes them.
//
// paytest opens a dispute on every charge made with tok_createDispute (or
// the PaymentMethod pm_card_createDispute), and evidence whose
// UncategorizedText is "winning_evidence" or "losing_evidence" decides
// the outcome on submit, as in the API's test mode.
package dispute
