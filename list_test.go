package pay

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type testListParams struct {
	ListParams
	Customer string      `url:"customer,omitempty"`
	Created  *RangeQuery `url:"created,omitempty"`
}

// listServer serves /v1/charges as the API does: n objects ch_1 (oldest) to
// ch_n (newest), newest first, with limit, starting_after and ending_before.
type listServer struct {
	t        *testing.T
	n        int
	failWhen func(q url.Values) bool // answer 400 when true
	mu       sync.Mutex
	requests []*http.Request
}

func (s *listServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

func (s *listServer) queries() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []url.Values
	for _, r := range s.requests {
		out = append(out, r.URL.Query())
	}
	return out
}

func idNum(t *testing.T, id string) int {
	n, err := strconv.Atoi(strings.TrimPrefix(id, "ch_"))
	assert.NoError(t, err, "bad cursor %q", id)
	return n
}

func (s *listServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r)
	s.mu.Unlock()
	assert.Equal(s.t, "GET", r.Method, "method")
	q := r.URL.Query()
	if s.failWhen != nil && s.failWhen(q) {
		writeJSON(w, 400, `{"error":{"type":"invalid_request_error","message":"page failed"}}`)
		return
	}
	limit := 10
	if l := q.Get("limit"); l != "" {
		limit, _ = strconv.Atoi(l)
	}
	var ids []int // newest first
	hasMore := false
	switch {
	case q.Get("ending_before") != "":
		eb := idNum(s.t, q.Get("ending_before"))
		for id := s.n; id > eb; id-- {
			ids = append(ids, id)
		}
		if len(ids) > limit {
			ids, hasMore = ids[len(ids)-limit:], true
		}
	default:
		from := s.n
		if sa := q.Get("starting_after"); sa != "" {
			from = idNum(s.t, sa) - 1
		}
		for id := from; id >= 1; id-- {
			ids = append(ids, id)
		}
		if len(ids) > limit {
			ids, hasMore = ids[:limit], true
		}
	}
	var data []string
	for _, id := range ids {
		data = append(data, fmt.Sprintf(`{"id":"ch_%d","amount":%d}`, id, id*100))
	}
	w.Header().Set("Request-Id", fmt.Sprintf("req_%d", len(s.requests)))
	writeJSON(w, 200, fmt.Sprintf(`{"object":"list","url":"/v1/charges","has_more":%t,"data":[%s]}`, hasMore, strings.Join(data, ",")))
}

func setupList(t *testing.T, n int) (*Client, *listServer) {
	c, mux := setup(t, WithMaxRetries(0))
	ls := &listServer{t: t, n: n}
	mux.Handle("/v1/charges", ls)
	return c, ls
}

func objectID(o *object) string { return o.ID }

func collect(t *testing.T, seq iter.Seq2[*object, error]) ([]string, []error) {
	t.Helper()
	var ids []string
	var errs []error
	for o, err := range seq {
		if err != nil {
			assert.Nil(t, o, "error %v came with an object", err)
			errs = append(errs, err)
			continue
		}
		ids = append(ids, o.ID)
	}
	return ids, errs
}

func TestList_Lazy(t *testing.T) {
	c, ls := setupList(t, 3)
	seq := List(context.Background(), c, "/v1/charges", &testListParams{}, objectID)
	require.Zero(t, ls.count(), "requests before the loop started")
	ids, errs := collect(t, seq)
	assert.Empty(t, errs)
	assert.Equal(t, "ch_3,ch_2,ch_1", strings.Join(ids, ","))
	assert.Equal(t, 1, ls.count(), "requests")
	// The iterator can run again, from the start.
	ids, _ = collect(t, seq)
	assert.Len(t, ids, 3, "second run")
	assert.Equal(t, 2, ls.count(), "second run: requests")
}

func TestList_FollowsCursorAndKeepsFiltersAndOptions(t *testing.T) {
	c, ls := setupList(t, 5)
	params := &testListParams{
		ListParams: ListParams{Limit: 2},
		Customer:   "cus_1",
		Created:    &RangeQuery{GTE: 1700000000},
	}
	before := *params
	beforeCreated := *params.Created
	var resp Response
	ids, errs := collect(t, List(context.Background(), c, "/v1/charges", params, objectID,
		Expand("data.customer"), StripeAccount("acct_1"), ResponseInto(&resp)))
	require.Empty(t, errs)
	assert.Equal(t, "ch_5,ch_4,ch_3,ch_2,ch_1", strings.Join(ids, ","), "ids")
	base := url.Values{"limit": {"2"}, "customer": {"cus_1"}, "created[gte]": {"1700000000"}, "expand[0]": {"data.customer"}}
	wantCursors := []string{"", "ch_4", "ch_2"}
	qs := ls.queries()
	require.Len(t, qs, len(wantCursors), "requests")
	for i, q := range qs {
		want := url.Values{}
		for k, v := range base {
			want[k] = v
		}
		if wantCursors[i] != "" {
			want.Set("starting_after", wantCursors[i])
		}
		assert.Equal(t, want.Encode(), q.Encode(), "page %d query", i+1)
		assert.Equal(t, "acct_1", ls.requests[i].Header.Get("Stripe-Account"), "page %d Stripe-Account", i+1)
	}
	assert.Equal(t, before, *params, "params changed")
	assert.Equal(t, beforeCreated, *params.Created, "params.Created changed")
	assert.Same(t, before.Created, params.Created, "params.Created replaced")
	assert.True(t, resp.RequestID == "req_3" && resp.StatusCode == 200, "Response describes %+v, want the last page", resp)
}

func TestList_StartingAfterGiven(t *testing.T) {
	c, ls := setupList(t, 5)
	ids, _ := collect(t, List(context.Background(), c, "/v1/charges",
		&testListParams{ListParams: ListParams{Limit: 2, StartingAfter: "ch_4"}}, objectID))
	assert.Equal(t, "ch_3,ch_2,ch_1", strings.Join(ids, ","), "ids")
	qs := ls.queries()
	assert.True(t, len(qs) == 2 && qs[0].Get("starting_after") == "ch_4" && qs[1].Get("starting_after") == "ch_2", "queries = %v", qs)
}

func TestList_BreakStopsFetching(t *testing.T) {
	for _, stopAfter := range []int{1, 2, 3} {
		t.Run(strconv.Itoa(stopAfter), func(t *testing.T) {
			c, ls := setupList(t, 10)
			n := 0
			for _, err := range List(context.Background(), c, "/v1/charges", &testListParams{ListParams: ListParams{Limit: 2}}, objectID) {
				require.NoError(t, err)
				n++
				if n == stopAfter {
					break
				}
			}
			// Items 1 and 2 are on page 1, item 3 on page 2.
			assert.Equal(t, (stopAfter+1)/2, ls.count(), "requests after breaking at item %d", stopAfter)
		})
	}
}

func TestList_ErrorOnPageN(t *testing.T) {
	c, ls := setupList(t, 10)
	ls.failWhen = func(q url.Values) bool { return q.Get("starting_after") == "ch_8" }
	ids, errs := collect(t, List(context.Background(), c, "/v1/charges", &testListParams{ListParams: ListParams{Limit: 3}}, objectID))
	assert.Equal(t, "ch_10,ch_9,ch_8", strings.Join(ids, ","), "ids")
	require.Len(t, errs, 1, "want exactly 1 error")
	var pe *Error
	if assert.ErrorAs(t, errs[0], &pe) {
		assert.True(t, pe.StatusCode == 400 && pe.Message == "page failed", "err = %v", errs[0])
	}
	assert.Equal(t, 2, ls.count(), "requests (none after the failure)")
}

func TestList_EndingBeforeWalksBackwards(t *testing.T) {
	c, ls := setupList(t, 10)
	params := &testListParams{ListParams: ListParams{Limit: 2, EndingBefore: "ch_3"}}
	ids, errs := collect(t, List(context.Background(), c, "/v1/charges", params, objectID))
	require.Empty(t, errs)
	assert.Equal(t, "ch_4,ch_5,ch_6,ch_7,ch_8,ch_9,ch_10", strings.Join(ids, ","), "ids, oldest to newest from the cursor")
	var cursors []string
	for _, q := range ls.queries() {
		assert.False(t, q.Has("starting_after"), "backward walk sent starting_after: %v", q)
		cursors = append(cursors, q.Get("ending_before"))
	}
	assert.Equal(t, "ch_3,ch_5,ch_7,ch_9", strings.Join(cursors, ","), "ending_before cursors")
	assert.Equal(t, "ch_3", params.EndingBefore, "params changed: %+v", params)
}

func TestList_OtherParams(t *testing.T) {
	tests := []struct {
		name   string
		params any
		want   url.Values
	}{
		{"nil", nil, url.Values{}},
		{"nil pointer", (*testListParams)(nil), url.Values{}},
		{"url.Values", url.Values{"limit": {"2"}, "customer": {"cus_9"}}, url.Values{"limit": {"2"}, "customer": {"cus_9"}}},
		{"struct value", testListParams{ListParams: ListParams{Limit: 2}}, url.Values{"limit": {"2"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ls := setupList(t, 3)
			ids, errs := collect(t, List(context.Background(), c, "/v1/charges", tt.params, objectID))
			require.Empty(t, errs)
			require.Len(t, ids, 3)
			assert.Equal(t, tt.want.Encode(), ls.queries()[0].Encode(), "first query")
		})
	}
}

func TestList_StopsOnOddPages(t *testing.T) {
	t.Run("empty page with has_more", func(t *testing.T) {
		c, mux := setup(t)
		hits := 0
		mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
			hits++
			writeJSON(w, 200, `{"object":"list","has_more":true,"data":[]}`)
		})
		ids, errs := collect(t, List(context.Background(), c, "/v1/charges", nil, objectID))
		assert.Empty(t, ids)
		assert.Empty(t, errs)
		assert.Equal(t, 1, hits, "requests")
	})
	t.Run("object without id", func(t *testing.T) {
		c, mux := setup(t)
		hits := 0
		mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
			hits++
			writeJSON(w, 200, `{"object":"list","has_more":true,"data":[{"amount":1}]}`)
		})
		ids, errs := collect(t, List(context.Background(), c, "/v1/charges", nil, objectID))
		var pe *Error
		assert.Len(t, ids, 1)
		if assert.Len(t, errs, 1) {
			assert.ErrorAs(t, errs[0], &pe)
		}
		assert.Equal(t, 1, hits, "requests")
	})
	t.Run("null items are skipped", func(t *testing.T) {
		c, mux := setup(t)
		mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, `{"object":"list","has_more":false,"data":[null,{"id":"ch_1"},null]}`)
		})
		ids, errs := collect(t, List(context.Background(), c, "/v1/charges", nil, objectID))
		assert.Equal(t, "ch_1", strings.Join(ids, ","), "ids")
		assert.Empty(t, errs)
	})
}

func TestList_BadParams(t *testing.T) {
	tests := []struct {
		name      string
		params    any
		wantParam string
	}{
		{"limit negative", &testListParams{ListParams: ListParams{Limit: -1}}, "limit"},
		{"limit over 100", &testListParams{ListParams: ListParams{Limit: 101}}, "limit"},
		{"limit over 100 by value", testListParams{ListParams: ListParams{Limit: 101}}, "limit"},
		{"both cursors", &testListParams{ListParams: ListParams{StartingAfter: "ch_1", EndingBefore: "ch_2"}}, "ending_before"},
		{"bad metadata-like input", &struct {
			ListParams
			Metadata Metadata `url:"metadata"`
		}{Metadata: Metadata{"": "x"}}, "metadata"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ls := setupList(t, 3)
			check := func(err error) {
				t.Helper()
				var pe *Error
				if assert.ErrorAs(t, err, &pe) {
					assert.True(t, pe.Param == tt.wantParam && pe.StatusCode == 0 && pe.Type == ErrorTypeInvalidRequest,
						"err = %v, want *pay.Error with Param %q", err, tt.wantParam)
				}
			}
			ids, errs := collect(t, List(context.Background(), c, "/v1/charges", tt.params, objectID))
			require.Empty(t, ids)
			require.Len(t, errs, 1, "want one error")
			check(errs[0])
			page, err := GetPage[object](context.Background(), c, "/v1/charges", tt.params)
			assert.Nil(t, page)
			check(err)
			assert.Zero(t, ls.count(), "requests sent")
		})
	}
	// The bounds themselves are fine.
	for _, limit := range []int{0, 1, 100} {
		c, _ := setupList(t, 3)
		_, err := GetPage[object](context.Background(), c, "/v1/charges", &testListParams{ListParams: ListParams{Limit: limit}})
		assert.NoError(t, err, "limit %d", limit)
	}
}

func TestListPage_Decodes(t *testing.T) {
	c, ls := setupList(t, 5)
	params := &testListParams{ListParams: ListParams{Limit: 2, StartingAfter: "ch_5"}, Customer: "cus_1"}
	page, err := GetPage[object](context.Background(), c, "/v1/charges", params, Expand("data.customer"), StripeAccount("acct_1"))
	require.NoError(t, err)
	assert.True(t, page.HasMore, "page.HasMore")
	assert.Equal(t, "/v1/charges", page.URL)
	assert.Equal(t, []*object{{ID: "ch_4", Amount: 400}, {ID: "ch_3", Amount: 300}}, page.Data)
	wantQuery := url.Values{"limit": {"2"}, "starting_after": {"ch_5"}, "customer": {"cus_1"}, "expand[0]": {"data.customer"}}
	assert.Equal(t, wantQuery.Encode(), ls.queries()[0].Encode(), "query")
	assert.Equal(t, "acct_1", ls.requests[0].Header.Get("Stripe-Account"), "header Stripe-Account")

	last, err := GetPage[object](context.Background(), c, "/v1/charges", &testListParams{ListParams: ListParams{StartingAfter: "ch_2"}})
	if assert.NoError(t, err, "last page") {
		assert.False(t, last.HasMore, "last page HasMore")
		if assert.Len(t, last.Data, 1) {
			assert.Equal(t, "ch_1", last.Data[0].ID)
		}
	}
}
