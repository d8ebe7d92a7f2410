package paytest_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCustomer_CreateGetUpdate(t *testing.T) {
	srv := newServer(t)
	cu := createCustomer(t, srv,
		"email", "jenny@example.com",
		"name", "Jenny Rosen",
		"phone", "+15555550100",
		"description", "VIP",
		"metadata[tier]", "gold",
		"address[line1]", "1 Main St",
		"address[country]", "US",
		"preferred_locales[]", "en",
		"preferred_locales[]", "fr",
		"source", "tok_visa",
	)
	id := cu.str("id")
	assert.True(t, strings.HasPrefix(id, "cus_"), "customer = %s", cu.raw)
	assert.Equal(t, "customer", cu.str("object"), "customer = %s", cu.raw)
	assert.Equal(t, "jenny@example.com", cu.str("email"), "customer = %s", cu.raw)
	assert.Equal(t, "Jenny Rosen", cu.str("name"), "customer = %s", cu.raw)
	assert.Equal(t, "gold", cu.body["metadata"].(map[string]any)["tier"], "customer = %s", cu.raw)
	assert.Equal(t, "1 Main St", cu.body["address"].(map[string]any)["line1"], "customer = %s", cu.raw)
	assert.Equal(t, "none", cu.str("tax_exempt"), "customer = %s", cu.raw)
	assert.Len(t, cu.body["preferred_locales"].([]any), 2, "customer = %s", cu.raw)
	assert.EqualValues(t, 1, cu.num("next_invoice_sequence"), "customer = %s", cu.raw)
	card := cu.str("default_source")
	require.True(t, strings.HasPrefix(card, "card_"), "default_source = %v", cu.body["default_source"])
	assert.NotContains(t, cu.body, "sources", "sources included without expand[]=sources")
	got := mustDo(t, srv, "GET", "/v1/customers/"+id, form("expand[]", "default_source", "expand[]", "sources"))
	ds := got.body["default_source"].(map[string]any)
	assert.Equal(t, card, ds["id"], "expanded default_source = %v", ds)
	assert.Equal(t, "card", ds["object"], "expanded default_source = %v", ds)
	assert.Equal(t, id, ds["customer"], "expanded default_source = %v", ds)
	assert.Equal(t, "4242", ds["last4"], "expanded default_source = %v", ds)
	srcs := got.body["sources"].(map[string]any)
	assert.Equal(t, "list", srcs["object"], "sources = %v", srcs)
	assert.Equal(t, "/v1/customers/"+id+"/sources", srcs["url"], "sources = %v", srcs)
	assert.Len(t, srcs["data"].([]any), 1, "sources = %v", srcs)

	up := mustDo(t, srv, "POST", "/v1/customers/"+id, form("name", "", "email", "j@example.com", "metadata[tier]", ""))
	assert.Nil(t, up.body["name"], "updated customer = %s", up.raw)
	assert.Equal(t, "j@example.com", up.str("email"), "updated customer = %s", up.raw)
	assert.Empty(t, up.body["metadata"].(map[string]any), "updated customer = %s", up.raw)
	assert.Equal(t, card, up.str("default_source"), "updated customer = %s", up.raw)
}

func TestCustomer_SourcesAndDefault(t *testing.T) {
	srv := newServer(t)
	id := createCustomer(t, srv, "source", "tok_visa").str("id")
	first := mustDo(t, srv, "GET", "/v1/customers/"+id, nil).str("default_source")

	// Adding a card keeps the default.
	second := mustDo(t, srv, "POST", "/v1/customers/"+id+"/sources", form("source", "tok_mastercard"))
	assert.Equal(t, "card", second.str("object"), "added card = %s", second.raw)
	assert.Equal(t, id, second.str("customer"), "added card = %s", second.raw)
	assert.Equal(t, "MasterCard", second.str("brand"), "added card = %s", second.raw)
	assert.Equal(t, first, mustDo(t, srv, "GET", "/v1/customers/"+id, nil).str("default_source"), "default_source changed when adding a card")
	l := mustDo(t, srv, "GET", "/v1/customers/"+id+"/sources", nil)
	if data := l.body["data"].([]any); assert.Len(t, data, 2, "sources list = %s", l.raw) {
		assert.Equal(t, second.str("id"), data[0].(map[string]any)["id"], "sources list = %s", l.raw)
	}

	// default_source switches between saved cards; charges then use it.
	up := mustDo(t, srv, "POST", "/v1/customers/"+id, form("default_source", second.str("id")))
	assert.Equal(t, second.str("id"), up.str("default_source"), "default_source")
	ch := mustDo(t, srv, "POST", "/v1/charges", form("amount", "100", "currency", "usd", "customer", id))
	assert.Equal(t, second.str("id"), ch.str("payment_method"), "charged, want the new default")
	wantError(t, do(t, srv, "POST", "/v1/customers/"+id, form("default_source", "card_nope")),
		400, "invalid_request_error", "resource_missing", "default_source", "No such source: 'card_nope'")

	// Updating source replaces the default card, as the API does.
	up = mustDo(t, srv, "POST", "/v1/customers/"+id, form("source", "tok_discover"))
	third := up.str("default_source")
	l = mustDo(t, srv, "GET", "/v1/customers/"+id+"/sources", nil)
	assert.Equal(t, []string{third, first}, dataIDs(t, l), "sources after replacing the default (first %s, replaced %s, new %s)", first, second.str("id"), third)

	// Deleting the default card leaves the customer with no default.
	del := mustDo(t, srv, "DELETE", "/v1/customers/"+id+"/sources/"+third, nil)
	assert.Equal(t, third, del.str("id"), "deleted card = %s", del.raw)
	assert.True(t, del.boolean("deleted"), "deleted card = %s", del.raw)
	assert.Nil(t, mustDo(t, srv, "GET", "/v1/customers/"+id, nil).body["default_source"], "default_source after deleting it, want null")
}

func TestCustomer_DeclinedCardIsNotSaved(t *testing.T) {
	srv := newServer(t)
	r := do(t, srv, "POST", "/v1/customers", form("email", "x@example.com", "source", "tok_chargeDeclined"))
	wantError(t, r, 402, "card_error", "card_declined", "", "Your card was declined.")
	assert.Empty(t, r.errField("charge"), "saving a card made a charge: %s", r.raw)
	l := mustDo(t, srv, "GET", "/v1/customers", nil)
	assert.Empty(t, l.body["data"].([]any), "customer stored despite the decline: %s", l.raw)
}

func TestCustomer_Delete(t *testing.T) {
	srv := newServer(t)
	id := createCustomer(t, srv, "email", "gone@example.com", "source", "tok_visa").str("id")
	del := mustDo(t, srv, "DELETE", "/v1/customers/"+id, nil)
	assert.Equal(t, id, del.str("id"), "delete = %s", del.raw)
	assert.Equal(t, "customer", del.str("object"), "delete = %s", del.raw)
	assert.True(t, del.boolean("deleted"), "delete = %s", del.raw)
	assert.Len(t, del.body, 3, "delete = %s", del.raw)
	assert.Equal(t, del.raw, mustDo(t, srv, "GET", "/v1/customers/"+id, nil).raw, "GET of a deleted customer, want the deleted stub")
	wantError(t, do(t, srv, "DELETE", "/v1/customers/"+id, nil), 404, "invalid_request_error", "resource_missing", "id", "No such customer: '"+id+"'")
	wantError(t, do(t, srv, "POST", "/v1/customers/"+id, form("name", "x")), 404, "invalid_request_error", "resource_missing", "id", "")
	wantError(t, do(t, srv, "POST", "/v1/charges", form("amount", "100", "currency", "usd", "customer", id)), 400, "invalid_request_error", "resource_missing", "customer", "")
	l := mustDo(t, srv, "GET", "/v1/customers", nil)
	assert.Empty(t, l.body["data"].([]any), "deleted customer listed: %s", l.raw)
}

func TestCustomer_ExpandedOnChargeAfterDelete(t *testing.T) {
	srv := newServer(t)
	id := createCustomer(t, srv, "source", "tok_visa").str("id")
	ch := mustDo(t, srv, "POST", "/v1/charges", form("amount", "100", "currency", "usd", "customer", id)).str("id")
	mustDo(t, srv, "DELETE", "/v1/customers/"+id, nil)
	r := mustDo(t, srv, "GET", "/v1/charges/"+ch, form("expand[]", "customer"))
	c := r.body["customer"].(map[string]any)
	assert.Equal(t, id, c["id"], "expanded deleted customer = %v", c)
	assert.Equal(t, true, c["deleted"], "expanded deleted customer = %v", c)
}

func TestCustomerParams_StoredWhereTheyShow(t *testing.T) {
	srv := newServer(t)
	cu := createCustomer(t, srv,
		"business_name", "Rocket Rides",
		"individual_name", "Jenny Rosen",
		"invoice_settings[footer]", "Thanks!",
		"invoice_settings[custom_fields][0][name]", "VAT",
		"invoice_settings[custom_fields][0][value]", "GB123",
		"invoice_settings[rendering_options][amount_tax_display]", "exclude_tax",
		"tax[ip_address]", "192.0.2.1",
		"tax[validate_location]", "deferred",
		"tax_id_data[0][type]", "eu_vat",
		"tax_id_data[0][value]", "DE123456789",
		"cash_balance[settings][reconciliation_mode]", "manual",
		"next_invoice_sequence", "5",
		"preferred_locales[]", "en",
	)
	id := cu.str("id")
	assert.Equal(t, "Rocket Rides", cu.str("business_name"))
	assert.Equal(t, "Jenny Rosen", cu.str("individual_name"))
	assert.EqualValues(t, 5, cu.num("next_invoice_sequence"))
	is := cu.body["invoice_settings"].(map[string]any)
	assert.Equal(t, "Thanks!", is["footer"])
	assert.Equal(t, []any{map[string]any{"name": "VAT", "value": "GB123"}}, is["custom_fields"])
	assert.Equal(t, map[string]any{"amount_tax_display": "exclude_tax", "template": nil}, is["rendering_options"])
	assert.Nil(t, is["default_payment_method"])
	assert.Equal(t, cu.body, mustDo(t, srv, "GET", "/v1/customers/"+id, nil).body)

	// Empty values clear: names, custom fields, rendering options, and
	// preferred_locales= (the list).
	up := mustDo(t, srv, "POST", "/v1/customers/"+id, form(
		"business_name", "", "invoice_settings[custom_fields]", "", "invoice_settings[rendering_options]", "",
		"preferred_locales", "", "tax[validate_location]", "auto"))
	assert.NotContains(t, up.body, "business_name")
	assert.Equal(t, "Jenny Rosen", up.str("individual_name"))
	is = up.body["invoice_settings"].(map[string]any)
	assert.Nil(t, is["custom_fields"])
	assert.Nil(t, is["rendering_options"])
	assert.Equal(t, "Thanks!", is["footer"])
	assert.Equal(t, []any{}, up.body["preferred_locales"])

	// A customer created without them shows none.
	plain := createCustomer(t, srv)
	assert.NotContains(t, plain.body, "business_name")
	assert.NotContains(t, plain.body, "individual_name")
	assert.Equal(t, map[string]any{"custom_fields": nil, "default_payment_method": nil, "footer": nil, "rendering_options": nil},
		plain.body["invoice_settings"])
}

func TestCustomerParams_Invalid(t *testing.T) {
	srv := newServer(t)
	id := createCustomer(t, srv).str("id")
	long := strings.Repeat("x", 151)
	tests := []struct {
		name        string
		path        string // "" = create
		vals        []string
		code, param string
	}{
		{"business_name too long", "", []string{"business_name", long}, "", "business_name"},
		{"individual_name too long", id, []string{"individual_name", long}, "", "individual_name"},
		{"test_clock", "", []string{"test_clock", "clock_nope"}, "resource_missing", "test_clock"},
		{"test_clock on update", id, []string{"test_clock", "clock_nope"}, "parameter_unknown", "test_clock"},
		{"payment_method", "", []string{"payment_method", "pm_nope"}, "resource_missing", "payment_method"},
		{"tax_id_data on update", id, []string{"tax_id_data[0][type]", "eu_vat", "tax_id_data[0][value]", "x"}, "parameter_unknown", "tax_id_data"},
		{"default_payment_method", id, []string{"invoice_settings[default_payment_method]", "pm_nope"}, "resource_missing", "invoice_settings[default_payment_method]"},
		{"unknown invoice setting", "", []string{"invoice_settings[color]", "red"}, "parameter_unknown", "invoice_settings[color]"},
		{"custom field without value", "", []string{"invoice_settings[custom_fields][0][name]", "VAT"}, "parameter_missing", "invoice_settings[custom_fields][0][value]"},
		{"custom field name too long", "", []string{"invoice_settings[custom_fields][0][name]", strings.Repeat("n", 41),
			"invoice_settings[custom_fields][0][value]", "v"}, "", "invoice_settings[custom_fields][0][name]"},
		{"five custom fields", "", []string{
			"invoice_settings[custom_fields][0][name]", "a", "invoice_settings[custom_fields][0][value]", "a",
			"invoice_settings[custom_fields][1][name]", "b", "invoice_settings[custom_fields][1][value]", "b",
			"invoice_settings[custom_fields][2][name]", "c", "invoice_settings[custom_fields][2][value]", "c",
			"invoice_settings[custom_fields][3][name]", "d", "invoice_settings[custom_fields][3][value]", "d",
			"invoice_settings[custom_fields][4][name]", "e", "invoice_settings[custom_fields][4][value]", "e",
		}, "", "invoice_settings[custom_fields]"},
		{"custom field not a hash", "", []string{"invoice_settings[custom_fields][0]", "VAT"}, "", "invoice_settings[custom_fields][0]"},
		{"amount_tax_display", "", []string{"invoice_settings[rendering_options][amount_tax_display]", "sometimes"}, "", "invoice_settings[rendering_options][amount_tax_display]"},
		{"tax ip_address", "", []string{"tax[ip_address]", "not-an-ip"}, "", "tax[ip_address]"},
		{"validate_location auto on create", "", []string{"tax[validate_location]", "auto"}, "", "tax[validate_location]"},
		{"tax_id_data type", "", []string{"tax_id_data[0][type]", "xx_vat", "tax_id_data[0][value]", "1"}, "", "tax_id_data[0][type]"},
		{"tax_id_data value", "", []string{"tax_id_data[0][type]", "eu_vat"}, "parameter_missing", "tax_id_data[0][value]"},
		{"reconciliation_mode", id, []string{"cash_balance[settings][reconciliation_mode]", "sometimes"}, "", "cash_balance[settings][reconciliation_mode]"},
		{"next_invoice_sequence 0", "", []string{"next_invoice_sequence", "0"}, "parameter_invalid_integer", "next_invoice_sequence"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := "/v1/customers"
			if tt.path != "" {
				path += "/" + tt.path
			}
			wantError(t, do(t, srv, "POST", path, form(tt.vals...)), 400, "invalid_request_error", tt.code, tt.param, "")
		})
	}
	// Nothing was created or changed by them.
	l := mustDo(t, srv, "GET", "/v1/customers", nil)
	require.Equal(t, []string{id}, dataIDs(t, l))
	assert.NotContains(t, l.body["data"].([]any)[0].(map[string]any), "individual_name")
}

func TestCustomerList_TestClock(t *testing.T) {
	srv := newServer(t)
	createCustomer(t, srv)
	// paytest has no test clocks, so naming one is the API's missing-object 400.
	wantError(t, do(t, srv, "GET", "/v1/customers", form("test_clock", "clock_nope")), 400, "invalid_request_error",
		"resource_missing", "test_clock", "No such test clock: 'clock_nope'")
	assert.Len(t, dataIDs(t, mustDo(t, srv, "GET", "/v1/customers", form("test_clock", ""))), 1)
}
