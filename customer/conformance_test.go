package customer

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/stripemock"
)

// The conformance tests run every call, with every param set at least once,
// against stripe-mock, which validates requests against the API's OpenAPI
// spec. stripe-mock is started once, on first use (or STRIPE_MOCK_URL is
// used), and never skipped: a failure to start it fails the test.

var mock struct {
	once sync.Once
	url  string
	stop func()
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if mock.stop != nil {
		mock.stop()
	}
	os.Exit(code)
}

// stripeMock returns a customer client and the core client aimed at
// stripe-mock.
func stripeMock(t *testing.T) (*Client, *pay.Client) {
	t.Helper()
	mock.once.Do(func() { mock.url, mock.stop, mock.err = stripemock.Start() })
	if mock.err != nil {
		t.Fatalf("stripe-mock: %v", mock.err)
	}
	pc := pay.NewClient("sk_test_123", pay.WithBaseURL(mock.url), pay.WithMaxRetries(0))
	return NewClient(pc), pc
}

func TestConformance_EveryCallAndParamIsAccepted(t *testing.T) {
	c, _ := stripeMock(t)
	ctx := context.Background()

	cus, err := c.Create(ctx, &CreateParams{
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
		TaxExempt:        TaxExemptNone,
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

	updates := map[string]*UpdateParams{
		"set every field": {
			Email: pay.String("jenny@example.com"), Name: pay.String("Jenny R."), Phone: pay.String("+14155550100"),
			Description: pay.String("vip"), Source: pay.String("tok_mastercard"), DefaultSource: pay.String("card_123"),
			Metadata: pay.Metadata{"order_id": "", "plan": "pro"},
			Address:  &pay.AddressParams{Line1: "2 Side St", Country: "US"},
			Shipping: &pay.ShippingParams{Name: "Jenny", Address: &pay.AddressParams{Line1: "2 Side St"}},
			Balance:  pay.Int64(0), PreferredLocales: []string{"de"}, TaxExempt: ptr(TaxExemptReverse), InvoicePrefix: pay.String("JENNY2"),
		},
		"clear fields": {
			Email: pay.String(""), Name: pay.String(""), Phone: pay.String(""), Description: pay.String(""),
			TaxExempt: ptr(TaxExempt("")), Address: &pay.AddressParams{}, Shipping: &pay.ShippingParams{},
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
	page, err := c.ListPage(ctx, &ListParams{
		ListParams: pay.ListParams{Limit: 3, StartingAfter: "cus_1"},
		Email:      "jenny@example.com",
		Created:    &pay.RangeQuery{GT: 1, GTE: 1, LT: 2000000000, LTE: 2000000000},
	}, pay.Expand("data.default_source"))
	if err != nil {
		t.Errorf("ListPage: %v", err)
	} else if len(page.Data) == 0 || page.Data[0].ID == "" {
		t.Errorf("ListPage returned %+v", page)
	}
	for _, err := range c.List(ctx, &ListParams{ListParams: pay.ListParams{EndingBefore: "cus_1", Limit: 1}}) {
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
// checks that every field the API sends is one Customer models, and that
// what it models comes back with the API's values.
func TestConformance_DecodingLosesNoField(t *testing.T) {
	_, pc := stripeMock(t)
	expand := pay.Expand("default_source", "sources", "test_clock", "discount", "tax", "tax_ids",
		"subscriptions", "cash_balance", "invoice_settings.default_payment_method")

	var raw json.RawMessage
	if err := pc.Do(context.Background(), "GET", "/v1/customers/cus_123", nil, &raw, expand); err != nil {
		t.Fatalf("Get: %v", err)
	}
	var fields map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&fields); err != nil {
		t.Fatal(err)
	}
	modelled := jsonNames(reflect.TypeOf(Customer{}))
	for k := range fields {
		if !slices.Contains(modelled, k) {
			t.Errorf("the API's customer field %q is not modelled", k)
		}
	}

	var cus Customer
	if err := json.Unmarshal(raw, &cus); err != nil {
		t.Fatalf("decoding: %v", err)
	}
	checks := map[string]any{
		"id": cus.ID, "object": cus.Object, "created": cus.Created, "email": cus.Email,
		"balance": cus.Balance, "invoice_prefix": cus.InvoicePrefix, "tax_exempt": string(cus.TaxExempt),
		"next_invoice_sequence": cus.NextInvoiceSequence, "livemode": cus.Livemode, "delinquent": cus.Delinquent,
	}
	for k, got := range checks {
		want := fields[k]
		if want == nil {
			want = reflect.Zero(reflect.TypeOf(got)).Interface()
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s = %v, the API sent %v", k, got, want)
		}
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

func jsonNames(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		names = append(names, strings.Split(t.Field(i).Tag.Get("json"), ",")[0])
	}
	return names
}
