package event

import (
	"context"
	"iter"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/api"
	"github.com/paykit/pay/webhook"
)

// Client reads events through a *pay.Client. It is safe for concurrent
// use.
type Client struct {
	c *pay.Client
}

// NewClient returns an event client that sends its calls through c.
func NewClient(c *pay.Client) *Client { return &Client{c: c} }

// The calls a user would put behind an interface to fake them in tests.
var _ interface {
	Get(context.Context, string, ...pay.RequestOption) (*webhook.Event, error)
	List(context.Context, *ListParams, ...pay.RequestOption) iter.Seq2[*webhook.Event, error]
	ListPage(context.Context, *ListParams, ...pay.RequestOption) (*pay.Page[webhook.Event], error)
} = (*Client)(nil)

const basePath = "/v1/events"

// core returns the *pay.Client behind c, nil for a nil Client: every call
// then fails with a *pay.Error instead of panicking.
func (c *Client) core() *pay.Client {
	if c == nil {
		return nil
	}
	return c.c
}

// Get retrieves an event (evt_...) of the last 30 days.
// GET /v1/events/{id}.
func (c *Client) Get(ctx context.Context, id string, opts ...pay.RequestOption) (*webhook.Event, error) {
	return api.Get[webhook.Event](ctx, c.core(), api.Path(basePath+"/{id}", id), opts)
}

// List iterates over events, newest first, fetching pages as the loop
// needs them: nothing is sent before the loop starts, and breaking out
// stops fetching. Filters and options apply to every page; params is not
// modified. An error (bad params included) is yielded once and ends the
// loop. GET /v1/events.
func (c *Client) List(ctx context.Context, params *ListParams, opts ...pay.RequestOption) iter.Seq2[*webhook.Event, error] {
	if err := params.validate(); err != nil {
		return func(yield func(*webhook.Event, error) bool) { yield(nil, err) }
	}
	return pay.List(ctx, c.core(), basePath, params, listCursor, opts...)
}

func listCursor(ev *webhook.Event) string { return ev.ID }

// ListPage fetches one page of events. GET /v1/events.
func (c *Client) ListPage(ctx context.Context, params *ListParams, opts ...pay.RequestOption) (*pay.Page[webhook.Event], error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return pay.GetPage[webhook.Event](ctx, c.core(), basePath, params, opts...)
}
