package checkoutpage

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/paytest"
)

// setup serves the page with httptest, backed by a fresh paytest server.
// opts configure the API client.
func setup(t *testing.T, opts ...pay.Option) (*paytest.Server, *httptest.Server) {
	t.Helper()
	return setupPage(t, opts)
}

// setupPage is setup with options for the page too. The page asks again
// after an unknown outcome with no pause, unless pageOpts set one.
func setupPage(t *testing.T, apiOpts []pay.Option, pageOpts ...Option) (*paytest.Server, *httptest.Server) {
	t.Helper()
	api := paytest.NewServer()
	t.Cleanup(api.Close)
	ts := httptest.NewServer(newPage(t, api.Client(apiOpts...), openStore(t, ""), pageOpts...))
	t.Cleanup(ts.Close)
	return api, ts
}

// openStore opens the SQLite store at path, a new file in the test's
// temporary directory when path is "", closed when the test ends.
func openStore(t *testing.T, path string) *SQLiteStore {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "checkout.db")
	}
	st, err := OpenSQLite(context.Background(), path)
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	return st
}

// newPage is New with the store, asking again after an unknown outcome
// with no pause unless opts set one.
func newPage(t *testing.T, client *pay.Client, store Store, opts ...Option) http.Handler {
	t.Helper()
	fast := func(s *server) { s.pause = time.Millisecond }
	h, err := New(client, store, append([]Option{fast}, opts...)...)
	require.NoError(t, err)
	return h
}

var nonceField = regexp.MustCompile(`<input type="hidden" name="nonce" value="([0-9a-f]{32}\.[0-9]+\.[A-Za-z0-9_-]{43})">`)

// getForm loads the form and returns its nonce.
func getForm(t *testing.T, ts *httptest.Server) string {
	t.Helper()
	status, body := do(t, ts, "GET", "/", nil)
	require.Equal(t, http.StatusOK, status, "GET /")
	return nonceOf(t, body)
}

func nonceOf(t *testing.T, body string) string {
	t.Helper()
	m := nonceField.FindStringSubmatch(body)
	require.NotNil(t, m, "no nonce in the page:\n%s", body)
	return m[1]
}

func do(t *testing.T, ts *httptest.Server, method, path string, form url.Values) (int, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, ts.URL+path, body)
	require.NoError(t, err)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := ts.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

func submit(t *testing.T, ts *httptest.Server, nonce, amount, email, card string) (int, string) {
	t.Helper()
	return do(t, ts, "POST", "/checkout", url.Values{
		"nonce": {nonce}, "amount": {amount}, "email": {email}, "card": {card},
	})
}

// charges lists what paytest holds, newest first.
func charges(t *testing.T, api *paytest.Server) []*charge.Charge {
	t.Helper()
	var all []*charge.Charge
	for ch, err := range charge.NewClient(api.Client()).List(context.Background(), nil) {
		require.NoError(t, err)
		all = append(all, ch)
	}
	return all
}

// text is the page with its tags' text unescaped, for asserting what a
// user reads.
func text(body string) string { return html.UnescapeString(body) }

func TestGetForm_ShowsFieldsCardsAndANonce(t *testing.T) {
	_, ts := setup(t)
	status, body := do(t, ts, "GET", "/", nil)
	require.Equal(t, http.StatusOK, status)
	for _, want := range []string{
		`<form method="post" action="/checkout">`,
		`name="amount"`, `in US dollars`, `name="email"`, `<select id="card" name="card">`,
		`<option value="tok_visa" selected>`,
	} {
		assert.Contains(t, body, want, "the form lacks %s", want)
	}
	for _, c := range Cards {
		assert.Contains(t, body, `<option value="`+c.Token+`"`, "the form does not offer %s", c.Token)
	}
	n1, n2 := nonceOf(t, body), getForm(t, ts)
	assert.NotEqual(t, n1, n2, "two forms got the same nonce %s", n1)
}

func TestGetUnknownPath_IsNotFound(t *testing.T) {
	_, ts := setup(t)
	status, _ := do(t, ts, "GET", "/nope", nil)
	assert.Equal(t, http.StatusNotFound, status, "GET /nope")
}

func TestPost_ChargesAndShowsThePayment(t *testing.T) {
	api, ts := setup(t)
	nonce := getForm(t, ts)
	status, body := submit(t, ts, nonce, "19.99", "jenny@example.com", "tok_mastercard")
	require.Equal(t, http.StatusOK, status, body)
	all := charges(t, api)
	require.Len(t, all, 1, "paytest holds %d charges, want 1", len(all))
	ch := all[0]
	assert.Equal(t, int64(1999), ch.Amount)
	assert.Equal(t, "usd", string(ch.Currency))
	assert.Equal(t, "jenny@example.com", ch.ReceiptEmail)
	assert.Equal(t, "succeeded", string(ch.Status))
	assert.Equal(t, nonce[:32], ch.Metadata["checkout_attempt"])
	if assert.NotNil(t, ch.PaymentMethodDetails) {
		assert.Equal(t, "4444", ch.PaymentMethodDetails.Card.Last4)
	}
	for _, want := range []string{
		`<dd id="charge-id">` + ch.ID + `</dd>`,
		`<dd id="charge-amount">$19.99</dd>`,
		`<dd id="receipt-email">jenny@example.com</dd>`,
		`Payment succeeded`,
	} {
		assert.Contains(t, text(body), want, "the result page lacks %s:\n%s", want, body)
	}
	assert.NotContains(t, body, `id="replayed"`, "a first submit is shown as a replay")
}

func TestPost_DeclineShowsTheReasonAndANewNonce(t *testing.T) {
	tests := []struct {
		card, message, code string
	}{
		{"tok_chargeDeclined", "Your card was declined.", "generic_decline"},
		{"tok_chargeDeclinedInsufficientFunds", "Your card has insufficient funds.", "insufficient_funds"},
		{"tok_chargeDeclinedExpiredCard", "Your card has expired.", "expired_card"},
		{"tok_chargeDeclinedIncorrectCvc", "Your card's security code is incorrect.", "incorrect_cvc"},
	}
	for _, tt := range tests {
		t.Run(tt.card, func(t *testing.T) {
			api, ts := setup(t)
			nonce := getForm(t, ts)
			status, body := submit(t, ts, nonce, "20", "jenny@example.com", tt.card)
			require.Equal(t, http.StatusPaymentRequired, status, body)
			page := text(body)
			assert.Contains(t, page, `<span id="decline-message">`+tt.message+`</span>`, "the page does not show %q (%s):\n%s", tt.message, tt.code, body)
			assert.Contains(t, page, `<code id="decline-code">`+tt.code+`</code>`, "the page does not show %q (%s):\n%s", tt.message, tt.code, body)
			all := charges(t, api)
			require.Len(t, all, 1, "paytest holds %d charges, want the one failed charge", len(all))
			require.Equal(t, "failed", string(all[0].Status), "want the one failed charge")
			assert.Contains(t, body, all[0].ID, "the page does not name the failed charge %s", all[0].ID)
			// What was entered stays, the chosen card stays selected, and
			// the next attempt gets a new nonce: the declined one is spent.
			for _, kept := range []string{`value="20"`, `value="jenny@example.com"`, `<option value="` + tt.card + `" selected>`} {
				assert.Contains(t, body, kept, "the form does not keep what was entered:\n%s", body)
			}
			assert.NotEqual(t, nonce, nonceOf(t, body), "the form after a decline reuses the declined attempt's nonce")
		})
	}
}

func TestPost_DeclineThenAnotherCardCharges(t *testing.T) {
	api, ts := setup(t)
	_, body := submit(t, ts, getForm(t, ts), "20", "jenny@example.com", "tok_chargeDeclined")
	status, body := submit(t, ts, nonceOf(t, body), "20", "jenny@example.com", "tok_visa")
	require.Equal(t, http.StatusOK, status, body)
	require.Contains(t, body, "Payment succeeded", "status %d", status)
	all := charges(t, api)
	if assert.Len(t, all, 2, "paytest holds %d charges, want a failed one, then a succeeded one", len(all)) {
		assert.Equal(t, "succeeded", string(all[0].Status), "want a failed one, then a succeeded one")
		assert.Equal(t, "failed", string(all[1].Status), "want a failed one, then a succeeded one")
	}
}

func TestPost_BadInputIsRefusedBeforeCharging(t *testing.T) {
	tests := []struct {
		name, amount, email, card, problem string
	}{
		{"no amount", "", "jenny@example.com", "tok_visa", "Enter an amount in US dollars"},
		{"letters", "ten", "jenny@example.com", "tok_visa", `"ten" is not an amount in US dollars`},
		{"three decimals", "20.999", "jenny@example.com", "tok_visa", "at most two decimals"},
		{"negative", "-5", "jenny@example.com", "tok_visa", "not an amount in US dollars"},
		{"exponent", "1e3", "jenny@example.com", "tok_visa", "not an amount in US dollars"},
		{"comma", "1,000", "jenny@example.com", "tok_visa", "not an amount in US dollars"},
		{"below the minimum", "0.49", "jenny@example.com", "tok_visa", "between $0.50 and $999,999.99"},
		{"zero", "0", "jenny@example.com", "tok_visa", "between $0.50 and $999,999.99"},
		{"above the maximum", "1000000", "jenny@example.com", "tok_visa", "between $0.50 and $999,999.99"},
		{"no email", "20", "", "tok_visa", "Enter an email address"},
		{"bad email", "20", "jenny@", "tok_visa", `"jenny@" is not an email address`},
		{"email with a name", "20", "Jenny <jenny@example.com>", "tok_visa", "is not an email address"},
		{"unknown card", "20", "jenny@example.com", "tok_amex", "Choose one of the test cards"},
		{"markup", "<b>20</b>", "jenny@example.com", "tok_visa", `"<b>20</b>" is not an amount`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api, ts := setup(t)
			nonce := getForm(t, ts)
			before := api.Requests()
			status, body := submit(t, ts, nonce, tt.amount, tt.email, tt.card)
			require.Equal(t, http.StatusUnprocessableEntity, status, body)
			assert.Contains(t, text(body), tt.problem, "the page does not say %q:\n%s", tt.problem, body)
			assert.NotContains(t, body, "<b>20</b>", "input is echoed unescaped")
			assert.Zero(t, api.Requests()-before, "requests reached the API, want none")
			assert.Equal(t, nonce, nonceOf(t, body), "the nonce after a refused submit, want the same (nothing was charged)")
		})
	}
}

func TestPost_AmountsInDollars(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{"20", 2000}, {"19.99", 1999}, {"5.5", 550}, {"$7.05", 705}, {" 0.50 ", 50}, {"999999.99", 99999999},
	}
	for _, tt := range tests {
		got, err := ParseDollars(tt.in)
		if assert.NoError(t, err, "ParseDollars(%q)", tt.in) {
			assert.Equal(t, tt.want, got, "ParseDollars(%q)", tt.in)
		}
	}
	for cents, want := range map[int64]string{1999: "$19.99", 50: "$0.50", 100000: "$1,000.00", 99999999: "$999,999.99"} {
		assert.Equal(t, want, FormatDollars(cents), "FormatDollars(%d)", cents)
	}
}

func TestPost_WithoutAValidNonceShowsAFreshForm(t *testing.T) {
	for _, nonce := range []string{"", "not-a-nonce", strings.Repeat("A", 32)} {
		api, ts := setup(t)
		status, body := submit(t, ts, nonce, "20", "jenny@example.com", "tok_visa")
		assert.Equal(t, http.StatusBadRequest, status, "nonce %q:\n%s", nonce, body)
		assert.Contains(t, body, "This form has expired", "nonce %q: status %d", nonce, status)
		assert.NotEqual(t, nonce, nonceOf(t, body), "nonce %q kept", nonce)
		assert.Zero(t, api.Requests(), "nonce %q: a request reached the API", nonce)
	}
}

func TestPost_DoubleSubmitChargesOnce(t *testing.T) {
	api, ts := setup(t)
	nonce := getForm(t, ts)
	_, first := submit(t, ts, nonce, "42", "jenny@example.com", "tok_visa")
	status, second := submit(t, ts, nonce, "42", "jenny@example.com", "tok_visa")
	require.Equal(t, http.StatusOK, status, "second submit:\n%s", second)
	all := charges(t, api)
	require.Len(t, all, 1, "paytest holds %d charges after a double submit, want 1", len(all))
	id := `<dd id="charge-id">` + all[0].ID + `</dd>`
	assert.Contains(t, first, id, "both pages must show charge %s", all[0].ID)
	assert.Contains(t, second, id, "both pages must show charge %s", all[0].ID)
	assert.Contains(t, second, `id="replayed"`, "the second page does not say it is the same payment:\n%s", second)
	assert.Contains(t, second, "you were charged once", "the second page does not say it is the same payment:\n%s", second)
}

func TestPost_ConcurrentDoubleSubmitChargesOnce(t *testing.T) {
	// A double click: both requests are in flight at once. The API answers
	// the second 409 while the first runs; the client retries it and gets
	// the replayed charge.
	api, ts := setup(t, pay.WithMaxRetries(20))
	nonce := getForm(t, ts)
	var wg sync.WaitGroup
	statuses := make([]int, 5)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", ts.URL+"/checkout", strings.NewReader(url.Values{
				"nonce": {nonce}, "amount": {"42"}, "email": {"jenny@example.com"}, "card": {"tok_visa"},
			}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := ts.Client().Do(req)
			if !assert.NoError(t, err) {
				return
			}
			resp.Body.Close()
			statuses[i] = resp.StatusCode
		}()
	}
	wg.Wait()
	for i, s := range statuses {
		assert.Equal(t, http.StatusOK, s, "submit %d", i)
	}
	require.Len(t, charges(t, api), 1, "paytest holds charges after 5 concurrent submits, want 1")
}

func TestPost_SameFormWithOtherDetailsIsNotChargedAgain(t *testing.T) {
	api, ts := setup(t)
	nonce := getForm(t, ts)
	submit(t, ts, nonce, "42", "jenny@example.com", "tok_visa")
	// Back button, amount edited, submitted again.
	status, body := submit(t, ts, nonce, "43", "jenny@example.com", "tok_visa")
	require.Equal(t, http.StatusConflict, status, body)
	require.Contains(t, body, "already submitted with other details", "status %d", status)
	require.Len(t, charges(t, api), 1)
	// Submitting the new form is a new payment.
	status, _ = submit(t, ts, nonceOf(t, body), "43", "jenny@example.com", "tok_visa")
	require.Equal(t, http.StatusOK, status, "new payment")
	require.Len(t, charges(t, api), 2)
}

func TestPost_APIRefusalKeepsTheNonceSoASecondSubmitIsSafe(t *testing.T) {
	api, ts := setup(t)
	nonce := getForm(t, ts)
	// Every attempt of the first call is rate limited (the first one and
	// its two retries): a definitive answer, nothing was charged.
	api.FailNext(3, paytest.Fault{Status: http.StatusTooManyRequests})
	status, body := submit(t, ts, nonce, "42", "jenny@example.com", "tok_visa")
	require.Equal(t, http.StatusBadGateway, status, body)
	require.Contains(t, body, "you will not be charged twice", "status %d", status)
	require.Equal(t, nonce, nonceOf(t, body), "the nonce after an API failure, want the same")
	status, body = submit(t, ts, nonce, "42", "jenny@example.com", "tok_visa")
	require.Equal(t, http.StatusOK, status, "resubmit:\n%s", body)
	require.Len(t, charges(t, api), 1)
}

func TestGetCheckout_RedirectsToTheForm(t *testing.T) {
	_, ts := setup(t)
	c := ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Get(ts.URL + "/checkout")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode, "GET /checkout, want 303 to /")
	assert.Equal(t, "/", resp.Header.Get("Location"), "GET /checkout, want 303 to /")
}
