package pay

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"reflect"
	"slices"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/paykit/pay/form"
	"github.com/paykit/pay/internal/wire"
)

// ListParams are the pagination params embedded in every resource's list
// params.
type ListParams struct {
	// Limit is the page size, 1 to 100; 0 leaves it to the API (10).
	Limit int `url:"limit,omitempty"`
	// StartingAfter lists the objects after this id (older ones).
	StartingAfter string `url:"starting_after,omitempty"`
	// EndingBefore lists the objects before this id (newer ones); an
	// iterator then walks backwards, away from it.
	EndingBefore string `url:"ending_before,omitempty"`
}

// pagination has a value receiver so that list params passed by value, not
// only by pointer, are validated too.
func (p ListParams) pagination() ListParams { return p }

type paginated interface{ pagination() ListParams }

// validate rejects pagination params the API can never accept.
func (p *ListParams) validate() error {
	switch {
	case p.Limit < 0 || p.Limit > 100:
		return invalidParam("limit", "", fmt.Sprintf("limit must be between 1 and 100 (or 0 for the default), not %d", p.Limit))
	case p.StartingAfter != "" && p.EndingBefore != "":
		return invalidParam("ending_before", "", "starting_after and ending_before cannot both be set")
	}
	return nil
}

// RangeQuery filters a timestamp field by a range, in Unix seconds, sent as
// created[gte]=... . Zero bounds are not sent.
type RangeQuery struct {
	GT  int64 `url:"gt,omitempty"`
	GTE int64 `url:"gte,omitempty"`
	LT  int64 `url:"lt,omitempty"`
	LTE int64 `url:"lte,omitempty"`
}

// Page is one page of a list, decoded from the API's list object.
type Page[T any] struct {
	Data    []*T   `json:"data"`
	HasMore bool   `json:"has_more"`
	URL     string `json:"url"`
}

type plainPage[T any] Page[T]

// UnmarshalJSONFrom decodes a list object in the decoder's stream
// (encoding/json/v2), each item through its own type's decoding.
func (p *Page[T]) UnmarshalJSONFrom(d *jsontext.Decoder) error {
	return json.UnmarshalDecode(d, (*plainPage[T])(p))
}

// UnmarshalJSON decodes a list object (encoding/json), handing the bytes
// to encoding/json/v2 once, so a page of expandable objects is not scanned
// again for each of them.
func (p *Page[T]) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, p) }

// listValues validates and encodes list params once, for every page.
func listValues(params any) (listQuery, error) {
	var lp ListParams
	if p, ok := params.(paginated); ok && !isNilPointer(params) {
		lp = p.pagination()
	}
	if err := lp.validate(); err != nil {
		return listQuery{}, err
	}
	vals, err := form.Encode(params)
	if err != nil {
		return listQuery{}, err
	}
	return listQuery{vals: vals, backward: lp.EndingBefore != ""}, nil
}

type listQuery struct {
	vals     url.Values
	backward bool
}

func isNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// GetPage fetches one page of the list at path (GET). params is a resource's
// list params (embedding [ListParams]) or nil. It is the building block of
// the resource packages' ListPage calls.
func GetPage[T any](ctx context.Context, c *Client, path string, params any, opts ...RequestOption) (*Page[T], error) {
	q, err := listValues(params)
	if err != nil {
		return nil, err
	}
	page := new(Page[T])
	if err := c.Do(ctx, http.MethodGet, path, q.vals, page, opts...); err != nil {
		return nil, err
	}
	return page, nil
}

// List returns an iterator over every object of the list at path,
// fetching pages lazily: nothing is sent until the loop starts, breaking out
// stops fetching, and one page is held at a time. id returns an object's id,
// the cursor for the next page. Filters and options apply to every page, and
// params is never modified.
//
// With EndingBefore set it walks backwards, from the cursor towards newer
// objects. An error is yielded once, with a nil object, and ends the loop.
func List[T any](ctx context.Context, c *Client, path string, params any, id func(*T) string, opts ...RequestOption) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		q, err := listValues(params)
		if err != nil {
			yield(nil, err)
			return
		}
		vals := q.vals
		cursor := "starting_after"
		if q.backward {
			cursor = "ending_before"
		}
		// The cursors used so far: a page that ends where an earlier one
		// did (a proxy or cache ignoring the query, say) would otherwise
		// be fetched forever.
		seen := map[string]bool{vals.Get(cursor): true}
		for {
			var page Page[T]
			if err := c.Do(ctx, http.MethodGet, path, vals, &page, opts...); err != nil {
				yield(nil, err)
				return
			}
			if len(page.Data) == 0 {
				return
			}
			if q.backward {
				slices.Reverse(page.Data)
			}
			var last *T
			for i := len(page.Data) - 1; i >= 0 && last == nil; i-- {
				last = page.Data[i]
			}
			next := ""
			if page.HasMore && last != nil {
				// A page that ends where an earlier one did is a page
				// already yielded: stop before yielding it again.
				if next = id(last); next != "" && seen[next] {
					yield(nil, &Error{Type: ErrorTypeAPI, Message: "list page ended at the object where an earlier page did: the list is not advancing"})
					return
				}
			}
			for _, item := range page.Data {
				if item == nil {
					continue
				}
				if !yield(item, nil) {
					return
				}
			}
			if !page.HasMore || last == nil {
				return
			}
			if next == "" {
				yield(nil, &Error{Type: ErrorTypeAPI, Message: "list page ended with an object without an id; cannot fetch the next page"})
				return
			}
			seen[next] = true
			vals.Set(cursor, next)
		}
	}
}
