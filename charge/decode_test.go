package charge_test

import (
	"encoding/json"
	"os"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/customer"
)

func TestExpandable_DecodeFromIDOrObject(t *testing.T) {
	chargeID := decodeID(func(v *charge.Charge) string { return v.ID })
	refundID := decodeID(func(v *charge.Refund) string { return v.ID })
	txnID := decodeID(func(v *charge.BalanceTransaction) string { return v.ID })
	refID := decodeID(func(v *pay.Reference) string { return v.ID })
	ruleID := decodeID(func(v *charge.Rule) string { return v.ID })
	tests := []struct {
		name   string
		json   string
		decode func(*testing.T, func([]byte, any) error, []byte) string
		want   string
	}{
		{"charge from id", `"ch_123"`, chargeID, "ch_123"},
		{"charge from object", `{"id":"ch_123","object":"charge","amount":5}`, chargeID, "ch_123"},
		{"refund from id", `"re_123"`, refundID, "re_123"},
		{"refund from object", `{"id":"re_123","object":"refund"}`, refundID, "re_123"},
		{"balance transaction from id", `"txn_123"`, txnID, "txn_123"},
		{"balance transaction from object", `{"id":"txn_123","fee":62}`, txnID, "txn_123"},
		{"reference from id", `"pi_123"`, refID, "pi_123"},
		{"reference from object", `{"id":"pi_123","object":"payment_intent","amount":9}`, refID, "pi_123"},
		{"rule from id", `"rule_123"`, ruleID, "rule_123"},
		{"rule from object", `{"id":"rule_123","action":"block"}`, ruleID, "rule_123"},
		{"escaped id", `"ch_\u0031"`, chargeID, "ch_1"},
	}
	for _, d := range decoders {
		for _, tt := range tests {
			t.Run(d.name+"/"+tt.name, func(t *testing.T) {
				assert.Equal(t, tt.want, tt.decode(t, d.unmarshal, []byte(tt.json)), "id")
			})
		}
	}
}

func TestExpandable_RejectsOtherJSON(t *testing.T) {
	for _, d := range decoders {
		for _, in := range []string{`123`, `true`, `["ch_1"]`, `"unterminated`, "\"ch_\xff\"", `{"id":"ch_1","id":"ch_2"}`} {
			var ch charge.Charge
			assert.Error(t, d.unmarshal([]byte(in), &ch), "%s: decoding %s", d.name, in)
		}
	}
}

// decodeID returns a function decoding JSON into a T and returning its id.
func decodeID[T any](id func(*T) string) func(*testing.T, func([]byte, any) error, []byte) string {
	return func(t *testing.T, unmarshal func([]byte, any) error, b []byte) string {
		t.Helper()
		v := new(T)
		require.NoError(t, unmarshal(b, v), "decoding %s", b)
		return id(v)
	}
}

func TestRefundCharge_DecodesIDOrExpandedCharge(t *testing.T) {
	var bare, expanded charge.Refund
	require.NoError(t, json.Unmarshal([]byte(`{"id":"re_1","charge":"ch_1","balance_transaction":"txn_1"}`), &bare))
	require.NoError(t, json.Unmarshal([]byte(`{"id":"re_1","charge":{"id":"ch_1","object":"charge","amount":2000,"status":"succeeded"},`+
		`"balance_transaction":{"id":"txn_1","amount":-2000,"net":-2000,"type":"refund"}}`), &expanded))
	assert.Equal(t, "ch_1", bare.Charge.ID, "bare Charge.ID")
	assert.Zero(t, bare.Charge.Amount, "bare Charge.Amount")
	assert.Equal(t, "txn_1", bare.BalanceTransaction.ID, "bare BalanceTransaction.ID")
	assert.Equal(t, "ch_1", expanded.Charge.ID, "expanded Charge.ID")
	assert.Equal(t, int64(2000), expanded.Charge.Amount, "expanded Charge.Amount")
	assert.Equal(t, charge.StatusSucceeded, expanded.Charge.Status, "expanded Charge.Status")
	assert.Equal(t, "txn_1", expanded.BalanceTransaction.ID, "expanded BalanceTransaction.ID")
	assert.Equal(t, int64(-2000), expanded.BalanceTransaction.Net, "expanded BalanceTransaction.Net")
}

func TestCharge_NullsDecodeToZeroAndNil(t *testing.T) {
	var ch charge.Charge
	err := json.Unmarshal([]byte(`{"id":"ch_1","customer":null,"balance_transaction":null,"outcome":null,"payment_method_details":null,`+
		`"fraud_details":null,"refunds":null,"shipping":null,"source":null,"transfer_data":null,"description":null,"receipt_url":null,`+
		`"application_fee_amount":null,"metadata":{},"billing_details":{"address":null,"name":null}}`), &ch)
	require.NoError(t, err)
	// Objects sent as null decode as nil.
	assert.Nil(t, ch.Customer, "Customer")
	assert.Nil(t, ch.BalanceTransaction, "BalanceTransaction")
	assert.Nil(t, ch.Outcome, "Outcome")
	assert.Nil(t, ch.PaymentMethodDetails, "PaymentMethodDetails")
	assert.Nil(t, ch.FraudDetails, "FraudDetails")
	assert.Nil(t, ch.Refunds, "Refunds")
	assert.Nil(t, ch.Shipping, "Shipping")
	assert.Nil(t, ch.Source, "Source")
	assert.Nil(t, ch.TransferData, "TransferData")
	assert.Nil(t, ch.BillingDetails.Address, "BillingDetails.Address")
	assert.Empty(t, ch.Description, "Description")
	assert.Zero(t, ch.ApplicationFeeAmount, "ApplicationFeeAmount")
}

func TestCharge_DecodesStripeMockFixtureShape(t *testing.T) {
	// stripe-mock returns a "source" object (not a card) as the charge's
	// source and a transfer_data destination expanded to an account.
	var ch charge.Charge
	err := json.Unmarshal([]byte(`{"id":"ch_1","source":{"id":"src_1","object":"source","amount":null,"metadata":null,"owner":{"name":null}},`+
		`"transfer_data":{"amount":null,"destination":{"id":"acct_1","object":"account"}},"shipping":{},"fraud_details":{}}`), &ch)
	require.NoError(t, err)
	assert.Equal(t, "src_1", ch.Source.ID, "Source.ID")
	assert.Equal(t, "source", ch.Source.Object, "Source.Object")
	assert.Equal(t, "acct_1", ch.TransferData.Destination.ID, "TransferData.Destination.ID")
}

// TestFixtures_V1AndV2DecodeAlike decodes every fixture of the three
// resource packages with encoding/json and with encoding/json/v2: the
// results must be the same, expanded objects included.
func TestFixtures_V1AndV2DecodeAlike(t *testing.T) {
	tests := []struct {
		file string
		v    func() any
	}{
		{"testdata/charge.json", func() any { return new(charge.Charge) }},
		{"testdata/charge_expanded.json", func() any { return new(charge.Charge) }},
		{"testdata/list_page1.json", func() any { return new(pay.Page[charge.Charge]) }},
		{"../customer/testdata/customer.json", func() any { return new(customer.Customer) }},
		{"../customer/testdata/customer_expanded.json", func() any { return new(customer.Customer) }},
		{"../customer/testdata/list_page1.json", func() any { return new(pay.Page[customer.Customer]) }},
		{"../refund/testdata/refund.json", func() any { return new(charge.Refund) }},
		{"../refund/testdata/refund_expanded.json", func() any { return new(charge.Refund) }},
		{"../refund/testdata/list_page1.json", func() any { return new(pay.Page[charge.Refund]) }},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(tt.file)
			require.NoError(t, err)
			v1, v2 := tt.v(), tt.v()
			require.NoError(t, json.Unmarshal(b, v1))
			require.NoError(t, jsonv2.Unmarshal(b, v2))
			assert.Equal(t, v1, v2)
			assert.NotEqual(t, tt.v(), v1, "decoded nothing")
		})
	}
}

// TestExpanded_DecodeInFull checks that expandable fields with a type in
// the library carry the whole object when expanded, with either decoder.
func TestExpanded_DecodeInFull(t *testing.T) {
	in := []byte(`{"id":"re_1","charge":{"id":"ch_1","amount":2000,"customer":{"id":"cus_1","email":"a@b.c",` +
		`"default_source":{"id":"card_1","last4":"4242","customer":"cus_1"}},"balance_transaction":{"id":"txn_1","net":1900},` +
		`"source":{"id":"card_1","brand":"Visa"},"outcome":{"rule":{"id":"rule_1","action":"block"}}}}`)
	for _, d := range decoders {
		t.Run(d.name, func(t *testing.T) {
			var re charge.Refund
			require.NoError(t, d.unmarshal(in, &re))
			require.NotNil(t, re.Charge)
			ch := re.Charge
			assert.Equal(t, int64(2000), ch.Amount)
			require.NotNil(t, ch.Customer)
			assert.Equal(t, "a@b.c", ch.Customer.Email)
			require.NotNil(t, ch.Customer.DefaultSource)
			assert.Equal(t, "4242", ch.Customer.DefaultSource.Last4)
			assert.Equal(t, &customer.Customer{ID: "cus_1"}, ch.Customer.DefaultSource.Customer)
			assert.Equal(t, int64(1900), ch.BalanceTransaction.Net)
			assert.Equal(t, "Visa", ch.Source.Brand)
			assert.Equal(t, &charge.Rule{ID: "rule_1", Action: "block"}, ch.Outcome.Rule)
		})
	}
}
