package paytest_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCustomerParams_StoredWhereTheyShow(t *testing.T) {
	srv := newServer(t)
	cu := mustDo(t, srv, "POST", "/v1/customers", form(
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
	))
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
	plain := mustDo(t, srv, "POST", "/v1/customers", nil)
	assert.NotContains(t, plain.body, "business_name")
	assert.NotContains(t, plain.body, "individual_name")
	assert.Equal(t, map[string]any{"custom_fields": nil, "default_payment_method": nil, "footer": nil, "rendering_options": nil},
		plain.body["invoice_settings"])
}

func TestCustomerParams_Invalid(t *testing.T) {
	srv := newServer(t)
	id := mustDo(t, srv, "POST", "/v1/customers", nil).str("id")
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
	mustDo(t, srv, "POST", "/v1/customers", nil)
	// paytest has no test clocks, so naming one is the API's missing-object 400.
	wantError(t, do(t, srv, "GET", "/v1/customers", form("test_clock", "clock_nope")), 400, "invalid_request_error",
		"resource_missing", "test_clock", "No such test clock: 'clock_nope'")
	assert.Len(t, dataIDs(t, mustDo(t, srv, "GET", "/v1/customers", form("test_clock", ""))), 1)
}
