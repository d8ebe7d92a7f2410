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
	"github.com/paykit/pay/setupintent"
)

func TestSetupIntent_SavesACardForOffSessionPayments(t *testing.T) {
	ctx := context.Background()
	c := newClients(t)
	cus, err := c.customers.Create(ctx, &customer.CreateParams{Email: "save@example.com"})
	require.NoError(t, err)
	pm, err := c.pms.Create(ctx, &paymentmethod.CreateParams{Type: "card", Card: &paymentmethod.CardParams{Token: "tok_visa"}})
	require.NoError(t, err)
	// A plain card: no authentication, attached at once.
	si, err := c.sis.Create(ctx, &setupintent.CreateParams{Customer: cus.ID, PaymentMethod: pm.ID, Confirm: true})
	require.NoError(t, err)
	assert.Equal(t, setupintent.StatusSucceeded, si.Status)
	assert.Equal(t, setupintent.Usage("off_session"), si.Usage)
	got, err := c.pms.Get(ctx, pm.ID)
	require.NoError(t, err)
	require.NotNil(t, got.Customer)
	assert.Equal(t, cus.ID, got.Customer.ID)

	// pm_card_authenticationRequiredOnSetup: off session it fails until it is set up.
	onSetup, err := c.pms.Create(ctx, &paymentmethod.CreateParams{Type: "card", Card: &paymentmethod.CardParams{Number: "4000002500003155", ExpMonth: 12, ExpYear: 2040}})
	require.NoError(t, err)
	_, err = c.pms.Attach(ctx, onSetup.ID, &paymentmethod.AttachParams{Customer: cus.ID})
	require.NoError(t, err)
	_, err = c.pis.Create(ctx, &paymentintent.CreateParams{Amount: 900, Currency: "usd", Customer: cus.ID, PaymentMethod: onSetup.ID, Confirm: true, OffSession: true})
	assert.True(t, hasCode(err, pay.ErrorCodeAuthenticationRequired), "got %v", err)

	si, err = c.sis.Create(ctx, &setupintent.CreateParams{Customer: cus.ID, PaymentMethod: onSetup.ID})
	require.NoError(t, err)
	assert.Equal(t, setupintent.StatusRequiresConfirmation, si.Status)
	si, err = c.sis.Confirm(ctx, si.ID, &setupintent.ConfirmParams{ReturnURL: "https://shop.example/saved"})
	require.NoError(t, err)
	require.Equal(t, setupintent.StatusRequiresAction, si.Status)
	require.NotNil(t, si.NextAction)
	require.NotNil(t, si.NextAction.RedirectToURL)
	assert.Equal(t, c.srv.URL+"/paytest/3ds/"+si.ID, si.NextAction.RedirectToURL.URL)
	require.NoError(t, c.srv.Authenticate(si.ID, true))
	si, err = c.sis.Get(ctx, si.ID)
	require.NoError(t, err)
	assert.Equal(t, setupintent.StatusSucceeded, si.Status)

	pi, err := c.pis.Create(ctx, &paymentintent.CreateParams{Amount: 900, Currency: "usd", Customer: cus.ID, PaymentMethod: onSetup.ID, Confirm: true, OffSession: true})
	require.NoError(t, err)
	assert.Equal(t, paymentintent.StatusSucceeded, pi.Status)

	types, _ := eventTypes(t, c.srv)
	assert.Equal(t, []string{"customer.created",
		"setup_intent.created", "payment_method.attached", "setup_intent.succeeded",
		"payment_method.attached",
		"payment_intent.created", "charge.failed", "payment_intent.payment_failed",
		"setup_intent.created", "setup_intent.requires_action", "setup_intent.succeeded",
		"payment_intent.created", "charge.succeeded", "payment_intent.succeeded"}, types)
}

func TestSetupIntent_DeclinedCardAndCancel(t *testing.T) {
	ctx := context.Background()
	c := newClients(t)
	cus, err := c.customers.Create(ctx, &customer.CreateParams{})
	require.NoError(t, err)
	_, err = c.sis.Create(ctx, &setupintent.CreateParams{Customer: cus.ID, PaymentMethod: "pm_card_chargeDeclined", Confirm: true})
	var pe *pay.Error
	require.True(t, errors.As(err, &pe), "got %v", err)
	assert.Equal(t, pay.ErrorTypeCard, pe.Type)
	si, ok := setupintent.FromError(err)
	require.True(t, ok)
	assert.Equal(t, setupintent.StatusRequiresPaymentMethod, si.Status)
	require.NotNil(t, si.LastSetupError)
	assert.Equal(t, pay.DeclineCode("generic_decline"), si.LastSetupError.DeclineCode)

	si, err = c.sis.Cancel(ctx, si.ID, &setupintent.CancelParams{CancellationReason: "abandoned"})
	require.NoError(t, err)
	assert.Equal(t, setupintent.StatusCanceled, si.Status)
	_, err = c.sis.Confirm(ctx, si.ID, &setupintent.ConfirmParams{PaymentMethod: "pm_card_visa"})
	assert.True(t, hasCode(err, "setup_intent_unexpected_state"), "got %v", err)

	// A card that saves but fails when charged is saved.
	si, err = c.sis.Create(ctx, &setupintent.CreateParams{Customer: cus.ID, PaymentMethod: "pm_card_chargeCustomerFail", Confirm: true})
	require.NoError(t, err)
	assert.Equal(t, setupintent.StatusSucceeded, si.Status)

	// Failing authentication.
	si, err = c.sis.Create(ctx, &setupintent.CreateParams{Customer: cus.ID, PaymentMethod: "pm_card_authenticationRequired", Confirm: true})
	require.NoError(t, err)
	require.NoError(t, c.srv.Authenticate(si.ID, false))
	si, err = c.sis.Get(ctx, si.ID)
	require.NoError(t, err)
	assert.Equal(t, setupintent.StatusRequiresPaymentMethod, si.Status)
	require.NotNil(t, si.LastSetupError)
	assert.Equal(t, pay.ErrorCode("setup_intent_authentication_failure"), si.LastSetupError.Code)
}
