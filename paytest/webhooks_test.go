package paytest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/paytest"
	"github.com/paykit/pay/refund"
	"github.com/paykit/pay/webhook"
)

const whsec = "whsec_paytest"

// attempt is one delivery attempt a receiver saw.
type attempt struct {
	body   []byte
	header string
	ev     *webhook.Event // nil when the signature did not verify
}

// receiver is a webhook endpoint that records every attempt. answer, if
// set, decides the response to attempt n (0-based) and may act on w.
type receiver struct {
	t      *testing.T
	srv    *httptest.Server
	answer func(n int, w http.ResponseWriter, r *http.Request) int

	mu       sync.Mutex
	attempts []attempt
}

func newReceiver(t *testing.T, answer func(n int, w http.ResponseWriter, r *http.Request) int) *receiver {
	rc := &receiver{t: t, answer: answer}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		a := attempt{body: body, header: r.Header.Get("Stripe-Signature")}
		a.ev, _ = webhook.Verify(body, a.header, whsec)
		assert.Equal(t, http.MethodPost, r.Method)
		assert.Equal(t, "application/json; charset=utf-8", r.Header.Get("Content-Type"))
		rc.mu.Lock()
		n := len(rc.attempts)
		rc.attempts = append(rc.attempts, a)
		rc.mu.Unlock()
		status := http.StatusOK
		if rc.answer != nil {
			status = rc.answer(n, w, r)
		}
		if status != 0 {
			w.WriteHeader(status)
		}
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) seen() []attempt {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]attempt(nil), rc.attempts...)
}

// types returns the types of the verified events seen, in order.
func (rc *receiver) types() []webhook.EventType {
	var out []webhook.EventType
	for _, a := range rc.seen() {
		if assert.NotNil(rc.t, a.ev, "signature verifies") {
			out = append(out, a.ev.Type)
		}
	}
	return out
}

func wait(t *testing.T, srv *paytest.Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, srv.WaitForWebhooks(ctx))
}

func TestWebhooks_EventsForWhatTheServerDoes(t *testing.T) {
	srv := newServer(t)
	rc := newReceiver(t, nil)
	srv.AddWebhookEndpoint(rc.srv.URL, whsec)
	ctx := context.Background()
	c := srv.Client(pay.WithMaxRetries(0))
	charges, customers, refunds := charge.NewClient(c), customer.NewClient(c), refund.NewClient(c)

	var created pay.Response
	ch, err := charges.Create(ctx, &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_visa", Capture: pay.Bool(false)},
		pay.IdempotencyKey("order-1"), pay.ResponseInto(&created))
	require.NoError(t, err)
	_, err = charges.Create(ctx, &charge.CreateParams{Amount: 500, Currency: "usd", Source: "tok_chargeDeclined"})
	require.Error(t, err)
	_, err = charges.Update(ctx, ch.ID, &charge.UpdateParams{Description: pay.String("order 1"), Metadata: pay.Metadata{"order": "1"}})
	require.NoError(t, err)
	_, err = charges.Update(ctx, ch.ID, &charge.UpdateParams{Description: pay.String("order 1")}) // no change: no event
	require.NoError(t, err)
	_, err = charges.Capture(ctx, ch.ID, nil)
	require.NoError(t, err)
	var refunded pay.Response
	re, err := refunds.Create(ctx, &refund.CreateParams{Charge: ch.ID, Amount: 700}, pay.ResponseInto(&refunded))
	require.NoError(t, err)
	_, err = refunds.Update(ctx, re.ID, &refund.UpdateParams{Metadata: pay.Metadata{"reason": "late"}})
	require.NoError(t, err)
	cu, err := customers.Create(ctx, &customer.CreateParams{Email: "a@example.com"})
	require.NoError(t, err)
	_, err = customers.Update(ctx, cu.ID, &customer.UpdateParams{Email: pay.String("b@example.com")})
	require.NoError(t, err)
	_, err = customers.Delete(ctx, cu.ID)
	require.NoError(t, err)
	_, err = charges.Update(ctx, "ch_missing", &charge.UpdateParams{Description: pay.String("x")}) // a 404 emits nothing
	require.Error(t, err)

	wait(t, srv)
	assert.Equal(t, []webhook.EventType{
		webhook.ChargeSucceeded, webhook.ChargeFailed, webhook.ChargeUpdated, webhook.ChargeCaptured,
		webhook.RefundCreated, webhook.ChargeRefunded, webhook.RefundUpdated,
		webhook.CustomerCreated, webhook.CustomerUpdated, webhook.CustomerDeleted,
	}, rc.types())

	seen := rc.seen()
	require.Len(t, seen, 10)
	first := seen[0].ev
	assert.Regexp(t, `^evt_\w+$`, first.ID)
	assert.Equal(t, pay.APIVersion, first.APIVersion)
	assert.False(t, first.Livemode)
	require.NotNil(t, first.Request)
	assert.Equal(t, webhook.EventRequest{ID: created.RequestID, IdempotencyKey: "order-1"}, *first.Request)
	got, err := first.Charge()
	require.NoError(t, err)
	assert.Equal(t, ch.ID, got.ID)
	assert.Equal(t, int64(2000), got.Amount)
	assert.False(t, got.Captured, "the object as it was when the event happened")
	assert.Nil(t, first.Data.PreviousAttributes)

	failed, err := seen[1].ev.Charge()
	require.NoError(t, err)
	assert.Equal(t, charge.StatusFailed, failed.Status)

	assert.Equal(t, map[string]any{"description": nil, "metadata": map[string]any{"order": nil}}, seen[2].ev.Data.PreviousAttributes)
	captured, err := seen[3].ev.Charge()
	require.NoError(t, err)
	assert.True(t, captured.Captured)

	reEv, err := seen[4].ev.Refund()
	require.NoError(t, err)
	assert.Equal(t, re.ID, reEv.ID)
	assert.Equal(t, webhook.EventRequest{ID: refunded.RequestID, IdempotencyKey: refunded.IdempotencyKey}, *seen[4].ev.Request)
	assert.Equal(t, *seen[4].ev.Request, *seen[5].ev.Request, "both events of one request name it")
	chRefunded, err := seen[5].ev.Charge()
	require.NoError(t, err)
	assert.Equal(t, int64(700), chRefunded.AmountRefunded)
	_, err = seen[5].ev.Refund()
	assert.ErrorIs(t, err, webhook.ErrWrongObject)

	assert.Equal(t, map[string]any{"metadata": map[string]any{"reason": nil}}, seen[6].ev.Data.PreviousAttributes)
	assert.Equal(t, map[string]any{"email": "a@example.com"}, seen[8].ev.Data.PreviousAttributes)
	deleted, err := seen[9].ev.Customer()
	require.NoError(t, err)
	assert.Equal(t, cu.ID, deleted.ID)
	assert.Equal(t, "b@example.com", deleted.Email, "customer.deleted carries the customer as it was")

	// Events() holds the same events, newest first, delivered.
	all := srv.Events()
	require.Len(t, all, 10)
	var newest map[string]any
	require.NoError(t, json.Unmarshal(all[0], &newest))
	assert.Equal(t, seen[9].ev.ID, newest["id"])
	assert.Equal(t, "event", newest["object"])
	assert.EqualValues(t, 0, newest["pending_webhooks"])
}

func TestWebhooks_ReplayedRequestEmitsNothing(t *testing.T) {
	srv := newServer(t)
	rc := newReceiver(t, nil)
	srv.AddWebhookEndpoint(rc.srv.URL, whsec)
	charges := charge.NewClient(srv.Client())
	params := &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_visa"}
	ctx := context.Background()

	_, err := charges.Create(ctx, params, pay.IdempotencyKey("order-7"))
	require.NoError(t, err)
	var resp pay.Response
	_, err = charges.Create(ctx, params, pay.IdempotencyKey("order-7"), pay.ResponseInto(&resp))
	require.NoError(t, err)
	require.True(t, resp.Replayed)
	// A decline is saved and replayed too.
	declined := &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_chargeDeclined"}
	for range 2 {
		_, err = charges.Create(ctx, declined, pay.IdempotencyKey("order-8"))
		require.Error(t, err)
	}
	// A dropped connection after the work: the client's retry is a replay.
	srv.FailNext(1, paytest.Fault{DropAfterWork: true})
	_, err = charges.Create(ctx, params, pay.IdempotencyKey("order-9"))
	require.NoError(t, err)

	wait(t, srv)
	assert.Equal(t, []webhook.EventType{webhook.ChargeSucceeded, webhook.ChargeFailed, webhook.ChargeSucceeded}, rc.types())
	assert.Len(t, srv.Events(), 3)
}

func TestWebhooks_RetriedUntilAcknowledged(t *testing.T) {
	tests := []struct {
		name   string
		answer func(n int, w http.ResponseWriter, r *http.Request) int
	}{
		{"500 twice", func(n int, _ http.ResponseWriter, _ *http.Request) int {
			return map[bool]int{true: 500, false: 200}[n < 2]
		}},
		{"redirect and 404", func(n int, w http.ResponseWriter, _ *http.Request) int {
			if n == 0 {
				w.Header().Set("Location", "/elsewhere")
				return http.StatusFound
			}
			return map[bool]int{true: 404, false: 204}[n < 2]
		}},
		{"dropped connections", func(n int, w http.ResponseWriter, _ *http.Request) int {
			if n < 2 {
				// The handler's goroutine is not the test's: assert, not require.
				conn, _, err := http.NewResponseController(w).Hijack()
				if !assert.NoError(t, err) {
					return http.StatusInternalServerError
				}
				conn.Close()
				return 0
			}
			return 200
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t)
			rc := newReceiver(t, tt.answer)
			srv.AddWebhookEndpoint(rc.srv.URL, whsec)
			createCharge(t, srv)
			wait(t, srv)

			seen := rc.seen()
			require.Len(t, seen, 3, "two failures, then acknowledged")
			for _, a := range seen {
				require.NotNil(t, a.ev, "every attempt is signed")
				assert.Equal(t, seen[0].ev.ID, a.ev.ID)
				assert.Equal(t, string(seen[0].body), string(a.body), "every attempt sends the same body")
			}
			r := mustDo(t, srv, "GET", "/v1/events/"+seen[0].ev.ID, nil)
			assert.Equal(t, int64(0), r.num("pending_webhooks"))
		})
	}
}

func TestWebhooks_GivesUpAfterBoundedAttempts(t *testing.T) {
	srv := newServer(t)
	rc := newReceiver(t, func(int, http.ResponseWriter, *http.Request) int { return 503 })
	srv.AddWebhookEndpoint(rc.srv.URL, whsec)
	createCharge(t, srv)
	start := time.Now()
	wait(t, srv)
	assert.Less(t, time.Since(start), 2*time.Second)
	assert.Len(t, rc.seen(), 5)

	// Missed: the event is still pending, and the events list finds it to
	// reconcile.
	r := mustDo(t, srv, "GET", "/v1/events", form("delivery_success", "false"))
	data := r.body["data"].([]any)
	require.Len(t, data, 1)
	ev := data[0].(map[string]any)
	assert.Equal(t, "charge.succeeded", ev["type"])
	assert.EqualValues(t, 1, ev["pending_webhooks"])
	r = mustDo(t, srv, "GET", "/v1/events", form("delivery_success", "true"))
	assert.Empty(t, r.body["data"])
}

func TestWebhooks_DeliveredInOrderDespiteFailures(t *testing.T) {
	srv := newServer(t)
	rc := newReceiver(t, func(n int, _ http.ResponseWriter, _ *http.Request) int {
		if n%2 == 0 {
			return 500 // every event fails once
		}
		return 200
	})
	srv.AddWebhookEndpoint(rc.srv.URL, whsec)
	var ids []string
	for i := range 5 {
		ids = append(ids, createCharge(t, srv, "metadata[i]", strconv.Itoa(i)).str("id"))
	}
	wait(t, srv)
	var got []string
	for i, a := range rc.seen() {
		require.NotNil(t, a.ev)
		if i%2 == 1 {
			ch, err := a.ev.Charge()
			require.NoError(t, err)
			got = append(got, ch.ID)
		}
	}
	assert.Equal(t, ids, got)
}

func TestWebhooks_SlowHandlerTimesOutAndIsRetried(t *testing.T) {
	srv := paytest.NewServer()
	defer srv.Close()
	paytest.SetWebhookTiming(srv, 3, time.Millisecond, 100*time.Millisecond)
	rc := newReceiver(t, func(n int, _ http.ResponseWriter, r *http.Request) int {
		if n == 0 {
			select { // slower than the timeout: paytest hangs up
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}
		return 200
	})
	srv.AddWebhookEndpoint(rc.srv.URL, whsec)
	createCharge(t, srv)
	wait(t, srv)
	seen := rc.seen()
	require.Len(t, seen, 2)
	assert.Equal(t, seen[0].ev.ID, seen[1].ev.ID)
}

func TestWebhooks_DeliveredTwiceIsHandledOnce(t *testing.T) {
	// The handler did its work but answered 500 (it crashed after the
	// commit): the event comes again, and a handler keyed by event id
	// does the work once.
	srv := newServer(t)
	var mu sync.Mutex
	done := map[string]int{}
	deliveries := 0
	h := webhook.Handler(whsec, func(_ context.Context, ev *webhook.Event) error {
		mu.Lock()
		defer mu.Unlock()
		deliveries++
		if done[ev.ID] == 0 {
			done[ev.ID]++
			if deliveries == 1 {
				return assert.AnError
			}
		}
		return nil
	})
	recv := httptest.NewServer(h)
	defer recv.Close()
	srv.AddWebhookEndpoint(recv.URL, whsec)
	createCharge(t, srv)
	wait(t, srv)
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, 2, deliveries)
	require.Len(t, done, 1)
	for _, n := range done {
		assert.Equal(t, 1, n)
	}
}

func TestWebhooks_EveryEndpointGetsEveryEvent(t *testing.T) {
	srv := newServer(t)
	a, b := newReceiver(t, nil), newReceiver(t, func(n int, _ http.ResponseWriter, _ *http.Request) int {
		return map[bool]int{true: 500, false: 200}[n == 0]
	})
	createCharge(t, srv) // before any endpoint: not delivered
	srv.AddWebhookEndpoint(a.srv.URL, whsec)
	srv.AddWebhookEndpoint(b.srv.URL, whsec)
	id := createCharge(t, srv).str("id")
	wait(t, srv)
	require.Len(t, a.seen(), 1)
	require.Len(t, b.seen(), 2)
	ch, err := a.seen()[0].ev.Charge()
	require.NoError(t, err)
	assert.Equal(t, id, ch.ID)
	assert.Len(t, srv.Events(), 2)
}

func TestWebhooks_WaitHonoursContext(t *testing.T) {
	srv := newServer(t)
	assert.NoError(t, srv.WaitForWebhooks(context.Background()), "no endpoint: nothing pending")
	release := make(chan struct{})
	rc := newReceiver(t, func(_ int, _ http.ResponseWriter, r *http.Request) int {
		select {
		case <-release:
		case <-r.Context().Done():
		}
		return 200
	})
	defer close(release)
	srv.AddWebhookEndpoint(rc.srv.URL, whsec)
	createCharge(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	assert.ErrorIs(t, srv.WaitForWebhooks(ctx), context.DeadlineExceeded)
}

func TestWebhooks_CloseStopsDelivery(t *testing.T) {
	before := runtime.NumGoroutine()
	srv := paytest.NewServer()
	paytest.SetWebhookTiming(srv, 1000, 10*time.Millisecond, time.Minute)
	rc := newReceiver(t, func(int, http.ResponseWriter, *http.Request) int { return 500 })
	srv.AddWebhookEndpoint(rc.srv.URL, whsec)
	srv.AddWebhookEndpoint(rc.srv.URL, whsec)
	createCharge(t, srv)
	createCharge(t, srv)
	require.Eventually(t, func() bool { return len(rc.seen()) >= 2 }, 5*time.Second, time.Millisecond)

	start := time.Now()
	srv.Close()
	srv.Close()
	assert.Less(t, time.Since(start), time.Second, "Close does not wait for the retries")
	// A request written just before Close may still reach the receiver's
	// handler after it; let that one land, then nothing more may.
	time.Sleep(30 * time.Millisecond)
	n := len(rc.seen())
	time.Sleep(50 * time.Millisecond)
	assert.Equal(t, n, len(rc.seen()), "no delivery after Close")
	assert.NoError(t, srv.WaitForWebhooks(context.Background()), "nothing pending once closed")
	rc.srv.CloseClientConnections()
	assert.Eventually(t, func() bool { return runtime.NumGoroutine() <= before+2 }, 5*time.Second, 10*time.Millisecond,
		"goroutines: %d before, %d after", before, runtime.NumGoroutine())
}

func TestEvents_List(t *testing.T) {
	srv := newServer(t)
	now := time.Unix(1_700_000_000, 0)
	srv.SetClock(func() time.Time { return now })
	ch := createCharge(t, srv).str("id")
	now = now.Add(time.Hour)
	cu := createCustomer(t, srv, "email", "a@example.com").str("id")
	mustDo(t, srv, "POST", "/v1/refunds", form("charge", ch))
	mustDo(t, srv, "POST", "/v1/customers/"+cu, form("name", "Jenny"))

	ids := func(r result) []string {
		var out []string
		for _, d := range r.body["data"].([]any) {
			out = append(out, d.(map[string]any)["type"].(string))
		}
		return out
	}
	r := mustDo(t, srv, "GET", "/v1/events", nil)
	assert.Equal(t, []string{"customer.updated", "charge.refunded", "refund.created", "customer.created", "charge.succeeded"}, ids(r))
	assert.Equal(t, "list", r.str("object"))
	assert.Equal(t, "/v1/events", r.str("url"))
	assert.False(t, r.boolean("has_more"))

	tests := []struct {
		name string
		q    []string
		want []string
	}{
		{"type", []string{"type", "charge.succeeded"}, []string{"charge.succeeded"}},
		{"type wildcard", []string{"type", "customer.*"}, []string{"customer.updated", "customer.created"}},
		{"types", []string{"types[]", "refund.created", "types[]", "charge.succeeded"}, []string{"refund.created", "charge.succeeded"}},
		{"created gte", []string{"created[gte]", "1700003600"}, []string{"customer.updated", "charge.refunded", "refund.created", "customer.created"}},
		{"created lt", []string{"created[lt]", "1700003600"}, []string{"charge.succeeded"}},
		{"limit", []string{"limit", "2"}, []string{"customer.updated", "charge.refunded"}},
		{"no match", []string{"type", "charge.failed"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, ids(mustDo(t, srv, "GET", "/v1/events", form(tt.q...))))
		})
	}

	// Paging newest first with starting_after.
	page := mustDo(t, srv, "GET", "/v1/events", form("limit", "2"))
	assert.True(t, page.boolean("has_more"))
	data := page.body["data"].([]any)
	last := data[1].(map[string]any)["id"].(string)
	next := mustDo(t, srv, "GET", "/v1/events", form("limit", "2", "starting_after", last))
	assert.Equal(t, []string{"refund.created", "customer.created"}, ids(next))

	// One event, as listed.
	first := data[0].(map[string]any)
	one := mustDo(t, srv, "GET", "/v1/events/"+first["id"].(string), nil)
	assert.Equal(t, first, one.body)
	assert.Equal(t, map[string]any{"name": nil}, first["data"].(map[string]any)["previous_attributes"])
	req := first["request"].(map[string]any)
	assert.Regexp(t, `^req_`, req["id"])
	assert.Nil(t, req["idempotency_key"], "sent without a key")

	wantError(t, do(t, srv, "GET", "/v1/events/evt_missing", nil), 404, "invalid_request_error", "resource_missing", "id", "No such event: 'evt_missing'")
	wantError(t, do(t, srv, "GET", "/v1/events", form("type", "charge.succeeded", "types[]", "charge.failed")), 400, "invalid_request_error", "", "types", "")
	wantError(t, do(t, srv, "GET", "/v1/events", form("type", "[")), 400, "invalid_request_error", "", "type", "")
	wantError(t, do(t, srv, "GET", "/v1/events", form("starting_after", "evt_missing")), 400, "invalid_request_error", "resource_missing", "starting_after", "")
	wantError(t, do(t, srv, "GET", "/v1/events", form("colour", "red")), 400, "invalid_request_error", "parameter_unknown", "colour", "")
}
