package dispute

import (
	"github.com/paykit/pay"
	"github.com/paykit/pay/balancetransaction"
	"github.com/paykit/pay/charge"
)

// Status is the state of a dispute.
type Status string

// The dispute statuses. A warning_* status belongs to an inquiry, which
// may turn into a chargeback; needs_response and warning_needs_response
// wait for your evidence (see EvidenceDetails.DueBy).
const (
	StatusWarningNeedsResponse Status = "warning_needs_response"
	StatusWarningUnderReview   Status = "warning_under_review"
	StatusWarningClosed        Status = "warning_closed"
	StatusNeedsResponse        Status = "needs_response"
	StatusUnderReview          Status = "under_review"
	StatusWon                  Status = "won"
	StatusLost                 Status = "lost"
	StatusPrevented            Status = "prevented"
)

// The reasons a cardholder gives for a dispute (Dispute.Reason, a string).
const (
	ReasonBankCannotProcess       = "bank_cannot_process"
	ReasonCheckReturned           = "check_returned"
	ReasonCreditNotProcessed      = "credit_not_processed"
	ReasonCustomerInitiated       = "customer_initiated"
	ReasonDebitNotAuthorized      = "debit_not_authorized"
	ReasonDuplicate               = "duplicate"
	ReasonFraudulent              = "fraudulent"
	ReasonGeneral                 = "general"
	ReasonIncorrectAccountDetails = "incorrect_account_details"
	ReasonInsufficientFunds       = "insufficient_funds"
	ReasonNoncompliant            = "noncompliant"
	ReasonProductNotReceived      = "product_not_received"
	ReasonProductUnacceptable     = "product_unacceptable"
	ReasonSubscriptionCanceled    = "subscription_canceled"
	ReasonUnrecognized            = "unrecognized"
)

// Dispute is a dispute object: a cardholder questioning a charge with their
// card issuer. The amount (and a dispute fee) leave your balance when it
// opens; submit evidence before EvidenceDetails.DueBy to win them back.
type Dispute struct {
	ID     string `json:"id"`
	Object string `json:"object"`
	// Amount is the disputed amount, usually the charge's.
	Amount int64 `json:"amount"`
	// BalanceTransactions are the zero, one or two balance changes of the
	// dispute: the funds withdrawn, and reinstated if you win.
	BalanceTransactions []*balancetransaction.BalanceTransaction `json:"balance_transactions"`
	// Charge is the disputed charge: only its ID unless expanded
	// (pay.Expand("charge")).
	Charge *charge.Charge `json:"charge"`
	// Created is when the dispute was opened, in Unix seconds.
	Created  int64  `json:"created"`
	Currency string `json:"currency"`
	// EnhancedEligibilityTypes lists the kinds of enhanced evidence
	// (visa_compelling_evidence_3, visa_compliance, ...) the dispute takes.
	EnhancedEligibilityTypes []string `json:"enhanced_eligibility_types"`
	// Evidence is the evidence staged or submitted so far.
	Evidence Evidence `json:"evidence"`
	// EvidenceDetails say when evidence is due and how often it was sent.
	EvidenceDetails EvidenceDetails `json:"evidence_details"`
	// IsChargeRefundable is true while the disputed payment can still be
	// refunded (inquiries, before the funds are withdrawn).
	IsChargeRefundable bool              `json:"is_charge_refundable"`
	Livemode           bool              `json:"livemode"`
	Metadata           map[string]string `json:"metadata"`
	// PaymentIntent is the disputed PaymentIntent, nil when none.
	PaymentIntent *pay.Reference `json:"payment_intent"`
	// PaymentMethodDetails describe the disputed payment method.
	PaymentMethodDetails *PaymentMethodDetails `json:"payment_method_details"`
	// Reason is the cardholder's reason: fraudulent, product_not_received,
	// duplicate, ... (see the Reason constants).
	Reason string `json:"reason"`
	Status Status `json:"status"`
}

// Evidence is the evidence of a dispute. The text fields are as you sent
// them; the file fields are file uploads (file_...), with only the id
// unless expanded.
type Evidence struct {
	// AccessActivityLog: server or activity logs showing that the customer
	// accessed or downloaded the product.
	AccessActivityLog string `json:"access_activity_log"`
	// BillingAddress is the billing address the customer gave.
	BillingAddress string `json:"billing_address"`
	// CancellationPolicy is a file: your subscription cancellation policy.
	CancellationPolicy *pay.Reference `json:"cancellation_policy"`
	// CancellationPolicyDisclosure explains how and when the customer was
	// shown the cancellation policy.
	CancellationPolicyDisclosure string `json:"cancellation_policy_disclosure"`
	// CancellationRebuttal explains why the subscription was not canceled.
	CancellationRebuttal string `json:"cancellation_rebuttal"`
	// CustomerCommunication is a file: emails or messages with the customer.
	CustomerCommunication *pay.Reference `json:"customer_communication"`
	CustomerEmailAddress  string         `json:"customer_email_address"`
	CustomerName          string         `json:"customer_name"`
	// CustomerPurchaseIP is the IP address the customer bought from.
	CustomerPurchaseIP string `json:"customer_purchase_ip"`
	// CustomerSignature is a file: a document signed by the customer.
	CustomerSignature *pay.Reference `json:"customer_signature"`
	// DuplicateChargeDocumentation is a file showing that a charge said to
	// be a duplicate is not.
	DuplicateChargeDocumentation *pay.Reference `json:"duplicate_charge_documentation"`
	// DuplicateChargeExplanation explains how the disputed charge differs
	// from the one it is said to duplicate.
	DuplicateChargeExplanation string `json:"duplicate_charge_explanation"`
	// DuplicateChargeID is the id of the earlier charge.
	DuplicateChargeID string `json:"duplicate_charge_id"`
	// EnhancedEvidence is the evidence of the card networks' programs.
	EnhancedEvidence EnhancedEvidence `json:"enhanced_evidence"`
	// ProductDescription describes what was sold.
	ProductDescription string `json:"product_description"`
	// Receipt is a file: the receipt sent to the customer.
	Receipt *pay.Reference `json:"receipt"`
	// RefundPolicy is a file: your refund policy as shown to the customer.
	RefundPolicy *pay.Reference `json:"refund_policy"`
	// RefundPolicyDisclosure shows the customer saw the refund policy.
	RefundPolicyDisclosure string `json:"refund_policy_disclosure"`
	// RefundRefusalExplanation explains why the customer is not owed a
	// refund.
	RefundRefusalExplanation string `json:"refund_refusal_explanation"`
	// ServiceDate is when the service was received or began.
	ServiceDate string `json:"service_date"`
	// ServiceDocumentation is a file showing the service was provided.
	ServiceDocumentation *pay.Reference `json:"service_documentation"`
	ShippingAddress      string         `json:"shipping_address"`
	ShippingCarrier      string         `json:"shipping_carrier"`
	ShippingDate         string         `json:"shipping_date"`
	// ShippingDocumentation is a file: proof of shipping.
	ShippingDocumentation  *pay.Reference `json:"shipping_documentation"`
	ShippingTrackingNumber string         `json:"shipping_tracking_number"`
	// UncategorizedFile is a file: any other evidence.
	UncategorizedFile *pay.Reference `json:"uncategorized_file"`
	// UncategorizedText is any other evidence or statement.
	UncategorizedText string `json:"uncategorized_text"`
}

// EnhancedEvidence is the evidence of the card networks' programs: Visa
// Compelling Evidence 3.0 and the Visa and Mastercard compliance disputes.
type EnhancedEvidence struct {
	MastercardCompliance    *ComplianceEvidence  `json:"mastercard_compliance"`
	VisaCompellingEvidence3 *CompellingEvidence3 `json:"visa_compelling_evidence_3"`
	VisaCompliance          *ComplianceEvidence  `json:"visa_compliance"`
}

// ComplianceEvidence acknowledges the fee of countering a compliance
// dispute.
type ComplianceEvidence struct {
	FeeAcknowledged bool `json:"fee_acknowledged"`
}

// CompellingEvidence3 is the Visa Compelling Evidence 3.0 evidence: the
// disputed transaction and two earlier undisputed ones of the same
// customer.
type CompellingEvidence3 struct {
	DisputedTransaction         *CE3Transaction  `json:"disputed_transaction"`
	PriorUndisputedTransactions []CE3Transaction `json:"prior_undisputed_transactions"`
}

// CE3Transaction is a transaction of Visa Compelling Evidence 3.0 evidence.
// Charge is set on a prior undisputed one; MerchandiseOrServices on the
// disputed one.
type CE3Transaction struct {
	Charge                    string           `json:"charge"`
	CustomerAccountID         string           `json:"customer_account_id"`
	CustomerDeviceFingerprint string           `json:"customer_device_fingerprint"`
	CustomerDeviceID          string           `json:"customer_device_id"`
	CustomerEmailAddress      string           `json:"customer_email_address"`
	CustomerPurchaseIP        string           `json:"customer_purchase_ip"`
	MerchandiseOrServices     string           `json:"merchandise_or_services"`
	ProductDescription        string           `json:"product_description"`
	ShippingAddress           *ShippingAddress `json:"shipping_address"`
}

// ShippingAddress is the shipping address of a Compelling Evidence 3.0
// transaction.
type ShippingAddress struct {
	City       string `json:"city"`
	Country    string `json:"country"`
	Line1      string `json:"line1"`
	Line2      string `json:"line2"`
	PostalCode string `json:"postal_code"`
	State      string `json:"state"`
}

// EvidenceDetails say when a dispute's evidence is due and what was sent.
type EvidenceDetails struct {
	// DueBy is the deadline for evidence, in Unix seconds; 0 when none can
	// be sent any more.
	DueBy int64 `json:"due_by"`
	// EnhancedEligibility says whether the dispute qualifies for each kind
	// of enhanced evidence.
	EnhancedEligibility EnhancedEligibility `json:"enhanced_eligibility"`
	// HasEvidence is true once evidence is staged.
	HasEvidence bool `json:"has_evidence"`
	// PastDue is true when the last submission came after DueBy.
	PastDue bool `json:"past_due"`
	// SubmissionCount is how many times evidence was submitted (usually
	// once at most).
	SubmissionCount int64 `json:"submission_count"`
}

// EnhancedEligibility says whether a dispute qualifies for each kind of
// enhanced evidence.
type EnhancedEligibility struct {
	// MastercardCompliance.Status is fee_acknowledged or
	// requires_fee_acknowledgement.
	MastercardCompliance *EligibilityStatus `json:"mastercard_compliance"`
	// VisaCompellingEvidence3 is qualified, not_qualified or
	// requires_action, with the actions required.
	VisaCompellingEvidence3 *CE3Eligibility `json:"visa_compelling_evidence_3"`
	// VisaCompliance.Status is fee_acknowledged or
	// requires_fee_acknowledgement.
	VisaCompliance *EligibilityStatus `json:"visa_compliance"`
}

// EligibilityStatus is the eligibility of a compliance dispute.
type EligibilityStatus struct {
	Status string `json:"status"`
}

// CE3Eligibility is a dispute's eligibility for Visa Compelling Evidence
// 3.0.
type CE3Eligibility struct {
	// RequiredActions list what is missing to qualify, such as
	// missing_customer_identifiers.
	RequiredActions []string `json:"required_actions"`
	Status          string   `json:"status"`
}

// PaymentMethodDetails describe the payment method of a dispute; Type names
// which field is set.
type PaymentMethodDetails struct {
	AmazonPay *AmazonPayDetails `json:"amazon_pay"`
	Card      *CardDetails      `json:"card"`
	Klarna    *KlarnaDetails    `json:"klarna"`
	Paypal    *PaypalDetails    `json:"paypal"`
	// Type is amazon_pay, card, klarna or paypal.
	Type string `json:"type"`
}

// CardDetails describe a card dispute.
type CardDetails struct {
	// Brand is the card brand: visa, mastercard, amex, ...
	Brand string `json:"brand"`
	// CaseType is block, chargeback, compliance, inquiry or resolution.
	CaseType string `json:"case_type"`
	// Network is the card network the charge was processed on.
	Network string `json:"network"`
	// NetworkReasonCode is the network's own reason code, such as "10.4".
	NetworkReasonCode string `json:"network_reason_code"`
}

// AmazonPayDetails describe an Amazon Pay dispute.
type AmazonPayDetails struct {
	// DisputeType is chargeback or claim.
	DisputeType string `json:"dispute_type"`
}

// KlarnaDetails describe a Klarna dispute.
type KlarnaDetails struct {
	ChargebackLossReasonCode string `json:"chargeback_loss_reason_code"`
	ReasonCode               string `json:"reason_code"`
}

// PaypalDetails describe a PayPal dispute.
type PaypalDetails struct {
	CaseID     string `json:"case_id"`
	ReasonCode string `json:"reason_code"`
}
