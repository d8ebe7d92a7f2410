package dispute

import (
	"context"
	"iter"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/api"
)

// Client answers disputes through a *pay.Client. It is safe for concurrent
// use.
type Client struct {
	c *pay.Client
}

// NewClient returns a dispute client that sends its calls through c.
func NewClient(c *pay.Client) *Client { return &Client{c: c} }

// The calls a user would put behind an interface to fake them in tests.
var _ interface {
	Get(context.Context, string, ...pay.RequestOption) (*Dispute, error)
	Update(context.Context, string, *UpdateParams, ...pay.RequestOption) (*Dispute, error)
	Submit(context.Context, string, *EvidenceParams, ...pay.RequestOption) (*Dispute, error)
	Close(context.Context, string, ...pay.RequestOption) (*Dispute, error)
	List(context.Context, *ListParams, ...pay.RequestOption) iter.Seq2[*Dispute, error]
	ListPage(context.Context, *ListParams, ...pay.RequestOption) (*pay.Page[Dispute], error)
} = (*Client)(nil)

const basePath = "/v1/disputes"

// core returns the *pay.Client behind c, nil for a nil Client: every call
// then fails with a *pay.Error instead of panicking.
func (c *Client) core() *pay.Client {
	if c == nil {
		return nil
	}
	return c.c
}

// Get retrieves a dispute (dp_... or du_...). pay.Expand("charge")
// expands its charge. GET /v1/disputes/{id}.
func (c *Client) Get(ctx context.Context, id string, opts ...pay.RequestOption) (*Dispute, error) {
	return api.Get[Dispute](ctx, c.core(), api.Path(basePath+"/{id}", id), opts)
}

// Update stages evidence and sets metadata; with params.Submit true it
// submits the evidence to the card issuer, after which it cannot change.
// POST /v1/disputes/{id}.
func (c *Client) Update(ctx context.Context, id string, params *UpdateParams, opts ...pay.RequestOption) (*Dispute, error) {
	return api.Post[Dispute](ctx, c.core(), api.Path(basePath+"/{id}", id), params, params.validate(), opts)
}

// Submit submits evidence (nil submits what is staged): Update with
// Submit true. The dispute moves to under_review, and the issuer decides.
// POST /v1/disputes/{id}.
func (c *Client) Submit(ctx context.Context, id string, evidence *EvidenceParams, opts ...pay.RequestOption) (*Dispute, error) {
	return c.Update(ctx, id, &UpdateParams{Evidence: evidence, Submit: pay.Bool(true)}, opts...)
}

// Close accepts the dispute as lost: nothing more can be submitted and the
// funds stay withdrawn. POST /v1/disputes/{id}/close.
func (c *Client) Close(ctx context.Context, id string, opts ...pay.RequestOption) (*Dispute, error) {
	return api.Post[Dispute](ctx, c.core(), api.Path(basePath+"/{id}/close", id), nil, nil, opts)
}

// List iterates over disputes, newest first, fetching pages as the loop
// needs them: nothing is sent before the loop starts, and breaking out
// stops fetching. Filters and options apply to every page; params is not
// modified. An error ends the loop. GET /v1/disputes.
func (c *Client) List(ctx context.Context, params *ListParams, opts ...pay.RequestOption) iter.Seq2[*Dispute, error] {
	return pay.List(ctx, c.core(), basePath, params, listCursor, opts...)
}

func listCursor(d *Dispute) string { return d.ID }

// ListPage fetches one page of disputes. GET /v1/disputes.
func (c *Client) ListPage(ctx context.Context, params *ListParams, opts ...pay.RequestOption) (*pay.Page[Dispute], error) {
	return pay.GetPage[Dispute](ctx, c.core(), basePath, params, opts...)
}
