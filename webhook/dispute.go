package webhook

import "github.com/paykit/pay/dispute"

// The event types of disputes, in the order a dispute emits them: created
// when it opens, funds_withdrawn with its amount and fee, updated on
// evidence, closed when decided (won, lost), and funds_reinstated when won.
const (
	ChargeDisputeCreated         EventType = "charge.dispute.created"
	ChargeDisputeUpdated         EventType = "charge.dispute.updated"
	ChargeDisputeClosed          EventType = "charge.dispute.closed"
	ChargeDisputeFundsWithdrawn  EventType = "charge.dispute.funds_withdrawn"
	ChargeDisputeFundsReinstated EventType = "charge.dispute.funds_reinstated"
)

// Dispute decodes the event's object as a dispute, for charge.dispute.*
// events (created, updated, closed, funds_withdrawn, funds_reinstated).
// An object of another type is an error wrapping [ErrWrongObject].
func (e *Event) Dispute() (*dispute.Dispute, error) {
	var d dispute.Dispute
	if err := e.decode("dispute", &d); err != nil {
		return nil, err
	}
	return &d, nil
}
