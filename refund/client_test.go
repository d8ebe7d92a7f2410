package refund_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"testing"

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
	if err != nil {
		t.Fatal(err)
	}
	apitest.Eq(t, "calls", calls.Load(), 1)
	checkRefund(t, re)
}

// checkRefund checks what a user reads from testdata/refund.json.
func checkRefund(t *testing.T, re *refund.Refund) {
	t.Helper()
	apitest.Eq(t, "ID", re.ID, "re_1Nispe2eZvKYlo2Cd31jOCgZ")
	apitest.Eq(t, "Object", re.Object, "refund")
	apitest.Eq(t, "Amount", re.Amount, 500)
	apitest.Eq(t, "Currency", re.Currency, "usd")
	apitest.Eq(t, "Created", re.Created, 1692942318)
	apitest.Eq(t, "Reason", re.Reason, refund.ReasonRequestedByCustomer)
	apitest.Eq(t, "Status", re.Status, refund.StatusSucceeded)
	apitest.Eq(t, "ReceiptNumber", re.ReceiptNumber, "1230-7299")
	if !reflect.DeepEqual(re.Metadata, map[string]string{"order_id": "6735"}) {
		t.Errorf("Metadata = %v", re.Metadata)
	}
	if re.Charge == nil || re.Charge.ID != "ch_1NirD82eZvKYlo2CIvbtLWuY" || re.Charge.Amount != 0 {
		t.Errorf("Charge = %+v, want only ID", re.Charge)
	}
	if re.BalanceTransaction == nil || !reflect.DeepEqual(*re.BalanceTransaction, charge.BalanceTransaction{ID: "txn_1Nispe2eZvKYlo2CYezqFhEx"}) {
		t.Errorf("BalanceTransaction = %+v, want only ID", re.BalanceTransaction)
	}
	if re.PaymentIntent == nil || *re.PaymentIntent != (pay.Reference{ID: "pi_1GszsK2eZvKYlo2CfhZyoZLp"}) {
		t.Errorf("PaymentIntent = %+v", re.PaymentIntent)
	}
	if re.PaymentMethod == nil || re.PaymentMethod.ID != "pm_1NirD72eZvKYlo2C6Sv7nWZq" {
		t.Errorf("PaymentMethod = %+v", re.PaymentMethod)
	}
	if re.SourceTransferReversal != nil || re.TransferReversal != nil || re.Customer != nil || re.NextAction != nil {
		t.Errorf("null references decoded as non-nil: %+v", re)
	}
	dd := re.DestinationDetails
	if dd == nil || dd.Type != "card" || dd.Card == nil ||
		*dd.Card != (charge.RefundDestinationCard{Reference: "123456789012", ReferenceStatus: "pending", ReferenceType: "acquirer_reference_number", Type: "refund"}) {
		t.Errorf("DestinationDetails = %+v", dd)
	}
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
			if _, err := c.Create(context.Background(), tt.params); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestCreate_AlreadyRefundedIsAPIError(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/refunds", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":{"type":"invalid_request_error","code":"charge_already_refunded",` +
			`"message":"Charge ch_1 has already been refunded."}}`))
	})
	re, err := c.Create(context.Background(), &refund.CreateParams{Charge: "ch_1"})
	if re != nil {
		t.Errorf("refund = %+v, want nil", re)
	}
	var pe *pay.Error
	if !errors.As(err, &pe) || pe.Code != pay.ErrorCodeChargeAlreadyRefunded || pe.StatusCode != 400 {
		t.Errorf("err = %#v", err)
	}
}

func TestGet_DecodesRefund(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/refunds/re_1Nispe2eZvKYlo2Cd31jOCgZ", apitest.Request{Method: http.MethodGet}, "refund.json")
	re, err := c.Get(context.Background(), "re_1Nispe2eZvKYlo2Cd31jOCgZ")
	if err != nil {
		t.Fatal(err)
	}
	checkRefund(t, re)
}

func TestGet_ExpandedChargeAndBalanceTransaction(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/refunds/re_1Nispe2eZvKYlo2Cd31jOCgZ", apitest.Request{Method: http.MethodGet, Params: url.Values{"expand[0]": {"charge"}, "expand[1]": {"balance_transaction"}}}, "refund_expanded.json")
	re, err := c.Get(context.Background(), "re_1Nispe2eZvKYlo2Cd31jOCgZ", pay.Expand("charge", "balance_transaction"))
	if err != nil {
		t.Fatal(err)
	}
	ch := re.Charge
	if ch == nil {
		t.Fatal("Charge is nil")
	}
	apitest.Eq(t, "Charge.ID", ch.ID, "ch_1NirD82eZvKYlo2CIvbtLWuY")
	apitest.Eq(t, "Charge.Amount", ch.Amount, 1099)
	apitest.Eq(t, "Charge.AmountRefunded", ch.AmountRefunded, 500)
	apitest.Eq(t, "Charge.Status", ch.Status, charge.StatusSucceeded)
	apitest.Eq(t, "Charge.Customer.ID", ch.Customer.ID, "cus_NffrFeUfNV2Hib")

	bt := re.BalanceTransaction
	if bt == nil {
		t.Fatal("BalanceTransaction is nil")
	}
	apitest.Eq(t, "BalanceTransaction.ID", bt.ID, "txn_1Nispe2eZvKYlo2CYezqFhEx")
	apitest.Eq(t, "BalanceTransaction.Amount", bt.Amount, -500)
	apitest.Eq(t, "BalanceTransaction.Net", bt.Net, -500)
	apitest.Eq(t, "BalanceTransaction.Type", bt.Type, "refund")
	apitest.Eq(t, "BalanceTransaction.Source.ID", bt.Source.ID, re.ID)

	apitest.Eq(t, "Status", re.Status, refund.StatusFailed)
	apitest.Eq(t, "Reason", re.Reason, refund.ReasonFraudulent)
	apitest.Eq(t, "FailureReason", re.FailureReason, "expired_or_canceled_card")
	apitest.Eq(t, "PendingReason", re.PendingReason, "processing")
	apitest.Eq(t, "InstructionsEmail", re.InstructionsEmail, "jenny@example.com")
	apitest.Eq(t, "FailureBalanceTransaction.ID", re.FailureBalanceTransaction.ID, "txn_1NispfailZvKYlo2Cfail00")
	if re.DestinationDetails != nil {
		t.Errorf("DestinationDetails = %+v, want nil for null", re.DestinationDetails)
	}
	want := &charge.RefundNextAction{Type: "display_details", DisplayDetails: &charge.RefundDisplayDetails{
		EmailSent: &charge.RefundEmailSent{EmailSentAt: 1692942400, EmailSentTo: "jenny@example.com"}, ExpiresAt: 1693547200,
	}}
	if !reflect.DeepEqual(re.NextAction, want) {
		t.Errorf("NextAction = %+v", re.NextAction)
	}
	if re.PresentmentDetails == nil || *re.PresentmentDetails != (charge.PresentmentDetails{PresentmentAmount: 460, PresentmentCurrency: "eur"}) {
		t.Errorf("PresentmentDetails = %+v", re.PresentmentDetails)
	}
	refs := map[string]struct {
		got  *pay.Reference
		want pay.Reference
	}{
		"PaymentIntent":          {re.PaymentIntent, pay.Reference{ID: "pi_1GszsK2eZvKYlo2CfhZyoZLp", Object: "payment_intent"}},
		"SourceTransferReversal": {re.SourceTransferReversal, pay.Reference{ID: "trr_1Nispe2eZvKYlo2Crev0001"}},
		"TransferReversal":       {re.TransferReversal, pay.Reference{ID: "trr_1Nispe2eZvKYlo2Crev0002", Object: "transfer_reversal"}},
	}
	for name, r := range refs {
		if r.got == nil || *r.got != r.want {
			t.Errorf("%s = %+v, want %+v", name, r.got, r.want)
		}
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
			if err != nil {
				t.Fatal(err)
			}
			apitest.Eq(t, "ID", re.ID, "re_1Nispe2eZvKYlo2Cd31jOCgZ")
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
