package customer_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/internal/conformance"
)

// TestParams_EveryFieldIsAParamOfItsEndpoint fills every field of every
// params struct from the API's spec: none can encode a param its endpoint
// would refuse. The shared pay.ShippingParams has a carrier and a tracking
// number, which a customer's shipping has not: validation refuses them
// before sending (below), so they are the only fields listed.
func TestParams_EveryFieldIsAParamOfItsEndpoint(t *testing.T) {
	shippingOnlyCharges := []string{"shipping[carrier]", "shipping[tracking_number]"}
	for _, tc := range []struct {
		method, path string
		params       any
		refused      []string
	}{
		{"POST", "/v1/customers", &customer.CreateParams{}, shippingOnlyCharges},
		{"POST", "/v1/customers/{customer}", &customer.UpdateParams{}, shippingOnlyCharges},
		{"GET", "/v1/customers", &customer.ListParams{}, nil},
		{"GET", "/v1/customers/search", &customer.SearchParams{}, nil},
		{"POST", "/v1/customers/{customer}/sources", &customer.CreateCardParams{}, nil},
		{"POST", "/v1/customers/{customer}/sources/{id}", &customer.UpdateCardParams{}, nil},
		{"GET", "/v1/customers/{customer}/sources", &customer.ListCardsParams{}, nil},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			lines := conformance.Unsendable(t, tc.method, tc.path, tc.params)
			require.Len(t, lines, len(tc.refused), "%q", lines)
			for i, name := range tc.refused {
				assert.Contains(t, lines[i], " "+name+" ")
			}
		})
	}

	// The two the spec lacks never leave the client.
	c := customer.NewClient(pay.NewClient("sk_test_123", pay.WithBaseURL("http://127.0.0.1:1")))
	for _, sh := range []pay.ShippingParams{{Name: "J", Carrier: "UPS"}, {Name: "J", TrackingNumber: "1Z"}} {
		_, err := c.Create(context.Background(), &customer.CreateParams{Shipping: &sh})
		var pe *pay.Error
		require.True(t, errors.As(err, &pe), "got %v", err)
		assert.Contains(t, shippingOnlyCharges, pe.Param)
		assert.Zero(t, pe.StatusCode, "refused before sending")
	}
}
