package paytest_test

import (
	"context"
	"errors"
	"testing"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/paytest"
	"github.com/paykit/pay/refund"
)

// TestTypedClients_DecodePaytestObjects runs the user journeys through the
// typed clients, so paytest's JSON is decoded into charge.Charge,
// customer.Customer and refund.Refund, and checks the fields a user reads.
func TestTypedClients_DecodePaytestObjects(t *testing.T) {
	srv := paytest.NewServer()
	t.Cleanup(srv.Close)
	ctx := context.Background()
	c := srv.Client()
	charges, customers, refunds := charge.NewClient(c), customer.NewClient(c), refund.NewClient(c)

	cus, err := customers.Create(ctx, &customer.CreateParams{
		Email:    "jenny@example.com",
		Name:     "Jenny Rosen",
		Source:   "tok_mastercard",
		Metadata: pay.Metadata{"plan": "gold"},
	}, pay.Expand("default_source"))
	if err != nil {
		t.Fatal(err)
	}
	if cus.Email != "jenny@example.com" || cus.Metadata["plan"] != "gold" || cus.DefaultSource == nil ||
		cus.DefaultSource.Brand != "MasterCard" || cus.DefaultSource.Last4 != "4444" {
		t.Fatalf("customer decoded as %+v (default source %+v)", cus, cus.DefaultSource)
	}

	auth, err := charges.Create(ctx, &charge.CreateParams{
		Amount:   5000,
		Currency: "usd",
		Customer: cus.ID,
		Capture:  pay.Bool(false),
		Shipping: &pay.ShippingParams{Name: "Jenny Rosen", Address: &pay.AddressParams{Line1: "1 Main St", Country: "US"}},
	}, pay.Expand("customer", "balance_transaction"))
	if err != nil {
		t.Fatal(err)
	}
	if auth.Status != charge.StatusSucceeded || auth.Captured || auth.Amount != 5000 ||
		auth.Customer == nil || auth.Customer.Email != "jenny@example.com" ||
		auth.Shipping == nil || auth.Shipping.Address.Line1 != "1 Main St" ||
		auth.PaymentMethodDetails == nil || auth.PaymentMethodDetails.Card == nil ||
		auth.PaymentMethodDetails.Card.Last4 != "4444" || auth.Outcome == nil {
		t.Fatalf("authorization decoded as %+v", auth)
	}

	captured, err := charges.Capture(ctx, auth.ID, &charge.CaptureParams{Amount: 4000})
	if err != nil {
		t.Fatal(err)
	}
	if !captured.Captured || captured.AmountCaptured != 4000 || captured.Customer == nil || captured.Customer.ID != cus.ID {
		t.Fatalf("capture decoded as captured=%v amount_captured=%d customer=%+v", captured.Captured, captured.AmountCaptured, captured.Customer)
	}

	re, err := refunds.Create(ctx, &refund.CreateParams{Charge: auth.ID, Amount: 1500, Reason: charge.RefundReasonRequestedByCustomer},
		pay.Expand("charge"))
	if err != nil {
		t.Fatal(err)
	}
	if re.Amount != 1500 || re.Reason != charge.RefundReasonRequestedByCustomer || re.Charge == nil ||
		re.Charge.ID != auth.ID || re.Charge.AmountRefunded < 1500 {
		t.Fatalf("refund decoded as %+v (charge %+v)", re, re.Charge)
	}

	got, err := charges.Get(ctx, auth.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Refunds == nil || len(got.Refunds.Data) == 0 || got.Refunds.Data[len(got.Refunds.Data)-1].ID == "" {
		t.Fatalf("charge refunds list decoded as %+v", got.Refunds)
	}

	_, err = charges.Create(ctx, &charge.CreateParams{Amount: 100, Currency: "usd", Source: "tok_chargeDeclinedExpiredCard"})
	var perr *pay.Error
	if !errors.As(err, &perr) || perr.Type != pay.ErrorTypeCard || perr.Code != pay.ErrorCodeExpiredCard ||
		perr.StatusCode != 402 || perr.ChargeID == "" {
		t.Fatalf("decline: %#v", err)
	}
	failed, err := charges.Get(ctx, perr.ChargeID)
	if err != nil || failed.Status != charge.StatusFailed || failed.FailureCode != "expired_card" {
		t.Fatalf("failed charge: %+v, %v", failed, err)
	}

	n := 0
	for ch, err := range charges.List(ctx, &charge.ListParams{Customer: cus.ID}) {
		if err != nil {
			t.Fatal(err)
		}
		if ch.Customer == nil || ch.Customer.ID != cus.ID {
			t.Fatalf("listed charge %s has customer %+v", ch.ID, ch.Customer)
		}
		n++
	}
	if n != 1 {
		t.Fatalf("listed %d charges for the customer, want 1", n)
	}

	del, err := customers.Delete(ctx, cus.ID)
	if err != nil || !del.Deleted || del.ID != cus.ID {
		t.Fatalf("delete: %+v, %v", del, err)
	}
}
