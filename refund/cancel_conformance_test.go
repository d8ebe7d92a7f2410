package refund_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
)

func TestConformance_Cancel(t *testing.T) {
	c, _, rec := stripeMock(t)
	re, err := c.Cancel(context.Background(), "re_123", pay.IdempotencyKey("conformance-cancel"), pay.Expand("charge"))
	require.NoError(t, err)
	checkMockRefund(t, "Cancel", re)
	walk.Report(t, "Cancel", "refund", rec.LastBody(), re)
	assert.Equal(t, []string{"expand[0]"}, rec.Sent("POST /v1/refunds/{id}/cancel"))
}
