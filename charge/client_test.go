package charge_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	require.NoError(t, err)
	assert.EqualValues(t, 1, calls.Load(), "calls")
	checkFullCharge(t, ch)
}

// checkFullCharge checks what a user reads from testdata/charge.json.
func checkFullCharge(t *testing.T, ch *charge.Charge) {
	t.Helper()
	assert.Equal(t, "ch_3MmlLrLkdIwHu7ix0snN0B15", ch.ID, "ID")
	assert.Equal(t, "charge", ch.Object, "Object")
	assert.Equal(t, int64(1099), ch.Amount, "Amount")
	assert.Equal(t, int64(1099), ch.AmountCaptured, "AmountCaptured")
	assert.Equal(t, int64(100), ch.AmountRefunded, "AmountRefunded")
	assert.Equal(t, charge.StatusSucceeded, ch.Status, "Status")
	assert.True(t, ch.Paid, "Paid")
	assert.True(t, ch.Captured, "Captured")
	assert.Equal(t, int64(1679090539), ch.Created, "Created")
	assert.Equal(t, "usd", ch.Currency, "Currency")
	assert.Equal(t, "Order 6735", ch.Description, "Description")
	assert.Equal(t, "PAYKIT* ORDER 6735", ch.CalculatedStatementDescriptor, "CalculatedStatementDescriptor")
	assert.Equal(t, "ORDER 6735", ch.StatementDescriptor, "StatementDescriptor")
	assert.Equal(t, "jenny.rosen@example.com", ch.ReceiptEmail, "ReceiptEmail")
	assert.Equal(t, "1230-7299", ch.ReceiptNumber, "ReceiptNumber")
	assert.True(t, strings.HasPrefix(ch.ReceiptURL, "https://pay.stripe.com/receipts/payment/"), "ReceiptURL = %q", ch.ReceiptURL)
	assert.Equal(t, "card_1MmlLrLkdIwHu7ixuQGfVqUq", ch.PaymentMethod, "PaymentMethod")
	assert.Equal(t, map[string]string{"order_id": "6735"}, ch.Metadata, "Metadata")
	// Nullable references and objects sent as null are nil.
	assert.Nil(t, ch.Application, "Application")
	assert.Nil(t, ch.ApplicationFee, "ApplicationFee")
	assert.Nil(t, ch.OnBehalfOf, "OnBehalfOf")
	assert.Nil(t, ch.PaymentIntent, "PaymentIntent")
	assert.Nil(t, ch.Review, "Review")
	assert.Nil(t, ch.SourceTransfer, "SourceTransfer")
	assert.Nil(t, ch.Transfer, "Transfer")
	assert.Nil(t, ch.TransferData, "TransferData")
	assert.Nil(t, ch.FailureBalanceTransaction, "FailureBalanceTransaction")
	assert.Zero(t, ch.ApplicationFeeAmount, "ApplicationFeeAmount")
	assert.Empty(t, ch.FailureCode, "FailureCode")

	// Unexpanded references keep their id where the expanded one would.
	if assert.NotNil(t, ch.Customer, "Customer") {
		assert.Equal(t, "cus_NffrFeUfNV2Hib", ch.Customer.ID, "Customer.ID")
		assert.Empty(t, ch.Customer.Email, "Customer.Email: want only the ID")
	}
	if assert.NotNil(t, ch.BalanceTransaction, "BalanceTransaction") {
		assert.Equal(t, "txn_3MmlLrLkdIwHu7ix0uke3Ezy", ch.BalanceTransaction.ID, "BalanceTransaction.ID")
		assert.Zero(t, ch.BalanceTransaction.Amount, "BalanceTransaction.Amount: want only the ID")
	}

	bd := ch.BillingDetails
	assert.Equal(t, "Jenny Rosen", bd.Name, "BillingDetails.Name")
	assert.Equal(t, "jenny.rosen@example.com", bd.Email, "BillingDetails.Email")
	assert.Equal(t, &pay.Address{City: "San Francisco", Country: "US", Line1: "510 Townsend St", PostalCode: "94103", State: "CA"}, bd.Address, "BillingDetails.Address")

	assert.Equal(t, &charge.FraudDetails{}, ch.FraudDetails, "FraudDetails: want empty non-nil")

	o := ch.Outcome
	require.NotNil(t, o, "Outcome")
	assert.Equal(t, "authorized", o.Type, "Outcome.Type")
	assert.Equal(t, "approved_by_network", o.NetworkStatus, "Outcome.NetworkStatus")
	assert.Equal(t, "normal", o.RiskLevel, "Outcome.RiskLevel")
	assert.Equal(t, int64(32), o.RiskScore, "Outcome.RiskScore")
	assert.Equal(t, "Payment complete.", o.SellerMessage, "Outcome.SellerMessage")
	assert.Equal(t, &charge.Rule{ID: "rule_1MmlLrLkdIwHu7ix"}, o.Rule, "Outcome.Rule")

	pmd := ch.PaymentMethodDetails
	require.NotNil(t, pmd, "PaymentMethodDetails")
	require.NotNil(t, pmd.Card, "PaymentMethodDetails.Card")
	assert.Equal(t, "card", pmd.Type, "PaymentMethodDetails.Type")
	card := pmd.Card
	assert.Equal(t, "visa", card.Brand, "Card.Brand")
	assert.Equal(t, "4242", card.Last4, "Card.Last4")
	assert.Equal(t, int64(3), card.ExpMonth, "Card.ExpMonth")
	assert.Equal(t, int64(2030), card.ExpYear, "Card.ExpYear")
	assert.Equal(t, "credit", card.Funding, "Card.Funding")
	assert.Equal(t, "US", card.Country, "Card.Country")
	assert.Equal(t, "Xt5EWLLDS7FJjR1c", card.Fingerprint, "Card.Fingerprint")
	assert.Equal(t, int64(1099), card.AmountAuthorized, "Card.AmountAuthorized")
	assert.Equal(t, "123456", card.AuthorizationCode, "Card.AuthorizationCode")
	assert.Equal(t, int64(1679695339), card.CaptureBefore, "Card.CaptureBefore")
	assert.Equal(t, "visa", card.Network, "Card.Network")
	assert.Equal(t, "1041029786787710", card.NetworkTransactionID, "Card.NetworkTransactionID")
	assert.Equal(t, "unregulated", card.RegulatedStatus, "Card.RegulatedStatus")
	assert.Equal(t, &charge.CardChecks{AddressLine1Check: "pass", AddressPostalCodeCheck: "pass", CVCCheck: "pass"}, card.Checks, "Card.Checks")
	assert.Equal(t, &charge.Overcapture{MaximumAmountCapturable: 1099, Status: "unavailable"}, card.Overcapture, "Card.Overcapture")
	assert.Equal(t, &charge.FeatureStatus{Status: "disabled"}, card.ExtendedAuthorization, "Card.ExtendedAuthorization")
	assert.Equal(t, &charge.FeatureStatus{Status: "unavailable"}, card.IncrementalAuthorization, "Card.IncrementalAuthorization")
	assert.Equal(t, &charge.FeatureStatus{Status: "unavailable"}, card.Multicapture, "Card.Multicapture")
	assert.Equal(t, &charge.NetworkToken{Used: false}, card.NetworkToken, "Card.NetworkToken")
	assert.Nil(t, card.Installments, "Card.Installments")
	assert.Nil(t, card.ThreeDSecure, "Card.ThreeDSecure")
	assert.Nil(t, card.Wallet, "Card.Wallet")

	require.NotNil(t, ch.Shipping, "Shipping")
	wantShip := pay.Shipping{
		Address: pay.Address{City: "San Francisco", Country: "US", Line1: "1 Main St", Line2: "Apt 4", PostalCode: "94111", State: "CA"},
		Carrier: "UPS", Name: "Jenny Rosen", Phone: "+15555550123", TrackingNumber: "1Z999AA10123456784",
	}
	assert.Equal(t, wantShip, *ch.Shipping, "Shipping")

	src := ch.Source
	require.NotNil(t, src, "Source")
	assert.Equal(t, "card_1MmlLrLkdIwHu7ixuQGfVqUq", src.ID, "Source.ID")
	assert.Equal(t, "Visa", src.Brand, "Source.Brand")
	assert.Equal(t, "4242", src.Last4, "Source.Last4")
	assert.Equal(t, "pass", src.CVCCheck, "Source.CVCCheck")
	if assert.NotNil(t, src.Customer, "Source.Customer") {
		assert.Equal(t, "cus_NffrFeUfNV2Hib", src.Customer.ID, "Source.Customer.ID")
	}

	assert.Equal(t, &charge.RadarOptions{}, ch.RadarOptions, "RadarOptions: want empty non-nil")

	rl := ch.Refunds
	require.NotNil(t, rl, "Refunds")
	assert.False(t, rl.HasMore, "Refunds.HasMore")
	assert.Equal(t, "/v1/charges/ch_3MmlLrLkdIwHu7ix0snN0B15/refunds", rl.URL, "Refunds.URL")
	require.Len(t, rl.Data, 1, "Refunds.Data")
	re := rl.Data[0]
	assert.Equal(t, "re_3MmlLrLkdIwHu7ix0Mb8mkfH", re.ID, "Refund.ID")
	assert.Equal(t, int64(100), re.Amount, "Refund.Amount")
	assert.Equal(t, charge.RefundReasonRequestedByCustomer, re.Reason, "Refund.Reason")
	assert.Equal(t, charge.RefundStatusSucceeded, re.Status, "Refund.Status")
	if assert.NotNil(t, re.Charge, "Refund.Charge") {
		assert.Equal(t, ch.ID, re.Charge.ID, "Refund.Charge.ID")
		assert.Zero(t, re.Charge.Amount, "Refund.Charge.Amount: want only the ID")
	}
	if assert.NotNil(t, re.BalanceTransaction, "Refund.BalanceTransaction") {
		assert.Equal(t, "txn_3MmlLrLkdIwHu7ix0n2XvCzB", re.BalanceTransaction.ID, "Refund.BalanceTransaction.ID")
	}
	assert.Equal(t, &charge.RefundDestinationDetails{Type: "card", Card: &charge.RefundDestinationCard{
		Reference: "123456789012", ReferenceStatus: "available", ReferenceType: "acquirer_reference_number", Type: "refund",
	}}, re.DestinationDetails, "Refund.DestinationDetails")
}

func TestCreate_GeneratesIdempotencyKeyAndSendsOnlyWhatIsSet(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/charges", apitest.Request{Method: http.MethodPost, Params: url.Values{"amount": {"2000"}, "currency": {"usd"}, "source": {"tok_visa"}}}, "charge.json")
	_, err := c.Create(context.Background(), &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_visa"})
	require.NoError(t, err)
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
	assert.Nil(t, ch, "charge: want nil on error")
	var pe *pay.Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, pay.ErrorTypeCard, pe.Type, "Type")
	assert.Equal(t, pay.ErrorCodeCardDeclined, pe.Code, "Code")
	assert.Equal(t, pay.DeclineCodeInsufficientFunds, pe.DeclineCode, "DeclineCode")
	assert.Equal(t, "ch_declined", pe.ChargeID, "ChargeID")
	assert.Equal(t, http.StatusPaymentRequired, pe.StatusCode, "StatusCode")
	assert.Equal(t, "req_decline", pe.RequestID, "RequestID")
}

func TestGet_DecodesFullCharge(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/charges/ch_3MmlLrLkdIwHu7ix0snN0B15", apitest.Request{Method: http.MethodGet}, "charge.json")
	ch, err := c.Get(context.Background(), "ch_3MmlLrLkdIwHu7ix0snN0B15")
	require.NoError(t, err)
	checkFullCharge(t, ch)
}

func TestGet_ExpandedReferencesDecode(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/charges/ch_3MmlLrLkdIwHu7ix0snN0B15", apitest.Request{Method: http.MethodGet, Params: url.Values{"expand[0]": {"customer"}, "expand[1]": {"balance_transaction"}, "expand[2]": {"application_fee"}}}, "charge_expanded.json")
	ch, err := c.Get(context.Background(), "ch_3MmlLrLkdIwHu7ix0snN0B15", pay.Expand("customer", "balance_transaction"), pay.Expand("application_fee"))
	require.NoError(t, err)

	cus := ch.Customer
	require.NotNil(t, cus, "Customer")
	assert.Equal(t, "cus_NffrFeUfNV2Hib", cus.ID, "Customer.ID")
	assert.Equal(t, "jennyrosen@example.com", cus.Email, "Customer.Email")
	assert.Equal(t, "Jenny Rosen", cus.Name, "Customer.Name")
	if assert.NotNil(t, cus.DefaultSource, "Customer.DefaultSource") {
		assert.Equal(t, "card_1MmlLrLkdIwHu7ixuQGfVqUq", cus.DefaultSource.ID, "Customer.DefaultSource.ID")
	}

	bt := ch.BalanceTransaction
	require.NotNil(t, bt, "BalanceTransaction")
	want := charge.BalanceTransaction{
		ID: "txn_3MmlLrLkdIwHu7ix0uke3Ezy", Object: "balance_transaction", Amount: 1099, AvailableOn: 1679616000,
		BalanceType: "payments", Created: 1679090539, Currency: "usd", ExchangeRate: 0.92, Fee: 62,
		FeeDetails: []charge.Fee{{Amount: 62, Currency: "usd", Description: "Stripe processing fees", Type: "stripe_fee"}},
		Net:        1037, ReportingCategory: "charge", Source: &pay.Reference{ID: "ch_3MmlLrLkdIwHu7ix0snN0B15"},
		Status: "pending", Type: "charge",
	}
	assert.Equal(t, want, *bt, "BalanceTransaction")

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
		assert.Equal(t, &r.want, r.got, name)
	}
	assert.Equal(t, int64(877), ch.TransferData.Amount, "TransferData.Amount")
	assert.Equal(t, int64(100), ch.ApplicationFeeAmount, "ApplicationFeeAmount")
	assert.Equal(t, "group_6735", ch.TransferGroup, "TransferGroup")

	if assert.NotNil(t, ch.Outcome, "Outcome") {
		assert.Equal(t, &charge.Rule{ID: "rule_1MmlLrLkdIwHu7ix", Action: "allow", Predicate: ":risk_score: < 50"}, ch.Outcome.Rule, "Outcome.Rule")
	}
	if assert.NotNil(t, ch.FraudDetails, "FraudDetails") {
		assert.Equal(t, "safe", ch.FraudDetails.UserReport, "FraudDetails.UserReport")
	}
	assert.Nil(t, ch.BillingDetails.Address, "BillingDetails.Address: want nil for null")
	assert.Nil(t, ch.Refunds, "Refunds: want nil for null")
	assert.Nil(t, ch.Shipping, "Shipping: want nil for null")
	assert.Nil(t, ch.Source, "Source: want nil for null")
	assert.Equal(t, &charge.PresentmentDetails{PresentmentAmount: 1010, PresentmentCurrency: "eur"}, ch.PresentmentDetails, "PresentmentDetails")
	assert.Equal(t, &charge.RadarOptions{Session: "rse_1MmlLrLkdIwHu7ix"}, ch.RadarOptions, "RadarOptions")

	card := ch.PaymentMethodDetails.Card
	assert.Nil(t, card.Checks, "Card.Checks: want nil for null")
	if assert.NotNil(t, card.Installments, "Card.Installments") {
		assert.Equal(t, &charge.InstallmentPlan{Count: 3, Interval: "month", Type: "fixed_count"}, card.Installments.Plan, "Card.Installments.Plan")
	}
	if tds := card.ThreeDSecure; assert.NotNil(t, tds, "Card.ThreeDSecure") {
		assert.Equal(t, "authenticated", tds.Result, "Card.ThreeDSecure.Result")
		assert.Equal(t, "2.2.0", tds.Version, "Card.ThreeDSecure.Version")
		assert.Equal(t, "challenge", tds.AuthenticationFlow, "Card.ThreeDSecure.AuthenticationFlow")
		assert.Equal(t, "02", tds.ElectronicCommerceIndicator, "Card.ThreeDSecure.ElectronicCommerceIndicator")
	}
	if w := card.Wallet; assert.NotNil(t, w, "Card.Wallet") {
		assert.Equal(t, "apple_pay", w.Type, "Card.Wallet.Type")
		assert.NotNil(t, w.ApplePay, "Card.Wallet.ApplePay")
		assert.Nil(t, w.GooglePay, "Card.Wallet.GooglePay")
		assert.Equal(t, "0004", w.DynamicLast4, "Card.Wallet.DynamicLast4")
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
			require.NoError(t, err)
			assert.Equal(t, "ch_3MmlLrLkdIwHu7ix0snN0B15", ch.ID, "ID")
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
			require.NoError(t, err)
			assert.EqualValues(t, 1, calls.Load(), "calls")
			assert.True(t, ch.Captured, "Captured")
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
