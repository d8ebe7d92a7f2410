package form_test

import (
	"testing"

	"github.com/google/go-querystring/query"
	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/form"
)

func benchCreateParams() *charge.CreateParams {
	return &charge.CreateParams{
		Amount:      2000,
		Currency:    "usd",
		Source:      "tok_visa",
		Description: "Order 6735",
		Metadata:    pay.Metadata{"order_id": "6735", "customer_ref": "A-1029"},
		Shipping: &pay.ShippingParams{
			Name:    "Jenny Rosen",
			Phone:   "+15555550123",
			Address: &pay.AddressParams{Line1: "1 Main St", City: "San Francisco", PostalCode: "94111", Country: "US"},
		},
	}
}

// BenchmarkEncode_ChargeCreate encodes a charge-create request (metadata,
// shipping with an address, two expanded fields) to its body, as
// pay.Client.Do does.
func BenchmarkEncode_ChargeCreate(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		vals, err := form.Encode(benchCreateParams())
		if err != nil {
			b.Fatal(err)
		}
		vals.Set("expand[0]", "customer")
		vals.Set("expand[1]", "balance_transaction")
		_ = vals.Encode()
	}
}

// BenchmarkEncode_ChargeCreateQueryValues is the same through
// query.Values alone (reflection and tag parsing on every call), the cost
// the per-type plans remove.
func BenchmarkEncode_ChargeCreateQueryValues(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		vals, err := query.Values(benchCreateParams())
		if err != nil {
			b.Fatal(err)
		}
		vals.Set("expand[0]", "customer")
		vals.Set("expand[1]", "balance_transaction")
		_ = vals.Encode()
	}
}
