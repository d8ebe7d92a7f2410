package paytest_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParamValidation(t *testing.T) {
	srv := newServer(t)
	cus := createCustomer(t, srv).str("id")
	ch := createCharge(t, srv).str("id")
	tests := []struct {
		name, method, path string
		vals               url.Values
		status             int
		code, param, msg   string
	}{
		{"unknown param", "POST", "/v1/charges", form("amount", "100", "currency", "usd", "source", "tok_visa", "colour", "red"),
			400, "parameter_unknown", "colour", "Received unknown parameter: colour"},
		{"unknown nested param", "POST", "/v1/charges", form("amount", "100", "currency", "usd", "source", "tok_visa",
			"shipping[name]", "J", "shipping[address][line1]", "x", "shipping[address][street]", "x"),
			400, "parameter_unknown", "shipping[address][street]", "Received unknown parameter: shipping[address][street]"},
		{"missing amount", "POST", "/v1/charges", form("currency", "usd", "source", "tok_visa"),
			400, "parameter_missing", "amount", "Missing required param: amount."},
		{"missing currency", "POST", "/v1/charges", form("amount", "100", "source", "tok_visa"),
			400, "parameter_missing", "currency", "Missing required param: currency."},
		{"amount not an integer", "POST", "/v1/charges", form("amount", "12.50", "currency", "usd", "source", "tok_visa"),
			400, "parameter_invalid_integer", "amount", "Invalid integer: 12.50"},
		{"amount negative", "POST", "/v1/charges", form("amount", "-5", "currency", "usd", "source", "tok_visa"),
			400, "parameter_invalid_integer", "amount", "Invalid positive integer"},
		{"amount below minimum", "POST", "/v1/charges", form("amount", "49", "currency", "usd", "source", "tok_visa"),
			400, "amount_too_small", "amount", "Amount must be at least $0.50 usd"},
		{"amount above maximum", "POST", "/v1/charges", form("amount", "100000000", "currency", "usd", "source", "tok_visa"),
			400, "amount_too_large", "amount", "Amount must be no more than $999999.99"},
		{"unknown currency", "POST", "/v1/charges", form("amount", "100", "currency", "xyz", "source", "tok_visa"),
			400, "", "currency", ""},
		{"capture not a boolean", "POST", "/v1/charges", form("amount", "100", "currency", "usd", "source", "tok_visa", "capture", "yes"),
			400, "", "capture", "Invalid boolean: yes"},
		{"shipping without name", "POST", "/v1/charges", form("amount", "100", "currency", "usd", "source", "tok_visa", "shipping[address][line1]", "1 Main"),
			400, "parameter_missing", "shipping[name]", "Missing required param: shipping[name]."},
		{"bad receipt email", "POST", "/v1/charges", form("amount", "100", "currency", "usd", "source", "tok_visa", "receipt_email", "nobody"),
			400, "email_invalid", "receipt_email", "Invalid email address: nobody"},
		{"metadata key too long", "POST", "/v1/charges", form("amount", "100", "currency", "usd", "source", "tok_visa", "metadata["+strings.Repeat("k", 41)+"]", "v"),
			400, "", "metadata[" + strings.Repeat("k", 41) + "]", ""},
		{"metadata not a hash", "POST", "/v1/charges", form("amount", "100", "currency", "usd", "source", "tok_visa", "metadata", "x"),
			400, "", "metadata", ""},
		{"no source or customer", "POST", "/v1/charges", form("amount", "100", "currency", "usd"),
			400, "parameter_missing", "source", "Must provide source or customer."},
		{"unknown token", "POST", "/v1/charges", form("amount", "100", "currency", "usd", "source", "tok_nope"),
			400, "resource_missing", "source", "No such token: 'tok_nope'"},
		{"unknown customer", "POST", "/v1/charges", form("amount", "100", "currency", "usd", "customer", "cus_nope"),
			400, "resource_missing", "customer", "No such customer: 'cus_nope'"},
		{"customer without a card", "POST", "/v1/charges", form("amount", "100", "currency", "usd", "customer", cus),
			400, "missing", "customer", "Cannot charge a customer that has no active card"},
		{"card the customer does not have", "POST", "/v1/charges", form("amount", "100", "currency", "usd", "customer", cus, "source", "card_x"),
			400, "missing", "source", "Customer " + cus + " does not have a linked source with ID card_x."},
		{"missing charge", "GET", "/v1/charges/ch_x", nil,
			404, "resource_missing", "id", "No such charge: 'ch_x'"},
		{"missing customer", "POST", "/v1/customers/cus_x", form("name", "x"),
			404, "resource_missing", "id", "No such customer: 'cus_x'"},
		{"missing refund", "GET", "/v1/refunds/re_x", nil,
			404, "resource_missing", "id", "No such refund: 're_x'"},
		{"unknown list filter", "GET", "/v1/charges", form("status", "failed"),
			400, "parameter_unknown", "status", "Received unknown parameter: status"},
		{"limit zero", "GET", "/v1/charges", form("limit", "0"),
			400, "parameter_invalid_integer", "limit", "This value must be greater than or equal to 1."},
		{"limit over 100", "GET", "/v1/customers", form("limit", "101"),
			400, "parameter_invalid_integer", "limit", "This value must be less than or equal to 100."},
		{"both cursors", "GET", "/v1/charges", form("starting_after", ch, "ending_before", ch),
			400, "", "ending_before", "You may only specify one of these parameters: starting_after, ending_before."},
		{"unknown cursor", "GET", "/v1/charges", form("starting_after", "ch_gone"),
			400, "resource_missing", "starting_after", "No such charge: 'ch_gone'"},
		{"created range not an integer", "GET", "/v1/charges", form("created[gte]", "yesterday"),
			400, "parameter_invalid_integer", "created[gte]", "Invalid integer: yesterday"},
		{"expand unknown field", "GET", "/v1/charges/" + ch, form("expand[]", "source"),
			400, "", "expand", "This property cannot be expanded (source)."},
		{"expand a list's field without data.", "GET", "/v1/charges", form("expand[]", "customer"),
			400, "", "expand", "This property cannot be expanded (customer). You may want to try expanding 'data.customer' instead."},
		{"refund reason", "POST", "/v1/refunds", form("charge", ch, "reason", "changed_mind"),
			400, "", "reason", ""},
		{"refund without charge", "POST", "/v1/refunds", form("amount", "100"),
			400, "parameter_missing", "charge", "One of the following params should be provided for this request: payment_intent or charge."},
		{"customer tax_exempt", "POST", "/v1/customers", form("tax_exempt", "maybe"),
			400, "", "tax_exempt", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, srv, tt.method, tt.path, tt.vals)
			wantError(t, r, tt.status, "invalid_request_error", tt.code, tt.param, tt.msg)
		})
	}
}

func TestBracketSyntax(t *testing.T) {
	srv := newServer(t)
	r := createCharge(t, srv,
		"shipping[name]", "Jenny Rosen",
		"shipping[address][line1]", "1 Main St",
		"shipping[address][country]", "US",
		"metadata[order_id]", "6735",
		"expand[]", "balance_transaction",
		"expand[]", "customer")
	sh := r.body["shipping"].(map[string]any)
	addr := sh["address"].(map[string]any)
	assert.Equal(t, "Jenny Rosen", sh["name"], "shipping = %v", sh)
	assert.Equal(t, "1 Main St", addr["line1"], "shipping = %v", sh)
	assert.Equal(t, "US", addr["country"], "shipping = %v", sh)
	assert.Nil(t, addr["city"], "shipping = %v", sh)
	assert.Equal(t, map[string]any{"order_id": "6735"}, r.body["metadata"], "metadata")
	bt, _ := r.body["balance_transaction"].(map[string]any)
	assert.Equal(t, "balance_transaction", bt["object"], "balance_transaction not expanded with expand[]: %v", r.body["balance_transaction"])
	// expand[0]=... indexes work the same way.
	got := mustDo(t, srv, "GET", "/v1/charges/"+r.str("id"), form("expand[0]", "balance_transaction"))
	bt, _ = got.body["balance_transaction"].(map[string]any)
	assert.Equal(t, float64(2000), bt["amount"], "balance_transaction with expand[0] = %v", got.body["balance_transaction"])
}

func TestMetadataSetUnsetAndClear(t *testing.T) {
	srv := newServer(t)
	id := createCharge(t, srv, "metadata[a]", "1", "metadata[b]", "2").str("id")
	path := "/v1/charges/" + id
	r := mustDo(t, srv, "POST", path, form("metadata[b]", "", "metadata[c]", "3"))
	assert.Equal(t, map[string]any{"a": "1", "c": "3"}, r.body["metadata"], "after unsetting b and setting c")
	r = mustDo(t, srv, "POST", path, form("description", "kept"))
	assert.Len(t, r.body["metadata"].(map[string]any), 2, "an update without metadata changed it")
	r = mustDo(t, srv, "POST", path, form("metadata", ""))
	assert.Empty(t, r.body["metadata"].(map[string]any), "after metadata=")
}
