package refund

import (
	"context"
	"iter"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/api"
)

// Client makes refund calls through a *pay.Client. It is safe for
// concurrent use.
type Client struct {
	c *pay.Client
}

// NewClient returns a refund client that sends its calls through c.
func NewClient(c *pay.Client) *Client { return &Client{c: c} }

// The calls a user would put behind an interface to fake them in tests.
var _ interface {
	Create(context.Context, *CreateParams, ...pay.RequestOption) (*Refund, error)
	Get(context.Context, string, ...pay.RequestOption) (*Refund, error)
	Update(context.Context, string, *UpdateParams, ...pay.RequestOption) (*Refund, error)
	List(context.Context, *ListParams, ...pay.RequestOption) iter.Seq2[*Refund, error]
	ListPage(context.Context, *ListParams, ...pay.RequestOption) (*pay.Page[Refund], error)
} = (*Client)(nil)

const basePath = "/v1/refunds"

// core returns the *pay.Client behind c, nil for a nil Client: every call
// then fails with a *pay.Error instead of panicking.
func (c *Client) core() *pay.Client {
	if c == nil {
		return nil
	}
	return c.c
}

// Create refunds a charge, in full (Amount 0) or in part. POST /v1/refunds.
//
// Pass pay.IdempotencyKey so that a retried call never refunds twice.
func (c *Client) Create(ctx context.Context, params *CreateParams, opts ...pay.RequestOption) (*Refund, error) {
	return api.Post[Refund](ctx, c.core(), api.Path(basePath), params, params.validate(), opts)
}

// Get retrieves a refund. GET /v1/refunds/{id}.
func (c *Client) Get(ctx context.Context, id string, opts ...pay.RequestOption) (*Refund, error) {
	return api.Get[Refund](ctx, c.core(), api.Path(basePath+"/{id}", id), opts)
}

// Update changes a refund's metadata; nil params change nothing.
// POST /v1/refunds/{id}.
func (c *Client) Update(ctx context.Context, id string, params *UpdateParams, opts ...pay.RequestOption) (*Refund, error) {
	return api.Post[Refund](ctx, c.core(), api.Path(basePath+"/{id}", id), params, nil, opts)
}

// List iterates over refunds, newest first, fetching pages as the loop
// needs them: nothing is sent before the loop starts, and breaking out stops
// fetching. Filters and options apply to every page; params is not
// modified. An error ends the loop. GET /v1/refunds.
func (c *Client) List(ctx context.Context, params *ListParams, opts ...pay.RequestOption) iter.Seq2[*Refund, error] {
	return pay.List(ctx, c.core(), basePath, params, listCursor, opts...)
}

func listCursor(re *Refund) string { return re.ID }

// ListPage fetches one page of refunds. GET /v1/refunds.
func (c *Client) ListPage(ctx context.Context, params *ListParams, opts ...pay.RequestOption) (*pay.Page[Refund], error) {
	return pay.GetPage[Refund](ctx, c.core(), basePath, params, opts...)
}
