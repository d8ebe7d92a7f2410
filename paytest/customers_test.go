package paytest_test

import (
	"strings"
	"testing"
)

func TestCustomer_CreateGetUpdate(t *testing.T) {
	srv := newServer(t)
	cu := mustDo(t, srv, "POST", "/v1/customers", form(
		"email", "jenny@example.com",
		"name", "Jenny Rosen",
		"phone", "+15555550100",
		"description", "VIP",
		"metadata[tier]", "gold",
		"address[line1]", "1 Main St",
		"address[country]", "US",
		"preferred_locales[]", "en",
		"preferred_locales[]", "fr",
		"source", "tok_visa",
	))
	id := cu.str("id")
	if !strings.HasPrefix(id, "cus_") || cu.str("object") != "customer" || cu.str("email") != "jenny@example.com" ||
		cu.str("name") != "Jenny Rosen" || cu.body["metadata"].(map[string]any)["tier"] != "gold" ||
		cu.body["address"].(map[string]any)["line1"] != "1 Main St" || cu.str("tax_exempt") != "none" ||
		len(cu.body["preferred_locales"].([]any)) != 2 || cu.num("next_invoice_sequence") != 1 {
		t.Errorf("customer = %s", cu.raw)
	}
	card := cu.str("default_source")
	if !strings.HasPrefix(card, "card_") {
		t.Fatalf("default_source = %v", cu.body["default_source"])
	}
	if _, has := cu.body["sources"]; has {
		t.Error("sources included without expand[]=sources")
	}
	got := mustDo(t, srv, "GET", "/v1/customers/"+id, form("expand[]", "default_source", "expand[]", "sources"))
	ds := got.body["default_source"].(map[string]any)
	if ds["id"] != card || ds["object"] != "card" || ds["customer"] != id || ds["last4"] != "4242" {
		t.Errorf("expanded default_source = %v", ds)
	}
	srcs := got.body["sources"].(map[string]any)
	if srcs["object"] != "list" || srcs["url"] != "/v1/customers/"+id+"/sources" || len(srcs["data"].([]any)) != 1 {
		t.Errorf("sources = %v", srcs)
	}

	up := mustDo(t, srv, "POST", "/v1/customers/"+id, form("name", "", "email", "j@example.com", "metadata[tier]", ""))
	if up.body["name"] != nil || up.str("email") != "j@example.com" || len(up.body["metadata"].(map[string]any)) != 0 || up.str("default_source") != card {
		t.Errorf("updated customer = %s", up.raw)
	}
}

func TestCustomer_SourcesAndDefault(t *testing.T) {
	srv := newServer(t)
	id := mustDo(t, srv, "POST", "/v1/customers", form("source", "tok_visa")).str("id")
	first := mustDo(t, srv, "GET", "/v1/customers/"+id, nil).str("default_source")

	// Adding a card keeps the default.
	second := mustDo(t, srv, "POST", "/v1/customers/"+id+"/sources", form("source", "tok_mastercard"))
	if second.str("object") != "card" || second.str("customer") != id || second.str("brand") != "MasterCard" {
		t.Errorf("added card = %s", second.raw)
	}
	if d := mustDo(t, srv, "GET", "/v1/customers/"+id, nil).str("default_source"); d != first {
		t.Errorf("default_source changed to %s when adding a card", d)
	}
	l := mustDo(t, srv, "GET", "/v1/customers/"+id+"/sources", nil)
	data := l.body["data"].([]any)
	if len(data) != 2 || data[0].(map[string]any)["id"] != second.str("id") {
		t.Errorf("sources list = %s", l.raw)
	}

	// default_source switches between saved cards; charges then use it.
	up := mustDo(t, srv, "POST", "/v1/customers/"+id, form("default_source", second.str("id")))
	if up.str("default_source") != second.str("id") {
		t.Errorf("default_source = %s", up.str("default_source"))
	}
	ch := mustDo(t, srv, "POST", "/v1/charges", form("amount", "100", "currency", "usd", "customer", id))
	if ch.str("payment_method") != second.str("id") {
		t.Errorf("charged %s, want the new default %s", ch.str("payment_method"), second.str("id"))
	}
	wantError(t, do(t, srv, "POST", "/v1/customers/"+id, form("default_source", "card_nope")),
		400, "invalid_request_error", "resource_missing", "default_source", "No such source: 'card_nope'")

	// Updating source replaces the default card, as the API does.
	up = mustDo(t, srv, "POST", "/v1/customers/"+id, form("source", "tok_discover"))
	third := up.str("default_source")
	l = mustDo(t, srv, "GET", "/v1/customers/"+id+"/sources", nil)
	var ids []string
	for _, d := range l.body["data"].([]any) {
		ids = append(ids, d.(map[string]any)["id"].(string))
	}
	if len(ids) != 2 || ids[0] != third || ids[1] != first {
		t.Errorf("sources after replacing the default = %v (first %s, replaced %s, new %s)", ids, first, second.str("id"), third)
	}

	// Deleting the default card leaves the customer with no default.
	del := mustDo(t, srv, "DELETE", "/v1/customers/"+id+"/sources/"+third, nil)
	if del.str("id") != third || !del.boolean("deleted") {
		t.Errorf("deleted card = %s", del.raw)
	}
	if d := mustDo(t, srv, "GET", "/v1/customers/"+id, nil).body["default_source"]; d != nil {
		t.Errorf("default_source after deleting it = %v, want null", d)
	}
}

func TestCustomer_DeclinedCardIsNotSaved(t *testing.T) {
	srv := newServer(t)
	r := do(t, srv, "POST", "/v1/customers", form("email", "x@example.com", "source", "tok_chargeDeclined"))
	wantError(t, r, 402, "card_error", "card_declined", "", "Your card was declined.")
	if r.errField("charge") != "" {
		t.Errorf("saving a card made a charge: %s", r.raw)
	}
	if l := mustDo(t, srv, "GET", "/v1/customers", nil); len(l.body["data"].([]any)) != 0 {
		t.Errorf("customer stored despite the decline: %s", l.raw)
	}
}

func TestCustomer_Delete(t *testing.T) {
	srv := newServer(t)
	id := mustDo(t, srv, "POST", "/v1/customers", form("email", "gone@example.com", "source", "tok_visa")).str("id")
	del := mustDo(t, srv, "DELETE", "/v1/customers/"+id, nil)
	if del.str("id") != id || del.str("object") != "customer" || !del.boolean("deleted") || len(del.body) != 3 {
		t.Errorf("delete = %s", del.raw)
	}
	got := mustDo(t, srv, "GET", "/v1/customers/"+id, nil)
	if got.raw != del.raw {
		t.Errorf("GET of a deleted customer = %s, want the deleted stub", got.raw)
	}
	wantError(t, do(t, srv, "DELETE", "/v1/customers/"+id, nil), 404, "invalid_request_error", "resource_missing", "id", "No such customer: '"+id+"'")
	wantError(t, do(t, srv, "POST", "/v1/customers/"+id, form("name", "x")), 404, "invalid_request_error", "resource_missing", "id", "")
	wantError(t, do(t, srv, "POST", "/v1/charges", form("amount", "100", "currency", "usd", "customer", id)), 400, "invalid_request_error", "resource_missing", "customer", "")
	if l := mustDo(t, srv, "GET", "/v1/customers", nil); len(l.body["data"].([]any)) != 0 {
		t.Errorf("deleted customer listed: %s", l.raw)
	}
}

func TestCustomer_ExpandedOnChargeAfterDelete(t *testing.T) {
	srv := newServer(t)
	id := mustDo(t, srv, "POST", "/v1/customers", form("source", "tok_visa")).str("id")
	ch := mustDo(t, srv, "POST", "/v1/charges", form("amount", "100", "currency", "usd", "customer", id)).str("id")
	mustDo(t, srv, "DELETE", "/v1/customers/"+id, nil)
	r := mustDo(t, srv, "GET", "/v1/charges/"+ch, form("expand[]", "customer"))
	if c := r.body["customer"].(map[string]any); c["id"] != id || c["deleted"] != true {
		t.Errorf("expanded deleted customer = %v", c)
	}
}
