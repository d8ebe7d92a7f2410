package checkoutpage

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/paytest"
	"github.com/paykit/pay/refund"
	"github.com/paykit/pay/webhook"
)

const testSecret = "whsec_test_checkoutpage"

// shop is the page on httptest with a webhook secret and a fulfilment
// counter, backed by a paytest server that sends no webhooks: the tests
// deliver paytest's events themselves.
type shop struct {
	api       *paytest.Server
	ts        *httptest.Server
	fulfilled atomic.Int32
	paid      chan Order // each order fulfilled, as fulfilled
}

func newShop(t *testing.T) *shop {
	t.Helper()
	sh := &shop{paid: make(chan Order, 16)}
	sh.api, sh.ts = setupPage(t, nil, WithWebhookSecret(testSecret), WithFulfil(func(_ context.Context, o Order) {
		sh.fulfilled.Add(1)
		sh.paid <- o
	}))
	return sh
}

// pay submits a fresh form and returns the order id (the nonce's attempt
// id) and the page.
func (sh *shop) pay(t *testing.T, card string) (order string, status int, body string) {
	t.Helper()
	nonce := getForm(t, sh.ts)
	status, body = submit(t, sh.ts, nonce, "19.99", "jenny@example.com", card)
	return nonce[:32], status, body
}

// event returns paytest's event of type typ about charge chargeID.
func (sh *shop) event(t *testing.T, typ webhook.EventType, chargeID string) []byte {
	t.Helper()
	for _, raw := range sh.api.Events() {
		var ev struct {
			Type webhook.EventType `json:"type"`
			Data struct {
				Object struct {
					ID string `json:"id"`
				} `json:"object"`
			} `json:"data"`
		}
		require.NoError(t, json.Unmarshal(raw, &ev))
		if ev.Type == typ && ev.Data.Object.ID == chargeID {
			return raw
		}
	}
	require.FailNow(t, "paytest emitted no "+string(typ)+" event for "+chargeID)
	return nil
}

// deliver POSTs payload to /webhook with the Stripe-Signature header sig.
func (sh *shop) deliver(t *testing.T, payload []byte, sig string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, sh.ts.URL+"/webhook", bytes.NewReader(payload))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if sig != "" {
		req.Header.Set("Stripe-Signature", sig)
	}
	resp, err := sh.ts.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

// deliverSigned delivers payload signed with the shop's secret, now.
func (sh *shop) deliverSigned(t *testing.T, payload []byte) (int, string) {
	t.Helper()
	return sh.deliver(t, payload, webhook.Sign(payload, testSecret, time.Now()))
}

// order fetches GET /api/orders/{id}.
func (sh *shop) order(t *testing.T, id string) (int, Order) {
	t.Helper()
	resp, err := sh.ts.Client().Get(sh.ts.URL + "/api/orders/" + id)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	var o Order
	if resp.StatusCode == http.StatusOK {
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&o))
	}
	return resp.StatusCode, o
}

func TestCheckout_OrderAwaitsPaymentUntilTheEvent(t *testing.T) {
	sh := newShop(t)
	id, status, body := sh.pay(t, "tok_visa")
	require.Equal(t, http.StatusOK, status, summary(body))

	all := charges(t, sh.api)
	require.Len(t, all, 1)
	assert.Equal(t, id, all[0].Metadata["order_id"], "the charge names its order")
	assert.Equal(t, id, all[0].Metadata["checkout_attempt"])
	assert.Contains(t, text(body), "Payment succeeded", "the create call's answer is the shopper's")
	assert.Contains(t, body, `<span id="order-status" class="state-awaiting_payment" data-state="awaiting_payment">Awaiting confirmation</span>`)
	assert.Contains(t, body, `<a id="order-link" href="/orders/`+id+`">`)

	code, o := sh.order(t, id)
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, Order{ID: id, State: OrderAwaitingPayment, Charge: all[0].ID, Amount: 1999, Currency: "usd"}, o)
	assert.Zero(t, sh.fulfilled.Load())
}

func TestWebhook_ChargeSucceededMarksTheOrderPaidOnce(t *testing.T) {
	sh := newShop(t)
	id, status, _ := sh.pay(t, "tok_visa")
	require.Equal(t, http.StatusOK, status)
	ch := charges(t, sh.api)[0]
	payload := sh.event(t, webhook.ChargeSucceeded, ch.ID)
	var ev webhook.Event
	require.NoError(t, json.Unmarshal(payload, &ev))

	code, msg := sh.deliverSigned(t, payload)
	require.Equal(t, http.StatusOK, code, msg)
	_, o := sh.order(t, id)
	assert.Equal(t, Order{ID: id, State: OrderPaid, Charge: ch.ID, Amount: 1999, Currency: "usd", Event: ev.ID}, o)
	assert.Equal(t, int32(1), sh.fulfilled.Load())
	assert.Equal(t, o, <-sh.paid, "fulfilment gets the paid order")

	// The same event again, as the API may send it: acknowledged, and
	// nothing more happens.
	code, msg = sh.deliverSigned(t, payload)
	assert.Equal(t, http.StatusOK, code, msg)
	_, again := sh.order(t, id)
	assert.Equal(t, o, again)
	assert.Equal(t, int32(1), sh.fulfilled.Load(), "fulfilled once")

	// The order page says paid and stops reloading.
	code, body := do(t, sh.ts, "GET", "/orders/"+id, nil)
	assert.Equal(t, http.StatusOK, code)
	assert.Contains(t, body, `<span id="order-status" class="state-paid" data-state="paid">Paid</span>`)
	assert.NotContains(t, body, `http-equiv="refresh"`)
}

func TestWebhook_ConcurrentDeliveriesOfOneEventFulfilOnce(t *testing.T) {
	sh := newShop(t)
	id, _, _ := sh.pay(t, "tok_visa")
	payload := sh.event(t, webhook.ChargeSucceeded, charges(t, sh.api)[0].ID)

	var wg sync.WaitGroup
	codes := make([]int, 8)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], _ = sh.deliverSigned(t, payload)
		}()
	}
	wg.Wait()
	for _, c := range codes {
		assert.Equal(t, http.StatusOK, c)
	}
	assert.Equal(t, int32(1), sh.fulfilled.Load())
	_, o := sh.order(t, id)
	assert.Equal(t, OrderPaid, o.State)
}

func TestWebhook_BadSignatureIs400AndChangesNothing(t *testing.T) {
	sh := newShop(t)
	id, _, _ := sh.pay(t, "tok_visa")
	payload := sh.event(t, webhook.ChargeSucceeded, charges(t, sh.api)[0].ID)
	tampered := bytes.Replace(payload, []byte(`1999`), []byte(`1`), 1)
	require.NotEqual(t, string(payload), string(tampered))

	tests := []struct {
		name    string
		payload []byte
		sig     string
	}{
		{"no signature", payload, ""},
		{"another secret", payload, webhook.Sign(payload, "whsec_someone_else", time.Now())},
		{"a tampered body", tampered, webhook.Sign(payload, testSecret, time.Now())},
		{"an old signature", payload, webhook.Sign(payload, testSecret, time.Now().Add(-time.Hour))},
		{"a malformed header", payload, "v1=deadbeef"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, msg := sh.deliver(t, tt.payload, tt.sig)
			assert.Equal(t, http.StatusBadRequest, code)
			assert.NotContains(t, msg, testSecret)
			_, o := sh.order(t, id)
			assert.Equal(t, OrderAwaitingPayment, o.State)
			assert.Empty(t, o.Event)
		})
	}
	assert.Zero(t, sh.fulfilled.Load())

	// The genuine event still counts: a forged one did not use it up.
	code, _ := sh.deliverSigned(t, payload)
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, int32(1), sh.fulfilled.Load())
}

func TestWebhook_EventForAnUnknownOrderIsAcknowledged(t *testing.T) {
	sh := newShop(t)
	known, _, _ := sh.pay(t, "tok_visa")
	// Charges made elsewhere on the account: without an order_id, and with
	// one this process never issued.
	ctx := context.Background()
	charges := charge.NewClient(sh.api.Client())
	bare, err := charges.Create(ctx, &charge.CreateParams{Amount: 500, Currency: "usd", Source: "tok_visa"})
	require.NoError(t, err)
	stranger, err := charges.Create(ctx, &charge.CreateParams{Amount: 500, Currency: "usd", Source: "tok_visa",
		Metadata: map[string]string{"order_id": strings.Repeat("0", 32)}})
	require.NoError(t, err)

	for _, ch := range []*charge.Charge{bare, stranger} {
		code, msg := sh.deliverSigned(t, sh.event(t, webhook.ChargeSucceeded, ch.ID))
		assert.Equal(t, http.StatusOK, code, msg)
	}
	code, _ := sh.order(t, strings.Repeat("0", 32))
	assert.Equal(t, http.StatusNotFound, code, "an event does not make an order")
	_, o := sh.order(t, known)
	assert.Equal(t, OrderAwaitingPayment, o.State)
	assert.Zero(t, sh.fulfilled.Load())
}

func TestWebhook_ChargeFailedMarksTheOrderFailed(t *testing.T) {
	sh := newShop(t)
	id, status, body := sh.pay(t, "tok_chargeDeclined")
	require.Equal(t, http.StatusPaymentRequired, status, summary(body))
	ch := charges(t, sh.api)[0]
	require.Equal(t, charge.Status("failed"), ch.Status)

	code, msg := sh.deliverSigned(t, sh.event(t, webhook.ChargeFailed, ch.ID))
	require.Equal(t, http.StatusOK, code, msg)
	_, o := sh.order(t, id)
	assert.Equal(t, OrderFailed, o.State)
	assert.Equal(t, ch.ID, o.Charge)
	assert.Zero(t, sh.fulfilled.Load())
}

func TestWebhook_StatesOnlyMoveForward(t *testing.T) {
	sh := newShop(t)
	id, _, _ := sh.pay(t, "tok_visa")
	ch := charges(t, sh.api)[0]
	_, err := refund.NewClient(sh.api.Client()).Create(context.Background(), &refund.CreateParams{Charge: ch.ID})
	require.NoError(t, err)
	succeeded := sh.event(t, webhook.ChargeSucceeded, ch.ID)
	refunded := sh.event(t, webhook.ChargeRefunded, ch.ID)

	// Out of order, as the API may deliver them: the refund first. A
	// refunded order is never fulfilled.
	code, msg := sh.deliverSigned(t, refunded)
	require.Equal(t, http.StatusOK, code, msg)
	code, msg = sh.deliverSigned(t, succeeded)
	require.Equal(t, http.StatusOK, code, msg)

	_, o := sh.order(t, id)
	assert.Equal(t, OrderRefunded, o.State)
	assert.Zero(t, sh.fulfilled.Load())
}

func TestWebhook_OtherEventsAreAcknowledged(t *testing.T) {
	sh := newShop(t)
	payload := []byte(`{"id":"evt_other","object":"event","type":"customer.created","data":{"object":{"id":"cus_1","object":"customer"}}}`)
	code, msg := sh.deliverSigned(t, payload)
	assert.Equal(t, http.StatusOK, code, msg)
	// A charge event that holds no charge is a handler error: 500, so
	// the API sends it again.
	payload = []byte(`{"id":"evt_odd","object":"event","type":"charge.succeeded","data":{"object":{"id":"cus_1","object":"customer"}}}`)
	code, _ = sh.deliverSigned(t, payload)
	assert.Equal(t, http.StatusInternalServerError, code)
}

func TestWebhook_WithoutASecretRefusesEvents(t *testing.T) {
	_, ts := setupPage(t, nil)
	req, err := http.NewRequest(http.MethodPost, ts.URL+"/webhook", strings.NewReader(`{}`))
	require.NoError(t, err)
	req.Header.Set("Stripe-Signature", webhook.Sign([]byte(`{}`), "", time.Now()))
	resp, err := ts.Client().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
}

func TestOrderPages(t *testing.T) {
	sh := newShop(t)
	id, _, _ := sh.pay(t, "tok_visa")

	code, body := do(t, sh.ts, "GET", "/orders/"+id, nil)
	assert.Equal(t, http.StatusOK, code)
	assert.Contains(t, body, `<meta http-equiv="refresh" content="1">`, "an order awaiting payment reloads itself")
	assert.Contains(t, body, `<dd id="order-id">`+id+`</dd>`)
	assert.Contains(t, body, `data-state="awaiting_payment">Awaiting confirmation</span>`)

	for _, path := range []string{"/orders/" + strings.Repeat("0", 32), "/orders/%3Cscript%3E"} {
		code, body = do(t, sh.ts, "GET", path, nil)
		assert.Equal(t, http.StatusNotFound, code, path)
		assert.Contains(t, body, "No such order")
		assert.NotContains(t, body, "<script>")
	}
	resp, err := sh.ts.Client().Get(sh.ts.URL + "/api/orders/nope")
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.JSONEq(t, `{"error":"no such order"}`, string(b))
}

// TestWebhook_EndToEndOnPaytest has paytest deliver its own events to the
// page, twice each (two endpoints at the same URL): the order is paid and
// fulfilled once.
func TestWebhook_EndToEndOnPaytest(t *testing.T) {
	sh := newShop(t)
	sh.api.AddWebhookEndpoint(sh.ts.URL+"/webhook", testSecret)
	sh.api.AddWebhookEndpoint(sh.ts.URL+"/webhook", testSecret)

	id, status, body := sh.pay(t, "tok_visa")
	require.Equal(t, http.StatusOK, status, summary(body))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, sh.api.WaitForWebhooks(ctx))

	_, o := sh.order(t, id)
	assert.Equal(t, OrderPaid, o.State)
	assert.Equal(t, charges(t, sh.api)[0].ID, o.Charge)
	assert.Equal(t, int32(1), sh.fulfilled.Load(), "each event came twice; the order is fulfilled once")

	// Every event was acknowledged: none awaits delivery.
	var missed struct {
		Data []json.RawMessage `json:"data"`
	}
	require.NoError(t, sh.api.Client().Do(ctx, "GET", "/v1/events?delivery_success=false", nil, &missed))
	assert.Empty(t, missed.Data)

	// A declined card's order fails the same way.
	id, status, _ = sh.pay(t, "tok_chargeDeclinedInsufficientFunds")
	require.Equal(t, http.StatusPaymentRequired, status)
	require.NoError(t, sh.api.WaitForWebhooks(ctx))
	_, o = sh.order(t, id)
	assert.Equal(t, OrderFailed, o.State)
	assert.Equal(t, int32(1), sh.fulfilled.Load())
}

// TestWebhook_PaysTheOrderWhoseCreateAnswerWasLost: the shopper is told
// the payment is being confirmed, and the event settles it.
func TestWebhook_PaysTheOrderWhoseCreateAnswerWasLost(t *testing.T) {
	sh := newShop(t)
	sh.api.AddWebhookEndpoint(sh.ts.URL+"/webhook", testSecret)
	// Made, then nothing answers: the first call and both calls asking
	// again (3 calls of 3 attempts).
	sh.api.FailNext(1, paytest.Fault{DropAfterWork: true})
	sh.api.FailNext(8, paytest.Fault{DropBeforeWork: true})

	id, status, body := sh.pay(t, "tok_visa")
	require.Equal(t, http.StatusAccepted, status, summary(body))
	assert.Contains(t, body, `<a id="order-link" href="/orders/`+id+`">follow your order</a>`)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, sh.api.WaitForWebhooks(ctx))
	_, o := sh.order(t, id)
	assert.Equal(t, OrderPaid, o.State)
	assert.Equal(t, charges(t, sh.api)[0].ID, o.Charge)
	assert.Equal(t, int32(1), sh.fulfilled.Load())
}
