package webhook

import (
	"github.com/paykit/pay/paymentintent"
	"github.com/paykit/pay/paymentmethod"
	"github.com/paykit/pay/setupintent"
)

// The event types of PaymentIntents, SetupIntents and PaymentMethods.
const (
	PaymentIntentCreated                 EventType = "payment_intent.created"
	PaymentIntentRequiresAction          EventType = "payment_intent.requires_action"
	PaymentIntentAmountCapturableUpdated EventType = "payment_intent.amount_capturable_updated"
	PaymentIntentProcessing              EventType = "payment_intent.processing"
	PaymentIntentSucceeded               EventType = "payment_intent.succeeded"
	PaymentIntentPaymentFailed           EventType = "payment_intent.payment_failed"
	PaymentIntentCanceled                EventType = "payment_intent.canceled"

	SetupIntentCreated        EventType = "setup_intent.created"
	SetupIntentRequiresAction EventType = "setup_intent.requires_action"
	SetupIntentSucceeded      EventType = "setup_intent.succeeded"
	SetupIntentSetupFailed    EventType = "setup_intent.setup_failed"
	SetupIntentCanceled       EventType = "setup_intent.canceled"

	PaymentMethodAttached EventType = "payment_method.attached"
	PaymentMethodDetached EventType = "payment_method.detached"
	PaymentMethodUpdated  EventType = "payment_method.updated"
)

// PaymentIntent decodes the event's object as a PaymentIntent, for
// payment_intent.* events. An object of another type is an error wrapping
// [ErrWrongObject].
func (e *Event) PaymentIntent() (*paymentintent.PaymentIntent, error) {
	var pi paymentintent.PaymentIntent
	if err := e.decode("payment_intent", &pi); err != nil {
		return nil, err
	}
	return &pi, nil
}

// SetupIntent decodes the event's object as a SetupIntent, for
// setup_intent.* events. An object of another type is an error wrapping
// [ErrWrongObject].
func (e *Event) SetupIntent() (*setupintent.SetupIntent, error) {
	var si setupintent.SetupIntent
	if err := e.decode("setup_intent", &si); err != nil {
		return nil, err
	}
	return &si, nil
}

// PaymentMethod decodes the event's object as a PaymentMethod, for
// payment_method.* events. An object of another type is an error wrapping
// [ErrWrongObject].
func (e *Event) PaymentMethod() (*paymentmethod.PaymentMethod, error) {
	var pm paymentmethod.PaymentMethod
	if err := e.decode("payment_method", &pm); err != nil {
		return nil, err
	}
	return &pm, nil
}
