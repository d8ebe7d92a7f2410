package balancetransaction_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/balancetransaction"
	"github.com/paykit/pay/internal/conformance"
)

// The conformance tests run every balance transaction call, with every
// param set at least once, against stripe-mock (see internal/conformance),
// prove from the wire that no params field went untried, and walk every
// response next to the value it decoded into.

func TestMain(m *testing.M) { conformance.Main(m) }

var walk = conformance.References

func stripeMock(t *testing.T) (*balancetransaction.Client, *pay.Client, *conformance.Recorder) {
	return conformance.ClientFor(t, balancetransaction.NewClient)
}

func TestConformance_Get(t *testing.T) {
	c, _, rec := stripeMock(t)
	for _, expand := range [][]string{nil, {"source"}} {
		bt, err := c.Get(context.Background(), "txn_123", pay.Expand(expand...))
		require.NoError(t, err, "expand %v", expand)
		checkMock(t, bt)
		walk.Report(t, "Get", "balance_transaction", rec.LastBody(), bt)
		require.NotNil(t, bt.Source)
		assert.NotEmpty(t, bt.Source.ID)
		if len(expand) > 0 {
			assert.NotEmpty(t, bt.Source.Object, "expanded source's object type")
		}
	}
}

func TestConformance_RejectedRequestIsTypedError(t *testing.T) {
	_, pc, _ := stripeMock(t)
	conformance.WantRejected(t, pc, []conformance.Rejection{
		{Name: "unknown filter", Method: http.MethodGet, Path: "/v1/balance_transactions", Params: url.Values{"charge": {"ch_123"}}, Status: 400},
		{Name: "created filter neither a timestamp nor a range", Method: http.MethodGet, Path: "/v1/balance_transactions", Params: url.Values{"created": {"last week"}}, Status: 400},
		{Name: "limit not an integer", Method: http.MethodGet, Path: "/v1/balance_transactions", Params: url.Values{"limit": {"many"}}, Status: 400},
		{Name: "balance transactions are read-only", Method: http.MethodPost, Path: "/v1/balance_transactions/txn_123", Params: url.Values{"description": {"x"}}, Status: 404},
	})
}

func TestConformance_LostReportsWhatGoesMissing(t *testing.T) {
	walk.WantLost(t, "balance_transaction", []conformance.LostCase{
		{Name: "unmodelled fee key", Sent: `{"fee_details":[{"amount":1,"rate":"2.9%"}]}`,
			Got:  &balancetransaction.BalanceTransaction{FeeDetails: []balancetransaction.Fee{{Amount: 1}}},
			Want: []string{`balance_transaction.fee_details[0].rate: the API sends it`}},
		{Name: "value lost", Sent: `{"net":1912}`, Got: &balancetransaction.BalanceTransaction{},
			Want: []string{`balance_transaction.net: the API sent 1912, decoded as 0`}},
		{Name: "all there", Sent: `{"id":"txn_1","source":"ch_1","exchange_rate":null}`,
			Got: &balancetransaction.BalanceTransaction{ID: "txn_1", Source: &pay.Reference{ID: "ch_1"}}},
	})
}

// checkMock checks what every balance transaction stripe-mock returns has.
func checkMock(t *testing.T, bt *balancetransaction.BalanceTransaction) {
	t.Helper()
	assert.True(t, strings.HasPrefix(bt.ID, "txn_"), "ID %q", bt.ID)
	assert.Equal(t, "balance_transaction", bt.Object)
	assert.Len(t, bt.Currency, 3)
	assert.Equal(t, bt.Amount-bt.Fee, bt.Net)
	assert.Contains(t, []balancetransaction.Status{balancetransaction.StatusAvailable, balancetransaction.StatusPending}, bt.Status)
	assert.NotEmpty(t, bt.Type)
}
