package customer_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/paykit/pay"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/internal/apitest"
)

// pagedServer serves list_page1.json then list_page2.json and records every
// query it receives.
type pagedServer struct {
	mu      sync.Mutex
	queries []url.Values
}

func (s *pagedServer) handle(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		// The tests check the queries from s.got; this checks the rest.
		apitest.Check(t, r, apitest.Request{Method: http.MethodGet, Params: r.URL.Query()})
		s.mu.Lock()
		s.queries = append(s.queries, r.URL.Query())
		n := len(s.queries)
		s.mu.Unlock()
		switch n {
		case 1:
			apitest.ServeFixture(t, w, "list_page1.json")
		case 2:
			apitest.ServeFixture(t, w, "list_page2.json")
		default:
			t.Errorf("page %d requested; the list has 2", n)
			http.Error(w, `{"error":{"type":"api_error","message":"no more pages"}}`, http.StatusInternalServerError)
		}
	}
}

func (s *pagedServer) got() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.queries)
}

func collect(t *testing.T, seq func(func(*customer.Customer, error) bool)) []string {
	t.Helper()
	var ids []string
	for cus, err := range seq {
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		ids = append(ids, cus.ID)
	}
	return ids
}

func TestList_FetchesLazilyAndKeepsFiltersOnEveryPage(t *testing.T) {
	c, mux := setup(t)
	srv := &pagedServer{}
	mux.HandleFunc("/v1/customers", srv.handle(t))

	params := &customer.ListParams{
		ListParams: pay.ListParams{Limit: 2},
		Email:      "jenny@example.com",
		Created:    &pay.RangeQuery{GTE: 1680000000, LT: 1690000000},
	}
	before := *params
	beforeCreated := *params.Created

	seq := c.List(context.Background(), params, pay.Expand("data.default_source"))
	if n := len(srv.got()); n != 0 {
		t.Fatalf("%d request(s) before the loop started", n)
	}
	ids := collect(t, seq)

	if want := []string{"cus_A1", "cus_A2", "cus_A3"}; !slices.Equal(ids, want) {
		t.Errorf("ids = %v, want %v", ids, want)
	}
	filters := url.Values{
		"limit":        {"2"},
		"email":        {"jenny@example.com"},
		"created[gte]": {"1680000000"},
		"created[lt]":  {"1690000000"},
		"expand[0]":    {"data.default_source"},
	}
	page2 := url.Values{"starting_after": {"cus_A2"}}
	for k, v := range filters {
		page2[k] = v
	}
	queries := srv.got()
	if len(queries) != 2 {
		t.Fatalf("%d requests, want 2", len(queries))
	}
	apitest.Values(t, "page 1 query", queries[0], filters)
	apitest.Values(t, "page 2 query", queries[1], page2)

	if !reflect.DeepEqual(*params, before) || *params.Created != beforeCreated {
		t.Errorf("params were modified: %+v", *params)
	}
}

func TestList_BreakStopsFetching(t *testing.T) {
	c, mux := setup(t)
	srv := &pagedServer{}
	mux.HandleFunc("/v1/customers", srv.handle(t))
	for cus, err := range c.List(context.Background(), nil) {
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		if cus.ID != "cus_A1" {
			t.Errorf("first customer = %s, want cus_A1", cus.ID)
		}
		break
	}
	queries := srv.got()
	if len(queries) != 1 {
		t.Fatalf("%d requests after break on the first item, want 1", len(queries))
	}
	apitest.Values(t, "query", queries[0], nil)
}

func TestList_EndingBeforeWalksBackwards(t *testing.T) {
	c, mux := setup(t)
	srv := &pagedServer{}
	mux.HandleFunc("/v1/customers", srv.handle(t))

	params := &customer.ListParams{ListParams: pay.ListParams{EndingBefore: "cus_Z"}}
	ids := collect(t, c.List(context.Background(), params))

	// Each page comes newest first; walking backwards yields it oldest first
	// and continues before the newest customer seen.
	if want := []string{"cus_A2", "cus_A1", "cus_A3"}; !slices.Equal(ids, want) {
		t.Errorf("ids = %v, want %v", ids, want)
	}
	queries := srv.got()
	if len(queries) != 2 {
		t.Fatalf("%d requests, want 2", len(queries))
	}
	apitest.Values(t, "page 1 query", queries[0], url.Values{"ending_before": {"cus_Z"}})
	apitest.Values(t, "page 2 query", queries[1], url.Values{"ending_before": {"cus_A1"}})
	if params.EndingBefore != "cus_Z" || params.StartingAfter != "" {
		t.Errorf("params were modified: %+v", params.ListParams)
	}
}

func TestList_ErrorIsYieldedOnceAndEndsLoop(t *testing.T) {
	c, mux := setup(t)
	var mu sync.Mutex
	calls := 0
	mux.HandleFunc("/v1/customers", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		if n == 1 {
			apitest.ServeFixture(t, w, "list_page1.json")
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":{"type":"invalid_request_error","code":"resource_missing","param":"starting_after","message":"No such customer: 'cus_A2'"}}`))
	})
	var ids []string
	var errs []error
	for cus, err := range c.List(context.Background(), nil) {
		if err != nil {
			if cus != nil {
				t.Errorf("error yielded with a customer %+v", cus)
			}
			errs = append(errs, err)
			continue
		}
		ids = append(ids, cus.ID)
	}
	if want := []string{"cus_A1", "cus_A2"}; !slices.Equal(ids, want) {
		t.Errorf("ids = %v, want %v", ids, want)
	}
	if len(errs) != 1 {
		t.Fatalf("errors = %v, want exactly one", errs)
	}
	var pe *pay.Error
	if !errors.As(errs[0], &pe) || pe.StatusCode != http.StatusBadRequest || pe.Param != "starting_after" {
		t.Errorf("error = %v, want the API's 400 for starting_after", errs[0])
	}
}

func TestListPage_ReturnsOnePage(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/customers", apitest.Request{Method: http.MethodGet, Params: url.Values{
		"limit":          {"2"},
		"starting_after": {"cus_Z"},
		"email":          {"jenny@example.com"},
		"created[gt]":    {"1680000000"},
	}}, "list_page1.json")
	page, err := c.ListPage(context.Background(), &customer.ListParams{
		ListParams: pay.ListParams{Limit: 2, StartingAfter: "cus_Z"},
		Email:      "jenny@example.com",
		Created:    &pay.RangeQuery{GT: 1680000000},
	})
	if err != nil {
		t.Fatalf("ListPage: %v", err)
	}
	if !page.HasMore || page.URL != "/v1/customers" || len(page.Data) != 2 {
		t.Fatalf("page = has_more %v, url %q, %d items", page.HasMore, page.URL, len(page.Data))
	}
	first := page.Data[0]
	if first.ID != "cus_A1" || first.Email != "jenny@example.com" || first.InvoicePrefix != "INV1" || first.Created != 1680893992 {
		t.Errorf("first customer = %+v", first)
	}
}

func TestListPage_NilParams(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/customers", func(w http.ResponseWriter, r *http.Request) {
		apitest.Query(t, r, nil)
		apitest.ServeFixture(t, w, "list_page2.json")
	})
	page, err := c.ListPage(context.Background(), nil)
	if err != nil {
		t.Fatalf("ListPage: %v", err)
	}
	if page.HasMore || len(page.Data) != 1 || page.Data[0].ID != "cus_A3" {
		t.Errorf("page = %+v", page)
	}
}
