package form_test

import (
	"fmt"

	"github.com/paykit/pay"
	"github.com/paykit/pay/form"
)

func ExampleEncode() {
	type params struct {
		Amount   int64               `url:"amount,omitempty"`
		Currency string              `url:"currency,omitempty"`
		Capture  *bool               `url:"capture,omitempty"`
		Shipping *pay.ShippingParams `url:"shipping,omitempty"`
		Metadata pay.Metadata        `url:"metadata"`
		Expand   []string            `url:"expand,brackets"`
	}
	vals, err := form.Encode(&params{
		Amount:   2000,
		Currency: "usd",
		Capture:  pay.Bool(false),
		Shipping: &pay.ShippingParams{Name: "Jenny Rosen", Address: &pay.AddressParams{Line1: "1 Main St"}},
		Metadata: pay.Metadata{"order_id": "6735"},
		Expand:   []string{"customer", "balance_transaction"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, k := range []string{"amount", "currency", "capture", "shipping[name]", "shipping[address][line1]", "metadata[order_id]", "expand[0]", "expand[1]"} {
		fmt.Printf("%s=%s\n", k, vals.Get(k))
	}
	// Output:
	// amount=2000
	// currency=usd
	// capture=false
	// shipping[name]=Jenny Rosen
	// shipping[address][line1]=1 Main St
	// metadata[order_id]=6735
	// expand[0]=customer
	// expand[1]=balance_transaction
}

func ExampleEncode_unsetMetadata() {
	type params struct {
		Metadata pay.Metadata `url:"metadata"`
	}
	one, _ := form.Encode(&params{Metadata: pay.Metadata{"order_id": ""}})
	all, _ := form.Encode(&params{Metadata: pay.Metadata{}})
	none, _ := form.Encode(&params{})
	fmt.Printf("%q\n%q\n%q\n", one.Encode(), all.Encode(), none.Encode())
	// Output:
	// "metadata%5Border_id%5D="
	// "metadata="
	// ""
}
