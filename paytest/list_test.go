package paytest_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	require.Equal(t, newest[:10], dataIDs(t, first), "default page")
	require.Equal(t, true, first.body["has_more"], "default page has_more")
	require.Equal(t, "list", first.str("object"), "default page = %s", first.raw)
	require.Equal(t, "/v1/charges", first.str("url"), "default page = %s", first.raw)
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
	assert.Equal(t, newest, walked, "starting_after walk")
	// ending_before gives the objects just newer than the cursor, newest first.
	page := mustDo(t, srv, "GET", "/v1/charges", form("ending_before", ids[5], "limit", "3"))
	assert.Equal(t, []string{ids[8], ids[7], ids[6]}, dataIDs(t, page), "ending_before page")
	assert.Equal(t, true, page.body["has_more"], "ending_before page has_more")
	page = mustDo(t, srv, "GET", "/v1/charges", form("ending_before", ids[22], "limit", "3"))
	assert.Equal(t, []string{ids[24], ids[23]}, dataIDs(t, page), "last ending_before page")
	assert.Equal(t, false, page.body["has_more"], "last ending_before page has_more")
	page = mustDo(t, srv, "GET", "/v1/charges", form("limit", "100"))
	assert.Len(t, dataIDs(t, page), 25, "limit 100")
	assert.Equal(t, false, page.body["has_more"], "limit 100 has_more")
}

func TestList_CreatedFilter(t *testing.T) {
	srv := newServer(t)
	now := time.Unix(1700000000, 0)
	srv.SetClock(func() time.Time { return now })
	var ids []string
	for i := range 5 {
		now = time.Unix(1700000000+int64(i)*100, 0)
		ids = append(ids, createCustomer(t, srv, "email", fmt.Sprintf("c%d@example.com", i)).str("id"))
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
		{[]string{"email", "nobody@example.com"}, []string{}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, dataIDs(t, mustDo(t, srv, "GET", "/v1/customers", form(tt.query...))), "%v", tt.query)
	}
}

func TestList_ChargeFilters(t *testing.T) {
	srv := newServer(t)
	cus := createCustomer(t, srv, "source", "tok_visa").str("id")
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
		{[]string{"payment_intent", "pi_123"}, []string{}},
	} {
		assert.Equal(t, tt.want, dataIDs(t, mustDo(t, srv, "GET", "/v1/charges", form(tt.query...))), "%v", tt.query)
	}
	l := mustDo(t, srv, "GET", "/v1/charges", form("customer", cus, "expand[]", "data.customer"))
	for _, d := range l.body["data"].([]any) {
		cu, ok := d.(map[string]any)["customer"].(map[string]any)
		if assert.True(t, ok, "data.customer not expanded: %v", d.(map[string]any)["customer"]) {
			assert.Equal(t, cus, cu["id"], "data.customer = %v", cu)
			assert.Equal(t, "customer", cu["object"], "data.customer = %v", cu)
		}
	}
	assert.Contains(t, l.raw, `"url": "/v1/charges"`, "list url missing")
}
