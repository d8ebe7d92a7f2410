package pay

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"

	"github.com/paykit/pay/form"
)

// SearchPage is one page of search results, decoded from the API's
// search_result object. NextPage is the cursor of the next page (the page
// param of the next search), empty on the last page.
type SearchPage[T any] struct {
	Data     []*T   `json:"data"`
	HasMore  bool   `json:"has_more"`
	NextPage string `json:"next_page"`
	URL      string `json:"url"`
	// TotalCount is the number of matches, when the API reports it (it
	// does when asked with pay.Expand("total_count")).
	TotalCount int64 `json:"total_count"`
}

// SearchParams are the params of every resource's search (charges,
// customers, PaymentIntents): each resource package's SearchParams is this
// type.
type SearchParams struct {
	// Query is the search, in the API's search query language, such as
	// status:'succeeded' AND metadata['order_id']:'6735'. Required.
	Query string `url:"query"`
	// Limit is the page size, 1 to 100; 0 leaves it to the API (10).
	Limit int `url:"limit,omitempty"`
	// Page is the cursor of the page to fetch: a previous page's NextPage.
	// Empty fetches the first page.
	Page string `url:"page,omitempty"`
}

// validate rejects a search the API can never accept: no query, or a
// limit out of range.
func (p *SearchParams) validate() error {
	switch {
	case p == nil:
		return invalidParam("query", ErrorCodeParameterMissing, "a search needs a query: pass SearchParams with Query set")
	case p.Query == "":
		return invalidParam("query", ErrorCodeParameterMissing, "a search needs a query, such as status:'succeeded'")
	case p.Limit < 0 || p.Limit > 100:
		return invalidParam("limit", "", fmt.Sprintf("limit must be between 1 and 100 (or 0 for the default), not %d", p.Limit))
	}
	return nil
}

// searchValues validates and encodes search params once, for every page.
func searchValues(p *SearchParams) (url.Values, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	return form.Encode(p)
}

// GetSearchPage fetches one page of the search at path (GET). params.Query
// is required. It is the building block
// of the resource packages' SearchPage calls.
func GetSearchPage[T any](ctx context.Context, c *Client, path string, params *SearchParams, opts ...RequestOption) (*SearchPage[T], error) {
	vals, err := searchValues(params)
	if err != nil {
		return nil, err
	}
	page := new(SearchPage[T])
	if err := c.Do(ctx, http.MethodGet, path, vals, page, opts...); err != nil {
		return nil, err
	}
	return page, nil
}

// Search returns an iterator over every result of the search at path,
// following next_page with the guarantees of [List]: nothing is sent
// until the loop starts, breaking out stops fetching, one page is held at a
// time, params is never modified, and a page whose cursor repeats an
// earlier one ends the loop with an error instead of looping forever.
func Search[T any](ctx context.Context, c *Client, path string, params *SearchParams, opts ...RequestOption) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		vals, err := searchValues(params)
		if err != nil {
			yield(nil, err)
			return
		}
		seen := map[string]bool{vals.Get("page"): true}
		for {
			var page SearchPage[T]
			if err := c.Do(ctx, http.MethodGet, path, vals, &page, opts...); err != nil {
				yield(nil, err)
				return
			}
			next := page.NextPage
			if page.HasMore && next != "" && seen[next] {
				yield(nil, &Error{Type: ErrorTypeAPI, Message: "search page's next_page repeats an earlier cursor: the search is not advancing"})
				return
			}
			for _, item := range page.Data {
				if item == nil {
					continue
				}
				if !yield(item, nil) {
					return
				}
			}
			if !page.HasMore || len(page.Data) == 0 {
				return
			}
			if next == "" {
				yield(nil, &Error{Type: ErrorTypeAPI, Message: "search page has more results but no next_page cursor"})
				return
			}
			seen[next] = true
			vals.Set("page", next)
		}
	}
}
