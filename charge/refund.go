package charge

import (
	"github.com/go-json-experiment/json/jsontext"

	"github.com/paykit/pay"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/internal/wire"
)

// RefundReason is why a refund was made.
type RefundReason string

// The refund reasons. ExpiredUncapturedCharge is set by the API on the
// refund of an authorization that expired; it cannot be requested.
const (
	RefundReasonDuplicate               RefundReason = "duplicate"
	RefundReasonFraudulent              RefundReason = "fraudulent"
	RefundReasonRequestedByCustomer     RefundReason = "requested_by_customer"
	RefundReasonExpiredUncapturedCharge RefundReason = "expired_uncaptured_charge"
)

// RefundStatus is the state of a refund.
type RefundStatus string

// The refund statuses.
const (
	RefundStatusPending        RefundStatus = "pending"
	RefundStatusRequiresAction RefundStatus = "requires_action"
	RefundStatusSucceeded      RefundStatus = "succeeded"
	RefundStatusFailed         RefundStatus = "failed"
	RefundStatusCanceled       RefundStatus = "canceled"
)

// Refund is a refund object: money returned from a charge. It lives here
// because a charge embeds its refunds; package refund aliases it and holds
// the calls. In a list it decodes from a bare id, with only ID set, or from
// the whole object.
type Refund struct {
	ID     string `json:"id"`
	Object string `json:"object"`
	// Amount is the amount refunded, in the smallest currency unit.
	Amount int64 `json:"amount"`
	// BalanceTransaction is the balance change the refund made.
	BalanceTransaction *BalanceTransaction `json:"balance_transaction"`
	// Charge is the refunded charge: only ID set unless expanded.
	Charge   *Charge `json:"charge"`
	Created  int64   `json:"created"`
	Currency string  `json:"currency"`
	// Customer is the customer whose balance was refunded, for customer
	// balance refunds.
	Customer        *customer.Customer `json:"customer"`
	CustomerAccount string             `json:"customer_account"`
	Description     string             `json:"description"`
	// DestinationDetails describe where the money goes.
	DestinationDetails *RefundDestinationDetails `json:"destination_details"`
	// FailureBalanceTransaction reverses BalanceTransaction after a failure.
	FailureBalanceTransaction *BalanceTransaction `json:"failure_balance_transaction"`
	// FailureReason is why a failed refund failed (expired_or_canceled_card,
	// lost_or_stolen_card, unknown, ...).
	FailureReason string `json:"failure_reason"`
	// InstructionsEmail is where refund instructions are sent for payment
	// methods without native refunds.
	InstructionsEmail string            `json:"instructions_email"`
	Metadata          map[string]string `json:"metadata"`
	// NextAction is what the customer must do for a requires_action refund.
	NextAction    *RefundNextAction `json:"next_action"`
	PaymentIntent *pay.Reference    `json:"payment_intent"`
	PaymentMethod *pay.Reference    `json:"payment_method"`
	// PendingReason is why a pending refund is pending.
	PendingReason      string              `json:"pending_reason"`
	PresentmentDetails *PresentmentDetails `json:"presentment_details"`
	Reason             RefundReason        `json:"reason"`
	ReceiptNumber      string              `json:"receipt_number"`
	// SourceTransferReversal reverses the source transfer, for refunds of
	// charges made on a connected account by a transfer.
	SourceTransferReversal *pay.Reference `json:"source_transfer_reversal"`
	Status                 RefundStatus   `json:"status"`
	// TransferReversal reverses the transfer of a destination charge.
	TransferReversal *pay.Reference `json:"transfer_reversal"`
}

type plainRefund Refund

// UnmarshalJSONFrom decodes a refund from its object or from its bare id, in
// the decoder's stream (encoding/json/v2).
func (r *Refund) UnmarshalJSONFrom(d *jsontext.Decoder) error {
	return wire.Expandable(d, r, (*plainRefund)(r), refundID)
}

// UnmarshalJSON decodes a refund from its object or from its bare id
// (encoding/json).
func (r *Refund) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

func refundID(r *Refund) *string { return &r.ID }

// RefundDestinationDetails describe where a refund's money goes. Type names
// the payment method; this package models card refunds (Card).
type RefundDestinationDetails struct {
	Card *RefundDestinationCard `json:"card"`
	Type string                 `json:"type"`
}

// RefundDestinationCard describes a refund to a card.
type RefundDestinationCard struct {
	// Reference is the value the customer's bank can use to trace the refund.
	Reference       string `json:"reference"`
	ReferenceStatus string `json:"reference_status"`
	ReferenceType   string `json:"reference_type"`
	// Type is pending, refund or reversal.
	Type string `json:"type"`
}

// RefundNextAction is what must happen for a requires_action refund.
type RefundNextAction struct {
	DisplayDetails *RefundDisplayDetails `json:"display_details"`
	Type           string                `json:"type"`
}

// RefundDisplayDetails describe the refund instructions sent to a customer.
type RefundDisplayDetails struct {
	EmailSent *RefundEmailSent `json:"email_sent"`
	ExpiresAt int64            `json:"expires_at"`
}

// RefundEmailSent records the refund instructions email.
type RefundEmailSent struct {
	EmailSentAt int64  `json:"email_sent_at"`
	EmailSentTo string `json:"email_sent_to"`
}
