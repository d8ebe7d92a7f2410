package charge

import (
	"context"
	"iter"

	"github.com/paykit/pay"
)

// The search calls a user would put behind an interface to fake them in
// tests.
var _ interface {
	Search(context.Context, *SearchParams, ...pay.RequestOption) iter.Seq2[*Charge, error]
	SearchPage(context.Context, *SearchParams, ...pay.RequestOption) (*pay.SearchPage[Charge], error)
} = (*Client)(nil)

const searchPath = basePath + "/search"

// SearchParams are the params of [Client.Search] and [Client.SearchPage]:
// Query (required), Limit and Page, validated before anything is sent.
type SearchParams = pay.SearchParams

// Search returns an iterator over the charges matching params.Query,
// following next_page as the loop needs more: nothing is sent until the
// loop starts, breaking out stops fetching, one page is held at a time and
// params is not modified. A missing query is an error before anything is
// sent. Results may lag new charges by a few seconds (not in paytest).
// GET /v1/charges/search.
func (c *Client) Search(ctx context.Context, params *SearchParams, opts ...pay.RequestOption) iter.Seq2[*Charge, error] {
	return pay.Search[Charge](ctx, c.core(), searchPath, params, opts...)
}

// SearchPage fetches one page of the charges matching params.Query; its
// NextPage is the Page of the next call. GET /v1/charges/search.
func (c *Client) SearchPage(ctx context.Context, params *SearchParams, opts ...pay.RequestOption) (*pay.SearchPage[Charge], error) {
	return pay.GetSearchPage[Charge](ctx, c.core(), searchPath, params, opts...)
}
