package refund_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/internal/apitest"
	"github.com/paykit/pay/refund"
)

func TestCreate_SendsEveryParamAndDecodesRefund(t *testing.T) {
	c, mux := setup(t)
	calls := apitest.Handle(t, mux, "/v1/refunds", apitest.Request{Method: http.MethodPost, IdempotencyKey: "refund-6735-1", Params: url.Values{
		"charge":                 {"ch_1NirD82eZvKYlo2CIvbtLWuY"},
		"amount":                 {"500"},
		"reason":                 {"requested_by_customer"},
		"metadata[order_id]":     {"6735"},
		"refund_application_fee": {"false"},
		"reverse_transfer":       {"true"},
		"instructions_email":     {"jenny@example.com"},
		"expand[0]":              {"charge"},
	}}, "refund.json")
	re, err := c.Create(context.Background(), &refund.CreateParams{
		Charge:               "ch_1NirD82eZvKYlo2CIvbtLWuY",
		Amount:               500,
		Reason:               refund.ReasonRequestedByCustomer,
		Metadata:             pay.Metadata{"order_id": "6735"},
		RefundApplicationFee: pay.Bool(false),
		ReverseTransfer:      pay.Bool(true),
		InstructionsEmail:    "jenny@example.com",
	}, pay.IdempotencyKey("refund-6735-1"), pay.Expand("charge"))
	require.NoError(t, err)
	assert.EqualValues(t, 1, calls.Load(), "calls")
	checkRefund(t, re)
}

// checkRefund checks what a user reads from testdata/refund.json.
func checkRefund(t *testing.T, re *refund.Refund) {
	t.Helper()
	assert.Equal(t, "re_1Nispe2eZvKYlo2Cd31jOCgZ", re.ID, "ID")
	assert.Equal(t, "refund", re.Object, "Object")
	assert.Equal(t, int64(500), re.Amount, "Amount")
	assert.Equal(t, "usd", re.Currency, "Currency")
	assert.Equal(t, int64(1692942318), re.Created, "Created")
	assert.Equal(t, refund.ReasonRequestedByCustomer, re.Reason, "Reason")
	assert.Equal(t, refund.StatusSucceeded, re.Status, "Status")
	assert.Equal(t, "1230-7299", re.ReceiptNumber, "ReceiptNumber")
	assert.Equal(t, map[string]string{"order_id": "6735"}, re.Metadata, "Metadata")
	if assert.NotNil(t, re.Charge, "Charge") {
		assert.Equal(t, "ch_1NirD82eZvKYlo2CIvbtLWuY", re.Charge.ID, "Charge.ID")
		assert.Zero(t, re.Charge.Amount, "Charge.Amount: want only the ID")
	}
	assert.Equal(t, &charge.BalanceTransaction{ID: "txn_1Nispe2eZvKYlo2CYezqFhEx"}, re.BalanceTransaction, "BalanceTransaction: want only the ID")
	assert.Equal(t, &pay.Reference{ID: "pi_1GszsK2eZvKYlo2CfhZyoZLp"}, re.PaymentIntent, "PaymentIntent")
	if assert.NotNil(t, re.PaymentMethod, "PaymentMethod") {
		assert.Equal(t, "pm_1NirD72eZvKYlo2C6Sv7nWZq", re.PaymentMethod.ID, "PaymentMethod.ID")
	}
	// References and objects sent as null are nil.
	assert.Nil(t, re.SourceTransferReversal, "SourceTransferReversal")
	assert.Nil(t, re.TransferReversal, "TransferReversal")
	assert.Nil(t, re.Customer, "Customer")
	assert.Nil(t, re.NextAction, "NextAction")
	assert.Equal(t, &charge.RefundDestinationDetails{Type: "card", Card: &charge.RefundDestinationCard{
		Reference: "123456789012", ReferenceStatus: "pending", ReferenceType: "acquirer_reference_number", Type: "refund",
	}}, re.DestinationDetails, "DestinationDetails")
}

func TestCreate_FullRefundSendsOnlyChargeAndGeneratesKey(t *testing.T) {
	tests := []struct {
		name   string
		params *refund.CreateParams
		want   url.Values
	}{
		{"by charge", &refund.CreateParams{Charge: "ch_1"}, url.Values{"charge": {"ch_1"}}},
		{"by payment intent", &refund.CreateParams{PaymentIntent: "pi_1"}, url.Values{"payment_intent": {"pi_1"}}},
		{"metadata unset all", &refund.CreateParams{Charge: "ch_1", Metadata: pay.Metadata{}}, url.Values{"charge": {"ch_1"}, "metadata": {""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			apitest.Handle(t, mux, "/v1/refunds", apitest.Request{Method: http.MethodPost, Params: tt.want}, "refund.json")
			_, err := c.Create(context.Background(), tt.params)
			require.NoError(t, err)
		})
	}
}

func TestCreate_SendsCurrencyCustomerOriginInstructionsEmail(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/refunds", apitest.Request{Method: http.MethodPost, Params: url.Values{
		"customer": {"cus_1"}, "currency": {"usd"}, "origin": {"customer_balance"}, "amount": {"500"},
		"instructions_email": {"jenny@example.com"},
	}}, "refund.json")
	_, err := c.Create(context.Background(), &refund.CreateParams{
		Customer: "cus_1", Currency: "usd", Origin: refund.OriginCustomerBalance, Amount: 500,
		InstructionsEmail: "jenny@example.com",
	})
	require.NoError(t, err)
}

func TestCreate_AlreadyRefundedIsAPIError(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/refunds", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":{"type":"invalid_request_error","code":"charge_already_refunded",` +
			`"message":"Charge ch_1 has already been refunded."}}`))
	})
	re, err := c.Create(context.Background(), &refund.CreateParams{Charge: "ch_1"})
	assert.Nil(t, re, "refund")
	var pe *pay.Error
	if assert.ErrorAs(t, err, &pe) {
		assert.Equal(t, pay.ErrorCodeChargeAlreadyRefunded, pe.Code, "Code")
		assert.Equal(t, 400, pe.StatusCode, "StatusCode")
	}
}

func TestGet_DecodesRefund(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/refunds/re_1Nispe2eZvKYlo2Cd31jOCgZ", apitest.Request{Method: http.MethodGet}, "refund.json")
	re, err := c.Get(context.Background(), "re_1Nispe2eZvKYlo2Cd31jOCgZ")
	require.NoError(t, err)
	checkRefund(t, re)
}

func TestGet_ExpandedChargeAndBalanceTransaction(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/refunds/re_1Nispe2eZvKYlo2Cd31jOCgZ", apitest.Request{Method: http.MethodGet, Params: url.Values{"expand[0]": {"charge"}, "expand[1]": {"balance_transaction"}}}, "refund_expanded.json")
	re, err := c.Get(context.Background(), "re_1Nispe2eZvKYlo2Cd31jOCgZ", pay.Expand("charge", "balance_transaction"))
	require.NoError(t, err)
	ch := re.Charge
	require.NotNil(t, ch, "Charge")
	assert.Equal(t, "ch_1NirD82eZvKYlo2CIvbtLWuY", ch.ID, "Charge.ID")
	assert.Equal(t, int64(1099), ch.Amount, "Charge.Amount")
	assert.Equal(t, int64(500), ch.AmountRefunded, "Charge.AmountRefunded")
	assert.Equal(t, charge.StatusSucceeded, ch.Status, "Charge.Status")
	assert.Equal(t, "cus_NffrFeUfNV2Hib", ch.Customer.ID, "Charge.Customer.ID")

	bt := re.BalanceTransaction
	require.NotNil(t, bt, "BalanceTransaction")
	assert.Equal(t, "txn_1Nispe2eZvKYlo2CYezqFhEx", bt.ID, "BalanceTransaction.ID")
	assert.Equal(t, int64(-500), bt.Amount, "BalanceTransaction.Amount")
	assert.Equal(t, int64(-500), bt.Net, "BalanceTransaction.Net")
	assert.Equal(t, "refund", bt.Type, "BalanceTransaction.Type")
	assert.Equal(t, re.ID, bt.Source.ID, "BalanceTransaction.Source.ID")

	assert.Equal(t, refund.StatusFailed, re.Status, "Status")
	assert.Equal(t, refund.ReasonFraudulent, re.Reason, "Reason")
	assert.Equal(t, "expired_or_canceled_card", re.FailureReason, "FailureReason")
	assert.Equal(t, "processing", re.PendingReason, "PendingReason")
	assert.Equal(t, "jenny@example.com", re.InstructionsEmail, "InstructionsEmail")
	assert.Equal(t, "txn_1NispfailZvKYlo2Cfail00", re.FailureBalanceTransaction.ID, "FailureBalanceTransaction.ID")
	assert.Nil(t, re.DestinationDetails, "DestinationDetails: want nil for null")
	want := &charge.RefundNextAction{Type: "display_details", DisplayDetails: &charge.RefundDisplayDetails{
		EmailSent: &charge.RefundEmailSent{EmailSentAt: 1692942400, EmailSentTo: "jenny@example.com"}, ExpiresAt: 1693547200,
	}}
	assert.Equal(t, want, re.NextAction, "NextAction")
	assert.Equal(t, &charge.PresentmentDetails{PresentmentAmount: 460, PresentmentCurrency: "eur"}, re.PresentmentDetails, "PresentmentDetails")
	refs := map[string]struct {
		got  *pay.Reference
		want pay.Reference
	}{
		"PaymentIntent":          {re.PaymentIntent, pay.Reference{ID: "pi_1GszsK2eZvKYlo2CfhZyoZLp", Object: "payment_intent"}},
		"SourceTransferReversal": {re.SourceTransferReversal, pay.Reference{ID: "trr_1Nispe2eZvKYlo2Crev0001"}},
		"TransferReversal":       {re.TransferReversal, pay.Reference{ID: "trr_1Nispe2eZvKYlo2Crev0002", Object: "transfer_reversal"}},
	}
	for name, r := range refs {
		assert.Equal(t, &r.want, r.got, name)
	}
}

func TestUpdate_SendsMetadata(t *testing.T) {
	tests := []struct {
		name   string
		params *refund.UpdateParams
		want   url.Values
	}{
		{"set and unset keys", &refund.UpdateParams{Metadata: pay.Metadata{"order_id": "6736", "note": ""}}, url.Values{"metadata[order_id]": {"6736"}, "metadata[note]": {""}}},
		{"unset all", &refund.UpdateParams{Metadata: pay.Metadata{}}, url.Values{"metadata": {""}}},
		{"nil params", nil, url.Values{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			apitest.Handle(t, mux, "/v1/refunds/re_1Nispe2eZvKYlo2Cd31jOCgZ", apitest.Request{Method: http.MethodPost, Params: tt.want}, "refund.json")
			re, err := c.Update(context.Background(), "re_1Nispe2eZvKYlo2Cd31jOCgZ", tt.params)
			require.NoError(t, err)
			assert.Equal(t, "re_1Nispe2eZvKYlo2Cd31jOCgZ", re.ID, "ID")
		})
	}
}

func TestBadInput_FailsBeforeSending(t *testing.T) {
	ctx := context.Background()
	create := func(p *refund.CreateParams) func(*refund.Client) error {
		return func(c *refund.Client) error { _, err := c.Create(ctx, p); return err }
	}
	apitest.WantBadInput(t, refund.NewClient, []apitest.BadInput[*refund.Client]{
		{Name: "create nil params", Call: create(nil), Param: "params"},
		{Name: "create without charge or payment intent", Call: create(&refund.CreateParams{Amount: 100}), Param: "charge"},
		{Name: "create negative amount", Call: create(&refund.CreateParams{Charge: "ch_1", Amount: -1}), Param: "amount"},
		{Name: "create amount too large", Call: create(&refund.CreateParams{Charge: "ch_1", Amount: 100000000}), Param: "amount"},
		{Name: "create unknown reason", Call: create(&refund.CreateParams{Charge: "ch_1", Reason: "changed_mind"}), Param: "reason"},
		{Name: "create API-only reason", Call: create(&refund.CreateParams{Charge: "ch_1", Reason: refund.ReasonExpiredUncapturedCharge}), Param: "reason"},
		{Name: "create metadata key with bracket", Call: create(&refund.CreateParams{Charge: "ch_1", Metadata: pay.Metadata{"a[b]": "c"}}), Param: "metadata"},
		{Name: "create upper-case currency", Call: create(&refund.CreateParams{Charge: "ch_1", Currency: "USD"}), Param: "currency"},
		{Name: "create unknown origin", Call: create(&refund.CreateParams{Customer: "cus_1", Origin: "wallet"}), Param: "origin"},
		{Name: "create customer balance with nothing to refund", Call: create(&refund.CreateParams{Currency: "usd", Origin: refund.OriginCustomerBalance}), Param: "charge"},
		{Name: "get empty id", Call: func(c *refund.Client) error { _, err := c.Get(ctx, ""); return err }, Param: "id"},
		{Name: "update empty id", Call: func(c *refund.Client) error { _, err := c.Update(ctx, "", nil); return err }, Param: "id"},
		{Name: "update id with dots", Call: func(c *refund.Client) error { _, err := c.Update(ctx, "..", nil); return err }, Param: "id"},
		{Name: "list page negative limit", Call: func(c *refund.Client) error {
			_, err := c.ListPage(ctx, &refund.ListParams{ListParams: pay.ListParams{Limit: -1}})
			return err
		}, Param: "limit"},
		{Name: "list limit too large", Call: func(c *refund.Client) error {
			for _, err := range c.List(ctx, &refund.ListParams{ListParams: pay.ListParams{Limit: 1000}}) {
				return err
			}
			return nil
		}, Param: "limit"},
	})
}
