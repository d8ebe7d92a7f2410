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
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/paytest"
)

func TestRun_ChargesEverySavedCustomerOnce(t *testing.T) {
	a := newAPI(t)
	ids := a.seed(tokens(12, "tok_visa")...)
	noCard := a.seed("")
	l := openTestLedger(t, "")

	res, err := runJob(context.Background(), t, a.client(), l, a.testConfig())
	require.NoError(t, err)

	assert.Equal(t, 13, res.Customers)
	assert.Equal(t, 1, res.NoCard)
	assert.Equal(t, 12, res.Charged)
	assert.Equal(t, 12, res.Sent)
	assert.Zero(t, res.Pending+res.Declined+res.NeedsCustomer+res.Failed)
	a.requireChargedOnce(l, ids)
	assert.Empty(t, a.charges()[noCard[0]], "a customer without a card is not charged")

	all := a.charges()
	for _, id := range ids {
		ch := all[id][0]
		assert.Equal(t, int64(1500), ch.Amount)
		assert.Equal(t, "usd", ch.Currency)
		assert.Equal(t, attemptKey(testPeriod, id, 1), ch.Metadata[metaKey])
		assert.Equal(t, testPeriod, ch.Metadata[metaPeriod])
		assert.Equal(t, "1", ch.Metadata[metaAttempt])
	}
}

func TestRun_WritesThePendingRowBeforeSending(t *testing.T) {
	a := newAPI(t)
	a.seed(tokens(6, "tok_visa")...)
	l := openTestLedger(t, "")

	var mu sync.Mutex
	var seen []string
	a.setHook(func(w http.ResponseWriter, r *http.Request, form url.Values) bool {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/charges" {
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
	ids := a.seed(tokens(8, "tok_visa")...)
	a.seed("tok_chargeCustomerFail")
	l := openTestLedger(t, "")
	_, err := runJob(context.Background(), t, a.client(), l, a.testConfig())
	require.NoError(t, err)
	before := a.charges()
	posts := a.chargePosts.Load()

	res, err := runJob(context.Background(), t, a.client(), l, a.testConfig())
	require.NoError(t, err)

	assert.Zero(t, res.Sent)
	assert.Equal(t, posts, a.chargePosts.Load(), "a re-run sent a charge request")
	assert.Equal(t, 8, res.Charged)
	assert.Equal(t, 1, res.Declined, "a decline stays recorded, without -retry-declined")
	assert.Equal(t, before, a.charges())
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
			ids := a.seed(tokens(customers, "tok_visa")...)
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

// dropCharges makes paytest drop the answer of each charge request after
// the work (after: true) or before it, by customer. It needs one worker, so
// that the fault it queues meets its own request.
func dropCharges(a *api, after map[string]bool) {
	a.setHook(func(w http.ResponseWriter, r *http.Request, form url.Values) bool {
		if r.Method == http.MethodPost && r.URL.Path == "/v1/charges" {
			if drop, ok := after[form.Get("customer")]; ok {
				a.srv.FailNext(1, paytest.Fault{DropAfterWork: drop, DropBeforeWork: !drop})
			}
		}
		return false
	})
}

// crashWithThreePending leaves three attempts pending: one whose charge was
// made, one whose decline was stored, one that never reached the work.
func crashWithThreePending(t *testing.T) (a *api, l *ledger, charged, declined, unsent string) {
	a = newAPI(t)
	ids := a.seed("tok_visa", "tok_chargeCustomerFail", "tok_visa")
	charged, declined, unsent = ids[0], ids[1], ids[2]
	l = openTestLedger(t, "")
	dropCharges(a, map[string]bool{charged: true, declined: true, unsent: false})
	cfg := a.testConfig()
	cfg.Workers, cfg.Passes = 1, 1
	res, err := runJob(context.Background(), t, a.client(pay.WithMaxRetries(0)), l, cfg)
	require.NoError(t, err)
	require.Equal(t, 3, res.Pending)
	require.Equal(t, 3, res.Errors)
	a.setHook(nil)
	require.Len(t, succeeded(a.charges()[charged]), 1, "the dropped answer's charge was made")
	require.Len(t, a.charges()[declined], 1, "the dropped answer's decline was stored")
	require.Empty(t, a.charges()[unsent])
	return a, l, charged, declined, unsent
}

func TestRun_ExpiredPendingKey_IsLookedUpNotResent(t *testing.T) {
	a, l, charged, declined, unsent := crashWithThreePending(t)
	a.shift(48 * time.Hour)
	posts := a.chargePosts.Load()

	res, err := runJob(context.Background(), t, a.client(), l, a.testConfig())
	require.NoError(t, err)

	assert.Equal(t, 3, res.LookedUp)
	assert.Equal(t, 2, res.Found, "the charge and the decline are found by their key")
	assert.Equal(t, 1, res.Sent, "only the attempt with no charge is sent")
	assert.Equal(t, posts+1, a.chargePosts.Load())
	a.requireChargedOnce(l, []string{charged, unsent})
	all := a.charges()
	require.Len(t, all[declined], 1, "the declined customer was charged again")
	row, err := l.get(context.Background(), attemptKey(testPeriod, declined, 1))
	require.NoError(t, err)
	assert.Equal(t, stateDeclined, row.State)
	assert.Equal(t, all[declined][0].ID, row.ChargeID)
	assert.Equal(t, "generic_decline", row.Code, "the failed charge's outcome.reason, as the decline gave it")

	unsentRow, err := l.get(context.Background(), attemptKey(testPeriod, unsent, 1))
	require.NoError(t, err)
	assert.WithinDuration(t, a.now(), unsentRow.KeySentAt, time.Minute, "a key sent afresh starts a new 24 hours")
}

func TestRun_YoungPendingAttemptIsResentWithItsKey(t *testing.T) {
	a, l, charged, declined, unsent := crashWithThreePending(t)
	a.shift(23*time.Hour - time.Minute) // the keys are still remembered

	cfg := a.testConfig()
	cfg.Amount = 9900 // a pending attempt is sent as it was written
	res, err := runJob(context.Background(), t, a.client(), l, cfg)
	require.NoError(t, err)

	assert.Zero(t, res.LookedUp)
	assert.Equal(t, 3, res.Sent)
	a.requireChargedOnce(l, []string{charged, unsent})
	all := a.charges()
	assert.Equal(t, int64(1500), all[unsent][0].Amount)
	assert.Len(t, all[declined], 1, "the key replays the stored decline")
	row, err := l.get(context.Background(), attemptKey(testPeriod, declined, 1))
	require.NoError(t, err)
	assert.Equal(t, stateDeclined, row.State)
	assert.Equal(t, "generic_decline", row.Code)
}

// TestPaytest_KeySentAgainAfter48HoursChargesAgain shows what the lookup is
// for: paytest, like the API, forgets a key after 24 hours, and the same
// request with it is then a second charge.
func TestPaytest_KeySentAgainAfter48HoursChargesAgain(t *testing.T) {
	a := newAPI(t)
	id := a.seed("tok_visa")[0]
	charges := charge.NewClient(a.direct())
	row := &attempt{Customer: id, Period: testPeriod, Number: 1, Key: attemptKey(testPeriod, id, 1), Amount: 1500, Currency: "usd"}

	first, err := charges.Create(context.Background(), row.params(), pay.IdempotencyKey(row.Key))
	require.NoError(t, err)
	replay, err := charges.Create(context.Background(), row.params(), pay.IdempotencyKey(row.Key))
	require.NoError(t, err)
	assert.Equal(t, first.ID, replay.ID)

	a.shift(48 * time.Hour)
	again, err := charges.Create(context.Background(), row.params(), pay.IdempotencyKey(row.Key))
	require.NoError(t, err)
	assert.NotEqual(t, first.ID, again.ID, "paytest should have forgotten the key")
	assert.Len(t, succeeded(a.charges()[id]), 2)
}

func TestRun_DeclinedCustomerIsRecordedAndRetriedWithANewKey(t *testing.T) {
	a := newAPI(t)
	ids := a.seed("tok_visa", "tok_chargeCustomerFail", "tok_visa")
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

	// Without -retry-declined a re-run leaves the decline alone.
	res, err = runJob(ctx, t, a.client(), l, a.testConfig())
	require.NoError(t, err)
	assert.Zero(t, res.Sent)

	// The customer saves a new card.
	customers := customer.NewClient(a.direct())
	card, err := customers.CreateCard(ctx, bad, &customer.CreateCardParams{Source: "tok_mastercard"})
	require.NoError(t, err)
	_, err = customers.Update(ctx, bad, &customer.UpdateParams{DefaultSource: pay.String(card.ID)})
	require.NoError(t, err)

	// The old key would only replay the decline.
	_, err = charge.NewClient(a.direct()).Create(ctx, row.params(), pay.IdempotencyKey(row.Key))
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
	a.requireChargedOnce(l, ids)
	assert.Len(t, a.charges()[bad], 2, "the failed charge and the new one")
}

func TestRun_AuthenticationRequiredNeedsTheCustomer(t *testing.T) {
	a := newAPI(t)
	ids := a.seed("tok_visa", "tok_visa")
	l := openTestLedger(t, "")
	a.setHook(func(w http.ResponseWriter, r *http.Request, form url.Values) bool {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/charges" || form.Get("customer") != ids[1] {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusPaymentRequired)
		fmt.Fprint(w, `{"error":{"type":"card_error","code":"authentication_required","decline_code":"authentication_required",`+
			`"message":"Your card was declined. This transaction requires authentication.","charge":"ch_auth1"}}`)
		return true
	})

	res, err := runJob(context.Background(), t, a.client(), l, a.testConfig())
	require.NoError(t, err)
	assert.Equal(t, 1, res.Charged)
	assert.Equal(t, 1, res.NeedsCustomer)
	row, err := l.get(context.Background(), attemptKey(testPeriod, ids[1], 1))
	require.NoError(t, err)
	assert.Equal(t, stateNeedsCustomer, row.State)
	assert.Equal(t, "authentication_required", row.Code)
	assert.Equal(t, "ch_auth1", row.ChargeID)
}

func TestRun_RetryLaterLeavesAttemptsPendingForTheNextRun(t *testing.T) {
	a := newAPI(t)
	ids := a.seed(tokens(5, "tok_visa")...)
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
	ids := a.seed("tok_visa", "tok_visa")
	l := openTestLedger(t, "")
	// The customer is deleted between the list and the charge.
	a.setHook(func(w http.ResponseWriter, r *http.Request, form url.Values) bool {
		if r.Method == http.MethodPost && r.URL.Path == "/v1/charges" && form.Get("customer") == ids[0] {
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
	a.seed("tok_visa")
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
