package paymentintent_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/internal/apitest"
	"github.com/paykit/pay/paymentintent"
)

func setup(t *testing.T) (*paymentintent.Client, *http.ServeMux) {
	return apitest.SetupClient(t, paymentintent.NewClient)
}

const piID = "pi_3PgbNfB7WZ01zgkW1cW8nT6q"

func TestCreate_SendsParamsAndDecodesNextAction(t *testing.T) {
	c, mux := setup(t)
	calls := apitest.Handle(t, mux, "/v1/payment_intents", apitest.Request{Method: http.MethodPost, IdempotencyKey: "order-6735", Params: url.Values{
		"amount":                  {"2000"},
		"currency":                {"usd"},
		"customer":                {"cus_NffrFeUfNV2Hib"},
		"payment_method":          {"pm_1PgbNeB7WZ01zgkWZ3lP7b2Y"},
		"payment_method_types[0]": {"card"},
		"confirm":                 {"true"},
		"return_url":              {"https://shop.example/return"},
		"setup_future_usage":      {"off_session"},
		"capture_method":          {"automatic"},
		"description":             {"Order 6735"},
		"metadata[order_id]":      {"6735"},
		"application_fee_amount":  {"0"},
		"payment_method_options[card][request_three_d_secure]": {"any"},
	}}, "payment_intent_requires_action.json")
	pi, err := c.Create(context.Background(), &paymentintent.CreateParams{
		Amount: 2000, Currency: "usd", Customer: "cus_NffrFeUfNV2Hib",
		PaymentMethod: "pm_1PgbNeB7WZ01zgkWZ3lP7b2Y", PaymentMethodTypes: []string{"card"},
		Confirm: true, ReturnURL: "https://shop.example/return",
		SetupFutureUsage: paymentintent.SetupFutureUsageOffSession, CaptureMethod: paymentintent.CaptureMethodAutomatic,
		Description: "Order 6735", Metadata: pay.Metadata{"order_id": "6735"}, ApplicationFeeAmount: pay.Int64(0),
		PaymentMethodOptions: &paymentintent.PaymentMethodOptionsParams{Card: &paymentintent.CardOptionsParams{RequestThreeDSecure: "any"}},
	}, pay.IdempotencyKey("order-6735"))
	require.NoError(t, err)
	assert.EqualValues(t, 1, calls.Load())
	assert.Equal(t, piID, pi.ID)
	assert.Equal(t, paymentintent.StatusRequiresAction, pi.Status)
	assert.Equal(t, int64(2000), pi.Amount)
	require.NotNil(t, pi.Customer)
	assert.Equal(t, "cus_NffrFeUfNV2Hib", pi.Customer.ID)
	require.NotNil(t, pi.PaymentMethod)
	assert.Equal(t, "pm_1PgbNeB7WZ01zgkWZ3lP7b2Y", pi.PaymentMethod.ID)
	require.NotNil(t, pi.NextAction)
	assert.Equal(t, pay.NextActionRedirectToURL, pi.NextAction.Type)
	require.NotNil(t, pi.NextAction.RedirectToURL)
	assert.Contains(t, pi.NextAction.RedirectToURL.URL, "https://hooks.stripe.com/3d_secure_2/hosted?")
	assert.Equal(t, "https://shop.example/return", pi.NextAction.RedirectToURL.ReturnURL)
	assert.Equal(t, piID+"_secret_Hk2pQm9RzT4vW1", pi.ClientSecret, "the field holds the secret, for the browser")
	assert.Equal(t, "6735", pi.Metadata["order_id"])
	assert.Nil(t, pi.LastPaymentError)
	assert.Zero(t, pi.CanceledAt)
}

func TestFmt_NeverShowsTheClientSecret(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/payment_intents/"+piID, apitest.Request{Method: http.MethodGet}, "payment_intent_requires_action.json")
	pi, err := c.Get(context.Background(), piID)
	require.NoError(t, err)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		for _, v := range []any{pi, *pi, pi.NextAction.RedirectToURL, *pi.NextAction.RedirectToURL, pi.NextAction} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, "Hk2pQm9RzT4vW1", "%s of %T", verb, v)
		}
	}
	assert.Contains(t, fmt.Sprintf("%+v", pi), "ClientSecret:"+piID+"_secret_[redacted]")
	assert.Contains(t, fmt.Sprintf("%+v", pi), "Status:requires_action", "the rest prints as usual")
}

func TestGet_ExpandedLatestCharge(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/payment_intents/"+piID, apitest.Request{Method: http.MethodGet, Params: url.Values{
		"expand[0]": {"latest_charge"},
	}}, "payment_intent_succeeded_expanded.json")
	pi, err := c.Get(context.Background(), piID, pay.Expand("latest_charge"))
	require.NoError(t, err)
	assert.Equal(t, paymentintent.StatusSucceeded, pi.Status)
	assert.Equal(t, int64(2000), pi.AmountReceived)
	require.NotNil(t, pi.LatestCharge)
	assert.Equal(t, "ch_3PgbNfB7WZ01zgkW1Jq2xL0a", pi.LatestCharge.ID)
	assert.Equal(t, charge.StatusSucceeded, pi.LatestCharge.Status)
	assert.True(t, pi.LatestCharge.Captured)
	require.NotNil(t, pi.LatestCharge.PaymentIntent)
	assert.Equal(t, piID, pi.LatestCharge.PaymentIntent.ID)
	assert.Nil(t, pi.NextAction)
}

func TestCalls_SendTheirRequests(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		path    string
		want    apitest.Request
		fixture string
		call    func(*paymentintent.Client) (*paymentintent.PaymentIntent, error)
		status  paymentintent.Status
	}{
		{"update", "/v1/payment_intents/" + piID,
			apitest.Request{Method: http.MethodPost, Params: url.Values{"amount": {"2500"}, "description": {""}, "metadata[order_id]": {""}, "receipt_email": {"jenny@example.com"}}},
			"payment_intent_requires_action.json",
			func(c *paymentintent.Client) (*paymentintent.PaymentIntent, error) {
				return c.Update(ctx, piID, &paymentintent.UpdateParams{Amount: pay.Int64(2500), Description: pay.String(""), Metadata: pay.Metadata{"order_id": ""}, ReceiptEmail: pay.String("jenny@example.com")})
			}, paymentintent.StatusRequiresAction},
		{"confirm", "/v1/payment_intents/" + piID + "/confirm",
			apitest.Request{Method: http.MethodPost, IdempotencyKey: "confirm-6735", Params: url.Values{"payment_method": {"pm_card_visa"}, "return_url": {"https://shop.example/return"}, "off_session": {"true"}}},
			"payment_intent_succeeded_expanded.json",
			func(c *paymentintent.Client) (*paymentintent.PaymentIntent, error) {
				return c.Confirm(ctx, piID, &paymentintent.ConfirmParams{PaymentMethod: "pm_card_visa", ReturnURL: "https://shop.example/return", OffSession: true}, pay.IdempotencyKey("confirm-6735"))
			}, paymentintent.StatusSucceeded},
		{"confirm nil params", "/v1/payment_intents/" + piID + "/confirm",
			apitest.Request{Method: http.MethodPost}, "payment_intent_succeeded_expanded.json",
			func(c *paymentintent.Client) (*paymentintent.PaymentIntent, error) { return c.Confirm(ctx, piID, nil) },
			paymentintent.StatusSucceeded},
		{"capture part", "/v1/payment_intents/" + piID + "/capture",
			apitest.Request{Method: http.MethodPost, Params: url.Values{"amount_to_capture": {"1500"}, "final_capture": {"true"}}},
			"payment_intent_succeeded_expanded.json",
			func(c *paymentintent.Client) (*paymentintent.PaymentIntent, error) {
				return c.Capture(ctx, piID, &paymentintent.CaptureParams{AmountToCapture: 1500, FinalCapture: pay.Bool(true)})
			}, paymentintent.StatusSucceeded},
		{"cancel", "/v1/payment_intents/" + piID + "/cancel",
			apitest.Request{Method: http.MethodPost, Params: url.Values{"cancellation_reason": {"requested_by_customer"}}},
			"payment_intent_requires_capture.json",
			func(c *paymentintent.Client) (*paymentintent.PaymentIntent, error) {
				return c.Cancel(ctx, piID, &paymentintent.CancelParams{CancellationReason: paymentintent.CancellationReasonRequestedByCustomer})
			}, paymentintent.StatusRequiresCapture},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			calls := apitest.Handle(t, mux, tt.path, tt.want, tt.fixture)
			pi, err := tt.call(c)
			require.NoError(t, err)
			assert.EqualValues(t, 1, calls.Load())
			assert.Equal(t, piID, pi.ID)
			assert.Equal(t, tt.status, pi.Status)
		})
	}
}

// A confirm that needs authentication off session is a 402 whose body
// embeds the PaymentIntent: FromError returns it without another request.
func TestFromError_AuthenticationRequired(t *testing.T) {
	c, mux := setup(t)
	var calls int
	mux.HandleFunc("/v1/payment_intents/"+piID+"/confirm", func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusPaymentRequired)
		_, _ = w.Write(apitest.Fixture(t, "error_authentication_required.json"))
	})
	_, err := c.Confirm(context.Background(), piID, &paymentintent.ConfirmParams{OffSession: true})
	require.Error(t, err)
	assert.Equal(t, 1, calls, "a 402 is an answer: not retried")
	var pe *pay.Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, pay.ErrorTypeCard, pe.Type)
	assert.Equal(t, pay.ErrorCodeAuthenticationRequired, pe.Code)
	assert.Equal(t, piID, pe.PaymentIntentID)
	assert.NotContains(t, err.Error(), "Hk2pQm9RzT4vW1")
	assert.NotContains(t, fmt.Sprintf("%#v", pe), "Hk2pQm9RzT4vW1")

	pi, ok := paymentintent.FromError(err)
	require.True(t, ok)
	assert.Equal(t, piID, pi.ID)
	assert.Equal(t, paymentintent.StatusRequiresPaymentMethod, pi.Status)
	require.NotNil(t, pi.LastPaymentError)
	assert.Equal(t, pay.ErrorCodeAuthenticationRequired, pi.LastPaymentError.Code)
	assert.Equal(t, "pm_1PgbNeB7WZ01zgkWZ3lP7b2Y", pi.LastPaymentError.PaymentMethodID)
	assert.Equal(t, "ch_3PgbNfB7WZ01zgkW1Jq2xL0a", pi.LastPaymentError.ChargeID)
	require.NotNil(t, pi.LatestCharge)
	assert.Equal(t, "ch_3PgbNfB7WZ01zgkW1Jq2xL0a", pi.LatestCharge.ID)
	assert.NotContains(t, fmt.Sprintf("%+v", pi), "Hk2pQm9RzT4vW1")

	// A wrapped error works as well.
	wrapped := fmt.Errorf("charging order 6735: %w", err)
	pi2, ok := paymentintent.FromError(wrapped)
	require.True(t, ok)
	assert.Equal(t, pi.ID, pi2.ID)
}

func TestFromError_NoEmbeddedPaymentIntent(t *testing.T) {
	tests := []struct {
		name string
		body string // "" for an error that is not a *pay.Error
	}{
		{"not a pay error", ""},
		{"no payment_intent", `{"error":{"type":"card_error","code":"card_declined","decline_code":"generic_decline"}}`},
		{"only the id", `{"error":{"type":"card_error","code":"card_declined","payment_intent":"pi_1"}}`},
		{"not an object", `{"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds","payment_intent":42}}`},
		{"object without an id", `{"error":{"type":"card_error","code":"card_declined","payment_intent":{"object":"payment_intent"}}}`},
		{"object of the wrong shape", `{"error":{"type":"card_error","code":"card_declined","payment_intent":{"id":"pi_1","amount":"lots"}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := errors.New("boom")
			if tt.body != "" {
				c, mux := setup(t)
				mux.HandleFunc("/v1/payment_intents", func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(http.StatusPaymentRequired)
					_, _ = w.Write([]byte(tt.body))
				})
				_, err = c.Create(context.Background(), &paymentintent.CreateParams{Amount: 100, Currency: "usd"})
				var pe *pay.Error
				require.ErrorAs(t, err, &pe)
				assert.Equal(t, pay.ErrorTypeCard, pe.Type, "the decline stays a decline")
			}
			pi, ok := paymentintent.FromError(err)
			assert.False(t, ok)
			assert.Nil(t, pi)
		})
	}
	pi, ok := paymentintent.FromError(nil)
	assert.False(t, ok)
	assert.Nil(t, pi)
}

func TestBadInput_FailsBeforeSending(t *testing.T) {
	ctx := context.Background()
	ok := func() *paymentintent.CreateParams { return &paymentintent.CreateParams{Amount: 2000, Currency: "usd"} }
	apitest.WantBadInput(t, paymentintent.NewClient, []apitest.BadInput[*paymentintent.Client]{
		{Name: "nil create params", Call: func(c *paymentintent.Client) error { _, err := c.Create(ctx, nil); return err }, Param: "params"},
		{Name: "no amount", Call: func(c *paymentintent.Client) error {
			p := ok()
			p.Amount = 0
			_, err := c.Create(ctx, p)
			return err
		}, Param: "amount"},
		{Name: "bad currency", Call: func(c *paymentintent.Client) error {
			p := ok()
			p.Currency = "US Dollars"
			_, err := c.Create(ctx, p)
			return err
		}, Param: "currency"},
		{Name: "off_session without confirm", Call: func(c *paymentintent.Client) error {
			p := ok()
			p.OffSession = true
			_, err := c.Create(ctx, p)
			return err
		}, Param: "off_session"},
		{Name: "return_url without confirm", Call: func(c *paymentintent.Client) error {
			p := ok()
			p.ReturnURL = "https://shop.example"
			_, err := c.Create(ctx, p)
			return err
		}, Param: "return_url"},
		{Name: "get empty id", Call: func(c *paymentintent.Client) error { _, err := c.Get(ctx, ""); return err }, Param: "id"},
		{Name: "confirm id with dots", Call: func(c *paymentintent.Client) error { _, err := c.Confirm(ctx, "..", nil); return err }, Param: "id"},
		{Name: "capture negative", Call: func(c *paymentintent.Client) error {
			_, err := c.Capture(ctx, piID, &paymentintent.CaptureParams{AmountToCapture: -1})
			return err
		}, Param: "amount_to_capture"},
		{Name: "cancel unknown reason", Call: func(c *paymentintent.Client) error {
			_, err := c.Cancel(ctx, piID, &paymentintent.CancelParams{CancellationReason: "bored"})
			return err
		}, Param: "cancellation_reason"},
		{Name: "list limit too large", Call: func(c *paymentintent.Client) error {
			_, err := c.ListPage(ctx, &paymentintent.ListParams{ListParams: pay.ListParams{Limit: 101}})
			return err
		}, Param: "limit"},
	})
}

func TestSearch_FollowsNextPage(t *testing.T) {
	c, mux := setup(t)
	var n int
	mux.HandleFunc("/v1/payment_intents/search", func(w http.ResponseWriter, r *http.Request) {
		n++
		want := url.Values{"query": {"status:'succeeded' AND metadata['order_id']:'6735'"}}
		page := "search_page1.json"
		if r.URL.Query().Has("page") {
			want.Set("page", "page_2")
			page = "search_page2.json"
		}
		apitest.Check(t, r, apitest.Request{Method: http.MethodGet, Params: want})
		apitest.ServeFixture(t, w, page)
	})
	var ids []string
	for pi, err := range c.Search(context.Background(), &paymentintent.SearchParams{Query: "status:'succeeded' AND metadata['order_id']:'6735'"}) {
		require.NoError(t, err)
		ids = append(ids, pi.ID)
	}
	assert.Equal(t, []string{"pi_5", "pi_4"}, ids)
	assert.Equal(t, 2, n)
}
