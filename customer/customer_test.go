package customer_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/internal/apitest"
)

func TestCreate_SendsEveryParamAndDecodesCustomer(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/customers", apitest.Request{Method: http.MethodPost, IdempotencyKey: "signup-42", Params: url.Values{
		"email":                          {"jennyrosen@example.com"},
		"name":                           {"Jenny Rosen"},
		"phone":                          {"+14155550123"},
		"description":                    {"Jenny's account"},
		"source":                         {"tok_visa"},
		"metadata[order_id]":             {"6735"},
		"address[line1]":                 {"510 Townsend St"},
		"address[city]":                  {"San Francisco"},
		"address[state]":                 {"CA"},
		"address[postal_code]":           {"94103"},
		"address[country]":               {"US"},
		"shipping[name]":                 {"Jenny Rosen"},
		"shipping[phone]":                {"+14155550199"},
		"shipping[address][line1]":       {"1 Main St"},
		"shipping[address][line2]":       {"Apt 4"},
		"shipping[address][city]":        {"San Francisco"},
		"shipping[address][state]":       {"CA"},
		"shipping[address][postal_code]": {"94111"},
		"shipping[address][country]":     {"US"},
		"balance":                        {"-500"},
		"preferred_locales[0]":           {"en"},
		"preferred_locales[1]":           {"fr"},
		"tax_exempt":                     {"none"},
		"invoice_prefix":                 {"0759376C"},
	}}, "customer.json")

	cus, err := c.Create(context.Background(), &customer.CreateParams{
		Email:       "jennyrosen@example.com",
		Name:        "Jenny Rosen",
		Phone:       "+14155550123",
		Description: "Jenny's account",
		Source:      "tok_visa",
		Metadata:    pay.Metadata{"order_id": "6735"},
		Address: &pay.AddressParams{
			Line1: "510 Townsend St", City: "San Francisco", State: "CA", PostalCode: "94103", Country: "US",
		},
		Shipping: &pay.ShippingParams{
			Name:  "Jenny Rosen",
			Phone: "+14155550199",
			Address: &pay.AddressParams{
				Line1: "1 Main St", Line2: "Apt 4", City: "San Francisco", State: "CA", PostalCode: "94111", Country: "US",
			},
		},
		Balance:          -500,
		PreferredLocales: []string{"en", "fr"},
		TaxExempt:        customer.TaxExemptNone,
		InvoicePrefix:    "0759376C",
	}, pay.IdempotencyKey("signup-42"))
	require.NoError(t, err, "Create")
	checkFullCustomer(t, cus)
}

// checkFullCustomer checks the fields a user reads from testdata/customer.json.
func checkFullCustomer(t *testing.T, cus *customer.Customer) {
	t.Helper()
	want := &customer.Customer{
		ID:      "cus_NffrFeUfNV2Hib",
		Object:  "customer",
		Address: &pay.Address{City: "San Francisco", Country: "US", Line1: "510 Townsend St", PostalCode: "94103", State: "CA"},
		Balance: -500,
		Created: 1680893993, Currency: "usd",
		DefaultSource:       &customer.Card{ID: "card_1MtJUT2eZvKYlo2CNaw2HvEv"},
		Description:         "Jenny's account",
		Email:               "jennyrosen@example.com",
		InvoicePrefix:       "0759376C",
		Metadata:            map[string]string{"order_id": "6735"},
		Name:                "Jenny Rosen",
		NextInvoiceSequence: 1,
		Phone:               "+14155550123",
		PreferredLocales:    []string{"en", "fr"},
		Shipping: &pay.Shipping{
			Name:  "Jenny Rosen",
			Phone: "+14155550199",
			Address: pay.Address{
				City: "San Francisco", Country: "US", Line1: "1 Main St", Line2: "Apt 4", PostalCode: "94111", State: "CA",
			},
		},
		Sources: &pay.Page[customer.Card]{
			URL: "/v1/customers/cus_NffrFeUfNV2Hib/sources",
			Data: []*customer.Card{{
				ID: "card_1MtJUT2eZvKYlo2CNaw2HvEv", Object: "card",
				AddressZip: "94103", AddressZipCheck: "pass",
				Brand: "Visa", Country: "US",
				Customer: &customer.Customer{ID: "cus_NffrFeUfNV2Hib"},
				CVCCheck: "pass", ExpMonth: 8, ExpYear: 2030,
				Fingerprint: "Xt5EWLLDS7FJjR1c", Funding: "credit", Last4: "4242",
				Metadata: map[string]string{}, Name: "Jenny Rosen", RegulatedStatus: "unregulated",
			}},
		},
		TaxExempt: customer.TaxExemptNone,
	}
	assert.Equal(t, want, cus, "decoded customer")
}

func TestCreate_NilParamsSendsEmptyBody(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/customers", apitest.Request{Method: http.MethodPost}, "customer.json")
	cus, err := c.Create(context.Background(), nil)
	require.NoError(t, err, "Create(nil)")
	assert.Equal(t, "cus_NffrFeUfNV2Hib", cus.ID, "ID")
}

func TestCreate_Metadata(t *testing.T) {
	tests := []struct {
		name     string
		metadata pay.Metadata
		want     url.Values
	}{
		{"nil sends nothing", nil, url.Values{"email": {"a@example.com"}}},
		{"set", pay.Metadata{"a": "1", "b": "2"}, url.Values{"email": {"a@example.com"}, "metadata[a]": {"1"}, "metadata[b]": {"2"}}},
		{"empty value unsets a key", pay.Metadata{"a": ""}, url.Values{"email": {"a@example.com"}, "metadata[a]": {""}}},
		{"empty map unsets all", pay.Metadata{}, url.Values{"email": {"a@example.com"}, "metadata": {""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			mux.HandleFunc("/v1/customers", func(w http.ResponseWriter, r *http.Request) {
				apitest.Form(t, r, tt.want)
				apitest.ServeFixture(t, w, "customer.json")
			})
			_, err := c.Create(context.Background(), &customer.CreateParams{Email: "a@example.com", Metadata: tt.metadata})
			require.NoError(t, err, "Create")
		})
	}
}

func TestGet_DecodesFullCustomer(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/customers/cus_NffrFeUfNV2Hib", apitest.Request{Method: http.MethodGet}, "customer.json")
	var resp pay.Response
	cus, err := c.Get(context.Background(), "cus_NffrFeUfNV2Hib", pay.ResponseInto(&resp))
	require.NoError(t, err, "Get")
	checkFullCustomer(t, cus)
	assert.Equal(t, apitest.RequestID, resp.RequestID, "response RequestID")
	assert.Equal(t, http.StatusOK, resp.StatusCode, "response StatusCode")
}

func TestGet_ExpandedDefaultSource(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/customers/cus_NffrFeUfNV2Hib", apitest.Request{Method: http.MethodGet, Params: url.Values{"expand[0]": {"default_source"}, "expand[1]": {"test_clock"}}}, "customer_expanded.json")
	cus, err := c.Get(context.Background(), "cus_NffrFeUfNV2Hib", pay.Expand("default_source", "test_clock"))
	require.NoError(t, err, "Get")
	src := cus.DefaultSource
	require.NotNil(t, src, "DefaultSource")
	assert.Equal(t, "card_1MtJUT2eZvKYlo2CNaw2HvEv", src.ID, "DefaultSource.ID")
	assert.Equal(t, "card", src.Object, "DefaultSource.Object")
	assert.Equal(t, "Visa", src.Brand, "DefaultSource.Brand")
	assert.Equal(t, "4242", src.Last4, "DefaultSource.Last4")
	assert.Equal(t, int64(8), src.ExpMonth, "DefaultSource.ExpMonth")
	assert.Equal(t, int64(2030), src.ExpYear, "DefaultSource.ExpYear")
	assert.Equal(t, "pass", src.CVCCheck, "DefaultSource.CVCCheck")
	if assert.NotNil(t, src.Customer, "DefaultSource.Customer") {
		assert.Equal(t, cus.ID, src.Customer.ID, "DefaultSource.Customer.ID")
	}
	// A null address and shipping and absent sources are nil.
	assert.Nil(t, cus.Address, "Address")
	assert.Nil(t, cus.Shipping, "Shipping")
	assert.Nil(t, cus.Sources, "Sources")
	if pm := cus.InvoiceSettings.DefaultPaymentMethod; assert.NotNil(t, pm, "InvoiceSettings.DefaultPaymentMethod") {
		assert.Equal(t, "pm_1MtJUT2eZvKYlo2CY7uJ1GlX", pm.ID, "InvoiceSettings.DefaultPaymentMethod.ID")
	}
	wantClock := &customer.TestClock{
		ID: "clock_1MtJUT2eZvKYlo2C9Aa1tBx3", Object: "test_helpers.test_clock",
		Created: 1680893990, DeletesAfter: 1681498790, FrozenTime: 1680893990, Name: "Annual renewal", Status: "ready",
	}
	assert.Equal(t, wantClock, cus.TestClock, "TestClock")
}

func TestGet_DeletedCustomer(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/customers/cus_NffrFeUfNV2Hib", func(w http.ResponseWriter, r *http.Request) {
		apitest.ServeFixture(t, w, "customer_deleted.json")
	})
	cus, err := c.Get(context.Background(), "cus_NffrFeUfNV2Hib")
	require.NoError(t, err, "Get")
	assert.Equal(t, &customer.Customer{ID: "cus_NffrFeUfNV2Hib", Object: "customer", Deleted: true}, cus)
}

func TestGet_NotFoundIsTypedError(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/customers/cus_missing", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Request-Id", "req_404")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"error":{"type":"invalid_request_error","code":"resource_missing","param":"id","message":"No such customer: 'cus_missing'"}}`))
	})
	_, err := c.Get(context.Background(), "cus_missing")
	var pe *pay.Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, pay.ErrorTypeInvalidRequest, pe.Type, "Type")
	assert.Equal(t, pay.ErrorCodeResourceMissing, pe.Code, "Code")
	assert.Equal(t, "id", pe.Param, "Param")
	assert.Equal(t, http.StatusNotFound, pe.StatusCode, "StatusCode")
	assert.Equal(t, "req_404", pe.RequestID, "RequestID")
}

func TestUpdate(t *testing.T) {
	tests := []struct {
		name   string
		params *customer.UpdateParams
		want   url.Values
	}{
		{"no fields sends an empty body", &customer.UpdateParams{}, nil},
		{"nil params send an empty body", nil, nil},
		{
			"set fields",
			&customer.UpdateParams{
				Email:            pay.String("new@example.com"),
				Name:             pay.String("Jenny R."),
				Phone:            pay.String("+14155550100"),
				Source:           pay.String("tok_mastercard"),
				DefaultSource:    pay.String("card_1MtJUT2eZvKYlo2CNaw2HvEv"),
				Balance:          pay.Int64(0),
				PreferredLocales: []string{"de"},
				TaxExempt:        ptr(customer.TaxExemptReverse),
				InvoicePrefix:    pay.String("ABC123"),
				Shipping: &pay.ShippingParams{
					Name:    "Jenny Rosen",
					Address: &pay.AddressParams{Line1: "2 Side St", Country: "US"},
				},
				Address: &pay.AddressParams{PostalCode: "94103"},
			},
			url.Values{
				"email":                      {"new@example.com"},
				"name":                       {"Jenny R."},
				"phone":                      {"+14155550100"},
				"source":                     {"tok_mastercard"},
				"default_source":             {"card_1MtJUT2eZvKYlo2CNaw2HvEv"},
				"balance":                    {"0"},
				"preferred_locales[0]":       {"de"},
				"tax_exempt":                 {"reverse"},
				"invoice_prefix":             {"ABC123"},
				"shipping[name]":             {"Jenny Rosen"},
				"shipping[address][line1]":   {"2 Side St"},
				"shipping[address][country]": {"US"},
				"address[postal_code]":       {"94103"},
			},
		},
		{
			"pointers to empty clear fields",
			&customer.UpdateParams{
				Description: pay.String(""),
				Phone:       pay.String(""),
				TaxExempt:   ptr(customer.TaxExempt("")),
				Address:     &pay.AddressParams{},
				Shipping:    &pay.ShippingParams{},
			},
			url.Values{"description": {""}, "phone": {""}, "tax_exempt": {""}, "address": {""}, "shipping": {""}},
		},
		{"metadata set and unset", &customer.UpdateParams{Metadata: pay.Metadata{"plan": "pro", "old": ""}},
			url.Values{"metadata[plan]": {"pro"}, "metadata[old]": {""}}},
		{"metadata unset all", &customer.UpdateParams{Metadata: pay.Metadata{}}, url.Values{"metadata": {""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			apitest.Handle(t, mux, "/v1/customers/cus_NffrFeUfNV2Hib", apitest.Request{Method: http.MethodPost, Params: tt.want}, "customer.json")
			cus, err := c.Update(context.Background(), "cus_NffrFeUfNV2Hib", tt.params)
			require.NoError(t, err, "Update")
			assert.Equal(t, "cus_NffrFeUfNV2Hib", cus.ID, "decoded ID")
			assert.Equal(t, "jennyrosen@example.com", cus.Email, "decoded Email")
		})
	}
}

func TestUpdate_KeepsCallersIdempotencyKey(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/customers/cus_1", func(w http.ResponseWriter, r *http.Request) {
		apitest.Header(t, r, "Idempotency-Key", "update-cus_1-v2")
		apitest.Header(t, r, "Stripe-Account", "acct_123")
		apitest.ServeFixture(t, w, "customer.json")
	})
	_, err := c.Update(context.Background(), "cus_1", &customer.UpdateParams{Name: pay.String("x")},
		pay.IdempotencyKey("update-cus_1-v2"), pay.StripeAccount("acct_123"))
	require.NoError(t, err, "Update")
}

func TestDelete_ReturnsDeletedCustomer(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/customers/cus_NffrFeUfNV2Hib", apitest.Request{Method: http.MethodDelete, IdempotencyKey: "delete-jenny"}, "customer_deleted.json")
	cus, err := c.Delete(context.Background(), "cus_NffrFeUfNV2Hib", pay.IdempotencyKey("delete-jenny"))
	require.NoError(t, err, "Delete")
	assert.True(t, cus.Deleted, "Deleted")
	assert.Equal(t, "cus_NffrFeUfNV2Hib", cus.ID, "ID")
	assert.Equal(t, "customer", cus.Object, "Object")
}

func TestDelete_GeneratesIdempotencyKey(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/customers/cus_1", apitest.Request{Method: http.MethodDelete}, "customer_deleted.json")
	_, err := c.Delete(context.Background(), "cus_1")
	require.NoError(t, err, "Delete")
}

func TestBadInput_FailsBeforeSending(t *testing.T) {
	ctx := context.Background()
	manyKeys := pay.Metadata{}
	for i := range pay.MaxMetadataKeys + 1 {
		manyKeys["k"+strings.Repeat("x", i%5)+string(rune('a'+i%26))+string(rune('a'+i/26))] = "v"
	}
	apitest.WantBadInput(t, customer.NewClient, []apitest.BadInput[*customer.Client]{
		{Name: "get empty id", Call: func(c *customer.Client) error { _, err := c.Get(ctx, ""); return err }, Param: "id"},
		{Name: "get dot-dot id", Call: func(c *customer.Client) error { _, err := c.Get(ctx, ".."); return err }, Param: "id"},
		{Name: "update empty id", Call: func(c *customer.Client) error { _, err := c.Update(ctx, "", &customer.UpdateParams{}); return err }, Param: "id"},
		{Name: "update empty default source", Call: func(c *customer.Client) error {
			_, err := c.Update(ctx, "cus_1", &customer.UpdateParams{DefaultSource: pay.String("")})
			return err
		}, Param: "default_source"},
		{Name: "update bad tax exempt", Call: func(c *customer.Client) error {
			_, err := c.Update(ctx, "cus_1", &customer.UpdateParams{TaxExempt: ptr(customer.TaxExempt("yes"))})
			return err
		}, Param: "tax_exempt"},
		{Name: "update bad invoice prefix", Call: func(c *customer.Client) error {
			_, err := c.Update(ctx, "cus_1", &customer.UpdateParams{InvoicePrefix: pay.String("ab")})
			return err
		}, Param: "invoice_prefix"},
		{Name: "delete empty id", Call: func(c *customer.Client) error { _, err := c.Delete(ctx, ""); return err }, Param: "id"},
		{Name: "create bad tax exempt", Call: func(c *customer.Client) error {
			_, err := c.Create(ctx, &customer.CreateParams{TaxExempt: "EXEMPT"})
			return err
		}, Param: "tax_exempt"},
		{Name: "create lowercase invoice prefix", Call: func(c *customer.Client) error {
			_, err := c.Create(ctx, &customer.CreateParams{InvoicePrefix: "abc"})
			return err
		}, Param: "invoice_prefix"},
		{Name: "create shipping with carrier", Call: func(c *customer.Client) error {
			_, err := c.Create(ctx, &customer.CreateParams{Shipping: &pay.ShippingParams{Name: "J", Carrier: "UPS"}})
			return err
		}, Param: "shipping[carrier]"},
		{Name: "update shipping with tracking number", Call: func(c *customer.Client) error {
			_, err := c.Update(ctx, "cus_1", &customer.UpdateParams{Shipping: &pay.ShippingParams{Name: "J", TrackingNumber: "1Z"}})
			return err
		}, Param: "shipping[tracking_number]"},
		{Name: "create empty locale", Call: func(c *customer.Client) error {
			_, err := c.Create(ctx, &customer.CreateParams{PreferredLocales: []string{"en", ""}})
			return err
		}, Param: "preferred_locales[1]"},
		{Name: "create metadata key too long", Call: func(c *customer.Client) error {
			_, err := c.Create(ctx, &customer.CreateParams{Metadata: pay.Metadata{strings.Repeat("k", 41): "v"}})
			return err
		}, Param: "metadata"},
		{Name: "create too many metadata keys", Call: func(c *customer.Client) error {
			_, err := c.Create(ctx, &customer.CreateParams{Metadata: manyKeys})
			return err
		}, Param: "metadata"},
		{Name: "list page limit over 100", Call: func(c *customer.Client) error {
			_, err := c.ListPage(ctx, &customer.ListParams{ListParams: pay.ListParams{Limit: 101}})
			return err
		}, Param: "limit"},
		{Name: "list both cursors", Call: func(c *customer.Client) error {
			for _, err := range c.List(ctx, &customer.ListParams{ListParams: pay.ListParams{StartingAfter: "cus_1", EndingBefore: "cus_2"}}) {
				return err
			}
			return nil
		}, Param: "ending_before"},
	})
}

func ptr[T any](v T) *T { return &v }
