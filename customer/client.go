package customer

import (
	"context"
	"iter"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/api"
)

const basePath = "/v1/customers"

// Client calls the customer endpoints. It is safe for concurrent use.
type Client struct {
	c *pay.Client
}

// NewClient returns a customer client that sends its requests through c.
func NewClient(c *pay.Client) *Client { return &Client{c: c} }

var _ interface {
	Create(context.Context, *CreateParams, ...pay.RequestOption) (*Customer, error)
	Get(context.Context, string, ...pay.RequestOption) (*Customer, error)
	Update(context.Context, string, *UpdateParams, ...pay.RequestOption) (*Customer, error)
	Delete(context.Context, string, ...pay.RequestOption) (*Customer, error)
	List(context.Context, *ListParams, ...pay.RequestOption) iter.Seq2[*Customer, error]
	ListPage(context.Context, *ListParams, ...pay.RequestOption) (*pay.Page[Customer], error)
} = (*Client)(nil)

// Create creates a customer. POST /v1/customers.
//
// Every param is optional, and params may be nil. To save a card for later
// charges, set Source to the card's token.
func (c *Client) Create(ctx context.Context, params *CreateParams, opts ...pay.RequestOption) (*Customer, error) {
	return api.Post[Customer](ctx, c.core(), api.Path(basePath), params, params.validate(), opts)
}

// Get retrieves a customer. GET /v1/customers/{id}.
//
// A deleted customer is returned with Deleted set, not as an error.
func (c *Client) Get(ctx context.Context, id string, opts ...pay.RequestOption) (*Customer, error) {
	return api.Get[Customer](ctx, c.core(), api.Path(basePath+"/{id}", id), opts)
}

// Update updates a customer: nil fields of params are left unchanged, and
// nil params change nothing. POST /v1/customers/{id}.
func (c *Client) Update(ctx context.Context, id string, params *UpdateParams, opts ...pay.RequestOption) (*Customer, error) {
	return api.Post[Customer](ctx, c.core(), api.Path(basePath+"/{id}", id), params, params.validate(), opts)
}

// Delete permanently deletes a customer and cancels their subscriptions. It
// returns the deleted customer, with Deleted set and only ID and Object
// known. DELETE /v1/customers/{id}.
func (c *Client) Delete(ctx context.Context, id string, opts ...pay.RequestOption) (*Customer, error) {
	return api.Delete[Customer](ctx, c.core(), api.Path(basePath+"/{id}", id), opts)
}

// List returns an iterator over the customers matching params (which may be
// nil), newest first, fetching pages as the loop needs them. GET /v1/customers.
//
// Nothing is sent until the loop starts; every page keeps the filters and
// options; params is not modified. With EndingBefore set it walks backwards,
// towards newer customers. An error ends the loop.
func (c *Client) List(ctx context.Context, params *ListParams, opts ...pay.RequestOption) iter.Seq2[*Customer, error] {
	return pay.List(ctx, c.core(), basePath, params, listCursor, opts...)
}

// ListPage fetches one page of customers. GET /v1/customers.
func (c *Client) ListPage(ctx context.Context, params *ListParams, opts ...pay.RequestOption) (*pay.Page[Customer], error) {
	return pay.GetPage[Customer](ctx, c.core(), basePath, params, opts...)
}

func listCursor(c *Customer) string { return c.ID }

// core returns the *pay.Client behind c; nil for a nil Client, whose calls
// then fail with an error instead of panicking.
func (c *Client) core() *pay.Client {
	if c == nil {
		return nil
	}
	return c.c
}
