package pay

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDo_ErrorCarriesEveryField decodes the API's whole error object, the
// objects it names given expanded or as ids.
func TestDo_ErrorCarriesEveryField(t *testing.T) {
	c, mux := setup(t, WithMaxRetries(0))
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Request-Id", "req_42")
		writeJSON(w, 402, `{"error":{
			"type":"card_error","code":"card_declined","decline_code":"insufficient_funds",
			"message":"Your card has insufficient funds.","param":"source","doc_url":"https://docs.example/card-declined",
			"advice_code":"try_again_later","network_advice_code":"02","network_decline_code":"51",
			"request_log_url":"https://dashboard.example/logs/req_42","charge":"ch_9",
			"payment_intent":{"id":"pi_1","object":"payment_intent"},"payment_method":{"id":"pm_1","object":"payment_method"},
			"payment_method_type":"card","setup_intent":"seti_1","source":{"id":"card_1","object":"card"}}}`)
	})
	err := c.Do(context.Background(), "POST", "/v1/charges", nil, nil)
	var pe *Error
	require.ErrorAs(t, err, &pe)
	pe.cause = nil
	assert.JSONEq(t, `{"id":"pi_1","object":"payment_intent"}`, string(pe.Embedded("payment_intent")))
	assert.JSONEq(t, `{"id":"pm_1","object":"payment_method"}`, string(pe.Embedded("payment_method")))
	assert.JSONEq(t, `{"id":"card_1","object":"card"}`, string(pe.Embedded("source")))
	assert.Nil(t, pe.Embedded("setup_intent"), "only its id was sent")
	assert.Nil(t, pe.Embedded("charge"), "only its id was sent")
	assert.Nil(t, pe.Embedded("customer"), "not an embedded field")
	pe.embedded = nil
	assert.Equal(t, Error{
		Type: ErrorTypeCard, Code: ErrorCodeCardDeclined, DeclineCode: DeclineCodeInsufficientFunds,
		Message: "Your card has insufficient funds.", Param: "source", DocURL: "https://docs.example/card-declined",
		AdviceCode: "try_again_later", NetworkAdviceCode: "02", NetworkDeclineCode: "51",
		RequestLogURL: "https://dashboard.example/logs/req_42", ChargeID: "ch_9",
		PaymentIntentID: "pi_1", PaymentMethodID: "pm_1", PaymentMethodType: "card", SetupIntentID: "seti_1", SourceID: "card_1",
		RequestID: "req_42", StatusCode: 402, Attempts: 1,
	}, *pe)
	assert.Equal(t, "pay: card_error: Your card has insufficient funds. (code=card_declined, decline_code=insufficient_funds, advice_code=try_again_later, param=source, charge=ch_9, status=402, request_id=req_42)", pe.Error())
}

// A decline stays a decline whatever the embedded objects look like: an id
// or object of the wrong JSON type leaves its id empty, never the error
// unreadable.
func TestDo_MalformedEmbeddedObjectKeepsTheDecline(t *testing.T) {
	for _, embedded := range []string{`42`, `true`, `["pi_1"]`, `{"id":7}`, `null`} {
		t.Run(embedded, func(t *testing.T) {
			c, mux := setup(t, WithMaxRetries(0))
			mux.HandleFunc("/v1/payment_intents/pi_1/confirm", func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 402, `{"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds",
					"message":"Your card has insufficient funds.","payment_intent":`+embedded+`,"setup_intent":`+embedded+`,
					"payment_method":`+embedded+`,"source":`+embedded+`,"charge":`+embedded+`}}`)
			})
			err := c.Do(context.Background(), "POST", "/v1/payment_intents/pi_1/confirm", nil, nil)
			var pe *Error
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, ErrorTypeCard, pe.Type)
			assert.Equal(t, DeclineCodeInsufficientFunds, pe.DeclineCode)
			assert.Equal(t, 402, pe.StatusCode)
			assert.Empty(t, pe.PaymentIntentID)
			assert.Empty(t, pe.ChargeID)
			if embedded == `{"id":7}` {
				assert.NotNil(t, pe.Embedded("payment_intent"), "an object is kept for FromError to judge")
			} else {
				assert.Nil(t, pe.Embedded("payment_intent"))
			}
		})
	}
}

// Neither the error's text nor any fmt verb shows an embedded object or a
// client secret, wherever the server put it.
func TestError_NeverShowsEmbeddedObjectsOrClientSecrets(t *testing.T) {
	const secret = "pi_1_secret_Zq9xK2mVb7"
	c, mux := setup(t, WithMaxRetries(0))
	mux.HandleFunc("/v1/payment_intents", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 402, `{"error":{"type":"card_error","code":"authentication_required",
			"message":"This payment requires authentication (client secret `+secret+`).","param":"`+secret+`",
			"payment_intent":{"id":"pi_1","object":"payment_intent","client_secret":"`+secret+`","description":"EMBEDDED-MARK"}}}`)
	})
	err := c.Do(context.Background(), "POST", "/v1/payment_intents", nil, nil)
	var pe *Error
	require.ErrorAs(t, err, &pe)
	assert.Contains(t, string(pe.Embedded("payment_intent")), secret, "the raw object is whole, for FromError")
	for _, out := range []string{err.Error(), fmt.Sprint(err), fmt.Sprintf("%v", pe), fmt.Sprintf("%+v", pe), fmt.Sprintf("%#v", pe), fmt.Sprintf("%#v", *pe), pe.Message, pe.Param} {
		assert.NotContains(t, out, "Zq9xK2mVb7")
		assert.NotContains(t, out, "EMBEDDED-MARK")
		assert.NotContains(t, out, "client_secret")
	}
	assert.Contains(t, pe.Message, "pi_1_secret_[redacted]")
}

// An *Error that is a field of an object (a PaymentIntent's
// last_payment_error) decodes cleaned, with its embedded objects.
func TestError_DecodesAsAField(t *testing.T) {
	var v struct {
		LastPaymentError *Error `json:"last_payment_error"`
	}
	raw := `{"last_payment_error":{"type":"card_error","code":"card_declined","decline_code":"generic_decline",
		"message":"Your card was declined.\nline two pi_9_secret_abcDEF123","payment_method":{"id":"pm_1","object":"payment_method","type":"card"},
		"payment_method_type":"card","charge":"ch_1"}}`
	require.NoError(t, json.Unmarshal([]byte(raw), &v))
	e := v.LastPaymentError
	require.NotNil(t, e)
	assert.Equal(t, ErrorTypeCard, e.Type)
	assert.Equal(t, DeclineCodeGenericDecline, e.DeclineCode)
	assert.Equal(t, `Your card was declined.\nline two pi_9_secret_[redacted]`, e.Message)
	assert.Equal(t, "pm_1", e.PaymentMethodID)
	assert.Equal(t, "ch_1", e.ChargeID)
	assert.JSONEq(t, `{"id":"pm_1","object":"payment_method","type":"card"}`, string(e.Embedded("payment_method")))
	assert.Zero(t, e.StatusCode)
}
