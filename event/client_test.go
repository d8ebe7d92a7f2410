package event_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/event"
	"github.com/paykit/pay/internal/apitest"
	"github.com/paykit/pay/paytest"
	"github.com/paykit/pay/refund"
	"github.com/paykit/pay/webhook"
)

func setup(t *testing.T) (*event.Client, *http.ServeMux) {
	return apitest.SetupClient(t, event.NewClient)
}

func TestGet_DecodesEvent(t *testing.T) {
	c, mux := setup(t)
	calls := apitest.Handle(t, mux, "/v1/events/evt_7", apitest.Request{Method: http.MethodGet}, "event.json")
	ev, err := c.Get(context.Background(), "evt_7")
	require.NoError(t, err)
	assert.EqualValues(t, 1, calls.Load())
	assert.Equal(t, "evt_7", ev.ID)
	assert.Equal(t, webhook.ChargeSucceeded, ev.Type)
	assert.Equal(t, int64(1722000007), ev.Created)
	assert.Equal(t, "2026-08-26.dahlia", ev.APIVersion)
	assert.Equal(t, "acct_1032D82eZvKYlo2C", ev.Account)
	assert.Equal(t, &webhook.EventRequest{ID: "req_7", IdempotencyKey: "order-7"}, ev.Request)
	ch, err := ev.Charge()
	require.NoError(t, err)
	assert.Equal(t, "ch_7", ch.ID)
	assert.Equal(t, int64(1007), ch.Amount)
	assert.Equal(t, charge.StatusSucceeded, ch.Status)
}

func TestListPage_SendsTypeAndReturnsOnePage(t *testing.T) {
	c, mux := setup(t)
	apitest.Handle(t, mux, "/v1/events", apitest.Request{Method: http.MethodGet, Params: url.Values{
		"type": {"charge.*"}, "delivery_success": {"true"}, "ending_before": {"evt_0"},
	}}, "list_page1.json")
	page, err := c.ListPage(context.Background(), &event.ListParams{
		ListParams: pay.ListParams{EndingBefore: "evt_0"}, Type: "charge.*", DeliverySuccess: pay.Bool(true),
	})
	require.NoError(t, err)
	assert.True(t, page.HasMore)
	require.Len(t, page.Data, 2)
	assert.Equal(t, "evt_3", page.Data[0].ID)
	ch, err := page.Data[1].Charge()
	require.NoError(t, err)
	assert.Equal(t, "ch_2", ch.ID)
}

func TestBadInput_FailsBeforeSending(t *testing.T) {
	ctx := context.Background()
	many := make([]string, 21)
	for i := range many {
		many[i] = "charge.succeeded"
	}
	listErr := func(c *event.Client, p *event.ListParams) error {
		for _, err := range c.List(ctx, p) {
			return err
		}
		return nil
	}
	apitest.WantBadInput(t, event.NewClient, []apitest.BadInput[*event.Client]{
		{Name: "get empty id", Call: func(c *event.Client) error { _, err := c.Get(ctx, ""); return err }, Param: "id"},
		{Name: "get id with dots", Call: func(c *event.Client) error { _, err := c.Get(ctx, ".."); return err }, Param: "id"},
		{Name: "type and types", Call: func(c *event.Client) error {
			return listErr(c, &event.ListParams{Type: "charge.succeeded", Types: []string{"charge.refunded"}})
		}, Param: "types"},
		{Name: "too many types", Call: func(c *event.Client) error {
			_, err := c.ListPage(ctx, &event.ListParams{Types: many})
			return err
		}, Param: "types"},
		{Name: "empty type in types", Call: func(c *event.Client) error { return listErr(c, &event.ListParams{Types: []string{""}}) }, Param: "types"},
		{Name: "limit too large", Call: func(c *event.Client) error {
			return listErr(c, &event.ListParams{ListParams: pay.ListParams{Limit: 101}})
		}, Param: "limit"},
	})
}

// On paytest, the events of a charge and its refund come back in the
// list, newest first, each naming the request's idempotency key, and Get
// returns the same event.
func TestPaytest_ReconcileEvents(t *testing.T) {
	srv := paytest.NewServer()
	t.Cleanup(srv.Close)
	pc := srv.Client()
	ctx := context.Background()
	ch, err := charge.NewClient(pc).Create(ctx, &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_visa"}, pay.IdempotencyKey("order-1"))
	require.NoError(t, err)
	_, err = refund.NewClient(pc).Create(ctx, &refund.CreateParams{Charge: ch.ID, Amount: 500}, pay.IdempotencyKey("refund-1"))
	require.NoError(t, err)

	events := event.NewClient(pc)
	var got []*webhook.Event
	for ev, err := range events.List(ctx, &event.ListParams{Types: []string{"charge.succeeded", "charge.refunded"}, ListParams: pay.ListParams{Limit: 1}}) {
		require.NoError(t, err)
		got = append(got, ev)
	}
	require.Len(t, got, 2)
	assert.Equal(t, webhook.ChargeRefunded, got[0].Type)
	assert.Equal(t, webhook.ChargeSucceeded, got[1].Type)
	require.NotNil(t, got[1].Request)
	assert.Equal(t, "order-1", got[1].Request.IdempotencyKey)
	succeeded, err := got[1].Charge()
	require.NoError(t, err)
	assert.Equal(t, ch.ID, succeeded.ID)
	refunded, err := got[0].Charge()
	require.NoError(t, err)
	assert.Equal(t, int64(500), refunded.AmountRefunded)

	again, err := events.Get(ctx, got[1].ID)
	require.NoError(t, err)
	assert.Equal(t, got[1].ID, again.ID)
	assert.JSONEq(t, string(got[1].Data.Object), string(again.Data.Object))
}
