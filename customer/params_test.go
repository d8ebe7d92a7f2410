package customer_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/internal/apitest"
)

// The business, billing and tax params of a customer: names, cash balance,
// invoice settings, tax and tax ids, test clock.

func TestCreate_SendsBusinessBillingAndTaxParams(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/customers", apitest.Request{Method: http.MethodPost, Params: url.Values{
		"business_name":   {"Rosen Ltd"},
		"individual_name": {"Jenny Rosen"},
		"cash_balance[settings][reconciliation_mode]":             {"manual"},
		"invoice_settings[custom_fields][0][name]":                {"VAT"},
		"invoice_settings[custom_fields][0][value]":               {"GB123"},
		"invoice_settings[default_payment_method]":                {"pm_123"},
		"invoice_settings[footer]":                                {"Thanks!"},
		"invoice_settings[rendering_options][amount_tax_display]": {"exclude_tax"},
		"next_invoice_sequence":                                   {"5"},
		"payment_method":                                          {"pm_123"},
		"tax[ip_address]":                                         {"127.0.0.1"},
		"tax[validate_location]":                                  {"deferred"},
		"tax_id_data[0][type]":                                    {"eu_vat"},
		"tax_id_data[0][value]":                                   {"DE123456789"},
		"tax_id_data[1][type]":                                    {"gb_vat"},
		"tax_id_data[1][value]":                                   {"GB123456789"},
		"test_clock":                                              {"clock_123"},
	}}, "customer.json")

	_, err := c.Create(context.Background(), &customer.CreateParams{
		BusinessName:   "Rosen Ltd",
		IndividualName: "Jenny Rosen",
		CashBalance:    &customer.CashBalanceParams{Settings: &customer.CashBalanceSettingsParams{ReconciliationMode: "manual"}},
		InvoiceSettings: &customer.InvoiceSettingsParams{
			CustomFields:         customer.InvoiceCustomFieldList{{Name: "VAT", Value: "GB123"}},
			DefaultPaymentMethod: pay.String("pm_123"),
			Footer:               pay.String("Thanks!"),
			RenderingOptions:     &customer.InvoiceRenderingOptionsParams{AmountTaxDisplay: pay.String("exclude_tax")},
		},
		NextInvoiceSequence: 5,
		PaymentMethod:       "pm_123",
		Tax:                 &customer.TaxParams{IPAddress: pay.String("127.0.0.1"), ValidateLocation: "deferred"},
		TaxIDData:           customer.TaxIDDataList{{Type: "eu_vat", Value: "DE123456789"}, {Type: "gb_vat", Value: "GB123456789"}},
		TestClock:           "clock_123",
	})
	require.NoError(t, err)
}

func TestUpdate_BusinessBillingAndTaxParamsSetAndClear(t *testing.T) {
	tests := []struct {
		name   string
		params *customer.UpdateParams
		want   url.Values
	}{
		{"set", &customer.UpdateParams{
			BusinessName: pay.String("Rosen GmbH"), IndividualName: pay.String("Jenny"),
			NextInvoiceSequence: pay.Int64(7),
			Tax:                 &customer.TaxParams{ValidateLocation: "auto"},
			CashBalance:         &customer.CashBalanceParams{Settings: &customer.CashBalanceSettingsParams{ReconciliationMode: "automatic"}},
			InvoiceSettings:     &customer.InvoiceSettingsParams{Footer: pay.String("Danke")},
			PreferredLocales:    []string{"de", "en"},
		}, url.Values{
			"business_name": {"Rosen GmbH"}, "individual_name": {"Jenny"}, "next_invoice_sequence": {"7"},
			"tax[validate_location]": {"auto"}, "cash_balance[settings][reconciliation_mode]": {"automatic"},
			"invoice_settings[footer]": {"Danke"}, "preferred_locales[0]": {"de"}, "preferred_locales[1]": {"en"},
		}},
		{"clear: empty strings, an empty custom field list, an empty locale list", &customer.UpdateParams{
			BusinessName: pay.String(""), IndividualName: pay.String(""),
			Tax:              &customer.TaxParams{IPAddress: pay.String("")},
			InvoiceSettings:  &customer.InvoiceSettingsParams{CustomFields: customer.InvoiceCustomFieldList{}, Footer: pay.String("")},
			PreferredLocales: []string{},
		}, url.Values{
			"business_name": {""}, "individual_name": {""}, "tax[ip_address]": {""},
			"invoice_settings[custom_fields]": {""}, "invoice_settings[footer]": {""}, "preferred_locales": {""},
		}},
		{"nil leaves them unchanged", &customer.UpdateParams{Email: pay.String("j@example.com")}, url.Values{"email": {"j@example.com"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			apitest.Handle(t, mux, "/v1/customers/cus_1", apitest.Request{Method: http.MethodPost, Params: tt.want}, "customer.json")
			_, err := c.Update(context.Background(), "cus_1", tt.params)
			require.NoError(t, err)
		})
	}
}

func TestListPage_SendsTestClock(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/customers", apitest.Request{Method: http.MethodGet, Params: url.Values{"test_clock": {"clock_123"}}}, "list_page2.json")
	_, err := c.ListPage(context.Background(), &customer.ListParams{TestClock: "clock_123"})
	require.NoError(t, err)
}

func TestBusinessBillingAndTaxParams_BadInputIsRefusedBeforeSending(t *testing.T) {
	ctx := context.Background()
	type C = *customer.Client
	create := func(p *customer.CreateParams) func(C) error {
		return func(c C) error { _, err := c.Create(ctx, p); return err }
	}
	update := func(p *customer.UpdateParams) func(C) error {
		return func(c C) error { _, err := c.Update(ctx, "cus_1", p); return err }
	}
	five := customer.InvoiceCustomFieldList{{Name: "a", Value: "1"}, {Name: "b", Value: "2"}, {Name: "c", Value: "3"}, {Name: "d", Value: "4"}, {Name: "e", Value: "5"}}
	apitest.WantBadInput(t, customer.NewClient, []apitest.BadInput[C]{
		{Name: "tax id without type", Call: create(&customer.CreateParams{TaxIDData: customer.TaxIDDataList{{Value: "DE1"}}}), Param: "tax_id_data[0][type]"},
		{Name: "second tax id without value", Call: create(&customer.CreateParams{TaxIDData: customer.TaxIDDataList{{Type: "eu_vat", Value: "DE1"}, {Type: "eu_vat"}}}), Param: "tax_id_data[1][value]"},
		{Name: "custom field without name", Call: create(&customer.CreateParams{InvoiceSettings: &customer.InvoiceSettingsParams{CustomFields: customer.InvoiceCustomFieldList{{Value: "1"}}}}), Param: "invoice_settings[custom_fields][0][name]"},
		{Name: "custom field without value", Call: update(&customer.UpdateParams{InvoiceSettings: &customer.InvoiceSettingsParams{CustomFields: customer.InvoiceCustomFieldList{{Name: "VAT"}}}}), Param: "invoice_settings[custom_fields][0][value]"},
		{Name: "five custom fields", Call: update(&customer.UpdateParams{InvoiceSettings: &customer.InvoiceSettingsParams{CustomFields: five}}), Param: "invoice_settings[custom_fields]"},
		{Name: "negative next invoice sequence", Call: create(&customer.CreateParams{NextInvoiceSequence: -1}), Param: "next_invoice_sequence"},
		{Name: "zero next invoice sequence on update", Call: update(&customer.UpdateParams{NextInvoiceSequence: pay.Int64(0)}), Param: "next_invoice_sequence"},
		{Name: "empty preferred locale", Call: update(&customer.UpdateParams{PreferredLocales: []string{"en", ""}}), Param: "preferred_locales[1]"},
	})
}
