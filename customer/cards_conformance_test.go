package customer_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/internal/apitest"
	"github.com/paykit/pay/internal/conformance"
)

// TestConformance_Cards runs every saved-card call, with every param,
// against stripe-mock. stripe-mock answers the source calls with the first
// object type the spec allows (an account, not a card), so the walk checks
// every value Card models but not every key (Card is Partial);
// TestConformance_CardDecodingLosesNoField checks a whole card.
func TestConformance_Cards(t *testing.T) {
	c, _, rec := stripeMock(t)
	ctx := context.Background()
	const cus, card = "cus_123", "card_123"

	created, err := c.CreateCard(ctx, cus, &customer.CreateCardParams{
		Source: "tok_visa", Metadata: pay.Metadata{"label": "work"},
	}, pay.IdempotencyKey("conformance-card-create"))
	require.NoError(t, err)
	assert.NotEmpty(t, created.ID)
	walk.Report(t, "CreateCard", "card", rec.LastBody(), created)
	rec.WantEveryParamSent(t, conformance.Endpoint(http.MethodPost, "/v1/customers/"+cus+"/sources"), customer.CreateCardParams{})

	got, err := c.GetCard(ctx, cus, card, pay.Expand("customer"))
	require.NoError(t, err)
	walk.Report(t, "GetCard", "card", rec.LastBody(), got)

	updates := map[string]*customer.UpdateCardParams{
		"every field": {
			Name: pay.String("Jenny Rosen"), ExpMonth: pay.Int64(12), ExpYear: pay.Int64(2034),
			AddressLine1: pay.String("510 Townsend St"), AddressLine2: pay.String("Floor 2"),
			AddressCity: pay.String("San Francisco"), AddressState: pay.String("CA"),
			AddressZip: pay.String("94103"), AddressCountry: pay.String("US"),
			Metadata: pay.Metadata{"label": "home"},
		},
		"clear fields": {Name: pay.String(""), AddressLine2: pay.String(""), Metadata: pay.Metadata{}},
		"nil params":   nil,
	}
	for name, p := range updates {
		up, err := c.UpdateCard(ctx, cus, card, p)
		if assert.NoError(t, err, name) {
			walk.Report(t, "UpdateCard "+name, "card", rec.LastBody(), up)
		}
	}
	rec.WantEveryParamSent(t, conformance.Endpoint(http.MethodPost, "/v1/customers/"+cus+"/sources/"+card), customer.UpdateCardParams{})

	del, err := c.DeleteCard(ctx, cus, card, pay.IdempotencyKey("conformance-card-delete"))
	require.NoError(t, err)
	assert.NotEmpty(t, del.ID)
	walk.Report(t, "DeleteCard", "card", rec.LastBody(), del)

	listPath := conformance.Endpoint(http.MethodGet, "/v1/customers/"+cus+"/sources")
	page, err := c.ListCardsPage(ctx, cus, &customer.ListCardsParams{ListParams: pay.ListParams{Limit: 3, StartingAfter: card}}, pay.Expand("data.customer"))
	require.NoError(t, err)
	require.NotEmpty(t, page.Data)
	walk.Report(t, "ListCardsPage", "page", rec.LastBody(), page)
	var n int
	for cd, err := range c.ListCards(ctx, cus, &customer.ListCardsParams{ListParams: pay.ListParams{EndingBefore: card, Limit: 1}}) {
		require.NoError(t, err)
		assert.NotEmpty(t, cd.ID)
		n++
	}
	assert.Positive(t, n)
	rec.WantEveryParamSent(t, listPath, customer.ListCardsParams{})
	assert.Contains(t, rec.Sent(listPath), "object", "ListCards sends object=card")
}

// TestConformance_CardDecodingLosesNoField decodes the API reference's card
// object (stripe-mock's fixture, in testdata), and the deleted card, and
// checks that Card models every key and every value arrives: no Partial
// here.
func TestConformance_CardDecodingLosesNoField(t *testing.T) {
	strict := conformance.Walk{}
	for _, name := range []string{"card.json", "card_deleted.json"} {
		raw := apitest.Fixture(t, name)
		var card customer.Card
		require.NoError(t, conformance.DecodeJSON(raw, &card))
		strict.Report(t, name, "card", raw, &card)
	}
	raw := apitest.Fixture(t, "cards_list.json")
	var page pay.Page[customer.Card]
	require.NoError(t, conformance.DecodeJSON(raw, &page))
	strict.Report(t, "cards_list.json", "page", raw, &page)
}

// TestConformance_NewParamsAreAccepted sends every create, update and list
// param of a customer, the additions of issue 10 included, to stripe-mock.
func TestConformance_NewParamsAreAccepted(t *testing.T) {
	c, _, rec := stripeMock(t)
	ctx := context.Background()

	creates := map[string]*customer.CreateParams{
		"every param": {
			Email: "jennyrosen@example.com", Source: "tok_visa", Metadata: pay.Metadata{"order_id": "6735"},
			PreferredLocales: []string{"en", "fr"},
			BusinessName:     "Rosen Ltd",
			IndividualName:   "Jenny Rosen",
			CashBalance:      &customer.CashBalanceParams{Settings: &customer.CashBalanceSettingsParams{ReconciliationMode: "manual"}},
			InvoiceSettings: &customer.InvoiceSettingsParams{
				CustomFields:         customer.InvoiceCustomFieldList{{Name: "VAT", Value: "GB123"}, {Name: "PO", Value: "42"}},
				DefaultPaymentMethod: pay.String("pm_123"),
				Footer:               pay.String("Thanks!"),
				RenderingOptions:     &customer.InvoiceRenderingOptionsParams{AmountTaxDisplay: pay.String("exclude_tax"), Template: pay.String("inrtem_123")},
			},
			NextInvoiceSequence: 5,
			PaymentMethod:       "pm_123",
			Tax:                 &customer.TaxParams{IPAddress: pay.String("127.0.0.1"), ValidateLocation: "deferred"},
			TaxIDData:           customer.TaxIDDataList{{Type: "eu_vat", Value: "DE123456789"}, {Type: "gb_vat", Value: "GB123456789"}},
			TestClock:           "clock_123",
		},
		"cleared invoice settings": {
			InvoiceSettings: &customer.InvoiceSettingsParams{CustomFields: customer.InvoiceCustomFieldList{}, Footer: pay.String(""),
				RenderingOptions: &customer.InvoiceRenderingOptionsParams{AmountTaxDisplay: pay.String("")}},
			Tax: &customer.TaxParams{IPAddress: pay.String("")},
		},
	}
	for name, p := range creates {
		cus, err := c.Create(ctx, p)
		if assert.NoError(t, err, name) {
			walk.Report(t, "Create "+name, "customer", rec.LastBody(), cus)
		}
	}
	wantSent(t, rec, "POST /v1/customers", "business_name", "individual_name", "cash_balance[settings][reconciliation_mode]",
		"invoice_settings[custom_fields]", "invoice_settings[custom_fields][1][name]", "invoice_settings[custom_fields][1][value]",
		"invoice_settings[default_payment_method]", "invoice_settings[footer]", "invoice_settings[rendering_options][amount_tax_display]",
		"invoice_settings[rendering_options][template]", "next_invoice_sequence", "payment_method", "tax[ip_address]",
		"tax[validate_location]", "tax_id_data[1][type]", "tax_id_data[1][value]", "test_clock")

	updates := map[string]*customer.UpdateParams{
		"every param": {
			DefaultSource: pay.String("card_123"), PreferredLocales: []string{"de"},
			BusinessName: pay.String("Rosen GmbH"), IndividualName: pay.String("Jenny Rosen"),
			CashBalance: &customer.CashBalanceParams{Settings: &customer.CashBalanceSettingsParams{ReconciliationMode: "automatic"}},
			InvoiceSettings: &customer.InvoiceSettingsParams{
				CustomFields: customer.InvoiceCustomFieldList{{Name: "VAT", Value: "DE1"}}, DefaultPaymentMethod: pay.String("pm_123"),
				Footer: pay.String("Danke"), RenderingOptions: &customer.InvoiceRenderingOptionsParams{AmountTaxDisplay: pay.String("include_inclusive_tax"), Template: pay.String("inrtem_123")},
			},
			NextInvoiceSequence: pay.Int64(7),
			Tax:                 &customer.TaxParams{IPAddress: pay.String("10.0.0.1"), ValidateLocation: "auto"},
		},
		"clear names and custom fields": {
			BusinessName: pay.String(""), IndividualName: pay.String(""),
			InvoiceSettings: &customer.InvoiceSettingsParams{CustomFields: customer.InvoiceCustomFieldList{}},
		},
	}
	for name, p := range updates {
		cus, err := c.Update(ctx, "cus_123", p)
		if assert.NoError(t, err, name) {
			walk.Report(t, "Update "+name, "customer", rec.LastBody(), cus)
		}
	}
	wantSent(t, rec, "POST /v1/customers/{id}", "business_name", "individual_name", "cash_balance[settings][reconciliation_mode]",
		"invoice_settings[custom_fields]", "invoice_settings[custom_fields][0][name]", "invoice_settings[custom_fields][0][value]",
		"invoice_settings[default_payment_method]", "invoice_settings[footer]", "invoice_settings[rendering_options][amount_tax_display]",
		"invoice_settings[rendering_options][template]", "next_invoice_sequence", "tax[ip_address]", "tax[validate_location]")

	page, err := c.ListPage(ctx, &customer.ListParams{
		ListParams: pay.ListParams{Limit: 2, StartingAfter: "cus_1"}, Email: "jenny@example.com",
		Created: &pay.RangeQuery{GTE: 1}, TestClock: "clock_123",
	})
	require.NoError(t, err)
	walk.Report(t, "ListPage", "page", rec.LastBody(), page)
	wantSent(t, rec, "GET /v1/customers", "test_clock")
}

// wantSent checks that requests to endpoint carried every one of names:
// the params issue 10 added, next to the ones the older conformance tests
// send (those check every field of their params types).
func wantSent(t *testing.T, rec *conformance.Recorder, endpoint string, names ...string) {
	t.Helper()
	sent := rec.Sent(endpoint)
	for _, name := range names {
		assert.Contains(t, sent, name, endpoint)
	}
}

// TestConformance_PreferredLocalesClearIsOutsideTheSpec records a known
// difference: a non-nil empty UpdateParams.PreferredLocales sends
// preferred_locales= to clear the list (as paytest, and the issue that asked
// for it, expect), but the spec stripe-mock validates against types
// preferred_locales as an array only, so stripe-mock rejects that shape. If
// this test fails, stripe-mock's spec has learnt the empty value: fold the
// clear case into TestConformance_NewParamsAreAccepted.
func TestConformance_PreferredLocalesClearIsOutsideTheSpec(t *testing.T) {
	c, _, _ := stripeMock(t)
	_, err := c.Update(context.Background(), "cus_123", &customer.UpdateParams{PreferredLocales: []string{}})
	var pe *pay.Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, http.StatusBadRequest, pe.StatusCode)
	assert.Contains(t, pe.Message, "preferred_locales")
}
