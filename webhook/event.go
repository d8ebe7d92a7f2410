package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/refund"
)

// EventType names what happened, such as "charge.succeeded".
type EventType string

// The event types that concern charges, customers and refunds.
const (
	ChargeSucceeded EventType = "charge.succeeded"
	ChargeFailed    EventType = "charge.failed"
	ChargePending   EventType = "charge.pending"
	ChargeCaptured  EventType = "charge.captured"
	ChargeUpdated   EventType = "charge.updated"
	ChargeRefunded  EventType = "charge.refunded"
	ChargeExpired   EventType = "charge.expired"

	CustomerCreated EventType = "customer.created"
	CustomerUpdated EventType = "customer.updated"
	CustomerDeleted EventType = "customer.deleted"

	RefundCreated EventType = "refund.created"
	RefundUpdated EventType = "refund.updated"
	RefundFailed  EventType = "refund.failed"
)

// ErrWrongObject is returned (wrapped) by [Event.Charge], [Event.Customer]
// and [Event.Refund] when the event's object is of another type.
var ErrWrongObject = errors.New("webhook: the event's object is of another type")

// Event is an event object: something that happened in the account, with
// the object it happened to as it was at that moment.
type Event struct {
	ID string `json:"id"`
	// Object is the object type, "event".
	Object string    `json:"object"`
	Type   EventType `json:"type"`
	// Created is when the event happened, in Unix seconds.
	Created  int64 `json:"created"`
	Livemode bool  `json:"livemode"`
	// APIVersion is the API version Data.Object is rendered in.
	APIVersion string `json:"api_version"`
	// Account is the connected account the event happened in, for Connect
	// endpoints; empty otherwise.
	Account string `json:"account"`
	// PendingWebhooks is how many endpoints had not yet acknowledged the
	// event when it was sent or read.
	PendingWebhooks int64 `json:"pending_webhooks"`
	// Request is the API request that caused the event; nil for events
	// with no request behind them (automatic ones, such as a payout).
	Request *EventRequest `json:"request"`
	Data    EventData     `json:"data"`
}

// EventRequest names the API request behind an event.
type EventRequest struct {
	// ID is the request's id (the Request-Id response header); empty when
	// the change was made in the dashboard.
	ID string `json:"id"`
	// IdempotencyKey is the idempotency key the request was sent with,
	// empty if none: a backend can tell its own calls' events by it.
	IdempotencyKey string `json:"idempotency_key"`
}

// UnmarshalJSON decodes the request object, or the bare request id that
// API versions before 2017-05-25 sent.
func (r *EventRequest) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		*r = EventRequest{}
		return json.Unmarshal(b, &r.ID)
	}
	type plain EventRequest
	return json.Unmarshal(b, (*plain)(r))
}

// EventData holds the object an event is about.
type EventData struct {
	// Object is the object as it was when the event happened, undecoded:
	// decode it with [Event.Charge], [Event.Customer], [Event.Refund], or
	// json.Unmarshal for other types.
	Object json.RawMessage `json:"object"`
	// PreviousAttributes holds, for *.updated events, the old values of
	// the top-level fields that changed.
	PreviousAttributes map[string]any `json:"previous_attributes"`
}

// ObjectType returns the type of the event's object ("charge",
// "customer", "refund", ...), or "" when it has none.
func (e *Event) ObjectType() string {
	var head struct {
		Object string `json:"object"`
	}
	if json.Unmarshal(e.Data.Object, &head) != nil {
		return ""
	}
	return head.Object
}

// Charge decodes the event's object as a charge, for charge.* events.
// An object of another type is an error wrapping [ErrWrongObject].
func (e *Event) Charge() (*charge.Charge, error) {
	var ch charge.Charge
	if err := e.decode("charge", &ch); err != nil {
		return nil, err
	}
	return &ch, nil
}

// Customer decodes the event's object as a customer, for customer.*
// events. An object of another type is an error wrapping [ErrWrongObject].
func (e *Event) Customer() (*customer.Customer, error) {
	var cu customer.Customer
	if err := e.decode("customer", &cu); err != nil {
		return nil, err
	}
	return &cu, nil
}

// Refund decodes the event's object as a refund, for refund.* events.
// An object of another type is an error wrapping [ErrWrongObject].
func (e *Event) Refund() (*refund.Refund, error) {
	var re refund.Refund
	if err := e.decode("refund", &re); err != nil {
		return nil, err
	}
	return &re, nil
}

func (e *Event) decode(want string, v any) error {
	if got := e.ObjectType(); got != want {
		return fmt.Errorf("%w: event %s holds %s, not a %s", ErrWrongObject, short(e.ID), describe(got), want)
	}
	if err := json.Unmarshal(e.Data.Object, v); err != nil {
		return fmt.Errorf("webhook: event %s: decoding its %s: %w", short(e.ID), want, err)
	}
	return nil
}

// decodeEvent decodes a verified payload. The payload is authentic, but a
// decoding error still says nothing beyond encoding/json's short message.
func decodeEvent(payload []byte) (*Event, error) {
	var ev Event
	if err := json.Unmarshal(payload, &ev); err != nil {
		return nil, fmt.Errorf("webhook: the signed payload is not an event: %w", err)
	}
	if ev.Object != "" && ev.Object != "event" {
		return nil, fmt.Errorf("webhook: the signed payload is %s, not an event", describe(ev.Object))
	}
	if ev.ID == "" || ev.Type == "" {
		return nil, errors.New("webhook: the signed payload is not an event: no id or type")
	}
	return &ev, nil
}

// short bounds a string taken from a payload before it goes in an error.
func short(s string) string {
	const max = 64
	if len(s) > max {
		s = s[:max] + "..."
	}
	return strconv.Quote(s)
}

func describe(object string) string {
	if object == "" {
		return "no object type"
	}
	return "a " + short(object)
}
