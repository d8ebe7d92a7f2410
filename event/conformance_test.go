package event_test

import (
	"context"
	"net/http"
	"net/url"
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

var walk = conformance.References

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
