package balancetransaction

import (
	"context"
	"iter"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/api"
)

// Client reads balance transactions through a *pay.Client. It is safe for
// concurrent use.
type Client struct {
	c *pay.Client
}

// NewClient returns a balance transaction client that sends its calls
// through c.
func NewClient(c *pay.Client) *Client { return &Client{c: c} }

// The calls a user would put behind an interface to fake them in tests.
var _ interface {
	Get(context.Context, string, ...pay.RequestOption) (*BalanceTransaction, error)
	List(context.Context, *ListParams, ...pay.RequestOption) iter.Seq2[*BalanceTransaction, error]
	ListPage(context.Context, *ListParams, ...pay.RequestOption) (*pay.Page[BalanceTransaction], error)
} = (*Client)(nil)

const basePath = "/v1/balance_transactions"

// core returns the *pay.Client behind c, nil for a nil Client: every call
// then fails with a *pay.Error instead of panicking.
func (c *Client) core() *pay.Client {
	if c == nil {
		return nil
	}
	return c.c
}

// Get retrieves a balance transaction (txn_...). pay.Expand("source")
// expands the object that caused it; Source keeps its id and object type.
// GET /v1/balance_transactions/{id}.
func (c *Client) Get(ctx context.Context, id string, opts ...pay.RequestOption) (*BalanceTransaction, error) {
	return api.Get[BalanceTransaction](ctx, c.core(), api.Path(basePath+"/{id}", id), opts)
}

// List iterates over balance transactions, newest first, fetching pages as
// the loop needs them: nothing is sent before the loop starts, and breaking
// out stops fetching. Filters and options apply to every page; params is
// not modified. An error ends the loop. GET /v1/balance_transactions.
func (c *Client) List(ctx context.Context, params *ListParams, opts ...pay.RequestOption) iter.Seq2[*BalanceTransaction, error] {
	return pay.List(ctx, c.core(), basePath, params, listCursor, opts...)
}

func listCursor(bt *BalanceTransaction) string { return bt.ID }

// ListPage fetches one page of balance transactions.
// GET /v1/balance_transactions.
func (c *Client) ListPage(ctx context.Context, params *ListParams, opts ...pay.RequestOption) (*pay.Page[BalanceTransaction], error) {
	return pay.GetPage[BalanceTransaction](ctx, c.core(), basePath, params, opts...)
}
