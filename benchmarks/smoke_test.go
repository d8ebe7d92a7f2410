package benchmarks

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

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
			if got != want {
				t.Errorf("create decoded %+v, want %+v", got, want)
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

// TestDecode_MirrorMatchesClient checks that the decoding the benchmarks
// time for pay (payWire, a mirror of charge/wire.go) gives exactly the
// charge that charge.Client returns.
func TestDecode_MirrorMatchesClient(t *testing.T) {
	charges := charge.NewClient(pay.NewClient(testKey, pay.WithBaseURL(srv.URL)))
	fromClient, err := charges.Create(context.Background(), payCreateParams())
	if err != nil {
		t.Fatal(err)
	}
	mirrored, err := decodePay(fixture.Charge())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromClient, mirrored) {
		t.Errorf("the benchmark's decoding differs from charge.Client's:\n client %+v\n mirror %+v", fromClient, mirrored)
	}
	page, err := decodePayPage(fixture.Page(0, 100, 100))
	if err != nil || len(page) != 100 || page[0].Source == nil || page[0].Refunds == nil || page[0].Refunds.Data[0].Charge.ID != fixture.ChargeID {
		t.Errorf("page: %v, %d charges", err, len(page))
	}
}
