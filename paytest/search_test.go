package paytest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay/paytest"
)

// searchCharges sets up five charges a..e (created in that order) and the
// customer of c.
func searchFixture(t *testing.T) (*paytest.Server, map[string]string) {
	t.Helper()
	srv := newServer(t)
	ids := map[string]string{}
	ids["a"] = createCharge(t, srv, "amount", "1000", "metadata[order]", "6735").str("id")
	ids["b"] = createCharge(t, srv, "amount", "2500", "currency", "eur", "source", "tok_mastercard", "metadata[order]", "7000").str("id")

	cu := createCustomer(t, srv, "source", "tok_visa")
	ids["cus"] = cu.str("id")
	mustDo(t, srv, "POST", "/v1/customers/"+ids["cus"]+"/sources/"+cu.str("default_source"), form("address_zip", "94107"))
	ids["c"] = mustDo(t, srv, "POST", "/v1/charges", form("amount", "5000", "currency", "usd", "customer", ids["cus"])).str("id")

	declined := do(t, srv, "POST", "/v1/charges", form("amount", "3000", "currency", "usd", "source", "tok_chargeDeclined"))
	require.Equal(t, http.StatusPaymentRequired, declined.status, declined.raw)
	ids["d"] = declined.errField("charge")

	ids["e"] = createCharge(t, srv, "amount", "1500").str("id")
	mustDo(t, srv, "POST", "/v1/refunds", form("charge", ids["e"]))
	return srv, ids
}

func TestSearchCharges_Query(t *testing.T) {
	srv, ids := searchFixture(t)
	tests := []struct {
		query string
		want  string // the charges, newest first
	}{
		{`amount>1000`, "edcb"},
		{`amount>=1000 AND amount<=2500`, "eba"},
		{`amount:1000`, "a"},
		{`amount<1000`, ""},
		{`currency:"usd"`, "edca"},
		{`currency:'USD'`, "edca"},
		{`-currency:"usd"`, "b"},
		{`metadata['order']:'6735'`, "a"},
		{`metadata["order"]:"6735 "`, ""},
		{`metadata["order"]:null`, "edc"},
		{`-metadata["order"]:null`, "ba"},
		{`status:"failed"`, "d"},
		{`status:"succeeded" currency:"usd"`, "eca"},
		{`refunded:"true"`, "e"},
		{`refunded:true`, "e"},
		{`disputed:"false"`, "edcba"},
		{`payment_method_details.card.last4:4444`, "b"},
		{`payment_method_details.card.last4:"4242"`, "eca"},
		{`billing_details.address.postal_code:"94107"`, "c"},
		{`billing_details.address.postal_code:null`, "edba"},
		{`customer:"` + ids["cus"] + `"`, "c"},
		{`customer:null`, "edba"},
		{`amount:1000 OR amount:2500`, "ba"},
		{`amount:1000 or status:"failed"`, "da"},
		{`  amount:1000   AND   currency:"usd"  `, "a"},
		{`created>0`, "edcba"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := mustDo(t, srv, "GET", "/v1/charges/search", form("query", tt.query))
			want := []string{}
			for _, k := range tt.want {
				want = append(want, ids[string(k)])
			}
			assert.Equal(t, want, dataIDs(t, r))
			assert.Equal(t, "search_result", r.str("object"))
			assert.Equal(t, "/v1/charges/search", r.str("url"))
			assert.False(t, r.boolean("has_more"))
			assert.Contains(t, r.body, "next_page")
			assert.Nil(t, r.body["next_page"])
			assert.NotContains(t, r.body, "total_count")
		})
	}
}

func TestSearchCustomers_Query(t *testing.T) {
	srv := newServer(t)
	jenny := createCustomer(t, srv, "email", "jenny.rosen@example.com", "name", "Jenny Rosen",
		"phone", "+15555550100", "metadata[tier]", "gold").str("id")
	bob := createCustomer(t, srv, "email", "bob@example.org", "name", "Bob O'Brien").str("id")
	gone := createCustomer(t, srv, "email", "jenny@deleted.example.com", "name", "Jenny Gone").str("id")
	mustDo(t, srv, "DELETE", "/v1/customers/"+gone, nil)

	tests := []struct {
		query string
		want  []string
	}{
		{`email:"JENNY.ROSEN@example.com"`, []string{jenny}},
		{`email:"jenny"`, []string{}},
		{`email~"example"`, []string{bob, jenny}},
		{`email~"jenny"`, []string{jenny}}, // the deleted one is not found
		{`name~"ROSEN"`, []string{jenny}},
		{`name:'Bob O\'Brien'`, []string{bob}},
		{`name:"Bob O'Brien"`, []string{bob}},
		{`phone:null`, []string{bob}},
		{`-phone:null`, []string{jenny}},
		{`phone~"555"`, []string{jenny}},
		{`metadata['tier']:'gold'`, []string{jenny}},
		{`-metadata['tier']:'gold'`, []string{bob}},
		{`name~"bob" OR metadata['tier']:'gold'`, []string{bob, jenny}},
		{`created>=0 AND -email:"bob@example.org"`, []string{jenny}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := mustDo(t, srv, "GET", "/v1/customers/search", form("query", tt.query))
			assert.Equal(t, tt.want, dataIDs(t, r))
			assert.Equal(t, "/v1/customers/search", r.str("url"))
		})
	}
}

func TestSearch_BadQueryIs400(t *testing.T) {
	srv := newServer(t)
	tests := []struct {
		name, path, query, msgPart string
	}{
		{"empty", "/v1/charges/search", ``, "empty"},
		{"blank", "/v1/charges/search", `   `, "empty"},
		{"unknown field", "/v1/charges/search", `foo:"x"`, "Field `foo` is an unsupported search field for resource `charges`"},
		{"customer field on charges", "/v1/charges/search", `email:"a@example.com"`, "unsupported search field"},
		{"charge field on customers", "/v1/customers/search", `amount>10`, "resource `customers`"},
		{"numeric field, string value", "/v1/charges/search", `amount:"ten"`, "numeric"},
		{"comparison on a string field", "/v1/charges/search", `status>"a"`, "comparisons work on numeric fields only"},
		{"comparison with null", "/v1/charges/search", `amount>null`, "null"},
		{"substring not allowed", "/v1/charges/search", `currency~"usd"`, "substring"},
		{"substring too short", "/v1/customers/search", `email~"ab"`, "at least 3 characters"},
		{"substring unquoted", "/v1/customers/search", `name~abc`, "quoted"},
		{"AND and OR", "/v1/charges/search", `amount:1 AND currency:"usd" OR status:"failed"`, "AND and OR cannot be combined"},
		{"space and OR", "/v1/charges/search", `amount:1 currency:"usd" OR status:"failed"`, "AND and OR cannot be combined"},
		{"unterminated string", "/v1/charges/search", `status:"succeeded`, "unterminated"},
		{"unquoted string", "/v1/charges/search", `status:succeeded`, "must be quoted"},
		{"metadata without key", "/v1/charges/search", `metadata:"x"`, "metadata"},
		{"metadata key unquoted", "/v1/charges/search", `metadata[order]:"x"`, "metadata"},
		{"trailing AND", "/v1/charges/search", `amount:1 AND`, "followed by a clause"},
		{"AND AND", "/v1/charges/search", `amount:1 AND AND amount:2`, "expected an operator"},
		{"leading OR", "/v1/charges/search", `OR amount:1`, "cannot start with OR"},
		{"parentheses", "/v1/charges/search", `(amount:1)`, "expected a field"},
		{"no operator", "/v1/charges/search", `amount`, "expected an operator"},
		{"no value", "/v1/charges/search", `amount:`, "expected a value"},
		{"garbage after value", "/v1/charges/search", `status:"a"b`, "unexpected"},
		{"bool value", "/v1/charges/search", `refunded:"yes"`, "true or false"},
		{"eleven clauses", "/v1/charges/search", strings.Repeat(`amount>1 `, 11), "at most 10 clauses"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, srv, "GET", tt.path, form("query", tt.query))
			wantError(t, r, 400, "invalid_request_error", "", "query", "")
			assert.Contains(t, r.errField("message"), tt.msgPart)
		})
	}
	t.Run("missing", func(t *testing.T) {
		wantError(t, do(t, srv, "GET", "/v1/customers/search", nil), 400, "invalid_request_error", "parameter_missing", "query",
			"Missing required param: query.")
	})
	t.Run("unknown param", func(t *testing.T) {
		wantError(t, do(t, srv, "GET", "/v1/charges/search", form("query", "amount>1", "starting_after", "ch_1")),
			400, "invalid_request_error", "parameter_unknown", "starting_after", "")
	})
}

func TestSearch_PagesWithNextPage(t *testing.T) {
	srv := newServer(t)
	var want []string
	for range 5 {
		want = append([]string{createCharge(t, srv).str("id")}, want...)
	}
	createCharge(t, srv, "currency", "eur") // not matched

	q := `currency:"usd"`
	var got []string
	page := ""
	for i := 0; ; i++ {
		require.Less(t, i, 5, "too many pages")
		vals := form("query", q, "limit", "2")
		if page != "" {
			vals.Set("page", page)
		}
		r := mustDo(t, srv, "GET", "/v1/charges/search", vals)
		ids := dataIDs(t, r)
		got = append(got, ids...)
		if !r.boolean("has_more") {
			assert.Nil(t, r.body["next_page"])
			assert.Len(t, ids, 1)
			break
		}
		assert.Len(t, ids, 2)
		page = r.str("next_page")
		require.NotEmpty(t, page)
	}
	assert.Equal(t, want, got)

	// total_count only when expanded.
	r := mustDo(t, srv, "GET", "/v1/charges/search", form("query", q, "limit", "1", "expand[]", "total_count"))
	assert.EqualValues(t, 5, r.num("total_count"))
	assert.Len(t, dataIDs(t, r), 1)

	// data.customer expands like a list.
	r = mustDo(t, srv, "GET", "/v1/customers/search", form("query", `created>0`, "expand[]", "data.default_source"))
	assert.Equal(t, []string{}, dataIDs(t, r))

	first := mustDo(t, srv, "GET", "/v1/charges/search", form("query", q, "limit", "2"))
	next := first.str("next_page")
	wantError(t, do(t, srv, "GET", "/v1/charges/search", form("query", `amount>0`, "page", next)),
		400, "invalid_request_error", "", "page", "")
	wantError(t, do(t, srv, "GET", "/v1/charges/search", form("query", q, "page", "page_garbage")),
		400, "invalid_request_error", "", "page", "")
	for _, limit := range []string{"0", "101"} {
		wantError(t, do(t, srv, "GET", "/v1/charges/search", form("query", q, "limit", limit)),
			400, "invalid_request_error", "parameter_invalid_integer", "limit", "")
	}
	wantError(t, do(t, srv, "GET", "/v1/charges/search", form("query", q, "expand[]", "total_count.x")),
		400, "invalid_request_error", "", "expand", "")
}

func TestSearch_IsNotAChargeID(t *testing.T) {
	srv := newServer(t)
	// A charge retrieve still works next to the literal search path.
	id := createCharge(t, srv).str("id")
	assert.Equal(t, id, mustDo(t, srv, "GET", "/v1/charges/"+id, nil).str("id"))
	r := mustDo(t, srv, "GET", "/v1/charges/search", form("query", "amount:2000"))
	assert.Equal(t, []string{id}, dataIDs(t, r))
}
