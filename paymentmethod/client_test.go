package paymentmethod_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/apitest"
	"github.com/paykit/pay/paymentmethod"
)

func setup(t *testing.T) (*paymentmethod.Client, *http.ServeMux) {
	return apitest.SetupClient(t, paymentmethod.NewClient)
}

const pmID = "pm_1PgbNeB7WZ01zgkWZ3lP7b2Y"

// A checkout form's token becomes a payment method.
func TestCreate_FromTokenDecodesCard(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/payment_methods", apitest.Request{Method: http.MethodPost, IdempotencyKey: "pm-order-6735", Params: url.Values{
		"type":                                  {"card"},
		"card[token]":                           {"tok_visa"},
		"billing_details[name]":                 {"Jenny Rosen"},
		"billing_details[email]":                {"jenny@example.com"},
		"billing_details[address][postal_code]": {"94103"},
		"metadata[order_id]":                    {"6735"},
	}}, "payment_method.json")
	pm, err := c.Create(context.Background(), &paymentmethod.CreateParams{
		Type: "card", Card: &paymentmethod.CardParams{Token: "tok_visa"},
		BillingDetails: &paymentmethod.BillingDetailsParams{Name: "Jenny Rosen", Email: "jenny@example.com", Address: &pay.AddressParams{PostalCode: "94103"}},
		Metadata:       pay.Metadata{"order_id": "6735"},
	}, pay.IdempotencyKey("pm-order-6735"))
	require.NoError(t, err)
	assert.Equal(t, pmID, pm.ID)
	assert.EqualValues(t, "card", pm.Type)
	require.NotNil(t, pm.Card)
	assert.Equal(t, "visa", pm.Card.Brand)
	assert.Equal(t, "4242", pm.Card.Last4)
	assert.Equal(t, int64(12), pm.Card.ExpMonth)
	assert.Equal(t, int64(2030), pm.Card.ExpYear)
	assert.Equal(t, "credit", pm.Card.Funding)
	assert.Equal(t, "Xt5EWLLDS7FJjR1c", pm.Card.Fingerprint)
	require.NotNil(t, pm.Card.Checks)
	assert.Equal(t, "pass", pm.Card.Checks.CVCCheck)
	assert.Equal(t, "Jenny Rosen", pm.BillingDetails.Name)
	assert.Nil(t, pm.Customer)
}

func TestCalls_SendTheirRequests(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name, path string
		want       apitest.Request
		call       func(*paymentmethod.Client) (*paymentmethod.PaymentMethod, error)
		customer   string
	}{
		{"get", "/v1/payment_methods/" + pmID, apitest.Request{Method: http.MethodGet},
			func(c *paymentmethod.Client) (*paymentmethod.PaymentMethod, error) { return c.Get(ctx, pmID) }, "cus_NffrFeUfNV2Hib"},
		{"update", "/v1/payment_methods/" + pmID, apitest.Request{Method: http.MethodPost, Params: url.Values{"card[exp_month]": {"1"}, "card[exp_year]": {"2031"}, "metadata[k]": {""}}},
			func(c *paymentmethod.Client) (*paymentmethod.PaymentMethod, error) {
				return c.Update(ctx, pmID, &paymentmethod.UpdateParams{Card: &paymentmethod.UpdateCardParams{ExpMonth: pay.Int64(1), ExpYear: pay.Int64(2031)}, Metadata: pay.Metadata{"k": ""}})
			}, "cus_NffrFeUfNV2Hib"},
		{"attach", "/v1/payment_methods/" + pmID + "/attach", apitest.Request{Method: http.MethodPost, Params: url.Values{"customer": {"cus_NffrFeUfNV2Hib"}}},
			func(c *paymentmethod.Client) (*paymentmethod.PaymentMethod, error) {
				return c.Attach(ctx, pmID, &paymentmethod.AttachParams{Customer: "cus_NffrFeUfNV2Hib"})
			}, "cus_NffrFeUfNV2Hib"},
		{"detach", "/v1/payment_methods/" + pmID + "/detach", apitest.Request{Method: http.MethodPost},
			func(c *paymentmethod.Client) (*paymentmethod.PaymentMethod, error) { return c.Detach(ctx, pmID) }, "cus_NffrFeUfNV2Hib"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			calls := apitest.Handle(t, mux, tt.path, tt.want, "payment_method_attached.json")
			pm, err := tt.call(c)
			require.NoError(t, err)
			assert.EqualValues(t, 1, calls.Load())
			assert.Equal(t, pmID, pm.ID)
			require.NotNil(t, pm.Customer)
			assert.Equal(t, tt.customer, pm.Customer.ID)
		})
	}
}

// With a customer, the list reads /v1/customers/{customer}/payment_methods.
func TestList_OfACustomer(t *testing.T) {
	c, mux := setup(t)
	n := apitest.ServePages(t, mux, "/v1/customers/cus_NffrFeUfNV2Hib/payment_methods", url.Values{"type": {"card"}, "limit": {"2"}}, "pm_2")
	var ids []string
	for pm, err := range c.List(context.Background(), &paymentmethod.ListParams{Customer: "cus_NffrFeUfNV2Hib", Type: "card", ListParams: pay.ListParams{Limit: 2}}) {
		require.NoError(t, err)
		ids = append(ids, pm.ID)
	}
	assert.Equal(t, []string{"pm_3", "pm_2", "pm_1"}, ids)
	assert.EqualValues(t, 2, n.Load())
}

func TestBadInput_FailsBeforeSending(t *testing.T) {
	ctx := context.Background()
	apitest.WantBadInput(t, paymentmethod.NewClient, []apitest.BadInput[*paymentmethod.Client]{
		{Name: "nil create", Call: func(c *paymentmethod.Client) error { _, err := c.Create(ctx, nil); return err }, Param: "params"},
		{Name: "no type", Call: func(c *paymentmethod.Client) error {
			_, err := c.Create(ctx, &paymentmethod.CreateParams{Card: &paymentmethod.CardParams{Token: "tok_visa"}})
			return err
		}, Param: "type"},
		{Name: "token and number", Call: func(c *paymentmethod.Client) error {
			_, err := c.Create(ctx, &paymentmethod.CreateParams{Type: "card", Card: &paymentmethod.CardParams{Token: "tok_visa", Number: "4242424242424242"}})
			return err
		}, Param: "card[number]"},
		{Name: "attach without customer", Call: func(c *paymentmethod.Client) error {
			_, err := c.Attach(ctx, pmID, &paymentmethod.AttachParams{})
			return err
		}, Param: "customer"},
		{Name: "detach empty id", Call: func(c *paymentmethod.Client) error { _, err := c.Detach(ctx, ""); return err }, Param: "id"},
		{Name: "list customer with dots", Call: func(c *paymentmethod.Client) error {
			_, err := c.ListPage(ctx, &paymentmethod.ListParams{Customer: ".."})
			return err
		}, Param: "id"},
	})
}
