package paytest

import "fmt"

// The statuses of paytest's objects and the transitions between them,
// all in one place. A status changes only through setStatus, which panics
// on a transition not written here: that is a paytest bug, never an API
// error. The checks that answer an API error (a capture of a failed charge)
// are in the logic functions (charges.go, refunds.go), before any change.

// transitions lists, per status, the statuses it may move to. The zero
// status "" is an object being made.
type transitions[S ~string] map[S][]S

// allows reports whether from may move to to.
func (t transitions[S]) allows(from, to S) bool {
	for _, s := range t[from] {
		if s == to {
			return true
		}
	}
	return false
}

// setStatus moves *cur to to, as t allows.
func setStatus[S ~string](t transitions[S], cur *S, to S) {
	if !t.allows(*cur, to) {
		panic(fmt.Sprintf("paytest: no transition from status %q to %q", *cur, to))
	}
	*cur = to
}

// chargeStatus is a charge's status. A charge is made succeeded or failed
// and keeps that status: capture and refunds change captured, refunded and
// the amounts, not the status (as in the API).
type chargeStatus string

const (
	chargeSucceeded chargeStatus = "succeeded"
	chargeFailed    chargeStatus = "failed"
	chargePending   chargeStatus = "pending" // not reached by cards; for payment methods that settle later
)

var chargeTransitions = transitions[chargeStatus]{
	"":            {chargeSucceeded, chargeFailed, chargePending},
	chargePending: {chargeSucceeded, chargeFailed},
}

// refundStatus is a refund's status. Card refunds succeed at once; a
// refund that requires action can be canceled.
type refundStatus string

const (
	refundPending        refundStatus = "pending"
	refundRequiresAction refundStatus = "requires_action"
	refundSucceeded      refundStatus = "succeeded"
	refundFailed         refundStatus = "failed"
	refundCanceled       refundStatus = "canceled"
)

var refundTransitions = transitions[refundStatus]{
	"":                   {refundSucceeded, refundPending, refundRequiresAction},
	refundPending:        {refundSucceeded, refundFailed, refundCanceled},
	refundRequiresAction: {refundSucceeded, refundFailed, refundCanceled},
}

// piStatus is a PaymentIntent's status.
type piStatus string

const (
	piRequiresPaymentMethod piStatus = "requires_payment_method"
	piRequiresConfirmation  piStatus = "requires_confirmation"
	piRequiresAction        piStatus = "requires_action"
	piProcessing            piStatus = "processing" // not reached by cards
	piRequiresCapture       piStatus = "requires_capture"
	piCanceled              piStatus = "canceled"
	piSucceeded             piStatus = "succeeded"
)

// piTransitions: a confirm moves an intent with a payment method on to
// requires_action (3-D Secure), requires_capture (manual capture) or
// succeeded, or back to requires_payment_method when the card declines or
// fails authentication; capture moves requires_capture to succeeded;
// cancel ends any status but succeeded. Setting a new payment method (on
// update) moves requires_payment_method to requires_confirmation.
var piTransitions = transitions[piStatus]{
	"":                      {piRequiresPaymentMethod, piRequiresConfirmation},
	piRequiresPaymentMethod: {piRequiresConfirmation, piRequiresAction, piRequiresCapture, piSucceeded, piRequiresPaymentMethod, piCanceled},
	piRequiresConfirmation:  {piRequiresConfirmation, piRequiresAction, piRequiresCapture, piSucceeded, piRequiresPaymentMethod, piCanceled},
	piRequiresAction:        {piRequiresConfirmation, piRequiresAction, piRequiresCapture, piSucceeded, piRequiresPaymentMethod, piCanceled},
	piProcessing:            {piSucceeded, piRequiresPaymentMethod, piCanceled},
	piRequiresCapture:       {piSucceeded, piCanceled},
}

// piConfirmable, piCancelable and piUpdatable are the statuses those
// calls accept (in the API's order, for its messages).
var (
	piConfirmable = []piStatus{piRequiresConfirmation, piRequiresPaymentMethod, piRequiresAction}
	piCancelable  = []piStatus{piRequiresPaymentMethod, piRequiresCapture, piRequiresConfirmation, piRequiresAction, piProcessing}
	piUpdatable   = []piStatus{piRequiresPaymentMethod, piRequiresConfirmation, piRequiresAction}
)

// siStatus is a SetupIntent's status.
type siStatus string

const (
	siRequiresPaymentMethod siStatus = "requires_payment_method"
	siRequiresConfirmation  siStatus = "requires_confirmation"
	siRequiresAction        siStatus = "requires_action"
	siCanceled              siStatus = "canceled"
	siSucceeded             siStatus = "succeeded"
)

// siTransitions: as a PaymentIntent's, without capture.
var siTransitions = transitions[siStatus]{
	"":                      {siRequiresPaymentMethod, siRequiresConfirmation},
	siRequiresPaymentMethod: {siRequiresConfirmation, siRequiresAction, siSucceeded, siRequiresPaymentMethod, siCanceled},
	siRequiresConfirmation:  {siRequiresConfirmation, siRequiresAction, siSucceeded, siRequiresPaymentMethod, siCanceled},
	siRequiresAction:        {siRequiresConfirmation, siRequiresAction, siSucceeded, siRequiresPaymentMethod, siCanceled},
}

var (
	siConfirmable = []siStatus{siRequiresConfirmation, siRequiresPaymentMethod, siRequiresAction}
	siCancelable  = []siStatus{siRequiresPaymentMethod, siRequiresConfirmation, siRequiresAction}
)

// txnType is a balance transaction's type (and reporting_category).
type txnType string

const (
	txnCharge     txnType = "charge"
	txnRefund     txnType = "refund"
	txnAdjustment txnType = "adjustment" // a dispute's withdrawal or reinstatement
)

// txnStatus is a balance transaction's status: pending until its
// available_on on the server's clock, then available (not stored: see
// txnJSON).
type txnStatus string

const (
	txnPending   txnStatus = "pending"
	txnAvailable txnStatus = "available"
)

// disputeStatus is a dispute's status. A chargeback waits for evidence
// (needs_response), is reviewed once it is submitted (under_review) and
// ends won or lost; an inquiry does the same in its warning_* statuses and
// ends warning_closed (paytest never turns one into a chargeback).
type disputeStatus string

const (
	disputeNeedsResponse        disputeStatus = "needs_response"
	disputeUnderReview          disputeStatus = "under_review"
	disputeWon                  disputeStatus = "won"
	disputeLost                 disputeStatus = "lost"
	disputeWarningNeedsResponse disputeStatus = "warning_needs_response"
	disputeWarningUnderReview   disputeStatus = "warning_under_review"
	disputeWarningClosed        disputeStatus = "warning_closed"
)

var disputeTransitions = transitions[disputeStatus]{
	"":                          {disputeNeedsResponse, disputeWarningNeedsResponse},
	disputeNeedsResponse:        {disputeUnderReview, disputeLost},
	disputeUnderReview:          {disputeWon, disputeLost},
	disputeWarningNeedsResponse: {disputeWarningUnderReview, disputeWarningClosed},
	disputeWarningUnderReview:   {disputeWarningClosed},
}

// closed reports whether s is final: the dispute takes no more evidence.
func (s disputeStatus) closed() bool {
	return s == disputeWon || s == disputeLost || s == disputeWarningClosed || s == "prevented"
}
