package paytest

import (
	"bytes"
	"encoding/json"
	"path"
	"reflect"
	"slices"
	"sync/atomic"

	"github.com/paykit/pay"
)

// event is an emitted event. Everything but pending is fixed once emitted,
// so delivery renders it without the store's lock.
type event struct {
	id           string
	seq, created int64
	typ          string
	object       json.RawMessage // the object as it was, unexpanded
	prev         map[string]any  // previous_attributes, for *.updated
	reqID, idem  string
	account      string // the connected account (Stripe-Account), "" for the key's own
	// pending counts the endpoints that have not acknowledged the event.
	pending atomic.Int64
}

func (e *event) ident() (string, int64, int64) { return e.id, e.seq, e.created }

type eventJSON struct {
	ID              string           `json:"id"`
	Object          string           `json:"object"`
	Account         string           `json:"account,omitempty"`
	APIVersion      string           `json:"api_version"`
	Created         int64            `json:"created"`
	Data            eventDataJSON    `json:"data"`
	Livemode        bool             `json:"livemode"`
	PendingWebhooks int64            `json:"pending_webhooks"`
	Request         eventRequestJSON `json:"request"`
	Type            string           `json:"type"`
}

type eventDataJSON struct {
	Object             json.RawMessage `json:"object"`
	PreviousAttributes map[string]any  `json:"previous_attributes,omitempty"`
}

type eventRequestJSON struct {
	ID             *string `json:"id"`
	IdempotencyKey *string `json:"idempotency_key"`
}

func (e *event) json() *eventJSON {
	return &eventJSON{
		ID: e.id, Object: "event", Account: e.account, APIVersion: pay.APIVersion, Created: e.created,
		Data:            eventDataJSON{Object: e.object, PreviousAttributes: e.prev},
		PendingWebhooks: e.pending.Load(),
		Request:         eventRequestJSON{ID: optStr(e.reqID), IdempotencyKey: optStr(e.idem)},
		Type:            e.typ,
	}
}

// render is the event as the API sends and serves it, without the final
// newline.
func (e *event) render() json.RawMessage { return bytes.TrimSpace(marshal(e.json())) }

// eventType is an event's type. Every type paytest emits is a constant
// here; routes declare the ones their handler may emit.
type eventType string

const (
	evChargeSucceeded eventType = "charge.succeeded"
	evChargeFailed    eventType = "charge.failed"
	evChargeCaptured  eventType = "charge.captured"
	evChargeUpdated   eventType = "charge.updated"
	evChargeRefunded  eventType = "charge.refunded"
	evCustomerCreated eventType = "customer.created"
	evCustomerUpdated eventType = "customer.updated"
	evCustomerDeleted eventType = "customer.deleted"
	evRefundCreated   eventType = "refund.created"
	evRefundUpdated   eventType = "refund.updated"

	evPICreated                 eventType = "payment_intent.created"
	evPIRequiresAction          eventType = "payment_intent.requires_action"
	evPIAmountCapturableUpdated eventType = "payment_intent.amount_capturable_updated"
	evPISucceeded               eventType = "payment_intent.succeeded"
	evPIPaymentFailed           eventType = "payment_intent.payment_failed"
	evPICanceled                eventType = "payment_intent.canceled"
	evSICreated                 eventType = "setup_intent.created"
	evSIRequiresAction          eventType = "setup_intent.requires_action"
	evSISucceeded               eventType = "setup_intent.succeeded"
	evSISetupFailed             eventType = "setup_intent.setup_failed"
	evSICanceled                eventType = "setup_intent.canceled"
	evPaymentMethodAttached     eventType = "payment_method.attached"
	evPaymentMethodDetached     eventType = "payment_method.detached"
	evDisputeCreated            eventType = "charge.dispute.created"
	evDisputeFundsWithdrawn     eventType = "charge.dispute.funds_withdrawn"
	evDisputeUpdated            eventType = "charge.dispute.updated"
	evDisputeClosed             eventType = "charge.dispute.closed"
	evDisputeFundsReinstated    eventType = "charge.dispute.funds_reinstated"
)

// eventTypes is every eventType constant, for tests.
var eventTypes = []eventType{
	evChargeSucceeded, evChargeFailed, evChargeCaptured, evChargeUpdated, evChargeRefunded,
	evCustomerCreated, evCustomerUpdated, evCustomerDeleted, evRefundCreated, evRefundUpdated,
	evPICreated, evPIRequiresAction, evPIAmountCapturableUpdated, evPISucceeded, evPIPaymentFailed, evPICanceled,
	evSICreated, evSIRequiresAction, evSISucceeded, evSISetupFailed, evSICanceled,
	evPaymentMethodAttached, evPaymentMethodDetached,
	evDisputeCreated, evDisputeFundsWithdrawn, evDisputeUpdated, evDisputeClosed, evDisputeFundsReinstated,
}

// eventLog is the store's events, oldest first, and where they go.
type eventLog struct {
	table[*event]
	out   *delivery // the server's; nil until a webhook endpoint is added
	every *[]*event // every account's events, in order: the server's
}

// emit records an event of type typ about obj (an object's JSON shape, as
// its shape func renders it unexpanded), with previous_attributes prev
// (nil but for *.updated). It names the request being handled (st.req),
// so it is called inside a handler or the logic functions it calls, under
// Server.mu: a replayed idempotent request, which runs no handler, emits
// nothing. typ must be one the route declares.
func (st *store) emit(typ eventType, obj any, prev map[string]any) {
	raw, err := json.Marshal(obj)
	if err != nil || string(raw) == "null" {
		return
	}
	e := &event{id: st.newID("evt_"), typ: string(typ), object: raw, prev: prev}
	if req := st.req; req != nil {
		e.reqID, e.idem, e.account = req.id, req.idem, req.acct.connected
		if req.route != nil && !slices.Contains(req.route.events, typ) && req.undeclared == "" {
			req.undeclared = typ
		}
	}
	e.seq, e.created = st.stamp()
	st.events.add(e)
	if st.events.every != nil {
		*st.events.every = append(*st.events.every, e)
	}
	if st.events.out != nil {
		st.events.out.enqueue(e)
	}
}

// watch snapshots the object obj returns (nil when there is none), for an
// update: the func it returns emits typ with previous_attributes if the
// object changed since. Call that on success only.
func (st *store) watch(typ eventType, obj func() any) (emitIfChanged func()) {
	old := obj()
	if isNil(old) {
		return func() {}
	}
	before := snapshot(old)
	return func() {
		cur := obj()
		if isNil(cur) {
			return
		}
		if prev := previous(before, snapshot(cur)); len(prev) > 0 {
			st.emit(typ, cur, prev)
		}
	}
}

// isNil reports whether v is nil or a nil pointer.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// snapshot is an object's JSON as a generic map, for diffs.
func snapshot(obj any) map[string]any {
	b, err := json.Marshal(obj)
	if err != nil {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	return m
}

// previous returns the API's previous_attributes: the old values of what
// changed from old to cur, recursing into hashes (metadata, address), with
// null for a key that is new.
func previous(old, cur map[string]any) map[string]any {
	out := map[string]any{}
	for k, nv := range cur {
		ov, ok := old[k]
		switch {
		case !ok:
			out[k] = nil
		case reflect.DeepEqual(ov, nv):
		default:
			om, ok1 := ov.(map[string]any)
			nm, ok2 := nv.(map[string]any)
			if ok1 && ok2 && om["object"] == nil {
				out[k] = previous(om, nm)
			} else {
				out[k] = ov
			}
		}
	}
	for k, ov := range old {
		if _, ok := cur[k]; !ok {
			out[k] = ov
		}
	}
	return out
}

// The objects events carry: unexpanded, nil when there is none (or it is
// deleted).
func (st *store) chargeObject(id string) any {
	if c, ok := st.charges.get(id); ok {
		return st.chargeJSON(c, nil)
	}
	return nil
}

func (st *store) refundObject(id string) any {
	if r, ok := st.refunds.get(id); ok {
		return st.refundJSON(r, nil)
	}
	return nil
}

func (st *store) customerObject(id string) any {
	if c, ok := st.customers.get(id); ok && !c.deleted {
		return st.customerJSON(c, nil)
	}
	return nil
}

var eventListSpec = listSpec.with(spec{"type": {}, "types": {kind: kArray}, "delivery_success": {kind: kBool}})

// eventListFilter reads the filters of GET /v1/events: type (exact, or
// with * as a wildcard: "charge.*"), types[] (any of up to 20 exact types)
// and delivery_success; the list itself does created.
func eventListFilter(_ *store, req *request) (func(*event) bool, *apiError) {
	p := req.p
	typ, hasType := p.str("type")
	types := p.list("types")
	if hasType && len(types) > 0 {
		return nil, invalidRequest(400, "", "types", "You may only specify one of these parameters: type, types.")
	}
	if len(types) > 20 {
		return nil, invalidRequest(400, "", "types", "You may pass at most 20 types.")
	}
	if _, err := path.Match(typ, ""); err != nil {
		return nil, invalidRequest(400, "", "type", "Invalid type: the wildcard pattern is malformed.")
	}
	delivered, hasDelivered := p.str("delivery_success")
	return func(ev *event) bool {
		if hasType && typ != "" {
			if ok, _ := path.Match(typ, ev.typ); !ok {
				return false
			}
		}
		if len(types) > 0 && !slices.Contains(types, ev.typ) {
			return false
		}
		return !hasDelivered || (delivered == "true") == (ev.pending.Load() == 0)
	}, nil
}

// eventShape is an event's JSON.
func eventShape(_ *store, ev *event, _ expandTree) any { return ev.json() }

// Events returns every event the server has emitted, newest first, each
// as the JSON GET /v1/events/{id} answers with.
func (s *Server) Events() []json.RawMessage {
	s.mu.Lock()
	list := append([]*event(nil), s.events...)
	s.mu.Unlock()
	out := make([]json.RawMessage, 0, len(list))
	for i := len(list) - 1; i >= 0; i-- {
		out = append(out, list[i].render())
	}
	return out
}
