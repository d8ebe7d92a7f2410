package checkoutpage

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay/paymentintent"
	"github.com/paykit/pay/webhook"
)

func TestCheckout_ThreeDSecureCard(t *testing.T) {
	for _, tc := range []struct {
		button     string
		status     int
		shows      string
		event      webhook.EventType
		orderState OrderState
	}{
		{"complete", http.StatusOK, "Payment succeeded", webhook.PaymentIntentSucceeded, OrderPaid},
		{"fail", http.StatusPaymentRequired, "The payment was not authenticated", webhook.PaymentIntentPaymentFailed, OrderFailed},
	} {
		t.Run(tc.button, func(t *testing.T) {
			sh := newShop(t)
			order, status, body := sh.pay(t, ThreeDSCard)
			// The page sends the browser on to paytest's authentication page.
			require.Equal(t, http.StatusOK, status, summary(body))
			m := regexp.MustCompile(`<a id="to-bank" href="([^"]+)"`).FindStringSubmatch(body)
			require.NotNil(t, m, summary(body))
			bank := html.UnescapeString(m[1])
			assert.Contains(t, body, `<meta http-equiv="refresh" content="0;url=`+m[1]+`">`)
			resp, err := sh.ts.Client().Get(bank)
			require.NoError(t, err)
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			assert.Contains(t, string(b), `id="complete"`)
			assert.Contains(t, string(b), "$19.99")

			page, err := paymentintent.NewClient(sh.api.Client()).ListPage(context.Background(), nil)
			require.NoError(t, err)
			require.Len(t, page.Data, 1)
			pi := page.Data[0]
			assert.Equal(t, paymentintent.StatusRequiresAction, pi.Status)
			assert.Equal(t, order, pi.Metadata["order_id"])
			assert.Equal(t, int64(1999), pi.Amount)

			// The shopper clicks; the bank's page sends them back to /return.
			assert.Equal(t, sh.api.URL+"/paytest/3ds/"+pi.ID, bank)
			resp, err = sh.ts.Client().PostForm(bank, url.Values{"result": {tc.button}})
			require.NoError(t, err)
			b, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
			assert.Equal(t, "/return", resp.Request.URL.Path, "back on the shop's return URL")
			assert.Equal(t, pi.ID, resp.Request.URL.Query().Get("payment_intent"))
			assert.Equal(t, tc.status, resp.StatusCode, summary(string(b)))
			assert.Contains(t, text(string(b)), tc.shows)

			// The order turns on the intent's event, once.
			code, o := sh.order(t, order)
			require.Equal(t, http.StatusOK, code)
			assert.Equal(t, OrderAwaitingPayment, o.State)
			raw := sh.event(t, tc.event, pi.ID)
			code, _ = sh.deliverSigned(t, raw)
			require.Equal(t, http.StatusOK, code)
			code, _ = sh.deliverSigned(t, raw)
			require.Equal(t, http.StatusOK, code)
			_, o = sh.order(t, order)
			assert.Equal(t, tc.orderState, o.State)
			if tc.orderState == OrderPaid {
				assert.Equal(t, int32(1), sh.fulfilled.Load())
				assert.NotEmpty(t, o.Charge)
			} else {
				assert.Zero(t, sh.fulfilled.Load())
			}
		})
	}
}

func TestReturn_WithoutAnIntentGoesToTheForm(t *testing.T) {
	_, ts := setup(t)
	status, body := do(t, ts, "GET", "/return?payment_intent=nope", nil)
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, `name="nonce"`, "redirected to a fresh form")
}
