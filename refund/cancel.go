package refund

import (
	"context"
	"net/http"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/check"
)

var _ interface {
	Cancel(context.Context, string, ...pay.RequestOption) (*Refund, error)
} = (*Client)(nil)

// Cancel cancels a refund that is waiting for the customer's action (status
// requires_action, as refunds of some payment methods are); a refund in
// another status cannot be canceled, and the API answers with a 400
// invalid_request_error. POST /v1/refunds/{id}/cancel.
func (c *Client) Cancel(ctx context.Context, id string, opts ...pay.RequestOption) (*Refund, error) {
	esc, err := check.ID(id)
	if err != nil {
		return nil, err
	}
	return pay.Call[Refund](ctx, c.core(), http.MethodPost, basePath+"/"+esc+"/cancel", nil, opts...)
}
