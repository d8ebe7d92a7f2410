package paytest

import "net/http"

// routeT is one endpoint: the params it accepts, the type its expand paths
// start from, and its handler.
type routeT struct {
	spec   spec
	object string
	handle func(*store, *request) response
}

// route finds the endpoint for method and the path segments after /v1.
func route(method string, segs []string) (routeT, bool) {
	type key struct {
		method string
		shape  string
	}
	shape := segs[0]
	switch len(segs) {
	case 1:
	case 2:
		// A literal second segment (charges/search) wins over an id.
		if _, ok := routes[key{method, shape + "/" + segs[1]}]; ok {
			shape += "/" + segs[1]
		} else {
			shape += "/{id}"
		}
	case 3:
		shape += "/{id}/" + segs[2]
	case 4:
		shape += "/{id}/" + segs[2] + "/{id}"
	default:
		return routeT{}, false
	}
	rt, ok := routes[key{method, shape}]
	if hook := eventHooks[[2]string{method, shape}]; ok && hook != nil {
		// The events the work causes are emitted by the handler, so a
		// replayed idempotent request (which runs none) emits nothing.
		rt.handle = hook(rt.handle)
	}
	return rt, ok
}

var routes = map[struct {
	method string
	shape  string
}]routeT{
	{http.MethodGet, "charges"}:                        {chargeListSpec, "charge_list", (*store).listCharges},
	{http.MethodPost, "charges"}:                       {chargeCreateSpec, "charge", (*store).createCharge},
	{http.MethodGet, "charges/{id}"}:                   {expandOnlySpec, "charge", (*store).getCharge},
	{http.MethodPost, "charges/{id}"}:                  {chargeUpdateSpec, "charge", (*store).updateCharge},
	{http.MethodPost, "charges/{id}/capture"}:          {chargeCaptureSpec, "charge", (*store).captureCharge},
	{http.MethodGet, "charges/{id}/refunds"}:           {listSpec, "refund_list", (*store).listChargeRefunds},
	{http.MethodGet, "customers"}:                      {customerListSpec, "customer_list", (*store).listCustomers},
	{http.MethodPost, "customers"}:                     {customerCreateSpec, "customer", (*store).createCustomer},
	{http.MethodGet, "customers/{id}"}:                 {expandOnlySpec, "customer", (*store).getCustomer},
	{http.MethodPost, "customers/{id}"}:                {customerUpdateSpec, "customer", (*store).updateCustomer},
	{http.MethodDelete, "customers/{id}"}:              {deleteSpec, "customer", (*store).deleteCustomer},
	{http.MethodGet, "customers/{id}/sources"}:         {sourceListSpec, "card_list", (*store).listSources},
	{http.MethodPost, "customers/{id}/sources"}:        {sourceCreateSpec, "card", (*store).addSource},
	{http.MethodGet, "customers/{id}/sources/{id}"}:    {expandOnlySpec, "card", (*store).getSource},
	{http.MethodPost, "customers/{id}/sources/{id}"}:   {sourceUpdateSpec, "card", (*store).updateSource},
	{http.MethodDelete, "customers/{id}/sources/{id}"}: {deleteSpec, "card", (*store).deleteSource},
	{http.MethodGet, "charges/search"}:                 {searchSpec, "charge_search_result", (*store).searchCharges},
	{http.MethodGet, "customers/search"}:               {searchSpec, "customer_search_result", (*store).searchCustomers},
	{http.MethodPost, "refunds/{id}/cancel"}:           {expandOnlySpec, "refund", (*store).cancelRefund},
	{http.MethodGet, "refunds"}:                        {refundListSpec, "refund_list", (*store).listRefunds},
	{http.MethodPost, "refunds"}:                       {refundCreateSpec, "refund", (*store).createRefund},
	{http.MethodGet, "refunds/{id}"}:                   {expandOnlySpec, "refund", (*store).getRefund},
	{http.MethodPost, "refunds/{id}"}:                  {refundUpdateSpec, "refund", (*store).updateRefund},
	{http.MethodGet, "events"}:                         {eventListSpec, "event_list", (*store).listEvents},
	{http.MethodGet, "events/{id}"}:                    {expandOnlySpec, "event", (*store).getEvent},
}
