package webhook_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay/dispute"
	"github.com/paykit/pay/paymentintent"
	"github.com/paykit/pay/setupintent"
	"github.com/paykit/pay/webhook"
)

// verifyFixture signs a testdata event and verifies it, as a handler would.
func verifyFixture(t *testing.T, name string) *webhook.Event {
	t.Helper()
	payload, err := os.ReadFile("testdata/" + name)
	require.NoError(t, err)
	now := time.Now()
	ev, err := webhook.Verify(payload, webhook.Sign(payload, vecSecret, now), vecSecret)
	require.NoError(t, err)
	return ev
}

func TestEvent_DecodesEnvelope(t *testing.T) {
	ev := verifyFixture(t, "customer_updated.json")
	assert.Equal(t, "evt_customer", ev.ID)
	assert.Equal(t, "event", ev.Object)
	assert.Equal(t, webhook.CustomerUpdated, ev.Type)
	assert.Equal(t, int64(1700000000), ev.Created)
	assert.False(t, ev.Livemode)
	assert.Equal(t, "2026-08-26.dahlia", ev.APIVersion)
	assert.Equal(t, "acct_1032D82eZvKYlo2C", ev.Account)
	assert.Equal(t, int64(2), ev.PendingWebhooks)
	require.NotNil(t, ev.Request)
	assert.Equal(t, webhook.EventRequest{ID: "req_8RjpTuTYS1Gdcu", IdempotencyKey: "order-6735"}, *ev.Request)
	assert.Equal(t, map[string]any{"email": "old@example.com", "metadata": map[string]any{"tier": nil}}, ev.Data.PreviousAttributes)
	assert.Equal(t, "customer", ev.ObjectType())
}

func TestEvent_Charge(t *testing.T) {
	ev := verifyFixture(t, "charge_succeeded.json")
	ch, err := ev.Charge()
	require.NoError(t, err)
	assert.Equal(t, "ch_3MmlLrLkdIwHu7ix0snN0B15", ch.ID)
	assert.Equal(t, int64(1099), ch.Amount)
	assert.Equal(t, "usd", ch.Currency)
}

func TestEvent_Customer(t *testing.T) {
	ev := verifyFixture(t, "customer_updated.json")
	cu, err := ev.Customer()
	require.NoError(t, err)
	assert.Equal(t, "cus_NffrFeUfNV2Hib", cu.ID)
	assert.Equal(t, "jennyrosen@example.com", cu.Email)
}

func TestEvent_Refund(t *testing.T) {
	ev := verifyFixture(t, "refund_created.json")
	re, err := ev.Refund()
	require.NoError(t, err)
	assert.Equal(t, "re_1Nispe2eZvKYlo2Cd31jOCgZ", re.ID)
	assert.Equal(t, int64(500), re.Amount)
	require.NotNil(t, re.Charge)
	assert.Equal(t, "ch_1NirD82eZvKYlo2CIvbtLWuY", re.Charge.ID)
}

func TestEvent_AccessorRefusesOtherObjectTypes(t *testing.T) {
	tests := []struct {
		name   string
		object string
	}{
		{"customer", `{"id":"cus_1","object":"customer"}`},
		{"charge", `{"id":"ch_1","object":"charge","amount":100}`},
		{"refund", `{"id":"re_1","object":"refund"}`},
		{"no object field", `{"id":"ch_1","amount":100}`},
		{"bare id", `"ch_1"`},
		{"null", `null`},
		{"missing", ``},
		{"long object type", `{"object":"` + string(make([]byte, 0)) + `aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := &webhook.Event{ID: "evt_1", Type: "x.y"}
			if tt.object != "" {
				ev.Data.Object = []byte(tt.object)
			}
			if tt.name != "charge" {
				ch, err := ev.Charge()
				assert.ErrorIs(t, err, webhook.ErrWrongObject)
				assert.Nil(t, ch)
				assert.Less(t, len(err.Error()), 200)
			}
			if tt.name != "customer" {
				cu, err := ev.Customer()
				assert.ErrorIs(t, err, webhook.ErrWrongObject)
				assert.Nil(t, cu)
			}
			if tt.name != "refund" {
				re, err := ev.Refund()
				assert.ErrorIs(t, err, webhook.ErrWrongObject)
				assert.Nil(t, re)
			}
		})
	}
}

func TestEvent_MalformedObjectOfTheRightTypeIsAnError(t *testing.T) {
	ev := &webhook.Event{ID: "evt_1", Data: webhook.EventData{Object: []byte(`{"object":"charge","amount":"lots"}`)}}
	ch, err := ev.Charge()
	require.Error(t, err)
	assert.NotErrorIs(t, err, webhook.ErrWrongObject)
	assert.Nil(t, ch)
}

func TestEventRequest_DecodesOldStringForm(t *testing.T) {
	p := []byte(`{"id":"evt_1","object":"event","type":"charge.succeeded","request":"req_old"}`)
	ev, err := webhook.Verify(p, webhook.Sign(p, vecSecret, vecTime), vecSecret, at(vecTime))
	require.NoError(t, err)
	require.NotNil(t, ev.Request)
	assert.Equal(t, webhook.EventRequest{ID: "req_old"}, *ev.Request)

	p = []byte(`{"id":"evt_1","object":"event","type":"charge.succeeded","request":null}`)
	ev, err = webhook.Verify(p, webhook.Sign(p, vecSecret, vecTime), vecSecret, at(vecTime))
	require.NoError(t, err)
	assert.Nil(t, ev.Request)
}

func TestEvent_Dispute(t *testing.T) {
	ev := verifyFixture(t, "charge_dispute_closed.json")
	assert.Equal(t, webhook.ChargeDisputeClosed, ev.Type)
	d, err := ev.Dispute()
	require.NoError(t, err)
	assert.Equal(t, "dp_1PgbnQB7WZ01zgkWzhDPXqYI", d.ID)
	assert.Equal(t, dispute.StatusWon, d.Status)
	assert.Equal(t, dispute.ReasonFraudulent, d.Reason)
	require.NotNil(t, d.Charge)
	assert.Equal(t, "ch_1PgafuB7WZ01zgkWXYmPNZs8", d.Charge.ID)
	assert.Nil(t, d.PaymentIntent)
	require.Len(t, d.BalanceTransactions, 2)
	assert.Equal(t, int64(-3500), d.BalanceTransactions[0].Net)
	assert.Equal(t, int64(3500), d.BalanceTransactions[1].Net)
	assert.Equal(t, int64(1), d.EvidenceDetails.SubmissionCount)

	ch, err := ev.Charge()
	assert.ErrorIs(t, err, webhook.ErrWrongObject)
	assert.Nil(t, ch)
	other := verifyFixture(t, "charge_succeeded.json")
	d, err = other.Dispute()
	assert.ErrorIs(t, err, webhook.ErrWrongObject)
	assert.Nil(t, d)
}

func TestEvent_PaymentIntentSetupIntentPaymentMethod(t *testing.T) {
	ev := verifyFixture(t, "payment_intent_succeeded.json")
	assert.Equal(t, "event", ev.Object)
	assert.Equal(t, webhook.PaymentIntentSucceeded, ev.Type)
	pi, err := ev.PaymentIntent()
	require.NoError(t, err)
	assert.Equal(t, "pi_3PgafuB7WZ01zgkW0pT1aB2c", pi.ID)
	assert.Equal(t, paymentintent.StatusSucceeded, pi.Status)
	assert.Equal(t, int64(2000), pi.AmountReceived)
	require.NotNil(t, pi.LatestCharge)
	assert.Equal(t, "ch_1", pi.LatestCharge.ID)
	assert.Equal(t, "6735", pi.Metadata["order_id"])
	assert.NotContains(t, fmt.Sprintf("%v %+v", pi, *pi), "Q8mVw2LzX0", "fmt never shows the client secret")

	ev = verifyFixture(t, "setup_intent_succeeded.json")
	si, err := ev.SetupIntent()
	require.NoError(t, err)
	assert.Equal(t, setupintent.StatusSucceeded, si.Status)
	assert.Equal(t, setupintent.UsageOffSession, si.Usage)
	require.NotNil(t, si.PaymentMethod)
	assert.Equal(t, "pm_1", si.PaymentMethod.ID)

	ev = verifyFixture(t, "payment_method_attached.json")
	assert.Equal(t, webhook.PaymentMethodAttached, ev.Type)
	pm, err := ev.PaymentMethod()
	require.NoError(t, err)
	require.NotNil(t, pm.Card)
	assert.Equal(t, "4242", pm.Card.Last4)
	require.NotNil(t, pm.Customer)
	assert.Equal(t, "cus_1", pm.Customer.ID)

	for _, wrong := range []func() error{
		func() error { _, err := ev.PaymentIntent(); return err },
		func() error { _, err := ev.SetupIntent(); return err },
		func() error { _, err := verifyFixture(t, "charge_succeeded.json").PaymentMethod(); return err },
	} {
		assert.ErrorIs(t, wrong(), webhook.ErrWrongObject)
	}
}
