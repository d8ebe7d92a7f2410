package refund_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/internal/conformance"
	"github.com/paykit/pay/refund"
)

// The conformance tests run every refund call, with every param set at least
// once, against stripe-mock (see internal/conformance), prove from the wire
// that no params field went untried, and walk every response next to the
// value it decoded into.

func TestMain(m *testing.M) { conformance.Main(m) }

var walk = conformance.References

// stripeMock returns a refund client and the core client aimed at
// stripe-mock (retries off), and the recorder of their traffic.
func stripeMock(t *testing.T) (*refund.Client, *pay.Client, *conformance.Recorder) {
	return conformance.ClientFor(t, refund.NewClient)
}

func TestConformance_Create(t *testing.T) {
	c, _, rec := stripeMock(t)
	tests := []struct {
		name   string
		params *refund.CreateParams
	}{
		{"every param", &refund.CreateParams{
			Charge: "ch_123", Amount: 500, Reason: refund.ReasonRequestedByCustomer,
			Metadata: pay.Metadata{"order_id": "6735"}, RefundApplicationFee: pay.Bool(true),
			ReverseTransfer: pay.Bool(true), InstructionsEmail: "jenny@example.com",
		}},
		{"payment intent, false flags, empty metadata", &refund.CreateParams{
			PaymentIntent: "pi_123", Reason: refund.ReasonFraudulent, RefundApplicationFee: pay.Bool(false),
			ReverseTransfer: pay.Bool(false), Metadata: pay.Metadata{},
		}},
		{"full refund of a charge", &refund.CreateParams{Charge: "ch_123", Reason: refund.ReasonDuplicate}},
		{"customer balance", &refund.CreateParams{
			Customer: "cus_123", Currency: "usd", Origin: refund.OriginCustomerBalance, Amount: 500,
		}},
	}
	for i, tt := range tests {
		re, err := c.Create(context.Background(), tt.params, pay.IdempotencyKey(fmt.Sprintf("conformance-refund-%d", i)))
		if !assert.NoError(t, err, "%s: Create", tt.name) {
			continue
		}
		checkMockRefund(t, tt.name, re)
		walk.Report(t, tt.name, "refund", rec.LastBody(), re)
		// stripe-mock echoes these params in the refund it returns.
		if tt.params.Amount != 0 {
			assert.Equal(t, tt.params.Amount, re.Amount, "%s: Amount, want the params'", tt.name)
		}
		assert.Equal(t, tt.params.Reason, re.Reason, "%s: Reason, want the params'", tt.name)
		if tt.params.Charge != "" && assert.NotNil(t, re.Charge, "%s: Charge, want the params'", tt.name) {
			assert.Equal(t, tt.params.Charge, re.Charge.ID, "%s: Charge.ID, want the params'", tt.name)
		}
	}
	rec.WantEveryParamSent(t, "POST /v1/refunds", refund.CreateParams{})
}

func TestConformance_Update(t *testing.T) {
	c, _, rec := stripeMock(t)
	tests := []struct {
		name   string
		params *refund.UpdateParams
	}{
		{"set metadata", &refund.UpdateParams{Metadata: pay.Metadata{"order_id": "6735", "note": "late"}}},
		{"unset one metadata key", &refund.UpdateParams{Metadata: pay.Metadata{"note": ""}}},
		{"unset all metadata", &refund.UpdateParams{Metadata: pay.Metadata{}}},
		{"nil params", nil},
	}
	for _, tt := range tests {
		re, err := c.Update(context.Background(), "re_123", tt.params, pay.Expand("charge"))
		if !assert.NoError(t, err, "%s: Update", tt.name) {
			continue
		}
		checkMockRefund(t, tt.name, re)
		walk.Report(t, tt.name, "refund", rec.LastBody(), re)
	}
	rec.WantEveryParamSent(t, "POST /v1/refunds/{id}", refund.UpdateParams{})
}

func TestConformance_Get(t *testing.T) {
	c, _, rec := stripeMock(t)
	for _, expand := range [][]string{nil, {"charge"}, {"balance_transaction"}, {"charge", "charge.customer", "balance_transaction"}} {
		name := fmt.Sprintf("Get, expanding %v", expand)
		re, err := c.Get(context.Background(), "re_123", pay.Expand(expand...))
		if !assert.NoError(t, err, name) {
			continue
		}
		checkMockRefund(t, name, re)
		walk.Report(t, name, "refund", rec.LastBody(), re)
		if slices.Contains(expand, "charge") && assert.NotNil(t, re.Charge, "%s: Charge", name) {
			assert.Equal(t, "charge", re.Charge.Object, "%s: Charge, want the expanded charge", name)
		}
		if slices.Contains(expand, "balance_transaction") && assert.NotNil(t, re.BalanceTransaction, "%s: BalanceTransaction", name) {
			assert.Equal(t, "balance_transaction", re.BalanceTransaction.Object, "%s: BalanceTransaction, want the expanded balance transaction", name)
		}
	}
}

// everyRefundExpansion is every expandable field of a refund, and of its
// charge, so that every object the type models arrives in full.
var everyRefundExpansion = pay.Expand(
	"charge", "charge.customer", "charge.balance_transaction", "balance_transaction",
	"failure_balance_transaction", "customer", "payment_intent", "payment_method",
	"source_transfer_reversal", "transfer_reversal",
)

// TestConformance_DecodingLosesNoField decodes a fully expanded refund and
// checks that every field the API sends is one Refund models (recursively,
// through its expanded charge and every nested object we model), and arrives
// with the API's value.
func TestConformance_DecodingLosesNoField(t *testing.T) {
	c, _, rec := stripeMock(t)
	re, err := c.Get(context.Background(), "re_123", everyRefundExpansion)
	require.NoError(t, err, "Get")
	raw := rec.LastBody()
	walk.Report(t, "Get", "refund", raw, re)
	checkMockRefund(t, "Get", re)

	// The walk covers these objects only if stripe-mock sends them.
	var sent map[string]any
	require.NoError(t, conformance.DecodeJSON(raw, &sent))
	for _, key := range []string{"charge", "balance_transaction", "destination_details", "customer"} {
		assert.IsType(t, map[string]any{}, sent[key], "stripe-mock sent no %s object to check", key)
	}

	if ch := re.Charge; assert.NotNil(t, ch, "expanded Charge") {
		assert.True(t, strings.HasPrefix(ch.ID, "ch_"), "expanded Charge.ID = %q", ch.ID)
		assert.Equal(t, "charge", ch.Object, "expanded Charge.Object")
		assert.Positive(t, ch.Amount, "expanded Charge.Amount")
		if assert.NotNil(t, ch.Customer, "expanded Charge.Customer") {
			assert.True(t, strings.HasPrefix(ch.Customer.ID, "cus_"), "expanded Charge.Customer.ID = %q", ch.Customer.ID)
			assert.Equal(t, "customer", ch.Customer.Object, "expanded Charge.Customer.Object")
		}
	}
	if bt := re.BalanceTransaction; assert.NotNil(t, bt, "expanded BalanceTransaction") {
		assert.True(t, strings.HasPrefix(bt.ID, "txn_"), "expanded BalanceTransaction.ID = %q", bt.ID)
		assert.Equal(t, "balance_transaction", bt.Object, "expanded BalanceTransaction.Object")
	}
	if cus := re.Customer; assert.NotNil(t, cus, "expanded Customer") {
		assert.True(t, strings.HasPrefix(cus.ID, "cus_"), "expanded Customer.ID = %q", cus.ID)
		assert.Equal(t, "customer", cus.Object, "expanded Customer.Object")
	}
	if d := re.DestinationDetails; assert.NotNil(t, d, "DestinationDetails") {
		assert.Equal(t, "card", d.Type, "DestinationDetails.Type")
		if assert.NotNil(t, d.Card, "DestinationDetails.Card, want card details") {
			assert.NotEmpty(t, d.Card.Type, "DestinationDetails.Card.Type")
		}
	}
	for name, tt := range map[string]struct {
		ref    *pay.Reference
		object string
	}{
		"payment_intent": {re.PaymentIntent, "payment_intent"}, "payment_method": {re.PaymentMethod, "payment_method"},
		"source_transfer_reversal": {re.SourceTransferReversal, "transfer_reversal"},
		"transfer_reversal":        {re.TransferReversal, "transfer_reversal"},
	} {
		if assert.NotNil(t, tt.ref, "expanded %s", name) {
			assert.NotEmpty(t, tt.ref.ID, "expanded %s: ID", name)
			assert.Equal(t, tt.object, tt.ref.Object, "expanded %s: Object", name)
		}
	}
}

// TestConformance_RejectedRequestIsTypedError sends, through the raw
// pay.Client.Do, requests stripe-mock must reject, and checks that the
// answer decodes into a *pay.Error. (A refund with neither charge nor
// payment_intent is not among them: the spec marks no refund param
// required, so stripe-mock accepts it; refund.Client.Create rejects it
// before sending.)
func TestConformance_RejectedRequestIsTypedError(t *testing.T) {
	_, pc, _ := stripeMock(t)
	conformance.WantRejected(t, pc, []conformance.Rejection{
		{Name: "unknown param", Method: http.MethodPost, Path: "/v1/refunds", Params: url.Values{"chrage": {"ch_123"}}, Status: 400},
		{Name: "amount not an integer", Method: http.MethodPost, Path: "/v1/refunds", Params: url.Values{"charge": {"ch_123"}, "amount": {"all"}}, Status: 400},
		{Name: "flag not a boolean", Method: http.MethodPost, Path: "/v1/refunds", Params: url.Values{"charge": {"ch_123"}, "reverse_transfer": {"maybe"}}, Status: 400},
		{Name: "metadata neither a map nor empty", Method: http.MethodPost, Path: "/v1/refunds", Params: url.Values{"charge": {"ch_123"}, "metadata": {"x"}}, Status: 400},
		{Name: "update of a param only create takes", Method: http.MethodPost, Path: "/v1/refunds/re_123", Params: url.Values{"amount": {"100"}}, Status: 400},
		{Name: "created filter neither a timestamp nor a range", Method: http.MethodGet, Path: "/v1/refunds", Params: url.Values{"created": {"yesterday"}}, Status: 400},
		{Name: "unknown URL", Method: http.MethodPost, Path: "/v1/refunds/re_123/cancel/now", Params: nil, Status: 404},
	})
}

// TestConformance_LostReportsWhatGoesMissing proves the walk is not
// vacuous on refunds: it reports an unmodelled key, a value that did not
// arrive, and a nested object that decoded as nil.
func TestConformance_LostReportsWhatGoesMissing(t *testing.T) {
	walk.WantLost(t, "refund", []conformance.LostCase{
		{Name: "unmodelled nested key", Sent: `{"destination_details":{"type":"card","card":{"type":"refund","arn":"x"}}}`,
			Got:  &refund.Refund{DestinationDetails: &charge.RefundDestinationDetails{Type: "card", Card: &charge.RefundDestinationCard{Type: "refund"}}},
			Want: []string{`refund.destination_details.card.arn: the API sends it`}},
		{Name: "value lost in the expanded charge", Sent: `{"charge":{"id":"ch_1","amount":100}}`, Got: &refund.Refund{Charge: &charge.Charge{ID: "ch_1"}},
			Want: []string{`refund.charge.amount: the API sent 100, decoded as 0`}},
		{Name: "object lost", Sent: `{"next_action":{"type":"display_details"}}`, Got: &refund.Refund{},
			Want: []string{`refund.next_action: the API sent`}},
		{Name: "all there", Sent: `{"id":"re_1","charge":"ch_1","reason":null,"metadata":{}}`,
			Got: &refund.Refund{ID: "re_1", Charge: &charge.Charge{ID: "ch_1"}}, Want: nil},
	})
}

// checkMockRefund checks the values every refund stripe-mock returns must have.
func checkMockRefund(t *testing.T, name string, re *refund.Refund) {
	t.Helper()
	assert.True(t, strings.HasPrefix(re.ID, "re_"), "%s: ID = %q, want a re_ id", name, re.ID)
	assert.Equal(t, "refund", re.Object, "%s: Object", name)
	assert.Positive(t, re.Amount, "%s: Amount", name)
	assert.Len(t, re.Currency, 3, "%s: Currency", name)
	assert.Contains(t, []refund.Status{refund.StatusPending, refund.StatusRequiresAction, refund.StatusSucceeded, refund.StatusFailed, refund.StatusCanceled},
		re.Status, "%s: Status, not a refund.Status constant", name)
}
