package paymentintent_test

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/conformance"
	"github.com/paykit/pay/paymentintent"
)

// The conformance tests send every call with every params field set (by
// conformance.Fill, from the API's spec) to stripe-mock, prove from the
// wire that each field went, and walk every response next to what it
// decoded into.

func TestMain(m *testing.M) { conformance.Main(m) }

// walk: pay.Reference keeps only an object's id and type, and *pay.Error
// (last_payment_error) keeps the ids of the objects it names, by design.
var walk = conformance.Walk{Partial: []reflect.Type{reflect.TypeFor[pay.Reference](), reflect.TypeFor[pay.Error]()}}

func stripeMock(t *testing.T) (*paymentintent.Client, *pay.Client, *conformance.Recorder) {
	return conformance.ClientFor(t, paymentintent.NewClient)
}

func TestConformance_EveryCallAndParam(t *testing.T) {
	c, _, rec := stripeMock(t)
	ctx := context.Background()

	var create paymentintent.CreateParams
	conformance.Fill(t, "POST", "/v1/payment_intents", &create)
	create.Amount, create.Currency = 2000, "usd"
	pi, err := c.Create(ctx, &create, pay.IdempotencyKey("conformance-create"))
	require.NoError(t, err)
	check(t, pi)
	walk.Report(t, "Create", "payment_intent", rec.LastBody(), pi)
	rec.WantEveryParamSent(t, "POST /v1/payment_intents", paymentintent.CreateParams{})

	var update paymentintent.UpdateParams
	conformance.Fill(t, "POST", "/v1/payment_intents/{intent}", &update)
	pi, err = c.Update(ctx, "pi_123", &update)
	require.NoError(t, err)
	check(t, pi)
	rec.WantEveryParamSent(t, "POST /v1/payment_intents/{id}", paymentintent.UpdateParams{})

	var confirm paymentintent.ConfirmParams
	conformance.Fill(t, "POST", "/v1/payment_intents/{intent}/confirm", &confirm)
	pi, err = c.Confirm(ctx, "pi_123", &confirm)
	require.NoError(t, err)
	check(t, pi)
	rec.WantEveryParamSent(t, "POST /v1/payment_intents/{id}/confirm", paymentintent.ConfirmParams{})

	var capture paymentintent.CaptureParams
	conformance.Fill(t, "POST", "/v1/payment_intents/{intent}/capture", &capture)
	pi, err = c.Capture(ctx, "pi_123", &capture)
	require.NoError(t, err)
	check(t, pi)
	rec.WantEveryParamSent(t, "POST /v1/payment_intents/{id}/capture", paymentintent.CaptureParams{})

	var cancel paymentintent.CancelParams
	conformance.Fill(t, "POST", "/v1/payment_intents/{intent}/cancel", &cancel)
	pi, err = c.Cancel(ctx, "pi_123", &cancel)
	require.NoError(t, err)
	check(t, pi)
	rec.WantEveryParamSent(t, "POST /v1/payment_intents/{id}/cancel", paymentintent.CancelParams{})

	for _, expand := range [][]string{nil, {"latest_charge", "customer", "payment_method"}} {
		pi, err = c.Get(ctx, "pi_123", pay.Expand(expand...))
		require.NoError(t, err)
		check(t, pi)
		walk.Report(t, "Get", "payment_intent", rec.LastBody(), pi)
	}
}

func TestConformance_ListAndSearch(t *testing.T) {
	c, _, rec := stripeMock(t)
	ctx := context.Background()
	var list paymentintent.ListParams
	conformance.Fill(t, "GET", "/v1/payment_intents", &list)
	list.Limit, list.EndingBefore = 2, ""
	page, err := c.ListPage(ctx, &list)
	require.NoError(t, err)
	require.NotEmpty(t, page.Data)
	walk.Report(t, "ListPage", "page", rec.LastBody(), page)
	_, err = c.ListPage(ctx, &paymentintent.ListParams{ListParams: pay.ListParams{EndingBefore: "pi_123"}})
	require.NoError(t, err)
	rec.WantEveryParamSent(t, "GET /v1/payment_intents", paymentintent.ListParams{ListParams: pay.ListParams{}})

	sp, err := c.SearchPage(ctx, &paymentintent.SearchParams{Query: "status:'succeeded'", Limit: 3, Page: "page_2"})
	require.NoError(t, err)
	require.NotEmpty(t, sp.Data)
	walk.Report(t, "SearchPage", "search", rec.LastBody(), sp)
	for pi, err := range c.Search(ctx, &paymentintent.SearchParams{Query: "status:'succeeded'"}) {
		require.NoError(t, err)
		check(t, pi)
		break
	}
}

func TestConformance_RejectedRequestIsTypedError(t *testing.T) {
	_, pc, _ := stripeMock(t)
	conformance.WantRejected(t, pc, []conformance.Rejection{
		{Name: "no amount", Method: http.MethodPost, Path: "/v1/payment_intents", Params: url.Values{"currency": {"usd"}}, Status: 400},
		{Name: "unknown param", Method: http.MethodPost, Path: "/v1/payment_intents", Params: url.Values{"amount": {"1"}, "currency": {"usd"}, "source": {"tok_visa"}}, Status: 400},
		{Name: "capture_method not in the enum", Method: http.MethodPost, Path: "/v1/payment_intents", Params: url.Values{"amount": {"1"}, "currency": {"usd"}, "capture_method": {"later"}}, Status: 400},
		{Name: "cancellation reason not in the enum", Method: http.MethodPost, Path: "/v1/payment_intents/pi_123/cancel", Params: url.Values{"cancellation_reason": {"bored"}}, Status: 400},
		{Name: "capture amount not an integer", Method: http.MethodPost, Path: "/v1/payment_intents/pi_123/capture", Params: url.Values{"amount_to_capture": {"all"}}, Status: 400},
	})
}

func check(t *testing.T, pi *paymentintent.PaymentIntent) {
	t.Helper()
	assert.True(t, strings.HasPrefix(pi.ID, "pi_"), "ID %q", pi.ID)
	assert.Equal(t, "payment_intent", pi.Object)
	assert.NotEmpty(t, pi.Status)
	assert.Len(t, pi.Currency, 3)
}
