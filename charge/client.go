package charge

import (
	"context"
	"iter"
	"net/http"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/check"
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

// errNoClient is returned by a Client made without a *pay.Client.
func errNoClient() error {
	return &pay.Error{Type: pay.ErrorTypeInvalidRequest, Message: "charge: Client has no *pay.Client; create it with charge.NewClient(pay.NewClient(key))"}
}

func (c *Client) call(ctx context.Context, method, path string, params any, opts []pay.RequestOption) (*Charge, error) {
	if c == nil || c.c == nil {
		return nil, errNoClient()
	}
	ch := new(Charge)
	if err := c.c.Do(ctx, method, path, params, ch, opts...); err != nil {
		return nil, err
	}
	return ch, nil
}

// Create charges a card: a token from your checkout form in Source, or a
// saved Customer. POST /v1/charges.
//
// Pass pay.IdempotencyKey (an order id, say) so that a retried call never
// charges twice.
func (c *Client) Create(ctx context.Context, params *CreateParams, opts ...pay.RequestOption) (*Charge, error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return c.call(ctx, http.MethodPost, basePath, params, opts)
}

// Get retrieves a charge. GET /v1/charges/{id}.
func (c *Client) Get(ctx context.Context, id string, opts ...pay.RequestOption) (*Charge, error) {
	esc, err := check.ID(id)
	if err != nil {
		return nil, err
	}
	return c.call(ctx, http.MethodGet, basePath+"/"+esc, nil, opts)
}

// Update changes a charge's description, metadata, receipt email, shipping,
// fraud report, customer or transfer group. nil params change nothing.
// POST /v1/charges/{id}.
func (c *Client) Update(ctx context.Context, id string, params *UpdateParams, opts ...pay.RequestOption) (*Charge, error) {
	esc, err := check.ID(id)
	if err != nil {
		return nil, err
	}
	if err := params.validate(); err != nil {
		return nil, err
	}
	return c.call(ctx, http.MethodPost, basePath+"/"+esc, params, opts)
}

// Capture captures an uncaptured charge (one created with Capture false);
// nil params capture the whole amount. POST /v1/charges/{id}/capture.
func (c *Client) Capture(ctx context.Context, id string, params *CaptureParams, opts ...pay.RequestOption) (*Charge, error) {
	esc, err := check.ID(id)
	if err != nil {
		return nil, err
	}
	if err := params.validate(); err != nil {
		return nil, err
	}
	return c.call(ctx, http.MethodPost, basePath+"/"+esc+"/capture", params, opts)
}

// List iterates over charges, newest first, fetching pages as the loop
// needs them: nothing is sent before the loop starts, and breaking out stops
// fetching. Filters and options apply to every page; params is not
// modified. An error ends the loop. GET /v1/charges.
func (c *Client) List(ctx context.Context, params *ListParams, opts ...pay.RequestOption) iter.Seq2[*Charge, error] {
	if c == nil || c.c == nil {
		return func(yield func(*Charge, error) bool) { yield(nil, errNoClient()) }
	}
	return pay.Paginate(ctx, c.c, basePath, params, listCursor, opts...)
}

func listCursor(ch *Charge) string { return ch.ID }

// ListPage fetches one page of charges. GET /v1/charges.
func (c *Client) ListPage(ctx context.Context, params *ListParams, opts ...pay.RequestOption) (*pay.Page[Charge], error) {
	if c == nil || c.c == nil {
		return nil, errNoClient()
	}
	return pay.ListPage[Charge](ctx, c.c, basePath, params, opts...)
}
