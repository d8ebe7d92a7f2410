package refund

import "github.com/paykit/pay/charge"

// Refund is a refund object; see [charge.Refund].
type Refund = charge.Refund

// Reason is why a refund was made; see [charge.RefundReason].
type Reason = charge.RefundReason

// The reasons a refund can be created with. A refund of an expired
// authorization has the reason ReasonExpiredUncapturedCharge, set by the API.
const (
	ReasonDuplicate               = charge.RefundReasonDuplicate
	ReasonFraudulent              = charge.RefundReasonFraudulent
	ReasonRequestedByCustomer     = charge.RefundReasonRequestedByCustomer
	ReasonExpiredUncapturedCharge = charge.RefundReasonExpiredUncapturedCharge
)

// Status is the state of a refund; see [charge.RefundStatus].
type Status = charge.RefundStatus

// The refund statuses.
const (
	StatusPending        = charge.RefundStatusPending
	StatusRequiresAction = charge.RefundStatusRequiresAction
	StatusSucceeded      = charge.RefundStatusSucceeded
	StatusFailed         = charge.RefundStatusFailed
	StatusCanceled       = charge.RefundStatusCanceled
)
