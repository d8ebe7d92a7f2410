package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paykit/pay"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/paymentintent"
)

// keyLifetime is how long the API remembers an idempotency key after its
// first use. Sent again later, the key is a new request: it charges again.
const keyLifetime = 24 * time.Hour

// lookupAfter is how old a pending attempt's key may be before the job stops
// trusting the API to remember it: past it the job looks the charge up before
// it sends anything. An hour short of keyLifetime, so that the job's clock may
// run behind the API's without a blind resend.
const lookupAfter = keyLifetime - time.Hour

// Metadata the job puts on every PaymentIntent it makes (and so on its
// charges), so that the PaymentIntent can be found from the ledger (and the
// ledger row from the PaymentIntent).
const (
	metaKey     = "billing_key"
	metaPeriod  = "billing_period"
	metaAttempt = "billing_attempt"
)

// config is what one run of the job does.
type config struct {
	// Period is the billing period, such as "2026-12".
	Period string
	// Amount and Currency are what each customer is charged.
	Amount   int64
	Currency string
	// Workers is how many charges are in flight at once.
	Workers int
	// RetryDeclined makes a new attempt, with a new key, for every customer
	// whose last attempt for Period was refused (declined, needs_customer,
	// failed). Without it they are left as they are.
	RetryDeclined bool
	// Passes is how many times one run goes over the attempts left pending
	// by an answer that means "not now" (a rate limit, the API failing, no
	// answer); what is still pending after the last pass waits for the next run.
	Passes int
	// PassWait is the pause between two passes.
	PassWait time.Duration
	// Now is the job's clock; it decides which pending keys are too old to
	// send again without a lookup.
	Now func() time.Time
	// Progress receives a progress line every ProgressEvery while the job
	// runs, and one at the end of each pass; nil writes none.
	Progress      io.Writer
	ProgressEvery time.Duration
}

// result is what a run did and where the period stands afterwards.
type result struct {
	// Customers is how many customers the list showed; NoCard how many of
	// them have no default payment method
	// (invoice_settings.default_payment_method) and no attempt, and were
	// skipped.
	Customers, NoCard int

	// The last attempt of each customer for the period, by state, from the
	// ledger after the run.
	Charged, Declined, NeedsCustomer, Failed, Pending int

	// Sent is how many PaymentIntent requests this run sent; LookedUp how
	// many pending attempts it looked up at the API because their key had
	// expired, and Found how many of those had a PaymentIntent (which was
	// recorded, not sent again).
	Sent, LookedUp, Found int
	// Errors is how many calls ended without an answer to record (left pending).
	Errors int
}

// job charges the saved customers for one period, recording every attempt
// in the ledger.
type job struct {
	cfg       config
	ledger    *ledger
	customers *customer.Client
	intents   *paymentintent.Client

	sent, lookedUp, found, errs atomic.Int64
}

// newJob returns a job that charges through client and records in l.
func newJob(client *pay.Client, l *ledger, cfg config) (*job, error) {
	if _, err := time.Parse("2006-01", cfg.Period); err != nil {
		return nil, fmt.Errorf("period %q is not a month such as 2026-12", cfg.Period)
	}
	if cfg.Amount <= 0 {
		return nil, fmt.Errorf("amount %d: want a positive amount in the smallest currency unit", cfg.Amount)
	}
	if cfg.Currency == "" {
		cfg.Currency = "usd"
	}
	cfg.Workers = max(cfg.Workers, 1)
	cfg.Passes = max(cfg.Passes, 1)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.ProgressEvery <= 0 {
		cfg.ProgressEvery = time.Second
	}
	return &job{
		cfg:       cfg,
		ledger:    l,
		customers: customer.NewClient(client),
		intents:   paymentintent.NewClient(client),
	}, nil
}

// task is one attempt to send (or to resolve).
type task struct {
	a *attempt
	// fresh: the attempt is not in the ledger yet.
	fresh bool
}

// outcome is what became of a task.
type outcome int

const (
	outcomeAnswered outcome = iota // recorded: charged, declined, needs_customer or failed
	outcomePending                 // left pending for the next pass or run
)

// run charges every customer who has not been charged for the period yet,
// sends again the attempts a crash or an earlier run left pending, and
// returns where the period stands. When ctx ends it stops sending, records
// the answers it has, and returns ctx's error with the result: the pending
// rows are resumed by the next run.
func (j *job) run(ctx context.Context) (*result, error) {
	res := &result{}
	tasks, err := j.plan(ctx, res)
	if err == nil {
		for pass := 1; ; pass++ {
			var again []task
			again, err = j.pass(ctx, tasks, pass)
			if err != nil || len(again) == 0 || pass >= j.cfg.Passes {
				break
			}
			if err = sleep(ctx, j.cfg.PassWait); err != nil {
				break
			}
			tasks = again
		}
	}
	if err == nil {
		err = ctx.Err()
	}
	res.Sent, res.LookedUp, res.Found, res.Errors = int(j.sent.Load()), int(j.lookedUp.Load()), int(j.found.Load()), int(j.errs.Load())
	if serr := j.tally(context.WithoutCancel(ctx), res); serr != nil && err == nil {
		err = serr
	}
	return res, err
}

// plan lists the customers and decides, from the ledger, what to do for each.
func (j *job) plan(ctx context.Context, res *result) ([]task, error) {
	latest, err := j.ledger.latest(ctx, j.cfg.Period)
	if err != nil {
		return nil, err
	}
	var tasks []task
	listed := make(map[string]bool)
	for cus, err := range j.customers.List(ctx, &customer.ListParams{ListParams: pay.ListParams{Limit: 100}}) {
		if err != nil {
			return nil, fmt.Errorf("list customers: %w", err)
		}
		if cus.Deleted || listed[cus.ID] {
			continue
		}
		listed[cus.ID] = true
		res.Customers++
		last := latest[cus.ID]
		if last != nil && last.State == stateNeedsCustomer {
			if err := j.settleOnSession(ctx, last); err != nil {
				return nil, err
			}
		}
		switch {
		case last != nil && last.State == statePending:
			tasks = append(tasks, task{a: last}) // resumed with its own key
		case last != nil && last.State == stateCharged:
			// done for this period
		case defaultPaymentMethod(cus) == "":
			if last == nil {
				res.NoCard++
			}
		case last == nil:
			tasks = append(tasks, task{a: j.newAttempt(cus, 1), fresh: true})
		case j.cfg.RetryDeclined:
			// The old key would replay the refusal: a new try is a new key,
			// with the customer's default payment method as it is now.
			tasks = append(tasks, task{a: j.newAttempt(cus, last.Number+1), fresh: true})
		}
	}
	// A pending attempt of a customer the list no longer shows (deleted
	// since) is resolved all the same: it may have charged.
	for id, last := range latest {
		if !listed[id] && last.State == statePending {
			tasks = append(tasks, task{a: last})
		}
	}
	slices.SortFunc(tasks, func(a, b task) int { return cmp.Compare(a.a.Customer, b.a.Customer) })
	return tasks, nil
}

// defaultPaymentMethod is the id of cus's default payment method, "" when
// it has none. Only saved PaymentMethods count: a customer with nothing but
// a legacy card (default_source, card_...) is skipped, since paytest takes
// no card id as a PaymentIntent's payment_method (the API does).
func defaultPaymentMethod(cus *customer.Customer) string {
	if ref := cus.InvoiceSettings.DefaultPaymentMethod; ref != nil {
		return ref.ID
	}
	return ""
}

// settleOnSession reads again the PaymentIntent of a, which needs the
// customer: one they came back and paid on session is recorded as charged,
// so that no new attempt (-retry-declined) charges them a second time.
func (j *job) settleOnSession(ctx context.Context, a *attempt) error {
	if a.PaymentIntent == "" {
		return nil
	}
	pi, err := j.intents.Get(ctx, a.PaymentIntent)
	if err != nil {
		return fmt.Errorf("read PaymentIntent %.64q of %s: %w", a.PaymentIntent, a.Key, err)
	}
	switch pi.Status {
	case paymentintent.StatusSucceeded, paymentintent.StatusProcessing, paymentintent.StatusRequiresCapture:
	default:
		return nil // still theirs to complete
	}
	ans := answer{PaymentIntent: pi.ID, IntentStatus: string(pi.Status)}
	if pi.LatestCharge != nil {
		ans.ChargeID = pi.LatestCharge.ID
	}
	if err := j.ledger.settle(ctx, a.Key, ans, j.cfg.Now()); err != nil {
		return err
	}
	a.State, a.answer = stateCharged, ans
	return nil
}

// newAttempt returns attempt n of cus for the job's period, with its
// default payment method, not yet written down.
func (j *job) newAttempt(cus *customer.Customer, n int) *attempt {
	return &attempt{
		Customer:      cus.ID,
		Period:        j.cfg.Period,
		Number:        n,
		Key:           attemptKey(j.cfg.Period, cus.ID, n),
		Amount:        j.cfg.Amount,
		Currency:      j.cfg.Currency,
		PaymentMethod: defaultPaymentMethod(cus),
		State:         statePending,
	}
}

// attemptKey is the idempotency key of attempt n of customer for period:
// "billing-2026-12-cus_123-1".
func attemptKey(period, customerID string, n int) string {
	return "billing-" + period + "-" + customerID + "-" + strconv.Itoa(n)
}

// pass sends tasks through the workers and returns those left pending by an
// answer that means "not now". A fatal error (the ledger cannot be written,
// an answer the job cannot file) stops the pass.
func (j *job) pass(ctx context.Context, tasks []task, n int) ([]task, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	prog := newProgress(j.cfg.Progress, j.cfg.Period, n, len(tasks), &j.errs)
	stopProgress := prog.every(j.cfg.ProgressEvery)

	feed := make(chan task)
	var (
		mu    sync.Mutex
		again []task
		wg    sync.WaitGroup
	)
	for range j.cfg.Workers {
		wg.Go(func() {
			for t := range feed {
				out, err := j.process(ctx, t)
				if err != nil {
					cancel(err)
				}
				if out == outcomePending {
					mu.Lock()
					again = append(again, task{a: t.a})
					mu.Unlock()
				}
				prog.add(out == outcomeAnswered)
			}
		})
	}
	for _, t := range tasks {
		if ctx.Err() != nil {
			break
		}
		select {
		case feed <- t:
		case <-ctx.Done():
		}
	}
	close(feed)
	wg.Wait()
	stopProgress()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return again, err
	}
	return again, nil
}

// process sends one attempt and records the answer. It writes a fresh
// attempt down before sending it, and looks an old pending one up before
// sending it again. The error is fatal for the run.
func (j *job) process(ctx context.Context, t task) (outcome, error) {
	a := t.a
	now := j.cfg.Now()
	switch {
	case t.fresh:
		a.CreatedAt, a.KeySentAt = now, now
		if err := j.ledger.insertPending(ctx, a); err != nil {
			if ctx.Err() != nil {
				return outcomePending, nil
			}
			return outcomePending, err // never send what is not written down
		}
	case now.Sub(a.KeySentAt) >= lookupAfter:
		// The API may have forgotten the key: sent now, it would charge
		// again. Look for the PaymentIntent it made first.
		j.lookedUp.Add(1)
		pi, err := j.lookup(ctx, a)
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, pay.ErrRetryLater) {
				j.errs.Add(1)
				return outcomePending, nil
			}
			j.errs.Add(1)
			return outcomePending, fmt.Errorf("look up %s: %w", a.Key, err)
		}
		if pi != nil {
			j.found.Add(1)
			return j.recordIntent(ctx, a, pi)
		}
		// No PaymentIntent: sending the key now starts a new request, and a new
		// 24 hours in which it can be sent again blindly.
		if err := j.ledger.restartKeyWindow(ctx, a.Key, now); err != nil {
			if ctx.Err() != nil {
				return outcomePending, nil
			}
			return outcomePending, err
		}
		a.KeySentAt = now
	}
	if ctx.Err() != nil {
		return outcomePending, nil
	}
	j.sent.Add(1)
	pi, err := j.intents.Create(ctx, a.params(), pay.IdempotencyKey(a.Key))
	if err == nil {
		return j.recordIntent(ctx, a, pi)
	}
	var perr *pay.Error
	switch {
	case ctx.Err() != nil:
		// Stopped: the request may have gone out; the key resumes it.
		return outcomePending, nil
	case errors.Is(err, pay.ErrRetryLater):
		// Not now (429, 409, 5xx), or no answer (ErrOutcomeUnknown): the
		// same key later either replays the PaymentIntent or makes it.
		j.errs.Add(1)
		return outcomePending, nil
	case errors.As(err, &perr) && perr.Type == pay.ErrorTypeCard:
		// A decline, or authentication_required: the 402 embeds the
		// PaymentIntent (requires_payment_method, last_payment_error set).
		ans := answer{PaymentIntent: perr.PaymentIntentID, ChargeID: perr.ChargeID, Code: declineCode(perr), Message: perr.Message}
		if pi, ok := paymentintent.FromError(err); ok {
			ans.PaymentIntent, ans.IntentStatus = pi.ID, string(pi.Status)
			if ans.ChargeID == "" && pi.LatestCharge != nil {
				ans.ChargeID = pi.LatestCharge.ID
			}
		}
		return j.answer(ctx, a, refusal(perr), ans)
	case errors.As(err, &perr) && perr.Type == pay.ErrorTypeInvalidRequest && perr.StatusCode >= 400 &&
		perr.StatusCode != 401 && perr.StatusCode != 403:
		// A definitive refusal that is not the card's: a deleted customer,
		// a payment method detached from them since the row was written.
		return j.answer(ctx, a, stateFailed, answer{PaymentIntent: perr.PaymentIntentID,
			Code: cmp.Or(string(perr.Code), perr.Param), Message: perr.Message})
	default:
		// A bad key, an idempotency_error, input refused before sending:
		// nothing the next customer would not meet too. Stop, leaving the
		// attempt pending.
		j.errs.Add(1)
		return outcomePending, fmt.Errorf("charge %.64q (%s): %w", a.Customer, a.Key, err)
	}
}

// declineCode is the decline code of a card error, else its error code.
func declineCode(perr *pay.Error) string {
	return cmp.Or(string(perr.DeclineCode), string(perr.Code))
}

// refusal is the state of an attempt the card refused: needs_customer when
// the bank wants the customer to authenticate, declined otherwise.
func refusal(perr *pay.Error) state {
	if perr.Code == pay.ErrorCodeAuthenticationRequired || perr.DeclineCode == pay.DeclineCodeAuthenticationRequired {
		return stateNeedsCustomer
	}
	return stateDeclined
}

// params are the params of a's PaymentIntent: the same on every send of
// its key, from the row alone (a later run with another -amount, or after
// the customer changed their default payment method, sends a pending
// attempt as it was written). It is confirmed at once, off session: the
// customer is not there, so a bank that asks for authentication fails it
// with authentication_required instead of waiting for them. Its payment
// method types are named (card): without them the API lets the dashboard's
// automatic payment methods choose, some of which redirect, and then refuses
// a confirmation that has no return_url.
func (a *attempt) params() *paymentintent.CreateParams {
	return &paymentintent.CreateParams{
		Amount:             a.Amount,
		Currency:           a.Currency,
		Customer:           a.Customer,
		PaymentMethod:      a.PaymentMethod,
		PaymentMethodTypes: []string{"card"},
		Confirm:            true,
		OffSession:         true,
		Description:        "Subscription " + a.Period,
		Metadata: pay.Metadata{
			metaKey:     a.Key,
			metaPeriod:  a.Period,
			metaAttempt: strconv.Itoa(a.Number),
		},
	}
}

// lookup finds the PaymentIntent made under a's key, or returns nil when
// there is none. It lists the customer's PaymentIntents since a day before
// the attempt was written and matches the key in the metadata: a list is
// consistent at once, where search may lag a write by minutes, and a
// PaymentIntent search that misses one would charge the customer again.
func (j *job) lookup(ctx context.Context, a *attempt) (*paymentintent.PaymentIntent, error) {
	for pi, err := range j.intents.List(ctx, &paymentintent.ListParams{
		ListParams: pay.ListParams{Limit: 100},
		Customer:   a.Customer,
		Created:    &pay.RangeQuery{GTE: a.CreatedAt.Add(-keyLifetime).Unix()},
	}) {
		if err != nil {
			return nil, err
		}
		if pi.Metadata[metaKey] == a.Key {
			return pi, nil // one key makes at most one PaymentIntent
		}
	}
	return nil, nil
}

// recordIntent records the PaymentIntent the API made for a, as it is now.
func (j *job) recordIntent(ctx context.Context, a *attempt, pi *paymentintent.PaymentIntent) (outcome, error) {
	ans := answer{PaymentIntent: pi.ID, IntentStatus: string(pi.Status)}
	if pi.LatestCharge != nil {
		ans.ChargeID = pi.LatestCharge.ID
	}
	switch pi.Status {
	case paymentintent.StatusSucceeded, paymentintent.StatusProcessing, paymentintent.StatusRequiresCapture:
		// Paid, or under way (processing), or authorized: the money is
		// asked for. IntentStatus tells a reconciler which.
		return j.answer(ctx, a, stateCharged, ans)
	case paymentintent.StatusRequiresAction:
		ans.Code = string(pay.ErrorCodeAuthenticationRequired)
		return j.answer(ctx, a, stateNeedsCustomer, ans)
	case paymentintent.StatusRequiresPaymentMethod:
		// A decline found by the lookup: last_payment_error says why.
		s := stateDeclined
		if e := pi.LastPaymentError; e != nil {
			ans.Code, ans.Message, s = declineCode(e), e.Message, refusal(e)
			ans.ChargeID = cmp.Or(ans.ChargeID, e.ChargeID)
		}
		return j.answer(ctx, a, s, ans)
	default: // canceled, requires_confirmation: not paid, and not the card's doing
		ans.Code = "payment_intent_" + string(pi.Status)
		return j.answer(ctx, a, stateFailed, ans)
	}
}

// answer writes a's answer down, even when ctx has ended: the answer came.
func (j *job) answer(ctx context.Context, a *attempt, s state, ans answer) (outcome, error) {
	if err := j.ledger.record(context.WithoutCancel(ctx), a.Key, s, ans, j.cfg.Now()); err != nil {
		return outcomePending, err
	}
	a.State, a.answer = s, ans
	return outcomeAnswered, nil
}

// tally fills res's per-state counts from the ledger.
func (j *job) tally(ctx context.Context, res *result) error {
	latest, err := j.ledger.latest(ctx, j.cfg.Period)
	if err != nil {
		return err
	}
	for _, a := range latest {
		switch a.State {
		case stateCharged:
			res.Charged++
		case stateDeclined:
			res.Declined++
		case stateNeedsCustomer:
			res.NeedsCustomer++
		case stateFailed:
			res.Failed++
		case statePending:
			res.Pending++
		}
	}
	return nil
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// writeSummary writes res as a few lines for a person.
func writeSummary(w io.Writer, period string, res *result) {
	fmt.Fprintf(w, "billing %s: %d customers listed (%d without a default payment method, skipped)\n", period, res.Customers, res.NoCard)
	fmt.Fprintf(w, "  charged         %5d\n", res.Charged)
	fmt.Fprintf(w, "  declined        %5d\n", res.Declined)
	fmt.Fprintf(w, "  needs customer  %5d\n", res.NeedsCustomer)
	if res.Failed > 0 {
		fmt.Fprintf(w, "  failed          %5d\n", res.Failed)
	}
	fmt.Fprintf(w, "  pending         %5d", res.Pending)
	if res.Pending > 0 {
		fmt.Fprint(w, "  (run again to resolve them, with their own keys)")
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  this run: %d PaymentIntent requests sent, %d old pending attempts looked up (%d found charged or declined), %d errors left pending\n",
		res.Sent, res.LookedUp, res.Found, res.Errors)
}
