package charge_test

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
)

// The conformance tests run every charge call, with every param set at least
// once, against stripe-mock (see internal/conformance), prove from the wire
// that no params field went untried, and walk every response next to the
// value it decoded into.

func TestMain(m *testing.M) { conformance.Main(m) }

// walk compares responses with what they decoded into; pay.Reference
// keeps only the id and object type of an expanded object, by design.
var walk = conformance.Walk{Partial: []reflect.Type{reflect.TypeFor[pay.Reference]()}}

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
		if err != nil {
			t.Errorf("%s: Create: %v", tt.name, err)
			continue
		}
		checkCharge(t, tt.name, ch)
		walk.Report(t, tt.name, "charge", rec.LastBody(), ch)
		// stripe-mock echoes these params in the charge it returns.
		if ch.Amount != tt.params.Amount || ch.Currency != tt.params.Currency || ch.Description != tt.params.Description && tt.params.Description != "" {
			t.Errorf("%s: charge = {Amount: %d, Currency: %q, Description: %q}, want the params' %d, %q, %q",
				tt.name, ch.Amount, ch.Currency, ch.Description, tt.params.Amount, tt.params.Currency, tt.params.Description)
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
		if err != nil {
			t.Errorf("%s: Update: %v", tt.name, err)
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
	if err != nil {
		t.Fatalf("Create (authorize only): %v", err)
	}
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
		if err != nil {
			t.Errorf("%s: Capture: %v", tt.name, err)
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
		if err != nil {
			t.Errorf("Get, expanding %v: %v", expand, err)
			continue
		}
		name := fmt.Sprintf("Get, expanding %v", expand)
		checkCharge(t, name, ch)
		walk.Report(t, name, "charge", rec.LastBody(), ch)
		if slices.Contains(expand, "customer") && (ch.Customer == nil || ch.Customer.Object != "customer") {
			t.Errorf("%s: Customer = %+v, want the expanded customer", name, ch.Customer)
		}
		if slices.Contains(expand, "balance_transaction") && (ch.BalanceTransaction == nil || ch.BalanceTransaction.Object != "balance_transaction") {
			t.Errorf("%s: BalanceTransaction = %+v, want the expanded balance transaction", name, ch.BalanceTransaction)
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
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	raw := rec.LastBody()
	walk.Report(t, "Get", "charge", raw, ch)
	checkCharge(t, "charge", ch)

	// The walk covers these objects only if stripe-mock sends them.
	var sent map[string]any
	if err := conformance.DecodeJSON(raw, &sent); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"billing_details", "outcome", "payment_method_details", "refunds", "shipping",
		"fraud_details", "transfer_data", "balance_transaction", "customer"} {
		if _, ok := sent[key].(map[string]any); !ok {
			t.Errorf("stripe-mock sent no %s object to check (got %v)", key, sent[key])
		}
	}

	if ch.Customer == nil || !strings.HasPrefix(ch.Customer.ID, "cus_") || ch.Customer.Object != "customer" {
		t.Errorf("expanded Customer = %+v", ch.Customer)
	}
	if ch.BalanceTransaction == nil || !strings.HasPrefix(ch.BalanceTransaction.ID, "txn_") || ch.BalanceTransaction.Object != "balance_transaction" {
		t.Errorf("expanded BalanceTransaction = %+v", ch.BalanceTransaction)
	}
	if ch.BalanceTransaction != nil && (ch.BalanceTransaction.Source == nil || ch.BalanceTransaction.Source.ID == "" || ch.BalanceTransaction.Source.Object == "") {
		t.Errorf("expanded BalanceTransaction.Source = %+v", ch.BalanceTransaction.Source)
	}
	if ch.Refunds == nil || len(ch.Refunds.Data) == 0 {
		t.Fatalf("Refunds = %+v, want the charge's refunds", ch.Refunds)
	}
	re := ch.Refunds.Data[0]
	if !strings.HasPrefix(re.ID, "re_") || re.Object != "refund" || re.Charge == nil || re.Charge.Object != "charge" {
		t.Errorf("Refunds.Data[0] = %+v, want a refund with its expanded charge", re)
	}
	if d := ch.PaymentMethodDetails; d == nil || d.Type != "card" || d.Card == nil || d.Card.Last4 == "" || d.Card.Checks == nil {
		t.Errorf("PaymentMethodDetails = %+v, want card details with checks", d)
	}
	if ch.Outcome == nil || ch.Outcome.Rule == nil {
		t.Errorf("Outcome = %+v, want the expanded rule", ch.Outcome)
	}
	for name, tt := range map[string]struct {
		ref    *pay.Reference
		object string
	}{
		"application": {ch.Application, "application"}, "application_fee": {ch.ApplicationFee, "application_fee"},
		"on_behalf_of": {ch.OnBehalfOf, "account"}, "payment_intent": {ch.PaymentIntent, "payment_intent"},
		"review": {ch.Review, "review"}, "source_transfer": {ch.SourceTransfer, "transfer"}, "transfer": {ch.Transfer, "transfer"},
	} {
		// (stripe-mock's application fixture has an empty id.)
		if tt.ref == nil || tt.ref.Object != tt.object || tt.ref.ID == "" && name != "application" {
			t.Errorf("expanded %s = %+v, want an id and object %q", name, tt.ref, tt.object)
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
	if !strings.HasPrefix(ch.ID, "ch_") || ch.Object != "charge" || ch.Amount <= 0 || len(ch.Currency) != 3 {
		t.Errorf("%s: charge = {ID: %q, Object: %q, Amount: %d, Currency: %q}, want a ch_ id, object charge, an amount and a currency",
			name, ch.ID, ch.Object, ch.Amount, ch.Currency)
	}
	switch ch.Status {
	case charge.StatusSucceeded, charge.StatusPending, charge.StatusFailed:
	default:
		t.Errorf("%s: Status = %q, not a charge.Status constant", name, ch.Status)
	}
}
