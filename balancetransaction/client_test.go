package balancetransaction_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/balancetransaction"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/internal/apitest"
)

func TestGet_DecodesBalanceTransaction(t *testing.T) {
	c, mux := setup(t)
	calls := apitest.Handle(t, mux, "/v1/balance_transactions/txn_1PgaxNB7WZ01zgkWEV3TLf40",
		apitest.Request{Method: http.MethodGet}, "balance_transaction.json")
	bt, err := c.Get(context.Background(), "txn_1PgaxNB7WZ01zgkWEV3TLf40")
	require.NoError(t, err)
	assert.EqualValues(t, 1, calls.Load())
	assert.Equal(t, &balancetransaction.BalanceTransaction{
		ID:                "txn_1PgaxNB7WZ01zgkWEV3TLf40",
		Object:            "balance_transaction",
		Amount:            2000,
		AvailableOn:       1722211200,
		BalanceType:       "payments",
		Created:           1721948530,
		Currency:          "usd",
		Description:       "Order 6735",
		ExchangeRate:      0.92,
		Fee:               88,
		FeeDetails:        []balancetransaction.Fee{{Amount: 88, Currency: "usd", Description: "Stripe processing fees", Type: balancetransaction.FeeTypeStripeFee}},
		Net:               1912,
		ReportingCategory: balancetransaction.ReportingCategoryCharge,
		Source:            &pay.Reference{ID: "ch_1PgafuB7WZ01zgkWXYmPNZs8"},
		Status:            balancetransaction.StatusPending,
		Type:              balancetransaction.TypeCharge,
	}, bt)
}

func TestGet_ExpandedSourceKeepsIDAndObject(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/balance_transactions/txn_123",
		apitest.Request{Method: http.MethodGet, Params: url.Values{"expand[0]": {"source"}}}, "balance_transaction_expanded.json")
	bt, err := c.Get(context.Background(), "txn_123", pay.Expand("source"))
	require.NoError(t, err)
	assert.Equal(t, &pay.Reference{ID: "fee_1Pgc6zB7WZ01zgkWOMh2at1m", Object: "application_fee"}, bt.Source)
	assert.Equal(t, balancetransaction.StatusAvailable, bt.Status)
	assert.Equal(t, int64(100), bt.Net)
	assert.Empty(t, bt.FeeDetails)
}

// The type a charge's expanded balance transaction decodes into is the
// package's own: a reconciliation can compare them directly.
func TestBalanceTransaction_IsTheChargeType(t *testing.T) {
	var fromCharge *charge.BalanceTransaction = &balancetransaction.BalanceTransaction{ID: "txn_1"}
	var bt *balancetransaction.BalanceTransaction = fromCharge
	assert.Equal(t, "txn_1", bt.ID)
}

func TestBadInput_FailsBeforeSending(t *testing.T) {
	ctx := context.Background()
	apitest.WantBadInput(t, balancetransaction.NewClient, []apitest.BadInput[*balancetransaction.Client]{
		{Name: "get empty id", Call: func(c *balancetransaction.Client) error { _, err := c.Get(ctx, ""); return err }, Param: "id"},
		{Name: "get id with dots", Call: func(c *balancetransaction.Client) error { _, err := c.Get(ctx, ".."); return err }, Param: "id"},
		{Name: "list page negative limit", Call: func(c *balancetransaction.Client) error {
			_, err := c.ListPage(ctx, &balancetransaction.ListParams{ListParams: pay.ListParams{Limit: -1}})
			return err
		}, Param: "limit"},
		{Name: "list limit too large", Call: func(c *balancetransaction.Client) error {
			for _, err := range c.List(ctx, &balancetransaction.ListParams{ListParams: pay.ListParams{Limit: 101}}) {
				return err
			}
			return nil
		}, Param: "limit"},
	})
}
