package charge_test

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"testing"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/internal/apitest"
)

func TestList_FetchesPagesLazilyKeepingFilters(t *testing.T) {
	c, mux := setup(t)
	filters := url.Values{
		"customer":       {"cus_NffrFeUfNV2Hib"},
		"created[gte]":   {"1679000000"},
		"created[lt]":    {"1680000000"},
		"payment_intent": {"pi_123"},
		"transfer_group": {"group_6735"},
		"limit":          {"2"},
		"expand[0]":      {"data.customer"},
	}
	n := apitest.ServePages(t, mux, "/v1/charges", filters, "ch_2")
	params := &charge.ListParams{
		ListParams:    pay.ListParams{Limit: 2},
		Customer:      "cus_NffrFeUfNV2Hib",
		Created:       &pay.RangeQuery{GTE: 1679000000, LT: 1680000000},
		PaymentIntent: "pi_123",
		TransferGroup: "group_6735",
	}
	before, beforeCreated := *params, *params.Created
	seq := c.List(context.Background(), params, pay.Expand("data.customer"))
	apitest.Eq(t, "requests before the loop", n.Load(), 0)

	var ids []string
	var fetchedWhen []int32
	for ch, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, ch.ID)
		fetchedWhen = append(fetchedWhen, n.Load())
	}
	if want := []string{"ch_3", "ch_2", "ch_1"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids = %v, want %v", ids, want)
	}
	// The second page is fetched only when the loop needs its first item.
	if want := []int32{1, 1, 2}; !reflect.DeepEqual(fetchedWhen, want) {
		t.Errorf("requests made when each item was yielded = %v, want %v", fetchedWhen, want)
	}
	if !reflect.DeepEqual(*params, before) || *params.Created != beforeCreated {
		t.Errorf("params mutated: %+v, was %+v", *params, before)
	}
}

func TestList_BreakStopsFetching(t *testing.T) {
	c, mux := setup(t)
	n := apitest.ServePages(t, mux, "/v1/charges", url.Values{}, "ch_2")
	for ch, err := range c.List(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		apitest.Eq(t, "first id", ch.ID, "ch_3")
		break
	}
	apitest.Eq(t, "requests", n.Load(), 1)
}

func TestList_RangesTwiceFromTheStart(t *testing.T) {
	c, mux := setup(t)
	n := apitest.ServePages(t, mux, "/v1/charges", url.Values{}, "ch_2")
	seq := c.List(context.Background(), &charge.ListParams{})
	for range 2 {
		count := 0
		for _, err := range seq {
			if err != nil {
				t.Fatal(err)
			}
			count++
		}
		apitest.Eq(t, "items", count, 3)
	}
	apitest.Eq(t, "requests", n.Load(), 4)
}

func TestList_ErrorEndsLoop(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":{"type":"invalid_request_error","code":"resource_missing","param":"customer","message":"No such customer: 'cus_gone'"}}`))
	})
	var errs []error
	for ch, err := range c.List(context.Background(), &charge.ListParams{Customer: "cus_gone"}) {
		if ch != nil {
			t.Errorf("yielded a charge with the error: %+v", ch)
		}
		errs = append(errs, err)
	}
	if len(errs) != 1 {
		t.Fatalf("yielded %d times, want once", len(errs))
	}
	var pe *pay.Error
	if !asPayError(errs[0], &pe) || pe.Code != pay.ErrorCodeResourceMissing || pe.Param != "customer" || pe.StatusCode != 400 {
		t.Errorf("err = %#v", errs[0])
	}
}

func TestList_EndingBeforeWalksBackwards(t *testing.T) {
	c, mux := setup(t)
	var queries []url.Values
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		queries = append(queries, r.URL.Query())
		if len(queries) == 1 {
			// Newest first, like the API: ch_3 is newer than ch_2.
			apitest.ServeFixture(t, w, "list_page1.json")
			return
		}
		_, _ = w.Write([]byte(`{"object":"list","url":"/v1/charges","has_more":false,"data":[]}`))
	})
	var ids []string
	for ch, err := range c.List(context.Background(), &charge.ListParams{ListParams: pay.ListParams{EndingBefore: "ch_1"}}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, ch.ID)
	}
	if want := []string{"ch_2", "ch_3"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids = %v, want %v (walking away from ch_1)", ids, want)
	}
	if len(queries) != 2 || queries[0].Get("ending_before") != "ch_1" || queries[1].Get("ending_before") != "ch_3" {
		t.Errorf("queries = %v, want ending_before=ch_1 then ch_3", queries)
	}
}

func TestListPage_ReturnsOnePage(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/charges", apitest.Request{Method: http.MethodGet, Params: url.Values{"limit": {"2"}, "starting_after": {"ch_9"}, "customer": {"cus_NffrFeUfNV2Hib"}}}, "list_page1.json")
	page, err := c.ListPage(context.Background(), &charge.ListParams{
		ListParams: pay.ListParams{Limit: 2, StartingAfter: "ch_9"},
		Customer:   "cus_NffrFeUfNV2Hib",
	})
	if err != nil {
		t.Fatal(err)
	}
	apitest.Eq(t, "HasMore", page.HasMore, true)
	apitest.Eq(t, "URL", page.URL, "/v1/charges")
	if len(page.Data) != 2 {
		t.Fatalf("len(Data) = %d, want 2", len(page.Data))
	}
	apitest.Eq(t, "Data[0].ID", page.Data[0].ID, "ch_3")
	apitest.Eq(t, "Data[0].Amount", page.Data[0].Amount, 3000)
	apitest.Eq(t, "Data[0].Customer.ID", page.Data[0].Customer.ID, "cus_NffrFeUfNV2Hib")
	apitest.Eq(t, "Data[1].BalanceTransaction.ID", page.Data[1].BalanceTransaction.ID, "txn_2")
}

func TestListPage_NilParams(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		apitest.Query(t, r, nil)
		apitest.ServeFixture(t, w, "list_page2.json")
	})
	page, err := c.ListPage(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Data) != 1 || page.Data[0].Status != charge.StatusFailed || page.HasMore {
		t.Errorf("page = %+v", page)
	}
}
