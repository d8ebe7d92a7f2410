package paytest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startWith starts a server serving table instead of routes.
func startWith(t *testing.T, table []route) *Server {
	t.Helper()
	s := newServer()
	s.routes = table
	s.srv = httptest.NewServer(s)
	s.URL = s.srv.URL
	t.Cleanup(s.Close)
	return s
}

func call(t *testing.T, method, u string, form url.Values, auth bool) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if auth {
		req.Header.Set("Authorization", "Bearer "+TestKey)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		m = map[string]any{"raw": string(b)}
	}
	return resp.StatusCode, m
}

// apiEventTypes are the event types the API has (testdata/event_types.txt).
func apiEventTypes(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("testdata/event_types.txt")
	require.NoError(t, err)
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	require.NoError(t, sc.Err())
	return out
}

func TestRoutes_TableIsWellFormed(t *testing.T) {
	apiTypes := apiEventTypes(t)
	for _, typ := range eventTypes {
		assert.Contains(t, apiTypes, string(typ), "eventType %q is not an API event type", typ)
	}
	seen := map[string]bool{}
	declared := map[eventType]bool{}
	for _, rt := range routes {
		key := rt.method + " " + rt.pattern
		assert.False(t, seen[key], "%s is in routes twice", key)
		seen[key] = true
		isAPI := strings.HasPrefix(rt.pattern, "/v1/")
		assert.Equal(t, isAPI, rt.handle != nil, "%s: an API route has a handler, a page route none", key)
		assert.Equal(t, !isAPI, rt.page != nil, "%s: a route outside /v1 is a page", key)
		names := map[string]bool{}
		for _, seg := range splitPattern(rt.pattern) {
			assert.NotEmpty(t, seg, "%s: empty segment", key)
			if isParam(seg) {
				name := seg[1 : len(seg)-1]
				assert.NotEmpty(t, name, "%s: unnamed parameter", key)
				assert.False(t, names[name], "%s: parameter %s twice", key, name)
				names[name] = true
			} else {
				assert.NotContains(t, seg, "{", "%s: bad segment %q", key, seg)
			}
		}
		if isAPI {
			assert.NotEmpty(t, rt.object, "%s: no object type for expand", key)
		}
		for _, ev := range rt.events {
			assert.Contains(t, eventTypes, ev, "%s: event %q is not in eventTypes", key, ev)
			declared[ev] = true
		}
	}
	for _, ev := range eventTypes {
		assert.True(t, declared[ev], "no route emits %q", ev)
	}
}

func TestRoutes_Match(t *testing.T) {
	cases := []struct {
		method, path, pattern string
		args                  map[string]string
	}{
		{get, "/v1/charges/search", "/v1/charges/search", map[string]string{}},
		{get, "/v1/charges/ch_1", "/v1/charges/{id}", map[string]string{"id": "ch_1"}},
		{post, "/v1/charges/ch_1/capture", "/v1/charges/{id}/capture", map[string]string{"id": "ch_1"}},
		{del, "/v1/customers/cus_1/sources/card_1", "/v1/customers/{id}/sources/{card}", map[string]string{"id": "cus_1", "card": "card_1"}},
		{get, "/v1/customers/search", "/v1/customers/search", map[string]string{}},
	}
	for _, c := range cases {
		segs, ok := splitEscaped(c.path)
		require.True(t, ok)
		rt, args, ok := match(routes, c.method, segs, true)
		require.True(t, ok, c.path)
		assert.Equal(t, c.pattern, rt.pattern, c.path)
		assert.Equal(t, c.args, args, c.path)
	}
	segs, _ := splitEscaped("/v1/charges/search")
	_, _, ok := match(routes, del, segs, true)
	assert.False(t, ok, "DELETE /v1/charges/search is no route")
}

// A page route is served without auth, params or faults, and reaches the
// stores under Server.mu.
func TestRoutes_PageOutsideV1(t *testing.T) {
	var s *Server
	table := append(slices.Clip(routes), page(get, "/paytest/charge/{id}", func(s *Server, w http.ResponseWriter, r *http.Request, args map[string]string) {
		s.mu.Lock()
		defer s.mu.Unlock()
		st := s.storeWhere(func(st *store) bool { _, ok := st.charges.get(args["id"]); return ok })
		if st == nil {
			http.NotFound(w, r)
			return
		}
		c, _ := st.charges.get(args["id"])
		fmt.Fprintf(w, "%s %d %s", c.id, c.amount, c.status)
	}))
	s = startWith(t, table)

	status, body := call(t, post, s.URL+"/v1/charges", url.Values{"amount": {"1500"}, "currency": {"usd"}, "source": {"tok_visa"}}, true)
	require.Equal(t, http.StatusOK, status, body)
	id := body["id"].(string)

	s.FailNext(1, Fault{Status: 500})
	status, body = call(t, get, s.URL+"/paytest/charge/"+id, nil, false)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, id+" 1500 succeeded", body["raw"])
	status, _ = call(t, get, s.URL+"/paytest/charge/ch_missing", nil, false)
	assert.Equal(t, http.StatusNotFound, status)

	// The fault was left for the next API request.
	status, _ = call(t, get, s.URL+"/v1/charges/"+id, nil, true)
	assert.Equal(t, 500, status)
	assert.Equal(t, 4, s.Requests())
}

// A handler that emits an event its route does not declare answers a 500
// naming it, so a test that reaches it fails.
func TestRoutes_UndeclaredEvent(t *testing.T) {
	table := []route{
		api(post, "/v1/things", spec{}, "thing", func(st *store, req *request) response {
			st.emit(evCustomerCreated, map[string]any{"id": "thing_1", "object": "thing"}, nil)
			return success(map[string]any{"id": "thing_1", "object": "thing"})
		}, evCustomerUpdated),
		api(post, "/v1/things/{id}", spec{}, "thing", func(st *store, req *request) response {
			st.emit(evCustomerUpdated, map[string]any{"id": req.args["id"], "object": "thing"}, nil)
			return success(map[string]any{"id": req.args["id"], "object": "thing"})
		}, evCustomerUpdated),
	}
	s := startWith(t, table)

	status, body := call(t, post, s.URL+"/v1/things", nil, true)
	assert.Equal(t, http.StatusInternalServerError, status)
	assert.Equal(t, map[string]any{"type": "api_error",
		"message": "paytest: POST /v1/things emitted customer.created, which its route does not declare"}, body["error"])

	// A declared event of an object of a new kind goes out like any other.
	status, _ = call(t, post, s.URL+"/v1/things/thing_2", nil, true)
	require.Equal(t, http.StatusOK, status)
	events := s.Events()
	require.Len(t, events, 2)
	var ev map[string]any
	require.NoError(t, json.Unmarshal(events[0], &ev))
	assert.Equal(t, "customer.updated", ev["type"])
	assert.Equal(t, map[string]any{"id": "thing_2", "object": "thing"}, ev["data"].(map[string]any)["object"])
	assert.NotNil(t, ev["request"].(map[string]any)["id"])
}

func TestStates_Transitions(t *testing.T) {
	var cs chargeStatus
	setStatus(chargeTransitions, &cs, chargeSucceeded)
	assert.Equal(t, chargeSucceeded, cs)
	assert.PanicsWithValue(t, `paytest: no transition from status "succeeded" to "failed"`, func() {
		setStatus(chargeTransitions, &cs, chargeFailed)
	})
	var rs refundStatus
	setStatus(refundTransitions, &rs, refundRequiresAction)
	assert.True(t, refundTransitions.allows(rs, refundCanceled))
	assert.False(t, refundTransitions.allows(refundSucceeded, refundCanceled))
}

// The charge logic runs without HTTP, as a PaymentIntent's confirm calls it.
func TestChargeLogic(t *testing.T) {
	st := newStore()
	cd := st.newCard(testTokens["tok_visa"], "")

	c := &charge{amount: 2000, currency: "usd", card: cd}
	require.Nil(t, st.chargeCard(c, false))
	assert.Equal(t, chargeSucceeded, c.status)
	assert.False(t, c.captured)
	assert.Empty(t, c.txnID)

	half := int64(1500)
	require.Nil(t, st.capture(c, &half))
	assert.Equal(t, int64(1500), c.amountCaptured)
	txn, ok := st.txns.get(c.txnID)
	require.True(t, ok)
	assert.Equal(t, int64(1500), txn.amount)
	assert.Equal(t, int64(74), txn.fee, "2.9% + 30, rounded")
	require.Len(t, c.refunds, 1, "the uncaptured 500 is released")
	assert.True(t, c.refunds[0].reversal)
	assert.Equal(t, "charge_already_captured", st.capture(c, nil).Code)

	r, e := st.refundCharge(c, refundInput{})
	require.Nil(t, e)
	assert.Equal(t, int64(1500), r.amount)
	assert.Equal(t, refundSucceeded, r.status)
	assert.True(t, c.refunded)
	_, e = st.refundCharge(c, refundInput{})
	assert.Equal(t, "charge_already_refunded", e.Code)

	declined := &charge{amount: 500, currency: "usd", card: st.newCard(testTokens["tok_chargeDeclinedInsufficientFunds"], "")}
	e = st.chargeCard(declined, true)
	require.NotNil(t, e)
	assert.Equal(t, &apiError{status: 402, Type: "card_error", Charge: declined.id, Code: "card_declined",
		DeclineCode: "insufficient_funds", Message: "Your card has insufficient funds.", DocURL: docURL("card_declined")}, e)
	stored, ok := st.charges.get(declined.id)
	require.True(t, ok, "a declined charge is stored")
	assert.Equal(t, chargeFailed, stored.status)

	var types []string
	for _, ev := range st.events.all() {
		types = append(types, ev.typ)
	}
	assert.Equal(t, []string{"charge.succeeded", "charge.captured", "refund.created", "charge.refunded", "charge.failed"}, types)
}
