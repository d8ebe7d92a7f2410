package event_test

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/event"
	"github.com/paykit/pay/internal/conformance"
	"github.com/paykit/pay/webhook"
)

// The conformance tests run every event call, with every param set at
// least once, against stripe-mock, prove from the wire that no params
// field went untried, and walk every response next to the value it
// decoded into.

func TestMain(m *testing.M) { conformance.Main(m) }

// walk compares responses with what they decoded into. Data.Object stays
// raw by design (json.RawMessage), so it holds whatever was sent.
var walk = conformance.Walk{Partial: []reflect.Type{reflect.TypeFor[pay.Reference]()}}

func stripeMock(t *testing.T) (*event.Client, *pay.Client, *conformance.Recorder) {
	return conformance.ClientFor(t, event.NewClient)
}

func TestConformance_Get(t *testing.T) {
	c, _, rec := stripeMock(t)
	ev, err := c.Get(context.Background(), "evt_123")
	require.NoError(t, err)
	checkMock(t, ev)
	walk.Report(t, "Get", "event", rec.LastBody(), ev)
}

func TestConformance_List(t *testing.T) {
	c, _, rec := stripeMock(t)
	ctx := context.Background()
	tests := []struct {
		name   string
		params *event.ListParams
	}{
		{"types, created, delivery_success, starting after", &event.ListParams{
			ListParams:      pay.ListParams{Limit: 3, StartingAfter: "evt_123"},
			Types:           []string{"charge.succeeded", "charge.dispute.created"},
			Created:         &pay.RangeQuery{GT: 1, GTE: 1, LT: 2000000000, LTE: 2000000000},
			DeliverySuccess: pay.Bool(false),
		}},
		{"type with wildcard, ending before", &event.ListParams{ListParams: pay.ListParams{Limit: 1, EndingBefore: "evt_123"}, Type: "charge.*"}},
		{"nil params", nil},
	}
	for _, tt := range tests {
		page, err := c.ListPage(ctx, tt.params)
		if !assert.NoError(t, err, tt.name) {
			continue
		}
		assert.NotEmpty(t, page.Data, tt.name)
		for _, ev := range page.Data {
			checkMock(t, ev)
		}
		walk.Report(t, tt.name, "page", rec.LastBody(), page)
	}
	var got []*webhook.Event
	for ev, err := range c.List(ctx, &event.ListParams{ListParams: pay.ListParams{Limit: 2}, DeliverySuccess: pay.Bool(true)}) {
		require.NoError(t, err)
		got = append(got, ev)
	}
	require.NotEmpty(t, got)
	walk.ReportList(t, "List", rec.LastBody(), got)
	rec.WantEveryParamSent(t, "GET /v1/events", event.ListParams{})
}

func TestConformance_RejectedRequestIsTypedError(t *testing.T) {
	_, pc, _ := stripeMock(t)
	conformance.WantRejected(t, pc, []conformance.Rejection{
		{Name: "unknown filter", Method: http.MethodGet, Path: "/v1/events", Params: url.Values{"object": {"charge"}}, Status: 400},
		{Name: "delivery_success not a boolean", Method: http.MethodGet, Path: "/v1/events", Params: url.Values{"delivery_success": {"often"}}, Status: 400},
		{Name: "events are not created", Method: http.MethodPost, Path: "/v1/events", Params: url.Values{"type": {"charge.succeeded"}}, Status: 404},
	})
}

// checkMock checks what every event stripe-mock returns has.
func checkMock(t *testing.T, ev *webhook.Event) {
	t.Helper()
	assert.True(t, strings.HasPrefix(ev.ID, "evt_"), "ID %q", ev.ID)
	assert.NotEmpty(t, ev.Type)
	assert.NotEmpty(t, ev.Data.Object)
	assert.NotEmpty(t, ev.ObjectType())
}
