package checkoutpage

import (
	"context"
	"encoding/json"
	"net/http"

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
	return s.apply(ctx, ev, "charge", ch.ID, Change{EventID: ev.ID, OrderID: ch.Metadata["order_id"], To: to,
		Payment: Payment{Charge: ch.ID, Amount: ch.Amount, Currency: ch.Currency}})
}

// apply applies the change ev asks for (about the object objID, of kind
// "charge" or "payment_intent") and fulfils the order it marks paid. An
// error (the store failed) answers 500: the API sends the event again, and
// it is applied then, once.
func (s *server) apply(ctx context.Context, ev *webhook.Event, kind, objID string, c Change) error {
	ord, oc, err := s.store.Apply(ctx, c)
	if err != nil {
		s.log.ErrorContext(ctx, "checkout: webhook event not applied", "event", ev.ID, "type", ev.Type, kind, objID, "err", err)
		return err
	}
	s.log.InfoContext(ctx, "checkout: webhook event", "event", ev.ID, "type", ev.Type, kind, objID,
		"order", ord.ID, "state", ord.State, "outcome", oc.String())
	// After the commit: the event is applied once, so the order is
	// fulfilled once. A crash between the two loses the call, never
	// doubles it; a shop that must not lose it queues the work in the
	// same transaction as the state (an outbox).
	if oc == Moved && c.To == OrderPaid && s.fulfil != nil {
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
	c := Change{EventID: ev.ID, OrderID: pi.Metadata["order_id"], To: to, Payment: Payment{Amount: pi.Amount, Currency: pi.Currency}}
	if pi.LatestCharge != nil {
		c.Charge = pi.LatestCharge.ID
	}
	return s.apply(ctx, ev, "payment_intent", pi.ID, c)
}

// orderPage serves GET /orders/{id}: the order's state, for the shopper.
// While the order awaits payment the page reloads itself every few
// seconds.
func (s *server) orderPage(w http.ResponseWriter, r *http.Request) {
	ord, ok, err := s.store.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		s.storeFailed(w, r, err)
		return
	}
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
	ord, ok, err := s.store.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		s.log.ErrorContext(r.Context(), "checkout: order store", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"error":"the orders cannot be read now; try again"}` + "\n"))
		return
	}
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

// storeFailed answers 503 when the order store cannot be read or written:
// nothing was charged, and the same request later is safe.
func (s *server) storeFailed(w http.ResponseWriter, r *http.Request, err error) {
	s.log.ErrorContext(r.Context(), "checkout: order store", "err", err)
	http.Error(w, "the orders cannot be read or written now; try again in a moment", http.StatusServiceUnavailable)
}

// paymentOf is what an order learns of ch.
func paymentOf(ch *charge.Charge) Payment {
	return Payment{Charge: ch.ID, Amount: ch.Amount, Currency: ch.Currency}
}

// order returns order id for a page about it, nil when it cannot be read.
func (s *server) order(ctx context.Context, id string) *orderInfo {
	ord, ok, err := s.store.Get(ctx, id)
	if err != nil {
		s.log.ErrorContext(ctx, "checkout: order store", "order", id, "err", err)
	}
	if !ok {
		return nil
	}
	return orderView(ord)
}
