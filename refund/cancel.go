package refund

import (
	"context"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/api"
)

var _ interface {
	Cancel(context.Context, string, ...pay.RequestOption) (*Refund, error)
} = (*Client)(nil)

// Cancel cancels a refund that is waiting for the customer's action (status
// requires_action, as refunds of some payment methods are); a refund in
// another status cannot be canceled, and the API answers with a 400
// invalid_request_error. POST /v1/refunds/{id}/cancel.
func (c *Client) Cancel(ctx context.Context, id string, opts ...pay.RequestOption) (*Refund, error) {
	return api.Post[Refund](ctx, c.core(), api.Path(basePath+"/{id}/cancel", id), nil, nil, opts)
}
