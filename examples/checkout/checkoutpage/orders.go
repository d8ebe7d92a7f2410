package checkoutpage

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"

	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/webhook"
)

// OrderState is where an order stands.
type OrderState string

// The states of an order. An order starts awaiting payment when its form
// is submitted; only a verified event moves it on.
const (
	// OrderAwaitingPayment: the form was submitted; no event about its
	// charge has arrived yet.
	OrderAwaitingPayment OrderState = "awaiting_payment"
	// OrderPaid: a charge.succeeded event arrived for its charge. This is
	// when a shop ships.
	OrderPaid OrderState = "paid"
	// OrderFailed: a charge.failed event arrived (the card was declined).
	OrderFailed OrderState = "failed"
	// OrderRefunded: a charge.refunded event arrived for a charge refunded
	// in full.
	OrderRefunded OrderState = "refunded"
)

// rank orders the states: an event moves an order only forward, so events
// that arrive late or out of order change nothing.
func (s OrderState) rank() int {
	switch s {
	case OrderPaid, OrderFailed:
		return 1
	case OrderRefunded:
		return 2
	}
	return 0
}

// label is what the pages show for the state.
func (s OrderState) label() string {
	switch s {
	case OrderPaid:
		return "Paid"
	case OrderFailed:
		return "Payment failed"
	case OrderRefunded:
		return "Refunded"
	}
	return "Awaiting confirmation"
}

// Order is one checkout attempt, named by the attempt id of its form's
// nonce, as GET /api/orders/{id} serves it.
type Order struct {
	// ID is the checkout attempt's id; charges carry it in their metadata
	// as order_id.
	ID    string     `json:"id"`
	State OrderState `json:"state"`
	// Charge is the id of the order's charge, once known from the create
	// response or an event.
	Charge string `json:"charge,omitempty"`
	// Amount and Currency are the charge's.
	Amount   int64  `json:"amount,omitempty"`
	Currency string `json:"currency,omitempty"`
	// Event is the id of the event that last changed the state.
	Event string `json:"event,omitempty"`
}

// maxSeenEvents bounds the event ids remembered for deduplication. The API
// redelivers within days, and a delivery after the id is forgotten still
// changes nothing: states only move forward.
const maxSeenEvents = 10000

// orders is the in-memory order store. A shop keeps orders in its
// database; this one is lost when the process ends.
type orders struct {
	mu       sync.Mutex
	byID     map[string]*Order
	seen     map[string]bool // event ids handled
	seenFIFO []string        // the same ids, oldest first, for eviction
}

func newOrders() *orders {
	return &orders{byID: map[string]*Order{}, seen: map[string]bool{}}
}

// open records order id, awaiting payment, unless it exists: a form
// submitted again keeps its order and the order's state.
func (o *orders) open(id string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.byID[id] == nil {
		o.byID[id] = &Order{ID: id, State: OrderAwaitingPayment}
	}
}

// charged records the charge the create call returned for order id, if
// the order knows none yet. It does not change the state: that is for
// events.
func (o *orders) charged(id string, ch *charge.Charge) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if ord := o.byID[id]; ord != nil && ord.Charge == "" {
		ord.Charge, ord.Amount, ord.Currency = ch.ID, ch.Amount, ch.Currency
	}
}

// get returns a copy of order id.
func (o *orders) get(id string) (Order, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if ord := o.byID[id]; ord != nil {
		return *ord, true
	}
	return Order{}, false
}

// outcome is what an event did to the store.
type outcome int

const (
	duplicate    outcome = iota // its id was handled before
	unknownOrder                // no order_id, or no such order
	otherCharge                 // the order has another charge
	unchanged                   // the order is already at or past the event's state
	moved                       // the order's state changed
)

func (oc outcome) String() string {
	return [...]string{"duplicate", "unknown order", "another charge", "unchanged", "moved"}[oc]
}

// apply applies event evID, of type to, about charge ch: it moves the
// charge's order (metadata order_id) to state to. It returns the order as
// it now is and what happened.
func (o *orders) apply(evID string, to OrderState, ch *charge.Charge) (Order, outcome) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.seen[evID] {
		return Order{}, duplicate
	}
	o.remember(evID)
	ord := o.byID[ch.Metadata["order_id"]]
	switch {
	case ord == nil:
		return Order{}, unknownOrder
	case ord.Charge != "" && ord.Charge != ch.ID:
		// One order, one charge: the idempotency key sees to it. Another
		// charge naming this order was made elsewhere (the dashboard).
		return *ord, otherCharge
	}
	ord.Charge, ord.Amount, ord.Currency = ch.ID, ch.Amount, ch.Currency
	if to.rank() <= ord.State.rank() {
		return *ord, unchanged
	}
	ord.State, ord.Event = to, evID
	return *ord, moved
}

// remember records an event id, forgetting the oldest beyond maxSeenEvents.
func (o *orders) remember(evID string) {
	o.seen[evID] = true
	o.seenFIFO = append(o.seenFIFO, evID)
	if len(o.seenFIFO) > maxSeenEvents {
		delete(o.seen, o.seenFIFO[0])
		o.seenFIFO[0] = ""
		o.seenFIFO = o.seenFIFO[1:]
	}
}

// event handles a verified webhook event: charge.succeeded marks the
// charge's order paid, charge.failed failed, charge.refunded (in full)
// refunded; every other event is acknowledged and ignored. An error
// answers 500, so the API sends the event again.
func (s *server) event(ctx context.Context, ev *webhook.Event) error {
	var to OrderState
	switch ev.Type {
	case webhook.ChargeSucceeded:
		to = OrderPaid
	case webhook.ChargeFailed:
		to = OrderFailed
	case webhook.ChargeRefunded:
		to = OrderRefunded
	case webhook.PaymentIntentSucceeded, webhook.PaymentIntentPaymentFailed:
		return s.intentEvent(ctx, ev)
	default:
		return nil
	}
	ch, err := ev.Charge()
	if err != nil {
		s.log.ErrorContext(ctx, "checkout: webhook event without a charge", "event", ev.ID, "type", ev.Type, "err", err)
		return err
	}
	if to == OrderRefunded && !ch.Refunded {
		return nil // a partial refund: the order stays paid
	}
	ord, oc := s.orders.apply(ev.ID, to, ch)
	s.log.InfoContext(ctx, "checkout: webhook event", "event", ev.ID, "type", ev.Type, "charge", ch.ID,
		"order", ord.ID, "state", ord.State, "outcome", oc.String())
	if oc == moved && to == OrderPaid && s.fulfil != nil {
		s.fulfil(ctx, ord)
	}
	return nil
}

// intentEvent handles payment_intent.succeeded (the order is paid) and
// payment_intent.payment_failed (failed, unless a later attempt pays it:
// states only move forward, and failed and paid rank the same, so the
// first of them stands; a shopper who fails 3-D Secure and pays again
// does so on a new form, a new order).
func (s *server) intentEvent(ctx context.Context, ev *webhook.Event) error {
	pi, err := ev.PaymentIntent()
	if err != nil {
		s.log.ErrorContext(ctx, "checkout: webhook event without a PaymentIntent", "event", ev.ID, "type", ev.Type, "err", err)
		return err
	}
	to := OrderPaid
	if ev.Type == webhook.PaymentIntentPaymentFailed {
		to = OrderFailed
	}
	// The order is the intent's; its charge, when it has one, the latest.
	ch := &charge.Charge{Amount: pi.Amount, Currency: pi.Currency, Metadata: pi.Metadata}
	if pi.LatestCharge != nil {
		ch.ID = pi.LatestCharge.ID
	}
	ord, oc := s.orders.apply(ev.ID, to, ch)
	s.log.InfoContext(ctx, "checkout: webhook event", "event", ev.ID, "type", ev.Type, "payment_intent", pi.ID,
		"order", ord.ID, "state", ord.State, "outcome", oc.String())
	if oc == moved && to == OrderPaid && s.fulfil != nil {
		s.fulfil(ctx, ord)
	}
	return nil
}

// orderPage serves GET /orders/{id}: the order's state, for the shopper.
// While the order awaits payment the page reloads itself every few
// seconds.
func (s *server) orderPage(w http.ResponseWriter, r *http.Request) {
	ord, ok := s.orders.get(r.PathValue("id"))
	if !ok {
		s.render(w, http.StatusNotFound, &page{Kind: "no-order", Title: "No such order", Fake: s.fake})
		return
	}
	p := &page{Kind: "order", Title: "Order " + ord.State.label(), Fake: s.fake, Order: orderView(ord)}
	if ord.State == OrderAwaitingPayment {
		p.Refresh = orderRefresh
	}
	s.render(w, http.StatusOK, p)
}

// orderRefresh is how often, in seconds, the order page reloads while the
// order awaits payment.
const orderRefresh = 1

// orderJSON serves GET /api/orders/{id}: the order as JSON, or 404.
func (s *server) orderJSON(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	ord, ok := s.orders.get(r.PathValue("id"))
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"error":"no such order"}` + "\n"))
		return
	}
	_ = json.NewEncoder(w).Encode(ord)
}

// orderInfo is what the pages show of an order.
type orderInfo struct {
	ID, State, Label string
}

func orderView(o Order) *orderInfo {
	return &orderInfo{ID: o.ID, State: string(o.State), Label: o.State.label()}
}
