package customer_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/internal/apitest"
	"github.com/paykit/pay/internal/conformance"
)

// TestConformance_Cards runs every saved-card call, with every param,
// against stripe-mock. stripe-mock answers the source calls with the first
// object type the spec allows (an account, not a card), so the walk checks
// every value Card models but not every key (Card is Partial);
// TestConformance_CardDecodingLosesNoField checks a whole card.
func TestConformance_Cards(t *testing.T) {
	c, _, rec := stripeMock(t)
	ctx := context.Background()
	const cus, card = "cus_123", "card_123"

	created, err := c.CreateCard(ctx, cus, &customer.CreateCardParams{
		Source: "tok_visa", Metadata: pay.Metadata{"label": "work"},
	}, pay.IdempotencyKey("conformance-card-create"))
	require.NoError(t, err)
	assert.NotEmpty(t, created.ID)
	walk.Report(t, "CreateCard", "card", rec.LastBody(), created)
	rec.WantEveryParamSent(t, conformance.Endpoint(http.MethodPost, "/v1/customers/"+cus+"/sources"), customer.CreateCardParams{})

	got, err := c.GetCard(ctx, cus, card, pay.Expand("customer"))
	require.NoError(t, err)
	walk.Report(t, "GetCard", "card", rec.LastBody(), got)

	updates := map[string]*customer.UpdateCardParams{
		"every field": {
			Name: pay.String("Jenny Rosen"), ExpMonth: pay.Int64(12), ExpYear: pay.Int64(2034),
			AddressLine1: pay.String("510 Townsend St"), AddressLine2: pay.String("Floor 2"),
			AddressCity: pay.String("San Francisco"), AddressState: pay.String("CA"),
			AddressZip: pay.String("94103"), AddressCountry: pay.String("US"),
			Metadata: pay.Metadata{"label": "home"},
		},
		"clear fields": {Name: pay.String(""), AddressLine2: pay.String(""), Metadata: pay.Metadata{}},
		"nil params":   nil,
	}
	for name, p := range updates {
		up, err := c.UpdateCard(ctx, cus, card, p)
		if assert.NoError(t, err, name) {
			walk.Report(t, "UpdateCard "+name, "card", rec.LastBody(), up)
		}
	}
	rec.WantEveryParamSent(t, conformance.Endpoint(http.MethodPost, "/v1/customers/"+cus+"/sources/"+card), customer.UpdateCardParams{})

	del, err := c.DeleteCard(ctx, cus, card, pay.IdempotencyKey("conformance-card-delete"))
	require.NoError(t, err)
	assert.NotEmpty(t, del.ID)
	walk.Report(t, "DeleteCard", "card", rec.LastBody(), del)

	listPath := conformance.Endpoint(http.MethodGet, "/v1/customers/"+cus+"/sources")
	page, err := c.ListCardsPage(ctx, cus, &customer.ListCardsParams{ListParams: pay.ListParams{Limit: 3, StartingAfter: card}}, pay.Expand("data.customer"))
	require.NoError(t, err)
	require.NotEmpty(t, page.Data)
	walk.Report(t, "ListCardsPage", "page", rec.LastBody(), page)
	var n int
	for cd, err := range c.ListCards(ctx, cus, &customer.ListCardsParams{ListParams: pay.ListParams{EndingBefore: card, Limit: 1}}) {
		require.NoError(t, err)
		assert.NotEmpty(t, cd.ID)
		n++
	}
	assert.Positive(t, n)
	rec.WantEveryParamSent(t, listPath, customer.ListCardsParams{})
	assert.Contains(t, rec.Sent(listPath), "object", "ListCards sends object=card")
}

// TestConformance_CardDecodingLosesNoField decodes the API reference's card
// object (stripe-mock's fixture, in testdata), and the deleted card, and
// checks that Card models every key and every value arrives: no Partial
// here.
func TestConformance_CardDecodingLosesNoField(t *testing.T) {
	strict := conformance.Walk{}
	for _, name := range []string{"card.json", "card_deleted.json"} {
		raw := apitest.Fixture(t, name)
		var card customer.Card
		require.NoError(t, conformance.DecodeJSON(raw, &card))
		strict.Report(t, name, "card", raw, &card)
	}
	raw := apitest.Fixture(t, "cards_list.json")
	var page pay.Page[customer.Card]
	require.NoError(t, conformance.DecodeJSON(raw, &page))
	strict.Report(t, "cards_list.json", "page", raw, &page)
}
