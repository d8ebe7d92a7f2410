package pay

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
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
	if err != nil {
		t.Errorf("bad cursor %q", id)
	}
	return n
}

func (s *listServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r)
	s.mu.Unlock()
	testMethod(s.t, r, "GET")
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
			if o != nil {
				t.Errorf("error %v came with an object %+v", err, o)
			}
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
	if ls.count() != 0 {
		t.Fatalf("%d requests before the loop started", ls.count())
	}
	ids, errs := collect(t, seq)
	if len(errs) != 0 || strings.Join(ids, ",") != "ch_3,ch_2,ch_1" || ls.count() != 1 {
		t.Errorf("ids = %v, errs = %v, requests = %d", ids, errs, ls.count())
	}
	// The iterator can run again, from the start.
	ids, _ = collect(t, seq)
	if len(ids) != 3 || ls.count() != 2 {
		t.Errorf("second run: ids = %v, requests = %d", ids, ls.count())
	}
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
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	if got := strings.Join(ids, ","); got != "ch_5,ch_4,ch_3,ch_2,ch_1" {
		t.Errorf("ids = %s", got)
	}
	base := url.Values{"limit": {"2"}, "customer": {"cus_1"}, "created[gte]": {"1700000000"}, "expand[0]": {"data.customer"}}
	wantCursors := []string{"", "ch_4", "ch_2"}
	qs := ls.queries()
	if len(qs) != len(wantCursors) {
		t.Fatalf("%d requests, want %d", len(qs), len(wantCursors))
	}
	for i, q := range qs {
		want := url.Values{}
		for k, v := range base {
			want[k] = v
		}
		if wantCursors[i] != "" {
			want.Set("starting_after", wantCursors[i])
		}
		testValues(t, fmt.Sprintf("page %d query", i+1), q, want)
		testHeader(t, ls.requests[i], "Stripe-Account", "acct_1")
	}
	if !reflect.DeepEqual(*params, before) || *params.Created != beforeCreated || params.Created != before.Created {
		t.Errorf("params changed: %+v", params)
	}
	if resp.RequestID != "req_3" || resp.StatusCode != 200 {
		t.Errorf("Response describes %+v, want the last page", resp)
	}
}

func TestList_StartingAfterGiven(t *testing.T) {
	c, ls := setupList(t, 5)
	ids, _ := collect(t, List(context.Background(), c, "/v1/charges",
		&testListParams{ListParams: ListParams{Limit: 2, StartingAfter: "ch_4"}}, objectID))
	if got := strings.Join(ids, ","); got != "ch_3,ch_2,ch_1" {
		t.Errorf("ids = %s", got)
	}
	qs := ls.queries()
	if len(qs) != 2 || qs[0].Get("starting_after") != "ch_4" || qs[1].Get("starting_after") != "ch_2" {
		t.Errorf("queries = %v", qs)
	}
}

func TestList_BreakStopsFetching(t *testing.T) {
	for _, stopAfter := range []int{1, 2, 3} {
		t.Run(strconv.Itoa(stopAfter), func(t *testing.T) {
			c, ls := setupList(t, 10)
			n := 0
			for _, err := range List(context.Background(), c, "/v1/charges", &testListParams{ListParams: ListParams{Limit: 2}}, objectID) {
				if err != nil {
					t.Fatal(err)
				}
				n++
				if n == stopAfter {
					break
				}
			}
			// Items 1 and 2 are on page 1, item 3 on page 2.
			if want := (stopAfter + 1) / 2; ls.count() != want {
				t.Errorf("%d requests after breaking at item %d, want %d", ls.count(), stopAfter, want)
			}
		})
	}
}

func TestList_ErrorOnPageN(t *testing.T) {
	c, ls := setupList(t, 10)
	ls.failWhen = func(q url.Values) bool { return q.Get("starting_after") == "ch_8" }
	ids, errs := collect(t, List(context.Background(), c, "/v1/charges", &testListParams{ListParams: ListParams{Limit: 3}}, objectID))
	if got := strings.Join(ids, ","); got != "ch_10,ch_9,ch_8" {
		t.Errorf("ids = %s", got)
	}
	if len(errs) != 1 {
		t.Fatalf("%d errors, want exactly 1: %v", len(errs), errs)
	}
	var pe *Error
	if !errors.As(errs[0], &pe) || pe.StatusCode != 400 || pe.Message != "page failed" {
		t.Errorf("err = %v", errs[0])
	}
	if ls.count() != 2 {
		t.Errorf("%d requests, want 2 (none after the failure)", ls.count())
	}
}

func TestList_EndingBeforeWalksBackwards(t *testing.T) {
	c, ls := setupList(t, 10)
	params := &testListParams{ListParams: ListParams{Limit: 2, EndingBefore: "ch_3"}}
	ids, errs := collect(t, List(context.Background(), c, "/v1/charges", params, objectID))
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	if got := strings.Join(ids, ","); got != "ch_4,ch_5,ch_6,ch_7,ch_8,ch_9,ch_10" {
		t.Errorf("ids = %s, want oldest to newest from the cursor", got)
	}
	var cursors []string
	for _, q := range ls.queries() {
		if q.Has("starting_after") {
			t.Errorf("backward walk sent starting_after: %v", q)
		}
		cursors = append(cursors, q.Get("ending_before"))
	}
	if got := strings.Join(cursors, ","); got != "ch_3,ch_5,ch_7,ch_9" {
		t.Errorf("ending_before cursors = %s", got)
	}
	if params.EndingBefore != "ch_3" {
		t.Errorf("params changed: %+v", params)
	}
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
			if len(errs) != 0 || len(ids) != 3 {
				t.Fatalf("ids = %v, errs = %v", ids, errs)
			}
			testValues(t, "first query", ls.queries()[0], tt.want)
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
		if len(ids) != 0 || len(errs) != 0 || hits != 1 {
			t.Errorf("ids = %v, errs = %v, requests = %d", ids, errs, hits)
		}
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
		if len(ids) != 1 || len(errs) != 1 || !errors.As(errs[0], &pe) || hits != 1 {
			t.Errorf("ids = %v, errs = %v, requests = %d", ids, errs, hits)
		}
	})
	t.Run("null items are skipped", func(t *testing.T) {
		c, mux := setup(t)
		mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, `{"object":"list","has_more":false,"data":[null,{"id":"ch_1"},null]}`)
		})
		ids, errs := collect(t, List(context.Background(), c, "/v1/charges", nil, objectID))
		if strings.Join(ids, ",") != "ch_1" || len(errs) != 0 {
			t.Errorf("ids = %v, errs = %v", ids, errs)
		}
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
				if !errors.As(err, &pe) || pe.Param != tt.wantParam || pe.StatusCode != 0 || pe.Type != ErrorTypeInvalidRequest {
					t.Errorf("err = %v, want *pay.Error with Param %q", err, tt.wantParam)
				}
			}
			ids, errs := collect(t, List(context.Background(), c, "/v1/charges", tt.params, objectID))
			if len(ids) != 0 || len(errs) != 1 {
				t.Fatalf("ids = %v, errs = %v; want one error", ids, errs)
			}
			check(errs[0])
			page, err := GetPage[object](context.Background(), c, "/v1/charges", tt.params)
			if page != nil {
				t.Errorf("page = %+v", page)
			}
			check(err)
			if ls.count() != 0 {
				t.Errorf("%d requests sent", ls.count())
			}
		})
	}
	// The bounds themselves are fine.
	for _, limit := range []int{0, 1, 100} {
		c, _ := setupList(t, 3)
		if _, err := GetPage[object](context.Background(), c, "/v1/charges", &testListParams{ListParams: ListParams{Limit: limit}}); err != nil {
			t.Errorf("limit %d: %v", limit, err)
		}
	}
}

func TestListPage_Decodes(t *testing.T) {
	c, ls := setupList(t, 5)
	params := &testListParams{ListParams: ListParams{Limit: 2, StartingAfter: "ch_5"}, Customer: "cus_1"}
	page, err := GetPage[object](context.Background(), c, "/v1/charges", params, Expand("data.customer"), StripeAccount("acct_1"))
	if err != nil {
		t.Fatal(err)
	}
	if !page.HasMore || page.URL != "/v1/charges" || len(page.Data) != 2 ||
		*page.Data[0] != (object{ID: "ch_4", Amount: 400}) || *page.Data[1] != (object{ID: "ch_3", Amount: 300}) {
		t.Errorf("page = %+v", page)
	}
	testValues(t, "query", ls.queries()[0], url.Values{
		"limit": {"2"}, "starting_after": {"ch_5"}, "customer": {"cus_1"}, "expand[0]": {"data.customer"},
	})
	testHeader(t, ls.requests[0], "Stripe-Account", "acct_1")

	last, err := GetPage[object](context.Background(), c, "/v1/charges", &testListParams{ListParams: ListParams{StartingAfter: "ch_2"}})
	if err != nil || last.HasMore || len(last.Data) != 1 || last.Data[0].ID != "ch_1" {
		t.Errorf("last page = %+v, %v", last, err)
	}
}
