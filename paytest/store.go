package paytest

import (
	"fmt"
	"strings"
	"time"
)

// # How paytest is built (read this before adding an object kind)
//
// A request goes through Server.ServeHTTP: faults, auth, form parsing,
// the route's param spec, expand, idempotency, then the route's handler,
// run under Server.mu with the account's *store. Everything an account
// has is in its store, one table per object kind.
//
// Adding an object kind (say payment_intent):
//
//  1. The stored type, with id, seq and created, and an ident method:
//
//     type paymentIntent struct {
//     	id           string
//     	seq, created int64
//     	status       piStatus
//     	...
//     }
//     func (p *paymentIntent) ident() (string, int64, int64) { return p.id, p.seq, p.created }
//
//  2. Its table in store (and newStore: newTable[*paymentIntent]("payment_intent"),
//     the name "No such payment_intent: 'pi_...'" errors use), and its
//     accessor for the generic handlers:
//     func paymentIntentsOf(st *store) *table[*paymentIntent] { return &st.paymentIntents }
//     Make one with p.seq, p.created = st.stamp() and st.paymentIntents.add(p).
//     A table has add, get, find (get, or the API's 404 for a param),
//     replace, remove, all (oldest first), seq and page (newest-first list
//     pages with limit, starting_after, ending_before and created).
//
//  3. One JSON-shape func, a shapeFunc[T]: func piShape(st *store, p
//     *paymentIntent, ex expandTree) any, with its JSON struct. Expandable
//     fields go in the expandable map below (with "payment_intent_list":
//     {"data": "payment_intent"} for its lists), and the shape renders what
//     ex names expanded.
//
//  4. Route rows in routes.go: api(method, pattern, spec, expand object
//     type, handler, events...). Get and list are generic:
//     getHandler(paymentIntentsOf, piShape) and listHandler(paymentIntentsOf,
//     "/v1/payment_intents", filter, piShape), with filter a listFilter[T]
//     reading the list's own params (nil: none); search is
//     searchHandler(tbl, url, searchable[T]{...}, shape). Create, update
//     and actions are handlerFuncs: func(st *store, req *request) response,
//     reading req.p (params), req.args (the pattern's {name}s), req.expand,
//     answering success(body) or errResponse(*apiError). A route outside
//     /v1 (a 3-D Secure page) is page(method, "/paytest/3ds/{id}", pageFunc):
//     the raw ResponseWriter and Request, no auth, faults or idempotency;
//     it takes s.mu itself and finds the store with s.storeWhere.
//
//  5. Events: a constant in events.go (eventType; the name must be an API
//     event type, testdata/event_types.txt, and in eventTypes), emitted by
//     the work with st.emit(typ, obj, prev) where obj is the unexpanded
//     shape, and declared on the route row: a handler that emits a type
//     its row does not declare answers a 500. For an update,
//     changed := st.watch(typ, func() any { return shape or nil }) before
//     the change and changed() after it succeeds emits typ with
//     previous_attributes if the object changed. Emit from the logic
//     functions, not the handler, when another resource's work causes the
//     event too (chargeCard emits charge.succeeded for a PaymentIntent's
//     confirm as for POST /v1/charges).
//
//  6. A state machine, if it has one: a status type and its transitions
//     table in states.go, changed only with setStatus (which panics on a
//     move the table does not allow: a paytest bug). The checks that answer
//     the API's 400 ("cannot be captured") are written before any change,
//     in a check method the handler can call first to keep the API's
//     order of errors.
//
// Business logic a handler and another resource share is a store method,
// free of HTTP and params: cardOutcome (a card's outcome and decline),
// st.chargeCard (make a charge, stored failed when declined), c.checkCapture
// and st.capture, c.checkRefund and st.refundCharge, st.newTxn (a balance
// transaction), st.attach (save a token's card on a customer).

// store is the server's state for one account; every method runs under
// Server.mu.
type store struct {
	now func() time.Time
	ids *idSource // the server's
	seq int64
	// req is the request being handled, nil between requests: the events
	// the work emits name it.
	req *request

	charges   table[*charge]
	customers table[*customer]
	refunds   table[*refund]
	cards     table[*card] // the cards saved on customers
	txns      table[*balanceTxn]
	disputes  table[*dispute]

	events eventLog // events.go
}

func newStore() store {
	return store{
		now:       time.Now,
		charges:   newTable[*charge]("charge"),
		customers: newTable[*customer]("customer"),
		refunds:   newTable[*refund]("refund"),
		cards:     newTable[*card]("card"),
		txns:      newTable[*balanceTxn]("balance_transaction"),
		disputes:  newTable[*dispute]("dispute"),
		events:    eventLog{table: newTable[*event]("event")},
	}
}

// stamp returns the next sequence number and the creation time.
func (st *store) stamp() (int64, int64) {
	st.seq++
	return st.seq, st.now().Unix()
}

// expandTree is the parsed expand param: "data.customer" is
// {"data": {"customer": {}}}.
type expandTree map[string]expandTree

// expandable lists, per object type, the fields that can be expanded and
// the type each expands to.
var expandable = map[string]map[string]string{
	"charge":        {"customer": "customer", "balance_transaction": "balance_transaction", "refunds": "refund_list"},
	"refund":        {"charge": "charge", "balance_transaction": "balance_transaction"},
	"customer":      {"default_source": "card", "sources": "card_list"},
	"card":          {"customer": "customer"},
	"charge_list":   {"data": "charge"},
	"refund_list":   {"data": "refund"},
	"customer_list": {"data": "customer"},
	"card_list":     {"data": "card"},

	"balance_transaction":      {"source": "balance_transaction_source"},
	"balance_transaction_list": {"data": "balance_transaction"},
	"dispute":                  {"charge": "charge"},
	"dispute_list":             {"data": "dispute"},

	"charge_search_result":   {"data": "charge", "total_count": "count"},
	"customer_search_result": {"data": "customer", "total_count": "count"},
}

// A balance transaction's source is a charge, a refund or a dispute: its
// expandable fields are theirs.
func init() {
	src := map[string]string{}
	for _, t := range []string{"charge", "refund", "dispute"} {
		for k, v := range expandable[t] {
			src[k] = v
		}
	}
	expandable["balance_transaction_source"] = src
}

// parseExpand parses and checks expand paths for an object of type typ.
func parseExpand(paths []string, typ string) (expandTree, *apiError) {
	tree := expandTree{}
	for _, path := range paths {
		parts := strings.Split(path, ".")
		if len(parts) > 4 {
			return nil, invalidRequest(400, "", "expand", fmt.Sprintf("You cannot expand more than 4 levels of a property (%s).", path))
		}
		t, cur := typ, tree
		for i, part := range parts {
			next, ok := expandable[t][part]
			if !ok {
				msg := fmt.Sprintf("This property cannot be expanded (%s).", strings.Join(parts[:i+1], "."))
				if strings.HasSuffix(t, "_list") && i == 0 {
					msg += fmt.Sprintf(" You may want to try expanding 'data.%s' instead.", path)
				}
				return nil, invalidRequest(400, "", "expand", msg)
			}
			if cur[part] == nil {
				cur[part] = expandTree{}
			}
			t, cur = next, cur[part]
		}
	}
	return tree, nil
}

// listed is what a list walks: each object's id, sequence and creation time.
type listed interface {
	ident() (id string, seq, created int64)
}

// listPage pages items (oldest first) newest first with the API's limit,
// starting_after, ending_before and created params. cursorSeq finds a
// cursor object's sequence number.
func listPage[T listed](items []T, p params, kind string, cursorSeq func(string) (int64, bool), keep func(T) bool) ([]T, bool, *apiError) {
	limit := int64(10)
	if n, ok := p.int("limit"); ok {
		if n < 1 {
			return nil, false, invalidRequest(400, "parameter_invalid_integer", "limit", "This value must be greater than or equal to 1.")
		}
		if n > 100 {
			return nil, false, invalidRequest(400, "parameter_invalid_integer", "limit", "This value must be less than or equal to 100.")
		}
		limit = n
	}
	after, hasAfter := p.str("starting_after")
	before, hasBefore := p.str("ending_before")
	if hasAfter && hasBefore && after != "" && before != "" {
		return nil, false, invalidRequest(400, "", "ending_before", "You may only specify one of these parameters: starting_after, ending_before.")
	}
	var cursor int64
	if after != "" || before != "" {
		id, param := after, "starting_after"
		if before != "" {
			id, param = before, "ending_before"
		}
		seq, ok := cursorSeq(id)
		if !ok {
			return nil, false, errNoSuch(kind, id, param)
		}
		cursor = seq
	}
	created, e := createdFilter(p)
	if e != nil {
		return nil, false, e
	}
	match := func(it T) bool {
		_, _, c := it.ident()
		return created(c) && (keep == nil || keep(it))
	}

	var page []T
	hasMore := false
	if before != "" {
		// The limit objects just newer than the cursor, newest first.
		for _, it := range items {
			if _, seq, _ := it.ident(); seq <= cursor || !match(it) {
				continue
			}
			if int64(len(page)) == limit {
				hasMore = true
				break
			}
			page = append(page, it)
		}
		for i, j := 0, len(page)-1; i < j; i, j = i+1, j-1 {
			page[i], page[j] = page[j], page[i]
		}
		return page, hasMore, nil
	}
	for i := len(items) - 1; i >= 0; i-- {
		it := items[i]
		if _, seq, _ := it.ident(); (after != "" && seq >= cursor) || !match(it) {
			continue
		}
		if int64(len(page)) == limit {
			hasMore = true
			break
		}
		page = append(page, it)
	}
	return page, hasMore, nil
}

func createdFilter(p params) (func(int64) bool, *apiError) {
	if !p.has("created") {
		return func(int64) bool { return true }, nil
	}
	if v, ok := p.int("created"); ok {
		return func(c int64) bool { return c == v }, nil
	}
	r := p.sub("created")
	gt, hasGT := r.int("gt")
	gte, hasGTE := r.int("gte")
	lt, hasLT := r.int("lt")
	lte, hasLTE := r.int("lte")
	return func(c int64) bool {
		return (!hasGT || c > gt) && (!hasGTE || c >= gte) && (!hasLT || c < lt) && (!hasLTE || c <= lte)
	}, nil
}
