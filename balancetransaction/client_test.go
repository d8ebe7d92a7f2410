package balancetransaction_test

import (
	"context"
	"errors"
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

func TestGet_IDIsEscaped(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/balance_transactions/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "/v1/balance_transactions/txn_1%2Fpayouts", r.URL.EscapedPath())
		apitest.ServeFixture(t, w, "balance_transaction.json")
	})
	_, err := c.Get(context.Background(), "txn_1/payouts")
	require.NoError(t, err)
}

func TestList_FetchesPagesLazilyKeepingFilters(t *testing.T) {
	c, mux := setup(t)
	n := apitest.ServePages(t, mux, "/v1/balance_transactions", url.Values{
		"type":         {"charge"},
		"source":       {"ch_1"},
		"payout":       {"po_1"},
		"currency":     {"usd"},
		"created[gte]": {"1721900000"},
		"created[lt]":  {"1722000000"},
		"limit":        {"2"},
		"expand[0]":    {"data.source"},
	}, "txn_2")
	params := &balancetransaction.ListParams{
		ListParams: pay.ListParams{Limit: 2},
		Type:       balancetransaction.TypeCharge,
		Source:     "ch_1",
		Payout:     "po_1",
		Currency:   "usd",
		Created:    &pay.RangeQuery{GTE: 1721900000, LT: 1722000000},
	}
	before, beforeCreated := *params, *params.Created
	seq := c.List(context.Background(), params, pay.Expand("data.source"))
	assert.EqualValues(t, 0, n.Load(), "requests before the loop")
	var ids []string
	var fetched []int32
	for bt, err := range seq {
		require.NoError(t, err)
		ids = append(ids, bt.ID)
		fetched = append(fetched, n.Load())
	}
	assert.Equal(t, []string{"txn_3", "txn_2", "txn_1"}, ids)
	assert.Equal(t, []int32{1, 1, 2}, fetched, "requests made when each item was yielded")
	assert.Equal(t, before, *params)
	assert.Equal(t, beforeCreated, *params.Created)
}

func TestList_BreakStopsFetching(t *testing.T) {
	c, mux := setup(t)
	n := apitest.ServePages(t, mux, "/v1/balance_transactions", url.Values{}, "txn_2")
	for bt, err := range c.List(context.Background(), nil) {
		require.NoError(t, err)
		assert.Equal(t, "txn_3", bt.ID)
		break
	}
	assert.EqualValues(t, 1, n.Load())
}

func TestList_ErrorEndsLoop(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/balance_transactions", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":{"type":"invalid_request_error","code":"resource_missing","param":"payout","message":"No such payout: 'po_gone'"}}`))
	})
	count := 0
	for bt, err := range c.List(context.Background(), &balancetransaction.ListParams{Payout: "po_gone"}) {
		count++
		assert.Nil(t, bt)
		var pe *pay.Error
		require.True(t, errors.As(err, &pe), "err = %v", err)
		assert.Equal(t, pay.ErrorCodeResourceMissing, pe.Code)
		assert.Equal(t, "payout", pe.Param)
		assert.Equal(t, 400, pe.StatusCode)
	}
	assert.Equal(t, 1, count)
}

func TestListPage_ReturnsOnePage(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/balance_transactions", apitest.Request{Method: http.MethodGet, Params: url.Values{
		"type": {"adjustment"}, "ending_before": {"txn_0"}, "created[lte]": {"1721948530"},
	}}, "list_page1.json")
	page, err := c.ListPage(context.Background(), &balancetransaction.ListParams{
		ListParams: pay.ListParams{EndingBefore: "txn_0"},
		Type:       balancetransaction.TypeAdjustment,
		Created:    &pay.RangeQuery{LTE: 1721948530},
	})
	require.NoError(t, err)
	assert.True(t, page.HasMore)
	assert.Equal(t, "/v1/balance_transactions", page.URL)
	require.Len(t, page.Data, 2)
	dp := page.Data[0]
	assert.Equal(t, "txn_3", dp.ID)
	assert.Equal(t, balancetransaction.ReportingCategoryDispute, dp.ReportingCategory)
	assert.Equal(t, int64(-3500), dp.Net)
	assert.Equal(t, dp.Amount-dp.Fee, dp.Net)
	assert.Equal(t, "dp_1", dp.Source.ID)
	assert.Equal(t, []balancetransaction.Fee{{Amount: 1500, Currency: "usd", Description: "Dispute fee", Type: "stripe_fee"}}, dp.FeeDetails)
	assert.Equal(t, balancetransaction.TypeRefund, page.Data[1].Type)
}

func TestNilClient_ReturnsErrorNotPanic(t *testing.T) {
	var c *balancetransaction.Client
	_, err := c.Get(context.Background(), "txn_1")
	assert.Error(t, err)
	for _, err := range balancetransaction.NewClient(nil).List(context.Background(), nil) {
		assert.Error(t, err)
	}
}
