package refund_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

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

// walk compares responses with what they decoded into; pay.Reference
// keeps only the id and object type of an expanded object, by design.
var walk = conformance.Walk{Partial: []reflect.Type{reflect.TypeFor[pay.Reference]()}}

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
		if err != nil {
			t.Errorf("%s: Create: %v", tt.name, err)
			continue
		}
		checkMockRefund(t, tt.name, re)
		walk.Report(t, tt.name, "refund", rec.LastBody(), re)
		// stripe-mock echoes these params in the refund it returns.
		if tt.params.Amount != 0 && re.Amount != tt.params.Amount || re.Reason != tt.params.Reason ||
			tt.params.Charge != "" && (re.Charge == nil || re.Charge.ID != tt.params.Charge) {
			t.Errorf("%s: refund = {Amount: %d, Reason: %q, Charge: %+v}, want the params' %d, %q, %q",
				tt.name, re.Amount, re.Reason, re.Charge, tt.params.Amount, tt.params.Reason, tt.params.Charge)
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
		if err != nil {
			t.Errorf("%s: Update: %v", tt.name, err)
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
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		checkMockRefund(t, name, re)
		walk.Report(t, name, "refund", rec.LastBody(), re)
		if slices.Contains(expand, "charge") && (re.Charge == nil || re.Charge.Object != "charge") {
			t.Errorf("%s: Charge = %+v, want the expanded charge", name, re.Charge)
		}
		if slices.Contains(expand, "balance_transaction") && (re.BalanceTransaction == nil || re.BalanceTransaction.Object != "balance_transaction") {
			t.Errorf("%s: BalanceTransaction = %+v, want the expanded balance transaction", name, re.BalanceTransaction)
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
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	raw := rec.LastBody()
	walk.Report(t, "Get", "refund", raw, re)
	checkMockRefund(t, "Get", re)

	// The walk covers these objects only if stripe-mock sends them.
	var sent map[string]any
	if err := conformance.DecodeJSON(raw, &sent); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"charge", "balance_transaction", "destination_details", "customer"} {
		if _, ok := sent[key].(map[string]any); !ok {
			t.Errorf("stripe-mock sent no %s object to check (got %v)", key, sent[key])
		}
	}

	if ch := re.Charge; ch == nil || !strings.HasPrefix(ch.ID, "ch_") || ch.Object != "charge" || ch.Amount <= 0 {
		t.Errorf("expanded Charge = %+v", re.Charge)
	} else if ch.Customer == nil || !strings.HasPrefix(ch.Customer.ID, "cus_") || ch.Customer.Object != "customer" {
		t.Errorf("expanded Charge.Customer = %+v", ch.Customer)
	}
	if re.BalanceTransaction == nil || !strings.HasPrefix(re.BalanceTransaction.ID, "txn_") || re.BalanceTransaction.Object != "balance_transaction" {
		t.Errorf("expanded BalanceTransaction = %+v", re.BalanceTransaction)
	}
	if re.Customer == nil || !strings.HasPrefix(re.Customer.ID, "cus_") || re.Customer.Object != "customer" {
		t.Errorf("expanded Customer = %+v", re.Customer)
	}
	if d := re.DestinationDetails; d == nil || d.Type != "card" || d.Card == nil || d.Card.Type == "" {
		t.Errorf("DestinationDetails = %+v, want card details", d)
	}
	for name, tt := range map[string]struct {
		ref    *pay.Reference
		object string
	}{
		"payment_intent": {re.PaymentIntent, "payment_intent"}, "payment_method": {re.PaymentMethod, "payment_method"},
		"source_transfer_reversal": {re.SourceTransferReversal, "transfer_reversal"},
		"transfer_reversal":        {re.TransferReversal, "transfer_reversal"},
	} {
		if tt.ref == nil || tt.ref.ID == "" || tt.ref.Object != tt.object {
			t.Errorf("expanded %s = %+v, want an id and object %q", name, tt.ref, tt.object)
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
	if !strings.HasPrefix(re.ID, "re_") || re.Object != "refund" || re.Amount <= 0 || len(re.Currency) != 3 {
		t.Errorf("%s: refund = {ID: %q, Object: %q, Amount: %d, Currency: %q}, want a re_ id, object refund, an amount and a currency",
			name, re.ID, re.Object, re.Amount, re.Currency)
	}
	switch re.Status {
	case refund.StatusPending, refund.StatusRequiresAction, refund.StatusSucceeded, refund.StatusFailed, refund.StatusCanceled:
	default:
		t.Errorf("%s: Status = %q, not a refund.Status constant", name, re.Status)
	}
}
