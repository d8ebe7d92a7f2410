package paytest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCharge_TestTokens(t *testing.T) {
	srv := newServer(t)
	tests := []struct {
		token, brand, network, last4, funding, country string
	}{
		{"tok_visa", "Visa", "visa", "4242", "credit", "US"},
		{"tok_visa_debit", "Visa", "visa", "5556", "debit", "US"},
		{"tok_mastercard", "MasterCard", "mastercard", "4444", "credit", "US"},
		{"tok_amex", "American Express", "amex", "8431", "credit", "US"},
		{"tok_discover", "Discover", "discover", "1117", "credit", "US"},
		{"tok_jcb", "JCB", "jcb", "0000", "credit", "JP"},
		{"tok_unionpay", "UnionPay", "unionpay", "0005", "credit", "CN"},
	}
	fingerprints := map[string]string{}
	for _, tt := range tests {
		t.Run(tt.token, func(t *testing.T) {
			r := mustDo(t, srv, "POST", "/v1/charges", form("amount", "1500", "currency", "usd", "source", tt.token))
			assert.True(t, strings.HasPrefix(r.str("id"), "ch_"), "charge = %s", r.raw)
			assert.Equal(t, "charge", r.str("object"), "charge = %s", r.raw)
			assert.Equal(t, "succeeded", r.str("status"), "charge = %s", r.raw)
			assert.True(t, r.boolean("paid"), "charge = %s", r.raw)
			assert.True(t, r.boolean("captured"), "charge = %s", r.raw)
			assert.EqualValues(t, 1500, r.num("amount_captured"), "charge = %s", r.raw)
			src := r.body["source"].(map[string]any)
			assert.Equal(t, "card", src["object"], "source = %v", src)
			assert.Equal(t, tt.brand, src["brand"], "source = %v", src)
			assert.Equal(t, tt.last4, src["last4"], "source = %v", src)
			assert.Equal(t, tt.funding, src["funding"], "source = %v", src)
			assert.Equal(t, tt.country, src["country"], "source = %v", src)
			assert.Nil(t, src["customer"], "source = %v", src)
			assert.Equal(t, src["id"], r.str("payment_method"), "payment_method = source id")
			assert.True(t, strings.HasPrefix(r.str("payment_method"), "card_"), "payment_method = %q", r.str("payment_method"))
			card := r.body["payment_method_details"].(map[string]any)["card"].(map[string]any)
			assert.Equal(t, tt.network, card["brand"], "payment_method_details.card = %v", card)
			assert.Equal(t, tt.last4, card["last4"], "payment_method_details.card = %v", card)
			assert.Equal(t, tt.funding, card["funding"], "payment_method_details.card = %v", card)
			assert.Equal(t, tt.network, card["network"], "payment_method_details.card = %v", card)
			assert.Equal(t, src["fingerprint"], card["fingerprint"], "payment_method_details.card = %v", card)
			assert.Equal(t, "pass", card["checks"].(map[string]any)["cvc_check"], "checks")
			em, ey := card["exp_month"].(float64), card["exp_year"].(float64)
			assert.True(t, em >= 1 && em <= 12 && ey >= 2026, "expiry = %v/%v", em, ey)
			fp, _ := src["fingerprint"].(string)
			assert.Len(t, fp, 16, "fingerprint")
			for other, ofp := range fingerprints {
				assert.NotEqual(t, ofp, fp, "%s and %s share a fingerprint", tt.token, other)
			}
			fingerprints[tt.token] = fp
			o := r.body["outcome"].(map[string]any)
			assert.Equal(t, "authorized", o["type"], "outcome = %v", o)
			assert.Equal(t, "approved_by_network", o["network_status"], "outcome = %v", o)
			assert.True(t, strings.HasPrefix(r.str("balance_transaction"), "txn_"), "balance_transaction = %v", r.body["balance_transaction"])
		})
	}
	// The same card keeps its fingerprint.
	again := mustDo(t, srv, "POST", "/v1/charges", form("amount", "1500", "currency", "usd", "source", "tok_visa"))
	assert.Equal(t, fingerprints["tok_visa"], again.body["source"].(map[string]any)["fingerprint"], "tok_visa fingerprint changed")
}

func TestCharge_Declines(t *testing.T) {
	srv := newServer(t)
	tests := []struct {
		token, code, declineCode, message, param, outcomeType string
	}{
		{"tok_chargeDeclined", "card_declined", "generic_decline", "Your card was declined.", "", "issuer_declined"},
		{"tok_chargeDeclinedInsufficientFunds", "card_declined", "insufficient_funds", "Your card has insufficient funds.", "", "issuer_declined"},
		{"tok_chargeDeclinedLostCard", "card_declined", "lost_card", "Your card was declined.", "", "issuer_declined"},
		{"tok_chargeDeclinedStolenCard", "card_declined", "stolen_card", "Your card was declined.", "", "issuer_declined"},
		{"tok_chargeDeclinedExpiredCard", "expired_card", "expired_card", "Your card has expired.", "exp_month", "issuer_declined"},
		{"tok_chargeDeclinedIncorrectCvc", "incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect.", "cvc", "issuer_declined"},
		{"tok_chargeDeclinedProcessingError", "processing_error", "processing_error", "An error occurred while processing your card. Try again in a little bit.", "", "issuer_declined"},
		{"tok_chargeDeclinedFraudulent", "card_declined", "fraudulent", "Your card was declined.", "", "blocked"},
	}
	for _, tt := range tests {
		t.Run(tt.token, func(t *testing.T) {
			r := do(t, srv, "POST", "/v1/charges", form("amount", "2000", "currency", "usd", "source", tt.token))
			wantError(t, r, http.StatusPaymentRequired, "card_error", tt.code, tt.param, tt.message)
			assert.Equal(t, tt.declineCode, r.errField("decline_code"), "decline_code")
			assert.Equal(t, "https://stripe.com/docs/error-codes/"+strings.ReplaceAll(tt.code, "_", "-"), r.errField("doc_url"), "doc_url")
			id := r.errField("charge")
			require.True(t, strings.HasPrefix(id, "ch_"), "error has no charge id: %s", r.raw)
			ch := mustDo(t, srv, "GET", "/v1/charges/"+id, nil)
			assert.Equal(t, "failed", ch.str("status"), "stored charge = %s", ch.raw)
			assert.False(t, ch.boolean("paid"), "stored charge = %s", ch.raw)
			assert.False(t, ch.boolean("captured"), "stored charge = %s", ch.raw)
			assert.Zero(t, ch.num("amount_captured"), "stored charge = %s", ch.raw)
			assert.Equal(t, tt.code, ch.str("failure_code"), "stored charge = %s", ch.raw)
			assert.Equal(t, tt.message, ch.str("failure_message"), "stored charge = %s", ch.raw)
			assert.Nil(t, ch.body["balance_transaction"], "stored charge = %s", ch.raw)
			o := ch.body["outcome"].(map[string]any)
			assert.Equal(t, tt.outcomeType, o["type"], "outcome = %v", o)
			assert.NotNil(t, o["seller_message"], "outcome = %v", o)
			if tt.outcomeType == "issuer_declined" {
				assert.Equal(t, tt.declineCode, o["reason"], "outcome = %v", o)
				assert.Equal(t, "declined_by_network", o["network_status"], "outcome = %v", o)
			}
		})
	}
	// Failed charges are listed like the others.
	l := mustDo(t, srv, "GET", "/v1/charges", form("limit", "100"))
	assert.Len(t, l.body["data"].([]any), len(tests), "listed charges")
}

func TestCharge_CaptureFull(t *testing.T) {
	srv := newServer(t)
	r := createCharge(t, srv, "capture", "false")
	id := r.str("id")
	require.False(t, r.boolean("captured"), "uncaptured charge = %s", r.raw)
	require.Zero(t, r.num("amount_captured"), "uncaptured charge = %s", r.raw)
	require.Nil(t, r.body["balance_transaction"], "uncaptured charge = %s", r.raw)
	require.Equal(t, "succeeded", r.str("status"), "uncaptured charge = %s", r.raw)
	require.True(t, r.boolean("paid"), "uncaptured charge = %s", r.raw)
	c := mustDo(t, srv, "POST", "/v1/charges/"+id+"/capture", nil)
	assert.True(t, c.boolean("captured"), "captured charge = %s", c.raw)
	assert.EqualValues(t, 2000, c.num("amount_captured"), "captured charge = %s", c.raw)
	assert.Zero(t, c.num("amount_refunded"), "captured charge = %s", c.raw)
	assert.True(t, strings.HasPrefix(c.str("balance_transaction"), "txn_"), "captured charge = %s", c.raw)
	assert.False(t, c.boolean("refunded"), "captured charge = %s", c.raw)
	again := do(t, srv, "POST", "/v1/charges/"+id+"/capture", nil)
	wantError(t, again, 400, "invalid_request_error", "charge_already_captured", "", "Charge "+id+" has already been captured.")
}

func TestCharge_CapturePartialRefundsTheRest(t *testing.T) {
	srv := newServer(t)
	id := createCharge(t, srv, "capture", "false").str("id")
	c := mustDo(t, srv, "POST", "/v1/charges/"+id+"/capture", form("amount", "1500", "receipt_email", "j@example.com"))
	assert.EqualValues(t, 2000, c.num("amount"), "partially captured charge = %s", c.raw)
	assert.EqualValues(t, 1500, c.num("amount_captured"), "partially captured charge = %s", c.raw)
	assert.EqualValues(t, 500, c.num("amount_refunded"), "partially captured charge = %s", c.raw)
	assert.False(t, c.boolean("refunded"), "partially captured charge = %s", c.raw)
	assert.Equal(t, "j@example.com", c.str("receipt_email"), "partially captured charge = %s", c.raw)
	refunds := c.body["refunds"].(map[string]any)["data"].([]any)
	require.Len(t, refunds, 1, "refunds")
	require.Equal(t, float64(500), refunds[0].(map[string]any)["amount"], "refunds = %v", refunds)
	// The rest can be refunded; no more.
	wantError(t, do(t, srv, "POST", "/v1/refunds", form("charge", id, "amount", "1501")), 400, "invalid_request_error", "amount_too_large", "amount",
		"Refund amount ($15.01) is greater than unrefunded amount on charge ($15.00)")
	mustDo(t, srv, "POST", "/v1/refunds", form("charge", id))
	c = mustDo(t, srv, "GET", "/v1/charges/"+id, nil)
	assert.EqualValues(t, 2000, c.num("amount_refunded"), "after refunding the rest: %s", c.raw)
	assert.True(t, c.boolean("refunded"), "after refunding the rest: %s", c.raw)
}

func TestCharge_CaptureErrors(t *testing.T) {
	srv := newServer(t)
	id := createCharge(t, srv, "capture", "false").str("id")
	wantError(t, do(t, srv, "POST", "/v1/charges/"+id+"/capture", form("amount", "2001")), 400, "invalid_request_error", "amount_too_large", "amount", "")
	wantError(t, do(t, srv, "POST", "/v1/charges/"+id+"/capture", form("amount", "10")), 400, "invalid_request_error", "amount_too_small", "amount", "")
	wantError(t, do(t, srv, "POST", "/v1/charges/ch_nope/capture", nil), 404, "invalid_request_error", "resource_missing", "id", "No such charge: 'ch_nope'")
	failed := do(t, srv, "POST", "/v1/charges", form("amount", "2000", "currency", "usd", "source", "tok_chargeDeclined")).errField("charge")
	wantError(t, do(t, srv, "POST", "/v1/charges/"+failed+"/capture", nil), 400, "invalid_request_error", "", "", "")
	// A refunded authorisation is cancelled: it cannot be captured.
	mustDo(t, srv, "POST", "/v1/refunds", form("charge", id))
	wantError(t, do(t, srv, "POST", "/v1/charges/"+id+"/capture", nil), 400, "invalid_request_error", "charge_already_refunded", "", "")
}

func TestCharge_Update(t *testing.T) {
	srv := newServer(t)
	cus := createCustomer(t, srv, "email", "j@example.com").str("id")
	id := createCharge(t, srv, "description", "first").str("id")
	r := mustDo(t, srv, "POST", "/v1/charges/"+id, form(
		"description", "second",
		"receipt_email", "r@example.com",
		"customer", cus,
		"transfer_group", "order-1",
		"fraud_details[user_report]", "safe",
		"shipping[name]", "Jenny",
		"shipping[address][line1]", "1 Main St",
		"shipping[tracking_number]", "TRK1",
	))
	assert.Equal(t, "second", r.str("description"), "updated charge = %s", r.raw)
	assert.Equal(t, "r@example.com", r.str("receipt_email"), "updated charge = %s", r.raw)
	assert.Equal(t, cus, r.str("customer"), "updated charge = %s", r.raw)
	assert.Equal(t, "order-1", r.str("transfer_group"), "updated charge = %s", r.raw)
	assert.Equal(t, "safe", r.body["fraud_details"].(map[string]any)["user_report"], "updated charge = %s", r.raw)
	assert.Equal(t, "TRK1", r.body["shipping"].(map[string]any)["tracking_number"], "updated charge = %s", r.raw)
	// Empty values clear nullable fields.
	r = mustDo(t, srv, "POST", "/v1/charges/"+id, form("description", "", "shipping", "", "fraud_details[user_report]", ""))
	assert.Nil(t, r.body["description"], "cleared charge = %s", r.raw)
	assert.Nil(t, r.body["shipping"], "cleared charge = %s", r.raw)
	assert.Empty(t, r.body["fraud_details"].(map[string]any), "cleared charge = %s", r.raw)
	// What was stored is what a GET returns.
	assert.Equal(t, r.raw, mustDo(t, srv, "GET", "/v1/charges/"+id, nil).raw, "GET after update differs")
	wantError(t, do(t, srv, "POST", "/v1/charges/"+id, form("amount", "5")), 400, "invalid_request_error", "parameter_unknown", "amount", "")
	wantError(t, do(t, srv, "POST", "/v1/charges/"+id, form("fraud_details[user_report]", "maybe")), 400, "invalid_request_error", "", "fraud_details[user_report]", "")
}

func TestCharge_CustomerDefaultSource(t *testing.T) {
	srv := newServer(t)
	cu := createCustomer(t, srv, "email", "j@example.com", "source", "tok_amex")
	card := cu.str("default_source")
	r := mustDo(t, srv, "POST", "/v1/charges", form("amount", "3000", "currency", "eur", "customer", cu.str("id")))
	src := r.body["source"].(map[string]any)
	assert.Equal(t, cu.str("id"), r.str("customer"), "charge of a customer = %s", r.raw)
	assert.Equal(t, card, src["id"], "charge of a customer = %s", r.raw)
	assert.Equal(t, cu.str("id"), src["customer"], "charge of a customer = %s", r.raw)
	assert.Equal(t, "8431", src["last4"], "charge of a customer = %s", r.raw)
	assert.Equal(t, card, r.str("payment_method"), "charge of a customer = %s", r.raw)
	// A token with a customer charges the token, not the saved card.
	r = mustDo(t, srv, "POST", "/v1/charges", form("amount", "3000", "currency", "eur", "customer", cu.str("id"), "source", "tok_visa"))
	assert.Equal(t, "4242", r.body["source"].(map[string]any)["last4"], "charge of a token for a customer = %s", r.raw)
	assert.Equal(t, cu.str("id"), r.str("customer"), "charge of a token for a customer = %s", r.raw)
	// A saved card named explicitly.
	r = mustDo(t, srv, "POST", "/v1/charges", form("amount", "3000", "currency", "eur", "customer", cu.str("id"), "source", card))
	assert.Equal(t, card, r.str("payment_method"), "charge of a saved card = %s", r.raw)
	// A card saved with tok_chargeCustomerFail is declined when charged.
	cu2 := createCustomer(t, srv, "source", "tok_chargeCustomerFail")
	d := do(t, srv, "POST", "/v1/charges", form("amount", "3000", "currency", "usd", "customer", cu2.str("id")))
	wantError(t, d, 402, "card_error", "card_declined", "", "Your card was declined.")
}

func TestCharge_CurrencyIsCaseInsensitive(t *testing.T) {
	srv := newServer(t)
	r := mustDo(t, srv, "POST", "/v1/charges", form("amount", "500", "currency", "JPY", "source", "tok_jcb"))
	assert.Equal(t, "jpy", r.str("currency"), "currency")
	wantError(t, do(t, srv, "POST", "/v1/charges", form("amount", "20", "currency", "gbp", "source", "tok_visa")),
		400, "invalid_request_error", "amount_too_small", "amount", "Amount must be at least £0.30 gbp")
}
