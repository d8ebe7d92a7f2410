package charge_test

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
)

// The conformance tests run every charge call, with every param set at least
// once, against stripe-mock (see internal/conformance), prove from the wire
// that no params field went untried, and walk every response next to the
// value it decoded into.

func TestMain(m *testing.M) { conformance.Main(m) }

var walk = conformance.References

// stripeMock returns a charge client and the core client aimed at
// stripe-mock (retries off), and the recorder of their traffic.
func stripeMock(t *testing.T) (*charge.Client, *pay.Client, *conformance.Recorder) {
	return conformance.ClientFor(t, charge.NewClient)
}

func TestConformance_Create(t *testing.T) {
	c, _, rec := stripeMock(t)
	shipping := &pay.ShippingParams{
		Name: "Jenny Rosen", Phone: "+14155550199", Carrier: "UPS", TrackingNumber: "1Z999AA10123456784",
		Address: &pay.AddressParams{Line1: "510 Townsend St", Line2: "Floor 2", City: "San Francisco", State: "CA", PostalCode: "94103", Country: "US"},
	}
	tests := []struct {
		name   string
		params *charge.CreateParams
	}{
		{"every param, authorize only", &charge.CreateParams{
			Amount: 2000, Currency: "usd", Customer: "cus_123", Source: "tok_visa",
			Description: "Order 6735", Metadata: pay.Metadata{"order_id": "6735"},
			ReceiptEmail: "jenny@example.com", Shipping: shipping, Capture: pay.Bool(false),
			StatementDescriptor: "PAYKIT ORDER", StatementDescriptorSuffix: "6735",
			ApplicationFeeAmount: pay.Int64(123), OnBehalfOf: "acct_123",
			TransferData:  &charge.TransferDataParams{Destination: "acct_123", Amount: 1500},
			TransferGroup: "ORDER6735", RadarOptions: &charge.RadarOptionsParams{Session: "rse_123"},
		}},
		{"capture, zero fee, whole charge transferred", &charge.CreateParams{
			Amount: 1000, Currency: "eur", Source: "tok_mastercard", Capture: pay.Bool(true),
			ApplicationFeeAmount: pay.Int64(0), TransferData: &charge.TransferDataParams{Destination: "acct_123"},
			Metadata: pay.Metadata{},
		}},
		{"token only", &charge.CreateParams{Amount: 50, Currency: "usd", Source: "tok_visa"}},
		{"saved customer", &charge.CreateParams{Amount: 99999999, Currency: "jpy", Customer: "cus_123"}},
	}
	for i, tt := range tests {
		ch, err := c.Create(context.Background(), tt.params, pay.IdempotencyKey(fmt.Sprintf("conformance-create-%d", i)))
		if !assert.NoError(t, err, "%s: Create", tt.name) {
			continue
		}
		checkCharge(t, tt.name, ch)
		walk.Report(t, tt.name, "charge", rec.LastBody(), ch)
		// stripe-mock echoes these params in the charge it returns.
		assert.Equal(t, tt.params.Amount, ch.Amount, "%s: Amount, want the params'", tt.name)
		assert.Equal(t, tt.params.Currency, ch.Currency, "%s: Currency, want the params'", tt.name)
		if tt.params.Description != "" {
			assert.Equal(t, tt.params.Description, ch.Description, "%s: Description, want the params'", tt.name)
		}
	}
	rec.WantEveryParamSent(t, "POST /v1/charges", charge.CreateParams{})
}

func TestConformance_Update(t *testing.T) {
	c, _, rec := stripeMock(t)
	tests := []struct {
		name   string
		params *charge.UpdateParams
	}{
		{"every param", &charge.UpdateParams{
			Customer: pay.String("cus_123"), Description: pay.String("Order 6735, gift"),
			Metadata: pay.Metadata{"order_id": "6735", "note": "gift"}, ReceiptEmail: pay.String("jenny@example.com"),
			Shipping: &pay.ShippingParams{
				Name: "Jenny Rosen", Phone: "+14155550199", Carrier: "FedEx", TrackingNumber: "449044304137821",
				Address: &pay.AddressParams{Line1: "1 Main St", Line2: "Apt 4", City: "Springfield", State: "IL", PostalCode: "62701", Country: "US"},
			},
			FraudDetails:  &charge.FraudDetailsParams{UserReport: pay.String(charge.UserReportFraudulent)},
			TransferGroup: pay.String("ORDER6735"),
		}},
		{"unset one metadata key, report safe", &charge.UpdateParams{
			Metadata: pay.Metadata{"note": ""}, FraudDetails: &charge.FraudDetailsParams{UserReport: pay.String(charge.UserReportSafe)},
		}},
		{"unset all metadata, clear the report and the description", &charge.UpdateParams{
			Metadata: pay.Metadata{}, FraudDetails: &charge.FraudDetailsParams{UserReport: pay.String("")}, Description: pay.String(""),
			ReceiptEmail: pay.String(""),
		}},
		{"minimal shipping", &charge.UpdateParams{Shipping: &pay.ShippingParams{Name: "Jenny", Address: &pay.AddressParams{Line1: "1 Main St"}}}},
		{"nil params", nil},
	}
	for _, tt := range tests {
		ch, err := c.Update(context.Background(), "ch_123", tt.params)
		if !assert.NoError(t, err, "%s: Update", tt.name) {
			continue
		}
		checkCharge(t, tt.name, ch)
		walk.Report(t, tt.name, "charge", rec.LastBody(), ch)
	}
	rec.WantEveryParamSent(t, "POST /v1/charges/{id}", charge.UpdateParams{})
}

func TestConformance_Capture(t *testing.T) {
	c, _, rec := stripeMock(t)
	ctx := context.Background()
	auth, err := c.Create(ctx, &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_visa", Capture: pay.Bool(false)})
	require.NoError(t, err, "Create (authorize only)")
	tests := []struct {
		name   string
		params *charge.CaptureParams
	}{
		{"every param", &charge.CaptureParams{
			Amount: 1500, ReceiptEmail: "jenny@example.com",
			StatementDescriptor: "PAYKIT ORDER", StatementDescriptorSuffix: "6735",
			ApplicationFeeAmount: pay.Int64(100), TransferData: &charge.CaptureTransferDataParams{Amount: 1000},
			TransferGroup: "ORDER6735",
		}},
		{"zero application fee", &charge.CaptureParams{ApplicationFeeAmount: pay.Int64(0)}},
		{"nil params: the whole amount", nil},
	}
	for i, tt := range tests {
		ch, err := c.Capture(ctx, auth.ID, tt.params, pay.IdempotencyKey(fmt.Sprintf("conformance-capture-%d", i)))
		if !assert.NoError(t, err, "%s: Capture", tt.name) {
			continue
		}
		checkCharge(t, tt.name, ch)
		walk.Report(t, tt.name, "charge", rec.LastBody(), ch)
	}
	rec.WantEveryParamSent(t, "POST /v1/charges/{id}/capture", charge.CaptureParams{})
}

func TestConformance_Get(t *testing.T) {
	c, _, rec := stripeMock(t)
	for _, expand := range [][]string{nil, {"customer"}, {"balance_transaction"}, {"customer", "balance_transaction", "refunds"}} {
		ch, err := c.Get(context.Background(), "ch_123", pay.Expand(expand...))
		if !assert.NoError(t, err, "Get, expanding %v", expand) {
			continue
		}
		name := fmt.Sprintf("Get, expanding %v", expand)
		checkCharge(t, name, ch)
		walk.Report(t, name, "charge", rec.LastBody(), ch)
		if slices.Contains(expand, "customer") && assert.NotNil(t, ch.Customer, "%s: Customer", name) {
			assert.Equal(t, "customer", ch.Customer.Object, "%s: Customer, want the expanded customer", name)
		}
		if slices.Contains(expand, "balance_transaction") && assert.NotNil(t, ch.BalanceTransaction, "%s: BalanceTransaction", name) {
			assert.Equal(t, "balance_transaction", ch.BalanceTransaction.Object, "%s: BalanceTransaction, want the expanded balance transaction", name)
		}
	}
}

// everyChargeExpansion is every expandable field of a charge, nested ones
// included, so that every object the type models arrives in full.
var everyChargeExpansion = pay.Expand(
	"customer", "balance_transaction", "balance_transaction.source", "failure_balance_transaction",
	"refunds", "refunds.data.balance_transaction", "refunds.data.charge",
	"application", "application_fee", "on_behalf_of", "payment_intent", "review",
	"source_transfer", "transfer", "transfer_data.destination", "outcome.rule",
)

// TestConformance_DecodingLosesNoField decodes a fully expanded charge and
// checks that every field the API sends is one Charge models (recursively,
// through every nested object we model), and arrives with the API's value.
func TestConformance_DecodingLosesNoField(t *testing.T) {
	c, _, rec := stripeMock(t)
	ch, err := c.Get(context.Background(), "ch_123", everyChargeExpansion)
	require.NoError(t, err, "Get")
	raw := rec.LastBody()
	walk.Report(t, "Get", "charge", raw, ch)
	checkCharge(t, "charge", ch)

	// The walk covers these objects only if stripe-mock sends them.
	var sent map[string]any
	require.NoError(t, conformance.DecodeJSON(raw, &sent))
	for _, key := range []string{"billing_details", "outcome", "payment_method_details", "refunds", "shipping",
		"fraud_details", "transfer_data", "balance_transaction", "customer"} {
		assert.IsType(t, map[string]any{}, sent[key], "stripe-mock sent no %s object to check", key)
	}

	if cus := ch.Customer; assert.NotNil(t, cus, "expanded Customer") {
		assert.True(t, strings.HasPrefix(cus.ID, "cus_"), "expanded Customer.ID = %q", cus.ID)
		assert.Equal(t, "customer", cus.Object, "expanded Customer.Object")
	}
	if bt := ch.BalanceTransaction; assert.NotNil(t, bt, "expanded BalanceTransaction") {
		assert.True(t, strings.HasPrefix(bt.ID, "txn_"), "expanded BalanceTransaction.ID = %q", bt.ID)
		assert.Equal(t, "balance_transaction", bt.Object, "expanded BalanceTransaction.Object")
		if assert.NotNil(t, bt.Source, "expanded BalanceTransaction.Source") {
			assert.NotEmpty(t, bt.Source.ID, "expanded BalanceTransaction.Source.ID")
			assert.NotEmpty(t, bt.Source.Object, "expanded BalanceTransaction.Source.Object")
		}
	}
	require.NotNil(t, ch.Refunds, "Refunds")
	require.NotEmpty(t, ch.Refunds.Data, "Refunds.Data, want the charge's refunds")
	re := ch.Refunds.Data[0]
	assert.True(t, strings.HasPrefix(re.ID, "re_"), "Refunds.Data[0].ID = %q", re.ID)
	assert.Equal(t, "refund", re.Object, "Refunds.Data[0].Object")
	if assert.NotNil(t, re.Charge, "Refunds.Data[0].Charge, want the expanded charge") {
		assert.Equal(t, "charge", re.Charge.Object, "Refunds.Data[0].Charge.Object")
	}
	if d := ch.PaymentMethodDetails; assert.NotNil(t, d, "PaymentMethodDetails") {
		assert.Equal(t, "card", d.Type, "PaymentMethodDetails.Type")
		if assert.NotNil(t, d.Card, "PaymentMethodDetails.Card") {
			assert.NotEmpty(t, d.Card.Last4, "PaymentMethodDetails.Card.Last4")
			assert.NotNil(t, d.Card.Checks, "PaymentMethodDetails.Card.Checks")
		}
	}
	if assert.NotNil(t, ch.Outcome, "Outcome") {
		assert.NotNil(t, ch.Outcome.Rule, "Outcome.Rule, want the expanded rule")
	}
	for name, tt := range map[string]struct {
		ref    *pay.Reference
		object string
	}{
		"application": {ch.Application, "application"}, "application_fee": {ch.ApplicationFee, "application_fee"},
		"on_behalf_of": {ch.OnBehalfOf, "account"}, "payment_intent": {ch.PaymentIntent, "payment_intent"},
		"review": {ch.Review, "review"}, "source_transfer": {ch.SourceTransfer, "transfer"}, "transfer": {ch.Transfer, "transfer"},
	} {
		if !assert.NotNil(t, tt.ref, "expanded %s", name) {
			continue
		}
		assert.Equal(t, tt.object, tt.ref.Object, "expanded %s: Object", name)
		// (stripe-mock's application fixture has an empty id.)
		if name != "application" {
			assert.NotEmpty(t, tt.ref.ID, "expanded %s: ID", name)
		}
	}
}

// TestConformance_RejectedRequestIsTypedError sends, through the raw
// pay.Client.Do, requests stripe-mock must reject (the typed params check
// these before sending, so only Do can get them there), and checks that the
// answer decodes into a *pay.Error.
func TestConformance_RejectedRequestIsTypedError(t *testing.T) {
	_, pc, _ := stripeMock(t)
	conformance.WantRejected(t, pc, []conformance.Rejection{
		{Name: "fraud_details without its required user_report", Method: http.MethodPost, Path: "/v1/charges/ch_123",
			Params: url.Values{"fraud_details[reason]": {"fraudulent"}}, Status: 400},
		{Name: "shipping without its required name", Method: http.MethodPost, Path: "/v1/charges",
			Params: url.Values{"amount": {"2000"}, "currency": {"usd"}, "source": {"tok_visa"}, "shipping[address][line1]": {"1 Main St"}}, Status: 400},
		{Name: "transfer_data without its required destination", Method: http.MethodPost, Path: "/v1/charges",
			Params: url.Values{"amount": {"2000"}, "currency": {"usd"}, "source": {"tok_visa"}, "transfer_data[amount]": {"100"}}, Status: 400},
		{Name: "unknown param", Method: http.MethodPost, Path: "/v1/charges",
			Params: url.Values{"amount": {"2000"}, "currency": {"usd"}, "amuont": {"2000"}}, Status: 400},
		{Name: "amount not an integer", Method: http.MethodPost, Path: "/v1/charges/ch_123/capture", Params: url.Values{"amount": {"all"}}, Status: 400},
		{Name: "created filter neither a timestamp nor a range", Method: http.MethodGet, Path: "/v1/charges", Params: url.Values{"created": {"yesterday"}}, Status: 400},
		{Name: "unknown list filter", Method: http.MethodGet, Path: "/v1/charges", Params: url.Values{"status": {"succeeded"}}, Status: 400},
		{Name: "unknown URL", Method: http.MethodGet, Path: "/v1/charges/ch_123/nothing", Params: nil, Status: 404},
	})
}

// TestConformance_LostReportsWhatGoesMissing proves the walk is not
// vacuous: it reports an unmodelled key, a value that did not arrive, and a
// nested object that decoded as nil.
func TestConformance_LostReportsWhatGoesMissing(t *testing.T) {
	walk.WantLost(t, "charge", []conformance.LostCase{
		{Name: "unmodelled key", Sent: `{"id":"ch_1","surprise":1}`, Got: &charge.Charge{ID: "ch_1"},
			Want: []string{`charge.surprise: the API sends it`}},
		{Name: "unmodelled nested key", Sent: `{"outcome":{"type":"authorized","new_thing":"x"}}`, Got: &charge.Charge{Outcome: &charge.Outcome{Type: "authorized"}},
			Want: []string{`charge.outcome.new_thing: the API sends it`}},
		{Name: "value lost", Sent: `{"amount":100,"status":"succeeded"}`, Got: &charge.Charge{Status: charge.StatusSucceeded},
			Want: []string{`charge.amount: the API sent 100, decoded as 0`}},
		{Name: "object lost", Sent: `{"billing_details":{"address":{"city":"Paris"}}}`, Got: &charge.Charge{},
			Want: []string{`charge.billing_details.address: the API sent`}},
		{Name: "reference id lost", Sent: `{"customer":"cus_1"}`, Got: &charge.Charge{}, Want: []string{`charge.customer: the API sent`}},
		{Name: "a list's object is not modelled on purpose", Sent: `{"refunds":{"object":"list","data":[],"has_more":false,"url":"/v1/x"}}`,
			Got: &charge.Charge{Refunds: &pay.Page[charge.Refund]{URL: "/v1/x"}}, Want: nil},
		{Name: "all there", Sent: `{"id":"ch_1","metadata":{"a":"b"},"refunds":{"data":["re_1"]}}`,
			Got: &charge.Charge{ID: "ch_1", Metadata: map[string]string{"a": "b"}, Refunds: &pay.Page[charge.Refund]{Data: []*charge.Refund{{ID: "re_1"}}}}, Want: nil},
	})
}

// checkCharge checks the values every charge stripe-mock returns must have.
func checkCharge(t *testing.T, name string, ch *charge.Charge) {
	t.Helper()
	assert.True(t, strings.HasPrefix(ch.ID, "ch_"), "%s: ID = %q, want a ch_ id", name, ch.ID)
	assert.Equal(t, "charge", ch.Object, "%s: Object", name)
	assert.Positive(t, ch.Amount, "%s: Amount", name)
	assert.Len(t, ch.Currency, 3, "%s: Currency", name)
	assert.Contains(t, []charge.Status{charge.StatusSucceeded, charge.StatusPending, charge.StatusFailed}, ch.Status,
		"%s: Status, not a charge.Status constant", name)
}
