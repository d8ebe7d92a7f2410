// Package checkoutpage is the web handler of the checkout example: a
// checkout form (amount, email and a test card standing in for the token
// a payment form would give) that charges on submit and shows the payment
// or the decline reason.
//
//	client := pay.NewClient(os.Getenv("STRIPE_SECRET_KEY"))
//	store, err := checkoutpage.OpenSQLite(ctx, "checkout.db")
//	// ...
//	page, err := checkoutpage.New(client, store)
//	// ...
//	http.ListenAndServe("127.0.0.1:8080", page)
//
// Each form carries a nonce in a hidden field, issued by the server: a
// random checkout-attempt id and an expiry, signed with HMAC-SHA256 under a
// per-process key ([WithNonceKey] shares one between instances). A submit
// whose nonce this server did not issue, or that is older than [NonceTTL],
// charges nothing and gets a fresh form. The charge's idempotency key is
// made from the attempt id: submitting the same form twice (a double click,
// a reload, a retry after a timeout) never charges twice; the second submit
// shows the first payment again. A nonce makes at most one charge: a
// submit with other details under a used nonce is refused by the API.
//
// The 3-D Secure test card ([ThreeDSCard]) is paid with a PaymentIntent:
// the page confirms it with a return URL, sends the browser to the bank's
// authentication page (on paytest, its page with complete and fail
// buttons), and GET /return reads the intent again and shows the payment,
// or the form when authentication failed. The order turns paid on the
// payment_intent.succeeded event (failed on payment_intent.payment_failed).
//
// A submission from another site's page (a cross-site request forgery) is
// refused with 403 before anything else: browsers say where a POST comes
// from in Sec-Fetch-Site, or in Origin.
//
// The charge runs on a context of its own, not the shopper's request: a
// shopper who closes the tab does not cut a charge short. When the client
// cannot tell whether the charge was made ([pay.ErrOutcomeUnknown]: no
// response, or a 5xx after its retries), the handler asks again with the
// same idempotency key, a bounded number of times; if it still cannot
// tell, the page says the payment is being confirmed, never that it
// failed, and offers to check again with the same key.
//
// Each checkout attempt is an order, named by the attempt id, recorded
// before the charge is made and put in the charge's metadata as order_id.
// The shopper's result page says what the create call answered (Payment
// succeeded): that is the card network's answer, and the shopper should
// not wait on anything else. But the order is marked paid, and fulfilled
// ([WithFulfil]), only when a charge.succeeded event for its charge
// arrives at POST /webhook, signed with the endpoint's secret
// ([WithWebhookSecret]): the event comes even when the create call's
// answer was lost or the shopper closed the tab, so it is the one signal
// that never misses a payment. An event delivered twice, or late, changes
// nothing more: events are deduplicated by id, and an order's state only
// moves forward (awaiting payment, then paid or failed, then refunded). An
// event for an order this process does not know is acknowledged and
// ignored. GET /orders/{id} shows the order's state (and reloads itself
// while it awaits payment); GET /api/orders/{id} serves it as JSON.
//
// Orders, and the ids of the events applied to them, live in a [Store]:
// [OpenSQLite] keeps them in a SQLite file, where applying an event and
// remembering its id is one transaction, so a restart loses no order and a
// redelivered event is applied (and its order fulfilled) once, before the
// restart or after. A shop puts the Store's methods on its own database,
// and checks that the charge's amount is the order's.
//
// It lives in its own package, not in package main, so that the browser
// test in the e2e module can serve it in-process.
package checkoutpage

import (
	"bytes"
	"context"
	"crypto/rand"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/paymentintent"
	"github.com/paykit/pay/webhook"
)

// Card is a test card offered in the form.
type Card struct {
	// Token is the card token charged, such as "tok_visa".
	Token string
	// Label is what the form shows.
	Label string
}

// Cards are the test cards the form offers, the first one selected.
var Cards = []Card{
	{"tok_visa", "Visa 4242 (succeeds)"},
	{"tok_mastercard", "Mastercard 4444 (succeeds)"},
	{"tok_chargeDeclined", "Declined: generic decline"},
	{"tok_chargeDeclinedInsufficientFunds", "Declined: insufficient funds"},
	{"tok_chargeDeclinedExpiredCard", "Declined: expired card"},
	{"tok_chargeDeclinedIncorrectCvc", "Declined: incorrect CVC"},
	// A test payment method, paid with a PaymentIntent: the bank asks for
	// 3-D Secure, on paytest's authentication page.
	{ThreeDSCard, "3-D Secure: asks you to authenticate"},
}

// ThreeDSCard is the card of the form that asks for 3-D Secure. It is
// paid with a PaymentIntent (a charge cannot authenticate): the shopper is
// sent to the bank's page and comes back to GET /return.
const ThreeDSCard = "pm_card_threeDSecure2Required"

// Currency is the currency of every charge the page makes.
const Currency = "usd"

// The amounts the form accepts, in cents: the API's minimum for usd and its
// maximum for any charge.
const (
	MinAmount = 50
	MaxAmount = 99999999
)

//go:embed page.html
var pageHTML string

var pageTmpl = template.Must(template.New("page").Parse(pageHTML))

// Option configures the handler returned by New.
type Option func(*server)

// WithLogger logs API failures other than declines (default: silent).
func WithLogger(l *slog.Logger) Option { return func(s *server) { s.log = l } }

// WithFakeNotice adds a footer saying that the API is a fake and nothing is
// charged, for a client aimed at paytest.
func WithFakeNotice() Option { return func(s *server) { s.fake = true } }

// WithWebhookSecret sets the signing secret (whsec_...) of the webhook
// endpoint, POST /webhook. Without it the endpoint answers 500 to every
// event, and orders stay awaiting payment.
func WithWebhookSecret(secret string) Option { return func(s *server) { s.whsec = secret } }

// WithFulfil sets the function called when a verified charge.succeeded
// event marks an order paid: once per order, however many times the event
// is delivered. It runs inside the webhook request, so it should return
// quickly (queue slow work); it is where a shop would ship.
func WithFulfil(fn func(ctx context.Context, o Order)) Option {
	return func(s *server) { s.fulfil = fn }
}

// WithNonceKey sets the key that signs form nonces (default: 32 random
// bytes per process). Instances behind one load balancer need the same
// key, of at least 32 random bytes, kept as secret as the API key; a
// shorter key is ignored.
func WithNonceKey(key []byte) Option {
	return func(s *server) {
		if len(key) >= 32 {
			s.nonces.key = bytes.Clone(key)
		}
	}
}

// How long a charge may take, and how the handler asks again when the
// outcome is unknown.
const (
	chargeTimeout  = 90 * time.Second
	unknownRetries = 2
	unknownPause   = time.Second
)

type server struct {
	charges *charge.Client
	intents *paymentintent.Client
	log     *slog.Logger
	fake    bool
	nonces  nonces
	store   Store
	whsec   string
	fulfil  func(context.Context, Order)

	retries int           // further calls after an unknown outcome
	pause   time.Duration // between them
}

// New returns the checkout page's handler: GET / shows the form, POST
// /checkout charges, POST /webhook takes the API's events (see
// [WithWebhookSecret]), GET /orders/{id} shows an order's state and GET
// /api/orders/{id} serves it as JSON. client makes the charges; store
// keeps the orders and the events applied to them (see [OpenSQLite]). It
// fails when store is nil or the system's random source fails.
func New(client *pay.Client, store Store, opts ...Option) (http.Handler, error) {
	if client == nil {
		return nil, errors.New("checkoutpage: New needs a *pay.Client")
	}
	if store == nil {
		return nil, errNoStore
	}
	s := &server{
		charges: charge.NewClient(client),
		intents: paymentintent.NewClient(client),
		log:     slog.New(slog.DiscardHandler),
		nonces:  nonces{key: make([]byte, 32), now: time.Now},
		store:   store,
		retries: unknownRetries,
		pause:   unknownPause,
	}
	if _, err := rand.Read(s.nonces.key); err != nil {
		return nil, fmt.Errorf("checkoutpage: no random key for nonces: %w", err)
	}
	for _, o := range opts {
		o(s)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.form)
	mux.HandleFunc("POST /checkout", s.checkout)
	mux.HandleFunc("GET /checkout", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/", http.StatusSeeOther)
	})
	mux.Handle("/webhook", webhook.Handler(s.whsec, s.event))
	mux.HandleFunc("GET /return", s.returned)
	mux.HandleFunc("GET /orders/{id}", s.orderPage)
	mux.HandleFunc("GET /api/orders/{id}", s.orderJSON)
	return securityHeaders(mux), nil
}

// page is what the template renders.
type page struct {
	Kind  string // "form" or "result"
	Title string
	Fake  bool

	// The form, with what was entered.
	Nonce, Amount, Email string
	Cards                []cardOption
	Problem              string
	Declined             *pay.Error

	// The result.
	Charge   *result
	Replayed bool
	// Pending: the form's values, to check again with the same nonce.
	Card string

	// The order: on the result, pending and order pages.
	Order *orderInfo
	// Refresh, if not 0, reloads the page after that many seconds.
	Refresh int
	// AuthURL, on the authenticate page, is the bank's 3-D Secure page:
	// the browser goes there at once.
	AuthURL string
}

type cardOption struct {
	Card
	Selected bool
}

type result struct {
	ID, Status, Amount, Card, ReceiptEmail string
}

func (s *server) form(w http.ResponseWriter, r *http.Request) {
	nonce, err := s.nonces.issue()
	if err != nil {
		http.Error(w, "cannot make a form nonce", http.StatusInternalServerError)
		return
	}
	s.render(w, http.StatusOK, s.formPage(nonce, "", "", Cards[0].Token))
}

func (s *server) formPage(nonce, amount, email, card string) *page {
	p := &page{Kind: "form", Title: "Checkout", Fake: s.fake, Nonce: nonce, Amount: amount, Email: email}
	for _, c := range Cards {
		p.Cards = append(p.Cards, cardOption{Card: c, Selected: c.Token == card})
	}
	return p
}

// maxFormBytes bounds a POSTed form.
const maxFormBytes = 16 << 10

func (s *server) checkout(w http.ResponseWriter, r *http.Request) {
	if crossSite(r) {
		// Another site's page posted here: a forgery, whatever it carries.
		s.render(w, http.StatusForbidden, &page{Kind: "refused", Title: "Refused", Fake: s.fake})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "the form could not be read", http.StatusBadRequest)
		return
	}
	in := struct{ nonce, amount, email, card string }{
		strings.TrimSpace(r.PostFormValue("nonce")),
		strings.TrimSpace(r.PostFormValue("amount")),
		strings.TrimSpace(r.PostFormValue("email")),
		r.PostFormValue("card"),
	}
	attempt, ok := s.nonces.verify(in.nonce)
	if !ok {
		// Not a form this server made, or too old: there is no safe
		// idempotency key, so start over with a fresh form.
		nonce, err := s.nonces.issue()
		if err != nil {
			http.Error(w, "cannot make a form nonce", http.StatusInternalServerError)
			return
		}
		p := s.formPage(nonce, in.amount, in.email, in.card)
		p.Problem = "This form has expired. Please check the details and submit it again."
		s.render(w, http.StatusBadRequest, p)
		return
	}
	// Invalid input: nothing was sent, so the same nonce stays valid.
	again := s.formPage(in.nonce, in.amount, in.email, in.card)
	amount, err := ParseDollars(in.amount)
	if err != nil {
		again.Problem = err.Error()
		s.render(w, http.StatusUnprocessableEntity, again)
		return
	}
	if err := validEmail(in.email); err != nil {
		again.Problem = err.Error()
		s.render(w, http.StatusUnprocessableEntity, again)
		return
	}
	if !knownCard(in.card) {
		again.Problem = "Choose one of the test cards."
		s.render(w, http.StatusUnprocessableEntity, again)
		return
	}

	// The order exists before the charge, so that the webhook, which can
	// arrive before the create call returns, finds it, and so that a
	// restart finds it too: no order, no charge.
	if err := s.store.Open(r.Context(), attempt); err != nil {
		s.storeFailed(w, r, err)
		return
	}
	var ch *charge.Charge
	var resp pay.Response
	if strings.HasPrefix(in.card, "pm_") {
		var pi *paymentintent.PaymentIntent
		pi, resp, err = s.payWithIntent(r, &paymentintent.CreateParams{
			Amount:        amount,
			Currency:      Currency,
			PaymentMethod: in.card,
			Confirm:       true,
			ReturnURL:     origin(r) + "/return",
			ReceiptEmail:  in.email,
			Description:   "Checkout example",
			Metadata:      pay.Metadata{"checkout_attempt": attempt, "order_id": attempt},
		}, "checkout-"+attempt)
		if err == nil && pi.Status == paymentintent.StatusRequiresAction && pi.NextAction != nil &&
			pi.NextAction.Type == pay.NextActionRedirectToURL && pi.NextAction.RedirectToURL != nil {
			// The bank asks the shopper to authenticate: off to its page,
			// which sends them back to GET /return. A page that goes there
			// at once, not a redirect: the form's form-action 'self' (CSP)
			// forbids a form's submission to end on another site.
			s.render(w, http.StatusOK, &page{Kind: "authenticate", Title: "Confirm with your bank", Fake: s.fake,
				AuthURL: pi.NextAction.RedirectToURL.URL})
			return
		}
		if err == nil {
			if ch = pi.LatestCharge; ch == nil {
				err = fmt.Errorf("PaymentIntent %.64q is %.32q, with no charge", pi.ID, pi.Status) // quoted and cut: from the network
			}
		}
	} else {
		ch, resp, err = s.charge(r.Context(), &charge.CreateParams{
			Amount:       amount,
			Currency:     Currency,
			Source:       in.card,
			ReceiptEmail: in.email,
			Description:  "Checkout example",
			Metadata:     pay.Metadata{"checkout_attempt": attempt, "order_id": attempt},
		}, "checkout-"+attempt)
	}
	if err == nil {
		s.charged(r.Context(), attempt, ch)
		s.render(w, http.StatusOK, &page{
			Kind: "result", Title: "Payment " + string(ch.Status), Fake: s.fake,
			Charge: &result{
				ID:           ch.ID,
				Status:       string(ch.Status),
				Amount:       FormatDollars(ch.Amount),
				Card:         cardOf(ch),
				ReceiptEmail: ch.ReceiptEmail,
			},
			Replayed: resp.Replayed,
			Order:    s.order(r.Context(), attempt),
		})
		return
	}

	var perr *pay.Error
	switch {
	case errors.Is(err, pay.ErrOutcomeUnknown):
		// Asked again and still no answer: the card may have been charged.
		// Saying "failed" would send the shopper to pay again elsewhere;
		// checking again reuses the nonce, so it charges at most once.
		s.log.ErrorContext(r.Context(), "checkout: payment outcome unknown", "idempotency_key", resp.IdempotencyKey, "err", err)
		p := s.formPage(in.nonce, in.amount, in.email, in.card)
		p.Kind, p.Title, p.Card = "pending", "Confirming your payment", in.card
		p.Order = s.order(r.Context(), attempt)
		s.render(w, http.StatusAccepted, p)
	case errors.As(err, &perr) && perr.Type == pay.ErrorTypeCard:
		// The declined attempt is over: a new attempt needs a new nonce.
		nonce, nerr := s.nonces.issue()
		if nerr != nil {
			http.Error(w, "cannot make a form nonce", http.StatusInternalServerError)
			return
		}
		p := s.formPage(nonce, in.amount, in.email, in.card)
		p.Declined = perr
		s.render(w, http.StatusPaymentRequired, p)
	case errors.As(err, &perr) && perr.Type == pay.ErrorTypeIdempotency:
		// The same form, submitted before with other details (edited after
		// going back): the first submit stands, and a new one is a new payment.
		nonce, nerr := s.nonces.issue()
		if nerr != nil {
			http.Error(w, "cannot make a form nonce", http.StatusInternalServerError)
			return
		}
		p := s.formPage(nonce, in.amount, in.email, in.card)
		p.Problem = "This form was already submitted with other details, so it was not charged again. Submit it once more to make a new payment."
		s.render(w, http.StatusConflict, p)
	case errors.As(err, &perr) && perr.Type == pay.ErrorTypeInvalidRequest && perr.StatusCode/100 == 4 && perr.Param != "":
		// The API refused a param (an amount it does not take, an email it
		// does not accept): nothing was charged, the nonce stays valid.
		again.Problem = "Please correct the " + perr.Param + ": " + perr.Message
		s.render(w, http.StatusUnprocessableEntity, again)
	default:
		// The API refused the call (rate limited, a bad key), or it was
		// never sent. Keep the nonce: submitting again is safe, it either
		// replays the payment or makes it once.
		s.log.ErrorContext(r.Context(), "checkout: charge failed", "idempotency_key", resp.IdempotencyKey, "err", err)
		again.Problem = "The payment service could not take the payment. Submit again: you will not be charged twice."
		s.render(w, http.StatusBadGateway, again)
	}
}

// payWithIntent creates and confirms a PaymentIntent with idempotency key
// key, asking again as charge does when the outcome is unknown. Its latest
// charge is expanded, for the result page.
func (s *server) payWithIntent(r *http.Request, params *paymentintent.CreateParams, key string) (*paymentintent.PaymentIntent, pay.Response, error) {
	return retryUnknown(r.Context(), s, key, func(ctx context.Context, opts ...pay.RequestOption) (*paymentintent.PaymentIntent, error) {
		return s.intents.Create(ctx, params, append(opts, pay.Expand("latest_charge"))...)
	})
}

// retryUnknown runs call with idempotency key key on a context of its own
// (a shopper who closes the tab does not cut it short), and calls it again
// with the same key while the outcome is unknown, s.retries times at most.
func retryUnknown[T any](reqCtx context.Context, s *server, key string, call func(context.Context, ...pay.RequestOption) (T, error)) (T, pay.Response, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(reqCtx), chargeTimeout)
	defer cancel()
	for try := 0; ; try++ {
		var resp pay.Response
		v, err := call(ctx, pay.IdempotencyKey(key), pay.ResponseInto(&resp))
		if err == nil || !errors.Is(err, pay.ErrOutcomeUnknown) || try == s.retries {
			return v, resp, err
		}
		s.log.WarnContext(ctx, "checkout: payment outcome unknown, asking again with the same idempotency key",
			"idempotency_key", key, "err", err)
		t := time.NewTimer(s.pause)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return v, resp, err // the last answer: still unknown
		}
	}
}

// origin is the scheme and host the shopper reached the page at, for the
// return URL of 3-D Secure.
func origin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// returned serves GET /return, where the bank's 3-D Secure page sends the
// shopper back (?payment_intent=pi_...&redirect_status=...). The page
// reads the PaymentIntent again rather than trust the query: paid, it
// shows the payment; otherwise the form, to pay another way. The order
// turns paid on the payment_intent.succeeded event, as for a charge.
func (s *server) returned(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("payment_intent")
	if !strings.HasPrefix(id, "pi_") || len(id) > 255 {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	pi, err := s.intents.Get(r.Context(), id, pay.Expand("latest_charge"))
	if err != nil {
		s.log.ErrorContext(r.Context(), "checkout: the returning payment could not be read", "payment_intent", id, "err", err)
		http.Error(w, "the payment could not be read; reload this page to try again", http.StatusBadGateway)
		return
	}
	attempt := pi.Metadata["order_id"]
	if (pi.Status == paymentintent.StatusSucceeded || pi.Status == paymentintent.StatusRequiresCapture) && pi.LatestCharge != nil {
		ch := pi.LatestCharge
		s.charged(r.Context(), attempt, ch)
		s.render(w, http.StatusOK, &page{
			Kind: "result", Title: "Payment " + string(ch.Status), Fake: s.fake,
			Charge: &result{ID: ch.ID, Status: string(ch.Status), Amount: FormatDollars(ch.Amount), Card: cardOf(ch), ReceiptEmail: ch.ReceiptEmail},
			Order:  s.order(r.Context(), attempt),
		})
		return
	}
	nonce, nerr := s.nonces.issue()
	if nerr != nil {
		http.Error(w, "cannot make a form nonce", http.StatusInternalServerError)
		return
	}
	p := s.formPage(nonce, FormatDollars(pi.Amount), pi.ReceiptEmail, ThreeDSCard)
	p.Problem = "The payment was not authenticated, so your card was not charged. Choose a card and pay again."
	if pi.LastPaymentError != nil && pi.LastPaymentError.Type == pay.ErrorTypeCard {
		p.Problem, p.Declined = "", pi.LastPaymentError
	}
	s.render(w, http.StatusPaymentRequired, p)
}

// charge creates the charge with idempotency key key. It runs on a context
// of its own, so a shopper who closes the tab does not cut it short; and
// when the outcome is unknown it asks again with the same key, so that a
// charge made while its response was lost comes back as that charge.
func (s *server) charge(reqCtx context.Context, params *charge.CreateParams, key string) (*charge.Charge, pay.Response, error) {
	return retryUnknown(reqCtx, s, key, func(ctx context.Context, opts ...pay.RequestOption) (*charge.Charge, error) {
		return s.charges.Create(ctx, params, opts...)
	})
}

// charged records ch as order id's charge. A failure is logged, not
// shown: the payment is made, and its event records the charge too.
func (s *server) charged(ctx context.Context, id string, ch *charge.Charge) {
	if err := s.store.Charged(ctx, id, paymentOf(ch)); err != nil {
		s.log.ErrorContext(ctx, "checkout: order store", "order", id, "charge", ch.ID, "err", err)
	}
}

func (s *server) render(w http.ResponseWriter, status int, p *page) {
	var buf bytes.Buffer
	if err := pageTmpl.ExecuteTemplate(&buf, "page", p); err != nil {
		s.log.Error("checkout: render", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		h.ServeHTTP(w, r)
	})
}

// A FormError is a problem with what was entered in the form, worded for
// the person filling it in.
type FormError string

// Error returns the message for the person filling in the form.
func (e FormError) Error() string { return string(e) }

var dollarsRE = regexp.MustCompile(`^([0-9]{1,9})(?:\.([0-9]{1,2}))?$`)

// ParseDollars parses an amount in US dollars, such as "20", "19.99" or
// "$5.5", into cents. It accepts $0.50 to $999,999.99 with at most two
// decimals; its errors are FormErrors.
func ParseDollars(s string) (int64, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "$")
	if s == "" {
		return 0, FormError("Enter an amount in US dollars, such as 20 or 19.99.")
	}
	m := dollarsRE.FindStringSubmatch(s)
	if m == nil {
		return 0, FormError(fmt.Sprintf("%q is not an amount in US dollars: enter digits with at most two decimals, such as 20 or 19.99.", s))
	}
	whole, _ := strconv.ParseInt(m[1], 10, 64) // at most 9 digits
	cents := whole * 100
	if m[2] != "" {
		frac, _ := strconv.ParseInt(m[2], 10, 64)
		if len(m[2]) == 1 {
			frac *= 10
		}
		cents += frac
	}
	if cents < MinAmount || cents > MaxAmount {
		return 0, FormError(fmt.Sprintf("The amount must be between %s and %s.", FormatDollars(MinAmount), FormatDollars(MaxAmount)))
	}
	return cents, nil
}

// FormatDollars formats cents as dollars, such as "$19.99" or "$1,000.00".
func FormatDollars(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	whole := strconv.FormatInt(cents/100, 10)
	var b strings.Builder
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return fmt.Sprintf("%s$%s.%02d", sign, b.String(), cents%100)
}

func validEmail(s string) error {
	if s == "" {
		return FormError("Enter an email address for the receipt.")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 512 || !strings.Contains(s[strings.LastIndexByte(s, '@'):], ".") {
		return FormError(fmt.Sprintf("%q is not an email address.", s))
	}
	return nil
}

func knownCard(token string) bool {
	for _, c := range Cards {
		if c.Token == token {
			return true
		}
	}
	return false
}

func cardOf(ch *charge.Charge) string {
	if ch.PaymentMethodDetails == nil || ch.PaymentMethodDetails.Card == nil {
		return ""
	}
	c := ch.PaymentMethodDetails.Card
	brand := c.Brand
	if brand != "" {
		brand = strings.ToUpper(brand[:1]) + brand[1:]
	}
	return brand + " •••• " + c.Last4
}
