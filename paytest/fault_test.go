package paytest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/paytest"
)

// freshConns is an HTTP client that never reuses a connection, so the
// transport never retries a dropped request by itself: every attempt the
// test sees is one pay.Client made.
func freshConns() pay.Option {
	return pay.WithHTTPClient(&http.Client{Transport: &http.Transport{DisableKeepAlives: true}})
}

type chargeOut struct {
	ID       string            `json:"id"`
	Amount   int64             `json:"amount"`
	Metadata map[string]string `json:"metadata"`
}

func chargeParams(i int) url.Values {
	return url.Values{"amount": {"2000"}, "currency": {"usd"}, "source": {"tok_visa"}, "metadata[call]": {fmt.Sprint(i)}}
}

// countCharges lists every stored charge through the API.
func countCharges(t *testing.T, c *pay.Client) map[string]int {
	t.Helper()
	calls := map[string]int{}
	for ch, err := range pay.List[chargeOut](context.Background(), c, "/v1/charges", &pay.ListParams{Limit: 100}, func(c *chargeOut) string { return c.ID }) {
		require.NoError(t, err)
		calls[ch.Metadata["call"]]++
	}
	return calls
}

func TestFault_FailNextStatus(t *testing.T) {
	srv := newServer(t)
	client := srv.Client(pay.WithMaxRetries(0))
	srv.FailNext(2, paytest.Fault{Status: http.StatusInternalServerError})
	for range 2 {
		var out chargeOut
		err := client.Do(context.Background(), "POST", "/v1/charges", chargeParams(0), &out)
		var pe *pay.Error
		require.ErrorAs(t, err, &pe)
		require.Equal(t, 500, pe.StatusCode, "err = %v", err)
		require.Equal(t, pay.ErrorTypeAPI, pe.Type, "err = %v", err)
		require.NotEmpty(t, pe.RequestID, "err = %v", err)
	}
	var out chargeOut
	require.NoError(t, client.Do(context.Background(), "POST", "/v1/charges", chargeParams(0), &out), "third request")
	require.NotEmpty(t, out.ID, "third request")
	assert.Len(t, countCharges(t, client), 1, "faulted requests must do no work")
	assert.Equal(t, 4, srv.Requests(), "Requests()")
}

func TestFault_DefaultBodies(t *testing.T) {
	srv := newServer(t)
	tests := []struct {
		status    int
		typ, code string
	}{
		{400, "invalid_request_error", ""},
		{402, "card_error", "card_declined"},
		{404, "invalid_request_error", "resource_missing"},
		{409, "invalid_request_error", "lock_timeout"},
		{429, "invalid_request_error", "rate_limit"},
		{500, "api_error", ""},
		{503, "api_error", ""},
	}
	for _, tt := range tests {
		srv.FailNext(1, paytest.Fault{Status: tt.status})
		r := do(t, srv, "GET", "/v1/charges", nil)
		wantError(t, r, tt.status, tt.typ, tt.code, "", "")
	}
	srv.FailNext(1, paytest.Fault{Status: 503, Body: "<html>busy</html>", Header: http.Header{"Stripe-Should-Retry": {"false"}, "Content-Type": {"text/html"}}})
	client := srv.Client()
	var resp pay.Response
	err := client.Do(context.Background(), "GET", "/v1/charges", nil, nil, pay.ResponseInto(&resp))
	var pe *pay.Error
	if assert.ErrorAs(t, err, &pe, "custom fault") {
		assert.Equal(t, 503, pe.StatusCode, "custom fault: err %v", err)
	}
	assert.Equal(t, 1, resp.Attempts, "custom fault: attempts")
	assert.Equal(t, "text/html", resp.Header.Get("Content-Type"), "custom fault: header %v", resp.Header)
}

func TestFault_RetriedStatusSucceeds(t *testing.T) {
	srv := newServer(t)
	client := srv.Client(pay.WithMaxRetries(3))
	srv.FailNext(1, paytest.Fault{Status: 429, Header: http.Header{"Retry-After": {"0"}}})
	srv.FailNext(1, paytest.Fault{Status: 409})
	srv.FailNext(1, paytest.Fault{Status: 503, Header: http.Header{"Stripe-Should-Retry": {"true"}}})
	var out chargeOut
	var resp pay.Response
	require.NoError(t, client.Do(context.Background(), "POST", "/v1/charges", chargeParams(1), &out, pay.ResponseInto(&resp)))
	assert.Equal(t, 4, resp.Attempts, "attempts")
	assert.False(t, resp.Replayed, "replayed")
	assert.Equal(t, map[string]int{"1": 1}, countCharges(t, client), "charges")
}

func TestFault_DropAfterWorkStoresOnceAndReplays(t *testing.T) {
	srv := newServer(t)
	client := srv.Client(freshConns(), pay.WithMaxRetries(2))
	srv.FailNext(1, paytest.Fault{DropAfterWork: true})
	var out chargeOut
	var resp pay.Response
	err := client.Do(context.Background(), "POST", "/v1/charges", chargeParams(7), &out, pay.IdempotencyKey("order-7"), pay.ResponseInto(&resp))
	require.NoError(t, err)
	assert.True(t, resp.Replayed, "response = %+v, want a replay on attempt 2", resp)
	assert.Equal(t, 2, resp.Attempts, "response = %+v, want a replay on attempt 2", resp)
	assert.Equal(t, "order-7", resp.IdempotencyKey, "response = %+v", resp)
	assert.Equal(t, map[string]int{"7": 1}, countCharges(t, client), "charges: want exactly one")
	// The replay is the stored charge.
	var got chargeOut
	assert.NoError(t, client.Do(context.Background(), "GET", "/v1/charges/"+out.ID, nil, &got), "GET %s", out.ID)
	assert.Equal(t, "7", got.Metadata["call"], "GET %s: %+v", out.ID, got)
}

func TestFault_DropAfterWorkWithoutRetry(t *testing.T) {
	srv := newServer(t)
	client := srv.Client(freshConns(), pay.WithMaxRetries(0))
	srv.FailNext(1, paytest.Fault{DropAfterWork: true})
	err := client.Do(context.Background(), "POST", "/v1/charges", chargeParams(1), nil)
	var pe *pay.Error
	require.Error(t, err, "want a transport error")
	require.NotErrorAs(t, err, &pe, "want a transport error")
	calls := countCharges(t, client)
	assert.Equal(t, 1, calls["1"], "charges = %v: the work must be done before the drop", calls)
}

func TestFault_DropBeforeWork(t *testing.T) {
	srv := newServer(t)
	client := srv.Client(freshConns(), pay.WithMaxRetries(0))
	srv.FailNext(1, paytest.Fault{DropBeforeWork: true})
	require.Error(t, client.Do(context.Background(), "POST", "/v1/charges", chargeParams(1), nil), "no error for a dropped connection")
	assert.Empty(t, countCharges(t, client), "charges: want none")
	srv.FailNext(1, paytest.Fault{DropBeforeWork: true})
	var resp pay.Response
	require.NoError(t, srv.Client(freshConns()).Do(context.Background(), "POST", "/v1/charges", chargeParams(2), nil, pay.ResponseInto(&resp)))
	assert.Equal(t, 2, resp.Attempts, "retried call: %+v", resp)
	assert.False(t, resp.Replayed, "retried call: %+v", resp)
	assert.Equal(t, map[string]int{"2": 1}, countCharges(t, client), "charges")
}

func TestFault_Latency(t *testing.T) {
	srv := newServer(t)
	srv.FailNext(1, paytest.Fault{Latency: 80 * time.Millisecond})
	start := time.Now()
	mustDo(t, srv, "GET", "/v1/charges", nil)
	assert.GreaterOrEqual(t, time.Since(start), 80*time.Millisecond, "request time")
	// A caller that gives up during the latency leaves no charge behind.
	srv.FailNext(1, paytest.Fault{Latency: 500 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	client := srv.Client(pay.WithMaxRetries(0))
	err := client.Do(ctx, "POST", "/v1/charges", chargeParams(1), nil, pay.IdempotencyKey("slow"))
	require.ErrorIs(t, err, context.DeadlineExceeded)
	time.Sleep(50 * time.Millisecond)
	assert.Empty(t, countCharges(t, client), "charges")
	// And its key is free again.
	assert.NoError(t, client.Do(context.Background(), "POST", "/v1/charges", chargeParams(1), nil, pay.IdempotencyKey("slow")), "retry with the key")
}

// TestFault_FailRandomlyIsDeterministic: requests without an
// Idempotency-Key draw from one seeded sequence, in arrival order.
func TestFault_FailRandomlyIsDeterministic(t *testing.T) {
	run := func(seed uint64) []int {
		srv := newServer(t)
		srv.FailRandomly(0.3, seed, paytest.Fault{Status: 500}, paytest.Fault{Status: 429}, paytest.Fault{Status: 409})
		var statuses []int
		for range 200 {
			statuses = append(statuses, do(t, srv, "GET", "/v1/charges", nil).status)
		}
		return statuses
	}
	a, b, c := run(42), run(42), run(7)
	failed := 0
	kinds := map[int]bool{}
	for i := range a {
		require.Equal(t, a[i], b[i], "seed 42 gave different statuses at request %d", i)
		if a[i] != 200 {
			failed++
			kinds[a[i]] = true
		}
	}
	assert.GreaterOrEqual(t, failed, 30, "%d of 200 requests failed at rate 0.3", failed)
	assert.LessOrEqual(t, failed, 90, "%d of 200 requests failed at rate 0.3", failed)
	assert.Len(t, kinds, 3, "fault kinds used: want all three")
	assert.NotEqual(t, a, c, "seeds 42 and 7 gave the same sequence")
}

// postKeyed creates a charge with an Idempotency-Key, from any goroutine,
// and returns the status.
func postKeyed(srv *paytest.Server, key string) (int, error) {
	r, err := send(srv, "Bearer "+paytest.TestKey, http.MethodPost, "/v1/charges", chargeParams(0), "Idempotency-Key", key)
	return r.status, err
}

// TestFault_FailRandomlyPerKey: a request with an Idempotency-Key gets the
// fault decided by the seed, the key and how often the server saw the key
// before, whatever the order in which keys arrive, concurrently or not, and
// whatever unkeyed requests come in between.
func TestFault_FailRandomlyPerKey(t *testing.T) {
	const keys, sightings = 40, 4
	key := func(i int) string { return fmt.Sprintf("order-%02d", i) }
	faults := []paytest.Fault{{Status: 500}, {Status: 503}, {Status: 429}, {Status: 409}}
	type plan map[string][]int // key -> status of each sighting

	// In order: round after round over the keys, with unkeyed GETs (which
	// draw from the seeded sequence) in between.
	inOrder := func(seed uint64) plan {
		srv := newServer(t)
		srv.FailRandomly(0.25, seed, faults...)
		p := plan{}
		for range sightings {
			for i := range keys {
				st, err := postKeyed(srv, key(i))
				require.NoError(t, err)
				p[key(i)] = append(p[key(i)], st)
				do(t, srv, "GET", "/v1/customers/cus_none", nil)
			}
		}
		return p
	}
	a := inOrder(42)

	// Concurrently: 8 goroutines, keys in reverse order, each key's
	// requests in a row.
	srv := newServer(t)
	srv.FailRandomly(0.25, 42, faults...)
	b := plan{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make(chan error, keys)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := keys - 1 - w; i >= 0; i -= 8 {
				for range sightings {
					st, err := postKeyed(srv, key(i))
					if err != nil {
						errs <- err
						return
					}
					mu.Lock()
					b[key(i)] = append(b[key(i)], st)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}

	// Seen twice with no faults on, then twice with them: the decisions of
	// sightings 2 and 3.
	late := newServer(t)
	for range 2 {
		for i := range keys {
			st, err := postKeyed(late, key(i))
			require.NoError(t, err, "no faults")
			require.Equal(t, 200, st, "no faults: status")
		}
	}
	late.FailRandomly(0.25, 42, faults...)
	for i := range keys {
		for s := 2; s < sightings; s++ {
			st, err := postKeyed(late, key(i))
			require.NoError(t, err)
			assert.Equal(t, a[key(i)][s], st, "%s, sighting %d after 2 unfaulted: want the status of a fresh server", key(i), s)
		}
	}

	faulted, kinds := 0, map[int]bool{}
	for i := range keys {
		k := key(i)
		assert.Equal(t, a[k], b[k], "%s: statuses in order (expected) and concurrently (actual)", k)
		for _, st := range a[k] {
			if st != 200 {
				faulted++
				kinds[st] = true
			}
		}
	}
	assert.GreaterOrEqual(t, faulted, 20, "%d of %d keyed requests faulted at rate 0.25", faulted, keys*sightings)
	assert.LessOrEqual(t, faulted, 65, "%d of %d keyed requests faulted at rate 0.25", faulted, keys*sightings)
	assert.Len(t, kinds, len(faults), "fault kinds used: want all")
	assert.NotEqual(t, a, inOrder(7), "seeds 42 and 7 gave the same faults")
}

func TestFault_ClearFaults(t *testing.T) {
	srv := newServer(t)
	srv.FailNext(5, paytest.Fault{Status: 500})
	srv.FailRandomly(1, 1)
	srv.ClearFaults()
	mustDo(t, srv, "GET", "/v1/charges", nil)
}

// TestFault_ConcurrentRetriesNeverDuplicate is a small soak: concurrent
// creates through pay.Client against random faults of every kind end with
// exactly one charge per call.
func TestFault_ConcurrentRetriesNeverDuplicate(t *testing.T) {
	srv := newServer(t)
	srv.FailRandomly(0.25, 2024,
		paytest.Fault{DropAfterWork: true},
		paytest.Fault{DropBeforeWork: true},
		paytest.Fault{Status: 500},
		paytest.Fault{Status: 503, Header: http.Header{"Stripe-Should-Retry": {"true"}}},
		paytest.Fault{Status: 409},
		paytest.Fault{Status: 429, Header: http.Header{"Retry-After": {"0"}}},
		paytest.Fault{Latency: 2 * time.Millisecond},
	)
	client := srv.Client(pay.WithMaxRetries(8))
	const workers, each = 16, 15
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				n := w*each + i
				if err := client.Do(context.Background(), "POST", "/v1/charges", chargeParams(n), nil); err != nil {
					errs <- fmt.Errorf("call %d: %w", n, err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
	srv.ClearFaults()
	calls := countCharges(t, client)
	assert.Len(t, calls, workers*each, "distinct calls stored")
	for call, n := range calls {
		assert.Equal(t, 1, n, "times call %s was stored", call)
	}
}

// TestFault_DropAfterWorkAppliesToReplays queues a drop after the work for
// the next three requests: the first stores the charge and is dropped, and
// so are the two replays after it, so a client can see every attempt of a
// stored charge lost (the case pay.ErrOutcomeUnknown names).
func TestFault_DropAfterWorkAppliesToReplays(t *testing.T) {
	srv := newServer(t)
	client := srv.Client(freshConns(), pay.WithMaxRetries(2))
	srv.FailNext(3, paytest.Fault{DropAfterWork: true})
	var resp pay.Response
	err := client.Do(context.Background(), "POST", "/v1/charges", chargeParams(9), nil, pay.IdempotencyKey("order-9"), pay.ResponseInto(&resp))
	require.Error(t, err)
	assert.ErrorIs(t, err, pay.ErrOutcomeUnknown)
	assert.Equal(t, 3, resp.Attempts)
	assert.Equal(t, map[string]int{"9": 1}, countCharges(t, client), "stored once")
	// Asked again with the same key, the stored charge comes back.
	var out chargeOut
	require.NoError(t, client.Do(context.Background(), "POST", "/v1/charges", chargeParams(9), &out, pay.IdempotencyKey("order-9"), pay.ResponseInto(&resp)))
	assert.True(t, resp.Replayed)
	assert.Equal(t, "9", out.Metadata["call"])
}
