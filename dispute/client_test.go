package dispute_test

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
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/dispute"
	"github.com/paykit/pay/internal/apitest"
)

func TestGet_DecodesDispute(t *testing.T) {
	c, mux := setup(t)
	calls := apitest.Handle(t, mux, "/v1/disputes/dp_1PgbnQB7WZ01zgkWzhDPXqYI",
		apitest.Request{Method: http.MethodGet}, "dispute.json")
	d, err := c.Get(context.Background(), "dp_1PgbnQB7WZ01zgkWzhDPXqYI")
	require.NoError(t, err)
	assert.EqualValues(t, 1, calls.Load())
	assert.Equal(t, &dispute.Dispute{
		ID:     "dp_1PgbnQB7WZ01zgkWzhDPXqYI",
		Object: "dispute",
		Amount: 2000,
		BalanceTransactions: []*balancetransaction.BalanceTransaction{{
			ID: "txn_1PgbnRB7WZ01zgkWrHkk4Wwz", Object: "balance_transaction",
			Amount: -2000, AvailableOn: 1722211200, Created: 1721950000, Currency: "usd",
			Description: "Chargeback withdrawal for ch_1PgafuB7WZ01zgkWXYmPNZs8",
			Fee:         1500,
			FeeDetails:  []balancetransaction.Fee{{Amount: 1500, Currency: "usd", Description: "Dispute fee", Type: balancetransaction.FeeTypeStripeFee}},
			Net:         -3500, ReportingCategory: balancetransaction.ReportingCategoryDispute,
			Source: &pay.Reference{ID: "dp_1PgbnQB7WZ01zgkWzhDPXqYI"},
			Status: balancetransaction.StatusPending, Type: balancetransaction.TypeAdjustment,
		}},
		Charge:                   &charge.Charge{ID: "ch_1PgafuB7WZ01zgkWXYmPNZs8"},
		Created:                  1721950000,
		Currency:                 "usd",
		EnhancedEligibilityTypes: []string{},
		Evidence: dispute.Evidence{
			CustomerEmailAddress: "jenny@example.com",
			CustomerName:         "Jenny Rosen",
			Receipt:              &pay.Reference{ID: "file_1PgbpRB7WZ01zgkW4s7q0dJr"},
		},
		EvidenceDetails: dispute.EvidenceDetails{DueBy: 1722729599, HasEvidence: true},
		Metadata:        map[string]string{"order": "6735"},
		PaymentIntent:   &pay.Reference{ID: "pi_3PgafuB7WZ01zgkW0pT1aB2c"},
		PaymentMethodDetails: &dispute.PaymentMethodDetails{
			Card: &dispute.CardDetails{Brand: "visa", CaseType: "chargeback", Network: "visa", NetworkReasonCode: "10.4"},
			Type: "card",
		},
		Reason: dispute.ReasonFraudulent,
		Status: dispute.StatusNeedsResponse,
	}, d)
}

func TestUpdate_SendsEvidenceAndMetadata(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/disputes/dp_1", apitest.Request{Method: http.MethodPost, IdempotencyKey: "evidence-dp_1", Params: url.Values{
		"evidence[product_description]":      {"Blue mug, 350 ml"},
		"evidence[shipping_tracking_number]": {"1Z999AA10123456784"},
		"evidence[receipt]":                  {"file_1"},
		"evidence[customer_name]":            {""},
		"evidence[enhanced_evidence][visa_compelling_evidence_3][disputed_transaction][merchandise_or_services]":          {"merchandise"},
		"evidence[enhanced_evidence][visa_compelling_evidence_3][prior_undisputed_transactions][0][charge]":               {"ch_old1"},
		"evidence[enhanced_evidence][visa_compelling_evidence_3][prior_undisputed_transactions][1][charge]":               {"ch_old2"},
		"evidence[enhanced_evidence][visa_compelling_evidence_3][prior_undisputed_transactions][1][customer_purchase_ip]": {"192.0.2.7"},
		"evidence[enhanced_evidence][visa_compliance][fee_acknowledged]":                                                  {"true"},
		"metadata[case]": {"42"},
		"submit":         {"false"},
	}}, "dispute.json")
	d, err := c.Update(context.Background(), "dp_1", &dispute.UpdateParams{
		Evidence: &dispute.EvidenceParams{
			ProductDescription:     pay.String("Blue mug, 350 ml"),
			ShippingTrackingNumber: pay.String("1Z999AA10123456784"),
			Receipt:                pay.String("file_1"),
			CustomerName:           pay.String(""),
			EnhancedEvidence: &dispute.EnhancedEvidenceParams{
				VisaCompellingEvidence3: &dispute.CompellingEvidence3Params{
					DisputedTransaction: &dispute.DisputedTransactionParams{MerchandiseOrServices: "merchandise"},
					PriorUndisputedTransactions: []dispute.PriorTransactionParams{
						{Charge: "ch_old1"},
						{Charge: "ch_old2", CustomerPurchaseIP: pay.String("192.0.2.7")},
					},
				},
				VisaCompliance: &dispute.ComplianceEvidenceParams{FeeAcknowledged: pay.Bool(true)},
			},
		},
		Metadata: pay.Metadata{"case": "42"},
		Submit:   pay.Bool(false),
	}, pay.IdempotencyKey("evidence-dp_1"))
	require.NoError(t, err)
	assert.Equal(t, dispute.StatusNeedsResponse, d.Status)
}

func TestUpdate_NilParamsSendsNothingButTheCall(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/disputes/dp_1", apitest.Request{Method: http.MethodPost}, "dispute.json")
	_, err := c.Update(context.Background(), "dp_1", nil)
	require.NoError(t, err)
}

func TestSubmit_SendsEvidenceWithSubmitTrue(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/disputes/dp_1", apitest.Request{Method: http.MethodPost, Params: url.Values{
		"evidence[uncategorized_text]": {"winning_evidence"},
		"submit":                       {"true"},
	}}, "dispute_submitted.json")
	d, err := c.Submit(context.Background(), "dp_1", &dispute.EvidenceParams{UncategorizedText: pay.String("winning_evidence")})
	require.NoError(t, err)
	assert.Equal(t, dispute.StatusUnderReview, d.Status)
	assert.Equal(t, "winning_evidence", d.Evidence.UncategorizedText)
	assert.Equal(t, int64(1), d.EvidenceDetails.SubmissionCount)
}

func TestSubmit_NilEvidenceSubmitsWhatIsStaged(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/disputes/dp_1", apitest.Request{Method: http.MethodPost, Params: url.Values{"submit": {"true"}}}, "dispute_submitted.json")
	_, err := c.Submit(context.Background(), "dp_1", nil)
	require.NoError(t, err)
}

func TestClose_PostsToClose(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/disputes/dp_1/close", apitest.Request{Method: http.MethodPost, IdempotencyKey: "close-dp_1"}, "dispute_closed.json")
	d, err := c.Close(context.Background(), "dp_1", pay.IdempotencyKey("close-dp_1"))
	require.NoError(t, err)
	assert.Equal(t, dispute.StatusLost, d.Status)
	assert.Zero(t, d.EvidenceDetails.DueBy)
}

func TestGet_ExpandedCharge(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/disputes/dp_1", func(w http.ResponseWriter, r *http.Request) {
		apitest.Check(t, r, apitest.Request{Method: http.MethodGet, Params: url.Values{"expand[0]": {"charge"}}})
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"dp_1","object":"dispute","status":"won","charge":{"id":"ch_1","object":"charge","amount":2000,"disputed":true}}`))
	})
	d, err := c.Get(context.Background(), "dp_1", pay.Expand("charge"))
	require.NoError(t, err)
	require.NotNil(t, d.Charge)
	assert.Equal(t, "ch_1", d.Charge.ID)
	assert.Equal(t, int64(2000), d.Charge.Amount)
	assert.True(t, d.Charge.Disputed)
	assert.Equal(t, dispute.StatusWon, d.Status)
}

func TestBadInput_FailsBeforeSending(t *testing.T) {
	ctx := context.Background()
	long := strings.Repeat("x", 20001)
	apitest.WantBadInput(t, dispute.NewClient, []apitest.BadInput[*dispute.Client]{
		{Name: "get empty id", Call: func(c *dispute.Client) error { _, err := c.Get(ctx, ""); return err }, Param: "id"},
		{Name: "update id with dots", Call: func(c *dispute.Client) error { _, err := c.Update(ctx, "..", nil); return err }, Param: "id"},
		{Name: "close empty id", Call: func(c *dispute.Client) error { _, err := c.Close(ctx, ""); return err }, Param: "id"},
		{Name: "submit empty id", Call: func(c *dispute.Client) error { _, err := c.Submit(ctx, "", nil); return err }, Param: "id"},
		{Name: "text too long", Call: func(c *dispute.Client) error {
			_, err := c.Update(ctx, "dp_1", &dispute.UpdateParams{Evidence: &dispute.EvidenceParams{UncategorizedText: &long}})
			return err
		}, Param: "evidence[uncategorized_text]"},
		{Name: "short text too long", Call: func(c *dispute.Client) error {
			_, err := c.Submit(ctx, "dp_1", &dispute.EvidenceParams{CustomerName: pay.String(strings.Repeat("é", 5001))})
			return err
		}, Param: "evidence[customer_name]"},
		{Name: "merchandise or services", Call: func(c *dispute.Client) error {
			_, err := c.Update(ctx, "dp_1", &dispute.UpdateParams{Evidence: &dispute.EvidenceParams{EnhancedEvidence: &dispute.EnhancedEvidenceParams{
				VisaCompellingEvidence3: &dispute.CompellingEvidence3Params{DisputedTransaction: &dispute.DisputedTransactionParams{MerchandiseOrServices: "goods"}},
			}}})
			return err
		}, Param: "evidence[enhanced_evidence][visa_compelling_evidence_3][disputed_transaction][merchandise_or_services]"},
		{Name: "prior transaction without charge", Call: func(c *dispute.Client) error {
			_, err := c.Update(ctx, "dp_1", &dispute.UpdateParams{Evidence: &dispute.EvidenceParams{EnhancedEvidence: &dispute.EnhancedEvidenceParams{
				VisaCompellingEvidence3: &dispute.CompellingEvidence3Params{PriorUndisputedTransactions: []dispute.PriorTransactionParams{{Charge: "ch_1"}, {}}},
			}}})
			return err
		}, Param: "evidence[enhanced_evidence][visa_compelling_evidence_3][prior_undisputed_transactions][1][charge]"},
		{Name: "list page negative limit", Call: func(c *dispute.Client) error {
			_, err := c.ListPage(ctx, &dispute.ListParams{ListParams: pay.ListParams{Limit: -1}})
			return err
		}, Param: "limit"},
	})
}
