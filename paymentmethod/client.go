package paymentmethod

import (
	"context"
	"iter"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/api"
)

// Client makes payment method calls through a *pay.Client. It is safe for
// concurrent use.
type Client struct {
	c *pay.Client
}

// NewClient returns a payment method client that sends its calls through c.
func NewClient(c *pay.Client) *Client { return &Client{c: c} }

// The calls a user would put behind an interface to fake them in tests.
var _ interface {
	Create(context.Context, *CreateParams, ...pay.RequestOption) (*PaymentMethod, error)
	Get(context.Context, string, ...pay.RequestOption) (*PaymentMethod, error)
	Update(context.Context, string, *UpdateParams, ...pay.RequestOption) (*PaymentMethod, error)
	Attach(context.Context, string, *AttachParams, ...pay.RequestOption) (*PaymentMethod, error)
	Detach(context.Context, string, ...pay.RequestOption) (*PaymentMethod, error)
	List(context.Context, *ListParams, ...pay.RequestOption) iter.Seq2[*PaymentMethod, error]
	ListPage(context.Context, *ListParams, ...pay.RequestOption) (*pay.Page[PaymentMethod], error)
} = (*Client)(nil)

const basePath = "/v1/payment_methods"

// core returns the *pay.Client behind c, nil for a nil Client: every call
// then fails with a *pay.Error instead of panicking.
func (c *Client) core() *pay.Client {
	if c == nil {
		return nil
	}
	return c.c
}

// Create makes a payment method, such as a card from your checkout form's
// token (Type "card", Card.Token). POST /v1/payment_methods.
func (c *Client) Create(ctx context.Context, params *CreateParams, opts ...pay.RequestOption) (*PaymentMethod, error) {
	return api.Post[PaymentMethod](ctx, c.core(), api.Path(basePath), params, params.validate(), opts)
}

// Get retrieves a payment method. GET /v1/payment_methods/{id}.
func (c *Client) Get(ctx context.Context, id string, opts ...pay.RequestOption) (*PaymentMethod, error) {
	return api.Get[PaymentMethod](ctx, c.core(), api.Path(basePath+"/{id}", id), opts)
}

// Update changes a payment method's billing details, metadata, or a card's
// expiry; nil params change nothing. The payment method must be attached
// to a customer. POST /v1/payment_methods/{id}.
func (c *Client) Update(ctx context.Context, id string, params *UpdateParams, opts ...pay.RequestOption) (*PaymentMethod, error) {
	return api.Post[PaymentMethod](ctx, c.core(), api.Path(basePath+"/{id}", id), params, params.validate(), opts)
}

// Attach attaches a payment method to a customer, so that it can be
// charged again later. To save a card for off-session payments, set it up
// with a SetupIntent (or a PaymentIntent with setup_future_usage) instead:
// they attach it and authenticate it. POST /v1/payment_methods/{id}/attach.
func (c *Client) Attach(ctx context.Context, id string, params *AttachParams, opts ...pay.RequestOption) (*PaymentMethod, error) {
	return api.Post[PaymentMethod](ctx, c.core(), api.Path(basePath+"/{id}/attach", id), params, params.validate(), opts)
}

// Detach detaches a payment method from its customer; it can no longer be
// used. POST /v1/payment_methods/{id}/detach.
func (c *Client) Detach(ctx context.Context, id string, opts ...pay.RequestOption) (*PaymentMethod, error) {
	return api.Post[PaymentMethod](ctx, c.core(), api.Path(basePath+"/{id}/detach", id), nil, nil, opts)
}

// List iterates over payment methods, newest first, fetching pages as the
// loop needs them: nothing is sent before the loop starts, and breaking out
// stops fetching. Filters and options apply to every page; params is not
// modified. An error ends the loop. With params.Customer set it lists that
// customer's payment methods (GET /v1/customers/{customer}/payment_methods),
// otherwise the account's (GET /v1/payment_methods).
func (c *Client) List(ctx context.Context, params *ListParams, opts ...pay.RequestOption) iter.Seq2[*PaymentMethod, error] {
	path := listPath(params)
	if err := path.Err(); err != nil {
		return func(yield func(*PaymentMethod, error) bool) { yield(nil, err) }
	}
	return pay.List(ctx, c.core(), path.String(), params, listCursor, opts...)
}

func listCursor(pm *PaymentMethod) string { return pm.ID }

// ListPage fetches one page of payment methods: a customer's with
// params.Customer set (GET /v1/customers/{customer}/payment_methods), the
// account's otherwise (GET /v1/payment_methods).
func (c *Client) ListPage(ctx context.Context, params *ListParams, opts ...pay.RequestOption) (*pay.Page[PaymentMethod], error) {
	path := listPath(params)
	if err := path.Err(); err != nil {
		return nil, err
	}
	return pay.GetPage[PaymentMethod](ctx, c.core(), path.String(), params, opts...)
}

// listPath is the path List reads: the customer's payment methods when
// params name one (its id checked and escaped), the account's otherwise.
func listPath(params *ListParams) api.P {
	if params != nil && params.Customer != "" {
		return api.Path("/v1/customers/{customer}/payment_methods", params.Customer)
	}
	return api.Path(basePath)
}
