package benchmarks

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"

	"github.com/paykit/pay"
	"github.com/paykit/pay/benchmarks/floor"
	"github.com/paykit/pay/benchmarks/internal/fixture"
	"github.com/paykit/pay/charge"
	stripe "github.com/stripe/stripe-go/v84"
)

// TestSubjects_CreateAndPaginate runs each subject once against the fake
// server and checks what it decoded, so a benchmark never measures a call
// that silently failed.
func TestSubjects_CreateAndPaginate(t *testing.T) {
	want := summary{ID: fixture.ChargeID, Customer: "cus_NffrFeUfNV2Hib", ShippingName: "Jenny Rosen", Amount: 1099, Refunds: 1}
	for _, s := range subjects() {
		t.Run(s.name, func(t *testing.T) {
			ctx := context.Background()
			got, err := s.create(ctx)
			if err != nil {
				t.Fatalf("create: %v", err)
			}
			w := want
			if s.name == "floor12" {
				// The twelve fields hold neither shipping nor refunds.
				w.ShippingName, w.Refunds = "", 0
			}
			if got != w {
				t.Errorf("create decoded %+v, want %+v", got, w)
			}
			var n int
			err = s.paginate(ctx, "list_1000", func(id string) {
				if id != fixture.ID(n) {
					t.Fatalf("charge %d has id %q, want %q", n, id, fixture.ID(n))
				}
				n++
			})
			if err != nil {
				t.Fatalf("paginate: %v", err)
			}
			if n != 1000 {
				t.Errorf("paginated %d charges, want 1000", n)
			}
		})
	}
}

// TestDecode_SameFixture checks that every subject's types decode the
// fixture page the decode benchmarks use.
func TestDecode_SameFixture(t *testing.T) {
	page := fixture.Page(0, 100, 100)
	var p struct{ Data []*charge.Charge }
	if err := json.Unmarshal(page, &p); err != nil || len(p.Data) != 100 || p.Data[99].ID != fixture.ID(99) || p.Data[0].Customer.ID != "cus_NffrFeUfNV2Hib" {
		t.Errorf("pay: %v, %d charges", err, len(p.Data))
	}
	var s stripe.ChargeList
	if err := json.Unmarshal(page, &s); err != nil || len(s.Data) != 100 || s.Data[99].ID != fixture.ID(99) || s.Data[0].Customer.ID != "cus_NffrFeUfNV2Hib" {
		t.Errorf("stripe-go: %v, %d charges", err, len(s.Data))
	}
	var f floor.Page
	if err := json.Unmarshal(page, &f); err != nil || len(f.Data) != 100 || f.Data[99].ID != fixture.ID(99) || f.Data[0].Customer != "cus_NffrFeUfNV2Hib" {
		t.Errorf("floor: %v, %d charges", err, len(f.Data))
	}
}

// TestDecode_TimedMatchesClient checks that the decoding the benchmarks
// time for pay (encoding/json v1 and v2 into the public types) gives
// exactly the charge that charge.Client returns.
func TestDecode_TimedMatchesClient(t *testing.T) {
	charges := charge.NewClient(pay.NewClient(testKey, pay.WithBaseURL(srv.URL)))
	fromClient, err := charges.Create(context.Background(), payCreateParams())
	if err != nil {
		t.Fatal(err)
	}
	var v1, v2 charge.Charge
	if err := json.Unmarshal(fixture.Charge(), &v1); err != nil {
		t.Fatal(err)
	}
	if err := jsonv2.Unmarshal(fixture.Charge(), &v2); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromClient, &v1) || !reflect.DeepEqual(fromClient, &v2) {
		t.Errorf("the benchmark's decoding differs from charge.Client's:\n client %+v\n v1 %+v\n v2 %+v", fromClient, &v1, &v2)
	}
	var page pay.Page[charge.Charge]
	err = json.Unmarshal(fixture.Page(0, 100, 100), &page)
	if err != nil || len(page.Data) != 100 || page.Data[0].Source == nil || page.Data[0].Refunds == nil || page.Data[0].Refunds.Data[0].Charge.ID != fixture.ChargeID {
		t.Errorf("page: %v, %d charges", err, len(page.Data))
	}
	var f12 floor.Page12
	if err := json.Unmarshal(fixture.Page(0, 100, 100), &f12); err != nil || len(f12.Data) != 100 || f12.Data[0].PaymentMethodDetails.Card.Last4 != "4242" {
		t.Errorf("floor12: %v, %d charges", err, len(f12.Data))
	}
}
