package apitest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/paykit/pay"
	"github.com/paykit/pay/form"
	"github.com/paykit/pay/internal/conformance"
	"github.com/paykit/pay/paytest"
)

// Row is one resource of the shared resource tests: [Resource] for any
// client, params and object types, so that one table holds them all.
type Row interface {
	// Run runs every shared case of the resource as subtests of t.
	Run(t *testing.T)
}

// Resource describes a resource package's client for the cases every
// resource shares: list (lazy pages, filters on every page, break, a
// second range, errors, ending_before, one page, nil params, bad
// pagination), search, a nil client, bad and escaped ids, a round trip
// on paytest, and the list against stripe-mock (every filter accepted and
// sent, nothing decoded lost). The test binary's TestMain must call
// conformance.Main. C is the package's client type, P its list params and T its
// object.
type Resource[C, P, T any] struct {
	// Name names the subtests ("charge").
	Name string
	// New is the package's NewClient.
	New func(*pay.Client) C
	// Path is the collection's path ("/v1/charges"), Object the object's
	// type ("charge") and Prefix its ids' prefix ("ch_").
	Path, Object, Prefix string
	// ID returns an object's id.
	ID func(*T) string

	// List and ListPage are the client's methods ((*charge.Client).List).
	List     func(C, context.Context, *P, ...pay.RequestOption) iter.Seq2[*T, error]
	ListPage func(C, context.Context, *P, ...pay.RequestOption) (*pay.Page[T], error)
	// Paged returns list params with only the pagination set.
	Paged func(pay.ListParams) *P
	// Filters are list params with every filter set, and FilterQuery the
	// query they send (on every page).
	Filters     *P
	FilterQuery url.Values
	// Valid, when set, turns list params with every param filled (by
	// conformance.Fill, for stripe-mock) into a combination the client
	// accepts, such as one of two exclusive filters.
	Valid func(*P)

	// Search and SearchPage are the client's search methods, nil when the
	// resource has none.
	Search     func(C, context.Context, *pay.SearchParams, ...pay.RequestOption) iter.Seq2[*T, error]
	SearchPage func(C, context.Context, *pay.SearchParams, ...pay.RequestOption) (*pay.SearchPage[T], error)

	// Calls are the client's calls on one object by id (made with
	// [ByID] or [ByIDWith]).
	Calls []Call[C]

	// Get is the client's Get, and Seed makes an object on paytest
	// through pc and returns its id, for the round trip.
	Get  func(C, context.Context, string, ...pay.RequestOption) (*T, error)
	Seed func(ctx context.Context, pc *pay.Client) (string, error)
}

// Call is one call of a client of type C on an object by id.
type Call[C any] struct {
	// Method and Pattern are the request it sends, with {id} where the
	// escaped id goes ("/v1/charges/{id}/capture").
	Method, Pattern string
	// Do makes the call on c with id.
	Do func(ctx context.Context, c C, id string) error
}

// ByID makes a [Call] of a method that takes only the id, such as
// (*charge.Client).Get.
func ByID[C, T any](method, pattern string, f func(C, context.Context, string, ...pay.RequestOption) (*T, error)) Call[C] {
	return Call[C]{Method: method, Pattern: pattern, Do: func(ctx context.Context, c C, id string) error {
		_, err := f(c, ctx, id)
		return err
	}}
}

// ByIDWith makes a [Call] of a method that takes the id and params, such
// as (*charge.Client).Capture, called with params (nil is fine where the
// method accepts it).
func ByIDWith[C, P, T any](method, pattern string, f func(C, context.Context, string, *P, ...pay.RequestOption) (*T, error), params *P) Call[C] {
	return Call[C]{Method: method, Pattern: pattern, Do: func(ctx context.Context, c C, id string) error {
		_, err := f(c, ctx, id, params)
		return err
	}}
}

// Run runs the shared cases as subtests of t.
func (r Resource[C, P, T]) Run(t *testing.T) {
	t.Run(r.Name, func(t *testing.T) {
		t.Run("List/LazyPagesKeepFilters", r.testListLazy)
		t.Run("List/BreakStopsFetching", r.testListBreak)
		t.Run("List/RangesTwiceFromTheStart", r.testListTwice)
		t.Run("List/ErrorEndsLoop", r.testListError)
		t.Run("List/EndingBeforeWalksBackwards", r.testListBackwards)
		t.Run("List/BadPaginationIsNotSent", r.testListBadInput)
		t.Run("ListPage/OnePage", r.testListPage)
		t.Run("ListPage/NilParams", r.testListPageNil)
		if r.Search != nil {
			t.Run("Search/PageSendsQueryLimitPage", r.testSearchPage)
			t.Run("Search/FollowsNextPageLazily", r.testSearchLazy)
			t.Run("Search/BadInputIsNotSent", r.testSearchBadInput)
		}
		t.Run("NilClient", r.testNilClient)
		t.Run("BadID", r.testBadID)
		t.Run("IDIsEscaped", r.testIDEscaped)
		t.Run("Paytest/RoundTrip", r.testPaytest)
		t.Run("Conformance/List", r.testConformanceList)
	})
}

// object is the JSON of a minimal object of the resource with id n.
func (r Resource[C, P, T]) object(n int) string {
	return fmt.Sprintf(`{"id":"%s%d","object":%q}`, r.Prefix, n, r.Object)
}

// list is the JSON of a list object of the resource's objects ns.
func (r Resource[C, P, T]) list(hasMore bool, ns ...int) string {
	items := make([]string, len(ns))
	for i, n := range ns {
		items[i] = r.object(n)
	}
	return fmt.Sprintf(`{"object":"list","url":%q,"has_more":%t,"data":[%s]}`, r.Path, hasMore, strings.Join(items, ","))
}

func (r Resource[C, P, T]) ids(items []*T) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = r.ID(it)
	}
	return out
}

func (r Resource[C, P, T]) id(n int) string { return fmt.Sprintf("%s%d", r.Prefix, n) }

// servePages serves the list at r.Path: objects 3 and 2, then (after
// starting_after=2) object 1. Every request must send want (and
// starting_after on page 2). It returns the queries served.
func (r Resource[C, P, T]) servePages(t *testing.T, mux *http.ServeMux, want url.Values) func() []url.Values {
	var mu sync.Mutex
	var got []url.Values
	mux.HandleFunc(r.Path, func(w http.ResponseWriter, req *http.Request) {
		q := req.URL.Query()
		mu.Lock()
		got = append(got, q)
		mu.Unlock()
		expect := cloneValues(want)
		body := r.list(true, 3, 2)
		if q.Has("starting_after") {
			expect.Set("starting_after", r.id(2))
			body = r.list(false, 1)
		}
		Check(t, req, Request{Method: http.MethodGet, Params: expect})
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	})
	return func() []url.Values {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(got)
	}
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

func (r Resource[C, P, T]) setup(t *testing.T) (C, *http.ServeMux) {
	return SetupClient(t, r.New)
}

func (r Resource[C, P, T]) testListLazy(t *testing.T) {
	c, mux := r.setup(t)
	want := cloneValues(r.FilterQuery)
	want.Set("expand[0]", "data.id")
	queries := r.servePages(t, mux, want)
	params := r.Filters
	before, err := form.Encode(params)
	if err != nil {
		t.Fatal(err)
	}
	shallow := *params
	seq := r.List(c, context.Background(), params, pay.Expand("data.id"))
	if n := len(queries()); n != 0 {
		t.Fatalf("%d requests before the loop started, want 0", n)
	}
	var ids []string
	var fetchedWhen []int
	for it, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID(it))
		fetchedWhen = append(fetchedWhen, len(queries()))
	}
	if want := []string{r.id(3), r.id(2), r.id(1)}; !slices.Equal(ids, want) {
		t.Errorf("ids = %v, want %v", ids, want)
	}
	if want := []int{1, 1, 2}; !slices.Equal(fetchedWhen, want) {
		t.Errorf("requests made when each item was yielded = %v, want %v (the next page only when the loop needs it)", fetchedWhen, want)
	}
	after, err := form.Encode(params)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) || !reflect.DeepEqual(shallow, *params) {
		t.Errorf("params were modified: sent %v before, %v after", before, after)
	}
}

func (r Resource[C, P, T]) testListBreak(t *testing.T) {
	c, mux := r.setup(t)
	queries := r.servePages(t, mux, url.Values{})
	for it, err := range r.List(c, context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		if got := r.ID(it); got != r.id(3) {
			t.Errorf("first id = %s, want %s", got, r.id(3))
		}
		break
	}
	if n := len(queries()); n != 1 {
		t.Errorf("requests = %d, want 1", n)
	}
}

func (r Resource[C, P, T]) testListTwice(t *testing.T) {
	c, mux := r.setup(t)
	queries := r.servePages(t, mux, url.Values{})
	seq := r.List(c, context.Background(), r.Paged(pay.ListParams{}))
	for i := range 2 {
		n := 0
		for _, err := range seq {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		if n != 3 {
			t.Errorf("range %d yielded %d items, want 3", i+1, n)
		}
	}
	if n := len(queries()); n != 4 {
		t.Errorf("requests = %d, want 4 (each range from the first page)", n)
	}
}

func (r Resource[C, P, T]) testListError(t *testing.T) {
	c, mux := r.setup(t)
	mux.HandleFunc(r.Path, func(w http.ResponseWriter, req *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":{"type":"invalid_request_error","code":"resource_missing","param":"customer","message":"No such customer: 'cus_gone'"}}`))
	})
	var errs []error
	for it, err := range r.List(c, context.Background(), r.Filters) {
		if it != nil {
			t.Errorf("yielded an object with the error: %+v", it)
		}
		errs = append(errs, err)
	}
	if len(errs) != 1 {
		t.Fatalf("yielded %d times, want once", len(errs))
	}
	var pe *pay.Error
	if !errors.As(errs[0], &pe) || pe.Code != pay.ErrorCodeResourceMissing || pe.Param != "customer" || pe.StatusCode != http.StatusBadRequest {
		t.Errorf("err = %#v, want the 400's *pay.Error", errs[0])
	}
}

func (r Resource[C, P, T]) testListBackwards(t *testing.T) {
	c, mux := r.setup(t)
	var mu sync.Mutex
	var queries []url.Values
	mux.HandleFunc(r.Path, func(w http.ResponseWriter, req *http.Request) {
		mu.Lock()
		queries = append(queries, req.URL.Query())
		first := len(queries) == 1
		mu.Unlock()
		if first {
			_, _ = w.Write([]byte(r.list(true, 3, 2))) // newest first, as the API lists
			return
		}
		_, _ = w.Write([]byte(r.list(false)))
	})
	var ids []string
	for it, err := range r.List(c, context.Background(), r.Paged(pay.ListParams{EndingBefore: r.id(1)})) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID(it))
	}
	if want := []string{r.id(2), r.id(3)}; !slices.Equal(ids, want) {
		t.Errorf("ids = %v, want %v (walking away from %s)", ids, want, r.id(1))
	}
	mu.Lock()
	defer mu.Unlock()
	if len(queries) != 2 || queries[0].Get("ending_before") != r.id(1) || queries[1].Get("ending_before") != r.id(3) {
		t.Errorf("queries = %v, want ending_before=%s then %s", queries, r.id(1), r.id(3))
	}
}

func (r Resource[C, P, T]) testListBadInput(t *testing.T) {
	c, mux := r.setup(t)
	n := RefuseAll(t, mux)
	cases := []struct {
		name  string
		page  pay.ListParams
		param string
	}{
		{"limit over 100", pay.ListParams{Limit: 101}, "limit"},
		{"negative limit", pay.ListParams{Limit: -1}, "limit"},
		{"both cursors", pay.ListParams{StartingAfter: r.id(1), EndingBefore: r.id(2)}, "ending_before"},
	}
	for _, tt := range cases {
		_, err := r.ListPage(c, context.Background(), r.Paged(tt.page))
		WantInvalid(t, err, tt.param)
		yields := 0
		for it, err := range r.List(c, context.Background(), r.Paged(tt.page)) {
			yields++
			if it != nil {
				t.Errorf("%s: yielded an object", tt.name)
			}
			WantInvalid(t, err, tt.param)
		}
		if yields != 1 {
			t.Errorf("%s: List yielded %d times, want once", tt.name, yields)
		}
	}
	if n.Load() != 0 {
		t.Errorf("requests = %d, want 0", n.Load())
	}
}

func (r Resource[C, P, T]) testListPage(t *testing.T) {
	c, mux := r.setup(t)
	mux.HandleFunc(r.Path, func(w http.ResponseWriter, req *http.Request) {
		Check(t, req, Request{Method: http.MethodGet, Params: url.Values{"limit": {"2"}, "starting_after": {r.id(9)}}})
		_, _ = w.Write([]byte(r.list(true, 3, 2)))
	})
	page, err := r.ListPage(c, context.Background(), r.Paged(pay.ListParams{Limit: 2, StartingAfter: r.id(9)}))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.ids(page.Data), []string{r.id(3), r.id(2)}; !slices.Equal(got, want) || !page.HasMore || page.URL != r.Path {
		t.Errorf("page = {Data: %v, HasMore: %t, URL: %q}, want {%v, true, %q}", got, page.HasMore, page.URL, want, r.Path)
	}
}

func (r Resource[C, P, T]) testListPageNil(t *testing.T) {
	c, mux := r.setup(t)
	mux.HandleFunc(r.Path, func(w http.ResponseWriter, req *http.Request) {
		Query(t, req, nil)
		_, _ = w.Write([]byte(r.list(false, 1)))
	})
	page, err := r.ListPage(c, context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.ids(page.Data); !slices.Equal(got, []string{r.id(1)}) || page.HasMore {
		t.Errorf("page = {Data: %v, HasMore: %t}, want {[%s], false}", got, page.HasMore, r.id(1))
	}
}

// searchResult is the JSON of a search_result page of objects ns.
func (r Resource[C, P, T]) searchResult(next string, ns ...int) string {
	items := make([]string, len(ns))
	for i, n := range ns {
		items[i] = r.object(n)
	}
	nextJSON := "null"
	if next != "" {
		nextJSON = fmt.Sprintf("%q", next)
	}
	return fmt.Sprintf(`{"object":"search_result","url":%q,"has_more":%t,"next_page":%s,"total_count":7,"data":[%s]}`,
		r.Path+"/search", next != "", nextJSON, strings.Join(items, ","))
}

func (r Resource[C, P, T]) testSearchPage(t *testing.T) {
	c, mux := r.setup(t)
	mux.HandleFunc(r.Path+"/search", func(w http.ResponseWriter, req *http.Request) {
		Check(t, req, Request{Method: http.MethodGet, Params: url.Values{"query": {"metadata['order']:'6735'"}, "limit": {"2"}, "page": {"pg_1"}}})
		_, _ = w.Write([]byte(r.searchResult("pg_2", 3, 2)))
	})
	page, err := r.SearchPage(c, context.Background(), &pay.SearchParams{Query: "metadata['order']:'6735'", Limit: 2, Page: "pg_1"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.ids(page.Data), []string{r.id(3), r.id(2)}; !slices.Equal(got, want) || !page.HasMore || page.NextPage != "pg_2" || page.TotalCount != 7 || page.URL != r.Path+"/search" {
		t.Errorf("page = %+v, want data %v, has_more, next_page pg_2, total_count 7", page, want)
	}
}

func (r Resource[C, P, T]) testSearchLazy(t *testing.T) {
	c, mux := r.setup(t)
	var mu sync.Mutex
	var pages []string
	mux.HandleFunc(r.Path+"/search", func(w http.ResponseWriter, req *http.Request) {
		q := req.URL.Query()
		mu.Lock()
		pages = append(pages, q.Get("page"))
		mu.Unlock()
		if q.Get("query") != "status:'succeeded'" {
			t.Errorf("query = %q, want status:'succeeded' on every page", q.Get("query"))
		}
		if q.Get("page") == "" {
			_, _ = w.Write([]byte(r.searchResult("pg_2", 3, 2)))
			return
		}
		_, _ = w.Write([]byte(r.searchResult("", 1)))
	})
	params := &pay.SearchParams{Query: "status:'succeeded'"}
	seq := r.Search(c, context.Background(), params)
	var ids []string
	for it, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID(it))
		if len(ids) == 2 {
			mu.Lock()
			if len(pages) != 1 {
				t.Errorf("%d pages fetched before the first page was used up, want 1", len(pages))
			}
			mu.Unlock()
		}
	}
	if want := []string{r.id(3), r.id(2), r.id(1)}; !slices.Equal(ids, want) {
		t.Errorf("ids = %v, want %v", ids, want)
	}
	mu.Lock()
	if !slices.Equal(pages, []string{"", "pg_2"}) {
		t.Errorf("pages fetched = %q, want the first, then pg_2", pages)
	}
	pages = nil
	mu.Unlock()
	if params.Page != "" {
		t.Errorf("params.Page = %q: params were modified", params.Page)
	}
	for _, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		break
	}
	mu.Lock()
	defer mu.Unlock()
	if len(pages) != 1 {
		t.Errorf("a loop that breaks at once fetched %d pages, want 1", len(pages))
	}
}

func (r Resource[C, P, T]) testSearchBadInput(t *testing.T) {
	c, mux := r.setup(t)
	n := RefuseAll(t, mux)
	cases := []struct {
		name   string
		params *pay.SearchParams
		param  string
	}{
		{"nil params", nil, "query"},
		{"no query", &pay.SearchParams{Limit: 3}, "query"},
		{"limit over 100", &pay.SearchParams{Query: "a:'b'", Limit: 101}, "limit"},
		{"negative limit", &pay.SearchParams{Query: "a:'b'", Limit: -1}, "limit"},
	}
	for _, tt := range cases {
		_, err := r.SearchPage(c, context.Background(), tt.params)
		WantInvalid(t, err, tt.param)
		yields := 0
		for _, err := range r.Search(c, context.Background(), tt.params) {
			yields++
			WantInvalid(t, err, tt.param)
		}
		if yields != 1 {
			t.Errorf("%s: Search yielded %d times, want once", tt.name, yields)
		}
	}
	if n.Load() != 0 {
		t.Errorf("requests = %d, want 0", n.Load())
	}
}

// wantClientError checks that a call on a client with no *pay.Client behind
// it failed with a *pay.Error.
func wantClientError(t *testing.T, what string, err error) {
	t.Helper()
	var pe *pay.Error
	if !errors.As(err, &pe) {
		t.Errorf("%s: err = %v (%T), want a *pay.Error", what, err, err)
	}
}

func (r Resource[C, P, T]) testNilClient(t *testing.T) {
	var nilClient C
	for name, c := range map[string]C{"nil client": nilClient, "NewClient(nil)": r.New(nil)} {
		ctx := context.Background()
		for _, call := range r.Calls {
			wantClientError(t, name+": "+call.Method+" "+call.Pattern, call.Do(ctx, c, r.id(1)))
		}
		_, err := r.ListPage(c, ctx, nil)
		wantClientError(t, name+": ListPage", err)
		for _, err := range r.List(c, ctx, nil) {
			wantClientError(t, name+": List", err)
		}
		if r.Search != nil {
			_, err := r.SearchPage(c, ctx, &pay.SearchParams{Query: "a:'b'"})
			wantClientError(t, name+": SearchPage", err)
			for _, err := range r.Search(c, ctx, &pay.SearchParams{Query: "a:'b'"}) {
				wantClientError(t, name+": Search", err)
			}
		}
	}
}

func (r Resource[C, P, T]) testBadID(t *testing.T) {
	c, mux := r.setup(t)
	n := RefuseAll(t, mux)
	for _, id := range []string{"", ".", "..", strings.Repeat("x", 256)} {
		for _, call := range r.Calls {
			t.Run(fmt.Sprintf("%s %s with id %.10q", call.Method, call.Pattern, id), func(t *testing.T) {
				WantInvalid(t, call.Do(context.Background(), c, id), "id")
			})
		}
	}
	if n.Load() != 0 {
		t.Errorf("requests = %d, want 0", n.Load())
	}
}

func (r Resource[C, P, T]) testIDEscaped(t *testing.T) {
	const id, escaped = "a/b?c#d", "a%2Fb%3Fc%23d"
	for _, call := range r.Calls {
		c, mux := r.setup(t)
		var got []string
		mux.HandleFunc("/", func(w http.ResponseWriter, req *http.Request) {
			got = append(got, req.Method+" "+req.URL.EscapedPath())
			_, _ = w.Write([]byte(r.object(1)))
		})
		if err := call.Do(context.Background(), c, id); err != nil {
			t.Errorf("%s %s: %v", call.Method, call.Pattern, err)
			continue
		}
		want := call.Method + " " + strings.Replace(call.Pattern, "{id}", escaped, 1)
		if len(got) != 1 || got[0] != want {
			t.Errorf("requests = %q, want [%q]", got, want)
		}
	}
}

func (r Resource[C, P, T]) testPaytest(t *testing.T) {
	srv := paytest.NewServer()
	t.Cleanup(srv.Close)
	pc := srv.Client(pay.WithMaxRetries(0))
	ctx := context.Background()
	id, err := r.Seed(ctx, pc)
	if err != nil {
		t.Fatal(err)
	}
	c := r.New(pc)
	got, err := r.Get(c, ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if r.ID(got) != id {
		t.Errorf("Get(%s) returned %s", id, r.ID(got))
	}
	var listed []string
	for it, err := range r.List(c, ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		listed = append(listed, r.ID(it))
	}
	if !slices.Contains(listed, id) {
		t.Errorf("List = %v, want it to hold %s", listed, id)
	}
	page, err := r.ListPage(c, ctx, r.Paged(pay.ListParams{Limit: 100}))
	if err != nil {
		t.Fatal(err)
	}
	if ids := r.ids(page.Data); !slices.Equal(ids, listed) {
		t.Errorf("ListPage = %v, List = %v: want the same objects", ids, listed)
	}
}

func (r Resource[C, P, T]) testConformanceList(t *testing.T) {
	pc, rec := conformance.Client(t)
	c := r.New(pc)
	ctx := context.Background()
	every := new(P)
	conformance.Fill(t, http.MethodGet, r.Path, every)
	if lp, ok := reflect.ValueOf(every).Elem().FieldByName("ListParams").Addr().Interface().(*pay.ListParams); ok {
		lp.EndingBefore = "" // Fill sets both cursors; the client refuses that
	}
	if r.Valid != nil {
		r.Valid(every)
	}
	for name, params := range map[string]*P{
		"every param": every, "the row's filters": r.Filters, "nil params": nil,
		"ending before": r.Paged(pay.ListParams{Limit: 1, EndingBefore: r.id(1)}),
	} {
		page, err := r.ListPage(c, ctx, params)
		if err != nil {
			t.Errorf("%s: ListPage: %v", name, err)
			continue
		}
		if len(page.Data) == 0 {
			t.Errorf("%s: ListPage returned no %s", name, r.Object)
		}
		conformance.References.Report(t, name, "page", rec.LastBody(), page)
	}
	var got []*T
	for it, err := range r.List(c, ctx, r.Paged(pay.ListParams{Limit: 2})) {
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		got = append(got, it)
	}
	if len(got) == 0 {
		t.Fatalf("List yielded no %s", r.Object)
	}
	conformance.References.ReportList(t, "List", rec.LastBody(), got)
	rec.WantEveryParamSent(t, "GET "+r.Path, *new(P))
}
