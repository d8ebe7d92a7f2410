package paytest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A pm_card_ name is its tok_ card, so payment methods reuse the test
// cards, the disputing ones included.
func TestTestPaymentMethod_IsTheToken(t *testing.T) {
	for name, tok := range map[string]string{
		"pm_card_visa":                            "tok_visa",
		"pm_card_createDispute":                   "tok_createDispute",
		"pm_card_createDisputeProductNotReceived": "tok_createDisputeProductNotReceived",
		"pm_card_createDisputeInquiry":            "tok_createDisputeInquiry",
		"pm_card_chargeDeclinedInsufficientFunds": "tok_chargeDeclinedInsufficientFunds",
		"pm_card_visa_chargeDeclined":             "tok_chargeDeclined",
	} {
		got, ok := testPaymentMethod(name)
		require.True(t, ok, name)
		assert.Equal(t, testTokens[tok], got, name)
	}
	for _, name := range []string{"pm_card_", "pm_card_nope", "tok_visa", "pm_visa"} {
		_, ok := testPaymentMethod(name)
		assert.False(t, ok, name)
	}
	tc, _ := testPaymentMethod("pm_card_createDispute")
	assert.Equal(t, &disputeCase{reason: "fraudulent"}, tc.dispute)
}

// chargeCard opens the dispute itself, so any work that charges a card (a
// PaymentIntent's confirm as POST /v1/charges) gets it and its events.
func TestChargeCard_OpensTheDispute(t *testing.T) {
	st := newStore()
	tc, _ := testPaymentMethod("pm_card_createDispute")
	c := &charge{amount: 2000, currency: "usd", card: st.newCard(tc, "")}
	require.Nil(t, st.chargeCard(c, true))
	require.NotNil(t, c.dispute)
	d := c.dispute
	assert.Equal(t, disputeNeedsResponse, d.status)
	assert.Equal(t, int64(2000), d.amount)
	require.Len(t, d.txns, 1)
	w, _ := st.txns.get(d.txns[0])
	assert.Equal(t, []int64{-2000, disputeFee}, []int64{w.amount, w.fee})

	var types []string
	for _, ev := range st.events.all() {
		types = append(types, ev.typ)
	}
	assert.Equal(t, []string{"charge.succeeded", "charge.dispute.created", "charge.dispute.funds_withdrawn"}, types)
	assert.Equal(t, "charge_disputed", c.checkRefund(refundInput{}).Code)
}

func TestDisputeTransitions(t *testing.T) {
	for from, tos := range disputeTransitions {
		assert.False(t, from.closed(), "%q is final but moves on", from)
		for _, to := range tos {
			assert.NotEqual(t, from, to)
		}
	}
	assert.Equal(t, int64(24*3600*8-1), evidenceDueBy(0), "the end of the 7th day after")
	assert.Equal(t, int64(2*24*3600), availableOn(24*3600-1))
	assert.Equal(t, int64(88), cardFee("usd", 2000))
	assert.Equal(t, int64(29), cardFee("jpy", 1000))
}
