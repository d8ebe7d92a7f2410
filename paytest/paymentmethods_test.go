package paytest_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/paymentintent"
	"github.com/paykit/pay/paymentmethod"
)

func TestPaymentMethod_AttachDetachAndDefault(t *testing.T) {
	ctx := context.Background()
	c := newClients(t)
	pm, err := c.pms.Create(ctx, &paymentmethod.CreateParams{Type: "card", Card: &paymentmethod.CardParams{Token: "tok_visa"}})
	require.NoError(t, err)
	cus, err := c.customers.Create(ctx, &customer.CreateParams{PaymentMethod: pm.ID,
		InvoiceSettings: &customer.InvoiceSettingsParams{DefaultPaymentMethod: pay.String(pm.ID)}})
	require.NoError(t, err)
	require.NotNil(t, cus.InvoiceSettings)
	require.NotNil(t, cus.InvoiceSettings.DefaultPaymentMethod)
	assert.Equal(t, pm.ID, cus.InvoiceSettings.DefaultPaymentMethod.ID)

	var listed []string
	for pm, err := range c.pms.List(ctx, &paymentmethod.ListParams{Customer: cus.ID, Type: "card"}) {
		require.NoError(t, err)
		listed = append(listed, pm.ID)
	}
	assert.Equal(t, []string{pm.ID}, listed)

	other, err := c.customers.Create(ctx, &customer.CreateParams{})
	require.NoError(t, err)
	_, err = c.pms.Attach(ctx, pm.ID, &paymentmethod.AttachParams{Customer: other.ID})
	assert.True(t, hasType(err, pay.ErrorTypeInvalidRequest), "a payment method belongs to one customer: %v", err)
	_, err = c.pis.Create(ctx, &paymentintent.CreateParams{Amount: 500, Currency: "usd", Customer: other.ID, PaymentMethod: pm.ID})
	assert.True(t, hasType(err, pay.ErrorTypeInvalidRequest), "another customer's payment method: %v", err)

	_, err = c.customers.Update(ctx, other.ID, &customer.UpdateParams{InvoiceSettings: &customer.InvoiceSettingsParams{DefaultPaymentMethod: pay.String(pm.ID)}})
	var pe *pay.Error
	require.True(t, errors.As(err, &pe), "got %v", err)
	assert.Equal(t, "invoice_settings[default_payment_method]", pe.Param)

	detached, err := c.pms.Detach(ctx, pm.ID)
	require.NoError(t, err)
	assert.Nil(t, detached.Customer)
	cus, err = c.customers.Get(ctx, cus.ID)
	require.NoError(t, err)
	assert.Nil(t, cus.InvoiceSettings.DefaultPaymentMethod)
	_, err = c.pms.Detach(ctx, pm.ID)
	assert.True(t, hasType(err, pay.ErrorTypeInvalidRequest), "detaching twice: %v", err)

	_, err = c.pms.Attach(ctx, "pm_card_chargeDeclined", &paymentmethod.AttachParams{Customer: cus.ID})
	assert.Error(t, err, "a test payment method name is not an id to attach")
	declined, err := c.pms.Create(ctx, &paymentmethod.CreateParams{Type: "card", Card: &paymentmethod.CardParams{Token: "tok_chargeDeclined"}})
	require.NoError(t, err)
	_, err = c.pms.Attach(ctx, declined.ID, &paymentmethod.AttachParams{Customer: cus.ID})
	assert.True(t, hasType(err, pay.ErrorTypeCard), "a card that declines is not saved: %v", err)

	types, _ := eventTypes(t, c.srv)
	assert.Equal(t, []string{"customer.created", "payment_method.attached", "customer.created", "payment_method.detached"}, types)
}
