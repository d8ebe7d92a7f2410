package customer_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/paykit/pay"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/internal/conformance"
)

// The conformance tests run every call, with every param set at least once,
// against stripe-mock, which validates requests against the API's OpenAPI
// spec. stripe-mock is started once, on first use (or STRIPE_MOCK_URL is
// used), and never skipped: a failure to start it fails the test.

func TestMain(m *testing.M) { conformance.Main(m) }

// walk compares responses with what they decoded into. Ref keeps only the
// id and object type of an expanded object, by design. Card, TaxID and
// TestClock model part of their objects today (stripe-mock sends a bank
// account as a source, a tax id's owner and verification, a test clock's
// status_details): the walk still checks every value they do model, but
// not that they model every key.
var walk = conformance.Walk{Partial: []reflect.Type{
	reflect.TypeFor[pay.Reference](), reflect.TypeFor[customer.Card](), reflect.TypeFor[customer.TaxID](), reflect.TypeFor[customer.TestClock](),
}}

// stripeMock returns a customer client and the core client aimed at
// stripe-mock (retries off), and the recorder of their traffic.
func stripeMock(t *testing.T) (*customer.Client, *pay.Client, *conformance.Recorder) {
	return conformance.ClientFor(t, customer.NewClient)
}

func TestConformance_EveryCallAndParamIsAccepted(t *testing.T) {
	c, _, _ := stripeMock(t)
	ctx := context.Background()

	cus, err := c.Create(ctx, &customer.CreateParams{
		Email:            "jennyrosen@example.com",
		Name:             "Jenny Rosen",
		Phone:            "+14155550123",
		Description:      "Jenny's account",
		Source:           "tok_visa",
		Metadata:         pay.Metadata{"order_id": "6735"},
		Address:          &pay.AddressParams{Line1: "510 Townsend St", Line2: "Floor 2", City: "San Francisco", State: "CA", PostalCode: "94103", Country: "US"},
		Shipping:         &pay.ShippingParams{Name: "Jenny Rosen", Phone: "+14155550199", Address: &pay.AddressParams{Line1: "1 Main St", Country: "US"}},
		Balance:          -500,
		PreferredLocales: []string{"en", "fr"},
		TaxExempt:        customer.TaxExemptNone,
		InvoicePrefix:    "JENNY1",
	}, pay.IdempotencyKey("conformance-create"))
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if cus.ID == "" || cus.Object != "customer" {
		t.Fatalf("Create returned %+v", cus)
	}
	if _, err := c.Create(ctx, nil); err != nil {
		t.Errorf("Create(nil): %v", err)
	}

	updates := map[string]*customer.UpdateParams{
		"set every field": {
			Email: pay.String("jenny@example.com"), Name: pay.String("Jenny R."), Phone: pay.String("+14155550100"),
			Description: pay.String("vip"), Source: pay.String("tok_mastercard"), DefaultSource: pay.String("card_123"),
			Metadata: pay.Metadata{"order_id": "", "plan": "pro"},
			Address:  &pay.AddressParams{Line1: "2 Side St", Country: "US"},
			Shipping: &pay.ShippingParams{Name: "Jenny", Address: &pay.AddressParams{Line1: "2 Side St"}},
			Balance:  pay.Int64(0), PreferredLocales: []string{"de"}, TaxExempt: ptr(customer.TaxExemptReverse), InvoicePrefix: pay.String("JENNY2"),
		},
		"clear fields": {
			Email: pay.String(""), Name: pay.String(""), Phone: pay.String(""), Description: pay.String(""),
			TaxExempt: ptr(customer.TaxExempt("")), Address: &pay.AddressParams{}, Shipping: &pay.ShippingParams{},
			Metadata: pay.Metadata{},
		},
		"no fields": {},
	}
	for name, p := range updates {
		if _, err := c.Update(ctx, cus.ID, p); err != nil {
			t.Errorf("Update (%s): %v", name, err)
		}
	}

	if _, err := c.Get(ctx, cus.ID, pay.Expand("default_source", "sources", "test_clock")); err != nil {
		t.Errorf("Get: %v", err)
	}
	page, err := c.ListPage(ctx, &customer.ListParams{
		ListParams: pay.ListParams{Limit: 3, StartingAfter: "cus_1"},
		Email:      "jenny@example.com",
		Created:    &pay.RangeQuery{GT: 1, GTE: 1, LT: 2000000000, LTE: 2000000000},
	}, pay.Expand("data.default_source"))
	if err != nil {
		t.Errorf("ListPage: %v", err)
	} else if len(page.Data) == 0 || page.Data[0].ID == "" {
		t.Errorf("ListPage returned %+v", page)
	}
	for _, err := range c.List(ctx, &customer.ListParams{ListParams: pay.ListParams{EndingBefore: "cus_1", Limit: 1}}) {
		if err != nil {
			t.Errorf("List: %v", err)
		}
		break
	}
	del, err := c.Delete(ctx, cus.ID, pay.IdempotencyKey("conformance-delete"))
	if err != nil {
		t.Errorf("Delete: %v", err)
	} else if !del.Deleted || del.ID == "" {
		t.Errorf("Delete returned %+v", del)
	}
}

// TestConformance_DecodingLosesNoField decodes a fully expanded customer and
// checks that every field the API sends is one Customer models
// (recursively, through every nested object we model), and that it arrives
// with the API's value.
func TestConformance_DecodingLosesNoField(t *testing.T) {
	c, _, rec := stripeMock(t)
	expand := pay.Expand("default_source", "sources", "test_clock", "discount", "tax", "tax_ids",
		"subscriptions", "cash_balance", "invoice_settings.default_payment_method")
	cus, err := c.Get(context.Background(), "cus_123", expand)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	raw := rec.LastBody()
	walk.Report(t, "Get", "customer", raw, cus)

	var fields map[string]any
	if err := conformance.DecodeJSON(raw, &fields); err != nil {
		t.Fatal(err)
	}
	if fields["test_clock"] != nil && (cus.TestClock == nil || cus.TestClock.ID == "" || cus.TestClock.Status == "") {
		t.Errorf("expanded test_clock decoded as %+v", cus.TestClock)
	}
	if fields["default_source"] != nil && (cus.DefaultSource == nil || cus.DefaultSource.Object == "") {
		t.Errorf("expanded default_source decoded as %+v", cus.DefaultSource)
	}
	if fields["sources"] != nil && (cus.Sources == nil || len(cus.Sources.Data) == 0 || cus.Sources.Data[0].ID == "") {
		t.Errorf("expanded sources decoded as %+v", cus.Sources)
	}
}
