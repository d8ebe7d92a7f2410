package customer_test

import (
	"net/http"
	"testing"

	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/internal/apitest"
)

// setup returns a customer client aimed at a test server of its own (see
// apitest.Setup: the API under a prefix, retries off) and the server's mux.
func setup(t *testing.T) (*customer.Client, *http.ServeMux) {
	return apitest.SetupClient(t, customer.NewClient)
}
