package reliability_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/refund"
)

// TestIDs_EscapedIntoOneSegment sends ids that would change the path if
// pasted into it: every call sends them escaped into their own segment, so
// the path, the query and the endpoint are the ones the call names.
func TestIDs_EscapedIntoOneSegment(t *testing.T) {
	var mu sync.Mutex
	var got []*url.URL
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.URL)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(404)
		w.Write([]byte(`{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such object"}}`))
	}))
	t.Cleanup(srv.Close)
	c := pay.NewClient("sk_test_ids", pay.WithBaseURL(srv.URL), pay.WithMaxRetries(0))
	charges, customers, refunds := charge.NewClient(c), customer.NewClient(c), refund.NewClient(c)
	ctx := context.Background()
	type call struct {
		name string
		do   func(id string) error
		path func(esc string) string
	}
	calls := []call{
		{"charge Get", func(id string) error { _, err := charges.Get(ctx, id); return err }, func(e string) string { return "/v1/charges/" + e }},
		{"charge Update", func(id string) error { _, err := charges.Update(ctx, id, nil); return err }, func(e string) string { return "/v1/charges/" + e }},
		{"charge Capture", func(id string) error { _, err := charges.Capture(ctx, id, nil); return err }, func(e string) string { return "/v1/charges/" + e + "/capture" }},
		{"customer Get", func(id string) error { _, err := customers.Get(ctx, id); return err }, func(e string) string { return "/v1/customers/" + e }},
		{"customer Delete", func(id string) error { _, err := customers.Delete(ctx, id); return err }, func(e string) string { return "/v1/customers/" + e }},
		{"customer GetCard (customer id)", func(id string) error { _, err := customers.GetCard(ctx, id, "card_1"); return err }, func(e string) string { return "/v1/customers/" + e + "/sources/card_1" }},
		{"customer DeleteCard (card id)", func(id string) error { _, err := customers.DeleteCard(ctx, "cus_1", id); return err }, func(e string) string { return "/v1/customers/cus_1/sources/" + e }},
		{"refund Get", func(id string) error { _, err := refunds.Get(ctx, id); return err }, func(e string) string { return "/v1/refunds/" + e }},
		{"refund Cancel", func(id string) error { _, err := refunds.Cancel(ctx, id); return err }, func(e string) string { return "/v1/refunds/" + e + "/cancel" }},
	}
	ids := []string{"ch_1/refunds", "../../v1/customers", "x?expand[]=customer", "x#frag", "a b", "ch_1%2F..", "ch_ünï", "ch_1\n", "./x"}
	for _, cl := range calls {
		for _, id := range ids {
			mu.Lock()
			got = nil
			mu.Unlock()
			err := cl.do(id)
			var pe *pay.Error
			require.ErrorAs(t, err, &pe, "%s(%q)", cl.name, id)
			assert.Equal(t, 404, pe.StatusCode, "%s(%q) reached the server", cl.name, id)
			mu.Lock()
			require.Len(t, got, 1, "%s(%q)", cl.name, id)
			u := got[0]
			mu.Unlock()
			assert.Equal(t, cl.path(url.PathEscape(id)), u.EscapedPath(), "%s(%q)", cl.name, id)
			assert.Empty(t, u.Fragment)
			if cl.name != "customer GetCard (customer id)" && cl.name != "customer DeleteCard (card id)" {
				assert.Empty(t, u.RawQuery, "%s(%q): the id added a query", cl.name, id)
			}
		}
	}
}
