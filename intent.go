package pay

import "fmt"

// This file holds the wire types PaymentIntents and SetupIntents share
// (their next_action), and the error codes of intent calls.

// NextActionType names what the customer (or your integration) must do
// for a PaymentIntent or SetupIntent in status requires_action, the "type"
// of its next_action.
type NextActionType string

// The next action types. The API has more, one per payment method that
// needs one; any type it sends is kept as is.
const (
	// NextActionRedirectToURL: send the customer's browser to
	// RedirectToURL.URL (a 3-D Secure page, say); they come back to
	// RedirectToURL.ReturnURL.
	NextActionRedirectToURL NextActionType = "redirect_to_url"
	// NextActionUseStripeSDK: let Stripe.js (or a mobile SDK) run the
	// authentication in the page, with the intent's client secret.
	NextActionUseStripeSDK NextActionType = "use_stripe_sdk"
	// NextActionVerifyWithMicrodeposits: the customer confirms the amounts
	// of microdeposits sent to their bank account.
	NextActionVerifyWithMicrodeposits NextActionType = "verify_with_microdeposits"
	// NextActionCardAwaitNotification: the card's bank is notifying the
	// customer before a charge (India's recurring-payment mandates).
	NextActionCardAwaitNotification NextActionType = "card_await_notification"
	// NextActionDisplayBankTransferInstructions: show the customer where
	// to send a bank transfer.
	NextActionDisplayBankTransferInstructions NextActionType = "display_bank_transfer_instructions"
)

// NextAction is what must happen before a PaymentIntent or SetupIntent in
// status requires_action can go on: Type names it, and the field of that
// name describes it. Card payments use RedirectToURL and UseStripeSDK; the
// actions of other payment methods are kept as the API sends them.
//
// A next action's URLs may carry the intent's client secret: send them to
// the customer's browser only, never to a log.
type NextAction struct {
	Type NextActionType `json:"type"`
	// RedirectToURL is set for Type redirect_to_url.
	RedirectToURL *RedirectToURL `json:"redirect_to_url"`
	// UseStripeSDK is set for Type use_stripe_sdk: what Stripe.js needs,
	// in a shape the API does not document.
	UseStripeSDK map[string]any `json:"use_stripe_sdk"`
	// VerifyWithMicrodeposits is set for Type verify_with_microdeposits.
	VerifyWithMicrodeposits *VerifyWithMicrodeposits `json:"verify_with_microdeposits"`
	// CardAwaitNotification is set for Type card_await_notification.
	CardAwaitNotification *CardAwaitNotification `json:"card_await_notification"`

	// The actions of other payment methods, as the API sends them: each
	// is set for the Type of its name.
	AlipayHandleRedirect                 map[string]any `json:"alipay_handle_redirect"`
	BlikAuthorize                        map[string]any `json:"blik_authorize"`
	BoletoDisplayDetails                 map[string]any `json:"boleto_display_details"`
	CashAppHandleRedirectOrDisplayQRCode map[string]any `json:"cashapp_handle_redirect_or_display_qr_code"`
	DisplayBankTransferInstructions      map[string]any `json:"display_bank_transfer_instructions"`
	KlarnaDisplayQRCode                  map[string]any `json:"klarna_display_qr_code"`
	KonbiniDisplayDetails                map[string]any `json:"konbini_display_details"`
	MultibancoDisplayDetails             map[string]any `json:"multibanco_display_details"`
	OXXODisplayDetails                   map[string]any `json:"oxxo_display_details"`
	PayNowDisplayQRCode                  map[string]any `json:"paynow_display_qr_code"`
	PixDisplayQRCode                     map[string]any `json:"pix_display_qr_code"`
	PromptPayDisplayQRCode               map[string]any `json:"promptpay_display_qr_code"`
	SwishHandleRedirectOrDisplayQRCode   map[string]any `json:"swish_handle_redirect_or_display_qr_code"`
	UPIHandleRedirectOrDisplayQRCode     map[string]any `json:"upi_handle_redirect_or_display_qr_code"`
	WeChatPayDisplayQRCode               map[string]any `json:"wechat_pay_display_qr_code"`
	WeChatPayRedirectToAndroidApp        map[string]any `json:"wechat_pay_redirect_to_android_app"`
	WeChatPayRedirectToIOSApp            map[string]any `json:"wechat_pay_redirect_to_ios_app"`
}

// RedirectToURL is a next action that sends the customer's browser to URL
// to authenticate (3-D Secure, a bank's page); when they are done, they
// land on ReturnURL with the intent's id in the query.
type RedirectToURL struct {
	// URL is where to send the customer; it may carry the client secret.
	URL string `json:"url"`
	// ReturnURL is where the customer comes back to: the return_url of the
	// confirmation.
	ReturnURL string `json:"return_url"`
}

// VerifyWithMicrodeposits is a next action asking the customer to confirm
// the microdeposits sent to their bank account.
type VerifyWithMicrodeposits struct {
	// ArrivalDate is when the microdeposits should arrive, in Unix seconds.
	ArrivalDate int64 `json:"arrival_date"`
	// HostedVerificationURL is a page where the customer enters them.
	HostedVerificationURL string `json:"hosted_verification_url"`
	// MicrodepositType is amounts or descriptor_code.
	MicrodepositType string `json:"microdeposit_type"`
}

// CardAwaitNotification is a next action of a card payment the bank
// announces to the customer before it is charged.
type CardAwaitNotification struct {
	// ChargeAttemptAt is when the charge will be attempted, in Unix seconds.
	ChargeAttemptAt int64 `json:"charge_attempt_at"`
	// CustomerApprovalRequired is true when the customer must approve the
	// charge in their bank's app.
	CustomerApprovalRequired bool `json:"customer_approval_required"`
}

// The error codes of PaymentIntent, SetupIntent and PaymentMethod calls.
const (
	// ErrorCodeAuthenticationRequired: the card's bank asks for
	// authentication (3-D Secure) and the customer is off session. Bring
	// them back to authenticate (the intent is in the error; see
	// paymentintent.FromError).
	ErrorCodeAuthenticationRequired ErrorCode = "authentication_required"
	// ErrorCodePaymentIntentActionRequired: the PaymentIntent needs an
	// action (authentication) that the call does not allow, such as with
	// error_on_requires_action.
	ErrorCodePaymentIntentActionRequired ErrorCode = "payment_intent_action_required"
	// ErrorCodePaymentIntentAuthenticationFailure: the customer failed (or
	// abandoned) the authentication of a PaymentIntent.
	ErrorCodePaymentIntentAuthenticationFailure ErrorCode = "payment_intent_authentication_failure"
	// ErrorCodePaymentIntentIncompatiblePaymentMethod: the payment method
	// cannot be used with this PaymentIntent.
	ErrorCodePaymentIntentIncompatiblePaymentMethod ErrorCode = "payment_intent_incompatible_payment_method"
	// ErrorCodePaymentIntentInvalidParameter: a param is invalid for this
	// PaymentIntent.
	ErrorCodePaymentIntentInvalidParameter ErrorCode = "payment_intent_invalid_parameter"
	// ErrorCodePaymentIntentMandateInvalid: the mandate is not valid.
	ErrorCodePaymentIntentMandateInvalid ErrorCode = "payment_intent_mandate_invalid"
	// ErrorCodePaymentIntentPaymentAttemptExpired: the payment attempt
	// expired before it completed.
	ErrorCodePaymentIntentPaymentAttemptExpired ErrorCode = "payment_intent_payment_attempt_expired"
	// ErrorCodePaymentIntentPaymentAttemptFailed: the latest payment
	// attempt failed.
	ErrorCodePaymentIntentPaymentAttemptFailed ErrorCode = "payment_intent_payment_attempt_failed"
	// ErrorCodePaymentIntentUnexpectedState: the call is not allowed in the
	// PaymentIntent's status (capturing before requires_capture,
	// confirming after succeeded, ...).
	ErrorCodePaymentIntentUnexpectedState ErrorCode = "payment_intent_unexpected_state"
	// ErrorCodePaymentMethodUnactivated: the payment method type is not
	// activated on the account.
	ErrorCodePaymentMethodUnactivated ErrorCode = "payment_method_unactivated"
	// ErrorCodePaymentMethodUnexpectedState: the call is not allowed in the
	// payment method's state (attaching one already attached, say).
	ErrorCodePaymentMethodUnexpectedState ErrorCode = "payment_method_unexpected_state"
	// ErrorCodePaymentMethodInvalidParameter: a param of the payment
	// method is invalid.
	ErrorCodePaymentMethodInvalidParameter ErrorCode = "payment_method_invalid_parameter"
	// ErrorCodePaymentMethodNotAvailable: the payment method is not
	// available for this payment.
	ErrorCodePaymentMethodNotAvailable ErrorCode = "payment_method_not_available"
	// ErrorCodePaymentMethodUnsupportedType: the payment method type is
	// not supported here.
	ErrorCodePaymentMethodUnsupportedType ErrorCode = "payment_method_unsupported_type"
	// ErrorCodePaymentMethodProviderDecline: the payment method's provider
	// declined the payment.
	ErrorCodePaymentMethodProviderDecline ErrorCode = "payment_method_provider_decline"
	// ErrorCodeSetupAttemptFailed: the latest setup attempt of a
	// SetupIntent failed.
	ErrorCodeSetupAttemptFailed ErrorCode = "setup_attempt_failed"
	// ErrorCodeSetupIntentAuthenticationFailure: the customer failed (or
	// abandoned) the authentication of a SetupIntent.
	ErrorCodeSetupIntentAuthenticationFailure ErrorCode = "setup_intent_authentication_failure"
	// ErrorCodeSetupIntentInvalidParameter: a param is invalid for this
	// SetupIntent.
	ErrorCodeSetupIntentInvalidParameter ErrorCode = "setup_intent_invalid_parameter"
	// ErrorCodeSetupIntentMandateInvalid: the SetupIntent's mandate is not
	// valid.
	ErrorCodeSetupIntentMandateInvalid ErrorCode = "setup_intent_mandate_invalid"
	// ErrorCodeSetupIntentSetupAttemptExpired: the setup attempt expired
	// before it completed.
	ErrorCodeSetupIntentSetupAttemptExpired ErrorCode = "setup_intent_setup_attempt_expired"
	// ErrorCodeSetupIntentUnexpectedState: the call is not allowed in the
	// SetupIntent's status.
	ErrorCodeSetupIntentUnexpectedState ErrorCode = "setup_intent_unexpected_state"
)

// Format prints the redirect as fmt prints a struct, for every verb, with
// any client secret in its URLs redacted (a 3-D Secure URL carries the
// intent's).
func (r RedirectToURL) Format(f fmt.State, verb rune) {
	type redirectToURL RedirectToURL // no methods: fmt prints the fields
	v := redirectToURL{URL: redactClientSecrets(r.URL), ReturnURL: redactClientSecrets(r.ReturnURL)}
	fmt.Fprintf(f, fmt.FormatString(f, verb), v)
}
