package paytest

import (
	"net/http"
	"net/url"
	"strings"
)

// handlerFunc does an API request's work, under Server.mu.
type handlerFunc = func(*store, *request) response

// pageFunc serves a route outside the API (a page a test's browser or
// HTTP client opens, such as a 3-D Secure page): it gets the raw request,
// with no auth, params, idempotency or faults. It runs without Server.mu;
// take s.mu to reach a store (s.stores, s.storeOf). args are the pattern's
// {name}s, unescaped.
type pageFunc func(s *Server, w http.ResponseWriter, r *http.Request, args map[string]string)

// route is one endpoint, a row of the routes table.
type route struct {
	method string
	// pattern is the path, with {name} for a path segment that is a
	// parameter: "/v1/charges/{id}/capture". A literal segment wins over a
	// {name} at the same place ("/v1/charges/search" over "/v1/charges/{id}").
	pattern string
	spec    spec   // the params an API route accepts
	object  string // the type its expand paths start from (see expandable)
	handle  handlerFunc
	// events are the event types handle may emit (st.emit); emitting
	// another one answers a 500 naming it, so a test that reaches it fails.
	events []eventType
	// page is set instead of handle for a route outside /v1.
	page pageFunc
}

// api is an API route row.
func api(method, pattern string, sp spec, object string, h handlerFunc, events ...eventType) route {
	return route{method: method, pattern: pattern, spec: sp, object: object, handle: h, events: events}
}

// page is a non-API route row.
func page(method, pattern string, f pageFunc) route {
	return route{method: method, pattern: pattern, page: f}
}

// The tables handlers reach, for the generic handlers.
func chargesOf(st *store) *table[*charge]               { return &st.charges }
func customersOf(st *store) *table[*customer]           { return &st.customers }
func refundsOf(st *store) *table[*refund]               { return &st.refunds }
func eventsOf(st *store) *table[*event]                 { return &st.events.table }
func paymentMethodsOf(st *store) *table[*paymentMethod] { return &st.paymentMethods }
func paymentIntentsOf(st *store) *table[*paymentIntent] { return &st.paymentIntents }
func setupIntentsOf(st *store) *table[*setupIntent]     { return &st.setupIntents }

// The events a confirmation may emit: the intent's, and its charge's.
var (
	piConfirmEvents = []eventType{evPIRequiresAction, evPISucceeded, evPIAmountCapturableUpdated, evPIPaymentFailed,
		evChargeSucceeded, evChargeFailed, evPaymentMethodAttached, evDisputeCreated, evDisputeFundsWithdrawn}
	siConfirmEvents = []eventType{evSIRequiresAction, evSISucceeded, evSISetupFailed, evPaymentMethodAttached}
)

func txnsOf(st *store) *table[*balanceTxn]  { return &st.txns }
func disputesOf(st *store) *table[*dispute] { return &st.disputes }

const (
	get  = http.MethodGet
	post = http.MethodPost
	del  = http.MethodDelete
)

// routes is every endpoint paytest serves.
var routes = []route{
	api(get, "/v1/charges", chargeListSpec, "charge_list", listHandler(chargesOf, "/v1/charges", chargeListFilter, chargeShape)),
	api(post, "/v1/charges", chargeCreateSpec, "charge", (*store).createCharge, evChargeSucceeded, evChargeFailed,
		evDisputeCreated, evDisputeFundsWithdrawn),
	api(get, "/v1/charges/search", searchSpec, "charge_search_result", searchHandler(chargesOf, "/v1/charges/search", chargeSearch, chargeShape)),
	api(get, "/v1/charges/{id}", expandOnlySpec, "charge", getHandler(chargesOf, chargeShape)),
	api(post, "/v1/charges/{id}", chargeUpdateSpec, "charge", (*store).updateCharge, evChargeUpdated),
	api(post, "/v1/charges/{id}/capture", chargeCaptureSpec, "charge", (*store).captureCharge, evChargeCaptured,
		evDisputeCreated, evDisputeFundsWithdrawn),
	api(get, "/v1/charges/{id}/refunds", listSpec, "refund_list", (*store).listChargeRefunds),

	api(get, "/v1/customers", customerListSpec, "customer_list", listHandler(customersOf, "/v1/customers", customerListFilter, customerShape)),
	api(post, "/v1/customers", customerCreateSpec, "customer", (*store).createCustomer, evCustomerCreated, evPaymentMethodAttached),
	api(get, "/v1/customers/search", searchSpec, "customer_search_result", searchHandler(customersOf, "/v1/customers/search", customerSearch, customerShape)),
	api(get, "/v1/customers/{id}", expandOnlySpec, "customer", getHandler(customersOf, customerShape)),
	api(post, "/v1/customers/{id}", customerUpdateSpec, "customer", (*store).updateCustomer, evCustomerUpdated),
	api(del, "/v1/customers/{id}", deleteSpec, "customer", (*store).deleteCustomer, evCustomerDeleted),
	api(get, "/v1/customers/{id}/sources", sourceListSpec, "card_list", (*store).listSources),
	api(post, "/v1/customers/{id}/sources", sourceCreateSpec, "card", (*store).addSource, evCustomerUpdated),
	api(get, "/v1/customers/{id}/sources/{card}", expandOnlySpec, "card", (*store).getSource),
	api(post, "/v1/customers/{id}/sources/{card}", sourceUpdateSpec, "card", (*store).updateSource),
	api(del, "/v1/customers/{id}/sources/{card}", deleteSpec, "card", (*store).deleteSource, evCustomerUpdated),
	api(get, "/v1/customers/{id}/payment_methods", customerPMListSpec, "payment_method_list", (*store).listCustomerPaymentMethods),
	api(get, "/v1/customers/{id}/payment_methods/{pm}", expandOnlySpec, "payment_method", (*store).getCustomerPaymentMethod),

	api(get, "/v1/payment_methods", pmListSpec, "payment_method_list", listHandler(paymentMethodsOf, "/v1/payment_methods", paymentMethodListFilter, pmShape)),
	api(post, "/v1/payment_methods", pmCreateSpec, "payment_method", (*store).createPaymentMethod),
	api(get, "/v1/payment_methods/{id}", expandOnlySpec, "payment_method", getHandler(paymentMethodsOf, pmShape)),
	api(post, "/v1/payment_methods/{id}", pmUpdateSpec, "payment_method", (*store).updatePaymentMethod),
	api(post, "/v1/payment_methods/{id}/attach", pmAttachSpec, "payment_method", (*store).attachPaymentMethod, evPaymentMethodAttached),
	api(post, "/v1/payment_methods/{id}/detach", expandOnlySpec, "payment_method", (*store).detachPaymentMethod, evPaymentMethodDetached),

	api(get, "/v1/payment_intents", piListSpec, "payment_intent_list", listHandler(paymentIntentsOf, "/v1/payment_intents", paymentIntentListFilter, piShape)),
	api(post, "/v1/payment_intents", piCreateSpec, "payment_intent", (*store).createPaymentIntent, append(piConfirmEvents, evPICreated)...),
	api(get, "/v1/payment_intents/search", searchSpec, "payment_intent_search_result", searchHandler(paymentIntentsOf, "/v1/payment_intents/search", paymentIntentSearch, piShape)),
	api(get, "/v1/payment_intents/{id}", spec{"expand": {kind: kArray}, "client_secret": {}}, "payment_intent", getHandler(paymentIntentsOf, piShape)),
	api(post, "/v1/payment_intents/{id}", piUpdateSpec, "payment_intent", (*store).updatePaymentIntent),
	api(post, "/v1/payment_intents/{id}/confirm", piConfirmSpec, "payment_intent", (*store).confirmPaymentIntent, piConfirmEvents...),
	api(post, "/v1/payment_intents/{id}/capture", piCaptureSpec, "payment_intent", (*store).capturePaymentIntent, evChargeCaptured, evChargeRefunded, evPISucceeded,
		evDisputeCreated, evDisputeFundsWithdrawn),
	api(post, "/v1/payment_intents/{id}/cancel", piCancelSpec, "payment_intent", (*store).cancelPaymentIntent, evChargeRefunded, evPICanceled),

	api(get, "/v1/setup_intents", siListSpec, "setup_intent_list", listHandler(setupIntentsOf, "/v1/setup_intents", setupIntentListFilter, siShape)),
	api(post, "/v1/setup_intents", siCreateSpec, "setup_intent", (*store).createSetupIntent, append(siConfirmEvents, evSICreated)...),
	api(get, "/v1/setup_intents/{id}", spec{"expand": {kind: kArray}, "client_secret": {}}, "setup_intent", getHandler(setupIntentsOf, siShape)),
	api(post, "/v1/setup_intents/{id}", siUpdateSpec, "setup_intent", (*store).updateSetupIntent),
	api(post, "/v1/setup_intents/{id}/confirm", siConfirmSpec, "setup_intent", (*store).confirmSetupIntent, siConfirmEvents...),
	api(post, "/v1/setup_intents/{id}/cancel", siCancelSpec, "setup_intent", (*store).cancelSetupIntent, evSICanceled),

	page(get, "/paytest/3ds/{id}", serveThreeDS),
	page(post, "/paytest/3ds/{id}", serveThreeDS),

	api(get, "/v1/refunds", refundListSpec, "refund_list", listHandler(refundsOf, "/v1/refunds", refundListFilter, refundShape)),
	api(post, "/v1/refunds", refundCreateSpec, "refund", (*store).createRefund, evRefundCreated, evChargeRefunded),
	api(get, "/v1/refunds/{id}", expandOnlySpec, "refund", getHandler(refundsOf, refundShape)),
	api(post, "/v1/refunds/{id}", refundUpdateSpec, "refund", (*store).updateRefund, evRefundUpdated),
	api(post, "/v1/refunds/{id}/cancel", expandOnlySpec, "refund", (*store).cancelRefund, evRefundUpdated),

	api(get, "/v1/balance_transactions", txnListSpec, "balance_transaction_list", listHandler(txnsOf, "/v1/balance_transactions", txnListFilter, txnShape)),
	api(get, "/v1/balance_transactions/{id}", expandOnlySpec, "balance_transaction", getHandler(txnsOf, txnShape)),

	api(get, "/v1/disputes", disputeListSpec, "dispute_list", listHandler(disputesOf, "/v1/disputes", disputeListFilter, disputeShape)),
	api(get, "/v1/disputes/{id}", expandOnlySpec, "dispute", getHandler(disputesOf, disputeShape)),
	api(post, "/v1/disputes/{id}", disputeUpdateSpec, "dispute", (*store).updateDispute,
		evDisputeUpdated, evDisputeClosed, evDisputeFundsReinstated),
	api(post, "/v1/disputes/{id}/close", expandOnlySpec, "dispute", (*store).closeDispute, evDisputeClosed),

	api(get, "/v1/events", eventListSpec, "event_list", listHandler(eventsOf, "/v1/events", eventListFilter, eventShape)),
	api(get, "/v1/events/{id}", expandOnlySpec, "event", getHandler(eventsOf, eventShape)),
}

// splitPattern is a pattern's segments.
func splitPattern(pattern string) []string { return strings.Split(strings.Trim(pattern, "/"), "/") }

// match finds the row of table for method and the unescaped path segments segs
// (all of them, "v1" first for the API), with its {name} arguments.
// Among the rows that match, the one with a literal segment where another
// has a {name}, leftmost first, wins. api picks API rows or page rows.
func match(table []route, method string, segs []string, api bool) (route, map[string]string, bool) {
	var best route
	var bestPat []string
	found := false
	for _, rt := range table {
		if rt.method != method || (rt.page == nil) != api {
			continue
		}
		pat := splitPattern(rt.pattern)
		if len(pat) != len(segs) || !matches(pat, segs) {
			continue
		}
		if !found || moreLiteral(pat, bestPat) {
			best, bestPat, found = rt, pat, true
		}
	}
	if !found {
		return route{}, nil, false
	}
	args := map[string]string{}
	for i, p := range bestPat {
		if isParam(p) {
			args[p[1:len(p)-1]] = segs[i]
		}
	}
	return best, args, true
}

func isParam(seg string) bool { return strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") }

func matches(pat, segs []string) bool {
	for i, p := range pat {
		if !isParam(p) && p != segs[i] {
			return false
		}
	}
	return true
}

// moreLiteral reports whether a has a literal segment where b has a
// parameter, before b has one where a has a parameter.
func moreLiteral(a, b []string) bool {
	for i := range a {
		if pa, pb := isParam(a[i]), isParam(b[i]); pa != pb {
			return pb
		}
	}
	return false
}

// splitEscaped returns the unescaped segments of an escaped path; ok is
// false for an empty or badly escaped segment.
func splitEscaped(escaped string) ([]string, bool) {
	parts := strings.Split(strings.Trim(escaped, "/"), "/")
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		u, err := url.PathUnescape(p)
		if err != nil || u == "" {
			return nil, false
		}
		out = append(out, u)
	}
	return out, true
}
