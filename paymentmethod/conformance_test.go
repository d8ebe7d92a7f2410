package paymentmethod_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/conformance"
	"github.com/paykit/pay/paymentmethod"
)

func TestMain(m *testing.M) { conformance.Main(m) }

var walk = conformance.References

// Every call with every params field set (conformance.Fill) against
// stripe-mock, each field proven sent, every response walked.
func TestConformance_EveryCallAndParam(t *testing.T) {
	c, _, rec := conformance.ClientFor(t, paymentmethod.NewClient)
	ctx := context.Background()

	var create paymentmethod.CreateParams
	conformance.Fill(t, "POST", "/v1/payment_methods", &create)
	create.Card = &paymentmethod.CardParams{Token: "tok_visa"}
	pm, err := c.Create(ctx, &create)
	require.NoError(t, err)
	check(t, pm)
	walk.Report(t, "Create", "payment_method", rec.LastBody(), pm)
	// The card's other fields (number, expiry, cvc, networks) with a
	// number instead of a token.
	create.Card = nil
	conformance.Fill(t, "POST", "/v1/payment_methods", &create)
	create.Card.Token = ""
	_, err = c.Create(ctx, &create)
	require.NoError(t, err)
	rec.WantEveryParamSent(t, "POST /v1/payment_methods", paymentmethod.CreateParams{})

	var update paymentmethod.UpdateParams
	conformance.Fill(t, "POST", "/v1/payment_methods/{payment_method}", &update)
	pm, err = c.Update(ctx, "pm_123", &update)
	require.NoError(t, err)
	check(t, pm)
	rec.WantEveryParamSent(t, "POST /v1/payment_methods/{id}", paymentmethod.UpdateParams{})

	var attach paymentmethod.AttachParams
	conformance.Fill(t, "POST", "/v1/payment_methods/{payment_method}/attach", &attach)
	pm, err = c.Attach(ctx, "pm_123", &attach)
	require.NoError(t, err)
	check(t, pm)
	rec.WantEveryParamSent(t, "POST /v1/payment_methods/{id}/attach", paymentmethod.AttachParams{})

	pm, err = c.Detach(ctx, "pm_123")
	require.NoError(t, err)
	check(t, pm)

	for _, expand := range [][]string{nil, {"customer"}} {
		pm, err = c.Get(ctx, "pm_123", pay.Expand(expand...))
		require.NoError(t, err)
		check(t, pm)
		walk.Report(t, "Get", "payment_method", rec.LastBody(), pm)
	}

	var list paymentmethod.ListParams
	conformance.Fill(t, "GET", "/v1/payment_methods", &list)
	list.EndingBefore = ""
	page, err := c.ListPage(ctx, &list)
	require.NoError(t, err)
	walk.Report(t, "ListPage", "page", rec.LastBody(), page)
	_, err = c.ListPage(ctx, &paymentmethod.ListParams{ListParams: pay.ListParams{EndingBefore: "pm_1"}})
	require.NoError(t, err)
	rec.WantEveryParamSent(t, "GET /v1/payment_methods", paymentmethod.ListParams{})
	page, err = c.ListPage(ctx, &paymentmethod.ListParams{Customer: "cus_123", Type: "card", ListParams: pay.ListParams{Limit: 3}})
	require.NoError(t, err)
	walk.Report(t, "customer's ListPage", "page", rec.LastBody(), page)
}

func TestConformance_RejectedRequestIsTypedError(t *testing.T) {
	_, pc, _ := conformance.ClientFor(t, paymentmethod.NewClient)
	conformance.WantRejected(t, pc, []conformance.Rejection{
		{Name: "type not in the enum", Method: http.MethodPost, Path: "/v1/payment_methods", Params: url.Values{"type": {"cheque"}}, Status: 400},
		{Name: "attach without customer", Method: http.MethodPost, Path: "/v1/payment_methods/pm_123/attach", Params: url.Values{"source": {"x"}}, Status: 400},
		{Name: "unknown list filter", Method: http.MethodGet, Path: "/v1/payment_methods", Params: url.Values{"brand": {"visa"}}, Status: 400},
	})
}

func check(t *testing.T, pm *paymentmethod.PaymentMethod) {
	t.Helper()
	assert.True(t, strings.HasPrefix(pm.ID, "pm_"), "ID %q", pm.ID)
	assert.Equal(t, "payment_method", pm.Object)
	assert.NotEmpty(t, pm.Type)
}
