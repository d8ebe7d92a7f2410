package refund_test

import (
	"net/http"
	"testing"

	"github.com/paykit/pay/internal/apitest"
	"github.com/paykit/pay/refund"
)

// setup returns a refund client aimed at a test server of its own (see
// apitest.Setup: the API under a prefix, retries off) and the server's mux.
func setup(t *testing.T) (*refund.Client, *http.ServeMux) {
	return apitest.SetupClient(t, refund.NewClient)
}
