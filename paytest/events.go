package paytest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"path"
	"reflect"
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

// eventLog is the store's events, oldest first, and where they go.
type eventLog struct {
	list []*event
	byID map[string]*event
	out  *delivery // the server's; nil until a webhook endpoint is added
	all  *[]*event // every account's events, in order: the server's
}

// emit records an event of type typ about obj (an object's JSON shape),
// caused by req. It runs under Server.mu, inside the handler that did the
// work, so a replayed idempotent request (which runs no handler) emits
// nothing.
func (st *store) emit(typ string, req *request, obj any, prev map[string]any) {
	raw, err := json.Marshal(obj)
	if err != nil || string(raw) == "null" {
		return
	}
	e := &event{id: newID("evt_"), typ: typ, object: raw, prev: prev, reqID: req.id, idem: req.idem, account: req.acct.connected}
	e.seq, e.created = st.stamp()
	if st.events.byID == nil {
		st.events.byID = map[string]*event{}
	}
	st.events.list = append(st.events.list, e)
	st.events.byID[e.id] = e
	if st.events.all != nil {
		*st.events.all = append(*st.events.all, e)
	}
	if st.events.out != nil {
		st.events.out.enqueue(e)
	}
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

type handlerFunc = func(*store, *request) response

// The routes whose work emits events, and how. init wraps the handlers, so
// each endpoint's code stays about the resource; a route that does not
// exist in this build is skipped.
var eventHooks = map[[2]string]func(handlerFunc) handlerFunc{
	{http.MethodPost, "charges"}:                       chargeCreated,
	{http.MethodPost, "charges/{id}"}:                  changed("charge.updated", (*store).chargeObject, 1),
	{http.MethodPost, "charges/{id}/capture"}:          chargeCaptured,
	{http.MethodPost, "refunds"}:                       refundCreated,
	{http.MethodPost, "refunds/{id}"}:                  changed("refund.updated", (*store).refundObject, 1),
	{http.MethodPost, "refunds/{id}/cancel"}:           changed("refund.updated", (*store).refundObject, 1),
	{http.MethodPost, "customers"}:                     customerCreated,
	{http.MethodPost, "customers/{id}"}:                changed("customer.updated", (*store).customerObject, 1),
	{http.MethodDelete, "customers/{id}"}:              customerDeleted,
	{http.MethodPost, "customers/{id}/sources"}:        changed("customer.updated", (*store).customerObject, 1),
	{http.MethodDelete, "customers/{id}/sources/{id}"}: changed("customer.updated", (*store).customerObject, 1),
}

// The objects events carry: unexpanded, nil when there is none (or it is
// deleted).
func (st *store) chargeObject(id string) *chargeJSON {
	if c := st.charges[id]; c != nil {
		return st.chargeJSON(c, nil)
	}
	return nil
}

func (st *store) refundObject(id string) *refundJSON {
	if r := st.refunds[id]; r != nil {
		return st.refundJSON(r, nil)
	}
	return nil
}

func (st *store) customerObject(id string) *customerJSON {
	if c := st.customers[id]; c != nil && !c.deleted {
		return st.customerJSON(c, nil)
	}
	return nil
}

// changed emits typ, with previous_attributes, when a successful request
// changed the object named by path segment seg.
func changed[T any](typ string, object func(*store, string) *T, seg int) func(handlerFunc) handlerFunc {
	return func(next handlerFunc) handlerFunc {
		return func(st *store, req *request) response {
			old := object(st, req.segs[seg])
			if old == nil {
				return next(st, req)
			}
			before := snapshot(old)
			resp := next(st, req)
			obj := object(st, req.segs[seg])
			if resp.status != http.StatusOK || obj == nil {
				return resp
			}
			if prev := previous(before, snapshot(obj)); len(prev) > 0 {
				st.emit(typ, req, obj, prev)
			}
			return resp
		}
	}
}

func chargeCreated(next handlerFunc) handlerFunc {
	return func(st *store, req *request) response {
		resp := next(st, req)
		switch resp.status {
		case http.StatusOK:
			if j, ok := resp.body.(*chargeJSON); ok {
				st.emit("charge.succeeded", req, st.chargeObject(j.ID), nil)
			}
		case http.StatusPaymentRequired:
			if m, ok := resp.body.(map[string]any); ok {
				if e, ok := m["error"].(*apiError); ok && st.charges[e.Charge] != nil {
					st.emit("charge.failed", req, st.chargeObject(e.Charge), nil)
				}
			}
		}
		return resp
	}
}

func chargeCaptured(next handlerFunc) handlerFunc {
	return func(st *store, req *request) response {
		resp := next(st, req)
		if resp.status == http.StatusOK {
			st.emit("charge.captured", req, st.chargeObject(req.segs[1]), nil)
		}
		return resp
	}
}

// refundCreated emits refund.created, then charge.refunded with the
// charge and its refunds as they now are.
func refundCreated(next handlerFunc) handlerFunc {
	return func(st *store, req *request) response {
		resp := next(st, req)
		if j, ok := resp.body.(*refundJSON); ok && resp.status == http.StatusOK {
			r := st.refunds[j.ID]
			st.emit("refund.created", req, st.refundObject(r.id), nil)
			st.emit("charge.refunded", req, st.chargeObject(r.charge), nil)
		}
		return resp
	}
}

func customerCreated(next handlerFunc) handlerFunc {
	return func(st *store, req *request) response {
		resp := next(st, req)
		if j, ok := resp.body.(*customerJSON); ok && resp.status == http.StatusOK {
			st.emit("customer.created", req, st.customerObject(j.ID), nil)
		}
		return resp
	}
}

// customerDeleted emits customer.deleted with the customer as it was.
func customerDeleted(next handlerFunc) handlerFunc {
	return func(st *store, req *request) response {
		before := st.customerObject(req.segs[1])
		resp := next(st, req)
		if before != nil && resp.status == http.StatusOK {
			st.emit("customer.deleted", req, before, nil)
		}
		return resp
	}
}

var eventListSpec = listSpec.with(spec{"type": {}, "types": {kind: kArray}, "delivery_success": {kind: kBool}})

// listEvents lists events newest first. GET /v1/events, with the filters
// type (exact, or with * as a wildcard: "charge.*"), types[] (any of up to
// 20 exact types), created and delivery_success.
func (st *store) listEvents(req *request) response {
	p := req.p
	typ, hasType := p.str("type")
	types := p.list("types")
	if hasType && len(types) > 0 {
		return errResponse(invalidRequest(400, "", "types", "You may only specify one of these parameters: type, types."))
	}
	if len(types) > 20 {
		return errResponse(invalidRequest(400, "", "types", "You may pass at most 20 types."))
	}
	if _, err := path.Match(typ, ""); err != nil {
		return errResponse(invalidRequest(400, "", "type", "Invalid type: the wildcard pattern is malformed."))
	}
	delivered, hasDelivered := p.str("delivery_success")
	page, more, e := listPage(st.events.list, p, "event", st.eventSeq, func(ev *event) bool {
		if hasType && typ != "" {
			if ok, _ := path.Match(typ, ev.typ); !ok {
				return false
			}
		}
		if len(types) > 0 {
			found := false
			for _, t := range types {
				found = found || t == ev.typ
			}
			if !found {
				return false
			}
		}
		return !hasDelivered || (delivered == "true") == (ev.pending.Load() == 0)
	})
	if e != nil {
		return errResponse(e)
	}
	l := &listJSON{Object: "list", Data: []any{}, HasMore: more, URL: "/v1/events"}
	for _, ev := range page {
		l.Data = append(l.Data, ev.json())
	}
	return success(l)
}

// getEvent returns one event. GET /v1/events/{id}.
func (st *store) getEvent(req *request) response {
	ev := st.events.byID[req.segs[1]]
	if ev == nil {
		return errResponse(errNoSuch("event", req.segs[1], "id"))
	}
	return success(ev.json())
}

func (st *store) eventSeq(id string) (int64, bool) {
	if ev := st.events.byID[id]; ev != nil {
		return ev.seq, true
	}
	return 0, false
}

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
