package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/examples/checkout/checkoutpage"
	"github.com/paykit/pay/paymentintent"
	"github.com/paykit/pay/paytest"
)

// defaultChromium is Debian's Chromium, which .ci/run installs.
const defaultChromium = "/usr/bin/chromium"

// inCI reports whether the test runs in CI, where a missing browser is a
// failure, not a reason to skip.
func inCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v != "" && v != "false" && v != "0"
}

// chromium returns the browser to drive: $CHROMIUM, or /usr/bin/chromium.
// Without one the test fails in CI and skips elsewhere.
func chromium(t *testing.T) string {
	t.Helper()
	path := os.Getenv("CHROMIUM")
	if path == "" {
		path = defaultChromium
	}
	if _, err := exec.LookPath(path); err != nil {
		msg := fmt.Sprintf("no Chromium at %s (%v): install Debian's chromium (apt-get install chromium) or set CHROMIUM to a Chromium binary", path, err)
		if inCI() {
			require.FailNow(t, msg+"; CI is set, so this is a failure")
		}
		t.Skip(msg)
	}
	return path
}

// browser starts headless Chromium with a fresh profile and returns a
// context for its first tab, ended when the test ends.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := chromium(t)
	// Not t.TempDir: Chromium's helper processes can still write there for a
	// moment after the browser exits, so removing it may need a few tries.
	profile, err := os.MkdirTemp("", "pay-e2e-chromium-")
	require.NoError(t, err)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox, // root in a container
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), // containers have a small /dev/shm
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(900, 800),
	}
	ctx, cancelTimeout := context.WithTimeout(context.Background(), 45*time.Second)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithErrorf(t.Logf))
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc() // waits for the browser to exit
		cancelTimeout()
		for range 50 {
			if err := os.RemoveAll(profile); err == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Logf("could not remove the browser profile %s", profile)
	})
	// Start the browser now, so that one that cannot start says so.
	require.NoError(t, chromedp.Do(tabCtx), "start Chromium (%s)", path)
	return tabCtx
}

// screenshot saves the page as name.png under $PAY_E2E_SCREENSHOTS, when set.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("PAY_E2E_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err, "screenshot")
	path := filepath.Join(dir, name+".png")
	require.NoError(t, os.WriteFile(path, png, 0o644))
	t.Logf("screenshot: %s", path)
}

// text returns the visible text of the element with id.
func text(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID(id)))
	require.NoError(t, err, "text of #%s", id)
	return strings.TrimSpace(s)
}

// fillForm loads the form and fills it in as a user would.
func fillForm(t *testing.T, ctx context.Context, base, amount, email, card string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.ID("pay")),
		chromedp.SendKeys(chromedp.ID("amount"), amount),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SetValue(chromedp.ID("card"), card),
	)
	require.NoError(t, err, "fill in the form")
}

// submit clicks Pay and returns the HTTP status of the page it leads to.
func submit(t *testing.T, ctx context.Context) int64 {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.ID("pay")))
	require.NoError(t, err, "submit the form")
	return resp.Status
}

// orderState fetches the order's state from GET /api/orders/{id}.
func orderState(t *testing.T, base, id string) string {
	t.Helper()
	resp, err := http.Get(base + "/api/orders/" + id)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var o checkoutpage.Order
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&o))
	return string(o.State)
}

func TestCheckoutPage_InChromium(t *testing.T) {
	ctx := browser(t)

	api := paytest.NewServer()
	defer api.Close()
	const secret = "whsec_e2e_checkout"
	var fulfilled atomic.Int32
	store, err := checkoutpage.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "checkout.db"))
	require.NoError(t, err)
	defer store.Close()
	page, err := checkoutpage.New(api.Client(), store, checkoutpage.WithFakeNotice(), checkoutpage.WithWebhookSecret(secret),
		checkoutpage.WithFulfil(func(context.Context, checkoutpage.Order) { fulfilled.Add(1) }))
	require.NoError(t, err)
	// The page's webhook endpoint holds paytest's deliveries until the
	// test releases them, so the browser sees the order before and after
	// the charge.succeeded event.
	hold := make(chan struct{})
	release := sync.OnceFunc(func() { close(hold) })
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/webhook" {
			select {
			case <-hold:
			case <-r.Context().Done():
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
		}
		page.ServeHTTP(w, r)
	}))
	defer site.Close()
	defer release()
	api.AddWebhookEndpoint(site.URL+"/webhook", secret)

	listCharges := func(t *testing.T) []*charge.Charge {
		t.Helper()
		var all []*charge.Charge
		for ch, err := range charge.NewClient(api.Client()).List(context.Background(), nil) {
			require.NoError(t, err)
			all = append(all, ch)
		}
		return all
	}

	t.Run("pay with tok_visa", func(t *testing.T) {
		fillForm(t, ctx, site.URL, "19.99", "jenny@example.com", "tok_visa")
		screenshot(t, ctx, "form")
		status := submit(t, ctx)
		screenshot(t, ctx, "paid")
		all := listCharges(t)
		require.Len(t, all, 1, "paytest holds %d charges, want one succeeded charge of 1999", len(all))
		require.Equal(t, "succeeded", string(all[0].Status), "want one succeeded charge of 1999")
		require.Equal(t, int64(1999), all[0].Amount, "want one succeeded charge of 1999")
		heading, id, amount, email := text(t, ctx, "paid"), text(t, ctx, "charge-id"), text(t, ctx, "charge-amount"), text(t, ctx, "receipt-email")
		assert.Equal(t, int64(200), status, "the page's status")
		assert.Equal(t, "Payment succeeded", heading)
		assert.Equal(t, all[0].ID, id, "the charge shown")
		assert.Equal(t, "$19.99", amount)
		assert.Equal(t, "jenny@example.com", email, "the receipt email shown")
		order := all[0].Metadata["order_id"]
		require.Len(t, order, 32, "the charge names its order")

		// No event yet: the order awaits confirmation, on the result page
		// and on the order page it links to.
		assert.Equal(t, "Awaiting confirmation", text(t, ctx, "order-status"))
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("order-link")), chromedp.WaitVisible(chromedp.ID("order-id"))))
		assert.Equal(t, order, text(t, ctx, "order-id"))
		assert.Equal(t, "Awaiting confirmation", text(t, ctx, "order-status"))
		screenshot(t, ctx, "order-awaiting")
		assert.Zero(t, fulfilled.Load())

		// paytest delivers charge.succeeded; the order page, reloading
		// itself, turns to paid.
		release()
		wait, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		require.NoError(t, chromedp.Do(wait, chromedp.WaitVisible(chromedp.CSS(`#order-status[data-state="paid"]`))),
			"the order page does not turn to paid")
		screenshot(t, ctx, "order-paid")
		assert.Equal(t, "Paid", text(t, ctx, "order-status"))
		whCtx, whCancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer whCancel()
		require.NoError(t, api.WaitForWebhooks(whCtx))
		assert.Equal(t, "paid", orderState(t, site.URL, order))
		assert.Equal(t, int32(1), fulfilled.Load(), "the order is fulfilled once")
	})

	t.Run("declined card", func(t *testing.T) {
		fillForm(t, ctx, site.URL, "20", "jenny@example.com", "tok_chargeDeclinedInsufficientFunds")
		status := submit(t, ctx)
		screenshot(t, ctx, "declined")
		message, code := text(t, ctx, "decline-message"), text(t, ctx, "decline-code")
		assert.Equal(t, int64(402), status, "want 402 and the insufficient funds decline")
		assert.Equal(t, "Your card has insufficient funds.", message)
		assert.Equal(t, "insufficient_funds", code)
		all := listCharges(t)
		require.Len(t, all, 2, "paytest holds %d charges, want the earlier one and a failed one", len(all))
		require.Equal(t, "failed", string(all[0].Status), "want the earlier one and a failed one")
	})

	t.Run("a form on another site is refused", func(t *testing.T) {
		// The attack in issue 8: a page on another site posts to the
		// checkout with a made-up nonce. localhost and 127.0.0.1 are
		// different sites to the browser.
		evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><form method="post" action="%s/checkout">
<input type="hidden" name="nonce" value="%s">
<input type="hidden" name="amount" value="500"><input type="hidden" name="email" value="victim@example.com">
<input type="hidden" name="card" value="tok_visa"><button id="win" type="submit">Win a prize</button></form>`,
				site.URL, strings.Repeat("ab", 16))
		}))
		defer evil.Close()
		evilURL := strings.Replace(evil.URL, "127.0.0.1", "localhost", 1)
		require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(evilURL+"/"), chromedp.WaitVisible(chromedp.ID("win"))), "load the other site's page")
		resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.ID("win")))
		require.NoError(t, err, "submit the other site's form")
		screenshot(t, ctx, "cross-site")
		heading := text(t, ctx, "refused")
		assert.Equal(t, int64(403), resp.Status, "want 403 and Submission refused")
		assert.Equal(t, "Submission refused", heading)
		assert.Len(t, listCharges(t), 2, "paytest holds charges, want still 2")
	})

	t.Run("a made-up nonce is refused", func(t *testing.T) {
		fillForm(t, ctx, site.URL, "20", "jenny@example.com", "tok_visa")
		require.NoError(t, chromedp.Do(ctx, chromedp.SetAttributeValue(chromedp.CSS(`input[name="nonce"]`), "value", strings.Repeat("ab", 16))), "change the nonce")
		status := submit(t, ctx)
		problem := text(t, ctx, "problem")
		assert.Equal(t, int64(400), status, "the page says %q, want 400 and This form has expired", problem)
		assert.Contains(t, problem, "This form has expired", "the page (%d)", status)
		assert.Len(t, listCharges(t), 2, "paytest holds charges, want still 2")
		// The fresh form it shows pays.
		status = submit(t, ctx)
		if assert.Equal(t, int64(200), status, "the fresh form") {
			assert.Equal(t, "Payment succeeded", text(t, ctx, "paid"), "the fresh form")
		}
		assert.Len(t, listCharges(t), 3, "paytest holds charges, want 3")
	})

	t.Run("bad amount", func(t *testing.T) {
		fillForm(t, ctx, site.URL, "twenty", "jenny@example.com", "tok_visa")
		status := submit(t, ctx)
		problem := text(t, ctx, "problem")
		assert.Equal(t, int64(422), status, "the page says %q", problem)
		assert.Contains(t, problem, `"twenty" is not an amount in US dollars`, "the page (%d)", status)
		assert.Len(t, listCharges(t), 3, "paytest holds charges, want still 3")
	})

	for _, tc := range []struct {
		button string
		status int64
		state  string
	}{
		{"complete", http.StatusOK, "paid"},
		{"fail", http.StatusPaymentRequired, "failed"},
	} {
		t.Run("3-D Secure "+tc.button, func(t *testing.T) {
			before := len(listCharges(t))
			fillForm(t, ctx, site.URL, "42", "jenny@example.com", checkoutpage.ThreeDSCard)
			require.Equal(t, int64(http.StatusOK), submit(t, ctx), "the bank's page's status")
			require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID(tc.button))), "paytest's 3-D Secure page")
			screenshot(t, ctx, "3ds-"+tc.button)
			assert.Contains(t, text(t, ctx, "intent"), "pi_")
			resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.ID(tc.button)))
			require.NoError(t, err, "click %s", tc.button)
			screenshot(t, ctx, "3ds-"+tc.button+"-back")
			assert.Equal(t, tc.status, resp.Status)
			assert.Contains(t, resp.URL, site.URL+"/return?", "back on the shop's return URL")

			pis, err := paymentintent.NewClient(api.Client()).ListPage(context.Background(), &paymentintent.ListParams{})
			require.NoError(t, err)
			require.NotEmpty(t, pis.Data)
			order := pis.Data[0].Metadata["order_id"]
			require.Len(t, order, 32, "the intent names its order")
			if tc.button == "complete" {
				assert.Equal(t, "Payment succeeded", text(t, ctx, "paid"))
				assert.Equal(t, "$42.00", text(t, ctx, "charge-amount"))
				assert.Len(t, listCharges(t), before+1)
			} else {
				assert.Contains(t, text(t, ctx, "problem"), "The payment was not authenticated")
				assert.Len(t, listCharges(t), before, "a failed authentication charges nothing")
			}
			whCtx, whCancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer whCancel()
			require.NoError(t, api.WaitForWebhooks(whCtx))
			assert.Equal(t, tc.state, orderState(t, site.URL, order), "the order turns on the payment_intent event")
		})
	}

}
