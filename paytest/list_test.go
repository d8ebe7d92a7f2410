package paytest_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestList_NewestFirstWithCursors(t *testing.T) {
	srv := newServer(t)
	var ids []string // oldest first; all created in the same second
	for i := range 25 {
		ids = append(ids, createCharge(t, srv, "metadata[i]", fmt.Sprint(i)).str("id"))
	}
	newest := slices.Clone(ids)
	slices.Reverse(newest)

	first := mustDo(t, srv, "GET", "/v1/charges", nil)
	if got := dataIDs(t, first); !slices.Equal(got, newest[:10]) || first.body["has_more"] != true ||
		first.str("object") != "list" || first.str("url") != "/v1/charges" {
		t.Fatalf("default page = %v has_more %v", got, first.body["has_more"])
	}
	// Walk forward with starting_after.
	var walked []string
	cursor := ""
	for {
		q := form("limit", "7")
		if cursor != "" {
			q.Set("starting_after", cursor)
		}
		page := mustDo(t, srv, "GET", "/v1/charges", q)
		got := dataIDs(t, page)
		walked = append(walked, got...)
		if page.body["has_more"] != true {
			break
		}
		cursor = got[len(got)-1]
	}
	if !slices.Equal(walked, newest) {
		t.Errorf("starting_after walk = %v\nwant %v", walked, newest)
	}
	// ending_before gives the objects just newer than the cursor, newest first.
	page := mustDo(t, srv, "GET", "/v1/charges", form("ending_before", ids[5], "limit", "3"))
	if got := dataIDs(t, page); !slices.Equal(got, []string{ids[8], ids[7], ids[6]}) || page.body["has_more"] != true {
		t.Errorf("ending_before page = %v has_more %v", got, page.body["has_more"])
	}
	page = mustDo(t, srv, "GET", "/v1/charges", form("ending_before", ids[22], "limit", "3"))
	if got := dataIDs(t, page); !slices.Equal(got, []string{ids[24], ids[23]}) || page.body["has_more"] != false {
		t.Errorf("last ending_before page = %v has_more %v", got, page.body["has_more"])
	}
	page = mustDo(t, srv, "GET", "/v1/charges", form("limit", "100"))
	if got := dataIDs(t, page); len(got) != 25 || page.body["has_more"] != false {
		t.Errorf("limit 100 = %d items, has_more %v", len(got), page.body["has_more"])
	}
}

func TestList_CreatedFilter(t *testing.T) {
	srv := newServer(t)
	now := time.Unix(1700000000, 0)
	srv.SetClock(func() time.Time { return now })
	var ids []string
	for i := range 5 {
		now = time.Unix(1700000000+int64(i)*100, 0)
		ids = append(ids, mustDo(t, srv, "POST", "/v1/customers", form("email", fmt.Sprintf("c%d@example.com", i))).str("id"))
	}
	tests := []struct {
		query []string
		want  []string
	}{
		{[]string{"created[gte]", "1700000100"}, []string{ids[4], ids[3], ids[2], ids[1]}},
		{[]string{"created[gt]", "1700000100"}, []string{ids[4], ids[3], ids[2]}},
		{[]string{"created[lt]", "1700000200"}, []string{ids[1], ids[0]}},
		{[]string{"created[lte]", "1700000200", "created[gt]", "1700000000"}, []string{ids[2], ids[1]}},
		{[]string{"created", "1700000300"}, []string{ids[3]}},
		{[]string{"email", "c2@example.com"}, []string{ids[2]}},
		{[]string{"email", "nobody@example.com"}, nil},
	}
	for _, tt := range tests {
		got := dataIDs(t, mustDo(t, srv, "GET", "/v1/customers", form(tt.query...)))
		if !slices.Equal(got, tt.want) {
			t.Errorf("%v: got %v, want %v", tt.query, got, tt.want)
		}
	}
}

func TestList_ChargeFilters(t *testing.T) {
	srv := newServer(t)
	cus := mustDo(t, srv, "POST", "/v1/customers", form("source", "tok_visa")).str("id")
	a := mustDo(t, srv, "POST", "/v1/charges", form("amount", "100", "currency", "usd", "customer", cus)).str("id")
	b := createCharge(t, srv, "transfer_group", "g1").str("id")
	c := mustDo(t, srv, "POST", "/v1/charges", form("amount", "100", "currency", "usd", "customer", cus, "transfer_group", "g1")).str("id")
	for _, tt := range []struct {
		query []string
		want  []string
	}{
		{[]string{"customer", cus}, []string{c, a}},
		{[]string{"transfer_group", "g1"}, []string{c, b}},
		{[]string{"customer", cus, "transfer_group", "g1"}, []string{c}},
		{[]string{"payment_intent", "pi_123"}, nil},
	} {
		if got := dataIDs(t, mustDo(t, srv, "GET", "/v1/charges", form(tt.query...))); !slices.Equal(got, tt.want) {
			t.Errorf("%v: got %v, want %v", tt.query, got, tt.want)
		}
	}
	l := mustDo(t, srv, "GET", "/v1/charges", form("customer", cus, "expand[]", "data.customer"))
	for _, d := range l.body["data"].([]any) {
		if cu, ok := d.(map[string]any)["customer"].(map[string]any); !ok || cu["id"] != cus || cu["object"] != "customer" {
			t.Errorf("data.customer not expanded: %v", d.(map[string]any)["customer"])
		}
	}
	if !strings.Contains(l.raw, `"url": "/v1/charges"`) {
		t.Errorf("list url missing: %s", l.raw)
	}
}
