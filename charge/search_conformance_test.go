package charge_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/internal/conformance"
)

func TestConformance_Search(t *testing.T) {
	c, _, rec := stripeMock(t)
	ctx := context.Background()
	page, err := c.SearchPage(ctx, &charge.SearchParams{
		Query: "status:'succeeded' AND metadata['order_id']:'6735'", Limit: 3, Page: "page_123",
	}, pay.Expand("data.customer"))
	require.NoError(t, err)
	require.NotEmpty(t, page.Data)
	for _, ch := range page.Data {
		checkCharge(t, "SearchPage", ch)
	}
	walk.Report(t, "SearchPage", "search_result", rec.LastBody(), page)

	var got []*charge.Charge
	for ch, err := range c.Search(ctx, &charge.SearchParams{Query: "amount>999"}) {
		require.NoError(t, err)
		got = append(got, ch)
	}
	require.NotEmpty(t, got)
	walk.ReportList(t, "Search", rec.LastBody(), got)
	rec.WantEveryParamSent(t, conformance.Endpoint("GET", "/v1/charges/search"), charge.SearchParams{})
	assert.Contains(t, rec.Sent(conformance.Endpoint("GET", "/v1/charges/search")), "expand[0]")
}
