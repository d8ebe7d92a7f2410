package charge

import (
	"context"
	"iter"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/api"
)

// Client makes charge calls through a *pay.Client. It is safe for
// concurrent use.
type Client struct {
	c *pay.Client
}

// NewClient returns a charge client that sends its calls through c.
func NewClient(c *pay.Client) *Client { return &Client{c: c} }

// The calls a user would put behind an interface to fake them in tests.
var (
	_ interface {
		Create(context.Context, *CreateParams, ...pay.RequestOption) (*Charge, error)
		Get(context.Context, string, ...pay.RequestOption) (*Charge, error)
		Update(context.Context, string, *UpdateParams, ...pay.RequestOption) (*Charge, error)
		Capture(context.Context, string, *CaptureParams, ...pay.RequestOption) (*Charge, error)
		List(context.Context, *ListParams, ...pay.RequestOption) iter.Seq2[*Charge, error]
		ListPage(context.Context, *ListParams, ...pay.RequestOption) (*pay.Page[Charge], error)
	} = (*Client)(nil)
)

const basePath = "/v1/charges"

// core returns the *pay.Client behind c, nil for a nil Client: every call
// then fails with a *pay.Error instead of panicking.
func (c *Client) core() *pay.Client {
	if c == nil {
		return nil
	}
	return c.c
}

// Create charges a card: a token from your checkout form in Source, or a
// saved Customer. POST /v1/charges.
//
// Pass pay.IdempotencyKey (an order id, say) so that a retried call never
// charges twice.
func (c *Client) Create(ctx context.Context, params *CreateParams, opts ...pay.RequestOption) (*Charge, error) {
	return api.Post[Charge](ctx, c.core(), api.Path(basePath), params, params.validate(), opts)
}

// Get retrieves a charge. GET /v1/charges/{id}.
func (c *Client) Get(ctx context.Context, id string, opts ...pay.RequestOption) (*Charge, error) {
	return api.Get[Charge](ctx, c.core(), api.Path(basePath+"/{id}", id), opts)
}

// Update changes a charge's description, metadata, receipt email, shipping,
// fraud report, customer or transfer group. nil params change nothing.
// POST /v1/charges/{id}.
func (c *Client) Update(ctx context.Context, id string, params *UpdateParams, opts ...pay.RequestOption) (*Charge, error) {
	return api.Post[Charge](ctx, c.core(), api.Path(basePath+"/{id}", id), params, params.validate(), opts)
}

// Capture captures an uncaptured charge (one created with Capture false);
// nil params capture the whole amount. POST /v1/charges/{id}/capture.
func (c *Client) Capture(ctx context.Context, id string, params *CaptureParams, opts ...pay.RequestOption) (*Charge, error) {
	return api.Post[Charge](ctx, c.core(), api.Path(basePath+"/{id}/capture", id), params, params.validate(), opts)
}

// List iterates over charges, newest first, fetching pages as the loop
// needs them: nothing is sent before the loop starts, and breaking out stops
// fetching. Filters and options apply to every page; params is not
// modified. An error ends the loop. GET /v1/charges.
func (c *Client) List(ctx context.Context, params *ListParams, opts ...pay.RequestOption) iter.Seq2[*Charge, error] {
	return pay.List(ctx, c.core(), basePath, params, listCursor, opts...)
}

func listCursor(ch *Charge) string { return ch.ID }

// ListPage fetches one page of charges. GET /v1/charges.
func (c *Client) ListPage(ctx context.Context, params *ListParams, opts ...pay.RequestOption) (*pay.Page[Charge], error) {
	return pay.GetPage[Charge](ctx, c.core(), basePath, params, opts...)
}
