package balancetransaction_test

import (
	"net/http"
	"testing"

	"github.com/paykit/pay/balancetransaction"
	"github.com/paykit/pay/internal/apitest"
)

// setup returns a balance transaction client aimed at a test server of its
// own (see apitest.Setup: the API under a prefix, retries off) and the
// server's mux.
func setup(t *testing.T) (*balancetransaction.Client, *http.ServeMux) {
	return apitest.SetupClient(t, balancetransaction.NewClient)
}
