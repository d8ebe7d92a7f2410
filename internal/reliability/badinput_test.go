package reliability_test

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/refund"
)

// clients are the typed clients of one *pay.Client.
type clients struct {
	charges   *charge.Client
	customers *customer.Client
	refunds   *refund.Client
}

func newClients(c *pay.Client) clients {
	return clients{charge.NewClient(c), customer.NewClient(c), refund.NewClient(c)}
}

// firstErr runs an iterator to its first yield and returns the error.
func firstErr[T any](seq iter.Seq2[*T, error]) error {
	for _, err := range seq {
		return err
	}
	return nil
}

// validCharge returns create params that are right but for what change
// breaks.
func validCharge(change func(*charge.CreateParams)) *charge.CreateParams {
	p := &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_visa"}
	if change != nil {
		change(p)
	}
	return p
}

func manyKeys(n int) pay.Metadata {
	m := pay.Metadata{}
	for i := range n {
		m[fmt.Sprintf("k%d", i)] = "v"
	}
	return m
}

// noServer is a server that fails the test if anything reaches it.
func noServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Fail(t, "request sent for input that can never be valid", "%s %s", r.Method, r.URL)
		w.WriteHeader(http.StatusTeapot)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestBadInput_NothingSent is the table of caller input that can never be
// valid, through the charge, customer and refund clients: each is a
// *pay.Error of type invalid_request_error naming the param, with
// StatusCode 0, and nothing reaches the server; none panics.
func TestBadInput_NothingSent(t *testing.T) {
	const key = "sk_test_badinput"
	long41 := strings.Repeat("k", 41)
	value501 := strings.Repeat("é", 501)
	tests := []struct {
		name      string
		key       *string // nil: key
		baseURL   string  // "": the test server
		call      func(context.Context, clients) error
		wantParam string
	}{
		// The key and the transport.
		{name: "empty key", key: ptr(""), wantParam: "api_key"},
		{name: "key with a leading space", key: ptr(" " + key), wantParam: "api_key"},
		{name: "key with a newline (header injection)", key: ptr(key + "\r\nX-Evil: 1"), wantParam: "api_key"},
		{name: "key with a tab", key: ptr("sk_test_\tabc"), wantParam: "api_key"},
		{name: "live key over http", key: ptr("sk_live_badinput"), wantParam: "base_url"},
		{name: "restricted live key over http", key: ptr("rk_live_badinput"), wantParam: "base_url"},
		{name: "base URL with a query", baseURL: "https://api.example.com/?key=x", wantParam: "base_url"},

		// Nil params where params are required.
		{name: "charge create nil params", call: func(ctx context.Context, c clients) error { _, err := c.charges.Create(ctx, nil); return err }, wantParam: "params"},
		{name: "refund create nil params", call: func(ctx context.Context, c clients) error { _, err := c.refunds.Create(ctx, nil); return err }, wantParam: "params"},

		// Ids: empty, or able to change the path.
		{name: "charge get empty id", call: getCharge(""), wantParam: "id"},
		{name: "charge get id ..", call: getCharge(".."), wantParam: "id"},
		{name: "charge get id .", call: getCharge("."), wantParam: "id"},
		{name: "charge get id of 256 bytes", call: getCharge(strings.Repeat("a", 256)), wantParam: "id"},
		{name: "customer delete id ..", call: func(ctx context.Context, c clients) error { _, err := c.customers.Delete(ctx, ".."); return err }, wantParam: "id"},
		{name: "customer update empty id", call: func(ctx context.Context, c clients) error {
			_, err := c.customers.Update(ctx, "", &customer.UpdateParams{Name: pay.String("x")})
			return err
		}, wantParam: "id"},

		// Amounts.
		{name: "amount 0", call: createCharge(func(p *charge.CreateParams) { p.Amount = 0 }), wantParam: "amount"},
		{name: "amount negative", call: createCharge(func(p *charge.CreateParams) { p.Amount = -1 }), wantParam: "amount"},
		{name: "amount over 99999999", call: createCharge(func(p *charge.CreateParams) { p.Amount = 100_000_000 }), wantParam: "amount"},
		{name: "application fee negative", call: createCharge(func(p *charge.CreateParams) { p.ApplicationFeeAmount = pay.Int64(-1) }), wantParam: "application_fee_amount"},
		{name: "capture amount over the maximum", call: func(ctx context.Context, c clients) error {
			_, err := c.charges.Capture(ctx, "ch_1", &charge.CaptureParams{Amount: 100_000_000})
			return err
		}, wantParam: "amount"},
		{name: "refund amount negative", call: func(ctx context.Context, c clients) error {
			_, err := c.refunds.Create(ctx, &refund.CreateParams{Charge: "ch_1", Amount: -5})
			return err
		}, wantParam: "amount"},

		// Currencies.
		{name: "currency empty", call: createCharge(func(p *charge.CreateParams) { p.Currency = "" }), wantParam: "currency"},
		{name: "currency upper case", call: createCharge(func(p *charge.CreateParams) { p.Currency = "USD" }), wantParam: "currency"},
		{name: "currency of four letters", call: createCharge(func(p *charge.CreateParams) { p.Currency = "usdd" }), wantParam: "currency"},
		{name: "currency of two letters", call: createCharge(func(p *charge.CreateParams) { p.Currency = "us" }), wantParam: "currency"},
		{name: "currency not ASCII", call: createCharge(func(p *charge.CreateParams) { p.Currency = "€ur" }), wantParam: "currency"},

		// Metadata, the API's documented limits.
		{name: "metadata key with [", call: createCharge(func(p *charge.CreateParams) { p.Metadata = pay.Metadata{"a[b": "v"} }), wantParam: "metadata"},
		{name: "metadata key with ]", call: createCharge(func(p *charge.CreateParams) { p.Metadata = pay.Metadata{"a]": "v"} }), wantParam: "metadata"},
		{name: "metadata key empty", call: createCharge(func(p *charge.CreateParams) { p.Metadata = pay.Metadata{"": "v"} }), wantParam: "metadata"},
		{name: "metadata key of 41 characters", call: createCharge(func(p *charge.CreateParams) { p.Metadata = pay.Metadata{long41: "v"} }), wantParam: "metadata"},
		{name: "metadata of 51 keys", call: createCharge(func(p *charge.CreateParams) { p.Metadata = manyKeys(51) }), wantParam: "metadata"},
		{name: "metadata value of 501 characters", call: createCharge(func(p *charge.CreateParams) { p.Metadata = pay.Metadata{"k": value501} }), wantParam: "metadata[k]"},
		{name: "charge update metadata key with [", call: func(ctx context.Context, c clients) error {
			_, err := c.charges.Update(ctx, "ch_1", &charge.UpdateParams{Metadata: pay.Metadata{"x[": "v"}})
			return err
		}, wantParam: "metadata"},
		{name: "customer create metadata of 51 keys", call: func(ctx context.Context, c clients) error {
			_, err := c.customers.Create(ctx, &customer.CreateParams{Metadata: manyKeys(51)})
			return err
		}, wantParam: "metadata"},
		{name: "customer update metadata value too long", call: func(ctx context.Context, c clients) error {
			_, err := c.customers.Update(ctx, "cus_1", &customer.UpdateParams{Metadata: pay.Metadata{"k": value501}})
			return err
		}, wantParam: "metadata[k]"},
		{name: "refund create metadata key empty", call: func(ctx context.Context, c clients) error {
			_, err := c.refunds.Create(ctx, &refund.CreateParams{Charge: "ch_1", Metadata: pay.Metadata{"": "v"}})
			return err
		}, wantParam: "metadata"},
		{name: "refund update metadata key of 41 characters", call: func(ctx context.Context, c clients) error {
			_, err := c.refunds.Update(ctx, "re_1", &refund.UpdateParams{Metadata: pay.Metadata{long41: "v"}})
			return err
		}, wantParam: "metadata"},

		// Pagination.
		{name: "charge list limit -1", call: func(ctx context.Context, c clients) error {
			return firstErr(c.charges.List(ctx, &charge.ListParams{ListParams: pay.ListParams{Limit: -1}}))
		}, wantParam: "limit"},
		{name: "customer list limit 101", call: func(ctx context.Context, c clients) error {
			return firstErr(c.customers.List(ctx, &customer.ListParams{ListParams: pay.ListParams{Limit: 101}}))
		}, wantParam: "limit"},
		{name: "refund list page limit 1000", call: func(ctx context.Context, c clients) error {
			_, err := c.refunds.ListPage(ctx, &refund.ListParams{ListParams: pay.ListParams{Limit: 1000}})
			return err
		}, wantParam: "limit"},
		{name: "charge list page both cursors", call: func(ctx context.Context, c clients) error {
			_, err := c.charges.ListPage(ctx, &charge.ListParams{ListParams: pay.ListParams{StartingAfter: "ch_1", EndingBefore: "ch_9"}})
			return err
		}, wantParam: "ending_before"},
		{name: "customer list both cursors", call: func(ctx context.Context, c clients) error {
			return firstErr(c.customers.List(ctx, &customer.ListParams{ListParams: pay.ListParams{StartingAfter: "cus_1", EndingBefore: "cus_9"}}))
		}, wantParam: "ending_before"},

		// Other required params and per-call options.
		{name: "refund without a charge", call: func(ctx context.Context, c clients) error {
			_, err := c.refunds.Create(ctx, &refund.CreateParams{Amount: 100})
			return err
		}, wantParam: "charge"},
		{name: "shipping without a name", call: createCharge(func(p *charge.CreateParams) {
			p.Shipping = &pay.ShippingParams{Address: &pay.AddressParams{Line1: "1 Main St"}}
		}), wantParam: "shipping[name]"},
		{name: "idempotency key with a newline", call: func(ctx context.Context, c clients) error {
			_, err := c.charges.Create(ctx, validCharge(nil), pay.IdempotencyKey("order-1\r\nX-Evil: 1"))
			return err
		}, wantParam: "idempotency_key"},
		{name: "stripe account with a newline", call: func(ctx context.Context, c clients) error {
			_, err := c.customers.Get(ctx, "cus_1", pay.StripeAccount("acct_1\n"))
			return err
		}, wantParam: "stripe_account"},
	}
	require.GreaterOrEqual(t, len(tests), 30, "cases")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := noServer(t)
			k, base := key, srv.URL
			if tt.key != nil {
				k = *tt.key
			}
			if tt.baseURL != "" {
				base = tt.baseURL
			}
			call := tt.call
			if call == nil { // a config case: a call that would be valid
				call = createCharge(nil)
			}
			err := noPanic(t, func() error { return call(context.Background(), newClients(pay.NewClient(k, pay.WithBaseURL(base)))) })
			var pe *pay.Error
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, pay.ErrorTypeInvalidRequest, pe.Type)
			assert.Equal(t, tt.wantParam, pe.Param)
			assert.Zero(t, pe.StatusCode)
			assert.Zero(t, pe.Attempts)
			assert.NotEmpty(t, pe.Message)
			assert.Contains(t, err.Error(), "param="+tt.wantParam)
			if len(k) > 8 {
				assert.NotContains(t, err.Error(), k[8:], "the error shows the key")
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func getCharge(id string) func(context.Context, clients) error {
	return func(ctx context.Context, c clients) error { _, err := c.charges.Get(ctx, id); return err }
}

func createCharge(change func(*charge.CreateParams)) func(context.Context, clients) error {
	return func(ctx context.Context, c clients) error {
		_, err := c.charges.Create(ctx, validCharge(change))
		return err
	}
}

// noPanic runs f and turns a panic into a test failure.
func noPanic(t *testing.T, f func() error) (err error) {
	t.Helper()
	defer func() {
		p := recover()
		require.Nil(t, p, "panic: %v", p)
	}()
	return f()
}

// TestBadInput_NilPayClient calls every resource client made from a nil
// *pay.Client: an error, never a panic, nothing sent.
func TestBadInput_NilPayClient(t *testing.T) {
	ctx := context.Background()
	c := newClients(nil)
	calls := map[string]func() error{
		"charge create": func() error { _, err := c.charges.Create(ctx, validCharge(nil)); return err },
		"charge get":    func() error { _, err := c.charges.Get(ctx, "ch_1"); return err },
		"charge list":   func() error { return firstErr(c.charges.List(ctx, nil)) },
		"customer create": func() error {
			_, err := c.customers.Create(ctx, nil)
			return err
		},
		"customer get":    func() error { _, err := c.customers.Get(ctx, "cus_1"); return err },
		"customer delete": func() error { _, err := c.customers.Delete(ctx, "cus_1"); return err },
		"customer list":   func() error { return firstErr(c.customers.List(ctx, nil)) },
		"customer list page": func() error {
			_, err := c.customers.ListPage(ctx, nil)
			return err
		},
		"refund create": func() error { _, err := c.refunds.Create(ctx, &refund.CreateParams{Charge: "ch_1"}); return err },
		"refund list":   func() error { return firstErr(c.refunds.List(ctx, nil)) },
		"Do":            func() error { return (*pay.Client)(nil).Do(ctx, "GET", "/v1/charges", nil, nil) },
		// Resource clients that are themselves nil.
		"nil charge client":   func() error { _, err := (*charge.Client)(nil).Get(ctx, "ch_1"); return err },
		"nil customer client": func() error { _, err := (*customer.Client)(nil).Get(ctx, "cus_1"); return err },
		"nil customer client update": func() error {
			_, err := (*customer.Client)(nil).Update(ctx, "cus_1", nil)
			return err
		},
		"nil customer client list": func() error { return firstErr((*customer.Client)(nil).List(ctx, nil)) },
		"nil refund client":        func() error { _, err := (*refund.Client)(nil).Get(ctx, "re_1"); return err },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			err := noPanic(t, call)
			var pe *pay.Error
			require.ErrorAs(t, err, &pe)
			assert.Zero(t, pe.StatusCode)
			assert.Equal(t, pay.ErrorTypeInvalidRequest, pe.Type)
		})
	}
}

// TestBadInput_LimitBounds sends the limits the API accepts: 0 (the API's
// default, not sent), 1 and 100.
func TestBadInput_LimitBounds(t *testing.T) {
	for _, limit := range []int{0, 1, 100} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			var got []string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = append(got, r.URL.RawQuery)
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, `{"object":"list","url":"/v1/charges","has_more":false,"data":[]}`)
			}))
			defer srv.Close()
			c := newClients(pay.NewClient("sk_test_limit", pay.WithBaseURL(srv.URL)))
			_, err := c.charges.ListPage(context.Background(), &charge.ListParams{ListParams: pay.ListParams{Limit: limit}})
			require.NoError(t, err)
			want := ""
			if limit != 0 {
				want = fmt.Sprintf("limit=%d", limit)
			}
			assert.Equal(t, []string{want}, got)
		})
	}
}
