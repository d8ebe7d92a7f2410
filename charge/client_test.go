package charge_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/internal/apitest"
)

func TestCreate_SendsEveryParamAndDecodesCharge(t *testing.T) {
	c, mux := setup(t)
	calls := apitest.Handle(t, mux, "/v1/charges", apitest.Request{Method: http.MethodPost, IdempotencyKey: "order-6735", Params: url.Values{
		"amount":                         {"1099"},
		"currency":                       {"usd"},
		"customer":                       {"cus_NffrFeUfNV2Hib"},
		"source":                         {"card_1MmlLrLkdIwHu7ixuQGfVqUq"},
		"description":                    {"Order 6735"},
		"metadata[order_id]":             {"6735"},
		"receipt_email":                  {"jenny.rosen@example.com"},
		"shipping[name]":                 {"Jenny Rosen"},
		"shipping[phone]":                {"+15555550123"},
		"shipping[carrier]":              {"UPS"},
		"shipping[tracking_number]":      {"1Z999AA10123456784"},
		"shipping[address][line1]":       {"1 Main St"},
		"shipping[address][line2]":       {"Apt 4"},
		"shipping[address][city]":        {"San Francisco"},
		"shipping[address][state]":       {"CA"},
		"shipping[address][postal_code]": {"94111"},
		"shipping[address][country]":     {"US"},
		"capture":                        {"false"},
		"statement_descriptor":           {"ORDER 6735"},
		"statement_descriptor_suffix":    {"6735"},
		"application_fee_amount":         {"0"},
		"on_behalf_of":                   {"acct_1MmlLrLkdIwHu7ix"},
		"transfer_data[destination]":     {"acct_1MmlLrLkdIwHu7ix"},
		"transfer_data[amount]":          {"877"},
		"transfer_group":                 {"group_6735"},
		"radar_options[session]":         {"rse_1MmlLrLkdIwHu7ix"},
		"expand[0]":                      {"balance_transaction"},
	}}, "charge.json")

	ch, err := c.Create(context.Background(), &charge.CreateParams{
		Amount:       1099,
		Currency:     "usd",
		Customer:     "cus_NffrFeUfNV2Hib",
		Source:       "card_1MmlLrLkdIwHu7ixuQGfVqUq",
		Description:  "Order 6735",
		Metadata:     pay.Metadata{"order_id": "6735"},
		ReceiptEmail: "jenny.rosen@example.com",
		Shipping: &pay.ShippingParams{
			Name: "Jenny Rosen", Phone: "+15555550123", Carrier: "UPS", TrackingNumber: "1Z999AA10123456784",
			Address: &pay.AddressParams{Line1: "1 Main St", Line2: "Apt 4", City: "San Francisco", State: "CA", PostalCode: "94111", Country: "US"},
		},
		Capture:                   pay.Bool(false),
		StatementDescriptor:       "ORDER 6735",
		StatementDescriptorSuffix: "6735",
		ApplicationFeeAmount:      pay.Int64(0),
		OnBehalfOf:                "acct_1MmlLrLkdIwHu7ix",
		TransferData:              &charge.TransferDataParams{Destination: "acct_1MmlLrLkdIwHu7ix", Amount: 877},
		TransferGroup:             "group_6735",
		RadarOptions:              &charge.RadarOptionsParams{Session: "rse_1MmlLrLkdIwHu7ix"},
	}, pay.IdempotencyKey("order-6735"), pay.Expand("balance_transaction"))
	if err != nil {
		t.Fatal(err)
	}
	apitest.Eq(t, "calls", calls.Load(), 1)
	checkFullCharge(t, ch)
}

// checkFullCharge checks what a user reads from testdata/charge.json.
func checkFullCharge(t *testing.T, ch *charge.Charge) {
	t.Helper()
	apitest.Eq(t, "ID", ch.ID, "ch_3MmlLrLkdIwHu7ix0snN0B15")
	apitest.Eq(t, "Object", ch.Object, "charge")
	apitest.Eq(t, "Amount", ch.Amount, 1099)
	apitest.Eq(t, "AmountCaptured", ch.AmountCaptured, 1099)
	apitest.Eq(t, "AmountRefunded", ch.AmountRefunded, 100)
	apitest.Eq(t, "Status", ch.Status, charge.StatusSucceeded)
	apitest.Eq(t, "Paid", ch.Paid, true)
	apitest.Eq(t, "Captured", ch.Captured, true)
	apitest.Eq(t, "Created", ch.Created, 1679090539)
	apitest.Eq(t, "Currency", ch.Currency, "usd")
	apitest.Eq(t, "Description", ch.Description, "Order 6735")
	apitest.Eq(t, "CalculatedStatementDescriptor", ch.CalculatedStatementDescriptor, "PAYKIT* ORDER 6735")
	apitest.Eq(t, "StatementDescriptor", ch.StatementDescriptor, "ORDER 6735")
	apitest.Eq(t, "ReceiptEmail", ch.ReceiptEmail, "jenny.rosen@example.com")
	apitest.Eq(t, "ReceiptNumber", ch.ReceiptNumber, "1230-7299")
	if !strings.HasPrefix(ch.ReceiptURL, "https://pay.stripe.com/receipts/payment/") {
		t.Errorf("ReceiptURL = %q", ch.ReceiptURL)
	}
	apitest.Eq(t, "PaymentMethod", ch.PaymentMethod, "card_1MmlLrLkdIwHu7ixuQGfVqUq")
	if !reflect.DeepEqual(ch.Metadata, map[string]string{"order_id": "6735"}) {
		t.Errorf("Metadata = %v", ch.Metadata)
	}
	// Nullable references and objects sent as null are nil.
	if ch.Application != nil || ch.ApplicationFee != nil || ch.OnBehalfOf != nil || ch.PaymentIntent != nil ||
		ch.Review != nil || ch.SourceTransfer != nil || ch.Transfer != nil || ch.TransferData != nil ||
		ch.FailureBalanceTransaction != nil {
		t.Errorf("null references decoded as non-nil: %+v", ch)
	}
	apitest.Eq(t, "ApplicationFeeAmount", ch.ApplicationFeeAmount, 0)
	apitest.Eq(t, "FailureCode", ch.FailureCode, "")

	// Unexpanded references keep their id where the expanded one would.
	if ch.Customer == nil || ch.Customer.ID != "cus_NffrFeUfNV2Hib" || ch.Customer.Email != "" {
		t.Errorf("Customer = %+v, want only ID cus_NffrFeUfNV2Hib", ch.Customer)
	}
	if ch.BalanceTransaction == nil || ch.BalanceTransaction.ID != "txn_3MmlLrLkdIwHu7ix0uke3Ezy" || ch.BalanceTransaction.Amount != 0 {
		t.Errorf("BalanceTransaction = %+v, want only ID", ch.BalanceTransaction)
	}

	bd := ch.BillingDetails
	apitest.Eq(t, "BillingDetails.Name", bd.Name, "Jenny Rosen")
	apitest.Eq(t, "BillingDetails.Email", bd.Email, "jenny.rosen@example.com")
	if bd.Address == nil || *bd.Address != (pay.Address{City: "San Francisco", Country: "US", Line1: "510 Townsend St", PostalCode: "94103", State: "CA"}) {
		t.Errorf("BillingDetails.Address = %+v", bd.Address)
	}

	if ch.FraudDetails == nil || *ch.FraudDetails != (charge.FraudDetails{}) {
		t.Errorf("FraudDetails = %+v, want empty non-nil", ch.FraudDetails)
	}

	o := ch.Outcome
	if o == nil {
		t.Fatal("Outcome is nil")
	}
	apitest.Eq(t, "Outcome.Type", o.Type, "authorized")
	apitest.Eq(t, "Outcome.NetworkStatus", o.NetworkStatus, "approved_by_network")
	apitest.Eq(t, "Outcome.RiskLevel", o.RiskLevel, "normal")
	apitest.Eq(t, "Outcome.RiskScore", o.RiskScore, 32)
	apitest.Eq(t, "Outcome.SellerMessage", o.SellerMessage, "Payment complete.")
	if o.Rule == nil || *o.Rule != (charge.Rule{ID: "rule_1MmlLrLkdIwHu7ix"}) {
		t.Errorf("Outcome.Rule = %+v", o.Rule)
	}

	pmd := ch.PaymentMethodDetails
	if pmd == nil || pmd.Card == nil {
		t.Fatalf("PaymentMethodDetails = %+v, want a card", pmd)
	}
	apitest.Eq(t, "PaymentMethodDetails.Type", pmd.Type, "card")
	card := pmd.Card
	apitest.Eq(t, "Card.Brand", card.Brand, "visa")
	apitest.Eq(t, "Card.Last4", card.Last4, "4242")
	apitest.Eq(t, "Card.ExpMonth", card.ExpMonth, 3)
	apitest.Eq(t, "Card.ExpYear", card.ExpYear, 2030)
	apitest.Eq(t, "Card.Funding", card.Funding, "credit")
	apitest.Eq(t, "Card.Country", card.Country, "US")
	apitest.Eq(t, "Card.Fingerprint", card.Fingerprint, "Xt5EWLLDS7FJjR1c")
	apitest.Eq(t, "Card.AmountAuthorized", card.AmountAuthorized, 1099)
	apitest.Eq(t, "Card.AuthorizationCode", card.AuthorizationCode, "123456")
	apitest.Eq(t, "Card.CaptureBefore", card.CaptureBefore, 1679695339)
	apitest.Eq(t, "Card.Network", card.Network, "visa")
	apitest.Eq(t, "Card.NetworkTransactionID", card.NetworkTransactionID, "1041029786787710")
	apitest.Eq(t, "Card.RegulatedStatus", card.RegulatedStatus, "unregulated")
	if card.Checks == nil || *card.Checks != (charge.CardChecks{AddressLine1Check: "pass", AddressPostalCodeCheck: "pass", CVCCheck: "pass"}) {
		t.Errorf("Card.Checks = %+v", card.Checks)
	}
	if card.Overcapture == nil || *card.Overcapture != (charge.Overcapture{MaximumAmountCapturable: 1099, Status: "unavailable"}) {
		t.Errorf("Card.Overcapture = %+v", card.Overcapture)
	}
	if card.ExtendedAuthorization == nil || card.ExtendedAuthorization.Status != "disabled" ||
		card.IncrementalAuthorization == nil || card.IncrementalAuthorization.Status != "unavailable" ||
		card.Multicapture == nil || card.Multicapture.Status != "unavailable" {
		t.Errorf("Card feature statuses = %+v %+v %+v", card.ExtendedAuthorization, card.IncrementalAuthorization, card.Multicapture)
	}
	if card.NetworkToken == nil || card.NetworkToken.Used {
		t.Errorf("Card.NetworkToken = %+v, want {Used: false}", card.NetworkToken)
	}
	if card.Installments != nil || card.ThreeDSecure != nil || card.Wallet != nil {
		t.Errorf("null card objects decoded as non-nil")
	}

	if ch.Shipping == nil {
		t.Fatal("Shipping is nil")
	}
	wantShip := pay.Shipping{
		Address: pay.Address{City: "San Francisco", Country: "US", Line1: "1 Main St", Line2: "Apt 4", PostalCode: "94111", State: "CA"},
		Carrier: "UPS", Name: "Jenny Rosen", Phone: "+15555550123", TrackingNumber: "1Z999AA10123456784",
	}
	if *ch.Shipping != wantShip {
		t.Errorf("Shipping = %+v", *ch.Shipping)
	}

	src := ch.Source
	if src == nil {
		t.Fatal("Source is nil")
	}
	apitest.Eq(t, "Source.ID", src.ID, "card_1MmlLrLkdIwHu7ixuQGfVqUq")
	apitest.Eq(t, "Source.Brand", src.Brand, "Visa")
	apitest.Eq(t, "Source.Last4", src.Last4, "4242")
	apitest.Eq(t, "Source.CVCCheck", src.CVCCheck, "pass")
	if src.Customer == nil || src.Customer.ID != "cus_NffrFeUfNV2Hib" {
		t.Errorf("Source.Customer = %+v", src.Customer)
	}

	if ch.RadarOptions == nil || ch.RadarOptions.Session != "" {
		t.Errorf("RadarOptions = %+v, want empty non-nil", ch.RadarOptions)
	}

	rl := ch.Refunds
	if rl == nil {
		t.Fatal("Refunds is nil")
	}
	apitest.Eq(t, "Refunds.HasMore", rl.HasMore, false)
	apitest.Eq(t, "Refunds.URL", rl.URL, "/v1/charges/ch_3MmlLrLkdIwHu7ix0snN0B15/refunds")
	if len(rl.Data) != 1 {
		t.Fatalf("len(Refunds.Data) = %d, want 1", len(rl.Data))
	}
	re := rl.Data[0]
	apitest.Eq(t, "Refund.ID", re.ID, "re_3MmlLrLkdIwHu7ix0Mb8mkfH")
	apitest.Eq(t, "Refund.Amount", re.Amount, 100)
	apitest.Eq(t, "Refund.Reason", re.Reason, charge.RefundReasonRequestedByCustomer)
	apitest.Eq(t, "Refund.Status", re.Status, charge.RefundStatusSucceeded)
	if re.Charge == nil || re.Charge.ID != ch.ID || re.Charge.Amount != 0 {
		t.Errorf("Refund.Charge = %+v, want only ID %s", re.Charge, ch.ID)
	}
	if re.BalanceTransaction == nil || re.BalanceTransaction.ID != "txn_3MmlLrLkdIwHu7ix0n2XvCzB" {
		t.Errorf("Refund.BalanceTransaction = %+v", re.BalanceTransaction)
	}
	dd := re.DestinationDetails
	if dd == nil || dd.Type != "card" || dd.Card == nil ||
		*dd.Card != (charge.RefundDestinationCard{Reference: "123456789012", ReferenceStatus: "available", ReferenceType: "acquirer_reference_number", Type: "refund"}) {
		t.Errorf("Refund.DestinationDetails = %+v", dd)
	}
}

func TestCreate_GeneratesIdempotencyKeyAndSendsOnlyWhatIsSet(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/charges", apitest.Request{Method: http.MethodPost, Params: url.Values{"amount": {"2000"}, "currency": {"usd"}, "source": {"tok_visa"}}}, "charge.json")
	if _, err := c.Create(context.Background(), &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_visa"}); err != nil {
		t.Fatal(err)
	}
}

func TestCreate_DeclineIsCardError(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/charges", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Request-Id", "req_decline")
		w.WriteHeader(http.StatusPaymentRequired)
		_, _ = w.Write([]byte(`{"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds",` +
			`"message":"Your card has insufficient funds.","charge":"ch_declined","doc_url":"https://stripe.com/docs/error-codes/card-declined"}}`))
	})
	ch, err := c.Create(context.Background(), &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_chargeDeclinedInsufficientFunds"})
	if ch != nil {
		t.Errorf("charge = %+v, want nil on error", ch)
	}
	var pe *pay.Error
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want *pay.Error", err)
	}
	apitest.Eq(t, "Type", pe.Type, pay.ErrorTypeCard)
	apitest.Eq(t, "Code", pe.Code, pay.ErrorCodeCardDeclined)
	apitest.Eq(t, "DeclineCode", pe.DeclineCode, pay.DeclineCodeInsufficientFunds)
	apitest.Eq(t, "ChargeID", pe.ChargeID, "ch_declined")
	apitest.Eq(t, "StatusCode", pe.StatusCode, http.StatusPaymentRequired)
	apitest.Eq(t, "RequestID", pe.RequestID, "req_decline")
}

func TestGet_DecodesFullCharge(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/charges/ch_3MmlLrLkdIwHu7ix0snN0B15", apitest.Request{Method: http.MethodGet}, "charge.json")
	ch, err := c.Get(context.Background(), "ch_3MmlLrLkdIwHu7ix0snN0B15")
	if err != nil {
		t.Fatal(err)
	}
	checkFullCharge(t, ch)
}

func TestGet_ExpandedReferencesDecode(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/charges/ch_3MmlLrLkdIwHu7ix0snN0B15", apitest.Request{Method: http.MethodGet, Params: url.Values{"expand[0]": {"customer"}, "expand[1]": {"balance_transaction"}, "expand[2]": {"application_fee"}}}, "charge_expanded.json")
	ch, err := c.Get(context.Background(), "ch_3MmlLrLkdIwHu7ix0snN0B15", pay.Expand("customer", "balance_transaction"), pay.Expand("application_fee"))
	if err != nil {
		t.Fatal(err)
	}

	cus := ch.Customer
	if cus == nil {
		t.Fatal("Customer is nil")
	}
	apitest.Eq(t, "Customer.ID", cus.ID, "cus_NffrFeUfNV2Hib")
	apitest.Eq(t, "Customer.Email", cus.Email, "jennyrosen@example.com")
	apitest.Eq(t, "Customer.Name", cus.Name, "Jenny Rosen")
	if cus.DefaultSource == nil || cus.DefaultSource.ID != "card_1MmlLrLkdIwHu7ixuQGfVqUq" {
		t.Errorf("Customer.DefaultSource = %+v", cus.DefaultSource)
	}

	bt := ch.BalanceTransaction
	if bt == nil {
		t.Fatal("BalanceTransaction is nil")
	}
	want := charge.BalanceTransaction{
		ID: "txn_3MmlLrLkdIwHu7ix0uke3Ezy", Object: "balance_transaction", Amount: 1099, AvailableOn: 1679616000,
		BalanceType: "payments", Created: 1679090539, Currency: "usd", ExchangeRate: 0.92, Fee: 62,
		FeeDetails: []charge.Fee{{Amount: 62, Currency: "usd", Description: "Stripe processing fees", Type: "stripe_fee"}},
		Net:        1037, ReportingCategory: "charge", Source: &pay.Reference{ID: "ch_3MmlLrLkdIwHu7ix0snN0B15"},
		Status: "pending", Type: "charge",
	}
	if !reflect.DeepEqual(*bt, want) {
		t.Errorf("BalanceTransaction =\n %+v\nwant\n %+v", *bt, want)
	}

	// Bare ids and expanded objects both land in Reference.ID.
	refs := map[string]struct {
		got  *pay.Reference
		want pay.Reference
	}{
		"Application":              {ch.Application, pay.Reference{ID: "ca_NfflJGdaSJdXXM"}},
		"ApplicationFee":           {ch.ApplicationFee, pay.Reference{ID: "fee_1MmlLrLkdIwHu7ix", Object: "application_fee"}},
		"OnBehalfOf":               {ch.OnBehalfOf, pay.Reference{ID: "acct_1MmlLrLkdIwHu7ix", Object: "account"}},
		"PaymentIntent":            {ch.PaymentIntent, pay.Reference{ID: "pi_3MmlLrLkdIwHu7ix0ytcY3Yr"}},
		"Review":                   {ch.Review, pay.Reference{ID: "prv_1MmlLrLkdIwHu7ix"}},
		"Transfer":                 {ch.Transfer, pay.Reference{ID: "tr_1MmlLrLkdIwHu7ix"}},
		"TransferData.Destination": {ch.TransferData.Destination, pay.Reference{ID: "acct_1MmlLrLkdIwHu7ix"}},
	}
	for name, r := range refs {
		if r.got == nil || *r.got != r.want {
			t.Errorf("%s = %+v, want %+v", name, r.got, r.want)
		}
	}
	apitest.Eq(t, "TransferData.Amount", ch.TransferData.Amount, 877)
	apitest.Eq(t, "ApplicationFeeAmount", ch.ApplicationFeeAmount, 100)
	apitest.Eq(t, "TransferGroup", ch.TransferGroup, "group_6735")

	if ch.Outcome == nil || ch.Outcome.Rule == nil ||
		*ch.Outcome.Rule != (charge.Rule{ID: "rule_1MmlLrLkdIwHu7ix", Action: "allow", Predicate: ":risk_score: < 50"}) {
		t.Errorf("Outcome.Rule = %+v", ch.Outcome)
	}
	if ch.FraudDetails == nil || ch.FraudDetails.UserReport != "safe" {
		t.Errorf("FraudDetails = %+v", ch.FraudDetails)
	}
	if ch.BillingDetails.Address != nil {
		t.Errorf("BillingDetails.Address = %+v, want nil for null", ch.BillingDetails.Address)
	}
	if ch.Refunds != nil || ch.Shipping != nil || ch.Source != nil {
		t.Errorf("null Refunds/Shipping/Source decoded as non-nil")
	}
	if ch.PresentmentDetails == nil || *ch.PresentmentDetails != (charge.PresentmentDetails{PresentmentAmount: 1010, PresentmentCurrency: "eur"}) {
		t.Errorf("PresentmentDetails = %+v", ch.PresentmentDetails)
	}
	if ch.RadarOptions == nil || ch.RadarOptions.Session != "rse_1MmlLrLkdIwHu7ix" {
		t.Errorf("RadarOptions = %+v", ch.RadarOptions)
	}

	card := ch.PaymentMethodDetails.Card
	if card.Checks != nil {
		t.Errorf("Card.Checks = %+v, want nil for null", card.Checks)
	}
	if card.Installments == nil || card.Installments.Plan == nil ||
		*card.Installments.Plan != (charge.InstallmentPlan{Count: 3, Interval: "month", Type: "fixed_count"}) {
		t.Errorf("Card.Installments = %+v", card.Installments)
	}
	if card.ThreeDSecure == nil || card.ThreeDSecure.Result != "authenticated" || card.ThreeDSecure.Version != "2.2.0" ||
		card.ThreeDSecure.AuthenticationFlow != "challenge" || card.ThreeDSecure.ElectronicCommerceIndicator != "02" {
		t.Errorf("Card.ThreeDSecure = %+v", card.ThreeDSecure)
	}
	if w := card.Wallet; w == nil || w.Type != "apple_pay" || w.ApplePay == nil || w.GooglePay != nil || w.DynamicLast4 != "0004" {
		t.Errorf("Card.Wallet = %+v", card.Wallet)
	}
}

func TestUpdate_SendsPointersAndClears(t *testing.T) {
	tests := []struct {
		name   string
		params *charge.UpdateParams
		want   url.Values
	}{
		{
			name: "every param",
			params: &charge.UpdateParams{
				Customer:      pay.String("cus_NffrFeUfNV2Hib"),
				Description:   pay.String("Order 6735 (gift)"),
				Metadata:      pay.Metadata{"order_id": "6735", "coupon": ""},
				ReceiptEmail:  pay.String("jenny@example.com"),
				Shipping:      &pay.ShippingParams{Name: "Jenny Rosen", Address: &pay.AddressParams{Line1: "1 Main St", Country: "US"}},
				FraudDetails:  &charge.FraudDetailsParams{UserReport: pay.String(charge.UserReportFraudulent)},
				TransferGroup: pay.String("group_6735"),
			},
			want: url.Values{
				"customer":                   {"cus_NffrFeUfNV2Hib"},
				"description":                {"Order 6735 (gift)"},
				"metadata[order_id]":         {"6735"},
				"metadata[coupon]":           {""},
				"receipt_email":              {"jenny@example.com"},
				"shipping[name]":             {"Jenny Rosen"},
				"shipping[address][line1]":   {"1 Main St"},
				"shipping[address][country]": {"US"},
				"fraud_details[user_report]": {"fraudulent"},
				"transfer_group":             {"group_6735"},
			},
		},
		{
			name:   "pointer to empty clears, empty metadata unsets all",
			params: &charge.UpdateParams{Description: pay.String(""), ReceiptEmail: pay.String(""), Metadata: pay.Metadata{}, FraudDetails: &charge.FraudDetailsParams{UserReport: pay.String("")}},
			want:   url.Values{"description": {""}, "receipt_email": {""}, "metadata": {""}, "fraud_details[user_report]": {""}},
		},
		{name: "nil params change nothing", params: nil, want: url.Values{}},
		{name: "empty params change nothing", params: &charge.UpdateParams{}, want: url.Values{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			apitest.Handle(t, mux, "/v1/charges/ch_3MmlLrLkdIwHu7ix0snN0B15", apitest.Request{Method: http.MethodPost, Params: tt.want}, "charge.json")
			ch, err := c.Update(context.Background(), "ch_3MmlLrLkdIwHu7ix0snN0B15", tt.params)
			if err != nil {
				t.Fatal(err)
			}
			apitest.Eq(t, "ID", ch.ID, "ch_3MmlLrLkdIwHu7ix0snN0B15")
		})
	}
}

func TestCapture_SendsParams(t *testing.T) {
	tests := []struct {
		name   string
		params *charge.CaptureParams
		opts   []pay.RequestOption
		key    string // the Idempotency-Key expected; "" for a generated one
		want   url.Values
	}{
		{
			name: "every param",
			params: &charge.CaptureParams{
				Amount: 800, ReceiptEmail: "jenny@example.com", StatementDescriptor: "ORDER 6735",
				StatementDescriptorSuffix: "6735", ApplicationFeeAmount: pay.Int64(0),
				TransferData: &charge.CaptureTransferDataParams{Amount: 700}, TransferGroup: "group_6735",
			},
			opts: []pay.RequestOption{pay.IdempotencyKey("capture-6735")},
			key:  "capture-6735",
			want: url.Values{
				"amount": {"800"}, "receipt_email": {"jenny@example.com"}, "statement_descriptor": {"ORDER 6735"},
				"statement_descriptor_suffix": {"6735"}, "application_fee_amount": {"0"},
				"transfer_data[amount]": {"700"}, "transfer_group": {"group_6735"},
			},
		},
		{name: "nil params capture everything", params: nil, want: url.Values{}},
		{name: "zero amount is not sent", params: &charge.CaptureParams{}, opts: []pay.RequestOption{pay.Expand("customer")}, want: url.Values{"expand[0]": {"customer"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			calls := apitest.Handle(t, mux, "/v1/charges/ch_3MmlLrLkdIwHu7ix0snN0B15/capture", apitest.Request{Method: http.MethodPost, IdempotencyKey: tt.key, Params: tt.want}, "charge.json")
			ch, err := c.Capture(context.Background(), "ch_3MmlLrLkdIwHu7ix0snN0B15", tt.params, tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			apitest.Eq(t, "calls", calls.Load(), 1)
			apitest.Eq(t, "Captured", ch.Captured, true)
		})
	}
}

func TestBadInput_FailsBeforeSending(t *testing.T) {
	ctx := context.Background()
	type call func(*charge.Client) error
	create := func(p *charge.CreateParams) call {
		return func(c *charge.Client) error { _, err := c.Create(ctx, p); return err }
	}
	valid := func(mod func(*charge.CreateParams)) *charge.CreateParams {
		p := &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_visa"}
		mod(p)
		return p
	}
	apitest.WantBadInput(t, charge.NewClient, []apitest.BadInput[*charge.Client]{
		{Name: "create nil params", Call: create(nil), Param: "params"},
		{Name: "create amount missing", Call: create(valid(func(p *charge.CreateParams) { p.Amount = 0 })), Param: "amount"},
		{Name: "create amount negative", Call: create(valid(func(p *charge.CreateParams) { p.Amount = -5 })), Param: "amount"},
		{Name: "create amount too large", Call: create(valid(func(p *charge.CreateParams) { p.Amount = 100000000 })), Param: "amount"},
		{Name: "create currency missing", Call: create(valid(func(p *charge.CreateParams) { p.Currency = "" })), Param: "currency"},
		{Name: "create currency upper case", Call: create(valid(func(p *charge.CreateParams) { p.Currency = "USD" })), Param: "currency"},
		{Name: "create currency two letters", Call: create(valid(func(p *charge.CreateParams) { p.Currency = "us" })), Param: "currency"},
		{Name: "create negative application fee", Call: create(valid(func(p *charge.CreateParams) { p.ApplicationFeeAmount = pay.Int64(-1) })), Param: "application_fee_amount"},
		{Name: "create shipping without name", Call: create(valid(func(p *charge.CreateParams) {
			p.Shipping = &pay.ShippingParams{Address: &pay.AddressParams{Line1: "1 Main St"}}
		})), Param: "shipping[name]"},
		{Name: "create shipping without address", Call: create(valid(func(p *charge.CreateParams) { p.Shipping = &pay.ShippingParams{Name: "Jenny"} })), Param: "shipping[address]"},
		{Name: "create transfer without destination", Call: create(valid(func(p *charge.CreateParams) { p.TransferData = &charge.TransferDataParams{Amount: 5} })), Param: "transfer_data[destination]"},
		{Name: "create metadata key too long", Call: create(valid(func(p *charge.CreateParams) { p.Metadata = pay.Metadata{strings.Repeat("k", 41): "v"} })), Param: "metadata"},
		{Name: "get empty id", Call: func(c *charge.Client) error { _, err := c.Get(ctx, ""); return err }, Param: "id"},
		{Name: "update empty id", Call: func(c *charge.Client) error { _, err := c.Update(ctx, "", &charge.UpdateParams{}); return err }, Param: "id"},
		{Name: "update bad fraud report", Call: func(c *charge.Client) error {
			_, err := c.Update(ctx, "ch_1", &charge.UpdateParams{FraudDetails: &charge.FraudDetailsParams{UserReport: pay.String("bogus")}})
			return err
		}, Param: "fraud_details[user_report]"},
		{Name: "update shipping without name", Call: func(c *charge.Client) error {
			_, err := c.Update(ctx, "ch_1", &charge.UpdateParams{Shipping: &pay.ShippingParams{Address: &pay.AddressParams{}}})
			return err
		}, Param: "shipping[name]"},
		{Name: "capture empty id", Call: func(c *charge.Client) error { _, err := c.Capture(ctx, "", nil); return err }, Param: "id"},
		{Name: "capture negative amount", Call: func(c *charge.Client) error {
			_, err := c.Capture(ctx, "ch_1", &charge.CaptureParams{Amount: -1})
			return err
		}, Param: "amount"},
		{Name: "capture amount too large", Call: func(c *charge.Client) error {
			_, err := c.Capture(ctx, "ch_1", &charge.CaptureParams{Amount: 100000000})
			return err
		}, Param: "amount"},
		{Name: "list page limit too large", Call: func(c *charge.Client) error {
			_, err := c.ListPage(ctx, &charge.ListParams{ListParams: pay.ListParams{Limit: 101}})
			return err
		}, Param: "limit"},
		{Name: "list both cursors", Call: func(c *charge.Client) error {
			for _, err := range c.List(ctx, &charge.ListParams{ListParams: pay.ListParams{StartingAfter: "ch_1", EndingBefore: "ch_2"}}) {
				return err
			}
			return nil
		}, Param: "ending_before"},
	})
}
