package dispute_test

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/dispute"
	"github.com/paykit/pay/internal/conformance"
)

// The conformance tests run every dispute call, with every param set at
// least once, against stripe-mock (see internal/conformance), prove from
// the wire that no params field went untried, and walk every response next
// to the value it decoded into.

func TestMain(m *testing.M) { conformance.Main(m) }

var walk = conformance.References

func stripeMock(t *testing.T) (*dispute.Client, *pay.Client, *conformance.Recorder) {
	return conformance.ClientFor(t, dispute.NewClient)
}

// everyEvidence sets every evidence field.
func everyEvidence() *dispute.EvidenceParams {
	s := pay.String
	return &dispute.EvidenceParams{
		AccessActivityLog: s("GET /download 200"), BillingAddress: s("1 Main St"),
		CancellationPolicy: s("file_1"), CancellationPolicyDisclosure: s("shown at checkout"),
		CancellationRebuttal: s("not canceled"), CustomerCommunication: s("file_2"),
		CustomerEmailAddress: s("jenny@example.com"), CustomerName: s("Jenny Rosen"),
		CustomerPurchaseIP: s("192.0.2.7"), CustomerSignature: s("file_3"),
		DuplicateChargeDocumentation: s("file_4"), DuplicateChargeExplanation: s("two orders"),
		DuplicateChargeID: s("ch_other"),
		EnhancedEvidence: &dispute.EnhancedEvidenceParams{
			MastercardCompliance: &dispute.ComplianceEvidenceParams{FeeAcknowledged: pay.Bool(true)},
			VisaCompellingEvidence3: &dispute.CompellingEvidence3Params{
				DisputedTransaction: &dispute.DisputedTransactionParams{
					CustomerAccountID: s("acct-7"), CustomerDeviceFingerprint: s("fp"), CustomerDeviceID: s("dev"),
					CustomerEmailAddress: s("jenny@example.com"), CustomerPurchaseIP: s("192.0.2.7"),
					MerchandiseOrServices: "merchandise", ProductDescription: s("mug"),
					ShippingAddress: &dispute.ShippingAddressParams{City: s("Berlin"), Country: s("DE"), Line1: s("Str 1"),
						Line2: s("2"), PostalCode: s("10115"), State: s("BE")},
				},
				PriorUndisputedTransactions: []dispute.PriorTransactionParams{
					{Charge: "ch_1", CustomerAccountID: s("acct-7"), CustomerDeviceFingerprint: s("fp"), CustomerDeviceID: s("dev"),
						CustomerEmailAddress: s("jenny@example.com"), CustomerPurchaseIP: s("192.0.2.7"), ProductDescription: s("mug"),
						ShippingAddress: &dispute.ShippingAddressParams{City: s("Berlin"), Country: s("DE"), Line1: s("Str 1"),
							Line2: s("2"), PostalCode: s("10115"), State: s("BE")}},
					{Charge: "ch_2"},
				},
			},
			VisaCompliance: &dispute.ComplianceEvidenceParams{FeeAcknowledged: pay.Bool(true)},
		},
		ProductDescription: s("mug"), Receipt: s("file_5"), RefundPolicy: s("file_6"),
		RefundPolicyDisclosure: s("on the site"), RefundRefusalExplanation: s("used"),
		ServiceDate: s("2026-11-01"), ServiceDocumentation: s("file_7"),
		ShippingAddress: s("Str 1, Berlin"), ShippingCarrier: s("DHL"), ShippingDate: s("2026-11-02"),
		ShippingDocumentation: s("file_8"), ShippingTrackingNumber: s("1Z999"),
		UncategorizedFile: s("file_9"), UncategorizedText: s("winning_evidence"),
	}
}

func TestConformance_GetUpdateSubmitClose(t *testing.T) {
	c, _, rec := stripeMock(t)
	ctx := context.Background()
	for _, expand := range [][]string{nil, {"charge", "payment_intent"}} {
		d, err := c.Get(ctx, "dp_123", pay.Expand(expand...))
		require.NoError(t, err, "expand %v", expand)
		checkMock(t, d)
		walk.Report(t, "Get", "dispute", rec.LastBody(), d)
	}

	d, err := c.Update(ctx, "dp_123", &dispute.UpdateParams{
		Evidence: everyEvidence(), Metadata: pay.Metadata{"case": "42"}, Submit: pay.Bool(false),
	})
	require.NoError(t, err)
	checkMock(t, d)
	walk.Report(t, "Update", "dispute", rec.LastBody(), d)
	rec.WantEveryParamSent(t, "POST /v1/disputes/{id}", dispute.UpdateParams{})
	// ParamNames stops at the slice; each of its fields went too.
	sent := rec.Sent("POST /v1/disputes/{id}")
	const prior = "evidence[enhanced_evidence][visa_compelling_evidence_3][prior_undisputed_transactions][0]"
	for _, name := range conformance.ParamNames(reflect.TypeFor[dispute.PriorTransactionParams]()) {
		head, rest, _ := strings.Cut(name, "[")
		if rest != "" {
			rest = "[" + rest
		}
		assert.Contains(t, sent, prior+"["+head+"]"+rest)
	}

	d, err = c.Submit(ctx, "dp_123", &dispute.EvidenceParams{UncategorizedText: pay.String("winning_evidence")})
	require.NoError(t, err)
	checkMock(t, d)

	d, err = c.Close(ctx, "dp_123")
	require.NoError(t, err)
	checkMock(t, d)
	walk.Report(t, "Close", "dispute", rec.LastBody(), d)
}

func TestConformance_RejectedRequestIsTypedError(t *testing.T) {
	_, pc, _ := stripeMock(t)
	conformance.WantRejected(t, pc, []conformance.Rejection{
		{Name: "evidence not an object", Method: http.MethodPost, Path: "/v1/disputes/dp_123", Params: url.Values{"evidence": {"sad"}}, Status: 400},
		{Name: "submit not a boolean", Method: http.MethodPost, Path: "/v1/disputes/dp_123", Params: url.Values{"submit": {"maybe"}}, Status: 400},
		{Name: "close takes no evidence", Method: http.MethodPost, Path: "/v1/disputes/dp_123/close", Params: url.Values{"evidence[receipt]": {"file_1"}}, Status: 400},
		{Name: "unknown list filter", Method: http.MethodGet, Path: "/v1/disputes", Params: url.Values{"status": {"won"}}, Status: 400},
		{Name: "disputes are not created", Method: http.MethodPost, Path: "/v1/disputes", Params: url.Values{"charge": {"ch_123"}}, Status: 404},
	})
}

// checkMock checks what every dispute stripe-mock returns has.
func checkMock(t *testing.T, d *dispute.Dispute) {
	t.Helper()
	assert.True(t, strings.HasPrefix(d.ID, "dp_") || strings.HasPrefix(d.ID, "du_"), "ID %q", d.ID)
	assert.Equal(t, "dispute", d.Object)
	assert.Len(t, d.Currency, 3)
	assert.NotEmpty(t, d.Status)
	require.NotNil(t, d.Charge)
	assert.NotEmpty(t, d.Charge.ID)
}
