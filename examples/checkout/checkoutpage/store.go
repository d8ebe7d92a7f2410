package checkoutpage

import (
	"context"
	"errors"
)

// A Store keeps the orders and the ids of the webhook events applied to
// them, so that a restart of the page loses no order and applies no event
// twice. [OpenSQLite] is one, in a SQLite file; a shop puts the same
// methods on its own database. Every method is safe for concurrent use.
type Store interface {
	// Open records order id awaiting payment, unless it exists: a form
	// submitted again keeps its order and the order's state. It is called
	// before the payment is made, and the payment is not made when it fails.
	Open(ctx context.Context, id string) error
	// Charged records the charge the create call returned for order id,
	// if the order knows none yet. It does not change the state: that is
	// for events.
	Charged(ctx context.Context, id string, p Payment) error
	// Get returns order id; ok is false when there is none.
	Get(ctx context.Context, id string) (o Order, ok bool, err error)
	// Apply applies the event c describes, in one transaction: it remembers
	// c.EventID and moves the order as [Order.Apply] says, or does nothing
	// when the id was remembered before (Duplicate). The order is returned
	// as it now is. An error leaves both unchanged, so that the event,
	// delivered again, is applied then.
	Apply(ctx context.Context, c Change) (Order, Outcome, error)
}

// Payment is what an order learns of its charge.
type Payment struct {
	// Charge is the charge's id; a PaymentIntent's event may come before
	// its charge is known, with Charge empty.
	Charge   string
	Amount   int64
	Currency string
}

// Change is what a verified webhook event asks of an order: move order
// OrderID (the charge's metadata order_id) to state To, with its payment.
type Change struct {
	EventID string
	OrderID string
	To      OrderState
	Payment
}

// Outcome is what an event did to the store.
type Outcome int

// The outcomes of [Store.Apply].
const (
	Duplicate    Outcome = iota // its id was applied before
	UnknownOrder                // no order_id, or no such order
	OtherCharge                 // the order has another charge
	Unchanged                   // the order is already at or past the event's state
	Moved                       // the order's state changed
)

func (oc Outcome) String() string {
	names := [...]string{"duplicate", "unknown order", "another charge", "unchanged", "moved"}
	if oc < 0 || int(oc) >= len(names) {
		return "unknown outcome"
	}
	return names[oc]
}

// Apply moves o as c asks and says what it did (Unchanged, OtherCharge or
// Moved): one order has one charge, and its state only moves forward, so
// that an event that arrives late or out of order changes nothing. Every
// Store applies events by this rule.
func (o *Order) Apply(c Change) Outcome {
	if o.Charge != "" && c.Charge != "" && o.Charge != c.Charge {
		// One order, one charge: the idempotency key sees to it. Another
		// charge naming this order was made elsewhere (the dashboard).
		return OtherCharge
	}
	if c.Charge != "" {
		o.Charge = c.Charge
	}
	o.Amount, o.Currency = c.Amount, c.Currency
	if c.To.rank() <= o.State.rank() {
		return Unchanged
	}
	o.State, o.Event = c.To, c.EventID
	return Moved
}

// errNoStore is New's error for a nil Store.
var errNoStore = errors.New("checkoutpage: New needs a Store for the orders (OpenSQLite)")
