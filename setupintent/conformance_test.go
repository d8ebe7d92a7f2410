package setupintent_test

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
	"github.com/paykit/pay/setupintent"
)

func TestMain(m *testing.M) { conformance.Main(m) }

var walk = conformance.Walk{Partial: []reflect.Type{reflect.TypeFor[pay.Reference](), reflect.TypeFor[pay.Error]()}}

// Every call with every params field set (conformance.Fill) against
// stripe-mock, each field proven sent, every response walked.
func TestConformance_EveryCallAndParam(t *testing.T) {
	c, _, rec := conformance.ClientFor(t, setupintent.NewClient)
	ctx := context.Background()

	var create setupintent.CreateParams
	conformance.Fill(t, "POST", "/v1/setup_intents", &create)
	si, err := c.Create(ctx, &create)
	require.NoError(t, err)
	check(t, si)
	walk.Report(t, "Create", "setup_intent", rec.LastBody(), si)
	rec.WantEveryParamSent(t, "POST /v1/setup_intents", setupintent.CreateParams{})

	var update setupintent.UpdateParams
	conformance.Fill(t, "POST", "/v1/setup_intents/{intent}", &update)
	si, err = c.Update(ctx, "seti_123", &update)
	require.NoError(t, err)
	check(t, si)
	rec.WantEveryParamSent(t, "POST /v1/setup_intents/{id}", setupintent.UpdateParams{})

	var confirm setupintent.ConfirmParams
	conformance.Fill(t, "POST", "/v1/setup_intents/{intent}/confirm", &confirm)
	si, err = c.Confirm(ctx, "seti_123", &confirm)
	require.NoError(t, err)
	check(t, si)
	rec.WantEveryParamSent(t, "POST /v1/setup_intents/{id}/confirm", setupintent.ConfirmParams{})

	var cancel setupintent.CancelParams
	conformance.Fill(t, "POST", "/v1/setup_intents/{intent}/cancel", &cancel)
	si, err = c.Cancel(ctx, "seti_123", &cancel)
	require.NoError(t, err)
	check(t, si)
	rec.WantEveryParamSent(t, "POST /v1/setup_intents/{id}/cancel", setupintent.CancelParams{})

	for _, expand := range [][]string{nil, {"customer", "payment_method"}} {
		si, err = c.Get(ctx, "seti_123", pay.Expand(expand...))
		require.NoError(t, err)
		check(t, si)
		walk.Report(t, "Get", "setup_intent", rec.LastBody(), si)
	}

	var list setupintent.ListParams
	conformance.Fill(t, "GET", "/v1/setup_intents", &list)
	list.EndingBefore = ""
	page, err := c.ListPage(ctx, &list)
	require.NoError(t, err)
	walk.Report(t, "ListPage", "page", rec.LastBody(), page)
	_, err = c.ListPage(ctx, &setupintent.ListParams{ListParams: pay.ListParams{EndingBefore: "seti_1"}})
	require.NoError(t, err)
	rec.WantEveryParamSent(t, "GET /v1/setup_intents", setupintent.ListParams{})
}

func TestConformance_RejectedRequestIsTypedError(t *testing.T) {
	_, pc, _ := conformance.ClientFor(t, setupintent.NewClient)
	conformance.WantRejected(t, pc, []conformance.Rejection{
		{Name: "usage not in the enum", Method: http.MethodPost, Path: "/v1/setup_intents", Params: url.Values{"usage": {"sometimes"}}, Status: 400},
		{Name: "unknown param", Method: http.MethodPost, Path: "/v1/setup_intents", Params: url.Values{"amount": {"100"}}, Status: 400},
		{Name: "cancellation reason not in the enum", Method: http.MethodPost, Path: "/v1/setup_intents/seti_123/cancel", Params: url.Values{"cancellation_reason": {"fraudulent"}}, Status: 400},
	})
}

func check(t *testing.T, si *setupintent.SetupIntent) {
	t.Helper()
	assert.True(t, strings.HasPrefix(si.ID, "seti_"), "ID %q", si.ID)
	assert.Equal(t, "setup_intent", si.Object)
	assert.NotEmpty(t, si.Status)
}
