package pay

import (
	"context"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSearch_FollowsNextPage(t *testing.T) {
	c, mux := setup(t)
	var hits atomic.Int32
	mux.HandleFunc("/v1/charges/search", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		assert.Equal(t, "GET", r.Method, "method")
		switch r.URL.Query().Get("page") {
		case "":
			testQuery(t, r, url.Values{"query": {"status:'succeeded'"}, "limit": {"2"}})
			writeJSON(w, 200, `{"object":"search_result","data":[{"id":"ch_1"},{"id":"ch_2"}],"has_more":true,"next_page":"pg_2","url":"/v1/charges/search"}`)
		case "pg_2":
			testQuery(t, r, url.Values{"query": {"status:'succeeded'"}, "limit": {"2"}, "page": {"pg_2"}})
			writeJSON(w, 200, `{"object":"search_result","data":[{"id":"ch_3"}],"has_more":false,"next_page":null,"url":"/v1/charges/search"}`)
		default:
			assert.Fail(t, "unexpected page", "page %q", r.URL.Query().Get("page"))
		}
	})
	params := &SearchParams{Query: "status:'succeeded'", Limit: 2}
	seq := Search[object](context.Background(), c, "/v1/charges/search", params)
	assert.EqualValues(t, 0, hits.Load(), "nothing is sent before the loop starts")
	var ids []string
	for o, err := range seq {
		require.NoError(t, err)
		ids = append(ids, o.ID)
	}
	assert.Equal(t, []string{"ch_1", "ch_2", "ch_3"}, ids)
	assert.Equal(t, &SearchParams{Query: "status:'succeeded'", Limit: 2}, params, "params are not modified")

	hits.Store(0)
	for range seq {
		break
	}
	assert.EqualValues(t, 1, hits.Load(), "break stops fetching")
}

func TestSearch_RepeatedCursorEnds(t *testing.T) {
	c, mux := setup(t)
	var hits atomic.Int32
	mux.HandleFunc("/v1/customers/search", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		writeJSON(w, 200, `{"object":"search_result","data":[{"id":"cus_1"}],"has_more":true,"next_page":"same"}`)
	})
	var errs []error
	n := 0
	for o, err := range Search[object](context.Background(), c, "/v1/customers/search", &SearchParams{Query: "email:'a@b.c'"}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
		assert.Equal(t, "cus_1", o.ID)
	}
	require.Len(t, errs, 1)
	var pe *Error
	require.ErrorAs(t, errs[0], &pe)
	assert.Contains(t, pe.Message, "not advancing")
	assert.Equal(t, 1, n, "the page that repeats a cursor is not yielded")
	assert.EqualValues(t, 2, hits.Load())
}

func TestSearch_BadParams(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/charges/search", func(w http.ResponseWriter, r *http.Request) { assert.Fail(t, "sent") })
	tests := []struct {
		name   string
		params *SearchParams
		param  string
	}{
		{"nil pointer", (*SearchParams)(nil), "query"},
		{"no query", &SearchParams{Limit: 3}, "query"},
		{"limit too large", &SearchParams{Query: "a:'b'", Limit: 101}, "limit"},
		{"negative limit", &SearchParams{Query: "a:'b'", Limit: -1}, "limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := GetSearchPage[object](context.Background(), c, "/v1/charges/search", tt.params)
			var pe *Error
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.param, pe.Param)
			assert.Equal(t, ErrorTypeInvalidRequest, pe.Type)
			for _, err := range Search[object](context.Background(), c, "/v1/charges/search", tt.params) {
				require.ErrorAs(t, err, &pe)
				assert.Equal(t, tt.param, pe.Param)
			}
		})
	}
}

func TestGetSearchPage_Decodes(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v1/charges/search", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, url.Values{"query": {"amount>100"}, "page": {"pg_9"}, "expand[0]": {"total_count"}})
		writeJSON(w, 200, `{"object":"search_result","data":[{"id":"ch_1","amount":200}],"has_more":true,"next_page":"pg_10","url":"/v1/charges/search","total_count":7}`)
	})
	p, err := GetSearchPage[object](context.Background(), c, "/v1/charges/search", &SearchParams{Query: "amount>100", Page: "pg_9"}, Expand("total_count"))
	require.NoError(t, err)
	assert.Equal(t, &SearchPage[object]{Data: []*object{{ID: "ch_1", Amount: 200}}, HasMore: true, NextPage: "pg_10", URL: "/v1/charges/search", TotalCount: 7}, p)
}
