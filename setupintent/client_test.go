package setupintent_test

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
	"github.com/paykit/pay/internal/apitest"
	"github.com/paykit/pay/setupintent"
)

func setup(t *testing.T) (*setupintent.Client, *http.ServeMux) {
	return apitest.SetupClient(t, setupintent.NewClient)
}

const siID = "seti_1PgbQ2B7WZ01zgkWm8d1Jd8y"

func TestCreate_SendsParamsAndDecodesNextAction(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/setup_intents", apitest.Request{Method: http.MethodPost, IdempotencyKey: "save-cus_1", Params: url.Values{
		"customer":                {"cus_NffrFeUfNV2Hib"},
		"payment_method":          {"pm_1PgbNeB7WZ01zgkWZ3lP7b2Y"},
		"payment_method_types[0]": {"card"},
		"usage":                   {"off_session"},
		"confirm":                 {"true"},
		"return_url":              {"https://shop.example/saved"},
		"metadata[user]":          {"42"},
	}}, "setup_intent_requires_action.json")
	si, err := c.Create(context.Background(), &setupintent.CreateParams{
		Customer: "cus_NffrFeUfNV2Hib", PaymentMethod: "pm_1PgbNeB7WZ01zgkWZ3lP7b2Y", PaymentMethodTypes: []string{"card"},
		Usage: setupintent.UsageOffSession, Confirm: true, ReturnURL: "https://shop.example/saved", Metadata: pay.Metadata{"user": "42"},
	}, pay.IdempotencyKey("save-cus_1"))
	require.NoError(t, err)
	assert.Equal(t, siID, si.ID)
	assert.Equal(t, setupintent.StatusRequiresAction, si.Status)
	assert.Equal(t, setupintent.UsageOffSession, si.Usage)
	require.NotNil(t, si.Customer)
	assert.Equal(t, "cus_NffrFeUfNV2Hib", si.Customer.ID)
	require.NotNil(t, si.PaymentMethod)
	assert.Equal(t, "pm_1PgbNeB7WZ01zgkWZ3lP7b2Y", si.PaymentMethod.ID)
	require.NotNil(t, si.NextAction)
	assert.Equal(t, pay.NextActionRedirectToURL, si.NextAction.Type)
	assert.Equal(t, "https://shop.example/saved", si.NextAction.RedirectToURL.ReturnURL)
	for _, verb := range []string{"%v", "%+v", "%#v"} {
		assert.NotContains(t, fmt.Sprintf(verb, si), "QwErTy123456")
		assert.NotContains(t, fmt.Sprintf(verb, *si.NextAction.RedirectToURL), "QwErTy123456")
	}
}

func TestCalls_SendTheirRequests(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name, path string
		want       apitest.Request
		call       func(*setupintent.Client) (*setupintent.SetupIntent, error)
	}{
		{"get", "/v1/setup_intents/" + siID, apitest.Request{Method: http.MethodGet, Params: url.Values{"expand[0]": {"payment_method"}}},
			func(c *setupintent.Client) (*setupintent.SetupIntent, error) {
				return c.Get(ctx, siID, pay.Expand("payment_method"))
			}},
		{"update", "/v1/setup_intents/" + siID, apitest.Request{Method: http.MethodPost, Params: url.Values{"description": {""}, "allowed_payment_method_types": {""}}},
			func(c *setupintent.Client) (*setupintent.SetupIntent, error) {
				return c.Update(ctx, siID, &setupintent.UpdateParams{Description: pay.String(""), AllowedPaymentMethodTypes: []string{}})
			}},
		{"confirm", "/v1/setup_intents/" + siID + "/confirm", apitest.Request{Method: http.MethodPost, Params: url.Values{"payment_method": {"pm_card_visa"}, "return_url": {"https://shop.example/saved"}}},
			func(c *setupintent.Client) (*setupintent.SetupIntent, error) {
				return c.Confirm(ctx, siID, &setupintent.ConfirmParams{PaymentMethod: "pm_card_visa", ReturnURL: "https://shop.example/saved"})
			}},
		{"cancel", "/v1/setup_intents/" + siID + "/cancel", apitest.Request{Method: http.MethodPost, Params: url.Values{"cancellation_reason": {"abandoned"}}},
			func(c *setupintent.Client) (*setupintent.SetupIntent, error) {
				return c.Cancel(ctx, siID, &setupintent.CancelParams{CancellationReason: setupintent.CancellationReasonAbandoned})
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			calls := apitest.Handle(t, mux, tt.path, tt.want, "setup_intent_succeeded.json")
			si, err := tt.call(c)
			require.NoError(t, err)
			assert.EqualValues(t, 1, calls.Load())
			assert.Equal(t, setupintent.StatusSucceeded, si.Status)
		})
	}
}

func TestFromError_SetupFailed(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/setup_intents/"+siID+"/confirm", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusPaymentRequired)
		_, _ = w.Write(apitest.Fixture(t, "error_setup_failed.json"))
	})
	_, err := c.Confirm(context.Background(), siID, nil)
	var pe *pay.Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, pay.ErrorCodeSetupIntentAuthenticationFailure, pe.Code)
	assert.Equal(t, siID, pe.SetupIntentID)
	assert.NotContains(t, err.Error(), "QwErTy123456")

	si, ok := setupintent.FromError(fmt.Errorf("saving the card: %w", err))
	require.True(t, ok)
	assert.Equal(t, siID, si.ID)
	assert.Equal(t, setupintent.StatusRequiresPaymentMethod, si.Status)
	assert.Nil(t, si.PaymentMethod)
	require.NotNil(t, si.LastSetupError)
	assert.Equal(t, pay.ErrorCodeSetupIntentAuthenticationFailure, si.LastSetupError.Code)
	assert.Equal(t, "pm_1PgbNeB7WZ01zgkWZ3lP7b2Y", si.LastSetupError.PaymentMethodID)

	_, ok = setupintent.FromError(errors.New("boom"))
	assert.False(t, ok)
}

func TestBadInput_FailsBeforeSending(t *testing.T) {
	ctx := context.Background()
	apitest.WantBadInput(t, setupintent.NewClient, []apitest.BadInput[*setupintent.Client]{
		{Name: "nil create", Call: func(c *setupintent.Client) error { _, err := c.Create(ctx, nil); return err }, Param: "params"},
		{Name: "bad usage", Call: func(c *setupintent.Client) error {
			_, err := c.Create(ctx, &setupintent.CreateParams{Usage: "sometimes"})
			return err
		}, Param: "usage"},
		{Name: "return_url without confirm", Call: func(c *setupintent.Client) error {
			_, err := c.Create(ctx, &setupintent.CreateParams{ReturnURL: "https://shop.example"})
			return err
		}, Param: "return_url"},
		{Name: "bad flow direction", Call: func(c *setupintent.Client) error {
			_, err := c.Update(ctx, siID, &setupintent.UpdateParams{FlowDirections: []string{"sideways"}})
			return err
		}, Param: "flow_directions"},
		{Name: "cancel unknown reason", Call: func(c *setupintent.Client) error {
			_, err := c.Cancel(ctx, siID, &setupintent.CancelParams{CancellationReason: "fraudulent"})
			return err
		}, Param: "cancellation_reason"},
		{Name: "confirm empty id", Call: func(c *setupintent.Client) error { _, err := c.Confirm(ctx, "", nil); return err }, Param: "id"},
	})
}
