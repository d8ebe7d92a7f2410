package charge_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/internal/stripemock"
)

// The conformance tests run every call, with every param set at least once,
// against stripe-mock v0.203.0, which validates each request against the
// API's OpenAPI spec and answers 400 to an unknown param or a wrong shape.
// Each test also proves, from the requests it sent, that no field of the
// params struct went unexercised, and walks every response next to the value
// it decoded into: a key the API sent that our type does not model, or a
// value that did not arrive intact, fails the test.
//
// stripe-mock is started once, on first use (or STRIPE_MOCK_URL is used),
// and never skipped: failing to start it fails the test.

var mock struct {
	once sync.Once
	url  string
	stop func()
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if mock.stop != nil {
		mock.stop()
	}
	os.Exit(code)
}

// stripeMock returns a charge client and the core client aimed at
// stripe-mock (retries off), and the recorder of their traffic.
func stripeMock(t *testing.T) (*charge.Client, *pay.Client, *recorder) {
	t.Helper()
	mock.once.Do(func() { mock.url, mock.stop, mock.err = stripemock.Start() })
	if mock.err != nil {
		t.Fatalf("stripe-mock: %v", mock.err)
	}
	rec := &recorder{sent: map[string]map[string]bool{}}
	pc := pay.NewClient("sk_test_123", pay.WithBaseURL(mock.url), pay.WithMaxRetries(0),
		pay.WithHTTPClient(&http.Client{Transport: rec, Timeout: 30 * time.Second}))
	return charge.NewClient(pc), pc, rec
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
		reportLost(t, tt.name, "charge", rec.lastBody(), ch)
		// stripe-mock echoes these params in the charge it returns.
		if ch.Amount != tt.params.Amount || ch.Currency != tt.params.Currency || ch.Description != tt.params.Description && tt.params.Description != "" {
			t.Errorf("%s: charge = {Amount: %d, Currency: %q, Description: %q}, want the params' %d, %q, %q",
				tt.name, ch.Amount, ch.Currency, ch.Description, tt.params.Amount, tt.params.Currency, tt.params.Description)
		}
	}
	rec.wantEveryParamSent(t, "POST /v1/charges", charge.CreateParams{})
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
			FraudDetails:  &charge.FraudDetailsParams{UserReport: charge.UserReportFraudulent},
			TransferGroup: pay.String("ORDER6735"),
		}},
		{"unset one metadata key, report safe", &charge.UpdateParams{
			Metadata: pay.Metadata{"note": ""}, FraudDetails: &charge.FraudDetailsParams{UserReport: charge.UserReportSafe},
		}},
		{"unset all metadata, clear the report and the description", &charge.UpdateParams{
			Metadata: pay.Metadata{}, FraudDetails: &charge.FraudDetailsParams{}, Description: pay.String(""),
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
		reportLost(t, tt.name, "charge", rec.lastBody(), ch)
	}
	rec.wantEveryParamSent(t, "POST /v1/charges/{id}", charge.UpdateParams{})
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
		reportLost(t, tt.name, "charge", rec.lastBody(), ch)
	}
	rec.wantEveryParamSent(t, "POST /v1/charges/{id}/capture", charge.CaptureParams{})
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
		reportLost(t, name, "charge", rec.lastBody(), ch)
		if slices.Contains(expand, "customer") && (ch.Customer == nil || ch.Customer.Object != "customer") {
			t.Errorf("%s: Customer = %+v, want the expanded customer", name, ch.Customer)
		}
		if slices.Contains(expand, "balance_transaction") && (ch.BalanceTransaction == nil || ch.BalanceTransaction.Object != "balance_transaction") {
			t.Errorf("%s: BalanceTransaction = %+v, want the expanded balance transaction", name, ch.BalanceTransaction)
		}
	}
}

func TestConformance_List(t *testing.T) {
	c, _, rec := stripeMock(t)
	ctx := context.Background()
	tests := []struct {
		name   string
		params *charge.ListParams
		expand []string
	}{
		{"every filter, starting after", &charge.ListParams{
			ListParams: pay.ListParams{Limit: 3, StartingAfter: "ch_123"},
			Created:    &pay.RangeQuery{GT: 1, GTE: 1, LT: 2000000000, LTE: 2000000000},
			Customer:   "cus_123", PaymentIntent: "pi_123", TransferGroup: "ORDER6735",
		}, []string{"data.customer", "data.balance_transaction"}},
		{"ending before", &charge.ListParams{ListParams: pay.ListParams{Limit: 1, EndingBefore: "ch_123"}}, nil},
		{"nil params", nil, nil},
	}
	for _, tt := range tests {
		page, err := c.ListPage(ctx, tt.params, pay.Expand(tt.expand...))
		if err != nil {
			t.Errorf("%s: ListPage: %v", tt.name, err)
			continue
		}
		if len(page.Data) == 0 {
			t.Errorf("%s: ListPage returned no charges", tt.name)
		}
		for _, ch := range page.Data {
			checkCharge(t, tt.name, ch)
			if len(tt.expand) > 0 && (ch.Customer == nil || ch.Customer.Object != "customer") {
				t.Errorf("%s: Customer = %+v, want the expanded customer", tt.name, ch.Customer)
			}
		}
		reportLost(t, tt.name, "page", rec.lastBody(), page)
	}

	var got []*charge.Charge
	for ch, err := range c.List(ctx, &charge.ListParams{Created: &pay.RangeQuery{GTE: 1}, ListParams: pay.ListParams{Limit: 2}}, pay.Expand("data.customer")) {
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		got = append(got, ch)
	}
	if len(got) == 0 {
		t.Fatal("List yielded no charges")
	}
	// stripe-mock answers with a single page, so what List yielded is that
	// page's data.
	var last map[string]any
	if err := decodeJSON(rec.lastBody(), &last); err != nil {
		t.Fatal(err)
	}
	for _, p := range lost("List: data", last["data"], reflect.ValueOf(got)) {
		t.Error(p)
	}
	rec.wantEveryParamSent(t, "GET /v1/charges", charge.ListParams{})
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
	raw := rec.lastBody()
	reportLost(t, "Get", "charge", raw, ch)
	checkCharge(t, "charge", ch)

	// The walk covers these objects only if stripe-mock sends them.
	var sent map[string]any
	if err := decodeJSON(raw, &sent); err != nil {
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
		ref    *charge.Reference
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
	tests := []struct {
		name         string
		method, path string
		params       url.Values
		wantStatus   int
	}{
		{"fraud_details without its required user_report", http.MethodPost, "/v1/charges/ch_123",
			url.Values{"fraud_details[reason]": {"fraudulent"}}, 400},
		{"shipping without its required name", http.MethodPost, "/v1/charges",
			url.Values{"amount": {"2000"}, "currency": {"usd"}, "source": {"tok_visa"}, "shipping[address][line1]": {"1 Main St"}}, 400},
		{"transfer_data without its required destination", http.MethodPost, "/v1/charges",
			url.Values{"amount": {"2000"}, "currency": {"usd"}, "source": {"tok_visa"}, "transfer_data[amount]": {"100"}}, 400},
		{"unknown param", http.MethodPost, "/v1/charges",
			url.Values{"amount": {"2000"}, "currency": {"usd"}, "amuont": {"2000"}}, 400},
		{"amount not an integer", http.MethodPost, "/v1/charges/ch_123/capture", url.Values{"amount": {"all"}}, 400},
		{"created filter neither a timestamp nor a range", http.MethodGet, "/v1/charges", url.Values{"created": {"yesterday"}}, 400},
		{"unknown list filter", http.MethodGet, "/v1/charges", url.Values{"status": {"succeeded"}}, 400},
		{"unknown URL", http.MethodGet, "/v1/charges/ch_123/nothing", nil, 404},
	}
	for _, tt := range tests {
		var out charge.Charge
		err := pc.Do(context.Background(), tt.method, tt.path, tt.params, &out)
		var pe *pay.Error
		if !errors.As(err, &pe) {
			t.Errorf("%s: err = %v (%T), want *pay.Error", tt.name, err, err)
			continue
		}
		if pe.Type != pay.ErrorTypeInvalidRequest || pe.StatusCode != tt.wantStatus || pe.Message == "" || pe.Attempts != 1 {
			t.Errorf("%s: err = {Type: %q, StatusCode: %d, Message: %q, Attempts: %d}, want {invalid_request_error, %d, a message, 1}",
				tt.name, pe.Type, pe.StatusCode, pe.Message, pe.Attempts, tt.wantStatus)
		}
	}
}

// TestConformance_LostReportsWhatGoesMissing proves the walk is not
// vacuous: it reports an unmodelled key, a value that did not arrive, and a
// nested object that decoded as nil.
func TestConformance_LostReportsWhatGoesMissing(t *testing.T) {
	tests := []struct {
		name, sent string
		got        any
		want       []string
	}{
		{"unmodelled key", `{"id":"ch_1","surprise":1}`, &charge.Charge{ID: "ch_1"},
			[]string{`charge.surprise: the API sends it`}},
		{"unmodelled nested key", `{"outcome":{"type":"authorized","new_thing":"x"}}`, &charge.Charge{Outcome: &charge.Outcome{Type: "authorized"}},
			[]string{`charge.outcome.new_thing: the API sends it`}},
		{"value lost", `{"amount":100,"status":"succeeded"}`, &charge.Charge{Status: charge.StatusSucceeded},
			[]string{`charge.amount: the API sent 100, decoded as 0`}},
		{"object lost", `{"billing_details":{"address":{"city":"Paris"}}}`, &charge.Charge{},
			[]string{`charge.billing_details.address: the API sent`}},
		{"reference id lost", `{"customer":"cus_1"}`, &charge.Charge{}, []string{`charge.customer: the API sent`}},
		{"a list's object is not modelled on purpose", `{"refunds":{"object":"list","data":[],"has_more":false,"url":"/v1/x"}}`,
			&charge.Charge{Refunds: &pay.Page[charge.Refund]{URL: "/v1/x"}}, nil},
		{"all there", `{"id":"ch_1","metadata":{"a":"b"},"refunds":{"data":["re_1"]}}`,
			&charge.Charge{ID: "ch_1", Metadata: map[string]string{"a": "b"}, Refunds: &pay.Page[charge.Refund]{Data: []*charge.Refund{{ID: "re_1"}}}}, nil},
	}
	for _, tt := range tests {
		var sent any
		if err := decodeJSON([]byte(tt.sent), &sent); err != nil {
			t.Fatal(err)
		}
		got := lost("charge", sent, reflect.ValueOf(tt.got))
		if len(got) != len(tt.want) {
			t.Errorf("%s: lost = %q, want %d problems like %q", tt.name, got, len(tt.want), tt.want)
			continue
		}
		for i := range got {
			if !strings.HasPrefix(got[i], tt.want[i]) {
				t.Errorf("%s: lost[%d] = %q, want it to start with %q", tt.name, i, got[i], tt.want[i])
			}
		}
	}
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

// reportLost fails the test (case name) for every field of the JSON object
// raw that did not survive decoding into got; root names it in the paths.
func reportLost(t *testing.T, name, root string, raw []byte, got any) {
	t.Helper()
	var sent any
	if err := decodeJSON(raw, &sent); err != nil {
		t.Errorf("%s: response %.200s: %v", name, raw, err)
		return
	}
	for _, p := range lost(root, sent, reflect.ValueOf(got)) {
		t.Errorf("%s: %s", name, p)
	}
}

func decodeJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return dec.Decode(v)
}

// notModelled lists, as "Type.key", the keys the API sends that our types
// leave out on purpose. Any other key our type lacks is a field lost.
var notModelled = map[string]bool{
	// A list's "object" is always "list"; pay.Page does not keep it.
	"Page.object": true,
}

// onlyIDAndObject are the types that decode just the id and object type of
// an expanded object, by design: the rest of it is not ours to model.
var onlyIDAndObject = map[reflect.Type]bool{
	reflect.TypeFor[charge.Reference](): true,
}

// lost walks sent, a JSON value the API sent (decoded with UseNumber), next
// to got, the Go value it was decoded into, and describes, with its path,
// every key got's type does not model and every value that did not arrive.
// It walks every nested object, list and expanded reference our types model.
func lost(path string, sent any, got reflect.Value) []string {
	for got.Kind() == reflect.Pointer || got.Kind() == reflect.Interface {
		if got.IsNil() {
			if sent != nil {
				return []string{fmt.Sprintf("%s: the API sent %.80v, decoded as nil", path, sent)}
			}
			return nil
		}
		got = got.Elem()
	}
	if sent == nil {
		if !got.IsZero() {
			return []string{fmt.Sprintf("%s: the API sent null, decoded as %v", path, got)}
		}
		return nil
	}
	mismatch := func() []string {
		return []string{fmt.Sprintf("%s: the API sent %.80v, decoded as %v", path, sent, got)}
	}
	switch got.Kind() {
	case reflect.Struct:
		switch s := sent.(type) {
		case string: // an unexpanded reference: its id
			if id := got.FieldByName("ID"); !id.IsValid() || id.Kind() != reflect.String || id.String() != s {
				return mismatch()
			}
			return nil
		case map[string]any:
			return lostInObject(path, s, got)
		}
		return mismatch()
	case reflect.Slice:
		s, ok := sent.([]any)
		if !ok || len(s) != got.Len() {
			return mismatch()
		}
		var out []string
		for i := range s {
			out = append(out, lost(fmt.Sprintf("%s[%d]", path, i), s[i], got.Index(i))...)
		}
		return out
	case reflect.Map:
		s, ok := sent.(map[string]any)
		if !ok || len(s) != got.Len() || got.Type().Key().Kind() != reflect.String {
			return mismatch()
		}
		var out []string
		for _, k := range slices.Sorted(maps.Keys(s)) {
			v := got.MapIndex(reflect.ValueOf(k).Convert(got.Type().Key()))
			if !v.IsValid() {
				out = append(out, fmt.Sprintf("%s[%q]: the API sent it, decoding dropped it", path, k))
				continue
			}
			out = append(out, lost(fmt.Sprintf("%s[%q]", path, k), s[k], v)...)
		}
		return out
	case reflect.String:
		if s, ok := sent.(string); !ok || s != got.String() {
			return mismatch()
		}
	case reflect.Bool:
		if b, ok := sent.(bool); !ok || b != got.Bool() {
			return mismatch()
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := sent.(json.Number)
		if i, err := n.Int64(); !ok || err != nil || i != got.Int() {
			return mismatch()
		}
	case reflect.Float32, reflect.Float64:
		n, ok := sent.(json.Number)
		if f, err := n.Float64(); !ok || err != nil || f != got.Float() {
			return mismatch()
		}
	default:
		return []string{fmt.Sprintf("%s: cannot compare a Go %s", path, got.Kind())}
	}
	return nil
}

func lostInObject(path string, sent map[string]any, got reflect.Value) []string {
	typ := got.Type()
	fields := jsonFields(typ)
	typeName, _, _ := strings.Cut(typ.Name(), "[")
	var out []string
	for _, k := range slices.Sorted(maps.Keys(sent)) {
		idx, ok := fields[k]
		switch {
		case ok:
			out = append(out, lost(path+"."+k, sent[k], got.FieldByIndex(idx))...)
		case onlyIDAndObject[typ], notModelled[typeName+"."+k]:
		default:
			out = append(out, fmt.Sprintf("%s.%s: the API sends it; %s does not model it", path, k, typ))
		}
	}
	return out
}

// jsonFields maps the JSON names of t's fields (those of embedded structs
// included) to their indexes.
func jsonFields(t reflect.Type) map[string][]int {
	fields := map[string][]int{}
	for _, f := range reflect.VisibleFields(t) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" || f.Anonymous && name == "" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = f.Index
	}
	return fields
}

// recorder is the transport of the conformance clients: it notes the param
// names every request carried, by endpoint, and keeps the last response
// body so that it can be compared with what the call decoded.
type recorder struct {
	mu   sync.Mutex
	sent map[string]map[string]bool // "POST /v1/charges/{id}" -> param names
	last []byte
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	params := req.URL.Query()
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(b))
		form, err := url.ParseQuery(string(b))
		if err != nil {
			return nil, fmt.Errorf("request body %q is not a form: %w", b, err)
		}
		for k, v := range form {
			params[k] = append(params[k], v...)
		}
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))

	r.mu.Lock()
	defer r.mu.Unlock()
	r.last = body
	ep := endpoint(req.Method, req.URL.Path)
	if r.sent[ep] == nil {
		r.sent[ep] = map[string]bool{}
	}
	for k := range params {
		if name, _, _ := strings.Cut(k, "["); name == "metadata" || name == "expand" {
			k = name // metadata[key] and expand[i] count as one param
		}
		r.sent[ep][k] = true
	}
	return resp, nil
}

// endpoint names a request by method and path, with the object id as {id}.
func endpoint(method, path string) string {
	parts := strings.Split(path, "/") // "", "v1", "charges", id, ...
	if len(parts) > 3 {
		parts[3] = "{id}"
	}
	return method + " " + strings.Join(parts, "/")
}

func (r *recorder) lastBody() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}

// wantEveryParamSent fails the test for every field of the params struct
// that no request to endpoint carried, so that a field added later cannot
// go untried against stripe-mock.
func (r *recorder) wantEveryParamSent(t *testing.T, endpoint string, params any) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, name := range paramNames(reflect.TypeOf(params), "") {
		if !r.sent[endpoint][name] {
			t.Errorf("%s: no request carried %s; set it in a case (sent: %v)", endpoint, name, slices.Sorted(maps.Keys(r.sent[endpoint])))
		}
	}
}

// paramNames lists the form names the fields of a params struct are sent
// as, from their url tags: shipping[address][line1], created[gte], ...
func paramNames(t reflect.Type, prefix string) []string {
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("url"), ",")
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch {
		case name == "-" || !f.IsExported():
			continue
		case f.Anonymous && name == "":
			names = append(names, paramNames(ft, prefix)...)
			continue
		case prefix != "":
			name = prefix + "[" + name + "]"
		}
		if ft.Kind() == reflect.Struct {
			names = append(names, paramNames(ft, name)...)
		} else {
			names = append(names, name)
		}
	}
	return names
}
