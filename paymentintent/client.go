package paymentintent

import (
	"context"
	"iter"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/api"
)

// Client makes PaymentIntent calls through a *pay.Client. It is safe for
// concurrent use.
type Client struct {
	c *pay.Client
}

// NewClient returns a PaymentIntent client that sends its calls through c.
func NewClient(c *pay.Client) *Client { return &Client{c: c} }

// The calls a user would put behind an interface to fake them in tests.
var _ interface {
	Create(context.Context, *CreateParams, ...pay.RequestOption) (*PaymentIntent, error)
	Get(context.Context, string, ...pay.RequestOption) (*PaymentIntent, error)
	Update(context.Context, string, *UpdateParams, ...pay.RequestOption) (*PaymentIntent, error)
	Confirm(context.Context, string, *ConfirmParams, ...pay.RequestOption) (*PaymentIntent, error)
	Capture(context.Context, string, *CaptureParams, ...pay.RequestOption) (*PaymentIntent, error)
	Cancel(context.Context, string, *CancelParams, ...pay.RequestOption) (*PaymentIntent, error)
	List(context.Context, *ListParams, ...pay.RequestOption) iter.Seq2[*PaymentIntent, error]
	ListPage(context.Context, *ListParams, ...pay.RequestOption) (*pay.Page[PaymentIntent], error)
	Search(context.Context, *SearchParams, ...pay.RequestOption) iter.Seq2[*PaymentIntent, error]
	SearchPage(context.Context, *SearchParams, ...pay.RequestOption) (*pay.SearchPage[PaymentIntent], error)
} = (*Client)(nil)

const (
	basePath   = "/v1/payment_intents"
	searchPath = basePath + "/search"
)

// core returns the *pay.Client behind c, nil for a nil Client: every call
// then fails with a *pay.Error instead of panicking.
func (c *Client) core() *pay.Client {
	if c == nil {
		return nil
	}
	return c.c
}

// Create creates a PaymentIntent, and with Confirm confirms it at once.
// POST /v1/payment_intents.
//
// Pass pay.IdempotencyKey (an order id, say) so that a retried call never
// makes a second payment. A confirmation the card declines, or that needs
// authentication off session, is a 402 card error whose PaymentIntent
// [FromError] returns.
func (c *Client) Create(ctx context.Context, params *CreateParams, opts ...pay.RequestOption) (*PaymentIntent, error) {
	return api.Post[PaymentIntent](ctx, c.core(), api.Path(basePath), params, params.validate(), opts)
}

// Get retrieves a PaymentIntent. GET /v1/payment_intents/{id}.
func (c *Client) Get(ctx context.Context, id string, opts ...pay.RequestOption) (*PaymentIntent, error) {
	return api.Get[PaymentIntent](ctx, c.core(), api.Path(basePath+"/{id}", id), opts)
}

// Update changes a PaymentIntent before it is confirmed (its amount, its
// payment method, ...); nil params change nothing.
// POST /v1/payment_intents/{id}.
func (c *Client) Update(ctx context.Context, id string, params *UpdateParams, opts ...pay.RequestOption) (*PaymentIntent, error) {
	return api.Post[PaymentIntent](ctx, c.core(), api.Path(basePath+"/{id}", id), params, params.validate(), opts)
}

// Confirm confirms a PaymentIntent: the payment is attempted. It may end in
// succeeded, requires_capture, processing, or requires_action (the
// customer must authenticate: see NextAction); a decline is a 402 card
// error whose PaymentIntent [FromError] returns. nil params confirm with
// what the PaymentIntent has. POST /v1/payment_intents/{id}/confirm.
func (c *Client) Confirm(ctx context.Context, id string, params *ConfirmParams, opts ...pay.RequestOption) (*PaymentIntent, error) {
	return api.Post[PaymentIntent](ctx, c.core(), api.Path(basePath+"/{id}/confirm", id), params, params.validate(), opts)
}

// Capture captures an authorized PaymentIntent (status requires_capture);
// nil params capture the whole capturable amount.
// POST /v1/payment_intents/{id}/capture.
func (c *Client) Capture(ctx context.Context, id string, params *CaptureParams, opts ...pay.RequestOption) (*PaymentIntent, error) {
	return api.Post[PaymentIntent](ctx, c.core(), api.Path(basePath+"/{id}/capture", id), params, params.validate(), opts)
}

// Cancel cancels a PaymentIntent that has not succeeded, releasing an
// authorization; nil params give no reason.
// POST /v1/payment_intents/{id}/cancel.
func (c *Client) Cancel(ctx context.Context, id string, params *CancelParams, opts ...pay.RequestOption) (*PaymentIntent, error) {
	return api.Post[PaymentIntent](ctx, c.core(), api.Path(basePath+"/{id}/cancel", id), params, params.validate(), opts)
}

// List iterates over PaymentIntents, newest first, fetching pages as the
// loop needs them: nothing is sent before the loop starts, and breaking out
// stops fetching. Filters and options apply to every page; params is not
// modified. An error ends the loop. GET /v1/payment_intents.
func (c *Client) List(ctx context.Context, params *ListParams, opts ...pay.RequestOption) iter.Seq2[*PaymentIntent, error] {
	return pay.List(ctx, c.core(), basePath, params, listCursor, opts...)
}

func listCursor(pi *PaymentIntent) string { return pi.ID }

// ListPage fetches one page of PaymentIntents. GET /v1/payment_intents.
func (c *Client) ListPage(ctx context.Context, params *ListParams, opts ...pay.RequestOption) (*pay.Page[PaymentIntent], error) {
	return pay.GetPage[PaymentIntent](ctx, c.core(), basePath, params, opts...)
}

// Search returns an iterator over the PaymentIntents matching
// params.Query, following next_page as the loop needs more: nothing is
// sent until the loop starts, breaking out stops fetching, one page is
// held at a time and params is not modified. A missing query is an error
// before anything is sent. GET /v1/payment_intents/search.
func (c *Client) Search(ctx context.Context, params *SearchParams, opts ...pay.RequestOption) iter.Seq2[*PaymentIntent, error] {
	return pay.Search[PaymentIntent](ctx, c.core(), searchPath, params, opts...)
}

// SearchPage fetches one page of the PaymentIntents matching params.Query;
// its NextPage is the Page of the next call.
// GET /v1/payment_intents/search.
func (c *Client) SearchPage(ctx context.Context, params *SearchParams, opts ...pay.RequestOption) (*pay.SearchPage[PaymentIntent], error) {
	return pay.GetSearchPage[PaymentIntent](ctx, c.core(), searchPath, params, opts...)
}
