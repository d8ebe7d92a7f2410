package charge_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/internal/conformance"
)

// TestParams_EveryFieldIsAParamOfItsEndpoint fills every field of every
// params struct from the API's spec: none can encode a param its endpoint
// would refuse.
func TestParams_EveryFieldIsAParamOfItsEndpoint(t *testing.T) {
	for _, tc := range []struct {
		method, path string
		params       any
	}{
		{"POST", "/v1/charges", &charge.CreateParams{}},
		{"POST", "/v1/charges/{charge}", &charge.UpdateParams{}},
		{"POST", "/v1/charges/{charge}/capture", &charge.CaptureParams{}},
		{"GET", "/v1/charges", &charge.ListParams{}},
		{"GET", "/v1/charges/search", &charge.SearchParams{}},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			assert.Empty(t, conformance.Unsendable(t, tc.method, tc.path, tc.params))
		})
	}
}
