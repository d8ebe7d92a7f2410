package main

import (
	"bytes"
	"context"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/paymentintent"
	"github.com/paykit/pay/paytest"
)

const testPeriod = "2026-12"

// api is a paytest server behind a front server of the test's own, which
// counts the requests, lets a test answer or fault some of them itself
// (hook), and can be restarted: restart waits for every request in flight to
// end, as a crashed job's requests have ended by the time it is run again.
type api struct {
	t   *testing.T
	srv *paytest.Server

	mu    sync.Mutex
	front *httptest.Server
	// hook, when set, sees every request before paytest does; it returns
	// true when it answered the request itself.
	hook func(w http.ResponseWriter, r *http.Request, form url.Values) bool

	requests    atomic.Int64
	intentPosts atomic.Int64 // POST /v1/payment_intents
	onRequest   atomic.Pointer[func(n int64)]
	clockShift  atomic.Int64 // nanoseconds added to time.Now by paytest and the job
}

func newAPI(t *testing.T, opts ...paytest.Option) *api {
	t.Helper()
	a := &api{t: t, srv: paytest.NewServer(append([]paytest.Option{paytest.Seed(7)}, opts...)...)}
	a.srv.SetClock(a.now)
	a.front = httptest.NewServer(http.HandlerFunc(a.serve))
	t.Cleanup(func() {
		a.mu.Lock()
		front := a.front
		a.mu.Unlock()
		front.Close()
		a.srv.Close()
	})
	return a
}

// now is the clock of paytest and of the jobs: time.Now moved by shift.
func (a *api) now() time.Time {
	return time.Now().Add(time.Duration(a.clockShift.Load()))
}

// shift moves paytest's clock and the job's by d.
func (a *api) shift(d time.Duration) { a.clockShift.Add(int64(d)) }

func (a *api) setHook(h func(w http.ResponseWriter, r *http.Request, form url.Values) bool) {
	a.mu.Lock()
	a.hook = h
	a.mu.Unlock()
}

func (a *api) serve(w http.ResponseWriter, r *http.Request) {
	n := a.requests.Add(1)
	if f := a.onRequest.Load(); f != nil {
		(*f)(n)
	}
	var form url.Values
	if r.Method == http.MethodPost {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		form, _ = url.ParseQuery(string(body))
		if r.URL.Path == intentsPath {
			a.intentPosts.Add(1)
		}
	}
	a.mu.Lock()
	hook := a.hook
	a.mu.Unlock()
	if hook != nil && hook(w, r, form) {
		return
	}
	a.srv.ServeHTTP(w, r)
}

// restart stops the front server, waiting for the requests in flight, and
// starts a new one before the same paytest server.
func (a *api) restart() {
	a.mu.Lock()
	old := a.front
	a.mu.Unlock()
	old.Close()
	a.mu.Lock()
	a.front = httptest.NewServer(http.HandlerFunc(a.serve))
	a.mu.Unlock()
}

// client returns a client aimed at the front server, with paytest's short
// retry waits and opts.
func (a *api) client(opts ...pay.Option) *pay.Client {
	a.mu.Lock()
	front := a.front
	a.mu.Unlock()
	base := []pay.Option{
		pay.WithBaseURL(front.URL),
		pay.WithHTTPClient(front.Client()),
		pay.WithRetryWait(time.Millisecond, 5*time.Millisecond),
	}
	return pay.NewClient(paytest.TestKey, append(base, opts...)...)
}

// direct is a client straight to paytest, for the test's own reads.
func (a *api) direct() *pay.Client { return a.srv.Client() }

const intentsPath = "/v1/payment_intents"

// seed saves one customer per payment method, set as their default
// ("pm_card_visa"; "" saves none), and returns their ids.
func (a *api) seed(pms ...string) []string {
	a.t.Helper()
	ids := make([]string, len(pms))
	for i, pm := range pms {
		c, err := saveCustomer(context.Background(), a.direct(), pm, &customer.CreateParams{})
		require.NoError(a.t, err)
		ids[i] = c.ID
	}
	return ids
}

// intents returns every PaymentIntent paytest holds for the test period,
// by customer.
func (a *api) intents() map[string][]*paymentintent.PaymentIntent {
	a.t.Helper()
	list := paymentintent.NewClient(a.direct()).List(context.Background(), &paymentintent.ListParams{ListParams: pay.ListParams{Limit: 100}})
	return forPeriod(a.t, list, func(pi *paymentintent.PaymentIntent) (string, map[string]string, *customer.Customer) {
		return pi.ID, pi.Metadata, pi.Customer
	})
}

// charges returns every charge paytest holds for the test period (the
// charges of the PaymentIntents, which carry their metadata), by customer.
func (a *api) charges() map[string][]*charge.Charge {
	a.t.Helper()
	list := charge.NewClient(a.direct()).List(context.Background(), &charge.ListParams{ListParams: pay.ListParams{Limit: 100}})
	return forPeriod(a.t, list, func(ch *charge.Charge) (string, map[string]string, *customer.Customer) {
		return ch.ID, ch.Metadata, ch.Customer
	})
}

// forPeriod groups the objects of list whose metadata names the test
// period by customer; of says what an object's id, metadata and customer are.
func forPeriod[T any](t *testing.T, list iter.Seq2[*T, error], of func(*T) (string, map[string]string, *customer.Customer)) map[string][]*T {
	t.Helper()
	out := make(map[string][]*T)
	for v, err := range list {
		require.NoError(t, err)
		id, meta, cus := of(v)
		if meta[metaPeriod] != testPeriod {
			continue
		}
		require.NotNil(t, cus, "%s has no customer", id)
		out[cus.ID] = append(out[cus.ID], v)
	}
	return out
}

// succeeded returns the PaymentIntents of list that succeeded.
func succeeded(list []*paymentintent.PaymentIntent) []*paymentintent.PaymentIntent {
	return slices.DeleteFunc(slices.Clone(list), func(pi *paymentintent.PaymentIntent) bool {
		return pi.Status != paymentintent.StatusSucceeded
	})
}

// paidCharges returns the charges of list that succeeded.
func paidCharges(list []*charge.Charge) []*charge.Charge {
	return slices.DeleteFunc(slices.Clone(list), func(ch *charge.Charge) bool { return ch.Status != charge.StatusSucceeded })
}

// requireChargedOnce fails unless each of ids has exactly one successful
// PaymentIntent and one successful charge for the period at paytest, and
// the ledger records them.
func (a *api) requireChargedOnce(l *ledger, ids []string) {
	a.t.Helper()
	intents, charges := a.intents(), a.charges()
	latest, err := l.latest(context.Background(), testPeriod)
	require.NoError(a.t, err)
	for _, id := range ids {
		ok := succeeded(intents[id])
		paid := paidCharges(charges[id])
		if !assert.Len(a.t, ok, 1, "customer %s: want exactly one successful PaymentIntent for %s", id, testPeriod) ||
			!assert.Len(a.t, paid, 1, "customer %s: want exactly one successful charge for %s", id, testPeriod) {
			continue
		}
		assert.Equal(a.t, ok[0].LatestCharge.ID, paid[0].ID, "customer %s: the charge is not the PaymentIntent's", id)
		row := latest[id]
		if assert.NotNil(a.t, row, "customer %s has no ledger row", id) {
			assert.Equal(a.t, stateCharged, row.State, "customer %s", id)
			assert.Equal(a.t, ok[0].ID, row.PaymentIntent, "customer %s: the ledger names another PaymentIntent", id)
			assert.Equal(a.t, string(paymentintent.StatusSucceeded), row.IntentStatus, "customer %s", id)
			assert.Equal(a.t, paid[0].ID, row.ChargeID, "customer %s: the ledger names another charge", id)
			assert.Equal(a.t, row.Key, ok[0].Metadata[metaKey], "customer %s", id)
		}
	}
}

// openTestLedger opens a ledger in a file of the test's temporary directory.
func openTestLedger(t *testing.T, path string) *ledger {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "billing.db")
	}
	l, err := openLedger(context.Background(), path)
	require.NoError(t, err)
	t.Cleanup(func() { l.Close() })
	return l
}

// testConfig is the config of a test's job: the test period, $15.00, a few
// workers, passes without waiting, the api's clock, no progress lines.
func (a *api) testConfig() config {
	return config{
		Period:   testPeriod,
		Amount:   1500,
		Currency: "usd",
		Workers:  4,
		Passes:   3,
		Now:      a.now,
	}
}

// runJob runs a job with cfg against client and ledger l.
func runJob(ctx context.Context, t *testing.T, client *pay.Client, l *ledger, cfg config) (*result, error) {
	t.Helper()
	j, err := newJob(client, l, cfg)
	require.NoError(t, err)
	return j.run(ctx)
}

// times returns n copies of tok.
func times(n int, tok string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = tok
	}
	return out
}
