package refund_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/paytest"
	"github.com/paykit/pay/refund"
)

// TestPaytest_CancelASucceededRefundIsThe400 cancels a card refund, which
// succeeds at once and so can no longer be canceled: the API's 400.
func TestPaytest_CancelASucceededRefundIsThe400(t *testing.T) {
	srv := paytest.NewServer()
	t.Cleanup(srv.Close)
	ctx := context.Background()
	ch, err := charge.NewClient(srv.Client()).Create(ctx, &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_visa"})
	require.NoError(t, err)
	refunds := refund.NewClient(srv.Client())
	re, err := refunds.Create(ctx, &refund.CreateParams{Charge: ch.ID, Amount: 500})
	require.NoError(t, err)
	require.Equal(t, refund.StatusSucceeded, re.Status)

	_, err = refunds.Cancel(ctx, re.ID, pay.IdempotencyKey("cancel-"+re.ID))
	var pe *pay.Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, 400, pe.StatusCode)
	assert.Equal(t, pay.ErrorTypeInvalidRequest, pe.Type)
	assert.Contains(t, pe.Message, "requires_action")

	_, err = refunds.Cancel(ctx, "re_doesnotexist")
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, 404, pe.StatusCode)
}
