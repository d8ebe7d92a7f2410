package paytest_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/balancetransaction"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/dispute"
	"github.com/paykit/pay/event"
	"github.com/paykit/pay/paymentintent"
	"github.com/paykit/pay/paymentmethod"
	"github.com/paykit/pay/paytest"
	"github.com/paykit/pay/refund"
	"github.com/paykit/pay/setupintent"
)

// newServer starts a paytest server closed when the test ends.
func newServer(t *testing.T, opts ...paytest.Option) *paytest.Server {
	t.Helper()
	srv := paytest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// clients are the typed clients of one paytest server.
type clients struct {
	srv       *paytest.Server
	charges   *charge.Client
	customers *customer.Client
	refunds   *refund.Client
	disputes  *dispute.Client
	txns      *balancetransaction.Client
	events    *event.Client
	pis       *paymentintent.Client
	pms       *paymentmethod.Client
	sis       *setupintent.Client
}

// newClients starts a paytest server, closed when the test ends, and makes
// its typed clients.
func newClients(t *testing.T, opts ...paytest.Option) clients {
	t.Helper()
	srv := newServer(t, opts...)
	c := srv.Client()
	return clients{srv: srv, charges: charge.NewClient(c), customers: customer.NewClient(c), refunds: refund.NewClient(c),
		disputes: dispute.NewClient(c), txns: balancetransaction.NewClient(c), events: event.NewClient(c),
		pis: paymentintent.NewClient(c), pms: paymentmethod.NewClient(c), sis: setupintent.NewClient(c)}
}

// result is one raw HTTP exchange with the server.
type result struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

// errField returns a field of the error object, "" when absent.
func (r result) errField(k string) string {
	e, _ := r.body["error"].(map[string]any)
	s, _ := e[k].(string)
	return s
}

func (r result) str(k string) string {
	s, _ := r.body[k].(string)
	return s
}

func (r result) num(k string) int64 {
	f, _ := r.body[k].(float64)
	return int64(f)
}

func (r result) boolean(k string) bool {
	b, _ := r.body[k].(bool)
	return b
}

// do sends one request with the test key; vals go in the body for POST and
// in the query otherwise. hdr adds headers as key, value pairs.
func do(t *testing.T, srv *paytest.Server, method, path string, vals url.Values, hdr ...string) result {
	t.Helper()
	return doKey(t, srv, "Bearer "+paytest.TestKey, method, path, vals, hdr...)
}

func doKey(t *testing.T, srv *paytest.Server, auth, method, path string, vals url.Values, hdr ...string) result {
	t.Helper()
	r, err := send(srv, auth, method, path, vals, hdr...)
	require.NoError(t, err)
	return r
}

// send is one exchange as doKey makes it, with an error instead of a failed
// test, for goroutines other than the test's.
func send(srv *paytest.Server, auth, method, path string, vals url.Values, hdr ...string) (result, error) {
	target := srv.URL + path
	var body io.Reader
	if method == http.MethodPost {
		body = strings.NewReader(vals.Encode())
	} else if len(vals) > 0 {
		target += "?" + vals.Encode()
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		return result{}, err
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return result{}, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return result{}, err
	}
	r := result{status: resp.StatusCode, header: resp.Header, raw: string(raw)}
	if err := json.Unmarshal(raw, &r.body); err != nil {
		return r, fmt.Errorf("%s %s: body is not a JSON object: %w\n%s", method, path, err, raw)
	}
	return r, nil
}

// mustDo is do that fails the test unless the status is 200.
func mustDo(t *testing.T, srv *paytest.Server, method, path string, vals url.Values, hdr ...string) result {
	t.Helper()
	r := do(t, srv, method, path, vals, hdr...)
	require.Equal(t, http.StatusOK, r.status, "%s %s: status, want 200\n%s", method, path, r.raw)
	return r
}

// wantError checks an API error's status and fields; empty wants are not checked
// except code and param, which must match exactly.
func wantError(t *testing.T, r result, status int, typ, code, param, message string) {
	t.Helper()
	assert.Equal(t, status, r.status, "status\n%s", r.raw)
	assert.Equal(t, typ, r.errField("type"), "error type")
	assert.Equal(t, code, r.errField("code"), "error code")
	assert.Equal(t, param, r.errField("param"), "error param")
	if message != "" {
		assert.Equal(t, message, r.errField("message"), "error message")
	}
	assert.NotEmpty(t, r.header.Get("Request-Id"), "no Request-Id header")
}

// dataIDs returns the ids in a list or search result's data, in order.
func dataIDs(t *testing.T, r result) []string {
	t.Helper()
	data, ok := r.body["data"].([]any)
	require.True(t, ok, "no data array in %s", r.raw)
	ids := []string{}
	for _, d := range data {
		ids = append(ids, d.(map[string]any)["id"].(string))
	}
	return ids
}

func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// createCustomer creates a customer from kv (as form takes them).
func createCustomer(t *testing.T, srv *paytest.Server, kv ...string) result {
	t.Helper()
	return mustDo(t, srv, "POST", "/v1/customers", form(kv...))
}

func createCharge(t *testing.T, srv *paytest.Server, kv ...string) result {
	t.Helper()
	return mustDo(t, srv, "POST", "/v1/charges", form(append([]string{"amount", "2000", "currency", "usd", "source", "tok_visa"}, kv...)...))
}

// eventTypes returns the types of the server's events, oldest first, and
// the request each names.
func eventTypes(t *testing.T, srv *paytest.Server) (types []string, idem []string) {
	t.Helper()
	evs := srv.Events()
	for i := len(evs) - 1; i >= 0; i-- {
		var ev struct {
			Type    string `json:"type"`
			Request struct {
				IdempotencyKey *string `json:"idempotency_key"`
			} `json:"request"`
		}
		require.NoError(t, json.Unmarshal(evs[i], &ev))
		types = append(types, ev.Type)
		k := ""
		if ev.Request.IdempotencyKey != nil {
			k = *ev.Request.IdempotencyKey
		}
		idem = append(idem, k)
	}
	return types, idem
}

// hasCode reports whether err is a *pay.Error with code.
func hasCode(err error, code pay.ErrorCode) bool {
	var pe *pay.Error
	return errors.As(err, &pe) && pe.Code == code
}

// hasType reports whether err is a *pay.Error of type typ.
func hasType(err error, typ pay.ErrorType) bool {
	var pe *pay.Error
	return errors.As(err, &pe) && pe.Type == typ
}
