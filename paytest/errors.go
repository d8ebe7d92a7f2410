package paytest

import (
	"fmt"
	"net/http"
	"strings"
)

// apiError is the API's error object, written as {"error": {...}}.
type apiError struct {
	status      int
	Charge      string `json:"charge,omitempty"`
	Code        string `json:"code,omitempty"`
	DeclineCode string `json:"decline_code,omitempty"`
	DocURL      string `json:"doc_url,omitempty"`
	Message     string `json:"message"`
	Param       string `json:"param,omitempty"`
	Type        string `json:"type"`
	// The objects a card error embeds: the intent it is about, and the
	// payment method that failed.
	PaymentIntent any `json:"payment_intent,omitempty"`
	PaymentMethod any `json:"payment_method,omitempty"`
	SetupIntent   any `json:"setup_intent,omitempty"`
}

func (e *apiError) Error() string { return e.Type + ": " + e.Message }

func docURL(code string) string {
	if code == "" {
		return ""
	}
	return "https://stripe.com/docs/error-codes/" + strings.ReplaceAll(code, "_", "-")
}

func invalidRequest(status int, code, param, msg string) *apiError {
	return &apiError{status: status, Type: "invalid_request_error", Code: code, Param: param, Message: msg, DocURL: docURL(code)}
}

func errUnknownParam(name string) *apiError {
	return invalidRequest(400, "parameter_unknown", name, "Received unknown parameter: "+name)
}

func errMissingParam(name string) *apiError {
	return invalidRequest(400, "parameter_missing", name, "Missing required param: "+name+".")
}

func errInvalidInteger(name, v string) *apiError {
	return invalidRequest(400, "parameter_invalid_integer", name, "Invalid integer: "+v)
}

// errNoSuch is a missing object named in the path (404, param id) or in a
// param (400, that param), as the API reports them.
func errNoSuch(kind, id, param string) *apiError {
	status := 400
	if param == "id" {
		status = 404
	}
	return invalidRequest(status, "resource_missing", param, fmt.Sprintf("No such %s: '%s'", kind, id))
}

func errNotFound(method, path string) *apiError {
	return &apiError{status: 404, Type: "invalid_request_error",
		Message: fmt.Sprintf("Unrecognized request URL (%s: %s). paytest serves /v1/charges, /v1/customers, /v1/refunds, /v1/payment_intents, /v1/payment_methods, /v1/setup_intents and /v1/events.", method, path)}
}

// defaultFaultError is the body a Fault with only a Status answers with.
func defaultFaultError(status int) *apiError {
	switch {
	case status == 400:
		return invalidRequest(status, "", "", "Bad request (injected by paytest).")
	case status == 401:
		return &apiError{status: status, Type: "invalid_request_error", Message: "Invalid API Key provided (injected by paytest)."}
	case status == 402:
		return &apiError{status: status, Type: "card_error", Code: "card_declined", DeclineCode: "generic_decline",
			Message: "Your card was declined.", DocURL: docURL("card_declined")}
	case status == 404:
		return invalidRequest(status, "resource_missing", "", "No such object (injected by paytest).")
	case status == 409:
		return invalidRequest(status, "lock_timeout", "",
			"This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request.")
	case status == 429:
		return invalidRequest(status, "rate_limit", "",
			"Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.")
	case status >= 500:
		return &apiError{status: status, Type: "api_error",
			Message: "An unknown error occurred (injected by paytest)."}
	default:
		return invalidRequest(status, "", "", http.StatusText(status)+" (injected by paytest).")
	}
}
