package checkoutpage

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay/paytest"
	"github.com/paykit/pay/refund"
	"github.com/paykit/pay/webhook"
)

// restartable is the page on a SQLite file that outlives it, before one
// paytest server: start serves a new page on the file (a restart), stop
// drops the server and closes the store, as a stopped process does.
type restartable struct {
	t     *testing.T
	api   *paytest.Server
	path  string
	store *SQLiteStore
	// fulfilled counts the fulfilments of every page started.
	fulfilled atomic.Int32
	// outcomes receives the outcome of every webhook event the pages
	// logged, by event id.
	outcomes outcomeLog
}

// outcomeLog is a slog.Handler that keeps the outcome attribute of each
// "checkout: webhook event" line, as "evt_...: duplicate".
type outcomeLog chan string

func (l outcomeLog) Enabled(context.Context, slog.Level) bool { return true }
func (l outcomeLog) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l outcomeLog) WithGroup(string) slog.Handler            { return l }

func (l outcomeLog) Handle(_ context.Context, rec slog.Record) error {
	var event, outcome string
	rec.Attrs(func(a slog.Attr) bool {
		switch a.Key {
		case "event":
			event = a.Value.String()
		case "outcome":
			outcome = a.Value.String()
		}
		return true
	})
	if outcome != "" {
		l <- event + ": " + outcome
	}
	return nil
}

// next returns the next outcome logged.
func (l outcomeLog) next(t *testing.T) string {
	t.Helper()
	select {
	case s := <-l:
		return s
	default:
		require.FailNow(t, "no webhook event was logged")
		return ""
	}
}

func newRestartable(t *testing.T) *restartable {
	t.Helper()
	api := paytest.NewServer()
	t.Cleanup(api.Close)
	return &restartable{t: t, api: api, path: filepath.Join(t.TempDir(), "checkout.db"), outcomes: make(outcomeLog, 64)}
}

// start opens the store and serves a page on it, with the store's nonce key.
func (r *restartable) start() *shop {
	r.t.Helper()
	st, err := OpenSQLite(context.Background(), r.path)
	require.NoError(r.t, err)
	key, err := st.NonceKey(context.Background())
	require.NoError(r.t, err)
	r.store = st
	sh := &shop{api: r.api, paid: make(chan Order, 16)}
	sh.ts = httptest.NewServer(newPage(r.t, r.api.Client(), st, WithWebhookSecret(testSecret), WithNonceKey(key),
		WithLogger(slog.New(r.outcomes)),
		WithFulfil(func(_ context.Context, o Order) {
			r.fulfilled.Add(1)
			sh.fulfilled.Add(1)
			sh.paid <- o
		})))
	return sh
}

// stop ends the page sh: its server, then its store.
func (r *restartable) stop(sh *shop) {
	r.t.Helper()
	sh.ts.Close()
	require.NoError(r.t, r.store.Close())
}

func TestRestart_KeepsOrdersAndAppliesEachEventOnce(t *testing.T) {
	r := newRestartable(t)
	sh := r.start()
	paidBefore, status, _ := sh.pay(t, "tok_visa")
	require.Equal(t, http.StatusOK, status)
	awaiting, status, _ := sh.pay(t, "tok_mastercard")
	require.Equal(t, http.StatusOK, status)
	declined, status, _ := sh.pay(t, "tok_chargeDeclined")
	require.Equal(t, http.StatusPaymentRequired, status)
	byOrder := map[string]string{} // order id -> charge id
	for _, ch := range charges(t, r.api) {
		byOrder[ch.Metadata["order_id"]] = ch.ID
	}
	succeededBefore := sh.event(t, webhook.ChargeSucceeded, byOrder[paidBefore])
	code, msg := sh.deliverSigned(t, succeededBefore)
	require.Equal(t, http.StatusOK, code, msg)
	require.Equal(t, int32(1), r.fulfilled.Load())
	_, wantPaid := sh.order(t, paidBefore)
	require.Equal(t, OrderPaid, wantPaid.State)
	_, wantAwaiting := sh.order(t, awaiting)
	r.stop(sh)

	// A new page on the same file: every order is there, as it was.
	sh = r.start()
	defer r.stop(sh)
	code, o := sh.order(t, paidBefore)
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, wantPaid, o)
	code, o = sh.order(t, awaiting)
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, wantAwaiting, o)
	assert.Equal(t, Order{ID: awaiting, State: OrderAwaitingPayment, Charge: byOrder[awaiting], Amount: 1999, Currency: "usd"}, o)
	code, o = sh.order(t, declined)
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, OrderAwaitingPayment, o.State)

	// The event applied before the restart, delivered again: acknowledged,
	// not applied, not fulfilled.
	code, msg = sh.deliverSigned(t, succeededBefore)
	assert.Equal(t, http.StatusOK, code, msg)
	_, o = sh.order(t, paidBefore)
	assert.Equal(t, wantPaid, o)
	assert.Equal(t, int32(1), r.fulfilled.Load(), "an event applied before the restart was fulfilled again")
	var ev webhook.Event
	require.NoError(t, json.Unmarshal(succeededBefore, &ev))
	assert.Equal(t, ev.ID+": moved", r.outcomes.next(t), "applied before the restart")
	assert.Equal(t, ev.ID+": duplicate", r.outcomes.next(t), "the store remembers the event's id across the restart")

	// Events that arrive after the restart, for orders made before it, are
	// applied, once.
	succeededAfter := sh.event(t, webhook.ChargeSucceeded, byOrder[awaiting])
	failedAfter := sh.event(t, webhook.ChargeFailed, byOrder[declined])
	for range 2 {
		for _, ev := range [][]byte{succeededAfter, failedAfter} {
			code, msg = sh.deliverSigned(t, ev)
			require.Equal(t, http.StatusOK, code, msg)
		}
	}
	_, o = sh.order(t, awaiting)
	assert.Equal(t, OrderPaid, o.State)
	assert.Equal(t, byOrder[awaiting], o.Charge)
	assert.Equal(t, o, <-sh.paid, "the order paid after the restart is fulfilled")
	_, o = sh.order(t, declined)
	assert.Equal(t, OrderFailed, o.State)
	assert.Equal(t, int32(2), r.fulfilled.Load(), "each paid order is fulfilled once, across the restart")
}

func TestRestart_ReplayedEventsAfterAnotherRestartChangeNothing(t *testing.T) {
	r := newRestartable(t)
	sh := r.start()
	id, _, _ := sh.pay(t, "tok_visa")
	ch := charges(t, r.api)[0]
	_, err := refund.NewClient(r.api.Client()).Create(context.Background(), &refund.CreateParams{Charge: ch.ID})
	require.NoError(t, err)
	events := [][]byte{sh.event(t, webhook.ChargeSucceeded, ch.ID), sh.event(t, webhook.ChargeRefunded, ch.ID)}
	for _, ev := range events {
		code, msg := sh.deliverSigned(t, ev)
		require.Equal(t, http.StatusOK, code, msg)
	}
	_, want := sh.order(t, id)
	require.Equal(t, OrderRefunded, want.State)
	r.stop(sh)

	// A reconciliation after two restarts replays every event, oldest
	// first: the refunded order stays refunded, and nothing is fulfilled.
	for range 2 {
		sh = r.start()
		for _, ev := range events {
			code, msg := sh.deliverSigned(t, ev)
			require.Equal(t, http.StatusOK, code, msg)
		}
		_, o := sh.order(t, id)
		assert.Equal(t, want, o)
		r.stop(sh)
	}
	assert.Equal(t, int32(1), r.fulfilled.Load())
}

func TestRestart_AnEventTheStoreCouldNotApplyIsAppliedWhenSentAgain(t *testing.T) {
	r := newRestartable(t)
	sh := r.start()
	id, _, _ := sh.pay(t, "tok_visa")
	ev := sh.event(t, webhook.ChargeSucceeded, charges(t, r.api)[0].ID)

	// The database goes away under the running page: the event is
	// answered 500 (the API sends it again), and not remembered.
	require.NoError(t, r.store.Close())
	code, _ := sh.deliverSigned(t, ev)
	assert.Equal(t, http.StatusInternalServerError, code)
	code, _ = sh.order(t, id)
	assert.Equal(t, http.StatusServiceUnavailable, code)
	assert.Zero(t, r.fulfilled.Load())
	// No order can be written, so nothing is charged.
	_, status, body := sh.pay(t, "tok_visa")
	assert.Equal(t, http.StatusServiceUnavailable, status, summary(body))
	assert.Len(t, charges(t, r.api), 1, "a checkout was charged without its order")
	sh.ts.Close()

	sh = r.start()
	defer r.stop(sh)
	code, msg := sh.deliverSigned(t, ev)
	require.Equal(t, http.StatusOK, code, msg)
	_, o := sh.order(t, id)
	assert.Equal(t, OrderPaid, o.State)
	assert.Equal(t, int32(1), r.fulfilled.Load())
}
