package setupintent

import (
	"fmt"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/check"
	"github.com/paykit/pay/paymentmethod"
)

// CreateParams are the params of Create; nil is refused (a SetupIntent is
// for a customer's payment method). With Confirm true it is confirmed at
// once, with PaymentMethod (and ReturnURL for a card that needs 3-D
// Secure).
type CreateParams struct {
	// Customer is the customer to save the payment method to.
	Customer string `url:"customer,omitempty"`
	// PaymentMethod is the id of the payment method to set up, such as a
	// paymentmethod.Create result or "pm_card_visa" in test mode.
	PaymentMethod string `url:"payment_method,omitempty"`
	// PaymentMethodTypes are the payment method types it may set up, such
	// as ["card"].
	PaymentMethodTypes []string `url:"payment_method_types,omitempty"`
	// Usage is off_session (the default: charged later without the
	// customer) or on_session.
	Usage Usage `url:"usage,omitempty"`
	// Confirm confirms it at once.
	Confirm bool `url:"confirm,omitempty"`
	// ReturnURL is where the customer comes back to after authenticating
	// (3-D Secure); only with Confirm.
	ReturnURL   string `url:"return_url,omitempty"`
	Description string `url:"description,omitempty"`
	// Metadata is attached to the SetupIntent.
	Metadata pay.Metadata `url:"metadata"`

	// AllowedPaymentMethodTypes restrict the payment method types.
	AllowedPaymentMethodTypes []string `url:"allowed_payment_method_types,omitempty"`
	// AttachToSelf attaches the payment method to the account itself
	// (Connect) instead of a customer.
	AttachToSelf bool `url:"attach_to_self,omitempty"`
	// AutomaticPaymentMethods let the dashboard's settings choose the
	// payment methods.
	AutomaticPaymentMethods *AutomaticPaymentMethodsParams `url:"automatic_payment_methods,omitempty"`
	// ConfirmationToken confirms with a Stripe.js confirmation token.
	ConfirmationToken string `url:"confirmation_token,omitempty"`
	// CustomerAccount is the customer account (Accounts v2) to save to.
	CustomerAccount string `url:"customer_account,omitempty"`
	// ExcludedPaymentMethodTypes are the payment method types it may not
	// set up.
	ExcludedPaymentMethodTypes []string `url:"excluded_payment_method_types,omitempty"`
	// FlowDirections are "inbound" and/or "outbound".
	FlowDirections []string `url:"flow_directions,omitempty"`
	// MandateData make a mandate from the customer's acceptance; only with
	// Confirm.
	MandateData *MandateDataParams `url:"mandate_data,omitempty"`
	// OnBehalfOf is the connected account the setup is for.
	OnBehalfOf string `url:"on_behalf_of,omitempty"`
	// PaymentMethodConfiguration is the payment method configuration to
	// use.
	PaymentMethodConfiguration string `url:"payment_method_configuration,omitempty"`
	// PaymentMethodData make a new payment method to set up.
	PaymentMethodData *paymentmethod.DataParams `url:"payment_method_data,omitempty"`
	// PaymentMethodOptions are options per payment method type.
	PaymentMethodOptions *PaymentMethodOptionsParams `url:"payment_method_options,omitempty"`
	// SingleUse makes a single-use mandate for one payment of Amount in
	// Currency.
	SingleUse *SingleUseParams `url:"single_use,omitempty"`
	// UseStripeSDK says Stripe.js or a mobile SDK handles the next action.
	UseStripeSDK bool `url:"use_stripe_sdk,omitempty"`
}

// AutomaticPaymentMethodsParams let the dashboard's payment method
// settings choose the payment methods.
type AutomaticPaymentMethodsParams struct {
	// Enabled turns automatic payment methods on or off; always sent.
	Enabled bool `url:"enabled"`
	// AllowRedirects is "always" (the default) or "never".
	AllowRedirects string `url:"allow_redirects,omitempty"`
}

// MandateDataParams make a mandate from the customer's acceptance.
type MandateDataParams struct {
	CustomerAcceptance *CustomerAcceptanceParams `url:"customer_acceptance,omitempty"`
}

// CustomerAcceptanceParams say how the customer accepted a mandate: Type
// online (with Online) or offline.
type CustomerAcceptanceParams struct {
	AcceptedAt int64         `url:"accepted_at,omitempty"`
	Online     *OnlineParams `url:"online,omitempty"`
	Type       string        `url:"type,omitempty"`
}

// OnlineParams describe an online acceptance.
type OnlineParams struct {
	IPAddress string `url:"ip_address,omitempty"`
	UserAgent string `url:"user_agent,omitempty"`
}

// SingleUseParams are the one payment a single-use mandate allows.
type SingleUseParams struct {
	Amount   int64  `url:"amount,omitempty"`
	Currency string `url:"currency,omitempty"`
}

// PaymentMethodOptionsParams are options per payment method type; this
// package sends card options.
type PaymentMethodOptionsParams struct {
	Card *CardOptionsParams `url:"card,omitempty"`
}

// CardOptionsParams are a SetupIntent's card options.
type CardOptionsParams struct {
	MandateOptions *CardMandateOptionsParams `url:"mandate_options,omitempty"`
	// Network is the card network to process on.
	Network string `url:"network,omitempty"`
	// RequestThreeDSecure is "automatic" (the default), "any" (ask for
	// 3-D Secure whenever the card supports it) or "challenge".
	RequestThreeDSecure string              `url:"request_three_d_secure,omitempty"`
	ThreeDSecure        *ThreeDSecureParams `url:"three_d_secure,omitempty"`
}

// CardMandateOptionsParams describe a card mandate (India's recurring
// payments): Amount, AmountType, Currency, Interval, Reference and
// StartDate are required.
type CardMandateOptionsParams struct {
	Amount int64 `url:"amount,omitempty"`
	// AmountType is fixed or maximum.
	AmountType  string `url:"amount_type,omitempty"`
	Currency    string `url:"currency,omitempty"`
	Description string `url:"description,omitempty"`
	EndDate     int64  `url:"end_date,omitempty"`
	// Interval is day, week, month, year or sporadic.
	Interval       string   `url:"interval,omitempty"`
	IntervalCount  int64    `url:"interval_count,omitempty"`
	Reference      string   `url:"reference,omitempty"`
	StartDate      int64    `url:"start_date,omitempty"`
	SupportedTypes []string `url:"supported_types,omitempty"`
}

// ThreeDSecureParams pass the result of a 3-D Secure authentication made
// outside Stripe.
type ThreeDSecureParams struct {
	AresTransStatus             string `url:"ares_trans_status,omitempty"`
	Cryptogram                  string `url:"cryptogram,omitempty"`
	ElectronicCommerceIndicator string `url:"electronic_commerce_indicator,omitempty"`
	RequestorChallengeIndicator string `url:"requestor_challenge_indicator,omitempty"`
	TransactionID               string `url:"transaction_id,omitempty"`
	Version                     string `url:"version,omitempty"`
}

func (p *CreateParams) validate() error {
	if err := check.Params(p == nil); err != nil {
		return err
	}
	if err := validateUsage(p.Usage); err != nil {
		return err
	}
	if !p.Confirm {
		switch {
		case p.ReturnURL != "":
			return check.Invalid("return_url", "", "return_url can only be set with confirm")
		case p.MandateData != nil:
			return check.Invalid("mandate_data", "", "mandate_data can only be set with confirm")
		}
	}
	if su := p.SingleUse; su != nil {
		if err := check.Amount("single_use[amount]", su.Amount); err != nil {
			return err
		}
		if err := check.Currency("single_use[currency]", su.Currency); err != nil {
			return err
		}
	}
	if err := validateFlowDirections(p.FlowDirections); err != nil {
		return err
	}
	return p.PaymentMethodData.Validate("payment_method_data")
}

func validateUsage(u Usage) error {
	switch u {
	case "", UsageOffSession, UsageOnSession:
		return nil
	}
	return check.Invalid("usage", "", fmt.Sprintf("usage must be off_session or on_session, not %q", u))
}

func validateFlowDirections(ds []string) error {
	for _, d := range ds {
		if d != "inbound" && d != "outbound" {
			return check.Invalid("flow_directions", "", fmt.Sprintf("flow_directions takes inbound and outbound, not %q", d))
		}
	}
	return nil
}

// UpdateParams are the params of Update; nil changes nothing.
type UpdateParams struct {
	Customer      string `url:"customer,omitempty"`
	PaymentMethod string `url:"payment_method,omitempty"`
	// PaymentMethodTypes replace the payment method types it may set up.
	PaymentMethodTypes []string `url:"payment_method_types,omitempty"`
	// Description sets the description; a pointer to "" unsets it.
	Description *string `url:"description,omitempty"`
	// Metadata sets keys; an empty value unsets a key, and a non-nil
	// empty Metadata{} unsets all.
	Metadata pay.Metadata `url:"metadata"`

	// AllowedPaymentMethodTypes replace the allowed types; a non-nil empty
	// slice clears them.
	AllowedPaymentMethodTypes []string `url:"allowed_payment_method_types,clear"`
	AttachToSelf              *bool    `url:"attach_to_self,omitempty"`
	CustomerAccount           string   `url:"customer_account,omitempty"`
	// ExcludedPaymentMethodTypes replace the excluded types; a non-nil
	// empty slice clears them.
	ExcludedPaymentMethodTypes []string                    `url:"excluded_payment_method_types,clear"`
	FlowDirections             []string                    `url:"flow_directions,omitempty"`
	PaymentMethodConfiguration string                      `url:"payment_method_configuration,omitempty"`
	PaymentMethodData          *paymentmethod.DataParams   `url:"payment_method_data,omitempty"`
	PaymentMethodOptions       *PaymentMethodOptionsParams `url:"payment_method_options,omitempty"`
}

func (p *UpdateParams) validate() error {
	if p == nil {
		return nil
	}
	if err := validateFlowDirections(p.FlowDirections); err != nil {
		return err
	}
	return p.PaymentMethodData.Validate("payment_method_data")
}

// ConfirmParams are the params of Confirm; nil confirms with the payment
// method already set.
type ConfirmParams struct {
	// PaymentMethod is the payment method to set up.
	PaymentMethod string `url:"payment_method,omitempty"`
	// ReturnURL is where the customer comes back to after authenticating.
	ReturnURL string `url:"return_url,omitempty"`
	// ClientSecret is the SetupIntent's client secret; only needed with a
	// publishable key. It is sent in the body, never in a URL.
	ClientSecret string `url:"client_secret,omitempty"`

	AllowedPaymentMethodTypes []string                    `url:"allowed_payment_method_types,omitempty"`
	ConfirmationToken         string                      `url:"confirmation_token,omitempty"`
	MandateData               *MandateDataParams          `url:"mandate_data,omitempty"`
	PaymentMethodData         *paymentmethod.DataParams   `url:"payment_method_data,omitempty"`
	PaymentMethodOptions      *PaymentMethodOptionsParams `url:"payment_method_options,omitempty"`
	UseStripeSDK              bool                        `url:"use_stripe_sdk,omitempty"`
}

func (p *ConfirmParams) validate() error {
	if p == nil {
		return nil
	}
	return p.PaymentMethodData.Validate("payment_method_data")
}

// CancelParams are the params of Cancel; nil cancels without a reason.
type CancelParams struct {
	// CancellationReason is abandoned, duplicate or requested_by_customer.
	CancellationReason CancellationReason `url:"cancellation_reason,omitempty"`
}

func (p *CancelParams) validate() error {
	if p == nil {
		return nil
	}
	switch r := p.CancellationReason; r {
	case "", CancellationReasonAbandoned, CancellationReasonDuplicate, CancellationReasonRequestedByCustomer:
		return nil
	default:
		return check.Invalid("cancellation_reason", "", fmt.Sprintf("cancellation_reason must be abandoned, duplicate or requested_by_customer, not %q", r))
	}
}

// ListParams filter List and ListPage; nil lists every SetupIntent,
// newest first.
type ListParams struct {
	pay.ListParams
	// AttachToSelf lists only the SetupIntents attached to the account
	// itself (true) or not (false).
	AttachToSelf *bool `url:"attach_to_self,omitempty"`
	// Created filters by creation time.
	Created *pay.RangeQuery `url:"created,omitempty"`
	// Customer lists only this customer's SetupIntents.
	Customer string `url:"customer,omitempty"`
	// CustomerAccount lists only this customer account's SetupIntents.
	CustomerAccount string `url:"customer_account,omitempty"`
	// PaymentMethod lists only the SetupIntents of this payment method.
	PaymentMethod string `url:"payment_method,omitempty"`
}
