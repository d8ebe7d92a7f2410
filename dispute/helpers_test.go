package dispute_test

import (
	"net/http"
	"testing"

	"github.com/paykit/pay/dispute"
	"github.com/paykit/pay/internal/apitest"
)

// setup returns a dispute client aimed at a test server of its own (see
// apitest.Setup: the API under a prefix, retries off) and the server's mux.
func setup(t *testing.T) (*dispute.Client, *http.ServeMux) {
	return apitest.SetupClient(t, dispute.NewClient)
}
