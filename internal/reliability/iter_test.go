package reliability_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingTransport counts the responses it hands out and the Close calls
// on their bodies.
type countingTransport struct {
	base      *http.Transport
	responses atomic.Int32
	closes    atomic.Int32
}

func (ct *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := ct.base.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	ct.responses.Add(1)
	resp.Body = &countingBody{ReadCloser: resp.Body, closes: &ct.closes}
	return resp, nil
}

type countingBody struct {
	io.ReadCloser
	once   sync.Once
	closes *atomic.Int32
}

func (b *countingBody) Close() error {
	b.once.Do(func() { b.closes.Add(1) })
	return b.ReadCloser.Close()
}

// pagesServer lists charges ch_1 (oldest) to ch_n, newest first, limit 3,
// and fails page failPage (1-based) the way fail says.
type pagesServer struct {
	n        int
	failPage int
	fail     string // "api": a 400 error; "decode": truncated JSON; "500-once": one 500, then the page

	mu       sync.Mutex
	requests int
	failed   bool
	conns    map[net.Conn]http.ConnState
	opened   int
}

func (s *pagesServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	page := 1
	from := s.n
	if sa := r.URL.Query().Get("starting_after"); sa != "" {
		n, _ := strconv.Atoi(strings.TrimPrefix(sa, "ch_"))
		from = n - 1
		page = (s.n-from)/3 + 1
	}
	failNow := page == s.failPage && !(s.fail == "500-once" && s.failed)
	if failNow {
		s.failed = true
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if failNow {
		switch s.fail {
		case "api":
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":{"type":"invalid_request_error","message":"page failed"}}`)
		case "decode":
			io.WriteString(w, `{"object":"list","has_more":true,"data":[{"id":"ch_`)
		case "500-once":
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, `{"error":{"type":"api_error","message":"try again"}}`)
		}
		return
	}
	var items []string
	for id := from; id >= 1 && len(items) < 3; id-- {
		items = append(items, fmt.Sprintf(`{"id":"ch_%d","object":"charge","amount":%d}`, id, id*100))
	}
	hasMore := from-len(items) >= 1
	fmt.Fprintf(w, `{"object":"list","url":"/v1/charges","has_more":%t,"data":[%s]}`, hasMore, strings.Join(items, ","))
}

func (s *pagesServer) connState(c net.Conn, st http.ConnState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st == http.StateNew {
		s.opened++
	}
	if st == http.StateClosed || st == http.StateHijacked {
		delete(s.conns, c)
		return
	}
	s.conns[c] = st
}

func (s *pagesServer) state() (requests, opened, open int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests, s.opened, len(s.conns)
}

// waitFor polls cond for up to 5s.
func waitFor(cond func() bool) bool {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return cond()
}

// TestList_ClosesEveryBodyAndLeaksNothing iterates charges through the
// typed client on every path (all pages, an API error, an undecodable page,
// a retried page, a break inside or at the end of a page, a context ended
// mid-loop). On each: every response body is closed, an error is yielded
// once with a nil charge and ends the loop with no request after it, every
// page reuses the one connection (bodies are drained, not only closed), and
// once the client's idle connections are closed the server sees no open
// connection and the goroutine count is back where it was.
func TestList_ClosesEveryBodyAndLeaksNothing(t *testing.T) {
	tests := []struct {
		name       string
		failPage   int
		fail       string
		breakAfter int // items; 0 = never
		cancelAt   int // cancel the context after this many items; 0 = never
		wantIDs    int
		wantErr    string // "" for none; else a substring of the one error
		wantReqs   int
	}{
		{name: "all pages", wantIDs: 7, wantReqs: 3},
		{name: "API error on page 2", failPage: 2, fail: "api", wantIDs: 3, wantErr: "page failed", wantReqs: 2},
		{name: "API error on page 3", failPage: 3, fail: "api", wantIDs: 6, wantErr: "page failed", wantReqs: 3},
		// A page cut short is a failed attempt: retried (twice, by default)
		// before the error ends the loop.
		{name: "undecodable page 2", failPage: 2, fail: "decode", wantIDs: 3, wantErr: "cannot decode response", wantReqs: 4},
		{name: "page 2 retried after a 500", failPage: 2, fail: "500-once", wantIDs: 7, wantReqs: 4},
		{name: "break inside page 2", breakAfter: 4, wantIDs: 4, wantReqs: 2},
		{name: "break at the end of page 1", breakAfter: 3, wantIDs: 3, wantReqs: 1},
		{name: "context ended on page 1", cancelAt: 2, wantIDs: 3, wantErr: "context canceled", wantReqs: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := &pagesServer{n: 7, failPage: tt.failPage, fail: tt.fail, conns: map[net.Conn]http.ConnState{}}
			srv := httptest.NewUnstartedServer(ps)
			srv.Config.ConnState = ps.connState
			srv.Start()
			defer srv.Close()
			tr := &http.Transport{}
			defer tr.CloseIdleConnections()
			ct := &countingTransport{base: tr}
			c := pay.NewClient("sk_test_iter", pay.WithBaseURL(srv.URL), pay.WithHTTPClient(&http.Client{Transport: ct}),
				pay.WithRetryWait(time.Millisecond, time.Millisecond))
			before := runtime.NumGoroutine()

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var ids []string
			var errs []error
			params := &charge.ListParams{ListParams: pay.ListParams{Limit: 3}}
			for ch, err := range charge.NewClient(c).List(ctx, params) {
				if err != nil {
					assert.Nil(t, ch, "error %v came with a charge", err)
					errs = append(errs, err)
					continue // the iterator must end by itself
				}
				require.Empty(t, errs, "charge %s yielded after the error", ch.ID)
				ids = append(ids, ch.ID)
				if len(ids) == tt.breakAfter {
					break
				}
				if len(ids) == tt.cancelAt {
					cancel()
				}
			}

			assert.Len(t, ids, tt.wantIDs, "charges")
			if tt.wantErr == "" {
				assert.Empty(t, errs)
			} else if assert.Len(t, errs, 1, "want exactly one error containing %q", tt.wantErr) {
				assert.ErrorContains(t, errs[0], tt.wantErr)
			}
			if tt.fail == "api" {
				var pe *pay.Error
				if assert.Len(t, errs, 1) && assert.ErrorAs(t, errs[0], &pe) {
					assert.Equal(t, http.StatusBadRequest, pe.StatusCode, "want a *pay.Error with status 400")
				}
			}
			assert.Equal(t, ct.responses.Load(), ct.closes.Load(), "responses and bodies closed")
			requests, opened, _ := ps.state()
			assert.Equal(t, tt.wantReqs, requests, "requests the server got (none after an error or a break)")
			assert.LessOrEqual(t, opened, 1, "connections for one sequential loop: a body was not drained")

			tr.CloseIdleConnections()
			if !waitFor(func() bool { _, _, open := ps.state(); return open == 0 }) {
				_, _, open := ps.state()
				assert.Fail(t, "a body was left open", "%d connections still open once the client's idle ones are closed", open)
			}
			if !waitFor(func() bool { return runtime.NumGoroutine() <= before }) {
				buf := make([]byte, 1<<16)
				assert.Fail(t, "goroutines left", "goroutines: %d before the loop, %d after\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
			}
		})
	}
}

// TestList_StuckProxyEnds puts a cache in front of the API that ignores the
// query string, so every page is the first one: the iterator yields that
// page once, sees the next one end at the same charge, and stops with one
// error instead of yielding it again forever.
func TestList_StuckProxyEnds(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"object":"list","url":"/v1/charges","has_more":true,"data":[{"id":"ch_2"},{"id":"ch_1"}]}`)
	}))
	defer srv.Close()
	c := pay.NewClient("sk_test_stuck", pay.WithBaseURL(srv.URL))
	var ids []string
	var errs []error
	for ch, err := range charge.NewClient(c).List(context.Background(), nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, ch.ID)
		require.LessOrEqual(t, len(ids), 100, "the iterator does not end")
	}
	var pe *pay.Error
	if assert.Len(t, errs, 1) && assert.ErrorAs(t, errs[0], &pe) {
		assert.Contains(t, pe.Message, "not advancing", "want one *pay.Error saying the list is not advancing")
	}
	assert.Equal(t, "ch_2,ch_1", strings.Join(ids, ","), "want the page once")
	assert.EqualValues(t, 2, requests.Load(), "want the page once")
}
