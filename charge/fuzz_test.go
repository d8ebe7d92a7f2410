package charge_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/refund"
)

// bodyTransport answers every request with status 200 and body.
type bodyTransport struct{ body []byte }

func (bt *bodyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode:    http.StatusOK,
		Header:        http.Header{"Content-Type": {"application/json"}, "Request-Id": {"req_fuzz"}},
		Body:          io.NopCloser(bytes.NewReader(bt.body)),
		ContentLength: int64(len(bt.body)),
		Request:       r,
	}, nil
}

// FuzzDecodeObjects decodes any bytes as every object type (charge,
// refund, customer, card, balance transaction, reference, list pages),
// with encoding/json and through the clients, which decode from a pooled
// buffer. It checks that nothing panics; that a bare id decodes with that
// id; that a call returns an object or a *pay.Error with the status, never
// both; that the client decodes a charge as encoding/json does; and that a
// decoded object keeps nothing of the buffer it came from (it is unchanged
// once the buffer is reused).
func FuzzDecodeObjects(f *testing.F) {
	for _, dir := range []string{"testdata", "../customer/testdata"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for _, name := range files {
			if b, err := os.ReadFile(name); err == nil {
				f.Add(b)
			}
		}
	}
	for _, s := range []string{
		`"ch_123"`, `"ch_\u00e9\ud800"`, "\"ch_\xff\"", `null`, `{}`, `[]`, `{"id":null}`,
		`{"id":"ch_1","customer":"cus_1","balance_transaction":{"id":"txn_1","fee":62},"source":{"id":"card_1","customer":"cus_1"}}`,
		`{"id":"ch_1","refunds":{"object":"list","data":[{"id":"re_1","charge":"ch_1"},null],"has_more":false}}`,
		`{"id":"ch_1","customer":{"id":"cus_1","default_source":"card_1"},"outcome":{"rule":"rule_1"}}`,
		`{"id":"re_1","charge":{"id":"ch_1","amount":5},"balance_transaction":"txn_1"}`,
		`{"object":"list","data":[{"id":"ch_1"},{"id":"ch_2","source":null}],"has_more":true,"url":"/v1/charges"}`,
		`{"id":"ch_1","metadata":{"a":"b","c":null},"amount":1e3}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// encoding/json, every type. A bare id is a JSON string that
		// encoding/json/v2 accepts: the types reject invalid UTF-8 and
		// lone surrogates, which encoding/json v1 would silently replace.
		var id string
		bareID := jsonv2.Unmarshal(data, &id) == nil
		var ch charge.Charge
		chErr := json.Unmarshal(data, &ch)
		checkBareID(t, "charge", bareID, id, chErr, ch.ID)
		var re charge.Refund
		err := json.Unmarshal(data, &re)
		checkBareID(t, "refund", bareID, id, err, re.ID)
		var cus customer.Customer
		err = json.Unmarshal(data, &cus)
		checkBareID(t, "customer", bareID, id, err, cus.ID)
		var card customer.Card
		err = json.Unmarshal(data, &card)
		checkBareID(t, "card", bareID, id, err, card.ID)
		var txn charge.BalanceTransaction
		err = json.Unmarshal(data, &txn)
		checkBareID(t, "balance transaction", bareID, id, err, txn.ID)
		var ref pay.Reference
		err = json.Unmarshal(data, &ref)
		checkBareID(t, "reference", bareID, id, err, ref.ID)
		var page pay.Page[charge.Charge]
		_ = json.Unmarshal(data, &page)
		var cusPage pay.Page[customer.Customer]
		_ = json.Unmarshal(data, &cusPage)

		// Through the clients.
		bt := &bodyTransport{body: data}
		c := pay.NewClient("sk_test_fuzz", pay.WithBaseURL("http://objects.invalid"),
			pay.WithHTTPClient(&http.Client{Transport: bt}), pay.WithMaxRetries(0))
		ctx := context.Background()
		calls := []struct {
			name string
			do   func() (any, error)
		}{
			{"charge", func() (any, error) { return charge.NewClient(c).Get(ctx, "ch_1") }},
			{"charge page", func() (any, error) { return charge.NewClient(c).ListPage(ctx, nil) }},
			{"customer", func() (any, error) { return customer.NewClient(c).Get(ctx, "cus_1") }},
			{"refund", func() (any, error) { return refund.NewClient(c).Get(ctx, "re_1") }},
		}
		for _, call := range calls {
			bt.body = data
			got, err := call.do()
			if err != nil {
				var pe *pay.Error
				require.ErrorAs(t, err, &pe, "%s: want a *pay.Error with status 200", call.name)
				require.Equal(t, http.StatusOK, pe.StatusCode, "%s: status", call.name)
				require.Equal(t, "req_fuzz", pe.RequestID, "%s: request id", call.name)
				require.True(t, isNil(got), "%s: an object came with the error", call.name)
				_ = pe.Error()
				continue
			}
			require.False(t, isNil(got), "%s: neither an object nor an error", call.name)
			before, err := json.Marshal(got)
			require.NoError(t, err, "%s: cannot marshal the decoded object", call.name)
			if call.name == "charge" && chErr == nil {
				want, _ := json.Marshal(&ch)
				require.Equal(t, string(want), string(before), "the client decodes the charge otherwise than encoding/json")
			}
			// Reuse the pooled buffer with other bytes.
			bt.body = bytes.Repeat([]byte{'x'}, len(data))
			_, _ = call.do()
			after, _ := json.Marshal(got)
			require.Equal(t, string(before), string(after), "%s: the decoded object changed when the body buffer was reused", call.name)
		}
	})
}

// checkBareID checks that a JSON string decodes as an object with that id.
func checkBareID(t *testing.T, what string, bareID bool, id string, err error, gotID string) {
	t.Helper()
	if !bareID {
		return
	}
	require.NoError(t, err, "%s: bare id %q", what, id)
	require.Equal(t, id, gotID, "%s: bare id", what)
}

func isNil(v any) bool {
	switch p := v.(type) {
	case nil:
		return true
	case *charge.Charge:
		return p == nil
	case *pay.Page[charge.Charge]:
		return p == nil
	case *customer.Customer:
		return p == nil
	case *charge.Refund:
		return p == nil
	}
	return false
}
