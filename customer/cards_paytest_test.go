package customer_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/paytest"
)

// TestPaytest_TwoSavedCards walks the saved-card journey on paytest: a
// customer with two cards, the second made default and charged by id, then
// the default deleted.
func TestPaytest_TwoSavedCards(t *testing.T) {
	srv := paytest.NewServer()
	t.Cleanup(srv.Close)
	ctx := context.Background()
	customers := customer.NewClient(srv.Client())
	charges := charge.NewClient(srv.Client())

	cus, err := customers.Create(ctx, &customer.CreateParams{Email: "jenny@example.com", Source: "tok_visa"})
	require.NoError(t, err)
	require.NotNil(t, cus.DefaultSource)
	first := cus.DefaultSource.ID

	second, err := customers.CreateCard(ctx, cus.ID, &customer.CreateCardParams{
		Source: "tok_mastercard", Metadata: pay.Metadata{"label": "work"},
	}, pay.IdempotencyKey("add-work-card"))
	require.NoError(t, err)
	assert.Equal(t, "card", second.Object)
	assert.Equal(t, "MasterCard", second.Brand)
	assert.Equal(t, map[string]string{"label": "work"}, second.Metadata)
	require.NotNil(t, second.Customer)
	assert.Equal(t, cus.ID, second.Customer.ID)

	var ids []string
	for card, err := range customers.ListCards(ctx, cus.ID, &customer.ListCardsParams{ListParams: pay.ListParams{Limit: 1}}) {
		require.NoError(t, err)
		ids = append(ids, card.ID)
	}
	assert.ElementsMatch(t, []string{first, second.ID}, ids, "both cards, one page at a time")

	got, err := customers.GetCard(ctx, cus.ID, second.ID)
	require.NoError(t, err)
	assert.Equal(t, second.Last4, got.Last4)
	updated, err := customers.UpdateCard(ctx, cus.ID, second.ID, &customer.UpdateCardParams{Name: pay.String("Jenny Rosen"), ExpYear: pay.Int64(2035)})
	require.NoError(t, err)
	assert.Equal(t, "Jenny Rosen", updated.Name)
	assert.EqualValues(t, 2035, updated.ExpYear)

	cus, err = customers.Update(ctx, cus.ID, &customer.UpdateParams{DefaultSource: pay.String(second.ID)})
	require.NoError(t, err)
	require.NotNil(t, cus.DefaultSource)
	assert.Equal(t, second.ID, cus.DefaultSource.ID)

	ch, err := charges.Create(ctx, &charge.CreateParams{Amount: 1500, Currency: "usd", Customer: cus.ID, Source: second.ID})
	require.NoError(t, err)
	require.NotNil(t, ch.Source)
	assert.Equal(t, second.ID, ch.Source.ID)
	assert.Equal(t, charge.StatusSucceeded, ch.Status)

	del, err := customers.DeleteCard(ctx, cus.ID, second.ID)
	require.NoError(t, err)
	assert.True(t, del.Deleted)
	assert.Equal(t, second.ID, del.ID)

	cus, err = customers.Get(ctx, cus.ID)
	require.NoError(t, err)
	assert.Nil(t, cus.DefaultSource, "deleting the default card leaves default_source null")

	_, err = customers.GetCard(ctx, cus.ID, second.ID)
	var pe *pay.Error
	require.True(t, errors.As(err, &pe), "err = %v", err)
	assert.Equal(t, 404, pe.StatusCode)
	assert.Equal(t, pay.ErrorCode("resource_missing"), pe.Code)
}

func TestPaytest_CreateCardWithAnUnknownTokenIsRefused(t *testing.T) {
	srv := paytest.NewServer()
	t.Cleanup(srv.Close)
	customers := customer.NewClient(srv.Client())
	cus, err := customers.Create(context.Background(), nil)
	require.NoError(t, err)
	_, err = customers.CreateCard(context.Background(), cus.ID, &customer.CreateCardParams{Source: "tok_nosuchtoken"})
	var pe *pay.Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, 400, pe.StatusCode)
	assert.Equal(t, pay.ErrorTypeInvalidRequest, pe.Type)
	assert.Equal(t, "source", pe.Param)
}
