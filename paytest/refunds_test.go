package paytest_test

import (
	"strings"
	"testing"
)

func TestRefund_PartialThenFull(t *testing.T) {
	srv := newServer(t)
	ch := createCharge(t, srv).str("id")
	r1 := mustDo(t, srv, "POST", "/v1/refunds", form("charge", ch, "amount", "500", "reason", "requested_by_customer", "metadata[ticket]", "42"))
	if !strings.HasPrefix(r1.str("id"), "re_") || r1.str("object") != "refund" || r1.num("amount") != 500 || r1.str("charge") != ch ||
		r1.str("status") != "succeeded" || r1.str("reason") != "requested_by_customer" || r1.str("currency") != "usd" ||
		!strings.HasPrefix(r1.str("balance_transaction"), "txn_") || r1.body["metadata"].(map[string]any)["ticket"] != "42" {
		t.Errorf("refund = %s", r1.raw)
	}
	c := mustDo(t, srv, "GET", "/v1/charges/"+ch, nil)
	if c.num("amount_refunded") != 500 || c.boolean("refunded") || c.num("amount_captured") != 2000 {
		t.Errorf("charge after a partial refund = %s", c.raw)
	}
	wantError(t, do(t, srv, "POST", "/v1/refunds", form("charge", ch, "amount", "1600")), 400, "invalid_request_error", "amount_too_large", "amount",
		"Refund amount ($16.00) is greater than unrefunded amount on charge ($15.00)")

	r2 := mustDo(t, srv, "POST", "/v1/refunds", form("charge", ch)) // the rest
	if r2.num("amount") != 1500 {
		t.Errorf("refund of the rest = %d", r2.num("amount"))
	}
	c = mustDo(t, srv, "GET", "/v1/charges/"+ch, form("expand[]", "refunds.data.balance_transaction"))
	refunds := c.body["refunds"].(map[string]any)
	data := refunds["data"].([]any)
	if c.num("amount_refunded") != 2000 || !c.boolean("refunded") || len(data) != 2 ||
		data[0].(map[string]any)["id"] != r2.str("id") || data[1].(map[string]any)["id"] != r1.str("id") {
		t.Errorf("charge after full refund = %s", c.raw)
	}
	if bt := data[0].(map[string]any)["balance_transaction"].(map[string]any); bt["amount"] != float64(-1500) || bt["type"] != "refund" {
		t.Errorf("refund balance transaction = %v", bt)
	}
	wantError(t, do(t, srv, "POST", "/v1/refunds", form("charge", ch)), 400, "invalid_request_error", "charge_already_refunded", "charge",
		"Charge "+ch+" has already been refunded.")
}

func TestRefund_MoreThanCharged(t *testing.T) {
	srv := newServer(t)
	ch := createCharge(t, srv).str("id")
	wantError(t, do(t, srv, "POST", "/v1/refunds", form("charge", ch, "amount", "2001")), 400, "invalid_request_error", "amount_too_large", "amount",
		"Refund amount ($20.01) is greater than charge amount ($20.00)")
	wantError(t, do(t, srv, "POST", "/v1/refunds", form("charge", "ch_nope")), 400, "invalid_request_error", "resource_missing", "charge", "No such charge: 'ch_nope'")
	failed := do(t, srv, "POST", "/v1/charges", form("amount", "2000", "currency", "usd", "source", "tok_chargeDeclined")).errField("charge")
	wantError(t, do(t, srv, "POST", "/v1/refunds", form("charge", failed)), 400, "invalid_request_error", "", "charge", "")
}

func TestRefund_UncapturedCancelsAuthorization(t *testing.T) {
	srv := newServer(t)
	ch := createCharge(t, srv, "capture", "false").str("id")
	wantError(t, do(t, srv, "POST", "/v1/refunds", form("charge", ch, "amount", "100")), 400, "invalid_request_error", "", "amount", "")
	r := mustDo(t, srv, "POST", "/v1/refunds", form("charge", ch))
	if r.num("amount") != 2000 || r.body["balance_transaction"] != nil {
		t.Errorf("refund of an authorisation = %s", r.raw)
	}
	c := mustDo(t, srv, "GET", "/v1/charges/"+ch, nil)
	if !c.boolean("refunded") || c.boolean("captured") || c.num("amount_refunded") != 2000 || c.num("amount_captured") != 0 {
		t.Errorf("cancelled charge = %s", c.raw)
	}
}

func TestRefund_GetUpdateListExpand(t *testing.T) {
	srv := newServer(t)
	ch1 := createCharge(t, srv).str("id")
	ch2 := createCharge(t, srv).str("id")
	a := mustDo(t, srv, "POST", "/v1/refunds", form("charge", ch1, "amount", "100")).str("id")
	b := mustDo(t, srv, "POST", "/v1/refunds", form("charge", ch2, "amount", "100")).str("id")
	c := mustDo(t, srv, "POST", "/v1/refunds", form("charge", ch1, "amount", "100")).str("id")

	up := mustDo(t, srv, "POST", "/v1/refunds/"+a, form("metadata[k]", "v"))
	if up.body["metadata"].(map[string]any)["k"] != "v" {
		t.Errorf("updated refund = %s", up.raw)
	}
	wantError(t, do(t, srv, "POST", "/v1/refunds/"+a, form("amount", "5")), 400, "invalid_request_error", "parameter_unknown", "amount", "")

	got := mustDo(t, srv, "GET", "/v1/refunds/"+a, form("expand[]", "charge"))
	if chg := got.body["charge"].(map[string]any); chg["id"] != ch1 || chg["amount_refunded"] != float64(200) {
		t.Errorf("expanded charge = %v", chg)
	}
	if ids := listIDs(mustDo(t, srv, "GET", "/v1/refunds", nil)); strings.Join(ids, ",") != c+","+b+","+a {
		t.Errorf("all refunds = %v", ids)
	}
	if ids := listIDs(mustDo(t, srv, "GET", "/v1/refunds", form("charge", ch1))); strings.Join(ids, ",") != c+","+a {
		t.Errorf("refunds of %s = %v", ch1, ids)
	}
	if ids := listIDs(mustDo(t, srv, "GET", "/v1/charges/"+ch1+"/refunds", nil)); strings.Join(ids, ",") != c+","+a {
		t.Errorf("GET /v1/charges/%s/refunds = %v", ch1, ids)
	}
	l := mustDo(t, srv, "GET", "/v1/refunds", form("expand[]", "data.charge", "limit", "1"))
	d := l.body["data"].([]any)[0].(map[string]any)
	if d["charge"].(map[string]any)["object"] != "charge" || l.body["has_more"] != true {
		t.Errorf("data.charge expansion = %s", l.raw)
	}
}

func listIDs(r result) []string {
	var ids []string
	for _, d := range r.body["data"].([]any) {
		ids = append(ids, d.(map[string]any)["id"].(string))
	}
	return ids
}
