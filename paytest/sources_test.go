package paytest_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSources_CreateGetUpdateDelete(t *testing.T) {
	srv := newServer(t)
	cus := createCustomer(t, srv, "email", "jenny@example.com").str("id")
	base := "/v1/customers/" + cus + "/sources"

	cd := mustDo(t, srv, "POST", base, form("source", "tok_visa", "metadata[nick]", "work"))
	id := cd.str("id")
	require.True(t, strings.HasPrefix(id, "card_"), cd.raw)
	assert.Equal(t, "card", cd.str("object"))
	assert.Equal(t, "Visa", cd.str("brand"))
	assert.Equal(t, "4242", cd.str("last4"))
	assert.Equal(t, "credit", cd.str("funding"))
	assert.Equal(t, "US", cd.str("country"))
	assert.Equal(t, cus, cd.str("customer"))
	assert.Equal(t, "pass", cd.str("cvc_check"))
	assert.NotEmpty(t, cd.str("fingerprint"))
	assert.EqualValues(t, 12, cd.num("exp_month"))
	assert.Equal(t, map[string]any{"nick": "work"}, cd.body["metadata"])
	for _, k := range []string{"name", "address_line1", "address_line2", "address_city", "address_state", "address_zip", "address_country"} {
		assert.Contains(t, cd.body, k)
		assert.Nil(t, cd.body[k], k)
	}
	// The first card becomes the default.
	assert.Equal(t, id, mustDo(t, srv, "GET", "/v1/customers/"+cus, nil).str("default_source"))
	assert.Equal(t, cd.body, mustDo(t, srv, "GET", base+"/"+id, nil).body)

	year := strconv.Itoa(time.Now().Year() + 5)
	up := mustDo(t, srv, "POST", base+"/"+id, form(
		"name", "Jenny Rosen", "exp_month", "7", "exp_year", year,
		"address_line1", "1 Main St", "address_line2", "Apt 2", "address_city", "San Francisco",
		"address_state", "CA", "address_zip", "94107", "address_country", "US",
		"metadata[nick]", "", "metadata[kind]", "corporate"))
	assert.Equal(t, id, up.str("id"))
	assert.Equal(t, "Jenny Rosen", up.str("name"))
	assert.EqualValues(t, 7, up.num("exp_month"))
	assert.Equal(t, year, strconv.FormatInt(up.num("exp_year"), 10))
	assert.Equal(t, "1 Main St", up.str("address_line1"))
	assert.Equal(t, "Apt 2", up.str("address_line2"))
	assert.Equal(t, "San Francisco", up.str("address_city"))
	assert.Equal(t, "CA", up.str("address_state"))
	assert.Equal(t, "94107", up.str("address_zip"))
	assert.Equal(t, "US", up.str("address_country"))
	assert.Equal(t, map[string]any{"kind": "corporate"}, up.body["metadata"])
	assert.Equal(t, up.body, mustDo(t, srv, "GET", base+"/"+id, nil).body)

	// A charge copies the card's name and address into billing_details, and
	// keeps them when the card changes later.
	ch := mustDo(t, srv, "POST", "/v1/charges", form("amount", "500", "currency", "usd", "customer", cus))
	bd := ch.body["billing_details"].(map[string]any)
	assert.Equal(t, "Jenny Rosen", bd["name"])
	assert.Equal(t, "94107", bd["address"].(map[string]any)["postal_code"])
	mustDo(t, srv, "POST", base+"/"+id, form("name", "", "address_zip", "10001"))
	bd = mustDo(t, srv, "GET", "/v1/charges/"+ch.str("id"), nil).body["billing_details"].(map[string]any)
	assert.Equal(t, "94107", bd["address"].(map[string]any)["postal_code"])
	assert.Equal(t, "Jenny Rosen", bd["name"])

	del := mustDo(t, srv, "DELETE", base+"/"+id, nil)
	assert.Equal(t, map[string]any{"id": id, "object": "card", "deleted": true}, del.body)
	wantError(t, do(t, srv, "GET", base+"/"+id, nil), 404, "invalid_request_error", "resource_missing", "id", "No such source: '"+id+"'")
	wantError(t, do(t, srv, "POST", base+"/"+id, form("name", "x")), 404, "invalid_request_error", "resource_missing", "id", "")
	wantError(t, do(t, srv, "DELETE", base+"/"+id, nil), 404, "invalid_request_error", "resource_missing", "id", "")
}

func TestSources_UpdateBadParams(t *testing.T) {
	srv := newServer(t)
	cu := createCustomer(t, srv, "source", "tok_visa")
	path := "/v1/customers/" + cu.str("id") + "/sources/" + cu.str("default_source")
	tests := []struct {
		name             string
		vals             []string
		status           int
		typ, code, param string
	}{
		{"month 13", []string{"exp_month", "13"}, 402, "card_error", "invalid_expiry_month", "exp_month"},
		{"month 0", []string{"exp_month", "0"}, 402, "card_error", "invalid_expiry_month", "exp_month"},
		{"month not a number", []string{"exp_month", "july"}, 402, "card_error", "invalid_expiry_month", "exp_month"},
		{"year in the past", []string{"exp_year", "2001"}, 402, "card_error", "invalid_expiry_year", "exp_year"},
		{"unknown param", []string{"cvc", "123"}, 400, "invalid_request_error", "parameter_unknown", "cvc"},
		{"metadata not a hash", []string{"metadata", "x"}, 400, "invalid_request_error", "", "metadata"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, do(t, srv, "POST", path, form(tt.vals...)), tt.status, tt.typ, tt.code, tt.param, "")
		})
	}
	// Nothing changed.
	assert.EqualValues(t, 12, mustDo(t, srv, "GET", path, nil).num("exp_month"))
}

func TestSources_DefaultCardAndCharging(t *testing.T) {
	srv := newServer(t)
	cus := createCustomer(t, srv).str("id")
	other := createCustomer(t, srv, "source", "tok_amex")
	base := "/v1/customers/" + cus + "/sources"

	// No card: no default, and charging the customer is the API's error.
	wantError(t, do(t, srv, "POST", "/v1/charges", form("amount", "500", "currency", "usd", "customer", cus)),
		400, "invalid_request_error", "missing", "customer", "Cannot charge a customer that has no active card")

	first := mustDo(t, srv, "POST", base, form("source", "tok_visa")).str("id")
	second := mustDo(t, srv, "POST", base, form("source", "tok_mastercard")).str("id")
	assert.Equal(t, first, mustDo(t, srv, "GET", "/v1/customers/"+cus, nil).str("default_source"), "the second card changed the default")

	// A charge with source=card_... charges that card of the customer.
	ch := mustDo(t, srv, "POST", "/v1/charges", form("amount", "500", "currency", "usd", "customer", cus, "source", second))
	assert.Equal(t, second, ch.str("payment_method"))
	assert.Equal(t, "4444", ch.body["payment_method_details"].(map[string]any)["card"].(map[string]any)["last4"])
	assert.Equal(t, cus, ch.str("customer"))
	// Without source, the default card.
	ch = mustDo(t, srv, "POST", "/v1/charges", form("amount", "500", "currency", "usd", "customer", cus))
	assert.Equal(t, first, ch.str("payment_method"))
	// Another customer's card is not this customer's.
	otherCard := other.str("default_source")
	wantError(t, do(t, srv, "POST", "/v1/charges", form("amount", "500", "currency", "usd", "customer", cus, "source", otherCard)),
		400, "invalid_request_error", "missing", "source",
		"Customer "+cus+" does not have a linked source with ID "+otherCard+".")
	wantError(t, do(t, srv, "POST", "/v1/customers/"+cus, form("default_source", otherCard)),
		400, "invalid_request_error", "resource_missing", "default_source", "No such source: '"+otherCard+"'")

	// default_source switches; deleting the default leaves none.
	assert.Equal(t, second, mustDo(t, srv, "POST", "/v1/customers/"+cus, form("default_source", second)).str("default_source"))
	mustDo(t, srv, "DELETE", base+"/"+second, nil)
	cu := mustDo(t, srv, "GET", "/v1/customers/"+cus, nil)
	assert.Contains(t, cu.body, "default_source")
	assert.Nil(t, cu.body["default_source"])
	wantError(t, do(t, srv, "POST", "/v1/charges", form("amount", "500", "currency", "usd", "customer", cus)),
		400, "invalid_request_error", "missing", "customer", "")
	// The remaining card can still be charged by id, and made the default.
	assert.Equal(t, first, mustDo(t, srv, "POST", "/v1/charges", form("amount", "500", "currency", "usd", "customer", cus, "source", first)).str("payment_method"))
	assert.Equal(t, first, mustDo(t, srv, "POST", "/v1/customers/"+cus, form("default_source", first)).str("default_source"))
	// Deleting a card that is not the default keeps the default.
	third := mustDo(t, srv, "POST", base, form("source", "tok_discover")).str("id")
	mustDo(t, srv, "DELETE", base+"/"+third, nil)
	assert.Equal(t, first, mustDo(t, srv, "GET", "/v1/customers/"+cus, nil).str("default_source"))
}

func TestSources_DecliningCards(t *testing.T) {
	srv := newServer(t)
	cus := createCustomer(t, srv).str("id")
	base := "/v1/customers/" + cus + "/sources"

	// As the API does, a card that declines is checked when attached...
	r := do(t, srv, "POST", base, form("source", "tok_chargeDeclined"))
	wantError(t, r, 402, "card_error", "card_declined", "", "Your card was declined.")
	assert.Empty(t, dataIDs(t, mustDo(t, srv, "GET", base, nil)))

	// ...except tok_chargeCustomerFail, which attaches and declines when charged.
	id := mustDo(t, srv, "POST", base, form("source", "tok_chargeCustomerFail")).str("id")
	r = do(t, srv, "POST", "/v1/charges", form("amount", "500", "currency", "usd", "customer", cus, "source", id))
	wantError(t, r, 402, "card_error", "card_declined", "", "Your card was declined.")
	ch := mustDo(t, srv, "GET", "/v1/charges/"+r.errField("charge"), nil)
	assert.Equal(t, "failed", ch.str("status"))
	assert.Equal(t, id, ch.str("payment_method"))
}

func TestSources_ListNewestFirstAndPaginated(t *testing.T) {
	srv := newServer(t)
	cus := createCustomer(t, srv).str("id")
	base := "/v1/customers/" + cus + "/sources"
	var want []string
	for _, tok := range []string{"tok_visa", "tok_mastercard", "tok_amex"} {
		want = append([]string{mustDo(t, srv, "POST", base, form("source", tok)).str("id")}, want...)
	}
	l := mustDo(t, srv, "GET", base, form("object", "card"))
	assert.Equal(t, want, dataIDs(t, l))
	assert.Equal(t, "list", l.str("object"))
	assert.Equal(t, base, l.str("url"))

	p1 := mustDo(t, srv, "GET", base, form("object", "card", "limit", "2"))
	assert.Equal(t, want[:2], dataIDs(t, p1))
	assert.True(t, p1.boolean("has_more"))
	p2 := mustDo(t, srv, "GET", base, form("object", "card", "limit", "2", "starting_after", want[1]))
	assert.Equal(t, want[2:], dataIDs(t, p2))
	assert.False(t, p2.boolean("has_more"))

	assert.Empty(t, dataIDs(t, mustDo(t, srv, "GET", base, form("object", "bank_account"))))
	wantError(t, do(t, srv, "GET", "/v1/customers/cus_nope/sources", nil), 404, "invalid_request_error", "resource_missing", "id", "")
}
