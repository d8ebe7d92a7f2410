package paytest_test

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/balancetransaction"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/dispute"
	"github.com/paykit/pay/event"
	"github.com/paykit/pay/refund"
)

// disputeOf is the one dispute of charge id, listed by charge.
func (cl clients) disputeOf(t *testing.T, id string) *dispute.Dispute {
	t.Helper()
	page, err := cl.disputes.ListPage(context.Background(), &dispute.ListParams{Charge: id})
	require.NoError(t, err)
	require.Len(t, page.Data, 1, "the charge's disputes")
	return page.Data[0]
}

// disputeEvents are the types of the charge.dispute.* events, oldest
// first, each checked to decode as a dispute of id.
func (cl clients) disputeEvents(t *testing.T, id string) []string {
	t.Helper()
	var types []string
	for ev, err := range cl.events.List(context.Background(), &event.ListParams{Type: "charge.dispute.*"}) {
		require.NoError(t, err)
		d, err := ev.Dispute()
		require.NoError(t, err)
		assert.Equal(t, id, d.ID)
		types = append(types, string(ev.Type))
	}
	slices.Reverse(types)
	return types
}

// requireAPIError checks that err is the API's *pay.Error with status.
func requireAPIError(t *testing.T, err error, status int) *pay.Error {
	t.Helper()
	var pe *pay.Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, status, pe.StatusCode)
	assert.Equal(t, pay.ErrorType("invalid_request_error"), pe.Type)
	return pe
}

func TestDisputes_ChargebackLifecycle(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name       string
		act        func(cl clients, id string) (*dispute.Dispute, error)
		status     dispute.Status
		events     []string
		reinstated bool
		closed     bool // over: takes no more evidence
	}{
		{
			name: "winning evidence wins",
			act: func(cl clients, id string) (*dispute.Dispute, error) {
				return cl.disputes.Submit(ctx, id, &dispute.EvidenceParams{UncategorizedText: pay.String("winning_evidence")})
			},
			status:     dispute.StatusWon,
			events:     []string{"charge.dispute.created", "charge.dispute.funds_withdrawn", "charge.dispute.updated", "charge.dispute.closed", "charge.dispute.funds_reinstated"},
			reinstated: true, closed: true,
		},
		{
			name: "losing evidence loses",
			act: func(cl clients, id string) (*dispute.Dispute, error) {
				return cl.disputes.Submit(ctx, id, &dispute.EvidenceParams{UncategorizedText: pay.String("losing_evidence")})
			},
			status: dispute.StatusLost,
			events: []string{"charge.dispute.created", "charge.dispute.funds_withdrawn", "charge.dispute.updated", "charge.dispute.closed"},
			closed: true,
		},
		{
			name:   "close accepts the loss",
			act:    func(cl clients, id string) (*dispute.Dispute, error) { return cl.disputes.Close(ctx, id) },
			status: dispute.StatusLost,
			events: []string{"charge.dispute.created", "charge.dispute.funds_withdrawn", "charge.dispute.closed"},
			closed: true,
		},
		{
			name: "other evidence is under review",
			act: func(cl clients, id string) (*dispute.Dispute, error) {
				return cl.disputes.Submit(ctx, id, &dispute.EvidenceParams{ProductDescription: pay.String("A blue mug")})
			},
			status: dispute.StatusUnderReview,
			events: []string{"charge.dispute.created", "charge.dispute.funds_withdrawn", "charge.dispute.updated"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cl := newClients(t)
			ch, err := cl.charges.Create(ctx, &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_createDispute"},
				pay.Expand("balance_transaction"))
			require.NoError(t, err)
			assert.Equal(t, charge.StatusSucceeded, ch.Status)
			assert.True(t, ch.Disputed)
			require.NotNil(t, ch.BalanceTransaction)
			assert.Equal(t, int64(88), ch.BalanceTransaction.Fee, "2.9% of 2000 + 30")
			assert.Equal(t, int64(1912), ch.BalanceTransaction.Net)

			d := cl.disputeOf(t, ch.ID)
			assert.Equal(t, dispute.StatusNeedsResponse, d.Status)
			assert.Equal(t, int64(2000), d.Amount)
			assert.Equal(t, "usd", d.Currency)
			assert.Equal(t, dispute.ReasonFraudulent, d.Reason)
			assert.Equal(t, ch.ID, d.Charge.ID)
			assert.False(t, d.IsChargeRefundable)
			assert.Equal(t, dispute.EvidenceDetails{DueBy: d.EvidenceDetails.DueBy}, d.EvidenceDetails, "no evidence yet")
			assert.Greater(t, d.EvidenceDetails.DueBy, d.Created+6*24*3600)
			require.NotNil(t, d.PaymentMethodDetails)
			assert.Equal(t, dispute.CardDetails{Brand: "visa", CaseType: "chargeback", Network: "visa", NetworkReasonCode: "10.4"}, *d.PaymentMethodDetails.Card)
			require.Len(t, d.BalanceTransactions, 1, "the withdrawal")
			w := d.BalanceTransactions[0]
			assert.Equal(t, []int64{-2000, 1500, -3500}, []int64{w.Amount, w.Fee, w.Net})
			assert.Equal(t, balancetransaction.TypeAdjustment, w.Type)
			assert.Equal(t, balancetransaction.ReportingCategoryDispute, w.ReportingCategory)
			assert.Equal(t, d.ID, w.Source.ID)
			assert.Equal(t, []balancetransaction.Fee{{Amount: 1500, Currency: "usd", Description: "Dispute fee", Type: "stripe_fee"}}, w.FeeDetails)

			got, err := tc.act(cl, d.ID)
			require.NoError(t, err)
			assert.Equal(t, tc.status, got.Status)
			again, err := cl.disputes.Get(ctx, d.ID)
			require.NoError(t, err)
			assert.Equal(t, got, again, "the answer is what is stored")
			assert.Equal(t, tc.events, cl.disputeEvents(t, d.ID))

			var sum int64
			for bt, err := range cl.txns.List(ctx, nil) {
				require.NoError(t, err)
				sum += bt.Net
			}
			if tc.reinstated {
				require.Len(t, got.BalanceTransactions, 2, "the withdrawal, then the reinstatement")
				r := got.BalanceTransactions[1]
				assert.Equal(t, []int64{2000, -1500, 3500}, []int64{r.Amount, r.Fee, r.Net}, "the funds and the dispute fee come back")
				assert.Equal(t, balancetransaction.ReportingCategoryDisputeReversal, r.ReportingCategory)
				assert.Equal(t, int64(1912), sum, "a won dispute leaves the balance as it was")
			} else {
				assert.Len(t, got.BalanceTransactions, 1)
				assert.Equal(t, int64(1912-3500), sum)
			}

			if tc.closed {
				_, err := cl.disputes.Update(ctx, d.ID, &dispute.UpdateParams{Evidence: &dispute.EvidenceParams{CustomerName: pay.String("Jenny")}})
				pe := requireAPIError(t, err, http.StatusBadRequest)
				assert.Equal(t, "This dispute is already closed.", pe.Message)
				_, err = cl.disputes.Close(ctx, d.ID)
				requireAPIError(t, err, http.StatusBadRequest)
				// Metadata can change at any time.
				md, err := cl.disputes.Update(ctx, d.ID, &dispute.UpdateParams{Metadata: pay.Metadata{"case": "7"}})
				require.NoError(t, err)
				assert.Equal(t, "7", md.Metadata["case"])
				assert.Equal(t, tc.status, md.Status)
			} else {
				_, err := cl.disputes.Submit(ctx, d.ID, nil)
				requireAPIError(t, err, http.StatusBadRequest)
			}
			_, err = cl.refunds.Create(ctx, &refund.CreateParams{Charge: ch.ID})
			pe := requireAPIError(t, err, http.StatusBadRequest)
			assert.Equal(t, pay.ErrorCodeChargeDisputed, pe.Code)
		})
	}
}

func TestDisputes_Tokens(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		token      string
		reason     string
		status     dispute.Status
		caseType   string
		code       string
		withdrawn  bool
		refundable bool
	}{
		{"tok_createDispute", dispute.ReasonFraudulent, dispute.StatusNeedsResponse, "chargeback", "10.4", true, false},
		{"tok_createDisputeProductNotReceived", dispute.ReasonProductNotReceived, dispute.StatusNeedsResponse, "chargeback", "13.1", true, false},
		{"tok_createDisputeInquiry", dispute.ReasonGeneral, dispute.StatusWarningNeedsResponse, "inquiry", "", false, true},
	}
	for _, tc := range tests {
		t.Run(tc.token, func(t *testing.T) {
			cl := newClients(t)
			// Not disputed before the charge is captured.
			auth, err := cl.charges.Create(ctx, &charge.CreateParams{Amount: 3000, Currency: "usd", Source: tc.token, Capture: pay.Bool(false)})
			require.NoError(t, err)
			assert.False(t, auth.Disputed)
			page, err := cl.disputes.ListPage(ctx, nil)
			require.NoError(t, err)
			assert.Empty(t, page.Data)

			ch, err := cl.charges.Capture(ctx, auth.ID, &charge.CaptureParams{Amount: 2500})
			require.NoError(t, err)
			assert.True(t, ch.Disputed)
			d := cl.disputeOf(t, ch.ID)
			assert.Equal(t, int64(2500), d.Amount, "the captured amount is disputed")
			assert.Equal(t, tc.reason, d.Reason)
			assert.Equal(t, tc.status, d.Status)
			assert.Equal(t, tc.caseType, d.PaymentMethodDetails.Card.CaseType)
			assert.Equal(t, tc.code, d.PaymentMethodDetails.Card.NetworkReasonCode)
			assert.Equal(t, tc.refundable, d.IsChargeRefundable)
			want := []string{"charge.dispute.created"}
			if tc.withdrawn {
				want = append(want, "charge.dispute.funds_withdrawn")
				require.Len(t, d.BalanceTransactions, 1)
				assert.Equal(t, int64(-2500), d.BalanceTransactions[0].Amount)
			} else {
				assert.Empty(t, d.BalanceTransactions, "an inquiry moves no money")
			}
			assert.Equal(t, want, cl.disputeEvents(t, d.ID))
		})
	}
}

func TestDisputes_Inquiry(t *testing.T) {
	ctx := context.Background()
	cl := newClients(t)
	ch, err := cl.charges.Create(ctx, &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_createDisputeInquiry"})
	require.NoError(t, err)
	d := cl.disputeOf(t, ch.ID)
	won, err := cl.disputes.Submit(ctx, d.ID, &dispute.EvidenceParams{UncategorizedText: pay.String("winning_evidence")})
	require.NoError(t, err)
	assert.Equal(t, dispute.StatusWarningClosed, won.Status)
	assert.Empty(t, won.BalanceTransactions)
	assert.Equal(t, []string{"charge.dispute.created", "charge.dispute.updated", "charge.dispute.closed"}, cl.disputeEvents(t, d.ID))

	// An inquiry's charge can be refunded.
	ch2, err := cl.charges.Create(ctx, &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_createDisputeInquiry"})
	require.NoError(t, err)
	_, err = cl.refunds.Create(ctx, &refund.CreateParams{Charge: ch2.ID})
	require.NoError(t, err)
	closed, err := cl.disputes.Close(ctx, cl.disputeOf(t, ch2.ID).ID)
	require.NoError(t, err)
	assert.Equal(t, dispute.StatusWarningClosed, closed.Status)
}

func TestDisputes_StagedEvidence(t *testing.T) {
	ctx := context.Background()
	cl := newClients(t)
	ch, err := cl.charges.Create(ctx, &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_createDisputeProductNotReceived"})
	require.NoError(t, err)
	d := cl.disputeOf(t, ch.ID)

	staged, err := cl.disputes.Update(ctx, d.ID, &dispute.UpdateParams{
		Evidence: &dispute.EvidenceParams{
			ShippingCarrier:        pay.String("UPS"),
			ShippingTrackingNumber: pay.String("1Z999"),
			Receipt:                pay.String("file_receipt"),
			UncategorizedText:      pay.String("winning_evidence"),
			EnhancedEvidence: &dispute.EnhancedEvidenceParams{
				VisaCompliance: &dispute.ComplianceEvidenceParams{FeeAcknowledged: pay.Bool(true)},
			},
		},
		Metadata: pay.Metadata{"order": "6735"},
	})
	require.NoError(t, err)
	assert.Equal(t, dispute.StatusNeedsResponse, staged.Status, "staged, not submitted")
	assert.True(t, staged.EvidenceDetails.HasEvidence)
	assert.Zero(t, staged.EvidenceDetails.SubmissionCount)
	assert.Equal(t, "UPS", staged.Evidence.ShippingCarrier)
	assert.Equal(t, "1Z999", staged.Evidence.ShippingTrackingNumber)
	require.NotNil(t, staged.Evidence.Receipt)
	assert.Equal(t, "file_receipt", staged.Evidence.Receipt.ID)
	require.NotNil(t, staged.Evidence.EnhancedEvidence.VisaCompliance)
	assert.True(t, staged.Evidence.EnhancedEvidence.VisaCompliance.FeeAcknowledged)
	assert.Equal(t, "6735", staged.Metadata["order"])
	assert.Len(t, staged.BalanceTransactions, 1)

	// A field set to "" is cleared; the others stay.
	cleared, err := cl.disputes.Update(ctx, d.ID, &dispute.UpdateParams{Evidence: &dispute.EvidenceParams{ShippingCarrier: pay.String("")}})
	require.NoError(t, err)
	assert.Empty(t, cleared.Evidence.ShippingCarrier)
	assert.Equal(t, "1Z999", cleared.Evidence.ShippingTrackingNumber)

	// Submit with nothing more submits what is staged.
	won, err := cl.disputes.Submit(ctx, d.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, dispute.StatusWon, won.Status)
	assert.Equal(t, int64(1), won.EvidenceDetails.SubmissionCount)
	assert.False(t, won.EvidenceDetails.PastDue)
	assert.Equal(t, []string{"charge.dispute.created", "charge.dispute.funds_withdrawn",
		"charge.dispute.updated", "charge.dispute.updated", "charge.dispute.updated",
		"charge.dispute.closed", "charge.dispute.funds_reinstated"}, cl.disputeEvents(t, d.ID))

	// The first update's event says what changed.
	page, err := cl.events.ListPage(ctx, &event.ListParams{Type: "charge.dispute.updated"})
	require.NoError(t, err)
	require.Len(t, page.Data, 3)
	prev := page.Data[2].Data.PreviousAttributes
	assert.Contains(t, prev, "evidence")
	assert.Contains(t, prev, "metadata")
	assert.Contains(t, prev, "evidence_details")
}

func TestDisputes_PastDue(t *testing.T) {
	ctx := context.Background()
	cl := newClients(t)
	now := time.Now()
	cl.srv.SetClock(func() time.Time { return now })
	ch, err := cl.charges.Create(ctx, &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_createDispute"})
	require.NoError(t, err)
	d := cl.disputeOf(t, ch.ID)
	now = time.Unix(d.EvidenceDetails.DueBy+1, 0)
	late, err := cl.disputes.Submit(ctx, d.ID, &dispute.EvidenceParams{ProductDescription: pay.String("mug")})
	require.NoError(t, err)
	assert.True(t, late.EvidenceDetails.PastDue)
}

func TestDisputes_BadRequests(t *testing.T) {
	ctx := context.Background()
	cl := newClients(t)
	ch, err := cl.charges.Create(ctx, &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_createDispute"})
	require.NoError(t, err)
	d := cl.disputeOf(t, ch.ID)

	_, err = cl.disputes.Get(ctx, "dp_missing")
	pe := requireAPIError(t, err, http.StatusNotFound)
	assert.Equal(t, "No such dispute: 'dp_missing'", pe.Message)

	_, err = cl.disputes.Update(ctx, d.ID, &dispute.UpdateParams{Evidence: &dispute.EvidenceParams{
		EnhancedEvidence: &dispute.EnhancedEvidenceParams{VisaCompellingEvidence3: &dispute.CompellingEvidence3Params{
			PriorUndisputedTransactions: dispute.PriorTransactions{{Charge: "ch_missing"}},
		}},
	}})
	pe = requireAPIError(t, err, http.StatusBadRequest)
	assert.Equal(t, "evidence[enhanced_evidence][visa_compelling_evidence_3][prior_undisputed_transactions][0][charge]", pe.Param)

	r := do(t, cl.srv, "POST", "/v1/disputes/"+d.ID, form("evidence[nonsense]", "x"))
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, "evidence[nonsense]", r.errField("param"))

	after, err := cl.disputes.Get(ctx, d.ID)
	require.NoError(t, err)
	assert.Equal(t, dispute.StatusNeedsResponse, after.Status, "a refused update changes nothing")
	assert.False(t, after.EvidenceDetails.HasEvidence)
}

func TestDisputes_ExpandCharge(t *testing.T) {
	ctx := context.Background()
	cl := newClients(t)
	ch, err := cl.charges.Create(ctx, &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_createDispute"})
	require.NoError(t, err)
	d, err := cl.disputes.Get(ctx, cl.disputeOf(t, ch.ID).ID, pay.Expand("charge"))
	require.NoError(t, err)
	assert.Equal(t, int64(2000), d.Charge.Amount)
	assert.True(t, d.Charge.Disputed)

	bt, err := cl.txns.Get(ctx, d.BalanceTransactions[0].ID, pay.Expand("source"))
	require.NoError(t, err)
	assert.Equal(t, pay.Reference{ID: d.ID, Object: "dispute"}, *bt.Source)
}

func TestBalanceTransactions_Fees(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		amount   int64
		currency string
		fee      int64
	}{
		{2000, "usd", 88}, // 58 + 30
		{500, "usd", 45},  // 14.5 rounds half up to 15, + 30
		{1050, "eur", 60}, // 30.45 rounds to 30, + 30
		{100000, "gbp", 2930},
		{1000, "jpy", 29},  // zero-decimal: no fixed part
		{5000, "krw", 145}, // 145
	}
	cl := newClients(t)
	for _, tc := range tests {
		ch, err := cl.charges.Create(ctx, &charge.CreateParams{Amount: tc.amount, Currency: tc.currency, Source: "tok_visa"},
			pay.Expand("balance_transaction"))
		require.NoError(t, err)
		expanded := ch.BalanceTransaction
		require.NotNil(t, expanded)
		got, err := cl.txns.Get(ctx, expanded.ID)
		require.NoError(t, err)
		assert.Equal(t, expanded, got, "expand[]=balance_transaction is GET /v1/balance_transactions/{id}")
		assert.Equal(t, tc.amount, got.Amount)
		assert.Equal(t, tc.fee, got.Fee, "%d %s", tc.amount, tc.currency)
		assert.Equal(t, tc.amount-tc.fee, got.Net)
		assert.Equal(t, []balancetransaction.Fee{{Amount: tc.fee, Currency: tc.currency, Description: "Stripe processing fees", Type: "stripe_fee"}}, got.FeeDetails)
		assert.Equal(t, balancetransaction.TypeCharge, got.Type)
		assert.Equal(t, ch.ID, got.Source.ID)
		const day = 24 * 3600
		assert.Equal(t, (got.Created/day+2)*day, got.AvailableOn, "midnight UTC, two days on")
		assert.Equal(t, balancetransaction.StatusPending, got.Status)
	}
}

func TestBalanceTransactions_RefundsAndList(t *testing.T) {
	ctx := context.Background()
	cl := newClients(t)
	now := time.Now()
	cl.srv.SetClock(func() time.Time { return now })
	ch, err := cl.charges.Create(ctx, &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_visa"})
	require.NoError(t, err)
	re, err := cl.refunds.Create(ctx, &refund.CreateParams{Charge: ch.ID, Amount: 500}, pay.Expand("balance_transaction"))
	require.NoError(t, err)
	rt := re.BalanceTransaction
	assert.Equal(t, []int64{-500, 0, -500}, []int64{rt.Amount, rt.Fee, rt.Net}, "the processing fee is not returned")
	assert.Empty(t, rt.FeeDetails)
	_, err = cl.charges.Create(ctx, &charge.CreateParams{Amount: 1000, Currency: "eur", Source: "tok_visa"})
	require.NoError(t, err)

	list := func(p *balancetransaction.ListParams) []string {
		t.Helper()
		var out []string
		for bt, err := range cl.txns.List(ctx, p) {
			require.NoError(t, err)
			out = append(out, bt.Type+" "+bt.Currency)
		}
		return out
	}
	assert.Equal(t, []string{"charge eur", "refund usd", "charge usd"}, list(nil), "newest first")
	assert.Equal(t, []string{"charge eur", "charge usd"}, list(&balancetransaction.ListParams{Type: balancetransaction.TypeCharge}))
	assert.Equal(t, []string{"refund usd", "charge usd"}, list(&balancetransaction.ListParams{Currency: "usd"}))
	assert.Equal(t, []string{"refund usd"}, list(&balancetransaction.ListParams{Source: re.ID}))
	assert.Empty(t, list(&balancetransaction.ListParams{Created: &pay.RangeQuery{LT: now.Unix() - 10}}))

	page, err := cl.txns.ListPage(ctx, &balancetransaction.ListParams{Currency: "usd"}, pay.Expand("data.source"))
	require.NoError(t, err)
	require.Len(t, page.Data, 2)
	assert.Equal(t, pay.Reference{ID: re.ID, Object: "refund"}, *page.Data[0].Source)
	assert.Equal(t, pay.Reference{ID: ch.ID, Object: "charge"}, *page.Data[1].Source)

	_, err = cl.txns.ListPage(ctx, &balancetransaction.ListParams{Payout: "po_missing"})
	pe := requireAPIError(t, err, http.StatusBadRequest)
	assert.Equal(t, "payout", pe.Param)

	// The funds become available on the server's clock.
	now = time.Unix(rt.AvailableOn, 0)
	got, err := cl.txns.Get(ctx, rt.ID)
	require.NoError(t, err)
	assert.Equal(t, balancetransaction.StatusAvailable, got.Status)
}
