package customer_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/internal/apitest"
)

const (
	cusID  = "cus_NffrFeUfNV2Hib"
	cardID = "card_1PgaftB7WZ01zgkWm3waTcFp"
)

func TestCreateCard_SendsSourceAndMetadataAndDecodesCard(t *testing.T) {
	c, mux := setup(t)
	n := apitest.Handle(t, mux, "/v1/customers/"+cusID+"/sources", apitest.Request{
		Method: http.MethodPost, IdempotencyKey: "card-42",
		Params: url.Values{"source": {"tok_visa"}, "metadata[label]": {"work"}},
	}, "card.json")

	card, err := c.CreateCard(context.Background(), cusID, &customer.CreateCardParams{
		Source: "tok_visa", Metadata: pay.Metadata{"label": "work"},
	}, pay.IdempotencyKey("card-42"))
	require.NoError(t, err)
	assert.EqualValues(t, 1, n.Load())
	assert.Equal(t, cardID, card.ID)
	assert.Equal(t, "card", card.Object)
	assert.Equal(t, "Visa", card.Brand)
	assert.Equal(t, "4242", card.Last4)
	assert.EqualValues(t, 8, card.ExpMonth)
	assert.EqualValues(t, 2030, card.ExpYear)
	require.NotNil(t, card.Customer)
	assert.Equal(t, cusID, card.Customer.ID)
	assert.Equal(t, map[string]string{"label": "work"}, card.Metadata)
	assert.False(t, card.Deleted)
}

func TestGetCard_SendsExpandAndDecodesCard(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/customers/"+cusID+"/sources/"+cardID, apitest.Request{
		Method: http.MethodGet, Params: url.Values{"expand[0]": {"customer"}},
	}, "card.json")

	card, err := c.GetCard(context.Background(), cusID, cardID, pay.Expand("customer"))
	require.NoError(t, err)
	assert.Equal(t, cardID, card.ID)
	assert.Equal(t, "pass", card.CVCCheck)
}

func TestUpdateCard_SendsWhatIsSet(t *testing.T) {
	tests := []struct {
		name   string
		params *customer.UpdateCardParams
		want   url.Values
	}{
		{"every field", &customer.UpdateCardParams{
			Name: pay.String("Jenny Rosen"), ExpMonth: pay.Int64(12), ExpYear: pay.Int64(2034),
			AddressLine1: pay.String("510 Townsend St"), AddressLine2: pay.String("Floor 2"), AddressCity: pay.String("San Francisco"),
			AddressState: pay.String("CA"), AddressZip: pay.String("94103"), AddressCountry: pay.String("US"),
			Metadata: pay.Metadata{"label": "home"},
		}, url.Values{
			"name": {"Jenny Rosen"}, "exp_month": {"12"}, "exp_year": {"2034"},
			"address_line1": {"510 Townsend St"}, "address_line2": {"Floor 2"}, "address_city": {"San Francisco"},
			"address_state": {"CA"}, "address_zip": {"94103"}, "address_country": {"US"}, "metadata[label]": {"home"},
		}},
		{"clear fields and metadata", &customer.UpdateCardParams{
			Name: pay.String(""), AddressLine2: pay.String(""), Metadata: pay.Metadata{},
		}, url.Values{"name": {""}, "address_line2": {""}, "metadata": {""}}},
		{"nil params change nothing", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			apitest.Handle(t, mux, "/v1/customers/"+cusID+"/sources/"+cardID, apitest.Request{Method: http.MethodPost, Params: tt.want}, "card.json")
			card, err := c.UpdateCard(context.Background(), cusID, cardID, tt.params)
			require.NoError(t, err)
			assert.Equal(t, cardID, card.ID)
		})
	}
}

func TestDeleteCard_ReturnsTheDeletedCard(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/customers/"+cusID+"/sources/"+cardID, apitest.Request{
		Method: http.MethodDelete, IdempotencyKey: "delete-card",
	}, "card_deleted.json")

	card, err := c.DeleteCard(context.Background(), cusID, cardID, pay.IdempotencyKey("delete-card"))
	require.NoError(t, err)
	assert.Equal(t, cardID, card.ID)
	assert.Equal(t, "card", card.Object)
	assert.True(t, card.Deleted)
}

func TestListCardsPage_SendsObjectCard(t *testing.T) {
	tests := []struct {
		name   string
		params *customer.ListCardsParams
		want   url.Values
	}{
		{"nil params", nil, url.Values{"object": {"card"}}},
		{"pagination", &customer.ListCardsParams{ListParams: pay.ListParams{Limit: 3, StartingAfter: "card_0"}},
			url.Values{"object": {"card"}, "limit": {"3"}, "starting_after": {"card_0"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			apitest.Handle(t, mux, "/v1/customers/"+cusID+"/sources", apitest.Request{Method: http.MethodGet, Params: tt.want}, "cards_list.json")
			var before customer.ListCardsParams
			if tt.params != nil {
				before = *tt.params
			}
			page, err := c.ListCardsPage(context.Background(), cusID, tt.params)
			require.NoError(t, err)
			require.Len(t, page.Data, 1)
			assert.Equal(t, cardID, page.Data[0].ID)
			assert.False(t, page.HasMore)
			assert.Equal(t, "/v1/customers/"+cusID+"/sources", page.URL)
			if tt.params != nil {
				assert.Equal(t, before, *tt.params, "params are not modified")
			}
		})
	}
}

func TestListCards_IsLazyAndSendsObjectCard(t *testing.T) {
	c, mux := setup(t)
	n := apitest.Handle(t, mux, "/v1/customers/"+cusID+"/sources", apitest.Request{
		Method: http.MethodGet, Params: url.Values{"object": {"card"}, "limit": {"1"}},
	}, "cards_list.json")

	seq := c.ListCards(context.Background(), cusID, &customer.ListCardsParams{ListParams: pay.ListParams{Limit: 1}})
	assert.EqualValues(t, 0, n.Load(), "nothing is sent before the loop starts")
	var ids []string
	for card, err := range seq {
		require.NoError(t, err)
		ids = append(ids, card.ID)
	}
	assert.Equal(t, []string{cardID}, ids)
	assert.EqualValues(t, 1, n.Load())
}

func TestCards_BadInputIsRefusedBeforeSending(t *testing.T) {
	ctx := context.Background()
	type C = *customer.Client
	list := func(c C, cus string) error {
		for _, err := range c.ListCards(ctx, cus, nil) {
			return err
		}
		return nil
	}
	apitest.WantBadInput(t, customer.NewClient, []apitest.BadInput[C]{
		{Name: "CreateCard nil params", Call: func(c C) error { _, err := c.CreateCard(ctx, cusID, nil); return err }, Param: "source"},
		{Name: "CreateCard no source", Call: func(c C) error {
			_, err := c.CreateCard(ctx, cusID, &customer.CreateCardParams{Metadata: pay.Metadata{"a": "b"}})
			return err
		}, Param: "source"},
		{Name: "CreateCard empty customer", Call: func(c C) error {
			_, err := c.CreateCard(ctx, "", &customer.CreateCardParams{Source: "tok_visa"})
			return err
		}, Param: "id"},
		{Name: "GetCard empty card", Call: func(c C) error { _, err := c.GetCard(ctx, cusID, ""); return err }, Param: "id"},
		{Name: "GetCard empty customer", Call: func(c C) error { _, err := c.GetCard(ctx, "", cardID); return err }, Param: "id"},
		{Name: "UpdateCard exp_month 13", Call: func(c C) error {
			_, err := c.UpdateCard(ctx, cusID, cardID, &customer.UpdateCardParams{ExpMonth: pay.Int64(13)})
			return err
		}, Param: "exp_month"},
		{Name: "UpdateCard exp_year 0", Call: func(c C) error {
			_, err := c.UpdateCard(ctx, cusID, cardID, &customer.UpdateCardParams{ExpYear: pay.Int64(0)})
			return err
		}, Param: "exp_year"},
		{Name: "DeleteCard empty card", Call: func(c C) error { _, err := c.DeleteCard(ctx, cusID, ""); return err }, Param: "id"},
		{Name: "ListCards empty customer", Call: func(c C) error { return list(c, "") }, Param: "id"},
		{Name: "ListCardsPage empty customer", Call: func(c C) error { _, err := c.ListCardsPage(ctx, "", nil); return err }, Param: "id"},
		{Name: "ListCardsPage limit 101", Call: func(c C) error {
			_, err := c.ListCardsPage(ctx, cusID, &customer.ListCardsParams{ListParams: pay.ListParams{Limit: 101}})
			return err
		}, Param: "limit"},
	})
}

func TestUpdate_DefaultSourcePicksASavedCard(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/customers/"+cusID, apitest.Request{
		Method: http.MethodPost, Params: url.Values{"default_source": {cardID}},
	}, "customer.json")
	_, err := c.Update(context.Background(), cusID, &customer.UpdateParams{DefaultSource: pay.String(cardID)})
	require.NoError(t, err)
}
