package paytest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

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
	cu := mustDo(t, srv, "POST", "/v1/customers", form("source", "tok_visa")).str("id")
	other := mustDo(t, srv, "POST", "/v1/customers", nil).str("id")
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
