package pay

import (
	"context"
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
