package refund_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/paykit/pay/internal/conformance"
	"github.com/paykit/pay/refund"
)

// TestParams_EveryFieldIsAParamOfItsEndpoint fills every field of every
// params struct from the API's spec: none can encode a param its endpoint
// would refuse.
func TestParams_EveryFieldIsAParamOfItsEndpoint(t *testing.T) {
	for _, tc := range []struct {
		method, path string
		params       any
	}{
		{"POST", "/v1/refunds", &refund.CreateParams{}},
		{"POST", "/v1/refunds/{refund}", &refund.UpdateParams{}},
		{"GET", "/v1/refunds", &refund.ListParams{}},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			assert.Empty(t, conformance.Unsendable(t, tc.method, tc.path, tc.params))
		})
	}
}
