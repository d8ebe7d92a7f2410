package charge_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/internal/apitest"
)

// The list cases every resource shares (lazy pages, filters, break,
// ending_before, bad pagination, nil client) run from the table in
// internal/apitest; this one checks that a page's charges decode in full,
// expanded references included.
func TestListPage_DecodesEachCharge(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/charges", apitest.Request{Method: http.MethodGet, Params: url.Values{"limit": {"2"}, "customer": {"cus_NffrFeUfNV2Hib"}}}, "list_page1.json")
	page, err := c.ListPage(context.Background(), &charge.ListParams{ListParams: pay.ListParams{Limit: 2}, Customer: "cus_NffrFeUfNV2Hib"})
	require.NoError(t, err)
	assert.True(t, page.HasMore)
	assert.Equal(t, "/v1/charges", page.URL)
	require.Len(t, page.Data, 2)
	assert.Equal(t, "ch_3", page.Data[0].ID)
	assert.EqualValues(t, 3000, page.Data[0].Amount)
	require.NotNil(t, page.Data[0].Customer)
	assert.Equal(t, "cus_NffrFeUfNV2Hib", page.Data[0].Customer.ID)
	require.NotNil(t, page.Data[1].BalanceTransaction)
	assert.Equal(t, "txn_2", page.Data[1].BalanceTransaction.ID)
}
