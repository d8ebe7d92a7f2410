package paymentintent

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/paykit/pay"
	"github.com/paykit/pay/form"
	"github.com/paykit/pay/internal/check"
	"github.com/paykit/pay/paymentmethod"
)

// CreateParams are the params of Create. Amount and Currency are required.
// With Confirm true the PaymentIntent is confirmed at once, with
// PaymentMethod (and ReturnURL for a card that needs 3-D Secure).
type CreateParams struct {
	// Amount is the amount to collect in the smallest currency unit (2000
	// = $20.00), 1 to 99999999.
	Amount int64 `url:"amount,omitempty"`
	// Currency is a three-letter lowercase ISO code, such as "usd".
	Currency string `url:"currency,omitempty"`
	// Customer is the id of the customer paying; required to save the
	// payment method (SetupFutureUsage).
	Customer string `url:"customer,omitempty"`
	// PaymentMethod is the id of the payment method to charge, such as a
	// paymentmethod.Create result or "pm_card_visa" in test mode.
	PaymentMethod string `url:"payment_method,omitempty"`
	// PaymentMethodTypes are the payment method types it may use, such as
	// ["card"]; empty lets AutomaticPaymentMethods (the API's default)
	// choose.
	PaymentMethodTypes []string `url:"payment_method_types,omitempty"`
	// Confirm confirms the PaymentIntent at once.
	Confirm bool `url:"confirm,omitempty"`
	// OffSession says the customer is not present (a saved card charged
	// later); only with Confirm. A card that needs authentication then
	// fails with pay.ErrorCodeAuthenticationRequired.
	OffSession bool `url:"off_session,omitempty"`
	// ErrorOnRequiresAction fails the confirmation instead of moving to
	// requires_action; only with Confirm.
	ErrorOnRequiresAction bool `url:"error_on_requires_action,omitempty"`
	// SetupFutureUsage saves the payment method to Customer for later
	// payments.
	SetupFutureUsage   SetupFutureUsage   `url:"setup_future_usage,omitempty"`
	CaptureMethod      CaptureMethod      `url:"capture_method,omitempty"`
	ConfirmationMethod ConfirmationMethod `url:"confirmation_method,omitempty"`
	// ReturnURL is where the customer comes back to after authenticating
	// (3-D Secure) on a page they are redirected to; only with Confirm.
	ReturnURL string `url:"return_url,omitempty"`
	// ReceiptEmail is where the receipt is sent.
	ReceiptEmail              string `url:"receipt_email,omitempty"`
	Description               string `url:"description,omitempty"`
	StatementDescriptor       string `url:"statement_descriptor,omitempty"`
	StatementDescriptorSuffix string `url:"statement_descriptor_suffix,omitempty"`
	// Metadata is attached to the PaymentIntent.
	Metadata pay.Metadata `url:"metadata"`
	// Shipping needs at least Name and Address.
	Shipping *pay.ShippingParams `url:"shipping,omitempty"`
	// AutomaticPaymentMethods lets the dashboard's settings choose the
	// payment methods.
	AutomaticPaymentMethods *AutomaticPaymentMethodsParams `url:"automatic_payment_methods,omitempty"`
	// ApplicationFeeAmount is the fee a Connect platform takes; a pointer
	// so that 0 can be sent.
	ApplicationFeeAmount *int64 `url:"application_fee_amount,omitempty"`

	// AllowedPaymentMethodTypes restrict the payment method types.
	AllowedPaymentMethodTypes []string `url:"allowed_payment_method_types,omitempty"`
	// AmountDetails break the amount down.
	AmountDetails *AmountDetailsParams `url:"amount_details,omitempty"`
	// ConfirmationToken confirms with a Stripe.js confirmation token.
	ConfirmationToken string `url:"confirmation_token,omitempty"`
	// CustomerAccount is the paying customer account (Accounts v2).
	CustomerAccount string `url:"customer_account,omitempty"`
	// ExcludedPaymentMethodTypes are the payment method types it may not use.
	ExcludedPaymentMethodTypes []string `url:"excluded_payment_method_types,omitempty"`
	// Hooks link a tax calculation.
	Hooks *HooksParams `url:"hooks,omitempty"`
	// Mandate is the id of a mandate to confirm with; only with Confirm.
	Mandate string `url:"mandate,omitempty"`
	// MandateData make a mandate from the customer's acceptance; only with
	// Confirm.
	MandateData *MandateDataParams `url:"mandate_data,omitempty"`
	// OnBehalfOf is the connected account the payment is for.
	OnBehalfOf string `url:"on_behalf_of,omitempty"`
	// PaymentDetails are your references for the payment.
	PaymentDetails *PaymentDetailsParams `url:"payment_details,omitempty"`
	// PaymentMethodConfiguration is the payment method configuration to use.
	PaymentMethodConfiguration string `url:"payment_method_configuration,omitempty"`
	// PaymentMethodData make a new payment method for the PaymentIntent.
	PaymentMethodData *paymentmethod.DataParams `url:"payment_method_data,omitempty"`
	// PaymentMethodOptions are options per payment method type.
	PaymentMethodOptions *PaymentMethodOptionsParams `url:"payment_method_options,omitempty"`
	// RadarOptions pass a Radar session.
	RadarOptions *RadarOptionsParams `url:"radar_options,omitempty"`
	// TransferData make a destination payment.
	TransferData *TransferDataParams `url:"transfer_data,omitempty"`
	// TransferGroup groups the payment with transfers.
	TransferGroup string `url:"transfer_group,omitempty"`
	// UseStripeSDK says Stripe.js or a mobile SDK handles the next action.
	UseStripeSDK bool `url:"use_stripe_sdk,omitempty"`
}

// AutomaticPaymentMethodsParams let the dashboard's payment method
// settings choose the payment methods.
type AutomaticPaymentMethodsParams struct {
	// Enabled turns automatic payment methods on or off; always sent.
	Enabled bool `url:"enabled"`
	// AllowRedirects is "always" (the default) or "never" (only payment
	// methods that need no redirect).
	AllowRedirects string `url:"allow_redirects,omitempty"`
}

// AmountDetailsParams break an amount down.
type AmountDetailsParams struct {
	DiscountAmount *int64 `url:"discount_amount,omitempty"`
	// EnforceArithmeticValidation makes the API check that the details add
	// up to the amount.
	EnforceArithmeticValidation *bool                        `url:"enforce_arithmetic_validation,omitempty"`
	LineItems                   LineItems                    `url:"line_items,omitempty"`
	Shipping                    *AmountDetailsShippingParams `url:"shipping,omitempty"`
	Tax                         *AmountDetailsTaxParams      `url:"tax,omitempty"`
}

// LineItems are the line items of an amount, sent as
// line_items[0][product_name]=... .
type LineItems []LineItemParams

// EncodeValues adds the line items to v under key, each indexed. It
// implements the encoder interface of github.com/google/go-querystring.
func (items LineItems) EncodeValues(key string, v *url.Values) error {
	for i := range items {
		vals, err := form.Encode(&items[i])
		if err != nil {
			return err
		}
		for k, vs := range vals {
			head, rest, _ := strings.Cut(k, "[")
			if rest != "" {
				rest = "[" + rest
			}
			name := fmt.Sprintf("%s[%d][%s]%s", key, i, head, rest)
			for _, s := range vs {
				v.Add(name, s)
			}
		}
	}
	return nil
}

// LineItemParams are one line item. ProductName, Quantity and UnitCost are
// required.
type LineItemParams struct {
	DiscountAmount int64              `url:"discount_amount,omitempty"`
	ProductCode    string             `url:"product_code,omitempty"`
	ProductName    string             `url:"product_name,omitempty"`
	Quantity       int64              `url:"quantity,omitempty"`
	Tax            *LineItemTaxParams `url:"tax,omitempty"`
	UnitCost       int64              `url:"unit_cost,omitempty"`
	UnitOfMeasure  string             `url:"unit_of_measure,omitempty"`
}

// LineItemTaxParams are a line item's tax.
type LineItemTaxParams struct {
	TotalTaxAmount int64 `url:"total_tax_amount"`
}

// AmountDetailsShippingParams are the shipping part of an amount.
type AmountDetailsShippingParams struct {
	Amount         *int64 `url:"amount,omitempty"`
	FromPostalCode string `url:"from_postal_code,omitempty"`
	ToPostalCode   string `url:"to_postal_code,omitempty"`
}

// AmountDetailsTaxParams are the tax part of an amount.
type AmountDetailsTaxParams struct {
	TotalTaxAmount int64 `url:"total_tax_amount"`
}

// HooksParams link a PaymentIntent's workflows.
type HooksParams struct {
	Inputs *HooksInputsParams `url:"inputs,omitempty"`
}

// HooksInputsParams are the inputs of a PaymentIntent's workflows.
type HooksInputsParams struct {
	Tax *HooksTaxParams `url:"tax,omitempty"`
}

// HooksTaxParams link a tax calculation; a pointer to "" unlinks it.
type HooksTaxParams struct {
	Calculation *string `url:"calculation,omitempty"`
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

// PaymentDetailsParams are your references for a payment.
type PaymentDetailsParams struct {
	CustomerReference *string `url:"customer_reference,omitempty"`
	OrderReference    *string `url:"order_reference,omitempty"`
}

// RadarOptionsParams pass Radar options.
type RadarOptionsParams struct {
	Referrer string `url:"referrer,omitempty"`
	Session  string `url:"session,omitempty"`
}

// TransferDataParams make a destination payment: the funds go to
// Destination (required), less the platform's share when Amount is set.
type TransferDataParams struct {
	Amount      int64                      `url:"amount,omitempty"`
	Description string                     `url:"description,omitempty"`
	Destination string                     `url:"destination,omitempty"`
	Metadata    pay.Metadata               `url:"metadata"`
	PaymentData *TransferPaymentDataParams `url:"payment_data,omitempty"`
}

// TransferPaymentDataParams describe the payment on the connected account.
type TransferPaymentDataParams struct {
	Description string       `url:"description,omitempty"`
	Metadata    pay.Metadata `url:"metadata"`
}

// PaymentMethodOptionsParams are options per payment method type; this
// package sends card options.
type PaymentMethodOptionsParams struct {
	Card *CardOptionsParams `url:"card,omitempty"`
}

// CardOptionsParams are a PaymentIntent's card options.
type CardOptionsParams struct {
	// CaptureMethod "manual" only authorizes card payments.
	CaptureMethod CaptureMethod `url:"capture_method,omitempty"`
	// CVCToken is a CVC recollected by Stripe.js.
	CVCToken       string                    `url:"cvc_token,omitempty"`
	Installments   *InstallmentsParams       `url:"installments,omitempty"`
	MandateOptions *CardMandateOptionsParams `url:"mandate_options,omitempty"`
	// Network is the card network to process on.
	Network string `url:"network,omitempty"`
	// RequestExtendedAuthorization ... RequestOvercapture are
	// "if_available" or "never".
	RequestExtendedAuthorization    string `url:"request_extended_authorization,omitempty"`
	RequestIncrementalAuthorization string `url:"request_incremental_authorization,omitempty"`
	RequestMulticapture             string `url:"request_multicapture,omitempty"`
	RequestOvercapture              string `url:"request_overcapture,omitempty"`
	// RequestThreeDSecure is "automatic" (the default), "any" (ask for 3-D
	// Secure whenever the card supports it) or "challenge".
	RequestThreeDSecure    string `url:"request_three_d_secure,omitempty"`
	RequireCVCRecollection *bool  `url:"require_cvc_recollection,omitempty"`
	// SetupFutureUsage overrides the PaymentIntent's for cards; "none"
	// turns it off.
	SetupFutureUsage               SetupFutureUsage    `url:"setup_future_usage,omitempty"`
	StatementDescriptorSuffixKana  string              `url:"statement_descriptor_suffix_kana,omitempty"`
	StatementDescriptorSuffixKanji string              `url:"statement_descriptor_suffix_kanji,omitempty"`
	ThreeDSecure                   *ThreeDSecureParams `url:"three_d_secure,omitempty"`
}

// InstallmentsParams choose installments for a card payment.
type InstallmentsParams struct {
	Enabled *bool            `url:"enabled,omitempty"`
	Plan    *InstallmentPlan `url:"plan,omitempty"`
}

// InstallmentPlan is an installment plan: Type bonus, fixed_count or
// revolving, with Count payments every Interval (month).
type InstallmentPlan struct {
	Count    int64  `url:"count,omitempty"`
	Interval string `url:"interval,omitempty"`
	Type     string `url:"type,omitempty"`
}

// CardMandateOptionsParams describe a card mandate (India's recurring
// payments): Amount, AmountType, Interval, Reference and StartDate are
// required.
type CardMandateOptionsParams struct {
	Amount int64 `url:"amount,omitempty"`
	// AmountType is fixed or maximum.
	AmountType  string `url:"amount_type,omitempty"`
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
// outside Stripe. Cryptogram, TransactionID and Version are required.
type ThreeDSecureParams struct {
	AresTransStatus             string `url:"ares_trans_status,omitempty"`
	Cryptogram                  string `url:"cryptogram,omitempty"`
	ElectronicCommerceIndicator string `url:"electronic_commerce_indicator,omitempty"`
	ExemptionIndicator          string `url:"exemption_indicator,omitempty"`
	RequestorChallengeIndicator string `url:"requestor_challenge_indicator,omitempty"`
	TransactionID               string `url:"transaction_id,omitempty"`
	Version                     string `url:"version,omitempty"`
}

func (p *CreateParams) validate() error {
	if err := check.Params(p == nil); err != nil {
		return err
	}
	if err := check.Amount("amount", p.Amount); err != nil {
		return err
	}
	if err := check.Currency("currency", p.Currency); err != nil {
		return err
	}
	if p.ApplicationFeeAmount != nil {
		if err := check.OptionalAmount("application_fee_amount", *p.ApplicationFeeAmount); err != nil {
			return err
		}
	}
	if !p.Confirm {
		switch {
		case p.OffSession:
			return check.Invalid("off_session", "", "off_session can only be set with confirm")
		case p.ErrorOnRequiresAction:
			return check.Invalid("error_on_requires_action", "", "error_on_requires_action can only be set with confirm")
		case p.ReturnURL != "":
			return check.Invalid("return_url", "", "return_url can only be set with confirm")
		}
	}
	if err := validateShipping(p.Shipping); err != nil {
		return err
	}
	if t := p.TransferData; t != nil {
		if t.Destination == "" {
			return check.Missing("transfer_data[destination]")
		}
		if err := check.OptionalAmount("transfer_data[amount]", t.Amount); err != nil {
			return err
		}
	}
	return p.PaymentMethodData.Validate("payment_method_data")
}

// validateShipping rejects shipping without the name and address the API
// requires.
func validateShipping(s *pay.ShippingParams) error {
	switch {
	case s == nil:
		return nil
	case s.Name == "":
		return check.Missing("shipping[name]")
	case s.Address == nil:
		return check.Missing("shipping[address]")
	}
	return nil
}

// UpdateParams are the params of Update. Every field is optional: nil
// leaves it unchanged, a pointer to "" clears it.
type UpdateParams struct {
	AllowedPaymentMethodTypes  []string             `url:"allowed_payment_method_types,omitempty"`
	Amount                     *int64               `url:"amount,omitempty"`
	AmountDetails              *AmountDetailsParams `url:"amount_details,omitempty"`
	ApplicationFeeAmount       *int64               `url:"application_fee_amount,omitempty"`
	CaptureMethod              *CaptureMethod       `url:"capture_method,omitempty"`
	Currency                   *string              `url:"currency,omitempty"`
	Customer                   *string              `url:"customer,omitempty"`
	CustomerAccount            *string              `url:"customer_account,omitempty"`
	Description                *string              `url:"description,omitempty"`
	ExcludedPaymentMethodTypes []string             `url:"excluded_payment_method_types,omitempty"`
	Hooks                      *HooksParams         `url:"hooks,omitempty"`
	// Metadata sets keys; an empty value unsets a key, and a non-nil empty
	// Metadata{} unsets all.
	Metadata                   pay.Metadata                `url:"metadata"`
	PaymentDetails             *PaymentDetailsParams       `url:"payment_details,omitempty"`
	PaymentMethod              *string                     `url:"payment_method,omitempty"`
	PaymentMethodConfiguration *string                     `url:"payment_method_configuration,omitempty"`
	PaymentMethodData          *paymentmethod.DataParams   `url:"payment_method_data,omitempty"`
	PaymentMethodOptions       *PaymentMethodOptionsParams `url:"payment_method_options,omitempty"`
	PaymentMethodTypes         []string                    `url:"payment_method_types,omitempty"`
	ReceiptEmail               *string                     `url:"receipt_email,omitempty"`
	// SetupFutureUsage: a pointer to "" stops saving the payment method.
	SetupFutureUsage          *SetupFutureUsage         `url:"setup_future_usage,omitempty"`
	Shipping                  *pay.ShippingParams       `url:"shipping,omitempty"`
	StatementDescriptor       *string                   `url:"statement_descriptor,omitempty"`
	StatementDescriptorSuffix *string                   `url:"statement_descriptor_suffix,omitempty"`
	TransferData              *UpdateTransferDataParams `url:"transfer_data,omitempty"`
	TransferGroup             *string                   `url:"transfer_group,omitempty"`
}

// UpdateTransferDataParams change a destination payment's transfer (the
// destination is fixed at creation).
type UpdateTransferDataParams struct {
	Amount      *int64                     `url:"amount,omitempty"`
	Description *string                    `url:"description,omitempty"`
	Metadata    pay.Metadata               `url:"metadata"`
	PaymentData *TransferPaymentDataParams `url:"payment_data,omitempty"`
}

func (p *UpdateParams) validate() error {
	if p == nil {
		return nil
	}
	if p.Amount != nil {
		if err := check.Amount("amount", *p.Amount); err != nil {
			return err
		}
	}
	if p.Currency != nil {
		if err := check.Currency("currency", *p.Currency); err != nil {
			return err
		}
	}
	if p.ApplicationFeeAmount != nil {
		if err := check.OptionalAmount("application_fee_amount", *p.ApplicationFeeAmount); err != nil {
			return err
		}
	}
	if err := validateShipping(p.Shipping); err != nil {
		return err
	}
	return p.PaymentMethodData.Validate("payment_method_data")
}

// ConfirmParams are the params of Confirm; nil confirms with what the
// PaymentIntent already has.
type ConfirmParams struct {
	// PaymentMethod is the payment method to charge.
	PaymentMethod string `url:"payment_method,omitempty"`
	// ReturnURL is where the customer comes back to after authenticating
	// on a page they are redirected to.
	ReturnURL string `url:"return_url,omitempty"`
	// OffSession says the customer is not present.
	OffSession bool `url:"off_session,omitempty"`
	// ErrorOnRequiresAction fails instead of moving to requires_action.
	ErrorOnRequiresAction bool `url:"error_on_requires_action,omitempty"`
	// SetupFutureUsage saves the payment method for later payments.
	SetupFutureUsage SetupFutureUsage `url:"setup_future_usage,omitempty"`
	CaptureMethod    CaptureMethod    `url:"capture_method,omitempty"`
	ReceiptEmail     string           `url:"receipt_email,omitempty"`
	// Shipping needs at least Name and Address.
	Shipping *pay.ShippingParams `url:"shipping,omitempty"`
	// ClientSecret is the PaymentIntent's client secret; only needed with
	// a publishable key. It is sent in the body, never in a URL.
	ClientSecret string `url:"client_secret,omitempty"`

	AllowedPaymentMethodTypes []string             `url:"allowed_payment_method_types,omitempty"`
	AmountDetails             *AmountDetailsParams `url:"amount_details,omitempty"`
	// AmountToConfirm confirms part of the amount; 0 confirms it all.
	AmountToConfirm            int64                       `url:"amount_to_confirm,omitempty"`
	ConfirmationToken          string                      `url:"confirmation_token,omitempty"`
	ExcludedPaymentMethodTypes []string                    `url:"excluded_payment_method_types,omitempty"`
	Hooks                      *HooksParams                `url:"hooks,omitempty"`
	Mandate                    string                      `url:"mandate,omitempty"`
	MandateData                *MandateDataParams          `url:"mandate_data,omitempty"`
	PaymentDetails             *PaymentDetailsParams       `url:"payment_details,omitempty"`
	PaymentMethodData          *paymentmethod.DataParams   `url:"payment_method_data,omitempty"`
	PaymentMethodOptions       *PaymentMethodOptionsParams `url:"payment_method_options,omitempty"`
	PaymentMethodTypes         []string                    `url:"payment_method_types,omitempty"`
	RadarOptions               *RadarOptionsParams         `url:"radar_options,omitempty"`
	UseStripeSDK               bool                        `url:"use_stripe_sdk,omitempty"`
}

func (p *ConfirmParams) validate() error {
	if p == nil {
		return nil
	}
	if err := check.OptionalAmount("amount_to_confirm", p.AmountToConfirm); err != nil {
		return err
	}
	if err := validateShipping(p.Shipping); err != nil {
		return err
	}
	return p.PaymentMethodData.Validate("payment_method_data")
}

// CaptureParams are the params of Capture; nil captures the whole
// capturable amount.
type CaptureParams struct {
	// AmountToCapture is how much to capture, at most AmountCapturable; 0
	// captures all of it (the rest is released).
	AmountToCapture int64 `url:"amount_to_capture,omitempty"`
	// ApplicationFeeAmount is the platform's fee; a pointer so that 0 can
	// be sent.
	ApplicationFeeAmount *int64 `url:"application_fee_amount,omitempty"`
	// FinalCapture false keeps the rest capturable (multicapture).
	FinalCapture              *bool                      `url:"final_capture,omitempty"`
	AmountDetails             *AmountDetailsParams       `url:"amount_details,omitempty"`
	Hooks                     *HooksParams               `url:"hooks,omitempty"`
	Metadata                  pay.Metadata               `url:"metadata"`
	PaymentDetails            *PaymentDetailsParams      `url:"payment_details,omitempty"`
	StatementDescriptor       string                     `url:"statement_descriptor,omitempty"`
	StatementDescriptorSuffix string                     `url:"statement_descriptor_suffix,omitempty"`
	TransferData              *CaptureTransferDataParams `url:"transfer_data,omitempty"`
}

// CaptureTransferDataParams change how much of a captured destination
// payment is transferred.
type CaptureTransferDataParams struct {
	Amount int64 `url:"amount,omitempty"`
}

func (p *CaptureParams) validate() error {
	if p == nil {
		return nil
	}
	if err := check.OptionalAmount("amount_to_capture", p.AmountToCapture); err != nil {
		return err
	}
	if p.ApplicationFeeAmount != nil {
		if err := check.OptionalAmount("application_fee_amount", *p.ApplicationFeeAmount); err != nil {
			return err
		}
	}
	return nil
}

// CancelParams are the params of Cancel; nil cancels without a reason.
type CancelParams struct {
	// CancellationReason is abandoned, duplicate, fraudulent or
	// requested_by_customer.
	CancellationReason CancellationReason `url:"cancellation_reason,omitempty"`
}

func (p *CancelParams) validate() error {
	if p == nil {
		return nil
	}
	switch r := p.CancellationReason; r {
	case "", CancellationReasonAbandoned, CancellationReasonDuplicate, CancellationReasonFraudulent, CancellationReasonRequestedByCustomer:
		return nil
	default:
		return check.Invalid("cancellation_reason", "", fmt.Sprintf("cancellation_reason must be abandoned, duplicate, fraudulent or requested_by_customer, not %q", r))
	}
}

// ListParams filter List and ListPage; nil lists every PaymentIntent,
// newest first.
type ListParams struct {
	pay.ListParams
	// Created filters by creation time.
	Created *pay.RangeQuery `url:"created,omitempty"`
	// Customer lists only this customer's PaymentIntents.
	Customer string `url:"customer,omitempty"`
	// CustomerAccount lists only this customer account's PaymentIntents.
	CustomerAccount string `url:"customer_account,omitempty"`
}

// SearchParams are the params of [Client.Search] and [Client.SearchPage]:
// Query (required), Limit and Page, validated before anything is sent.
type SearchParams = pay.SearchParams
