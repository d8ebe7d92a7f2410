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
	if status != http.StatusOK {
		t.Fatalf("GET / = %d", status)
	}
	return nonceOf(t, body)
}

func nonceOf(t *testing.T, body string) string {
	t.Helper()
	m := nonceField.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no nonce in the page:\n%s", body)
	}
	return m[1]
}

func do(t *testing.T, ts *httptest.Server, method, path string, form url.Values) (int, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, ts.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
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
		if err != nil {
			t.Fatal(err)
		}
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
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	for _, want := range []string{
		`<form method="post" action="/checkout">`,
		`name="amount"`, `in US dollars`, `name="email"`, `<select id="card" name="card">`,
		`<option value="tok_visa" selected>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the form lacks %s", want)
		}
	}
	for _, c := range Cards {
		if !strings.Contains(body, `<option value="`+c.Token+`"`) {
			t.Errorf("the form does not offer %s", c.Token)
		}
	}
	if n1, n2 := nonceOf(t, body), getForm(t, ts); n1 == n2 {
		t.Errorf("two forms got the same nonce %s", n1)
	}
}

func TestGetUnknownPath_IsNotFound(t *testing.T) {
	_, ts := setup(t)
	if status, _ := do(t, ts, "GET", "/nope", nil); status != http.StatusNotFound {
		t.Errorf("GET /nope = %d, want 404", status)
	}
}

func TestPost_ChargesAndShowsThePayment(t *testing.T) {
	api, ts := setup(t)
	nonce := getForm(t, ts)
	status, body := submit(t, ts, nonce, "19.99", "jenny@example.com", "tok_mastercard")
	if status != http.StatusOK {
		t.Fatalf("status %d:\n%s", status, body)
	}
	all := charges(t, api)
	if len(all) != 1 {
		t.Fatalf("paytest holds %d charges, want 1", len(all))
	}
	ch := all[0]
	if ch.Amount != 1999 || ch.Currency != "usd" || ch.ReceiptEmail != "jenny@example.com" ||
		ch.Status != "succeeded" || ch.Metadata["checkout_attempt"] != nonce[:32] ||
		ch.PaymentMethodDetails == nil || ch.PaymentMethodDetails.Card.Last4 != "4444" {
		t.Errorf("charge = %d %s %q %s %v", ch.Amount, ch.Currency, ch.ReceiptEmail, ch.Status, ch.Metadata)
	}
	for _, want := range []string{
		`<dd id="charge-id">` + ch.ID + `</dd>`,
		`<dd id="charge-amount">$19.99</dd>`,
		`<dd id="receipt-email">jenny@example.com</dd>`,
		`Payment succeeded`,
	} {
		if !strings.Contains(text(body), want) {
			t.Errorf("the result page lacks %s:\n%s", want, body)
		}
	}
	if strings.Contains(body, `id="replayed"`) {
		t.Error("a first submit is shown as a replay")
	}
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
			if status != http.StatusPaymentRequired {
				t.Fatalf("status %d, want 402:\n%s", status, body)
			}
			page := text(body)
			if !strings.Contains(page, `<span id="decline-message">`+tt.message+`</span>`) ||
				!strings.Contains(page, `<code id="decline-code">`+tt.code+`</code>`) {
				t.Errorf("the page does not show %q (%s):\n%s", tt.message, tt.code, body)
			}
			all := charges(t, api)
			if len(all) != 1 || all[0].Status != "failed" {
				t.Fatalf("paytest holds %d charges, want the one failed charge", len(all))
			}
			if !strings.Contains(body, all[0].ID) {
				t.Errorf("the page does not name the failed charge %s", all[0].ID)
			}
			// What was entered stays, the chosen card stays selected, and
			// the next attempt gets a new nonce: the declined one is spent.
			if !strings.Contains(body, `value="20"`) || !strings.Contains(body, `value="jenny@example.com"`) ||
				!strings.Contains(body, `<option value="`+tt.card+`" selected>`) {
				t.Errorf("the form does not keep what was entered:\n%s", body)
			}
			if next := nonceOf(t, body); next == nonce {
				t.Error("the form after a decline reuses the declined attempt's nonce")
			}
		})
	}
}

func TestPost_DeclineThenAnotherCardCharges(t *testing.T) {
	api, ts := setup(t)
	_, body := submit(t, ts, getForm(t, ts), "20", "jenny@example.com", "tok_chargeDeclined")
	status, body := submit(t, ts, nonceOf(t, body), "20", "jenny@example.com", "tok_visa")
	if status != http.StatusOK || !strings.Contains(body, "Payment succeeded") {
		t.Fatalf("status %d:\n%s", status, body)
	}
	all := charges(t, api)
	if len(all) != 2 || all[0].Status != "succeeded" || all[1].Status != "failed" {
		t.Errorf("paytest holds %d charges, want a failed one, then a succeeded one", len(all))
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
			if status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422:\n%s", status, body)
			}
			if !strings.Contains(text(body), tt.problem) {
				t.Errorf("the page does not say %q:\n%s", tt.problem, body)
			}
			if strings.Contains(body, "<b>20</b>") {
				t.Error("input is echoed unescaped")
			}
			if n := api.Requests() - before; n != 0 {
				t.Errorf("%d requests reached the API, want none", n)
			}
			if got := nonceOf(t, body); got != nonce {
				t.Errorf("nonce %s after a refused submit, want the same %s (nothing was charged)", got, nonce)
			}
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
		if err != nil || got != tt.want {
			t.Errorf("ParseDollars(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	for cents, want := range map[int64]string{1999: "$19.99", 50: "$0.50", 100000: "$1,000.00", 99999999: "$999,999.99"} {
		if got := FormatDollars(cents); got != want {
			t.Errorf("FormatDollars(%d) = %q, want %q", cents, got, want)
		}
	}
}

func TestPost_WithoutAValidNonceShowsAFreshForm(t *testing.T) {
	for _, nonce := range []string{"", "not-a-nonce", strings.Repeat("A", 32)} {
		api, ts := setup(t)
		status, body := submit(t, ts, nonce, "20", "jenny@example.com", "tok_visa")
		if status != http.StatusBadRequest || !strings.Contains(body, "This form has expired") {
			t.Errorf("nonce %q: status %d:\n%s", nonce, status, body)
		}
		if nonceOf(t, body) == nonce {
			t.Errorf("nonce %q kept", nonce)
		}
		if api.Requests() != 0 {
			t.Errorf("nonce %q: a request reached the API", nonce)
		}
	}
}

func TestPost_DoubleSubmitChargesOnce(t *testing.T) {
	api, ts := setup(t)
	nonce := getForm(t, ts)
	_, first := submit(t, ts, nonce, "42", "jenny@example.com", "tok_visa")
	status, second := submit(t, ts, nonce, "42", "jenny@example.com", "tok_visa")
	if status != http.StatusOK {
		t.Fatalf("second submit: status %d:\n%s", status, second)
	}
	all := charges(t, api)
	if len(all) != 1 {
		t.Fatalf("paytest holds %d charges after a double submit, want 1", len(all))
	}
	id := `<dd id="charge-id">` + all[0].ID + `</dd>`
	if !strings.Contains(first, id) || !strings.Contains(second, id) {
		t.Errorf("both pages must show charge %s", all[0].ID)
	}
	if !strings.Contains(second, `id="replayed"`) || !strings.Contains(second, "you were charged once") {
		t.Errorf("the second page does not say it is the same payment:\n%s", second)
	}
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
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses[i] = resp.StatusCode
		}()
	}
	wg.Wait()
	for i, s := range statuses {
		if s != http.StatusOK {
			t.Errorf("submit %d: status %d", i, s)
		}
	}
	if n := len(charges(t, api)); n != 1 {
		t.Fatalf("paytest holds %d charges after 5 concurrent submits, want 1", n)
	}
}

func TestPost_SameFormWithOtherDetailsIsNotChargedAgain(t *testing.T) {
	api, ts := setup(t)
	nonce := getForm(t, ts)
	submit(t, ts, nonce, "42", "jenny@example.com", "tok_visa")
	// Back button, amount edited, submitted again.
	status, body := submit(t, ts, nonce, "43", "jenny@example.com", "tok_visa")
	if status != http.StatusConflict || !strings.Contains(body, "already submitted with other details") {
		t.Fatalf("status %d:\n%s", status, body)
	}
	if n := len(charges(t, api)); n != 1 {
		t.Fatalf("paytest holds %d charges, want 1", n)
	}
	// Submitting the new form is a new payment.
	if status, _ := submit(t, ts, nonceOf(t, body), "43", "jenny@example.com", "tok_visa"); status != http.StatusOK {
		t.Fatalf("new payment: status %d", status)
	}
	if n := len(charges(t, api)); n != 2 {
		t.Fatalf("paytest holds %d charges, want 2", n)
	}
}

func TestPost_APIRefusalKeepsTheNonceSoASecondSubmitIsSafe(t *testing.T) {
	api, ts := setup(t)
	nonce := getForm(t, ts)
	// Every attempt of the first call is rate limited (the first one and
	// its two retries): a definitive answer, nothing was charged.
	api.FailNext(3, paytest.Fault{Status: http.StatusTooManyRequests})
	status, body := submit(t, ts, nonce, "42", "jenny@example.com", "tok_visa")
	if status != http.StatusBadGateway || !strings.Contains(body, "you will not be charged twice") {
		t.Fatalf("status %d:\n%s", status, body)
	}
	if got := nonceOf(t, body); got != nonce {
		t.Fatalf("nonce %s after an API failure, want the same %s", got, nonce)
	}
	status, body = submit(t, ts, nonce, "42", "jenny@example.com", "tok_visa")
	if status != http.StatusOK {
		t.Fatalf("resubmit: status %d:\n%s", status, body)
	}
	if n := len(charges(t, api)); n != 1 {
		t.Fatalf("paytest holds %d charges, want 1", n)
	}
}

func TestGetCheckout_RedirectsToTheForm(t *testing.T) {
	_, ts := setup(t)
	c := ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Get(ts.URL + "/checkout")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Errorf("GET /checkout = %d to %q, want 303 to /", resp.StatusCode, resp.Header.Get("Location"))
	}
}
