package charge_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/paytest"
)

// TestPaytest_SearchByMetadataAndStatus finds charges by what the caller
// knows (an order id in metadata, the status) on paytest, across pages.
func TestPaytest_SearchByMetadataAndStatus(t *testing.T) {
	srv := paytest.NewServer()
	t.Cleanup(srv.Close)
	ctx := context.Background()
	charges := charge.NewClient(srv.Client())
	for _, tc := range []struct{ order, token string }{
		{"6735", "tok_visa"}, {"6735", "tok_chargeDeclined"}, {"6736", "tok_visa"}, {"6735", "tok_mastercard"},
	} {
		_, _ = charges.Create(ctx, &charge.CreateParams{Amount: 2000, Currency: "usd", Source: tc.token, Metadata: pay.Metadata{"order_id": tc.order}})
	}

	var got []*charge.Charge
	for ch, err := range charges.Search(ctx, &charge.SearchParams{Query: "metadata['order_id']:'6735' AND status:'succeeded'", Limit: 1}) {
		require.NoError(t, err)
		got = append(got, ch)
	}
	require.Len(t, got, 2, "two succeeded charges of order 6735, one page each")
	for _, ch := range got {
		assert.Equal(t, "6735", ch.Metadata["order_id"])
		assert.Equal(t, charge.StatusSucceeded, ch.Status)
	}

	page, err := charges.SearchPage(ctx, &charge.SearchParams{Query: "status:'failed'"})
	require.NoError(t, err)
	require.Len(t, page.Data, 1)
	assert.Equal(t, charge.StatusFailed, page.Data[0].Status)
	assert.False(t, page.HasMore)
	assert.Equal(t, "/v1/charges/search", page.URL)

	var pe *pay.Error
	_, err = charges.SearchPage(ctx, &charge.SearchParams{Query: "status:"})
	require.ErrorAs(t, err, &pe, "a malformed query is the API's 400")
	assert.Equal(t, 400, pe.StatusCode)
}
