package paymentintent

import (
	"github.com/go-json-experiment/json/jsontext"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/internal/wire"
	"github.com/paykit/pay/paymentmethod"
)

// Status is the state of a PaymentIntent.
type Status string

// The PaymentIntent statuses.
const (
	// StatusRequiresPaymentMethod: attach a payment method (a new one
	// after a decline or a failed authentication) and confirm.
	StatusRequiresPaymentMethod Status = "requires_payment_method"
	// StatusRequiresConfirmation: confirm it.
	StatusRequiresConfirmation Status = "requires_confirmation"
	// StatusRequiresAction: the customer must act (3-D Secure); see
	// NextAction.
	StatusRequiresAction Status = "requires_action"
	// StatusProcessing: the payment is under way; wait for an event.
	StatusProcessing Status = "processing"
	// StatusRequiresCapture: authorized; capture it (CaptureMethod manual).
	StatusRequiresCapture Status = "requires_capture"
	// StatusCanceled: canceled; it can no longer be used.
	StatusCanceled Status = "canceled"
	// StatusSucceeded: paid.
	StatusSucceeded Status = "succeeded"
)

// CaptureMethod says when the funds of a PaymentIntent are captured.
type CaptureMethod string

// The capture methods.
const (
	// CaptureMethodAutomatic captures when the customer authorizes.
	CaptureMethodAutomatic CaptureMethod = "automatic"
	// CaptureMethodAutomaticAsync captures asynchronously after the
	// authorization.
	CaptureMethodAutomaticAsync CaptureMethod = "automatic_async"
	// CaptureMethodManual only authorizes; call Capture later.
	CaptureMethodManual CaptureMethod = "manual"
)

// ConfirmationMethod says how a PaymentIntent may be confirmed.
type ConfirmationMethod string

// The confirmation methods.
const (
	// ConfirmationMethodAutomatic lets the client secret confirm it (from
	// the browser, with Stripe.js) as well as the secret key.
	ConfirmationMethodAutomatic ConfirmationMethod = "automatic"
	// ConfirmationMethodManual: only the secret key confirms it, from
	// your server.
	ConfirmationMethodManual ConfirmationMethod = "manual"
)

// SetupFutureUsage asks to save the payment method for later payments.
type SetupFutureUsage string

// The SetupFutureUsage values.
const (
	// SetupFutureUsageOffSession: it will be charged without the customer
	// present; the bank is asked to accept that (authenticated now).
	SetupFutureUsageOffSession SetupFutureUsage = "off_session"
	// SetupFutureUsageOnSession: it will be charged with the customer
	// present.
	SetupFutureUsageOnSession SetupFutureUsage = "on_session"
)

// CancellationReason is why a PaymentIntent was canceled.
type CancellationReason string

// The cancellation reasons. Cancel takes abandoned, duplicate, fraudulent
// and requested_by_customer; the API sets the others.
const (
	CancellationReasonAbandoned           CancellationReason = "abandoned"
	CancellationReasonAutomatic           CancellationReason = "automatic"
	CancellationReasonDuplicate           CancellationReason = "duplicate"
	CancellationReasonExpired             CancellationReason = "expired"
	CancellationReasonFailedInvoice       CancellationReason = "failed_invoice"
	CancellationReasonFraudulent          CancellationReason = "fraudulent"
	CancellationReasonRequestedByCustomer CancellationReason = "requested_by_customer"
	CancellationReasonVoidInvoice         CancellationReason = "void_invoice"
)

// PaymentIntent is a PaymentIntent object: one payment, from creation
// through authentication (3-D Secure) to its charge.
//
// Expandable fields (Customer, PaymentMethod, LatestCharge, ...) decode
// from a bare id, with only ID set, or from the expanded object. A nullable
// reference or nested object is nil when the API sends null.
//
// ClientSecret is for the customer's browser only (Stripe.js confirms with
// it): do not log it or store it.
type PaymentIntent struct {
	ID     string `json:"id"`
	Object string `json:"object"`
	// AllowedPaymentMethodTypes are the payment method types the
	// PaymentIntent may use, when restricted.
	AllowedPaymentMethodTypes []string `json:"allowed_payment_method_types"`
	// Amount is the amount to collect, in the smallest currency unit.
	Amount int64 `json:"amount"`
	// AmountCapturable is the authorized amount still to be captured.
	AmountCapturable int64 `json:"amount_capturable"`
	// AmountDetails break the amount down (tip, tax, shipping, line items).
	AmountDetails *AmountDetails `json:"amount_details"`
	// AmountReceived is the amount collected.
	AmountReceived int64 `json:"amount_received"`
	// Application is the Connect application that created it.
	Application *pay.Reference `json:"application"`
	// ApplicationFeeAmount is the platform's fee, 0 when none.
	ApplicationFeeAmount int64 `json:"application_fee_amount"`
	// AutomaticPaymentMethods says whether the dashboard's payment method
	// settings choose the payment methods.
	AutomaticPaymentMethods *AutomaticPaymentMethods `json:"automatic_payment_methods"`
	// CanceledAt is when it was canceled, in Unix seconds; 0 if it was not.
	CanceledAt         int64              `json:"canceled_at"`
	CancellationReason CancellationReason `json:"cancellation_reason"`
	CaptureMethod      CaptureMethod      `json:"capture_method"`
	// ClientSecret lets the customer's browser confirm the PaymentIntent.
	// Never log it.
	ClientSecret       string             `json:"client_secret"`
	ConfirmationMethod ConfirmationMethod `json:"confirmation_method"`
	Created            int64              `json:"created"`
	Currency           string             `json:"currency"`
	// Customer is the customer paying, nil when none: only its ID is set
	// unless "customer" is expanded.
	Customer *customer.Customer `json:"customer"`
	// CustomerAccount is the paying customer account (Accounts v2).
	CustomerAccount string `json:"customer_account"`
	Description     string `json:"description"`
	// ExcludedPaymentMethodTypes are the payment method types it may not
	// use.
	ExcludedPaymentMethodTypes []string `json:"excluded_payment_method_types"`
	// Hooks are the inputs of its asynchronous workflows (tax).
	Hooks *Hooks `json:"hooks"`
	// LastPaymentError is the error of the last failed payment attempt (a
	// decline, a failed authentication), nil when none.
	LastPaymentError *pay.Error `json:"last_payment_error"`
	// LatestCharge is the latest charge it made: only its ID is set unless
	// "latest_charge" is expanded.
	LatestCharge *charge.Charge `json:"latest_charge"`
	Livemode     bool           `json:"livemode"`
	// ManagedPayments says whether Stripe manages the payment (Managed
	// Payments).
	ManagedPayments *ManagedPayments  `json:"managed_payments"`
	Metadata        map[string]string `json:"metadata"`
	// NextAction is what must happen next when Status is requires_action,
	// nil otherwise.
	NextAction *pay.NextAction `json:"next_action"`
	// OnBehalfOf is the connected account the payment is for.
	OnBehalfOf *pay.Reference `json:"on_behalf_of"`
	// PaymentDetails are your references for the payment.
	PaymentDetails *PaymentDetails `json:"payment_details"`
	// PaymentMethod is the payment method used, nil when none yet: only
	// its ID is set unless "payment_method" is expanded.
	PaymentMethod *paymentmethod.PaymentMethod `json:"payment_method"`
	// PaymentMethodConfigurationDetails name the payment method
	// configuration used.
	PaymentMethodConfigurationDetails *PaymentMethodConfigurationDetails `json:"payment_method_configuration_details"`
	// PaymentMethodOptions are the options per payment method type.
	PaymentMethodOptions *PaymentMethodOptions `json:"payment_method_options"`
	// PaymentMethodTypes are the payment method types it may use.
	PaymentMethodTypes []string `json:"payment_method_types"`
	// PresentmentDetails give the amount in the currency shown to the
	// customer.
	PresentmentDetails *PresentmentDetails `json:"presentment_details"`
	// Processing describes a payment in status processing.
	Processing   *Processing `json:"processing"`
	ReceiptEmail string      `json:"receipt_email"`
	// Review is the Radar review of the payment.
	Review *pay.Reference `json:"review"`
	// SetupFutureUsage says whether the payment method is being saved for
	// later payments.
	SetupFutureUsage SetupFutureUsage `json:"setup_future_usage"`
	Shipping         *pay.Shipping    `json:"shipping"`
	// Source is the legacy source paid with, in API versions that return
	// it.
	Source                    *pay.Reference `json:"source"`
	StatementDescriptor       string         `json:"statement_descriptor"`
	StatementDescriptorSuffix string         `json:"statement_descriptor_suffix"`
	Status                    Status         `json:"status"`
	// TransferData describes a destination payment's transfer.
	TransferData  *TransferData `json:"transfer_data"`
	TransferGroup string        `json:"transfer_group"`
}

type plainPaymentIntent PaymentIntent

// UnmarshalJSONFrom decodes a PaymentIntent from its object or from its
// bare id, in the decoder's stream (encoding/json/v2).
func (pi *PaymentIntent) UnmarshalJSONFrom(d *jsontext.Decoder) error {
	return wire.Expandable(d, pi, (*plainPaymentIntent)(pi), paymentIntentID)
}

// UnmarshalJSON decodes a PaymentIntent from its object or from its bare id
// (encoding/json).
func (pi *PaymentIntent) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, pi) }

func paymentIntentID(pi *PaymentIntent) *string { return &pi.ID }

// AmountDetails break a PaymentIntent's amount down.
type AmountDetails struct {
	DiscountAmount int64 `json:"discount_amount"`
	// Error says why the details do not add up, when they do not.
	Error *AmountDetailsError `json:"error"`
	// LineItems is the list object of the line items, as the API sends it.
	LineItems map[string]any         `json:"line_items"`
	Shipping  *AmountDetailsShipping `json:"shipping"`
	Tax       *AmountDetailsTax      `json:"tax"`
	Tip       *Tip                   `json:"tip"`
}

// AmountDetailsError says why amount details were not accepted.
type AmountDetailsError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// AmountDetailsShipping is the shipping part of an amount.
type AmountDetailsShipping struct {
	Amount         int64  `json:"amount"`
	FromPostalCode string `json:"from_postal_code"`
	ToPostalCode   string `json:"to_postal_code"`
}

// AmountDetailsTax is the tax part of an amount.
type AmountDetailsTax struct {
	TotalTaxAmount int64 `json:"total_tax_amount"`
}

// Tip is the tip part of an amount.
type Tip struct {
	Amount int64 `json:"amount"`
}

// AutomaticPaymentMethods say whether the dashboard's settings choose the
// payment methods, and whether those may redirect (always or never).
type AutomaticPaymentMethods struct {
	AllowRedirects string `json:"allow_redirects"`
	Enabled        bool   `json:"enabled"`
}

// Hooks are the inputs of a PaymentIntent's asynchronous workflows.
type Hooks struct {
	Inputs *HooksInputs `json:"inputs"`
}

// HooksInputs are the workflow inputs.
type HooksInputs struct {
	Tax *HooksTax `json:"tax"`
}

// HooksTax names the tax calculation a PaymentIntent is linked to.
type HooksTax struct {
	Calculation string `json:"calculation"`
}

// ManagedPayments say whether Stripe manages a payment.
type ManagedPayments struct {
	Enabled bool `json:"enabled"`
}

// PaymentDetails are your references for a payment.
type PaymentDetails struct {
	CustomerReference string `json:"customer_reference"`
	OrderReference    string `json:"order_reference"`
}

// PaymentMethodConfigurationDetails name the payment method configuration
// a PaymentIntent or SetupIntent used, and its parent.
type PaymentMethodConfigurationDetails struct {
	ID     string `json:"id"`
	Parent string `json:"parent"`
}

// PresentmentDetails give the amount and currency shown to the customer.
type PresentmentDetails struct {
	PresentmentAmount   int64  `json:"presentment_amount"`
	PresentmentCurrency string `json:"presentment_currency"`
}

// Processing describes a PaymentIntent in status processing: Type names
// the payment method type.
type Processing struct {
	Card *CardProcessing `json:"card"`
	Type string          `json:"type"`
}

// CardProcessing describes a card payment under way.
type CardProcessing struct {
	CustomerNotification *CustomerNotification `json:"customer_notification"`
}

// CustomerNotification says whether the customer was asked to approve a
// payment, and when it completes without them.
type CustomerNotification struct {
	ApprovalRequested bool  `json:"approval_requested"`
	CompletesAt       int64 `json:"completes_at"`
}

// TransferData describes the transfer of a destination payment.
type TransferData struct {
	// Amount is the amount transferred, 0 when the whole payment is.
	Amount int64 `json:"amount"`
	// Description is the transfer's description.
	Description string `json:"description"`
	// Destination is the connected account receiving the funds.
	Destination *pay.Reference `json:"destination"`
	// Metadata is the transfer's metadata.
	Metadata map[string]string `json:"metadata"`
	// PaymentData describe the payment on the connected account.
	PaymentData *TransferPaymentData `json:"payment_data"`
}

// TransferPaymentData describe the payment a destination charge creates
// on the connected account.
type TransferPaymentData struct {
	Description string            `json:"description"`
	Metadata    map[string]string `json:"metadata"`
}

// PaymentMethodOptions are a PaymentIntent's options per payment method
// type. Card options are modelled field by field; the others are kept as
// the API sends them.
type PaymentMethodOptions struct {
	Card *CardOptions `json:"card"`

	ACSSDebit        map[string]any `json:"acss_debit"`
	Affirm           map[string]any `json:"affirm"`
	AfterpayClearpay map[string]any `json:"afterpay_clearpay"`
	Alipay           map[string]any `json:"alipay"`
	Alma             map[string]any `json:"alma"`
	AmazonPay        map[string]any `json:"amazon_pay"`
	AUBECSDebit      map[string]any `json:"au_becs_debit"`
	BACSDebit        map[string]any `json:"bacs_debit"`
	Bancontact       map[string]any `json:"bancontact"`
	Billie           map[string]any `json:"billie"`
	Bizum            map[string]any `json:"bizum"`
	Blik             map[string]any `json:"blik"`
	Boleto           map[string]any `json:"boleto"`
	CardPresent      map[string]any `json:"card_present"`
	CashApp          map[string]any `json:"cashapp"`
	Crypto           map[string]any `json:"crypto"`
	CustomerBalance  map[string]any `json:"customer_balance"`
	EPS              map[string]any `json:"eps"`
	FPX              map[string]any `json:"fpx"`
	Giropay          map[string]any `json:"giropay"`
	GrabPay          map[string]any `json:"grabpay"`
	IDEAL            map[string]any `json:"ideal"`
	InteracPresent   map[string]any `json:"interac_present"`
	KakaoPay         map[string]any `json:"kakao_pay"`
	Klarna           map[string]any `json:"klarna"`
	Konbini          map[string]any `json:"konbini"`
	KrCard           map[string]any `json:"kr_card"`
	Link             map[string]any `json:"link"`
	MBWay            map[string]any `json:"mb_way"`
	MobilePay        map[string]any `json:"mobilepay"`
	Multibanco       map[string]any `json:"multibanco"`
	NaverPay         map[string]any `json:"naver_pay"`
	NZBankAccount    map[string]any `json:"nz_bank_account"`
	OXXO             map[string]any `json:"oxxo"`
	P24              map[string]any `json:"p24"`
	PayByBank        map[string]any `json:"pay_by_bank"`
	Payco            map[string]any `json:"payco"`
	PayNow           map[string]any `json:"paynow"`
	PayPal           map[string]any `json:"paypal"`
	PayTo            map[string]any `json:"payto"`
	Pix              map[string]any `json:"pix"`
	PromptPay        map[string]any `json:"promptpay"`
	RevolutPay       map[string]any `json:"revolut_pay"`
	SamsungPay       map[string]any `json:"samsung_pay"`
	Satispay         map[string]any `json:"satispay"`
	Scalapay         map[string]any `json:"scalapay"`
	SEPADebit        map[string]any `json:"sepa_debit"`
	Sofort           map[string]any `json:"sofort"`
	Sunbit           map[string]any `json:"sunbit"`
	Swish            map[string]any `json:"swish"`
	Twint            map[string]any `json:"twint"`
	UPI              map[string]any `json:"upi"`
	USBankAccount    map[string]any `json:"us_bank_account"`
	WeChatPay        map[string]any `json:"wechat_pay"`
	Zip              map[string]any `json:"zip"`
}

// CardOptions are a PaymentIntent's card options.
type CardOptions struct {
	// CaptureMethod overrides the PaymentIntent's for card payments.
	CaptureMethod CaptureMethod `json:"capture_method"`
	// Installments are the installment plans offered and chosen.
	Installments map[string]any `json:"installments"`
	// MandateOptions describe a card mandate (India's recurring payments).
	MandateOptions map[string]any `json:"mandate_options"`
	// Network is the card network to process the payment on.
	Network string `json:"network"`
	// RequestExtendedAuthorization, RequestIncrementalAuthorization,
	// RequestMulticapture and RequestOvercapture are if_available or never.
	RequestExtendedAuthorization    string `json:"request_extended_authorization"`
	RequestIncrementalAuthorization string `json:"request_incremental_authorization"`
	RequestMulticapture             string `json:"request_multicapture"`
	RequestOvercapture              string `json:"request_overcapture"`
	// RequestThreeDSecure is automatic, any or challenge.
	RequestThreeDSecure string `json:"request_three_d_secure"`
	// RequireCVCRecollection asks the customer for the CVC again.
	RequireCVCRecollection bool `json:"require_cvc_recollection"`
	// SetupFutureUsage overrides the PaymentIntent's for cards ("none"
	// turns it off).
	SetupFutureUsage               SetupFutureUsage `json:"setup_future_usage"`
	StatementDescriptorSuffixKana  string           `json:"statement_descriptor_suffix_kana"`
	StatementDescriptorSuffixKanji string           `json:"statement_descriptor_suffix_kanji"`
}
