package customer_test

import (
	"context"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/internal/apitest"
)

const searchQuery = "email:'jennyrosen@example.com' OR metadata['user_id']:'42'"

// serveSearch serves search_page1.json, or search_page2.json to a request
// with page=the first page's next_page, checking each request.
func serveSearch(t *testing.T, mux *http.ServeMux, want url.Values) func() int32 {
	var n atomic.Int32
	mux.HandleFunc("/v1/customers/search", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w2 := url.Values{}
		for k, v := range want {
			w2[k] = v
		}
		fixture := "search_page1.json"
		if r.URL.Query().Has("page") {
			w2.Set("page", "WzE3MDAwMDAwMDBd")
			fixture = "search_page2.json"
		}
		apitest.Check(t, r, apitest.Request{Method: http.MethodGet, Params: w2})
		apitest.ServeFixture(t, w, fixture)
	})
	return n.Load
}

func TestSearchPage_SendsQueryLimitPageAndDecodes(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/customers/search", apitest.Request{Method: http.MethodGet, Params: url.Values{
		"query": {searchQuery}, "limit": {"1"}, "page": {"WzE2OTk5OTk5OTld"}, "expand[0]": {"total_count"},
	}}, "search_page1.json")

	page, err := c.SearchPage(context.Background(), &customer.SearchParams{Query: searchQuery, Limit: 1, Page: "WzE2OTk5OTk5OTld"}, pay.Expand("total_count"))
	require.NoError(t, err)
	require.Len(t, page.Data, 1)
	assert.Equal(t, "cus_NffrFeUfNV2Hib", page.Data[0].ID)
	assert.True(t, page.HasMore)
	assert.Equal(t, "WzE3MDAwMDAwMDBd", page.NextPage)
	assert.Equal(t, "/v1/customers/search", page.URL)
	assert.EqualValues(t, 2, page.TotalCount)
}

func TestSearch_FollowsNextPageLazily(t *testing.T) {
	c, mux := setup(t)
	count := serveSearch(t, mux, url.Values{"query": {searchQuery}})
	params := &customer.SearchParams{Query: searchQuery}

	seq := c.Search(context.Background(), params)
	assert.Zero(t, count(), "nothing is sent before the loop starts")
	var ids []string
	for cus, err := range seq {
		require.NoError(t, err)
		ids = append(ids, cus.ID)
	}
	assert.Equal(t, []string{"cus_NffrFeUfNV2Hib", "cus_NffrFeUfNV2HiZ"}, ids)
	assert.EqualValues(t, 2, count())
	assert.Equal(t, customer.SearchParams{Query: searchQuery}, *params, "params are not modified")

	for _, err := range c.Search(context.Background(), params) {
		require.NoError(t, err)
		break
	}
	assert.EqualValues(t, 3, count(), "breaking out stops fetching")
}

func TestSearch_BadInputIsRefusedBeforeSending(t *testing.T) {
	ctx := context.Background()
	type C = *customer.Client
	first := func(c C, p *customer.SearchParams) error {
		for _, err := range c.Search(ctx, p) {
			return err
		}
		return nil
	}
	apitest.WantBadInput(t, customer.NewClient, []apitest.BadInput[C]{
		{Name: "Search nil params", Call: func(c C) error { return first(c, nil) }, Param: "query"},
		{Name: "Search empty query", Call: func(c C) error { return first(c, &customer.SearchParams{Limit: 5}) }, Param: "query"},
		{Name: "SearchPage nil params", Call: func(c C) error { _, err := c.SearchPage(ctx, nil); return err }, Param: "query"},
		{Name: "SearchPage empty query", Call: func(c C) error { _, err := c.SearchPage(ctx, &customer.SearchParams{Page: "x"}); return err }, Param: "query"},
		{Name: "SearchPage limit 101", Call: func(c C) error {
			_, err := c.SearchPage(ctx, &customer.SearchParams{Query: searchQuery, Limit: 101})
			return err
		}, Param: "limit"},
	})
}
