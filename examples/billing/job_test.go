package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/paymentintent"
	"github.com/paykit/pay/paymentmethod"
	"github.com/paykit/pay/paytest"
)

func TestRun_ChargesEverySavedCustomerOnce(t *testing.T) {
	a := newAPI(t)
	ids := a.seed(times(12, "pm_card_visa")...)
	noCard := a.seed("")
	// A customer with only a legacy card (default_source): the job charges
	// saved PaymentMethods only.
	legacy, err := customer.NewClient(a.direct()).Create(context.Background(), &customer.CreateParams{Source: "tok_visa"})
	require.NoError(t, err)
	l := openTestLedger(t, "")

	res, err := runJob(context.Background(), t, a.client(), l, a.testConfig())
	require.NoError(t, err)

	assert.Equal(t, 14, res.Customers)
	assert.Equal(t, 2, res.NoCard)
	assert.Equal(t, 12, res.Charged)
	assert.Equal(t, 12, res.Sent)
	assert.Zero(t, res.Pending+res.Declined+res.NeedsCustomer+res.Failed)
	a.requireChargedOnce(l, ids)
	assert.Empty(t, a.intents()[noCard[0]], "a customer without a payment method is not charged")
	assert.Empty(t, a.intents()[legacy.ID], "a customer with only a legacy card is skipped")
	assert.Empty(t, a.charges()[legacy.ID])

	all := a.intents()
	customers := customer.NewClient(a.direct())
	for _, id := range ids {
		pi := all[id][0]
		cus, err := customers.Get(context.Background(), id)
		require.NoError(t, err)
		assert.Equal(t, int64(1500), pi.Amount)
		assert.Equal(t, int64(1500), pi.AmountReceived)
		assert.Equal(t, "usd", pi.Currency)
		assert.Equal(t, cus.InvoiceSettings.DefaultPaymentMethod.ID, pi.PaymentMethod.ID, "the customer's default payment method")
		assert.Equal(t, attemptKey(testPeriod, id, 1), pi.Metadata[metaKey])
		assert.Equal(t, testPeriod, pi.Metadata[metaPeriod])
		assert.Equal(t, "1", pi.Metadata[metaAttempt])
	}
}

func TestRun_WritesThePendingRowBeforeSending(t *testing.T) {
	a := newAPI(t)
	a.seed(times(6, "pm_card_visa")...)
	l := openTestLedger(t, "")

	var mu sync.Mutex
	var seen []string
	a.setHook(func(w http.ResponseWriter, r *http.Request, form url.Values) bool {
		if r.Method != http.MethodPost || r.URL.Path != intentsPath {
			return false
		}
		key := r.Header.Get("Idempotency-Key")
		row, err := l.get(context.Background(), key)
		mu.Lock()
		defer mu.Unlock()
		switch {
		case err != nil:
			seen = append(seen, key+": "+err.Error())
		case row == nil:
			seen = append(seen, key+": no row")
		default:
			seen = append(seen, key+": "+string(row.State)+" "+row.Customer)
			assert.Equal(t, form.Get("customer"), row.Customer)
			assert.Equal(t, form.Get("payment_method"), row.PaymentMethod)
			assert.Equal(t, "true", form.Get("off_session"))
			assert.Equal(t, "true", form.Get("confirm"))
			assert.False(t, row.CreatedAt.IsZero())
		}
		return false
	})
	_, err := runJob(context.Background(), t, a.client(), l, a.testConfig())
	require.NoError(t, err)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, seen, 6)
	for _, s := range seen {
		assert.Regexp(t, `^billing-2026-12-cus_\w+-1: pending cus_\w+$`, s, "the row must be written, pending, before its request is sent")
	}
}

func TestRun_RerunOfAFinishedPeriodChargesNobody(t *testing.T) {
	a := newAPI(t)
	ids := a.seed(times(8, "pm_card_visa")...)
	a.seed("pm_card_chargeCustomerFail")
	l := openTestLedger(t, "")
	_, err := runJob(context.Background(), t, a.client(), l, a.testConfig())
	require.NoError(t, err)
	before, beforeCharges := a.intents(), a.charges()
	posts := a.intentPosts.Load()

	res, err := runJob(context.Background(), t, a.client(), l, a.testConfig())
	require.NoError(t, err)

	assert.Zero(t, res.Sent)
	assert.Equal(t, posts, a.intentPosts.Load(), "a re-run sent a PaymentIntent request")
	assert.Equal(t, 8, res.Charged)
	assert.Equal(t, 1, res.Declined, "a decline stays recorded, without -retry-declined")
	assert.Equal(t, before, a.intents())
	assert.Equal(t, beforeCharges, a.charges())
	a.requireChargedOnce(l, ids)
}

// TestRun_CrashAndRestart_ChargesEachCustomerExactlyOnce kills the job at
// a random request while paytest drops answers after doing the work (and
// fails others), then runs it again until nothing is pending.
func TestRun_CrashAndRestart_ChargesEachCustomerExactlyOnce(t *testing.T) {
	crashAndResume(t, 0)
}

// TestRun_CrashThenResume48HoursLater_LooksUpBeforeResending does the same
// with paytest's clock and the job's moved 48 hours between the crash and
// the restart: paytest has forgotten the keys by then, so only the lookup
// keeps a pending attempt whose charge was made from charging again.
func TestRun_CrashThenResume48HoursLater_LooksUpBeforeResending(t *testing.T) {
	lookedUp, found := crashAndResume(t, 48*time.Hour)
	assert.Positive(t, lookedUp, "no pending attempt was looked up after 48 hours")
	assert.Positive(t, found, "no lookup found a charge: the test did not exercise what it is for")
}

func crashAndResume(t *testing.T, gap time.Duration) (lookedUp, found int) {
	const rounds, customers = 8, 25
	for round := range rounds {
		t.Run(fmt.Sprintf("round%d", round), func(t *testing.T) {
			seed := uint64(round + 1)
			rng := rand.New(rand.NewPCG(seed, 2026))
			a := newAPI(t)
			ids := a.seed(times(customers, "pm_card_visa")...)
			l := openTestLedger(t, "")

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			crashAt := int64(3 + rng.IntN(customers-5))
			kill := func(n int64) {
				switch n {
				case 2:
					// Faults from the first charge on (request 1 lists
					// the customers: the job needs the list to start).
					a.srv.FailRandomly(0.3, seed,
						paytest.Fault{DropAfterWork: true},
						paytest.Fault{DropBeforeWork: true},
						paytest.Fault{Status: http.StatusInternalServerError},
						paytest.Fault{Status: http.StatusTooManyRequests},
						paytest.Fault{Latency: 2 * time.Millisecond, DropAfterWork: true},
					)
				case crashAt:
					cancel()
				}
			}
			a.onRequest.Store(&kill)
			cfg := a.testConfig()
			cfg.Passes = 1
			// No retries: every fault leaves its attempt pending.
			res, err := runJob(ctx, t, a.client(pay.WithMaxRetries(0)), l, cfg)
			if err != nil {
				require.ErrorIs(t, err, context.Canceled)
			}
			require.Positive(t, res.Charged+res.Pending, "the crash came before any charge")
			t.Logf("crashed at request %d: %d charged, %d pending", crashAt, res.Charged, res.Pending)
			a.onRequest.Store(nil)
			a.restart() // the crashed job's requests have all ended
			a.shift(gap)

			// Resume, faults still on, as a scheduler would: run again until
			// nothing is pending.
			cfg.Passes = 5
			for run := 1; ; run++ {
				require.LessOrEqual(t, run, 10, "still pending after 10 runs")
				res, err := runJob(context.Background(), t, a.client(), l, cfg)
				lookedUp += res.LookedUp
				found += res.Found
				if err != nil {
					require.ErrorIs(t, err, pay.ErrRetryLater) // a list that failed: run again
					continue
				}
				if res.Pending == 0 {
					assert.Equal(t, customers, res.Charged)
					break
				}
			}
			a.srv.ClearFaults()
			a.requireChargedOnce(l, ids)

			// Each customer has one attempt: nothing was declined, so no new key.
			rows, err := l.attempts(context.Background(), testPeriod)
			require.NoError(t, err)
			assert.Len(t, rows, customers)
		})
	}
	return lookedUp, found
}

// dropCharges makes paytest drop the answer of each PaymentIntent request after
// the work (after: true) or before it, by customer. It needs one worker, so
// that the fault it queues meets its own request.
func dropCharges(a *api, after map[string]bool) {
	a.setHook(func(w http.ResponseWriter, r *http.Request, form url.Values) bool {
		if r.Method == http.MethodPost && r.URL.Path == intentsPath {
			if drop, ok := after[form.Get("customer")]; ok {
				a.srv.FailNext(1, paytest.Fault{DropAfterWork: drop, DropBeforeWork: !drop})
			}
		}
		return false
	})
}

// pendingCase is a crashed run's customers, by what became of their
// pending attempt: a PaymentIntent that succeeded, one declined, one that
// failed with authentication_required, and one that never reached the work.
type pendingCase struct {
	charged, declined, auth, unsent string
}

// crashWithFourPending leaves four attempts pending, their answers lost.
func crashWithFourPending(t *testing.T) (*api, *ledger, pendingCase) {
	a := newAPI(t)
	ids := a.seed("pm_card_visa", "pm_card_chargeCustomerFail", "pm_card_authenticationRequired", "pm_card_visa")
	c := pendingCase{charged: ids[0], declined: ids[1], auth: ids[2], unsent: ids[3]}
	l := openTestLedger(t, "")
	dropCharges(a, map[string]bool{c.charged: true, c.declined: true, c.auth: true, c.unsent: false})
	cfg := a.testConfig()
	cfg.Workers, cfg.Passes = 1, 1
	res, err := runJob(context.Background(), t, a.client(pay.WithMaxRetries(0)), l, cfg)
	require.NoError(t, err)
	require.Equal(t, 4, res.Pending)
	require.Equal(t, 4, res.Errors)
	a.setHook(nil)
	all := a.intents()
	require.Len(t, succeeded(all[c.charged]), 1, "the dropped answer's PaymentIntent was made")
	require.Len(t, all[c.declined], 1, "the dropped answer's decline was stored")
	require.Len(t, all[c.auth], 1, "the dropped answer's authentication_required was stored")
	require.Empty(t, all[c.unsent])
	return a, l, c
}

// requireRefused fails unless the customer's attempt 1 is recorded in
// state s with code, naming the customer's one PaymentIntent (left in
// requires_payment_method) and its failed charge.
func requireRefused(t *testing.T, a *api, l *ledger, id string, s state, code string) {
	t.Helper()
	intents := a.intents()[id]
	require.Len(t, intents, 1, "customer %s was sent again", id)
	pi := intents[0]
	assert.Equal(t, paymentintent.StatusRequiresPaymentMethod, pi.Status)
	row, err := l.get(context.Background(), attemptKey(testPeriod, id, 1))
	require.NoError(t, err)
	assert.Equal(t, s, row.State)
	assert.Equal(t, code, row.Code)
	assert.Equal(t, pi.ID, row.PaymentIntent)
	assert.Equal(t, string(paymentintent.StatusRequiresPaymentMethod), row.IntentStatus)
	require.NotNil(t, pi.LatestCharge)
	assert.Equal(t, pi.LatestCharge.ID, row.ChargeID, "the failed charge")
}

func TestRun_ExpiredPendingKey_IsLookedUpNotResent(t *testing.T) {
	a, l, c := crashWithFourPending(t)
	a.shift(48 * time.Hour)
	posts := a.intentPosts.Load()

	res, err := runJob(context.Background(), t, a.client(), l, a.testConfig())
	require.NoError(t, err)

	assert.Equal(t, 4, res.LookedUp)
	assert.Equal(t, 3, res.Found, "the payment, the decline and the authentication_required are found by their key")
	assert.Equal(t, 1, res.Sent, "only the attempt with no PaymentIntent is sent")
	assert.Equal(t, posts+1, a.intentPosts.Load())
	assert.Equal(t, 1, res.NeedsCustomer)
	a.requireChargedOnce(l, []string{c.charged, c.unsent})
	requireRefused(t, a, l, c.declined, stateDeclined, "generic_decline") // from last_payment_error
	requireRefused(t, a, l, c.auth, stateNeedsCustomer, "authentication_required")

	unsentRow, err := l.get(context.Background(), attemptKey(testPeriod, c.unsent, 1))
	require.NoError(t, err)
	assert.WithinDuration(t, a.now(), unsentRow.KeySentAt, time.Minute, "a key sent afresh starts a new 24 hours")
}

func TestRun_YoungPendingAttemptIsResentWithItsKey(t *testing.T) {
	a, l, c := crashWithFourPending(t)
	a.shift(23*time.Hour - time.Minute) // the keys are still remembered

	// The customer saves another card in between: a pending attempt is
	// sent as it was written, with its own payment method and amount.
	before, err := customer.NewClient(a.direct()).Get(context.Background(), c.unsent)
	require.NoError(t, err)
	setDefaultCard(t, a, c.unsent, "tok_mastercard")
	cfg := a.testConfig()
	cfg.Amount = 9900
	res, err := runJob(context.Background(), t, a.client(), l, cfg)
	require.NoError(t, err)

	assert.Zero(t, res.LookedUp)
	assert.Equal(t, 4, res.Sent)
	a.requireChargedOnce(l, []string{c.charged, c.unsent})
	pi := a.intents()[c.unsent][0]
	assert.Equal(t, int64(1500), pi.Amount)
	assert.Equal(t, before.InvoiceSettings.DefaultPaymentMethod.ID, pi.PaymentMethod.ID)
	requireRefused(t, a, l, c.declined, stateDeclined, "generic_decline") // the key replays the stored decline
	requireRefused(t, a, l, c.auth, stateNeedsCustomer, "authentication_required")
}

// setDefaultCard saves the card of tok as a new PaymentMethod of the
// customer id, and makes it their default.
func setDefaultCard(t *testing.T, a *api, id, tok string) string {
	t.Helper()
	ctx := context.Background()
	pms := paymentmethod.NewClient(a.direct())
	pm, err := pms.Create(ctx, &paymentmethod.CreateParams{Type: "card", Card: &paymentmethod.CardParams{Token: tok}})
	require.NoError(t, err)
	_, err = pms.Attach(ctx, pm.ID, &paymentmethod.AttachParams{Customer: id})
	require.NoError(t, err)
	_, err = customer.NewClient(a.direct()).Update(ctx, id, &customer.UpdateParams{
		InvoiceSettings: &customer.InvoiceSettingsParams{DefaultPaymentMethod: pay.String(pm.ID)}})
	require.NoError(t, err)
	return pm.ID
}

// TestPaytest_KeySentAgainAfter48HoursChargesAgain shows what the lookup is
// for: paytest, like the API, forgets a key after 24 hours, and the same
// request with it is then a second charge.
func TestPaytest_KeySentAgainAfter48HoursChargesAgain(t *testing.T) {
	a := newAPI(t)
	id := a.seed("pm_card_visa")[0]
	cus, err := customer.NewClient(a.direct()).Get(context.Background(), id)
	require.NoError(t, err)
	intents := paymentintent.NewClient(a.direct())
	row := &attempt{Customer: id, Period: testPeriod, Number: 1, Key: attemptKey(testPeriod, id, 1), Amount: 1500, Currency: "usd",
		PaymentMethod: defaultPaymentMethod(cus)}

	first, err := intents.Create(context.Background(), row.params(), pay.IdempotencyKey(row.Key))
	require.NoError(t, err)
	replay, err := intents.Create(context.Background(), row.params(), pay.IdempotencyKey(row.Key))
	require.NoError(t, err)
	assert.Equal(t, first.ID, replay.ID)

	a.shift(48 * time.Hour)
	again, err := intents.Create(context.Background(), row.params(), pay.IdempotencyKey(row.Key))
	require.NoError(t, err)
	assert.NotEqual(t, first.ID, again.ID, "paytest should have forgotten the key")
	assert.Len(t, succeeded(a.intents()[id]), 2)
	assert.Len(t, paidCharges(a.charges()[id]), 2)
}

func TestRun_DeclinedCustomerIsRecordedAndRetriedWithANewKey(t *testing.T) {
	a := newAPI(t)
	ids := a.seed("pm_card_visa", "pm_card_chargeCustomerFail", "pm_card_visa")
	bad := ids[1]
	l := openTestLedger(t, "")
	ctx := context.Background()

	res, err := runJob(ctx, t, a.client(), l, a.testConfig())
	require.NoError(t, err)
	assert.Equal(t, 2, res.Charged)
	assert.Equal(t, 1, res.Declined)
	row, err := l.get(ctx, attemptKey(testPeriod, bad, 1))
	require.NoError(t, err)
	require.NotNil(t, row)
	assert.Equal(t, stateDeclined, row.State)
	assert.Equal(t, "generic_decline", row.Code)
	assert.NotEmpty(t, row.ChargeID, "the failed charge")
	assert.NotEmpty(t, row.PaymentIntent, "the declined PaymentIntent")
	assert.Equal(t, string(paymentintent.StatusRequiresPaymentMethod), row.IntentStatus)

	// Without -retry-declined a re-run leaves the decline alone.
	res, err = runJob(ctx, t, a.client(), l, a.testConfig())
	require.NoError(t, err)
	assert.Zero(t, res.Sent)

	// The customer saves a new card.
	newPM := setDefaultCard(t, a, bad, "tok_mastercard")

	// The old key would only replay the decline.
	_, err = paymentintent.NewClient(a.direct()).Create(ctx, row.params(), pay.IdempotencyKey(row.Key))
	var perr *pay.Error
	require.ErrorAs(t, err, &perr)
	assert.Equal(t, pay.ErrorTypeCard, perr.Type, "the same key replays the decline")

	cfg := a.testConfig()
	cfg.RetryDeclined = true
	res, err = runJob(ctx, t, a.client(), l, cfg)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Sent, "only the declined customer is tried again")
	assert.Equal(t, 3, res.Charged)
	assert.Zero(t, res.Declined)

	rows, err := l.attempts(ctx, testPeriod)
	require.NoError(t, err)
	var mine []*attempt
	for _, r := range rows {
		if r.Customer == bad {
			mine = append(mine, r)
		}
	}
	require.Len(t, mine, 2)
	assert.Equal(t, stateDeclined, mine[0].State)
	assert.Equal(t, 2, mine[1].Number)
	assert.Equal(t, attemptKey(testPeriod, bad, 2), mine[1].Key)
	assert.Equal(t, stateCharged, mine[1].State)
	assert.Equal(t, newPM, mine[1].PaymentMethod, "a new attempt takes the customer's new default")
	a.requireChargedOnce(l, ids)
	assert.Len(t, a.intents()[bad], 2, "the declined PaymentIntent and the new one")
	assert.Len(t, a.charges()[bad], 2, "the failed charge and the new one")
}

func TestRun_AuthenticationRequiredNeedsTheCustomer(t *testing.T) {
	a := newAPI(t)
	ids := a.seed("pm_card_visa", "pm_card_authenticationRequired")
	l := openTestLedger(t, "")

	res, err := runJob(context.Background(), t, a.client(), l, a.testConfig())
	require.NoError(t, err)
	assert.Equal(t, 1, res.Charged)
	assert.Equal(t, 1, res.NeedsCustomer)
	a.requireChargedOnce(l, ids[:1])
	requireRefused(t, a, l, ids[1], stateNeedsCustomer, "authentication_required")
	assert.Empty(t, paidCharges(a.charges()[ids[1]]))

	// The row names the PaymentIntent to confirm with the customer on
	// session: it is theirs, and waits for a payment method.
	row, err := l.get(context.Background(), attemptKey(testPeriod, ids[1], 1))
	require.NoError(t, err)
	pi, err := paymentintent.NewClient(a.direct()).Get(context.Background(), row.PaymentIntent)
	require.NoError(t, err)
	assert.Equal(t, ids[1], pi.Customer.ID)
	require.NotNil(t, pi.LastPaymentError)
	assert.Equal(t, pay.ErrorCodeAuthenticationRequired, pi.LastPaymentError.Code)

	// A re-run leaves them to come back on session, even with
	// -retry-declined: off session, their bank asks again.
	res, err = runJob(context.Background(), t, a.client(), l, a.testConfig())
	require.NoError(t, err)
	assert.Zero(t, res.Sent)
	assert.Equal(t, 1, res.NeedsCustomer)
}

// TestRun_CustomerWhoPaidOnSessionIsNotChargedAgain: the customer comes
// back and completes the PaymentIntent the ledger names; the next run
// records them charged, and -retry-declined makes no new attempt.
func TestRun_CustomerWhoPaidOnSessionIsNotChargedAgain(t *testing.T) {
	a := newAPI(t)
	ids := a.seed("pm_card_authenticationRequired")
	l := openTestLedger(t, "")
	ctx := context.Background()
	res, err := runJob(ctx, t, a.client(), l, a.testConfig())
	require.NoError(t, err)
	require.Equal(t, 1, res.NeedsCustomer)
	row, err := l.get(ctx, attemptKey(testPeriod, ids[0], 1))
	require.NoError(t, err)

	// On session: the customer confirms with their card and authenticates.
	intents := paymentintent.NewClient(a.direct())
	pi, err := intents.Confirm(ctx, row.PaymentIntent, &paymentintent.ConfirmParams{
		PaymentMethod: row.PaymentMethod, ReturnURL: "https://shop.example/billing/return"})
	require.NoError(t, err)
	require.Equal(t, paymentintent.StatusRequiresAction, pi.Status)
	require.NoError(t, a.srv.Authenticate(pi.ID, true))

	cfg := a.testConfig()
	cfg.RetryDeclined = true
	posts := a.intentPosts.Load()
	res, err = runJob(ctx, t, a.client(), l, cfg)
	require.NoError(t, err)
	assert.Zero(t, res.Sent)
	assert.Equal(t, posts, a.intentPosts.Load(), "a customer who paid on session was charged again")
	assert.Equal(t, 1, res.Charged)
	assert.Zero(t, res.NeedsCustomer)
	a.requireChargedOnce(l, ids)
	rows, err := l.attempts(ctx, testPeriod)
	require.NoError(t, err)
	assert.Len(t, rows, 1, "no new attempt")
}

func TestRun_RetryLaterLeavesAttemptsPendingForTheNextRun(t *testing.T) {
	a := newAPI(t)
	ids := a.seed(times(5, "pm_card_visa")...)
	l := openTestLedger(t, "")
	a.setHook(func(w http.ResponseWriter, r *http.Request, form url.Values) bool {
		if r.Method != http.MethodPost {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, `{"error":{"type":"invalid_request_error","code":"rate_limit","message":"Too many requests."}}`)
		return true
	})
	cfg := a.testConfig()
	cfg.Passes = 2
	res, err := runJob(context.Background(), t, a.client(pay.WithMaxRetries(1)), l, cfg)
	require.NoError(t, err)
	assert.Equal(t, 5, res.Pending)
	assert.Equal(t, 10, res.Errors, "two passes over five attempts")
	assert.Zero(t, res.Charged+res.Declined+res.Failed)

	a.setHook(nil)
	res, err = runJob(context.Background(), t, a.client(), l, a.testConfig())
	require.NoError(t, err)
	assert.Equal(t, 5, res.Charged)
	a.requireChargedOnce(l, ids)
	rows, err := l.attempts(context.Background(), testPeriod)
	require.NoError(t, err)
	assert.Len(t, rows, 5, "a rate limit is not a decline: the same attempt, the same key")
}

func TestRun_DeletedCustomerIsRecordedFailed(t *testing.T) {
	a := newAPI(t)
	ids := a.seed("pm_card_visa", "pm_card_visa")
	l := openTestLedger(t, "")
	// The customer is deleted between the list and the charge.
	a.setHook(func(w http.ResponseWriter, r *http.Request, form url.Values) bool {
		if r.Method == http.MethodPost && r.URL.Path == intentsPath && form.Get("customer") == ids[0] {
			_, err := customer.NewClient(a.direct()).Delete(r.Context(), ids[0])
			assert.NoError(t, err)
		}
		return false
	})
	res, err := runJob(context.Background(), t, a.client(), l, a.testConfig())
	require.NoError(t, err)
	assert.Equal(t, 1, res.Charged)
	assert.Equal(t, 1, res.Failed)
	row, err := l.get(context.Background(), attemptKey(testPeriod, ids[0], 1))
	require.NoError(t, err)
	assert.Equal(t, stateFailed, row.State)
	assert.Equal(t, "resource_missing", row.Code)
}

func TestRun_StopsOnABadKeyLeavingTheAttemptPending(t *testing.T) {
	a := newAPI(t)
	a.seed("pm_card_visa")
	l := openTestLedger(t, "")
	a.setHook(func(w http.ResponseWriter, r *http.Request, form url.Values) bool {
		if r.Method != http.MethodPost {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"error":{"type":"invalid_request_error","message":"Invalid API Key provided."}}`)
		return true
	})
	res, err := runJob(context.Background(), t, a.client(), l, a.testConfig())
	var perr *pay.Error
	require.ErrorAs(t, err, &perr)
	assert.Equal(t, http.StatusUnauthorized, perr.StatusCode)
	assert.Equal(t, 1, res.Pending)
}

func TestNewJob_RefusesBadConfig(t *testing.T) {
	l := openTestLedger(t, "")
	for _, cfg := range []config{
		{Period: "2026-13", Amount: 100},
		{Period: "december", Amount: 100},
		{Period: "2026-12", Amount: 0},
	} {
		_, err := newJob(pay.NewClient("sk_test_x"), l, cfg)
		assert.Error(t, err, "%+v", cfg)
	}
}
