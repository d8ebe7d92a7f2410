package paytest_test

import (
	"net/http"
	"strings"
	"testing"
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
			if !strings.HasPrefix(r.str("id"), "ch_") || r.str("object") != "charge" || r.str("status") != "succeeded" ||
				!r.boolean("paid") || !r.boolean("captured") || r.num("amount_captured") != 1500 {
				t.Errorf("charge = %s", r.raw)
			}
			src := r.body["source"].(map[string]any)
			if src["object"] != "card" || src["brand"] != tt.brand || src["last4"] != tt.last4 ||
				src["funding"] != tt.funding || src["country"] != tt.country || src["customer"] != nil {
				t.Errorf("source = %v", src)
			}
			if r.str("payment_method") != src["id"] || !strings.HasPrefix(r.str("payment_method"), "card_") {
				t.Errorf("payment_method = %q, source id %v", r.str("payment_method"), src["id"])
			}
			card := r.body["payment_method_details"].(map[string]any)["card"].(map[string]any)
			if card["brand"] != tt.network || card["last4"] != tt.last4 || card["funding"] != tt.funding ||
				card["network"] != tt.network || card["fingerprint"] != src["fingerprint"] {
				t.Errorf("payment_method_details.card = %v", card)
			}
			if checks := card["checks"].(map[string]any); checks["cvc_check"] != "pass" {
				t.Errorf("checks = %v", checks)
			}
			if em, ey := card["exp_month"].(float64), card["exp_year"].(float64); em < 1 || em > 12 || ey < 2026 {
				t.Errorf("expiry = %v/%v", em, ey)
			}
			fp, _ := src["fingerprint"].(string)
			if len(fp) != 16 {
				t.Errorf("fingerprint = %q", fp)
			}
			for other, ofp := range fingerprints {
				if ofp == fp {
					t.Errorf("%s and %s share fingerprint %s", tt.token, other, fp)
				}
			}
			fingerprints[tt.token] = fp
			if o := r.body["outcome"].(map[string]any); o["type"] != "authorized" || o["network_status"] != "approved_by_network" {
				t.Errorf("outcome = %v", o)
			}
			if !strings.HasPrefix(r.str("balance_transaction"), "txn_") {
				t.Errorf("balance_transaction = %v", r.body["balance_transaction"])
			}
		})
	}
	// The same card keeps its fingerprint.
	again := mustDo(t, srv, "POST", "/v1/charges", form("amount", "1500", "currency", "usd", "source", "tok_visa"))
	if fp := again.body["source"].(map[string]any)["fingerprint"]; fp != fingerprints["tok_visa"] {
		t.Errorf("tok_visa fingerprint changed: %v vs %v", fp, fingerprints["tok_visa"])
	}
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
			if got := r.errField("decline_code"); got != tt.declineCode {
				t.Errorf("decline_code = %q, want %q", got, tt.declineCode)
			}
			if got := r.errField("doc_url"); got != "https://stripe.com/docs/error-codes/"+strings.ReplaceAll(tt.code, "_", "-") {
				t.Errorf("doc_url = %q", got)
			}
			id := r.errField("charge")
			if !strings.HasPrefix(id, "ch_") {
				t.Fatalf("error has no charge id: %s", r.raw)
			}
			ch := mustDo(t, srv, "GET", "/v1/charges/"+id, nil)
			if ch.str("status") != "failed" || ch.boolean("paid") || ch.boolean("captured") || ch.num("amount_captured") != 0 ||
				ch.str("failure_code") != tt.code || ch.str("failure_message") != tt.message || ch.body["balance_transaction"] != nil {
				t.Errorf("stored charge = %s", ch.raw)
			}
			o := ch.body["outcome"].(map[string]any)
			if o["type"] != tt.outcomeType || o["seller_message"] == nil {
				t.Errorf("outcome = %v", o)
			}
			if tt.outcomeType == "issuer_declined" && (o["reason"] != tt.declineCode || o["network_status"] != "declined_by_network") {
				t.Errorf("outcome = %v", o)
			}
		})
	}
	// Failed charges are listed like the others.
	l := mustDo(t, srv, "GET", "/v1/charges", form("limit", "100"))
	if n := len(l.body["data"].([]any)); n != len(tests) {
		t.Errorf("listed %d charges, want %d", n, len(tests))
	}
}

func TestCharge_CaptureFull(t *testing.T) {
	srv := newServer(t)
	r := createCharge(t, srv, "capture", "false")
	id := r.str("id")
	if r.boolean("captured") || r.num("amount_captured") != 0 || r.body["balance_transaction"] != nil || r.str("status") != "succeeded" || !r.boolean("paid") {
		t.Fatalf("uncaptured charge = %s", r.raw)
	}
	c := mustDo(t, srv, "POST", "/v1/charges/"+id+"/capture", nil)
	if !c.boolean("captured") || c.num("amount_captured") != 2000 || c.num("amount_refunded") != 0 ||
		!strings.HasPrefix(c.str("balance_transaction"), "txn_") || c.boolean("refunded") {
		t.Errorf("captured charge = %s", c.raw)
	}
	again := do(t, srv, "POST", "/v1/charges/"+id+"/capture", nil)
	wantError(t, again, 400, "invalid_request_error", "charge_already_captured", "", "Charge "+id+" has already been captured.")
}

func TestCharge_CapturePartialRefundsTheRest(t *testing.T) {
	srv := newServer(t)
	id := createCharge(t, srv, "capture", "false").str("id")
	c := mustDo(t, srv, "POST", "/v1/charges/"+id+"/capture", form("amount", "1500", "receipt_email", "j@example.com"))
	if c.num("amount") != 2000 || c.num("amount_captured") != 1500 || c.num("amount_refunded") != 500 ||
		c.boolean("refunded") || c.str("receipt_email") != "j@example.com" {
		t.Errorf("partially captured charge = %s", c.raw)
	}
	refunds := c.body["refunds"].(map[string]any)["data"].([]any)
	if len(refunds) != 1 || refunds[0].(map[string]any)["amount"] != float64(500) {
		t.Fatalf("refunds = %v", refunds)
	}
	// The rest can be refunded; no more.
	wantError(t, do(t, srv, "POST", "/v1/refunds", form("charge", id, "amount", "1501")), 400, "invalid_request_error", "amount_too_large", "amount",
		"Refund amount ($15.01) is greater than unrefunded amount on charge ($15.00)")
	mustDo(t, srv, "POST", "/v1/refunds", form("charge", id))
	c = mustDo(t, srv, "GET", "/v1/charges/"+id, nil)
	if c.num("amount_refunded") != 2000 || !c.boolean("refunded") {
		t.Errorf("after refunding the rest: %s", c.raw)
	}
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
	cus := mustDo(t, srv, "POST", "/v1/customers", form("email", "j@example.com")).str("id")
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
	if r.str("description") != "second" || r.str("receipt_email") != "r@example.com" || r.str("customer") != cus ||
		r.str("transfer_group") != "order-1" || r.body["fraud_details"].(map[string]any)["user_report"] != "safe" ||
		r.body["shipping"].(map[string]any)["tracking_number"] != "TRK1" {
		t.Errorf("updated charge = %s", r.raw)
	}
	// Empty values clear nullable fields.
	r = mustDo(t, srv, "POST", "/v1/charges/"+id, form("description", "", "shipping", "", "fraud_details[user_report]", ""))
	if r.body["description"] != nil || r.body["shipping"] != nil || len(r.body["fraud_details"].(map[string]any)) != 0 {
		t.Errorf("cleared charge = %s", r.raw)
	}
	// What was stored is what a GET returns.
	if g := mustDo(t, srv, "GET", "/v1/charges/"+id, nil); g.raw != r.raw {
		t.Errorf("GET after update differs:\n%s\nvs\n%s", g.raw, r.raw)
	}
	wantError(t, do(t, srv, "POST", "/v1/charges/"+id, form("amount", "5")), 400, "invalid_request_error", "parameter_unknown", "amount", "")
	wantError(t, do(t, srv, "POST", "/v1/charges/"+id, form("fraud_details[user_report]", "maybe")), 400, "invalid_request_error", "", "fraud_details[user_report]", "")
}

func TestCharge_CustomerDefaultSource(t *testing.T) {
	srv := newServer(t)
	cu := mustDo(t, srv, "POST", "/v1/customers", form("email", "j@example.com", "source", "tok_amex"))
	card := cu.str("default_source")
	r := mustDo(t, srv, "POST", "/v1/charges", form("amount", "3000", "currency", "eur", "customer", cu.str("id")))
	src := r.body["source"].(map[string]any)
	if r.str("customer") != cu.str("id") || src["id"] != card || src["customer"] != cu.str("id") || src["last4"] != "8431" || r.str("payment_method") != card {
		t.Errorf("charge of a customer = %s", r.raw)
	}
	// A token with a customer charges the token, not the saved card.
	r = mustDo(t, srv, "POST", "/v1/charges", form("amount", "3000", "currency", "eur", "customer", cu.str("id"), "source", "tok_visa"))
	if src := r.body["source"].(map[string]any); src["last4"] != "4242" || r.str("customer") != cu.str("id") {
		t.Errorf("charge of a token for a customer = %s", r.raw)
	}
	// A saved card named explicitly.
	r = mustDo(t, srv, "POST", "/v1/charges", form("amount", "3000", "currency", "eur", "customer", cu.str("id"), "source", card))
	if r.str("payment_method") != card {
		t.Errorf("charge of a saved card = %s", r.raw)
	}
	// A card saved with tok_chargeCustomerFail is declined when charged.
	cu2 := mustDo(t, srv, "POST", "/v1/customers", form("source", "tok_chargeCustomerFail"))
	d := do(t, srv, "POST", "/v1/charges", form("amount", "3000", "currency", "usd", "customer", cu2.str("id")))
	wantError(t, d, 402, "card_error", "card_declined", "", "Your card was declined.")
}

func TestCharge_CurrencyIsCaseInsensitive(t *testing.T) {
	srv := newServer(t)
	r := mustDo(t, srv, "POST", "/v1/charges", form("amount", "500", "currency", "JPY", "source", "tok_jcb"))
	if r.str("currency") != "jpy" {
		t.Errorf("currency = %q", r.str("currency"))
	}
	wantError(t, do(t, srv, "POST", "/v1/charges", form("amount", "20", "currency", "gbp", "source", "tok_visa")),
		400, "invalid_request_error", "amount_too_small", "amount", "Amount must be at least £0.30 gbp")
}
