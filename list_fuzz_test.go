package pay

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// fuzzItem is a listed object with only an id.
type fuzzItem struct {
	ID string `json:"id"`
}

// pagesTransport answers the first request with first and every later one
// with rest, and records the queries; nothing goes on the network.
type pagesTransport struct {
	first, rest []byte
	mu          sync.Mutex
	queries     []string
}

func (pt *pagesTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	pt.mu.Lock()
	body := pt.rest
	if len(pt.queries) == 0 {
		body = pt.first
	}
	pt.queries = append(pt.queries, r.URL.Query().Get("starting_after")+"|"+r.URL.Query().Get("ending_before"))
	pt.mu.Unlock()
	return &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       io.NopCloser(strings.NewReader(string(body))),
		Request:    r,
	}, nil
}

// maxFuzzYields bounds an iteration: a loop that yields this much from two
// page bodies never ends.
const maxFuzzYields = 10_000

// FuzzPaginate serves fuzzed list pages (a first page, then one body for
// every later page, so a server stuck on one page is among the inputs) to
// the iterator, walking forwards or backwards. It never panics and always
// ends; it sends no more requests than it yields objects, plus one; an
// error is a *pay.Error, yielded once, last, without an object; each page
// after the first asks for the objects after the last id yielded.
func FuzzPaginate(f *testing.F) {
	f.Add([]byte(`{"object":"list","has_more":true,"data":[{"id":"ch_3"},{"id":"ch_2"}]}`), []byte(`{"object":"list","has_more":false,"data":[{"id":"ch_1"}]}`), false)
	f.Add([]byte(`{"has_more":true,"data":[{"id":"a"}]}`), []byte(`{"has_more":true,"data":[{"id":"a"}]}`), false)
	f.Add([]byte(`{"has_more":true,"data":[{"id":"a"}]}`), []byte(`{"has_more":true,"data":[{"id":"b"}]}`), true)
	f.Add([]byte(`{"has_more":true,"data":[{"id":"a"},null]}`), []byte(`{"has_more":true,"data":[null]}`), false)
	f.Add([]byte(`{"has_more":true,"data":[{"id":""}]}`), []byte(`{}`), false)
	f.Add([]byte(`{"has_more":true,"data":[]}`), []byte(`{"has_more":true,"data":[{"id":"x"}]}`), false)
	f.Add([]byte(`{"has_more":"yes","data":{}}`), []byte(`null`), false)
	f.Add([]byte(`{"error":{"type":"api_error","message":"boom"}}`), []byte(``), false)
	f.Add([]byte(`{"has_more":true,"data":[{"id":"a/b?c#d"}]}`), []byte("{\"has_more\":true,\"data\":[{\"id\":\"\xff\"}]}"), true)
	f.Fuzz(func(t *testing.T, first, rest []byte, backward bool) {
		pt := &pagesTransport{first: first, rest: rest}
		c := NewClient("sk_test_fuzz", WithBaseURL("http://pages.invalid"), WithHTTPClient(&http.Client{Transport: pt}), WithMaxRetries(0))
		params := fuzzListParams(backward)
		items, yields := 0, 0
		var errs []error
		var lastID string
		var cursors []string // the cursor each later page must carry
		for it, err := range List(context.Background(), c, "/v1/charges", params, func(o *fuzzItem) string { return o.ID }) {
			yields++
			require.LessOrEqual(t, yields, maxFuzzYields,
				"the iterator has yielded %d times from two page bodies: it does not end (requests %d)", yields, len(pt.queries))
			require.Empty(t, errs, "yielded (%v, %v) after an error", it, err)
			if err != nil {
				require.Nil(t, it, "error %v came with an object", err)
				var pe *Error
				require.ErrorAs(t, err, &pe)
				_ = pe.Error()
				errs = append(errs, err)
				continue
			}
			require.NotNil(t, it, "nil object without an error")
			items++
			lastID = it.ID
			// Remember where the next page must start, should there be one.
			if n := len(pt.queries); len(cursors) < n {
				cursors = append(cursors, "")
			}
			cursors[len(pt.queries)-1] = lastID
		}
		require.LessOrEqual(t, len(pt.queries), items+1, "requests for %d objects: requests without progress", items)
		for i, q := range pt.queries[1:] {
			sa, eb, _ := strings.Cut(q, "|")
			want := "|" + cursors[i]
			if !backward {
				want = cursors[i] + "|"
			}
			require.Equal(t, want, sa+"|"+eb, "page %d asked for %q (want the last id of page %d)", i+2, q, i+1)
		}
	})
}

// fuzzListParams returns list params for a forward or backward walk.
func fuzzListParams(backward bool) any {
	if backward {
		return &ListParams{EndingBefore: "start"}
	}
	return &ListParams{}
}
