package setupintent

import (
	"github.com/go-json-experiment/json/jsontext"

	"github.com/paykit/pay"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/internal/wire"
	"github.com/paykit/pay/paymentmethod"
)

// Status is the state of a SetupIntent.
type Status string

// The SetupIntent statuses.
const (
	// StatusRequiresPaymentMethod: attach a payment method (a new one
	// after a failed authentication) and confirm.
	StatusRequiresPaymentMethod Status = "requires_payment_method"
	// StatusRequiresConfirmation: confirm it.
	StatusRequiresConfirmation Status = "requires_confirmation"
	// StatusRequiresAction: the customer must authenticate; see NextAction.
	StatusRequiresAction Status = "requires_action"
	// StatusProcessing: the setup is under way.
	StatusProcessing Status = "processing"
	// StatusCanceled: canceled; it can no longer be used.
	StatusCanceled Status = "canceled"
	// StatusSucceeded: the payment method is set up (and attached to the
	// customer).
	StatusSucceeded Status = "succeeded"
)

// Usage says how a payment method set up will be charged.
type Usage string

// The usages.
const (
	// UsageOffSession: charged later without the customer present (the
	// default).
	UsageOffSession Usage = "off_session"
	// UsageOnSession: charged with the customer present.
	UsageOnSession Usage = "on_session"
)

// CancellationReason is why a SetupIntent was canceled.
type CancellationReason string

// The cancellation reasons.
const (
	CancellationReasonAbandoned           CancellationReason = "abandoned"
	CancellationReasonDuplicate           CancellationReason = "duplicate"
	CancellationReasonRequestedByCustomer CancellationReason = "requested_by_customer"
)

// SetupIntent is a SetupIntent object: a payment method being saved for
// later payments, authenticated now (3-D Secure) so that the bank accepts
// them off session.
//
// Expandable fields (Customer, PaymentMethod, ...) decode from a bare id,
// with only ID set, or from the expanded object. A nullable reference or
// nested object is nil when the API sends null.
//
// ClientSecret is for the customer's browser only: do not log it or store
// it.
type SetupIntent struct {
	ID     string `json:"id"`
	Object string `json:"object"`
	// AllowedPaymentMethodTypes are the payment method types it may set
	// up, when restricted.
	AllowedPaymentMethodTypes []string `json:"allowed_payment_method_types"`
	// Application is the Connect application that created it.
	Application *pay.Reference `json:"application"`
	// AttachToSelf attaches the payment method to the account itself
	// (Connect) instead of a customer.
	AttachToSelf bool `json:"attach_to_self"`
	// AutomaticPaymentMethods say whether the dashboard's settings choose
	// the payment methods.
	AutomaticPaymentMethods *AutomaticPaymentMethods `json:"automatic_payment_methods"`
	CancellationReason      CancellationReason       `json:"cancellation_reason"`
	// ClientSecret lets the customer's browser confirm the SetupIntent.
	// Never log it.
	ClientSecret string `json:"client_secret"`
	Created      int64  `json:"created"`
	// Customer is the customer the payment method is saved to, nil when
	// none: only its ID is set unless "customer" is expanded.
	Customer *customer.Customer `json:"customer"`
	// CustomerAccount is the customer account (Accounts v2) it is saved to.
	CustomerAccount string `json:"customer_account"`
	Description     string `json:"description"`
	// ExcludedPaymentMethodTypes are the payment method types it may not
	// set up.
	ExcludedPaymentMethodTypes []string `json:"excluded_payment_method_types"`
	// FlowDirections are inbound and/or outbound: whether the payment
	// method will be charged, paid out to, or both.
	FlowDirections []string `json:"flow_directions"`
	// LastSetupError is the error of the last failed setup attempt (a
	// failed authentication, a decline), nil when none.
	LastSetupError *pay.Error `json:"last_setup_error"`
	// LatestAttempt is the latest setup attempt.
	LatestAttempt *pay.Reference `json:"latest_attempt"`
	Livemode      bool           `json:"livemode"`
	// ManagedPayments say whether Stripe manages the payments.
	ManagedPayments *ManagedPayments `json:"managed_payments"`
	// Mandate is the mandate the setup made, if any.
	Mandate  *pay.Reference    `json:"mandate"`
	Metadata map[string]string `json:"metadata"`
	// NextAction is what must happen next when Status is requires_action,
	// nil otherwise.
	NextAction *pay.NextAction `json:"next_action"`
	// OnBehalfOf is the connected account the setup is for.
	OnBehalfOf *pay.Reference `json:"on_behalf_of"`
	// PaymentMethod is the payment method being set up, nil when none yet:
	// only its ID is set unless "payment_method" is expanded.
	PaymentMethod *paymentmethod.PaymentMethod `json:"payment_method"`
	// PaymentMethodConfigurationDetails name the payment method
	// configuration used.
	PaymentMethodConfigurationDetails *PaymentMethodConfigurationDetails `json:"payment_method_configuration_details"`
	// PaymentMethodOptions are the options per payment method type.
	PaymentMethodOptions *PaymentMethodOptions `json:"payment_method_options"`
	// PaymentMethodTypes are the payment method types it may set up.
	PaymentMethodTypes []string `json:"payment_method_types"`
	// SingleUseMandate is the single-use mandate the setup made, if any.
	SingleUseMandate *pay.Reference `json:"single_use_mandate"`
	Status           Status         `json:"status"`
	Usage            Usage          `json:"usage"`
}

type plainSetupIntent SetupIntent

// UnmarshalJSONFrom decodes a SetupIntent from its object or from its bare
// id, in the decoder's stream (encoding/json/v2).
func (si *SetupIntent) UnmarshalJSONFrom(d *jsontext.Decoder) error {
	return wire.Expandable(d, si, (*plainSetupIntent)(si), setupIntentID)
}

// UnmarshalJSON decodes a SetupIntent from its object or from its bare id
// (encoding/json).
func (si *SetupIntent) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, si) }

func setupIntentID(si *SetupIntent) *string { return &si.ID }

// AutomaticPaymentMethods say whether the dashboard's settings choose the
// payment methods, and whether those may redirect (always or never).
type AutomaticPaymentMethods struct {
	AllowRedirects string `json:"allow_redirects"`
	Enabled        bool   `json:"enabled"`
}

// ManagedPayments say whether Stripe manages the payments.
type ManagedPayments struct {
	Enabled bool `json:"enabled"`
}

// PaymentMethodConfigurationDetails name the payment method configuration
// used, and its parent.
type PaymentMethodConfigurationDetails struct {
	ID     string `json:"id"`
	Parent string `json:"parent"`
}

// PaymentMethodOptions are a SetupIntent's options per payment method
// type. Card options are modelled field by field; the others are kept as
// the API sends them.
type PaymentMethodOptions struct {
	Card *CardOptions `json:"card"`

	ACSSDebit     map[string]any `json:"acss_debit"`
	AmazonPay     map[string]any `json:"amazon_pay"`
	BACSDebit     map[string]any `json:"bacs_debit"`
	Bizum         map[string]any `json:"bizum"`
	CardPresent   map[string]any `json:"card_present"`
	Klarna        map[string]any `json:"klarna"`
	Link          map[string]any `json:"link"`
	PayPal        map[string]any `json:"paypal"`
	PayTo         map[string]any `json:"payto"`
	Pix           map[string]any `json:"pix"`
	SEPADebit     map[string]any `json:"sepa_debit"`
	UPI           map[string]any `json:"upi"`
	USBankAccount map[string]any `json:"us_bank_account"`
}

// CardOptions are a SetupIntent's card options.
type CardOptions struct {
	// MandateOptions describe a card mandate (India's recurring payments).
	MandateOptions map[string]any `json:"mandate_options"`
	// Network is the card network the setup is processed on.
	Network string `json:"network"`
	// RequestThreeDSecure is automatic, any or challenge.
	RequestThreeDSecure string `json:"request_three_d_secure"`
}
