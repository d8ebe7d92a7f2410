package refund_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/apitest"
	"github.com/paykit/pay/refund"
)

func TestCancel_PostsToCancelAndDecodesRefund(t *testing.T) {
	c, mux := setup(t)
	n := apitest.Handle(t, mux, "/v1/refunds/re_1Nispe2eZvKYlo2Cd31jOCgZ/cancel", apitest.Request{
		Method: http.MethodPost, IdempotencyKey: "cancel-1",
	}, "refund.json")

	re, err := c.Cancel(context.Background(), "re_1Nispe2eZvKYlo2Cd31jOCgZ", pay.IdempotencyKey("cancel-1"))
	require.NoError(t, err)
	assert.EqualValues(t, 1, n.Load())
	assert.Equal(t, "re_1Nispe2eZvKYlo2Cd31jOCgZ", re.ID)
	assert.Equal(t, "refund", re.Object)
}

func TestCancel_ExpandIsSentInTheBody(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/refunds/re_1/cancel", apitest.Request{
		Method: http.MethodPost, Params: url.Values{"expand[0]": {"charge"}},
	}, "refund.json")
	_, err := c.Cancel(context.Background(), "re_1", pay.Expand("charge"))
	require.NoError(t, err)
}

func TestCancel_BadInputIsRefusedBeforeSending(t *testing.T) {
	ctx := context.Background()
	type C = *refund.Client
	apitest.WantBadInput(t, refund.NewClient, []apitest.BadInput[C]{
		{Name: "Cancel empty id", Call: func(c C) error { _, err := c.Cancel(ctx, ""); return err }, Param: "id"},
		{Name: "Cancel id with dots", Call: func(c C) error { _, err := c.Cancel(ctx, ".."); return err }, Param: "id"},
	})
}
