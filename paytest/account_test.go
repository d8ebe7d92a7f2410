package paytest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/paytest"
)

// otherKey is a second secret key: another account.
const otherKey = "sk_test_otheraccount"

// scope is who sends a request: a secret key and an optional Stripe-Account.
type scope struct {
	name, key, account string
}

func (sc scope) do(t *testing.T, srv *paytest.Server, method, path string, hdr ...string) result {
	t.Helper()
	return sc.doForm(t, srv, method, path, form("amount", "2000", "currency", "usd", "source", "tok_visa"), hdr...)
}

func (sc scope) doForm(t *testing.T, srv *paytest.Server, method, path string, vals map[string][]string, hdr ...string) result {
	t.Helper()
	if sc.account != "" {
		hdr = append(hdr, "Stripe-Account", sc.account)
	}
	return doKey(t, srv, "Bearer "+sc.key, method, path, vals, hdr...)
}

var scopes = []scope{
	{"the test key", paytest.TestKey, ""},
	{"the test key on acct_A", paytest.TestKey, "acct_A"},
	{"the test key on acct_B", paytest.TestKey, "acct_B"},
	{"another key", otherKey, ""},
	{"another key on acct_A", otherKey, "acct_A"},
}

func TestIdempotency_KeyIsScopedPerAccount(t *testing.T) {
	srv := newServer(t)
	ids := map[string]string{} // charge id -> the scope that made it
	for _, sc := range scopes {
		r := sc.do(t, srv, "POST", "/v1/charges", "Idempotency-Key", "order-1")
		require.Equal(t, http.StatusOK, r.status, "%s: %s", sc.name, r.raw)
		assert.Empty(t, r.header.Get("Idempotent-Replayed"), "%s: the key of another account was replayed", sc.name)
		assert.NotContains(t, ids, r.str("id"), "%s got charge %s, made by %s", sc.name, r.str("id"), ids[r.str("id")])
		ids[r.str("id")] = sc.name
	}
	// Within one account the key still replays, each account its own charge.
	for _, sc := range scopes {
		r := sc.do(t, srv, "POST", "/v1/charges", "Idempotency-Key", "order-1")
		require.Equal(t, http.StatusOK, r.status, "%s: %s", sc.name, r.raw)
		assert.Equal(t, "true", r.header.Get("Idempotent-Replayed"), sc.name)
		assert.Equal(t, sc.name, ids[r.str("id")], "%s replayed charge %s", sc.name, r.str("id"))
	}
}

func TestIdempotency_OtherParamsInAnotherAccountAreANewRequest(t *testing.T) {
	srv := newServer(t)
	a, b := scopes[1], scopes[2]
	first := a.do(t, srv, "POST", "/v1/charges", "Idempotency-Key", "k")
	require.Equal(t, http.StatusOK, first.status, first.raw)
	// The same key with other params, or on another endpoint, is no
	// conflict in another account: there, the key was never used.
	r := b.doForm(t, srv, "POST", "/v1/charges", form("amount", "3000", "currency", "usd", "source", "tok_visa"), "Idempotency-Key", "k")
	require.Equal(t, http.StatusOK, r.status, r.raw)
	assert.Equal(t, int64(3000), r.num("amount"))
	r = scopes[3].doForm(t, srv, "POST", "/v1/customers", nil, "Idempotency-Key", "k")
	assert.Equal(t, http.StatusOK, r.status, r.raw)
}

func TestAccounts_ObjectsAreScopedPerAccount(t *testing.T) {
	srv := newServer(t)
	owner := scopes[1]
	ch := owner.do(t, srv, "POST", "/v1/charges")
	require.Equal(t, http.StatusOK, ch.status, ch.raw)
	id := ch.str("id")

	for _, sc := range scopes {
		t.Run(sc.name, func(t *testing.T) {
			got := sc.doForm(t, srv, "GET", "/v1/charges/"+id, nil)
			list := sc.doForm(t, srv, "GET", "/v1/charges", nil)
			if sc == owner {
				assert.Equal(t, http.StatusOK, got.status, got.raw)
				assert.Equal(t, []string{id}, dataIDs(t, list))
				return
			}
			wantError(t, got, http.StatusNotFound, "invalid_request_error", "resource_missing", "id", "No such charge: '"+id+"'")
			assert.Empty(t, dataIDs(t, list), "another account lists the charge")
			refund := sc.doForm(t, srv, "POST", "/v1/refunds", form("charge", id))
			wantError(t, refund, http.StatusBadRequest, "invalid_request_error", "resource_missing", "charge", "")
			capture := sc.doForm(t, srv, "POST", "/v1/charges/"+id+"/capture", nil)
			wantError(t, capture, http.StatusNotFound, "invalid_request_error", "resource_missing", "id", "")
		})
	}
	// Nothing another account did touched the charge.
	after := owner.doForm(t, srv, "GET", "/v1/charges/"+id, nil)
	assert.False(t, after.boolean("refunded"))
	assert.Equal(t, int64(0), after.num("amount_refunded"))
}

func TestAccounts_TypedClientWithStripeAccount(t *testing.T) {
	srv := newServer(t)
	ctx := context.Background()
	charges := charge.NewClient(srv.Client())
	params := &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_visa"}

	var ra, rb pay.Response
	a, err := charges.Create(ctx, params, pay.IdempotencyKey("order-7"), pay.StripeAccount("acct_A"), pay.ResponseInto(&ra))
	require.NoError(t, err)
	b, err := charges.Create(ctx, params, pay.IdempotencyKey("order-7"), pay.StripeAccount("acct_B"), pay.ResponseInto(&rb))
	require.NoError(t, err)
	assert.NotEqual(t, a.ID, b.ID, "acct_B was handed acct_A's charge")
	assert.False(t, rb.Replayed)

	_, err = charges.Get(ctx, a.ID, pay.StripeAccount("acct_B"))
	var perr *pay.Error
	require.ErrorAs(t, err, &perr)
	assert.Equal(t, http.StatusNotFound, perr.StatusCode)
	assert.Equal(t, pay.ErrorCode("resource_missing"), perr.Code)
	got, err := charges.Get(ctx, a.ID, pay.StripeAccount("acct_A"))
	require.NoError(t, err)
	assert.Equal(t, a.ID, got.ID)
}

// TestAccounts_EventsNameTheConnectedAccount checks that an event caused on
// behalf of a connected account carries its id in account, as the API's do,
// and one of the key's own account carries none.
func TestAccounts_EventsNameTheConnectedAccount(t *testing.T) {
	srv := newServer(t)
	ctx := context.Background()
	charges := charge.NewClient(srv.Client())
	params := &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_visa"}
	_, err := charges.Create(ctx, params, pay.StripeAccount("acct_A"))
	require.NoError(t, err)
	_, err = charges.Create(ctx, params)
	require.NoError(t, err)
	events := srv.Events()
	require.Len(t, events, 2)
	var own, connected struct {
		Account *string `json:"account"`
		Type    string  `json:"type"`
	}
	require.NoError(t, json.Unmarshal(events[0], &own))
	require.NoError(t, json.Unmarshal(events[1], &connected))
	assert.Nil(t, own.Account, "the key's own account: no account field")
	require.NotNil(t, connected.Account)
	assert.Equal(t, "acct_A", *connected.Account)
	assert.Equal(t, "charge.succeeded", connected.Type)
}
