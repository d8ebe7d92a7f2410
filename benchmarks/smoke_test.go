package benchmarks

import (
	"context"
	"encoding/json"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"

	"github.com/paykit/pay"
	"github.com/paykit/pay/benchmarks/floor"
	"github.com/paykit/pay/benchmarks/internal/fixture"
	"github.com/paykit/pay/charge"
	stripe "github.com/stripe/stripe-go/v84"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
			require.NoError(t, err, "create")
			w := want
			if s.name == "floor12" {
				// The twelve fields hold neither shipping nor refunds.
				w.ShippingName, w.Refunds = "", 0
			}
			assert.Equal(t, w, got, "create decoded")
			var n int
			err = s.paginate(ctx, "list_1000", func(id string) {
				require.Equal(t, fixture.ID(n), id, "charge %d's id", n)
				n++
			})
			require.NoError(t, err, "paginate")
			assert.Equal(t, 1000, n, "charges paginated")
		})
	}
}

// TestDecode_SameFixture checks that every subject's types decode the
// fixture page the decode benchmarks use.
func TestDecode_SameFixture(t *testing.T) {
	page := fixture.Page(0, 100, 100)
	var p struct{ Data []*charge.Charge }
	if assert.NoError(t, json.Unmarshal(page, &p), "pay") && assert.Len(t, p.Data, 100, "pay") {
		assert.Equal(t, fixture.ID(99), p.Data[99].ID, "pay")
		assert.Equal(t, "cus_NffrFeUfNV2Hib", p.Data[0].Customer.ID, "pay")
	}
	var s stripe.ChargeList
	if assert.NoError(t, json.Unmarshal(page, &s), "stripe-go") && assert.Len(t, s.Data, 100, "stripe-go") {
		assert.Equal(t, fixture.ID(99), s.Data[99].ID, "stripe-go")
		assert.Equal(t, "cus_NffrFeUfNV2Hib", s.Data[0].Customer.ID, "stripe-go")
	}
	var f floor.Page
	if assert.NoError(t, json.Unmarshal(page, &f), "floor") && assert.Len(t, f.Data, 100, "floor") {
		assert.Equal(t, fixture.ID(99), f.Data[99].ID, "floor")
		assert.Equal(t, "cus_NffrFeUfNV2Hib", f.Data[0].Customer, "floor")
	}
}

// TestDecode_TimedMatchesClient checks that the decoding the benchmarks
// time for pay (encoding/json v1 and v2 into the public types) gives
// exactly the charge that charge.Client returns.
func TestDecode_TimedMatchesClient(t *testing.T) {
	charges := charge.NewClient(pay.NewClient(testKey, pay.WithBaseURL(srv.URL)))
	fromClient, err := charges.Create(context.Background(), payCreateParams())
	require.NoError(t, err)
	var v1, v2 charge.Charge
	require.NoError(t, json.Unmarshal(fixture.Charge(), &v1))
	require.NoError(t, jsonv2.Unmarshal(fixture.Charge(), &v2))
	assert.Equal(t, &v1, fromClient, "the benchmark's encoding/json v1 decoding differs from charge.Client's")
	assert.Equal(t, &v2, fromClient, "the benchmark's encoding/json v2 decoding differs from charge.Client's")
	var page pay.Page[charge.Charge]
	err = json.Unmarshal(fixture.Page(0, 100, 100), &page)
	if assert.NoError(t, err, "page") && assert.Len(t, page.Data, 100, "page") {
		assert.NotNil(t, page.Data[0].Source, "page: Source")
		if assert.NotNil(t, page.Data[0].Refunds, "page: Refunds") {
			assert.Equal(t, fixture.ChargeID, page.Data[0].Refunds.Data[0].Charge.ID, "page")
		}
	}
	var f12 floor.Page12
	if assert.NoError(t, json.Unmarshal(fixture.Page(0, 100, 100), &f12), "floor12") && assert.Len(t, f12.Data, 100, "floor12") {
		assert.Equal(t, "4242", f12.Data[0].PaymentMethodDetails.Card.Last4, "floor12")
	}
}
