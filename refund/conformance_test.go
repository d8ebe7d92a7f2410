package refund_test

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
	"github.com/paykit/pay/refund"
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
//
// The harness below the tests is the same as charge/conformance_test.go's;
// test code cannot be shared between packages.

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

// stripeMock returns a refund client and the core client aimed at
// stripe-mock (retries off), and the recorder of their traffic.
func stripeMock(t *testing.T) (*refund.Client, *pay.Client, *recorder) {
	t.Helper()
	mock.once.Do(func() { mock.url, mock.stop, mock.err = stripemock.Start() })
	if mock.err != nil {
		t.Fatalf("stripe-mock: %v", mock.err)
	}
	rec := &recorder{sent: map[string]map[string]bool{}}
	pc := pay.NewClient("sk_test_123", pay.WithBaseURL(mock.url), pay.WithMaxRetries(0),
		pay.WithHTTPClient(&http.Client{Transport: rec, Timeout: 30 * time.Second}))
	return refund.NewClient(pc), pc, rec
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
	}
	for i, tt := range tests {
		re, err := c.Create(context.Background(), tt.params, pay.IdempotencyKey(fmt.Sprintf("conformance-refund-%d", i)))
		if err != nil {
			t.Errorf("%s: Create: %v", tt.name, err)
			continue
		}
		checkMockRefund(t, tt.name, re)
		reportLost(t, tt.name, "refund", rec.lastBody(), re)
		// stripe-mock echoes these params in the refund it returns.
		if tt.params.Amount != 0 && re.Amount != tt.params.Amount || re.Reason != tt.params.Reason ||
			tt.params.Charge != "" && (re.Charge == nil || re.Charge.ID != tt.params.Charge) {
			t.Errorf("%s: refund = {Amount: %d, Reason: %q, Charge: %+v}, want the params' %d, %q, %q",
				tt.name, re.Amount, re.Reason, re.Charge, tt.params.Amount, tt.params.Reason, tt.params.Charge)
		}
	}
	rec.wantEveryParamSent(t, "POST /v1/refunds", refund.CreateParams{})
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
		reportLost(t, tt.name, "refund", rec.lastBody(), re)
	}
	rec.wantEveryParamSent(t, "POST /v1/refunds/{id}", refund.UpdateParams{})
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
		reportLost(t, name, "refund", rec.lastBody(), re)
		if slices.Contains(expand, "charge") && (re.Charge == nil || re.Charge.Object != "charge") {
			t.Errorf("%s: Charge = %+v, want the expanded charge", name, re.Charge)
		}
		if slices.Contains(expand, "balance_transaction") && (re.BalanceTransaction == nil || re.BalanceTransaction.Object != "balance_transaction") {
			t.Errorf("%s: BalanceTransaction = %+v, want the expanded balance transaction", name, re.BalanceTransaction)
		}
	}
}

func TestConformance_List(t *testing.T) {
	c, _, rec := stripeMock(t)
	ctx := context.Background()
	tests := []struct {
		name   string
		params *refund.ListParams
		expand []string
	}{
		{"every filter, starting after", &refund.ListParams{
			ListParams:    pay.ListParams{Limit: 3, StartingAfter: "re_123"},
			Charge:        "ch_123",
			Created:       &pay.RangeQuery{GT: 1, GTE: 1, LT: 2000000000, LTE: 2000000000},
			PaymentIntent: "pi_123",
		}, []string{"data.charge", "data.balance_transaction"}},
		{"ending before", &refund.ListParams{ListParams: pay.ListParams{Limit: 1, EndingBefore: "re_123"}}, nil},
		{"nil params", nil, nil},
	}
	for _, tt := range tests {
		page, err := c.ListPage(ctx, tt.params, pay.Expand(tt.expand...))
		if err != nil {
			t.Errorf("%s: ListPage: %v", tt.name, err)
			continue
		}
		if len(page.Data) == 0 {
			t.Errorf("%s: ListPage returned no refunds", tt.name)
		}
		for _, re := range page.Data {
			checkMockRefund(t, tt.name, re)
			if len(tt.expand) > 0 && (re.Charge == nil || re.Charge.Object != "charge") {
				t.Errorf("%s: Charge = %+v, want the expanded charge", tt.name, re.Charge)
			}
		}
		reportLost(t, tt.name, "page", rec.lastBody(), page)
	}

	var got []*refund.Refund
	for re, err := range c.List(ctx, &refund.ListParams{Charge: "ch_123", ListParams: pay.ListParams{Limit: 2}}, pay.Expand("data.charge")) {
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		got = append(got, re)
	}
	if len(got) == 0 {
		t.Fatal("List yielded no refunds")
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
	rec.wantEveryParamSent(t, "GET /v1/refunds", refund.ListParams{})
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
	raw := rec.lastBody()
	reportLost(t, "Get", "refund", raw, re)
	checkMockRefund(t, "Get", re)

	// The walk covers these objects only if stripe-mock sends them.
	var sent map[string]any
	if err := decodeJSON(raw, &sent); err != nil {
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
		ref    *charge.Reference
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
	tests := []struct {
		name         string
		method, path string
		params       url.Values
		wantStatus   int
	}{
		{"unknown param", http.MethodPost, "/v1/refunds", url.Values{"chrage": {"ch_123"}}, 400},
		{"amount not an integer", http.MethodPost, "/v1/refunds", url.Values{"charge": {"ch_123"}, "amount": {"all"}}, 400},
		{"flag not a boolean", http.MethodPost, "/v1/refunds", url.Values{"charge": {"ch_123"}, "reverse_transfer": {"maybe"}}, 400},
		{"metadata neither a map nor empty", http.MethodPost, "/v1/refunds", url.Values{"charge": {"ch_123"}, "metadata": {"x"}}, 400},
		{"update of a param only create takes", http.MethodPost, "/v1/refunds/re_123", url.Values{"amount": {"100"}}, 400},
		{"created filter neither a timestamp nor a range", http.MethodGet, "/v1/refunds", url.Values{"created": {"yesterday"}}, 400},
		{"unknown URL", http.MethodPost, "/v1/refunds/re_123/cancel/now", nil, 404},
	}
	for _, tt := range tests {
		var out refund.Refund
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
// vacuous on refunds: it reports an unmodelled key, a value that did not
// arrive, and a nested object that decoded as nil.
func TestConformance_LostReportsWhatGoesMissing(t *testing.T) {
	tests := []struct {
		name, sent string
		got        *refund.Refund
		want       []string
	}{
		{"unmodelled nested key", `{"destination_details":{"type":"card","card":{"type":"refund","arn":"x"}}}`,
			&refund.Refund{DestinationDetails: &charge.RefundDestinationDetails{Type: "card", Card: &charge.RefundDestinationCard{Type: "refund"}}},
			[]string{`refund.destination_details.card.arn: the API sends it`}},
		{"value lost in the expanded charge", `{"charge":{"id":"ch_1","amount":100}}`, &refund.Refund{Charge: &charge.Charge{ID: "ch_1"}},
			[]string{`refund.charge.amount: the API sent 100, decoded as 0`}},
		{"object lost", `{"next_action":{"type":"display_details"}}`, &refund.Refund{},
			[]string{`refund.next_action: the API sent`}},
		{"all there", `{"id":"re_1","charge":"ch_1","reason":null,"metadata":{}}`,
			&refund.Refund{ID: "re_1", Charge: &charge.Charge{ID: "ch_1"}}, nil},
	}
	for _, tt := range tests {
		var sent any
		if err := decodeJSON([]byte(tt.sent), &sent); err != nil {
			t.Fatal(err)
		}
		got := lost("refund", sent, reflect.ValueOf(tt.got))
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
