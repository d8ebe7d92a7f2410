package setupintent

import (
	"context"
	"errors"
	"iter"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/api"
	"github.com/paykit/pay/internal/wire"
)

// Client saves payment methods for later through a *pay.Client. It is
// safe for concurrent use.
type Client struct {
	c *pay.Client
}

// NewClient returns a SetupIntent client that sends its calls through c.
func NewClient(c *pay.Client) *Client { return &Client{c: c} }

// The calls a user would put behind an interface to fake them in tests.
var _ interface {
	Create(context.Context, *CreateParams, ...pay.RequestOption) (*SetupIntent, error)
	Get(context.Context, string, ...pay.RequestOption) (*SetupIntent, error)
	Update(context.Context, string, *UpdateParams, ...pay.RequestOption) (*SetupIntent, error)
	Confirm(context.Context, string, *ConfirmParams, ...pay.RequestOption) (*SetupIntent, error)
	Cancel(context.Context, string, *CancelParams, ...pay.RequestOption) (*SetupIntent, error)
	List(context.Context, *ListParams, ...pay.RequestOption) iter.Seq2[*SetupIntent, error]
	ListPage(context.Context, *ListParams, ...pay.RequestOption) (*pay.Page[SetupIntent], error)
} = (*Client)(nil)

const basePath = "/v1/setup_intents"

// core returns the *pay.Client behind c, nil for a nil Client: every call
// then fails with a *pay.Error instead of panicking.
func (c *Client) core() *pay.Client {
	if c == nil {
		return nil
	}
	return c.c
}

// Create creates a SetupIntent, and with Confirm confirms it at once.
// POST /v1/setup_intents. A confirmation the bank refuses is a 402 card
// error whose SetupIntent [FromError] returns.
func (c *Client) Create(ctx context.Context, params *CreateParams, opts ...pay.RequestOption) (*SetupIntent, error) {
	return api.Post[SetupIntent](ctx, c.core(), api.Path(basePath), params, params.validate(), opts)
}

// Get retrieves a SetupIntent. GET /v1/setup_intents/{id}.
func (c *Client) Get(ctx context.Context, id string, opts ...pay.RequestOption) (*SetupIntent, error) {
	return api.Get[SetupIntent](ctx, c.core(), api.Path(basePath+"/{id}", id), opts)
}

// Update changes a SetupIntent before it is confirmed.
// POST /v1/setup_intents/{id}.
func (c *Client) Update(ctx context.Context, id string, params *UpdateParams, opts ...pay.RequestOption) (*SetupIntent, error) {
	return api.Post[SetupIntent](ctx, c.core(), api.Path(basePath+"/{id}", id), params, params.validate(), opts)
}

// Confirm confirms a SetupIntent: it succeeds, or moves to requires_action
// for the customer to authenticate (see NextAction), or fails with a 402
// card error whose SetupIntent [FromError] returns.
// POST /v1/setup_intents/{id}/confirm.
func (c *Client) Confirm(ctx context.Context, id string, params *ConfirmParams, opts ...pay.RequestOption) (*SetupIntent, error) {
	return api.Post[SetupIntent](ctx, c.core(), api.Path(basePath+"/{id}/confirm", id), params, params.validate(), opts)
}

// Cancel cancels a SetupIntent that has not succeeded.
// POST /v1/setup_intents/{id}/cancel.
func (c *Client) Cancel(ctx context.Context, id string, params *CancelParams, opts ...pay.RequestOption) (*SetupIntent, error) {
	return api.Post[SetupIntent](ctx, c.core(), api.Path(basePath+"/{id}/cancel", id), params, params.validate(), opts)
}

// List iterates over SetupIntents, newest first, fetching pages as the
// loop needs them: nothing is sent before the loop starts, and breaking
// out stops fetching. An error ends the loop. GET /v1/setup_intents.
func (c *Client) List(ctx context.Context, params *ListParams, opts ...pay.RequestOption) iter.Seq2[*SetupIntent, error] {
	return pay.List(ctx, c.core(), basePath, params, listCursor, opts...)
}

func listCursor(si *SetupIntent) string { return si.ID }

// ListPage fetches one page of SetupIntents. GET /v1/setup_intents.
func (c *Client) ListPage(ctx context.Context, params *ListParams, opts ...pay.RequestOption) (*pay.Page[SetupIntent], error) {
	return pay.GetPage[SetupIntent](ctx, c.core(), basePath, params, opts...)
}

// FromError returns the SetupIntent a failed call's error embeds (a
// confirmation the bank refused: status requires_payment_method, with
// LastSetupError), decoded without another request. ok is false when err
// is not a *pay.Error or embeds no SetupIntent object.
func FromError(err error) (si *SetupIntent, ok bool) {
	var pe *pay.Error
	if !errors.As(err, &pe) {
		return nil, false
	}
	raw := pe.Embedded("setup_intent")
	if raw == nil {
		return nil, false
	}
	si = new(SetupIntent)
	if wire.Unmarshal(raw, si) != nil || si.ID == "" {
		return nil, false
	}
	return si, true
}
