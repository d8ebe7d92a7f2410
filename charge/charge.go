package charge

import (
	"github.com/go-json-experiment/json/jsontext"

	"github.com/paykit/pay"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/internal/wire"
)

// Status is the state of a charge.
type Status string

// The charge statuses.
const (
	StatusSucceeded Status = "succeeded"
	StatusPending   Status = "pending"
	StatusFailed    Status = "failed"
)

// Charge is a charge object: one attempt to move money from a card (or
// another payment source) to your account.
//
// Expandable references (Customer, BalanceTransaction, PaymentIntent, ...)
// decode from a bare id, with only ID set, or from the expanded object; the
// id is always ref.ID. A nullable reference or nested object is nil when the
// API sends null.
type Charge struct {
	ID     string `json:"id"`
	Object string `json:"object"`
	// Amount is the amount charged, in the smallest currency unit.
	Amount int64 `json:"amount"`
	// AmountCaptured is the captured part of Amount.
	AmountCaptured int64 `json:"amount_captured"`
	// AmountRefunded is the refunded part of Amount.
	AmountRefunded int64 `json:"amount_refunded"`
	// Application is the Connect application that created the charge.
	Application *pay.Reference `json:"application"`
	// ApplicationFee is the application fee collected with the charge.
	ApplicationFee *pay.Reference `json:"application_fee"`
	// ApplicationFeeAmount is the application fee requested, 0 when none.
	ApplicationFeeAmount int64 `json:"application_fee_amount"`
	// BalanceTransaction is the balance change the charge made.
	BalanceTransaction *BalanceTransaction `json:"balance_transaction"`
	// BillingDetails are the billing details of the payment method; always present.
	BillingDetails BillingDetails `json:"billing_details"`
	// CalculatedStatementDescriptor is the full statement descriptor shown
	// to the customer.
	CalculatedStatementDescriptor string `json:"calculated_statement_descriptor"`
	// Captured is false for an authorization still to be captured.
	Captured bool   `json:"captured"`
	Created  int64  `json:"created"`
	Currency string `json:"currency"`
	// Customer is the customer charged, nil when none.
	Customer    *customer.Customer `json:"customer"`
	Description string             `json:"description"`
	// Disputed is true when the charge has been disputed.
	Disputed bool `json:"disputed"`
	// FailureBalanceTransaction reverses BalanceTransaction after a failure.
	FailureBalanceTransaction *BalanceTransaction `json:"failure_balance_transaction"`
	// FailureCode is the error code of a failed charge (see pay.ErrorCode).
	FailureCode string `json:"failure_code"`
	// FailureMessage explains a failed charge.
	FailureMessage string `json:"failure_message"`
	// FraudDetails are your and Stripe's fraud assessments.
	FraudDetails *FraudDetails     `json:"fraud_details"`
	Livemode     bool              `json:"livemode"`
	Metadata     map[string]string `json:"metadata"`
	// OnBehalfOf is the connected account the funds are for.
	OnBehalfOf *pay.Reference `json:"on_behalf_of"`
	// Outcome says whether and why the payment was authorized or declined.
	Outcome *Outcome `json:"outcome"`
	// Paid is true when the charge succeeded or was authorized.
	Paid bool `json:"paid"`
	// PaymentIntent is the PaymentIntent the charge belongs to.
	PaymentIntent *pay.Reference `json:"payment_intent"`
	// PaymentMethod is the id of the payment method charged.
	PaymentMethod string `json:"payment_method"`
	// PaymentMethodDetails describe the payment method at charge time.
	PaymentMethodDetails *PaymentMethodDetails `json:"payment_method_details"`
	// PresentmentDetails give the amount in the currency shown to the customer.
	PresentmentDetails *PresentmentDetails `json:"presentment_details"`
	// RadarOptions are the Radar options the charge was made with.
	RadarOptions *RadarOptions `json:"radar_options"`
	// ReceiptEmail is where the receipt is sent.
	ReceiptEmail string `json:"receipt_email"`
	// ReceiptNumber is the receipt's transaction number, once one is sent.
	ReceiptNumber string `json:"receipt_number"`
	// ReceiptURL is the page with the charge's latest receipt.
	ReceiptURL string `json:"receipt_url"`
	// Refunded is true when the whole amount has been refunded.
	Refunded bool `json:"refunded"`
	// Refunds are the refunds applied to the charge (a list object; the
	// API includes it only when expanded in recent versions).
	Refunds *pay.Page[Refund] `json:"refunds"`
	// Review is the Radar review of the charge.
	Review *pay.Reference `json:"review"`
	// Shipping is the shipping information given for the charge.
	Shipping *pay.Shipping `json:"shipping"`
	// Source is the card (or other source) charged, in API versions that
	// return it.
	Source *customer.Card `json:"source"`
	// SourceTransfer is the transfer that created the charge on a
	// connected account.
	SourceTransfer *pay.Reference `json:"source_transfer"`
	// StatementDescriptor is the requested statement descriptor.
	StatementDescriptor string `json:"statement_descriptor"`
	// StatementDescriptorSuffix is the requested statement descriptor suffix.
	StatementDescriptorSuffix string `json:"statement_descriptor_suffix"`
	Status                    Status `json:"status"`
	// Transfer is the transfer to the destination account (destination
	// charges only).
	Transfer *pay.Reference `json:"transfer"`
	// TransferData describes a destination charge's transfer.
	TransferData *TransferData `json:"transfer_data"`
	// TransferGroup groups the charge with transfers.
	TransferGroup string `json:"transfer_group"`
}

type plainCharge Charge

// UnmarshalJSONFrom decodes a charge (a refund's charge is a bare id unless expanded) from its object or from its bare id, in
// the decoder's stream (encoding/json/v2).
func (c *Charge) UnmarshalJSONFrom(d *jsontext.Decoder) error {
	return wire.Expandable(d, c, (*plainCharge)(c), chargeID)
}

// UnmarshalJSON decodes a charge (a refund's charge is a bare id unless expanded) from its object or from its bare id
// (encoding/json).
func (c *Charge) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

func chargeID(c *Charge) *string { return &c.ID }

// BillingDetails are the billing details of a charge's payment method.
type BillingDetails struct {
	Address *pay.Address `json:"address"`
	Email   string       `json:"email"`
	Name    string       `json:"name"`
	Phone   string       `json:"phone"`
	TaxID   string       `json:"tax_id"`
}

// FraudDetails are the fraud assessments of a charge: "fraudulent" or
// "safe" from you, "fraudulent" from Stripe.
type FraudDetails struct {
	StripeReport string `json:"stripe_report"`
	UserReport   string `json:"user_report"`
}

// Outcome describes whether the payment was authorized, and why not.
type Outcome struct {
	// AdviceCode tells you what to do after a decline
	// (confirm_card_data, do_not_try_again, try_again_later).
	AdviceCode         string `json:"advice_code"`
	NetworkAdviceCode  string `json:"network_advice_code"`
	NetworkDeclineCode string `json:"network_decline_code"`
	// NetworkStatus is approved_by_network, declined_by_network,
	// not_sent_to_network or reversed_after_approval.
	NetworkStatus string `json:"network_status"`
	// Reason is the decline or block reason, such as "highest_risk_level".
	Reason string `json:"reason"`
	// RiskLevel is normal, elevated, highest or not_assessed.
	RiskLevel string `json:"risk_level"`
	// RiskScore is Radar's score, 0 to 100.
	RiskScore int64 `json:"risk_score"`
	// Rule is the Radar rule that matched, if any.
	Rule *Rule `json:"rule"`
	// SellerMessage is a description of the outcome for you.
	SellerMessage string `json:"seller_message"`
	// Type is authorized, manual_review, issuer_declined, blocked or invalid.
	Type string `json:"type"`
}

// Rule is the Radar rule that decided an outcome. It decodes from its bare
// id or from the expanded object.
type Rule struct {
	ID        string `json:"id"`
	Action    string `json:"action"`
	Predicate string `json:"predicate"`
}

type plainRule Rule

// UnmarshalJSONFrom decodes a rule from its object or from its bare id, in
// the decoder's stream (encoding/json/v2).
func (r *Rule) UnmarshalJSONFrom(d *jsontext.Decoder) error {
	return wire.Expandable(d, r, (*plainRule)(r), ruleID)
}

// UnmarshalJSON decodes a rule from its object or from its bare id
// (encoding/json).
func (r *Rule) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

func ruleID(r *Rule) *string { return &r.ID }

// PaymentMethodDetails describe the payment method a charge used. Type names
// the method; this package models card payments (Card).
type PaymentMethodDetails struct {
	Card *CardDetails `json:"card"`
	Type string       `json:"type"`
}

// CardDetails describe the card a charge was made with.
type CardDetails struct {
	AmountAuthorized  int64  `json:"amount_authorized"`
	AuthorizationCode string `json:"authorization_code"`
	// Brand is amex, diners, discover, eftpos_au, jcb, link, mastercard,
	// unionpay, visa or unknown.
	Brand string `json:"brand"`
	// CaptureBefore is when an authorization expires, in Unix seconds.
	CaptureBefore int64 `json:"capture_before"`
	// Checks are the results of the CVC and address checks.
	Checks                   *CardChecks    `json:"checks"`
	Country                  string         `json:"country"`
	ExpMonth                 int64          `json:"exp_month"`
	ExpYear                  int64          `json:"exp_year"`
	ExtendedAuthorization    *FeatureStatus `json:"extended_authorization"`
	Fingerprint              string         `json:"fingerprint"`
	Funding                  string         `json:"funding"`
	IncrementalAuthorization *FeatureStatus `json:"incremental_authorization"`
	Installments             *Installments  `json:"installments"`
	Last4                    string         `json:"last4"`
	Mandate                  string         `json:"mandate"`
	Multicapture             *FeatureStatus `json:"multicapture"`
	Network                  string         `json:"network"`
	NetworkToken             *NetworkToken  `json:"network_token"`
	NetworkTransactionID     string         `json:"network_transaction_id"`
	Overcapture              *Overcapture   `json:"overcapture"`
	RegulatedStatus          string         `json:"regulated_status"`
	ThreeDSecure             *ThreeDSecure  `json:"three_d_secure"`
	TransactionLinkID        string         `json:"transaction_link_id"`
	Wallet                   *CardWallet    `json:"wallet"`
}

// CardChecks are the results of a card's checks: pass, fail, unavailable or
// unchecked, empty when not run.
type CardChecks struct {
	AddressLine1Check      string `json:"address_line1_check"`
	AddressPostalCodeCheck string `json:"address_postal_code_check"`
	CVCCheck               string `json:"cvc_check"`
}

// FeatureStatus is whether a card feature (extended or incremental
// authorization, multicapture) is available or enabled for a charge.
type FeatureStatus struct {
	Status string `json:"status"`
}

// Overcapture is whether a charge may be captured for more than it
// authorized, and up to how much.
type Overcapture struct {
	MaximumAmountCapturable int64  `json:"maximum_amount_capturable"`
	Status                  string `json:"status"`
}

// Installments are the installment terms of a card charge.
type Installments struct {
	Plan *InstallmentPlan `json:"plan"`
}

// InstallmentPlan is an installment plan: Count payments every Interval,
// of Type bonus, fixed_count or revolving.
type InstallmentPlan struct {
	Count    int64  `json:"count"`
	Interval string `json:"interval"`
	Type     string `json:"type"`
}

// NetworkToken says whether a network token was used for the charge.
type NetworkToken struct {
	Used bool `json:"used"`
}

// ThreeDSecure describes the 3D Secure authentication of a card charge.
type ThreeDSecure struct {
	AuthenticationFlow          string `json:"authentication_flow"`
	ElectronicCommerceIndicator string `json:"electronic_commerce_indicator"`
	ExemptionIndicator          string `json:"exemption_indicator"`
	ExemptionIndicatorApplied   bool   `json:"exemption_indicator_applied"`
	Result                      string `json:"result"`
	ResultReason                string `json:"result_reason"`
	TransactionID               string `json:"transaction_id"`
	Version                     string `json:"version"`
}

// CardWallet describes the wallet (Apple Pay, Google Pay, Link, ...) a card
// was used through. Type names it; the wallet's own field is set.
type CardWallet struct {
	AmexExpressCheckout *struct{}          `json:"amex_express_checkout"`
	ApplePay            *struct{}          `json:"apple_pay"`
	DynamicLast4        string             `json:"dynamic_last4"`
	GooglePay           *struct{}          `json:"google_pay"`
	Link                *WalletLink        `json:"link"`
	Masterpass          *WalletWithAddress `json:"masterpass"`
	SamsungPay          *struct{}          `json:"samsung_pay"`
	Type                string             `json:"type"`
	VisaCheckout        *WalletWithAddress `json:"visa_checkout"`
}

// WalletLink describes a card used through Link.
type WalletLink struct {
	FundingSourceGroup string `json:"funding_source_group"`
}

// WalletWithAddress describes a Masterpass or Visa Checkout wallet, which
// share the customer's addresses.
type WalletWithAddress struct {
	BillingAddress  *pay.Address `json:"billing_address"`
	Email           string       `json:"email"`
	Name            string       `json:"name"`
	ShippingAddress *pay.Address `json:"shipping_address"`
}

// PresentmentDetails give the amount and currency shown to the customer
// when they differ from the charge's.
type PresentmentDetails struct {
	PresentmentAmount   int64  `json:"presentment_amount"`
	PresentmentCurrency string `json:"presentment_currency"`
}

// RadarOptions are the Radar options of a charge.
type RadarOptions struct {
	Session string `json:"session"`
}

// TransferData describes the transfer of a destination charge.
type TransferData struct {
	// Amount is the amount transferred, 0 when the whole charge is.
	Amount int64 `json:"amount"`
	// Destination is the connected account receiving the funds.
	Destination *pay.Reference `json:"destination"`
}
