package paytest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/refund"
)

// TestTypedClients_DecodePaytestObjects runs the user journeys through the
// typed clients, so paytest's JSON is decoded into charge.Charge,
// customer.Customer and refund.Refund, and checks the fields a user reads.
func TestTypedClients_DecodePaytestObjects(t *testing.T) {
	ctx := context.Background()
	cl := newClients(t)
	charges, customers, refunds := cl.charges, cl.customers, cl.refunds

	cus, err := customers.Create(ctx, &customer.CreateParams{
		Email:    "jenny@example.com",
		Name:     "Jenny Rosen",
		Source:   "tok_mastercard",
		Metadata: pay.Metadata{"plan": "gold"},
	}, pay.Expand("default_source"))
	require.NoError(t, err)
	require.Equal(t, "jenny@example.com", cus.Email, "customer decoded as %+v", cus)
	require.Equal(t, "gold", cus.Metadata["plan"], "customer decoded as %+v", cus)
	require.NotNil(t, cus.DefaultSource, "customer decoded as %+v", cus)
	require.Equal(t, "MasterCard", cus.DefaultSource.Brand, "default source decoded as %+v", cus.DefaultSource)
	require.Equal(t, "4444", cus.DefaultSource.Last4, "default source decoded as %+v", cus.DefaultSource)

	auth, err := charges.Create(ctx, &charge.CreateParams{
		Amount:   5000,
		Currency: "usd",
		Customer: cus.ID,
		Capture:  pay.Bool(false),
		Shipping: &pay.ShippingParams{Name: "Jenny Rosen", Address: &pay.AddressParams{Line1: "1 Main St", Country: "US"}},
	}, pay.Expand("customer", "balance_transaction"))
	require.NoError(t, err)
	require.Equal(t, charge.StatusSucceeded, auth.Status, "authorization decoded as %+v", auth)
	require.False(t, auth.Captured, "authorization decoded as %+v", auth)
	require.EqualValues(t, 5000, auth.Amount, "authorization decoded as %+v", auth)
	require.NotNil(t, auth.Customer, "authorization decoded as %+v", auth)
	require.Equal(t, "jenny@example.com", auth.Customer.Email, "authorization decoded as %+v", auth)
	require.NotNil(t, auth.Shipping, "authorization decoded as %+v", auth)
	require.Equal(t, "1 Main St", auth.Shipping.Address.Line1, "authorization decoded as %+v", auth)
	require.NotNil(t, auth.PaymentMethodDetails, "authorization decoded as %+v", auth)
	require.NotNil(t, auth.PaymentMethodDetails.Card, "authorization decoded as %+v", auth)
	require.Equal(t, "4444", auth.PaymentMethodDetails.Card.Last4, "authorization decoded as %+v", auth)
	require.NotNil(t, auth.Outcome, "authorization decoded as %+v", auth)

	captured, err := charges.Capture(ctx, auth.ID, &charge.CaptureParams{Amount: 4000})
	require.NoError(t, err)
	require.True(t, captured.Captured, "capture decoded as captured=false")
	require.EqualValues(t, 4000, captured.AmountCaptured, "capture decoded: amount_captured")
	require.NotNil(t, captured.Customer, "capture decoded: customer")
	require.Equal(t, cus.ID, captured.Customer.ID, "capture decoded: customer %+v", captured.Customer)

	re, err := refunds.Create(ctx, &refund.CreateParams{Charge: auth.ID, Amount: 1500, Reason: charge.RefundReasonRequestedByCustomer},
		pay.Expand("charge"))
	require.NoError(t, err)
	require.EqualValues(t, 1500, re.Amount, "refund decoded as %+v", re)
	require.Equal(t, charge.RefundReasonRequestedByCustomer, re.Reason, "refund decoded as %+v", re)
	require.NotNil(t, re.Charge, "refund decoded as %+v", re)
	require.Equal(t, auth.ID, re.Charge.ID, "refund's charge decoded as %+v", re.Charge)
	require.GreaterOrEqual(t, re.Charge.AmountRefunded, int64(1500), "refund's charge decoded as %+v", re.Charge)

	got, err := charges.Get(ctx, auth.ID)
	require.NoError(t, err)
	require.NotNil(t, got.Refunds, "charge refunds list")
	require.NotEmpty(t, got.Refunds.Data, "charge refunds list decoded as %+v", got.Refunds)
	require.NotEmpty(t, got.Refunds.Data[len(got.Refunds.Data)-1].ID, "charge refunds list decoded as %+v", got.Refunds)

	_, err = charges.Create(ctx, &charge.CreateParams{Amount: 100, Currency: "usd", Source: "tok_chargeDeclinedExpiredCard"})
	var perr *pay.Error
	require.ErrorAs(t, err, &perr, "decline")
	require.Equal(t, pay.ErrorTypeCard, perr.Type, "decline: %#v", err)
	require.Equal(t, pay.ErrorCodeExpiredCard, perr.Code, "decline: %#v", err)
	require.Equal(t, 402, perr.StatusCode, "decline: %#v", err)
	require.NotEmpty(t, perr.ChargeID, "decline: %#v", err)
	failed, err := charges.Get(ctx, perr.ChargeID)
	require.NoError(t, err, "failed charge")
	require.Equal(t, charge.StatusFailed, failed.Status, "failed charge: %+v", failed)
	require.Equal(t, "expired_card", failed.FailureCode, "failed charge: %+v", failed)

	n := 0
	for ch, err := range charges.List(ctx, &charge.ListParams{Customer: cus.ID}) {
		require.NoError(t, err)
		require.NotNil(t, ch.Customer, "listed charge %s has no customer", ch.ID)
		require.Equal(t, cus.ID, ch.Customer.ID, "listed charge %s has customer %+v", ch.ID, ch.Customer)
		n++
	}
	require.Equal(t, 1, n, "charges listed for the customer")

	del, err := customers.Delete(ctx, cus.ID)
	require.NoError(t, err, "delete")
	require.True(t, del.Deleted, "delete: %+v", del)
	require.Equal(t, cus.ID, del.ID, "delete: %+v", del)
}
