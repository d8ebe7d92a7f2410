package charge_test

import (
	"context"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/internal/apitest"
)

const searchQuery = "status:'succeeded' AND metadata['order_id']:'6735'"

// serveSearch serves search_page1.json, or search_page2.json to a request
// with page=the first page's next_page, checking each request.
func serveSearch(t *testing.T, mux *http.ServeMux, want url.Values) func() int32 {
	var n atomic.Int32
	mux.HandleFunc("/v1/charges/search", func(w http.ResponseWriter, r *http.Request) {
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
	apitest.Handle(t, mux, "/v1/charges/search", apitest.Request{Method: http.MethodGet, Params: url.Values{
		"query": {searchQuery}, "limit": {"1"}, "page": {"WzE2OTk5OTk5OTld"}, "expand[0]": {"total_count"},
	}}, "search_page1.json")

	page, err := c.SearchPage(context.Background(), &charge.SearchParams{Query: searchQuery, Limit: 1, Page: "WzE2OTk5OTk5OTld"}, pay.Expand("total_count"))
	require.NoError(t, err)
	require.Len(t, page.Data, 1)
	assert.Equal(t, "ch_3MmlLrLkdIwHu7ix0snN0B15", page.Data[0].ID)
	assert.EqualValues(t, 1099, page.Data[0].Amount)
	assert.True(t, page.HasMore)
	assert.Equal(t, "WzE3MDAwMDAwMDBd", page.NextPage)
	assert.Equal(t, "/v1/charges/search", page.URL)
	assert.EqualValues(t, 2, page.TotalCount)
}

func TestSearch_FollowsNextPageLazily(t *testing.T) {
	c, mux := setup(t)
	count := serveSearch(t, mux, url.Values{"query": {searchQuery}})
	params := &charge.SearchParams{Query: searchQuery}

	seq := c.Search(context.Background(), params)
	assert.Zero(t, count(), "nothing is sent before the loop starts")
	var ids []string
	for ch, err := range seq {
		require.NoError(t, err)
		ids = append(ids, ch.ID)
	}
	assert.Equal(t, []string{"ch_3MmlLrLkdIwHu7ix0snN0B15", "ch_3MmlLrLkdIwHu7ix0snN0B1Z"}, ids)
	assert.EqualValues(t, 2, count())
	assert.Equal(t, charge.SearchParams{Query: searchQuery}, *params, "params are not modified")

	for _, err := range c.Search(context.Background(), params) {
		require.NoError(t, err)
		break
	}
	assert.EqualValues(t, 3, count(), "breaking out stops fetching")
}

func TestSearch_BadInputIsRefusedBeforeSending(t *testing.T) {
	ctx := context.Background()
	type C = *charge.Client
	first := func(c C, p *charge.SearchParams) error {
		for _, err := range c.Search(ctx, p) {
			return err
		}
		return nil
	}
	apitest.WantBadInput(t, charge.NewClient, []apitest.BadInput[C]{
		{Name: "Search nil params", Call: func(c C) error { return first(c, nil) }, Param: "query"},
		{Name: "Search empty query", Call: func(c C) error { return first(c, &charge.SearchParams{Limit: 5}) }, Param: "query"},
		{Name: "SearchPage nil params", Call: func(c C) error { _, err := c.SearchPage(ctx, nil); return err }, Param: "query"},
		{Name: "SearchPage empty query", Call: func(c C) error { _, err := c.SearchPage(ctx, &charge.SearchParams{Page: "x"}); return err }, Param: "query"},
		{Name: "SearchPage limit 101", Call: func(c C) error {
			_, err := c.SearchPage(ctx, &charge.SearchParams{Query: searchQuery, Limit: 101})
			return err
		}, Param: "limit"},
	})
}
