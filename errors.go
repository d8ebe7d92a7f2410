package pay

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
)

// ErrOutcomeUnknown is matched (with errors.Is) by the error of a POST or
// DELETE that was sent but got no definitive answer: every attempt ended
// without a response, the caller's context ended after a request went out, or
// the last answer was a 5xx (or anything but a 2xx that decodes or a 4xx: a
// redirect, a success that cannot be read). The API may have carried the
// request out. Retry with the same idempotency key (ResponseInto reports
// it): the API then answers with the stored result instead of doing the work
// twice.
//
// It also holds for a POST or DELETE whose last answer was 409
// idempotency_key_in_use: another request with the same key (the first
// click of a double submit) was still being carried out, and may succeed.
//
// Every error that matches it also matches [ErrRetryLater].
var ErrOutcomeUnknown = errors.New("pay: outcome unknown: the request may have been carried out; retry with the same idempotency key")

// ErrRetryLater is matched (with errors.Is) by the error of a call that
// ended on an answer that means "not now", or on no answer at all: a 429
// (rate_limit), a 409 lock_timeout or idempotency_key_in_use, a 5xx, or a
// call that got no answer (a dropped or refused connection, a body cut
// short, the per-attempt timeout, your context ending before or during the
// call). The same request with the same idempotency key may succeed later:
// a batch job leaves it for its next pass instead of recording a failure.
// Those errors are still *Error values when the API answered (Type is often
// invalid_request_error or api_error): check ErrRetryLater before Type.
//
// It never holds for a definitive answer (a success, a decline, any other
// 4xx), for input refused before sending, or for a failure that waiting
// cannot cure (a certificate the client does not trust). Every error that
// matches [ErrOutcomeUnknown], the narrower "it may have been carried out",
// matches it too.
var ErrRetryLater = errors.New("pay: retry later: the same request with the same idempotency key may succeed later")

// ErrorType is the broad category of an API error, the "type" of the API's
// error object.
type ErrorType string

// The error types the API documents.
const (
	ErrorTypeAPI            ErrorType = "api_error"
	ErrorTypeCard           ErrorType = "card_error"
	ErrorTypeIdempotency    ErrorType = "idempotency_error"
	ErrorTypeInvalidRequest ErrorType = "invalid_request_error"
)

// ErrorCode is the short string the API gives for some errors, the "code" of
// the API's error object.
type ErrorCode string

// Common error codes. The API has more; any code it sends is kept as is.
const (
	ErrorCodeAmountTooLarge            ErrorCode = "amount_too_large"
	ErrorCodeAmountTooSmall            ErrorCode = "amount_too_small"
	ErrorCodeBalanceInsufficient       ErrorCode = "balance_insufficient"
	ErrorCodeCardDeclined              ErrorCode = "card_declined"
	ErrorCodeChargeAlreadyCaptured     ErrorCode = "charge_already_captured"
	ErrorCodeChargeAlreadyRefunded     ErrorCode = "charge_already_refunded"
	ErrorCodeChargeDisputed            ErrorCode = "charge_disputed"
	ErrorCodeChargeExpiredForCapture   ErrorCode = "charge_expired_for_capture"
	ErrorCodeCustomerMaxPaymentMethods ErrorCode = "customer_max_payment_methods"
	ErrorCodeExpiredCard               ErrorCode = "expired_card"
	ErrorCodeIdempotencyKeyInUse       ErrorCode = "idempotency_key_in_use"
	ErrorCodeIncorrectCVC              ErrorCode = "incorrect_cvc"
	ErrorCodeIncorrectNumber           ErrorCode = "incorrect_number"
	ErrorCodeIncorrectZip              ErrorCode = "incorrect_zip"
	ErrorCodeInvalidCVC                ErrorCode = "invalid_cvc"
	ErrorCodeInvalidExpiryMonth        ErrorCode = "invalid_expiry_month"
	ErrorCodeInvalidExpiryYear         ErrorCode = "invalid_expiry_year"
	ErrorCodeInvalidNumber             ErrorCode = "invalid_number"
	ErrorCodeLockTimeout               ErrorCode = "lock_timeout"
	ErrorCodeMissing                   ErrorCode = "missing"
	ErrorCodeParameterInvalidEmpty     ErrorCode = "parameter_invalid_empty"
	ErrorCodeParameterInvalidInteger   ErrorCode = "parameter_invalid_integer"
	ErrorCodeParameterInvalidString    ErrorCode = "parameter_invalid_string_blank"
	ErrorCodeParameterMissing          ErrorCode = "parameter_missing"
	ErrorCodeParameterUnknown          ErrorCode = "parameter_unknown"
	ErrorCodeProcessingError           ErrorCode = "processing_error"
	ErrorCodeRateLimit                 ErrorCode = "rate_limit"
	ErrorCodeResourceMissing           ErrorCode = "resource_missing"
	ErrorCodeSecretKeyRequired         ErrorCode = "secret_key_required"
	ErrorCodeTokenAlreadyUsed          ErrorCode = "token_already_used"
)

// DeclineCode is the card issuer's reason for a decline, the "decline_code"
// of a card_error.
type DeclineCode string

// Common decline codes.
const (
	DeclineCodeAuthenticationRequired DeclineCode = "authentication_required"
	DeclineCodeCallIssuer             DeclineCode = "call_issuer"
	DeclineCodeCardNotSupported       DeclineCode = "card_not_supported"
	DeclineCodeCardVelocityExceeded   DeclineCode = "card_velocity_exceeded"
	DeclineCodeDoNotHonor             DeclineCode = "do_not_honor"
	DeclineCodeExpiredCard            DeclineCode = "expired_card"
	DeclineCodeFraudulent             DeclineCode = "fraudulent"
	DeclineCodeGenericDecline         DeclineCode = "generic_decline"
	DeclineCodeIncorrectCVC           DeclineCode = "incorrect_cvc"
	DeclineCodeIncorrectNumber        DeclineCode = "incorrect_number"
	DeclineCodeInsufficientFunds      DeclineCode = "insufficient_funds"
	DeclineCodeInvalidAccount         DeclineCode = "invalid_account"
	DeclineCodeLostCard               DeclineCode = "lost_card"
	DeclineCodePickupCard             DeclineCode = "pickup_card"
	DeclineCodeProcessingError        DeclineCode = "processing_error"
	DeclineCodeStolenCard             DeclineCode = "stolen_card"
	DeclineCodeTryAgainLater          DeclineCode = "try_again_later"
)

// Error is an API failure, or input rejected before anything was sent.
// Every failed call that reached the API, and every call refused before
// sending, returns an *Error; use errors.As to reach it.
//
// Every string in it that came from the network is one line, bounded, and
// free of the secret key.
type Error struct {
	Type        ErrorType   `json:"type"`
	Code        ErrorCode   `json:"code"`
	DeclineCode DeclineCode `json:"decline_code"`
	Message     string      `json:"message"`
	Param       string      `json:"param"`
	DocURL      string      `json:"doc_url"`
	// AdviceCode is the API's advice for a declined card
	// ("try_again_later", "do_not_try_again", ...).
	AdviceCode string `json:"advice_code"`
	// NetworkAdviceCode and NetworkDeclineCode are the card network's own
	// codes for a decline.
	NetworkAdviceCode  string `json:"network_advice_code"`
	NetworkDeclineCode string `json:"network_decline_code"`
	// RequestLogURL links to the request in the dashboard's logs.
	RequestLogURL string `json:"request_log_url"`
	// ChargeID is the failed charge, for card errors.
	ChargeID string `json:"charge"`
	// PaymentIntentID, PaymentMethodID, SetupIntentID and SourceID name the
	// objects the error is about, when the API's error object includes them.
	PaymentIntentID string `json:"-"`
	PaymentMethodID string `json:"-"`
	SetupIntentID   string `json:"-"`
	SourceID        string `json:"-"`
	// PaymentMethodType is the type of the payment method the error is
	// about ("card", ...), when the API says.
	PaymentMethodType string `json:"payment_method_type"`
	// RequestID is the API's Request-Id for the last attempt.
	RequestID string `json:"-"`
	// StatusCode is the HTTP status of the last attempt; 0 when nothing was sent.
	StatusCode int `json:"-"`
	// Attempts is how many requests were sent (0 when none was).
	Attempts int `json:"-"`

	cause error
	// unknown marks the error of a POST or DELETE whose outcome is not
	// known: see ErrOutcomeUnknown.
	unknown bool
	// later marks an answer that means "not now": see ErrRetryLater.
	later bool
	// embedded are the objects the error embeds, for Embedded.
	embedded *embeddedObjects
}

// Error returns a one-line description: type, message, and the fields that
// help a developer act on it. Control characters are escaped.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("pay: ")
	if e.Type != "" {
		b.WriteString(oneLine(string(e.Type)))
	} else {
		b.WriteString("error")
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(oneLine(e.Message))
	}
	sep := " ("
	field := func(k, v string) {
		if v == "" {
			return
		}
		b.WriteString(sep)
		sep = ", "
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(oneLine(v))
	}
	field("code", string(e.Code))
	field("decline_code", string(e.DeclineCode))
	field("advice_code", e.AdviceCode)
	field("param", e.Param)
	field("charge", e.ChargeID)
	if e.StatusCode != 0 {
		field("status", strconv.Itoa(e.StatusCode))
	}
	field("request_id", e.RequestID)
	if e.Attempts > 1 {
		field("attempts", strconv.Itoa(e.Attempts))
	}
	if e.unknown {
		field("outcome", "unknown")
	}
	if sep == ", " {
		b.WriteByte(')')
	}
	return b.String()
}

// Unwrap returns the underlying cause, such as a JSON syntax error for a
// response that could not be decoded, or the context's error when it ended
// the call, or nil.
func (e *Error) Unwrap() error { return e.cause }

// Is reports whether e matches ErrOutcomeUnknown (a POST or DELETE whose
// last answer was a 5xx, a redirect, a success that could not be read, or
// idempotency_key_in_use) or ErrRetryLater (an answer that means "not now").
func (e *Error) Is(target error) bool {
	switch target {
	case ErrOutcomeUnknown:
		return e.unknown
	case ErrRetryLater:
		return e.later || e.unknown
	}
	return false
}

// retryLater reports whether an answer with this status and code means "not
// now": the same request may succeed later.
func retryLater(status int, code ErrorCode) bool {
	switch {
	case status == http.StatusTooManyRequests, status >= 500:
		return true
	case status == http.StatusConflict:
		return code == ErrorCodeLockTimeout || code == ErrorCodeIdempotencyKeyInUse
	}
	return false
}

// invalidParam returns the error for input that can never be valid: nothing
// is sent.
func invalidParam(param string, code ErrorCode, msg string) *Error {
	return &Error{Type: ErrorTypeInvalidRequest, Code: code, Param: param, Message: msg}
}

// causes wraps several errors, shown on one line.
type causes []error

func (c causes) Error() string {
	var b strings.Builder
	for i, err := range c {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(err.Error())
	}
	return b.String()
}

func (c causes) Unwrap() []error { return c }
