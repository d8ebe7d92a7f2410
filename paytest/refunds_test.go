package paytest_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRefund_PartialThenFull(t *testing.T) {
	srv := newServer(t)
	ch := createCharge(t, srv).str("id")
	r1 := mustDo(t, srv, "POST", "/v1/refunds", form("charge", ch, "amount", "500", "reason", "requested_by_customer", "metadata[ticket]", "42"))
	assert.True(t, strings.HasPrefix(r1.str("id"), "re_"), "refund = %s", r1.raw)
	assert.Equal(t, "refund", r1.str("object"), "refund = %s", r1.raw)
	assert.EqualValues(t, 500, r1.num("amount"), "refund = %s", r1.raw)
	assert.Equal(t, ch, r1.str("charge"), "refund = %s", r1.raw)
	assert.Equal(t, "succeeded", r1.str("status"), "refund = %s", r1.raw)
	assert.Equal(t, "requested_by_customer", r1.str("reason"), "refund = %s", r1.raw)
	assert.Equal(t, "usd", r1.str("currency"), "refund = %s", r1.raw)
	assert.True(t, strings.HasPrefix(r1.str("balance_transaction"), "txn_"), "refund = %s", r1.raw)
	assert.Equal(t, "42", r1.body["metadata"].(map[string]any)["ticket"], "refund = %s", r1.raw)
	c := mustDo(t, srv, "GET", "/v1/charges/"+ch, nil)
	assert.EqualValues(t, 500, c.num("amount_refunded"), "charge after a partial refund = %s", c.raw)
	assert.False(t, c.boolean("refunded"), "charge after a partial refund = %s", c.raw)
	assert.EqualValues(t, 2000, c.num("amount_captured"), "charge after a partial refund = %s", c.raw)
	wantError(t, do(t, srv, "POST", "/v1/refunds", form("charge", ch, "amount", "1600")), 400, "invalid_request_error", "amount_too_large", "amount",
		"Refund amount ($16.00) is greater than unrefunded amount on charge ($15.00)")

	r2 := mustDo(t, srv, "POST", "/v1/refunds", form("charge", ch)) // the rest
	assert.EqualValues(t, 1500, r2.num("amount"), "refund of the rest")
	c = mustDo(t, srv, "GET", "/v1/charges/"+ch, form("expand[]", "refunds.data.balance_transaction"))
	refunds := c.body["refunds"].(map[string]any)
	data := refunds["data"].([]any)
	assert.EqualValues(t, 2000, c.num("amount_refunded"), "charge after full refund = %s", c.raw)
	assert.True(t, c.boolean("refunded"), "charge after full refund = %s", c.raw)
	if assert.Len(t, data, 2, "charge after full refund = %s", c.raw) {
		assert.Equal(t, r2.str("id"), data[0].(map[string]any)["id"], "charge after full refund = %s", c.raw)
		assert.Equal(t, r1.str("id"), data[1].(map[string]any)["id"], "charge after full refund = %s", c.raw)
	}
	bt := data[0].(map[string]any)["balance_transaction"].(map[string]any)
	assert.Equal(t, float64(-1500), bt["amount"], "refund balance transaction = %v", bt)
	assert.Equal(t, "refund", bt["type"], "refund balance transaction = %v", bt)
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
	assert.EqualValues(t, 2000, r.num("amount"), "refund of an authorisation = %s", r.raw)
	assert.Nil(t, r.body["balance_transaction"], "refund of an authorisation = %s", r.raw)
	c := mustDo(t, srv, "GET", "/v1/charges/"+ch, nil)
	assert.True(t, c.boolean("refunded"), "cancelled charge = %s", c.raw)
	assert.False(t, c.boolean("captured"), "cancelled charge = %s", c.raw)
	assert.EqualValues(t, 2000, c.num("amount_refunded"), "cancelled charge = %s", c.raw)
	assert.Zero(t, c.num("amount_captured"), "cancelled charge = %s", c.raw)
}

func TestRefund_GetUpdateListExpand(t *testing.T) {
	srv := newServer(t)
	ch1 := createCharge(t, srv).str("id")
	ch2 := createCharge(t, srv).str("id")
	a := mustDo(t, srv, "POST", "/v1/refunds", form("charge", ch1, "amount", "100")).str("id")
	b := mustDo(t, srv, "POST", "/v1/refunds", form("charge", ch2, "amount", "100")).str("id")
	c := mustDo(t, srv, "POST", "/v1/refunds", form("charge", ch1, "amount", "100")).str("id")

	up := mustDo(t, srv, "POST", "/v1/refunds/"+a, form("metadata[k]", "v"))
	assert.Equal(t, "v", up.body["metadata"].(map[string]any)["k"], "updated refund = %s", up.raw)
	wantError(t, do(t, srv, "POST", "/v1/refunds/"+a, form("amount", "5")), 400, "invalid_request_error", "parameter_unknown", "amount", "")

	got := mustDo(t, srv, "GET", "/v1/refunds/"+a, form("expand[]", "charge"))
	chg := got.body["charge"].(map[string]any)
	assert.Equal(t, ch1, chg["id"], "expanded charge = %v", chg)
	assert.Equal(t, float64(200), chg["amount_refunded"], "expanded charge = %v", chg)
	assert.Equal(t, []string{c, b, a}, dataIDs(t, mustDo(t, srv, "GET", "/v1/refunds", nil)), "all refunds")
	assert.Equal(t, []string{c, a}, dataIDs(t, mustDo(t, srv, "GET", "/v1/refunds", form("charge", ch1))), "refunds of %s", ch1)
	assert.Equal(t, []string{c, a}, dataIDs(t, mustDo(t, srv, "GET", "/v1/charges/"+ch1+"/refunds", nil)), "GET /v1/charges/%s/refunds", ch1)
	l := mustDo(t, srv, "GET", "/v1/refunds", form("expand[]", "data.charge", "limit", "1"))
	d := l.body["data"].([]any)[0].(map[string]any)
	assert.Equal(t, "charge", d["charge"].(map[string]any)["object"], "data.charge expansion = %s", l.raw)
	assert.Equal(t, true, l.body["has_more"], "data.charge expansion = %s", l.raw)
}

func TestRefundCancel_CardRefundCannotBeCanceled(t *testing.T) {
	srv := newServer(t)
	ch := createCharge(t, srv)
	re := mustDo(t, srv, "POST", "/v1/refunds", form("charge", ch.str("id"), "amount", "500"))
	id := re.str("id")
	assert.Equal(t, "succeeded", re.str("status"))

	wantError(t, do(t, srv, "POST", "/v1/refunds/"+id+"/cancel", nil), 400, "invalid_request_error", "", "",
		"Refund "+id+" cannot be canceled because its status is succeeded. Only a refund with status requires_action can be canceled.")
	// Nothing changed.
	assert.Equal(t, "succeeded", mustDo(t, srv, "GET", "/v1/refunds/"+id, nil).str("status"))
	assert.EqualValues(t, 500, mustDo(t, srv, "GET", "/v1/charges/"+ch.str("id"), nil).num("amount_refunded"))

	wantError(t, do(t, srv, "POST", "/v1/refunds/re_nope/cancel", nil), 404, "invalid_request_error", "resource_missing", "id",
		"No such refund: 're_nope'")
	wantError(t, do(t, srv, "POST", "/v1/refunds/"+id+"/cancel", form("reason", "duplicate")), 400, "invalid_request_error",
		"parameter_unknown", "reason", "")
}

func TestRefundCreate_CurrencyCustomerOriginInstructionsEmail(t *testing.T) {
	srv := newServer(t)
	cu := createCustomer(t, srv, "source", "tok_visa").str("id")
	other := createCustomer(t, srv).str("id")
	ch := mustDo(t, srv, "POST", "/v1/charges", form("amount", "2000", "currency", "usd", "customer", cu)).str("id")

	tests := []struct {
		name        string
		vals        []string
		code, param string
	}{
		{"bad currency", []string{"charge", ch, "currency", "xyz"}, "", "currency"},
		{"other currency than the charge", []string{"charge", ch, "currency", "eur"}, "", "currency"},
		{"no such customer", []string{"charge", ch, "customer", "cus_nope"}, "resource_missing", "customer"},
		{"other customer than the charge", []string{"charge", ch, "customer", other}, "", "customer"},
		{"bad instructions_email", []string{"charge", ch, "instructions_email", "nope"}, "email_invalid", "instructions_email"},
		{"bad origin", []string{"charge", ch, "origin", "card"}, "", "origin"},
		{"origin with a charge", []string{"charge", ch, "origin", "customer_balance"}, "", "origin"},
		{"origin without customer", []string{"origin", "customer_balance", "currency", "usd", "amount", "100"}, "parameter_missing", "customer"},
		{"origin without currency", []string{"origin", "customer_balance", "customer", cu, "amount", "100"}, "parameter_missing", "currency"},
		{"origin without amount", []string{"origin", "customer_balance", "customer", cu, "currency", "usd"}, "parameter_missing", "amount"},
		{"origin: no cash balance", []string{"origin", "customer_balance", "customer", cu, "currency", "usd", "amount", "100"}, "balance_insufficient", "amount"},
		{"instructions_email as a hash", []string{"charge", ch, "instructions_email[x]", "y"}, "", "instructions_email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, do(t, srv, "POST", "/v1/refunds", form(tt.vals...)), 400, "invalid_request_error", tt.code, tt.param, "")
		})
	}
	// None of them refunded anything.
	assert.EqualValues(t, 0, mustDo(t, srv, "GET", "/v1/charges/"+ch, nil).num("amount_refunded"))

	re := mustDo(t, srv, "POST", "/v1/refunds", form("charge", ch, "amount", "500", "currency", "usd", "customer", cu,
		"instructions_email", "jenny@example.com"))
	assert.Equal(t, "jenny@example.com", re.str("instructions_email"))
	assert.Equal(t, cu, re.str("customer"))
	assert.Equal(t, "usd", re.str("currency"))
	assert.Equal(t, re.body, mustDo(t, srv, "GET", "/v1/refunds/"+re.str("id"), nil).body)

	re = mustDo(t, srv, "POST", "/v1/refunds", form("charge", ch, "amount", "500", "currency", "USD"))
	assert.NotContains(t, re.body, "instructions_email", "instructions_email is absent when not given")
}
