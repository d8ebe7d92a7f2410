package customer_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/internal/conformance"
)

func TestConformance_Search(t *testing.T) {
	c, _, rec := stripeMock(t)
	ctx := context.Background()
	page, err := c.SearchPage(ctx, &customer.SearchParams{
		Query: "email:'jenny@example.com' OR metadata['user_id']:'42'", Limit: 3, Page: "page_123",
	}, pay.Expand("data.default_source"))
	require.NoError(t, err)
	require.NotEmpty(t, page.Data)
	require.NotEmpty(t, page.Data[0].ID)
	walk.Report(t, "SearchPage", "search_result", rec.LastBody(), page)

	var got []*customer.Customer
	for cus, err := range c.Search(ctx, &customer.SearchParams{Query: "name:'Jenny Rosen'"}) {
		require.NoError(t, err)
		got = append(got, cus)
	}
	require.NotEmpty(t, got)
	walk.ReportList(t, "Search", rec.LastBody(), got)
	rec.WantEveryParamSent(t, conformance.Endpoint("GET", "/v1/customers/search"), customer.SearchParams{})
}
