package paytest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/dispute"
	"github.com/paykit/pay/paymentintent"
	"github.com/paykit/pay/paymentmethod"
	"github.com/paykit/pay/paytest"
	"github.com/paykit/pay/refund"
)

func TestPaymentIntent_PayWithTokenPaymentMethod(t *testing.T) {
	ctx := context.Background()
	c := newClients(t)

	pm, err := c.pms.Create(ctx, &paymentmethod.CreateParams{Type: "card", Card: &paymentmethod.CardParams{Token: "tok_mastercard"},
		BillingDetails: &paymentmethod.BillingDetailsParams{Name: "Jenny Rosen", Email: "jenny@example.com"}})
	require.NoError(t, err)
	assert.Equal(t, paymentmethod.Type("card"), pm.Type)
	require.NotNil(t, pm.Card)
	assert.Equal(t, "mastercard", pm.Card.Brand)
	assert.Equal(t, "4444", pm.Card.Last4)
	assert.Equal(t, "jenny@example.com", pm.BillingDetails.Email)

	pi, err := c.pis.Create(ctx, &paymentintent.CreateParams{Amount: 2000, Currency: "usd", PaymentMethod: pm.ID,
		Confirm: true, Metadata: pay.Metadata{"order": "6735"}}, pay.IdempotencyKey("order-6735"), pay.Expand("latest_charge"))
	require.NoError(t, err)
	assert.Equal(t, paymentintent.StatusSucceeded, pi.Status)
	assert.Equal(t, int64(2000), pi.AmountReceived)
	assert.Zero(t, pi.AmountCapturable)
	assert.True(t, strings.HasPrefix(pi.ClientSecret, pi.ID+"_secret_"), pi.ClientSecret)
	require.NotNil(t, pi.LatestCharge)
	ch := pi.LatestCharge
	assert.Equal(t, charge.StatusSucceeded, ch.Status)
	assert.True(t, ch.Captured)
	assert.Equal(t, int64(2000), ch.Amount)
	require.NotNil(t, ch.PaymentIntent)
	assert.Equal(t, pi.ID, ch.PaymentIntent.ID)
	assert.Equal(t, "6735", ch.Metadata["order"])

	// The charge is an ordinary charge: listed by its intent, refundable
	// through the intent.
	var listed []string
	for ch, err := range c.charges.List(ctx, &charge.ListParams{PaymentIntent: pi.ID}) {
		require.NoError(t, err)
		listed = append(listed, ch.ID)
	}
	assert.Equal(t, []string{ch.ID}, listed)
	var other []string
	for ch, err := range c.charges.List(ctx, &charge.ListParams{PaymentIntent: "pi_other"}) {
		require.NoError(t, err)
		other = append(other, ch.ID)
	}
	assert.Empty(t, other, "charges listed for another intent")
	re, err := c.refunds.Create(ctx, &refund.CreateParams{PaymentIntent: pi.ID, Amount: 500})
	require.NoError(t, err)
	assert.Equal(t, int64(500), re.Amount)
	require.NotNil(t, re.Charge)
	assert.Equal(t, ch.ID, re.Charge.ID)
	page, err := c.refunds.ListPage(ctx, &refund.ListParams{PaymentIntent: pi.ID})
	require.NoError(t, err)
	require.Len(t, page.Data, 1)
	assert.Equal(t, re.ID, page.Data[0].ID)

	types, idem := eventTypes(t, c.srv)
	assert.Equal(t, []string{"payment_intent.created", "charge.succeeded", "payment_intent.succeeded", "refund.created", "charge.refunded"}, types)
	assert.Equal(t, []string{"order-6735", "order-6735", "order-6735"}, idem[:3])
}

func TestPaymentIntent_ThreeDSecurePage(t *testing.T) {
	for _, tc := range []struct {
		button, redirectStatus string
		status                 paymentintent.Status
		events                 []string
	}{
		{"complete", "succeeded", paymentintent.StatusSucceeded,
			[]string{"payment_intent.created", "payment_intent.requires_action", "charge.succeeded", "payment_intent.succeeded"}},
		{"fail", "failed", paymentintent.StatusRequiresPaymentMethod,
			[]string{"payment_intent.created", "payment_intent.requires_action", "payment_intent.payment_failed"}},
	} {
		t.Run(tc.button, func(t *testing.T) {
			ctx := context.Background()
			c := newClients(t)
			pi, err := c.pis.Create(ctx, &paymentintent.CreateParams{Amount: 4200, Currency: "eur",
				PaymentMethod: "pm_card_authenticationRequired", Confirm: true, ReturnURL: "https://shop.example/return?order=7"})
			require.NoError(t, err)
			assert.Equal(t, paymentintent.StatusRequiresAction, pi.Status)
			require.NotNil(t, pi.NextAction)
			assert.Equal(t, pay.NextActionRedirectToURL, pi.NextAction.Type)
			require.NotNil(t, pi.NextAction.RedirectToURL)
			page := pi.NextAction.RedirectToURL.URL
			assert.Equal(t, c.srv.URL+"/paytest/3ds/"+pi.ID, page)
			assert.Equal(t, "https://shop.example/return?order=7", pi.NextAction.RedirectToURL.ReturnURL)

			resp, err := http.Get(page)
			require.NoError(t, err)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			assert.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Contains(t, string(body), `id="complete"`)
			assert.Contains(t, string(body), `id="fail"`)
			assert.Contains(t, string(body), "€42.00")

			noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			resp, err = noFollow.PostForm(page, url.Values{"result": {tc.button}})
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, http.StatusSeeOther, resp.StatusCode)
			loc, err := url.Parse(resp.Header.Get("Location"))
			require.NoError(t, err)
			assert.Equal(t, "shop.example", loc.Host)
			assert.Equal(t, "/return", loc.Path)
			q := loc.Query()
			assert.Equal(t, "7", q.Get("order"))
			assert.Equal(t, pi.ID, q.Get("payment_intent"))
			assert.Equal(t, pi.ClientSecret, q.Get("payment_intent_client_secret"))
			assert.Equal(t, tc.redirectStatus, q.Get("redirect_status"))

			got, err := c.pis.Get(ctx, pi.ID)
			require.NoError(t, err)
			assert.Equal(t, tc.status, got.Status)
			assert.Nil(t, got.NextAction)
			if tc.button == "fail" {
				require.NotNil(t, got.LastPaymentError)
				assert.Equal(t, pay.ErrorCode("payment_intent_authentication_failure"), got.LastPaymentError.Code)
				assert.Nil(t, got.PaymentMethod)
				assert.Nil(t, got.LatestCharge)
			} else {
				assert.Equal(t, int64(4200), got.AmountReceived)
				require.NotNil(t, got.LatestCharge)
			}
			types, _ := eventTypes(t, c.srv)
			assert.Equal(t, tc.events, types)

			// The page answers once: the authentication is over.
			resp, err = noFollow.PostForm(page, url.Values{"result": {"complete"}})
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, http.StatusConflict, resp.StatusCode)
		})
	}
}

func TestPaymentIntent_AuthenticateInCode(t *testing.T) {
	ctx := context.Background()
	c := newClients(t)
	pi, err := c.pis.Create(ctx, &paymentintent.CreateParams{Amount: 1000, Currency: "usd",
		PaymentMethod: "pm_card_threeDSecure2Required", Confirm: true})
	require.NoError(t, err)
	require.Equal(t, paymentintent.StatusRequiresAction, pi.Status)
	require.NotNil(t, pi.NextAction)
	assert.Equal(t, pay.NextActionUseStripeSDK, pi.NextAction.Type, "without a return_url the next action is use_stripe_sdk")

	require.NoError(t, c.srv.Authenticate(pi.ID, true))
	got, err := c.pis.Get(ctx, pi.ID)
	require.NoError(t, err)
	assert.Equal(t, paymentintent.StatusSucceeded, got.Status)
	assert.Error(t, c.srv.Authenticate(pi.ID, true), "an intent that is not waiting cannot be authenticated")
	assert.Error(t, c.srv.Authenticate("pi_missing", true))

	// Authenticated, then declined by the bank.
	pi, err = c.pis.Create(ctx, &paymentintent.CreateParams{Amount: 1000, Currency: "usd",
		PaymentMethod: "pm_card_authenticationRequiredChargeDeclinedInsufficientFunds", Confirm: true})
	require.NoError(t, err)
	require.NoError(t, c.srv.Authenticate(pi.ID, true))
	got, err = c.pis.Get(ctx, pi.ID)
	require.NoError(t, err)
	assert.Equal(t, paymentintent.StatusRequiresPaymentMethod, got.Status)
	require.NotNil(t, got.LastPaymentError)
	assert.Equal(t, pay.DeclineCode("insufficient_funds"), got.LastPaymentError.DeclineCode)
}

func TestPaymentIntent_OffSessionNeedsTheCustomerBack(t *testing.T) {
	ctx := context.Background()
	c := newClients(t)
	cus, err := c.customers.Create(ctx, &customer.CreateParams{Email: "eu@example.com", PaymentMethod: "pm_card_authenticationRequired"})
	require.NoError(t, err)
	pms, err := c.pms.ListPage(ctx, &paymentmethod.ListParams{Customer: cus.ID})
	require.NoError(t, err)
	require.Len(t, pms.Data, 1)
	pmID := pms.Data[0].ID

	_, err = c.pis.Create(ctx, &paymentintent.CreateParams{Amount: 1500, Currency: "eur", Customer: cus.ID,
		PaymentMethod: pmID, Confirm: true, OffSession: true}, pay.IdempotencyKey("renewal-1"))
	require.Error(t, err)
	var pe *pay.Error
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, http.StatusPaymentRequired, pe.StatusCode)
	assert.Equal(t, pay.ErrorTypeCard, pe.Type)
	assert.Equal(t, pay.ErrorCodeAuthenticationRequired, pe.Code)
	assert.NotContains(t, err.Error(), "_secret_")

	pi, ok := paymentintent.FromError(err)
	require.True(t, ok)
	assert.Equal(t, paymentintent.StatusRequiresPaymentMethod, pi.Status)
	require.NotNil(t, pi.LastPaymentError)
	assert.Equal(t, pay.ErrorCodeAuthenticationRequired, pi.LastPaymentError.Code)
	require.NotNil(t, pi.LatestCharge, "the failed attempt is a failed charge")

	ch, err := c.charges.Get(ctx, pi.LatestCharge.ID)
	require.NoError(t, err)
	assert.Equal(t, charge.StatusFailed, ch.Status)

	// Back on session, the customer authenticates and pays.
	pi, err = c.pis.Confirm(ctx, pi.ID, &paymentintent.ConfirmParams{PaymentMethod: pmID, ReturnURL: "https://shop.example/back"})
	require.NoError(t, err)
	require.Equal(t, paymentintent.StatusRequiresAction, pi.Status)
	require.NoError(t, c.srv.Authenticate(pi.ID, true))
	pi, err = c.pis.Get(ctx, pi.ID)
	require.NoError(t, err)
	assert.Equal(t, paymentintent.StatusSucceeded, pi.Status)
}

func TestPaymentIntent_SetupFutureUsageSetsUpTheCard(t *testing.T) {
	ctx := context.Background()
	c := newClients(t)
	cus, err := c.customers.Create(ctx, &customer.CreateParams{Email: "sfu@example.com"})
	require.NoError(t, err)
	pi, err := c.pis.Create(ctx, &paymentintent.CreateParams{Amount: 2500, Currency: "eur", Customer: cus.ID,
		PaymentMethod: "pm_card_authenticationRequiredOnSetup", Confirm: true, SetupFutureUsage: "off_session"})
	require.NoError(t, err)
	require.Equal(t, paymentintent.StatusRequiresAction, pi.Status)
	require.NoError(t, c.srv.Authenticate(pi.ID, true))
	pi, err = c.pis.Get(ctx, pi.ID)
	require.NoError(t, err)
	require.Equal(t, paymentintent.StatusSucceeded, pi.Status)
	require.NotNil(t, pi.PaymentMethod)

	again, err := c.pis.Create(ctx, &paymentintent.CreateParams{Amount: 2500, Currency: "eur", Customer: cus.ID,
		PaymentMethod: pi.PaymentMethod.ID, Confirm: true, OffSession: true})
	require.NoError(t, err)
	assert.Equal(t, paymentintent.StatusSucceeded, again.Status)
}

func TestPaymentIntent_ManualCaptureAndCancel(t *testing.T) {
	ctx := context.Background()
	c := newClients(t)
	pi, err := c.pis.Create(ctx, &paymentintent.CreateParams{Amount: 2000, Currency: "usd", PaymentMethod: "pm_card_visa",
		Confirm: true, CaptureMethod: paymentintent.CaptureMethodManual})
	require.NoError(t, err)
	require.Equal(t, paymentintent.StatusRequiresCapture, pi.Status)
	assert.Equal(t, int64(2000), pi.AmountCapturable)
	assert.Zero(t, pi.AmountReceived)

	pi, err = c.pis.Capture(ctx, pi.ID, &paymentintent.CaptureParams{AmountToCapture: 1500}, pay.Expand("latest_charge"))
	require.NoError(t, err)
	assert.Equal(t, paymentintent.StatusSucceeded, pi.Status)
	assert.Equal(t, int64(1500), pi.AmountReceived)
	assert.Zero(t, pi.AmountCapturable)
	require.NotNil(t, pi.LatestCharge)
	assert.True(t, pi.LatestCharge.Captured)
	assert.Equal(t, int64(1500), pi.LatestCharge.AmountCaptured)
	assert.Equal(t, int64(500), pi.LatestCharge.AmountRefunded, "the rest of a partial capture is released")

	held, err := c.pis.Create(ctx, &paymentintent.CreateParams{Amount: 3000, Currency: "usd", PaymentMethod: "pm_card_visa",
		Confirm: true, CaptureMethod: paymentintent.CaptureMethodManual})
	require.NoError(t, err)
	held, err = c.pis.Cancel(ctx, held.ID, &paymentintent.CancelParams{CancellationReason: paymentintent.CancellationReasonRequestedByCustomer}, pay.Expand("latest_charge"))
	require.NoError(t, err)
	assert.Equal(t, paymentintent.StatusCanceled, held.Status)
	assert.Equal(t, paymentintent.CancellationReasonRequestedByCustomer, held.CancellationReason)
	assert.NotZero(t, held.CanceledAt)
	require.NotNil(t, held.LatestCharge)
	assert.True(t, held.LatestCharge.Refunded, "canceling releases the authorization")
	assert.False(t, held.LatestCharge.Captured)
}

func TestPaymentIntent_WrongStateIsTheAPIs400(t *testing.T) {
	ctx := context.Background()
	c := newClients(t)
	done, err := c.pis.Create(ctx, &paymentintent.CreateParams{Amount: 2000, Currency: "usd", PaymentMethod: "pm_card_visa", Confirm: true})
	require.NoError(t, err)
	open, err := c.pis.Create(ctx, &paymentintent.CreateParams{Amount: 2000, Currency: "usd"})
	require.NoError(t, err)
	assert.Equal(t, paymentintent.StatusRequiresPaymentMethod, open.Status)

	for _, tc := range []struct {
		name   string
		call   func() error
		code   pay.ErrorCode
		param  string
		status int // 0: refused by the client before sending
	}{
		{"capture before requires_capture", func() error {
			_, err := c.pis.Capture(ctx, open.ID, &paymentintent.CaptureParams{})
			return err
		}, "payment_intent_unexpected_state", "", 400},
		{"confirm after succeeded", func() error {
			_, err := c.pis.Confirm(ctx, done.ID, &paymentintent.ConfirmParams{})
			return err
		}, "payment_intent_unexpected_state", "", 400},
		{"cancel after succeeded", func() error {
			_, err := c.pis.Cancel(ctx, done.ID, &paymentintent.CancelParams{})
			return err
		}, "payment_intent_unexpected_state", "", 400},
		{"confirm without a payment method", func() error {
			_, err := c.pis.Confirm(ctx, open.ID, &paymentintent.ConfirmParams{})
			return err
		}, "payment_intent_unexpected_state", "payment_method", 400},
		{"off_session with setup_future_usage on_session", func() error {
			_, err := c.pis.Create(ctx, &paymentintent.CreateParams{Amount: 2000, Currency: "usd", PaymentMethod: "pm_card_visa",
				Confirm: true, OffSession: true, SetupFutureUsage: "on_session"})
			return err
		}, "", "setup_future_usage", 400},
		{"off_session without confirm", func() error {
			_, err := c.pis.Create(ctx, &paymentintent.CreateParams{Amount: 2000, Currency: "usd", PaymentMethod: "pm_card_visa", OffSession: true})
			return err
		}, "", "off_session", 0},
		{"a payment method that does not exist", func() error {
			_, err := c.pis.Create(ctx, &paymentintent.CreateParams{Amount: 2000, Currency: "usd", PaymentMethod: "pm_nope", Confirm: true})
			return err
		}, "resource_missing", "payment_method", 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var pe *pay.Error
			require.True(t, errors.As(err, &pe), "got %v", err)
			assert.Equal(t, tc.status, pe.StatusCode)
			assert.Equal(t, pay.ErrorTypeInvalidRequest, pe.Type)
			assert.Equal(t, tc.code, pe.Code)
			assert.Equal(t, tc.param, pe.Param)
		})
	}
	// Nothing changed.
	got, err := c.pis.Get(ctx, done.ID)
	require.NoError(t, err)
	assert.Equal(t, paymentintent.StatusSucceeded, got.Status)
	_, err = c.pis.Capture(ctx, open.ID, &paymentintent.CaptureParams{})
	embedded, ok := paymentintent.FromError(err)
	require.True(t, ok, "a state error embeds the intent")
	assert.Equal(t, open.ID, embedded.ID)
}

func TestPaymentIntent_DeclinesAreCardErrorsWithTheIntent(t *testing.T) {
	for _, tc := range []struct {
		pm      string
		code    pay.ErrorCode
		decline pay.DeclineCode
	}{
		{"pm_card_chargeDeclined", "card_declined", "generic_decline"},
		{"pm_card_chargeDeclinedInsufficientFunds", "card_declined", "insufficient_funds"},
		{"pm_card_chargeDeclinedExpiredCard", "expired_card", "expired_card"},
		{"pm_card_chargeDeclinedIncorrectCvc", "incorrect_cvc", "incorrect_cvc"},
		{"pm_card_chargeDeclinedProcessingError", "processing_error", "processing_error"},
		{"pm_card_chargeCustomerFail", "card_declined", "generic_decline"},
	} {
		t.Run(tc.pm, func(t *testing.T) {
			ctx := context.Background()
			c := newClients(t)
			_, err := c.pis.Create(ctx, &paymentintent.CreateParams{Amount: 2000, Currency: "usd", PaymentMethod: tc.pm, Confirm: true})
			var pe *pay.Error
			require.True(t, errors.As(err, &pe), "got %v", err)
			assert.Equal(t, http.StatusPaymentRequired, pe.StatusCode)
			assert.Equal(t, pay.ErrorTypeCard, pe.Type)
			assert.Equal(t, tc.code, pe.Code)
			assert.Equal(t, tc.decline, pe.DeclineCode)
			assert.NotEmpty(t, pe.ChargeID)
			pi, ok := paymentintent.FromError(err)
			require.True(t, ok)
			assert.Equal(t, paymentintent.StatusRequiresPaymentMethod, pi.Status)
			require.NotNil(t, pi.LastPaymentError)
			assert.Equal(t, tc.decline, pi.LastPaymentError.DeclineCode)
			ch, err := c.charges.Get(ctx, pe.ChargeID)
			require.NoError(t, err)
			assert.Equal(t, charge.StatusFailed, ch.Status)
			require.NotNil(t, ch.PaymentIntent)
			assert.Equal(t, pi.ID, ch.PaymentIntent.ID)
		})
	}
}

func TestPaymentIntent_ConfirmIsIdempotent(t *testing.T) {
	ctx := context.Background()
	c := newClients(t)
	pi, err := c.pis.Create(ctx, &paymentintent.CreateParams{Amount: 1200, Currency: "usd", PaymentMethod: "pm_card_visa"})
	require.NoError(t, err)
	var first, second *paymentintent.PaymentIntent
	first, err = c.pis.Confirm(ctx, pi.ID, &paymentintent.ConfirmParams{}, pay.IdempotencyKey("confirm-1"))
	require.NoError(t, err)
	second, err = c.pis.Confirm(ctx, pi.ID, &paymentintent.ConfirmParams{}, pay.IdempotencyKey("confirm-1"))
	require.NoError(t, err, "the same key replays the first answer instead of confirming twice")
	assert.Equal(t, first.LatestCharge.ID, second.LatestCharge.ID)
	n := 0
	for _, err := range c.charges.List(ctx, &charge.ListParams{PaymentIntent: pi.ID}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 1, n)
}

func TestPaymentIntent_SeedRepeatsIdsAndSecrets(t *testing.T) {
	run := func() (string, string) {
		c := newClients(t, paytest.Seed(42))
		pi, err := c.pis.Create(context.Background(), &paymentintent.CreateParams{Amount: 700, Currency: "usd", PaymentMethod: "pm_card_visa", Confirm: true})
		require.NoError(t, err)
		return pi.ID, pi.ClientSecret
	}
	id1, secret1 := run()
	id2, secret2 := run()
	assert.Equal(t, id1, id2)
	assert.Equal(t, secret1, secret2)
}

func TestPaymentIntent_ListAndSearch(t *testing.T) {
	ctx := context.Background()
	c := newClients(t)
	cus, err := c.customers.Create(ctx, &customer.CreateParams{})
	require.NoError(t, err)
	var mine []string
	for i := range 3 {
		pi, err := c.pis.Create(ctx, &paymentintent.CreateParams{Amount: int64(1000 + i), Currency: "usd", Customer: cus.ID,
			Metadata: pay.Metadata{"batch": "dec"}})
		require.NoError(t, err)
		mine = append([]string{pi.ID}, mine...)
	}
	_, err = c.pis.Create(ctx, &paymentintent.CreateParams{Amount: 999, Currency: "usd"})
	require.NoError(t, err)

	var listed []string
	for pi, err := range c.pis.List(ctx, &paymentintent.ListParams{Customer: cus.ID}) {
		require.NoError(t, err)
		listed = append(listed, pi.ID)
	}
	assert.Equal(t, mine, listed, "newest first, only the customer's")

	var found []string
	for pi, err := range c.pis.Search(ctx, &paymentintent.SearchParams{Query: "metadata['batch']:'dec' AND amount>1000"}) {
		require.NoError(t, err)
		found = append(found, pi.ID)
	}
	assert.ElementsMatch(t, mine[:2], found)
}

func TestPaymentIntent_DisputeCardIsDisputed(t *testing.T) {
	ctx := context.Background()
	c := newClients(t)
	pi, err := c.pis.Create(ctx, &paymentintent.CreateParams{Amount: 2000, Currency: "usd", PaymentMethod: "pm_card_createDispute", Confirm: true},
		pay.Expand("latest_charge"))
	require.NoError(t, err)
	assert.Equal(t, paymentintent.StatusSucceeded, pi.Status)
	require.NotNil(t, pi.LatestCharge)
	assert.True(t, pi.LatestCharge.Disputed)
	types, _ := eventTypes(t, c.srv)
	assert.Equal(t, []string{"payment_intent.created", "charge.succeeded", "charge.dispute.created", "charge.dispute.funds_withdrawn", "payment_intent.succeeded"}, types)
}

func TestPaymentIntent_DisputeNamesItsIntent(t *testing.T) {
	ctx := context.Background()
	c := newClients(t)
	pi, err := c.pis.Create(ctx, &paymentintent.CreateParams{Amount: 2000, Currency: "usd", PaymentMethod: "pm_card_createDispute", Confirm: true})
	require.NoError(t, err)
	page, err := c.disputes.ListPage(ctx, &dispute.ListParams{PaymentIntent: pi.ID})
	require.NoError(t, err)
	require.Len(t, page.Data, 1)
	require.NotNil(t, page.Data[0].PaymentIntent)
	assert.Equal(t, pi.ID, page.Data[0].PaymentIntent.ID)
}

// TestPaymentIntent_RawParamErrors sends what the typed client refuses
// before sending, to check paytest answers it as the API does.
func TestPaymentIntent_RawParamErrors(t *testing.T) {
	srv := newServer(t)
	for _, tc := range []struct {
		name  string
		vals  url.Values
		code  string
		param string
	}{
		{"off_session without confirm", form("amount", "2000", "currency", "usd", "payment_method", "pm_card_visa", "off_session", "true"), "", "off_session"},
		{"return_url without confirm", form("amount", "2000", "currency", "usd", "return_url", "https://shop.example/r"), "", "return_url"},
		{"a return_url that is not a URL", form("amount", "2000", "currency", "usd", "payment_method", "pm_card_visa", "confirm", "true", "return_url", "shop"), "url_invalid", "return_url"},
		{"no amount", form("currency", "usd"), "parameter_missing", "amount"},
		{"a capture method the API lacks", form("amount", "2000", "currency", "usd", "capture_method", "later"), "", "capture_method"},
		{"an unknown param", form("amount", "2000", "currency", "usd", "colour", "red"), "parameter_unknown", "colour"},
		{"automatic payment methods without enabled", form("amount", "2000", "currency", "usd", "automatic_payment_methods[allow_redirects]", "never"),
			"parameter_missing", "automatic_payment_methods[enabled]"},
		{"an allow_redirects the API lacks", form("amount", "2000", "currency", "usd", "automatic_payment_methods[enabled]", "true",
			"automatic_payment_methods[allow_redirects]", "sometimes"), "", "automatic_payment_methods[allow_redirects]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, srv, "POST", "/v1/payment_intents", tc.vals)
			wantError(t, r, http.StatusBadRequest, "invalid_request_error", tc.code, tc.param, "")
		})
	}
	r := do(t, srv, "POST", "/v1/setup_intents", form("automatic_payment_methods[enabled]", "true", "automatic_payment_methods[allow_redirects]", "sometimes"))
	wantError(t, r, http.StatusBadRequest, "invalid_request_error", "", "automatic_payment_methods[allow_redirects]", "")
	r = do(t, srv, "POST", "/v1/setup_intents", form("automatic_payment_methods[enabled]", "true", "automatic_payment_methods[allow_redirects]", "never"))
	assert.Equal(t, http.StatusOK, r.status, string(r.raw))
	assert.Contains(t, string(r.raw), `"allow_redirects": "never"`)
	r = do(t, srv, "GET", "/v1/payment_intents", nil)
	assert.Equal(t, http.StatusOK, r.status)
	assert.Contains(t, string(r.raw), `"data": []`, "nothing was made")
}
