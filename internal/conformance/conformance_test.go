package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
)

func TestMain(m *testing.M) { Main(m) }

// Types shaped like the API's, to walk.
type (
	ref struct {
		ID     string `json:"id"`
		Object string `json:"object"`
	}
	address struct {
		City string `json:"city"`
	}
	details struct {
		Address *address `json:"address"`
		Name    string   `json:"name"`
	}
	base struct {
		ID string `json:"id"`
	}
	object struct {
		base
		Amount   int64             `json:"amount"`
		Rate     float64           `json:"rate"`
		Paid     bool              `json:"paid"`
		Tags     []string          `json:"tags"`
		Metadata map[string]string `json:"metadata"`
		Details  *details          `json:"details"`
		Customer *ref              `json:"customer"`
		Children *pay.Page[object] `json:"children"`
		Ignored  string            `json:"-"`
		Raw      json.RawMessage   `json:"raw"`
	}
)

var walk = Walk{Partial: []reflect.Type{reflect.TypeFor[ref]()}}

func TestWalk_LostReportsWhatGoesMissing(t *testing.T) {
	walk.WantLost(t, "ob", []LostCase{
		{"missing field", `{"id":"ob_1","surprise":1}`, &object{base: base{ID: "ob_1"}},
			[]string{`ob.surprise: the API sends it; conformance.object does not model it`}},
		{"field tagged -", `{"Ignored":"x"}`, &object{Ignored: "x"},
			[]string{`ob.Ignored: the API sends it`}},
		{"missing nested field", `{"details":{"name":"Jenny","phone":"+1"}}`, &object{Details: &details{Name: "Jenny"}},
			[]string{`ob.details.phone: the API sends it; conformance.details does not model it`}},
		{"missing field in a list's item", `{"children":{"object":"list","data":[{"id":"ob_2","new":true}]}}`,
			&object{Children: &pay.Page[object]{Data: []*object{{base: base{ID: "ob_2"}}}}},
			[]string{`ob.children.data[0].new: the API sends it`}},
		{"integer lost", `{"amount":100}`, &object{}, []string{`ob.amount: the API sent 100, decoded as 0`}},
		{"float lost", `{"rate":0.5}`, &object{Rate: 0.25}, []string{`ob.rate: the API sent 0.5, decoded as 0.25`}},
		{"bool lost", `{"paid":true}`, &object{}, []string{`ob.paid: the API sent true, decoded as false`}},
		{"string lost", `{"id":"ob_1"}`, &object{}, []string{`ob.id: the API sent ob_1, decoded as `}},
		{"slice item lost", `{"tags":["a","b"]}`, &object{Tags: []string{"a"}}, []string{`ob.tags: the API sent [a b]`}},
		{"slice item changed", `{"tags":["a","b"]}`, &object{Tags: []string{"a", "c"}}, []string{`ob.tags[1]: the API sent b, decoded as c`}},
		{"map key dropped", `{"metadata":{"a":"1","b":"2"}}`, &object{Metadata: map[string]string{"a": "1", "c": "2"}},
			[]string{`ob.metadata["b"]: the API sent it, decoding dropped it`}},
		{"object decoded as nil", `{"details":{"address":{"city":"Paris"}}}`, &object{Details: &details{}},
			[]string{`ob.details.address: the API sent map[city:Paris], decoded as nil`}},
		{"null decoded as a value", `{"amount":null}`, &object{Amount: 5}, []string{`ob.amount: the API sent null, decoded as 5`}},
		{"reference id lost", `{"customer":"cus_1"}`, &object{Customer: &ref{ID: "cus_2"}}, []string{`ob.customer: the API sent cus_1`}},
		{"wrong JSON type", `{"amount":"100"}`, &object{Amount: 100}, []string{`ob.amount: the API sent 100, decoded as 100`}},
		{"several, sorted by key", `{"zeta":1,"alpha":2,"amount":1}`, &object{Amount: 1},
			[]string{`ob.alpha: the API sends it`, `ob.zeta: the API sends it`}},
		{"a partial type keeps only its fields", `{"customer":{"id":"cus_1","object":"customer","email":"j@example.com"}}`,
			&object{Customer: &ref{ID: "cus_1", Object: "customer"}}, nil},
		{"a list's object is not modelled on purpose", `{"children":{"object":"list","data":[],"has_more":false,"url":"/v1/x"}}`,
			&object{Children: &pay.Page[object]{URL: "/v1/x", Data: []*object{}}}, nil},
		{"all there", `{"id":"ob_1","amount":7,"rate":1.5,"paid":true,"tags":["a"],"metadata":{"k":"v"},` +
			`"details":{"address":null,"name":"J"},"customer":"cus_1","children":{"data":["ob_2"]}}`,
			&object{base: base{ID: "ob_1"}, Amount: 7, Rate: 1.5, Paid: true, Tags: []string{"a"}, Metadata: map[string]string{"k": "v"},
				Details: &details{Name: "J"}, Customer: &ref{ID: "cus_1"}, Children: &pay.Page[object]{Data: []*object{{base: base{ID: "ob_2"}}}}}, nil},
		{"null and nil", `{"details":null,"customer":null}`, &object{}, nil},
		{"raw kept whole", `{"raw":{"id":"x","n":[1,2]}}`, &object{Raw: json.RawMessage(`{"n":[1,2],"id":"x"}`)}, nil},
		{"raw changed", `{"raw":{"id":"x"}}`, &object{Raw: json.RawMessage(`{"id":"y"}`)},
			[]string{`ob.raw: the API sent map[id:x], kept as {"id":"y"}`}},
	})
}

func TestWalk_WantLostFailsOnTheWrongProblems(t *testing.T) {
	fails := Failures(t, func(tb testing.TB) {
		walk.WantLost(tb, "ob", []LostCase{
			{"none found", `{"amount":1}`, &object{Amount: 1}, []string{"ob.amount"}},
			{"another found", `{"amount":1}`, &object{}, []string{"ob.rate"}},
			{"not JSON", `{`, &object{}, nil},
			{"right", `{"amount":1}`, &object{}, []string{"ob.amount: the API sent 1"}},
		})
	})
	want := []string{"none found: lost = [], want 1 problems", `another found: lost[0] = "ob.amount`, "not JSON: unexpected EOF"}
	require.Len(t, fails, len(want), "failures %q", fails)
	for i := range want {
		assert.True(t, strings.HasPrefix(fails[i], want[i]), "failure %d = %q, want it to start with %q", i, fails[i], want[i])
	}
}

func TestWalk_ReportListComparesTheData(t *testing.T) {
	raw := []byte(`{"object":"list","data":[{"id":"ob_1"},{"id":"ob_2","amount":2}],"has_more":false}`)
	fails := Failures(t, func(tb testing.TB) {
		walk.ReportList(tb, "List", raw, []*object{{base: base{ID: "ob_1"}}, {base: base{ID: "ob_2"}, Amount: 2}})
	})
	assert.Empty(t, fails, "all there")
	fails = Failures(t, func(tb testing.TB) {
		walk.ReportList(tb, "List", raw, []*object{{base: base{ID: "ob_1"}}, {base: base{ID: "ob_2"}}})
	})
	require.Len(t, fails, 1, "amount lost: failures %q", fails)
	assert.True(t, strings.HasPrefix(fails[0], "List: data[1].amount: the API sent 2, decoded as 0"), fails[0])
}

func TestWalk_WithoutPartialReportsTheReferencesKeys(t *testing.T) {
	var sent any
	require.NoError(t, DecodeJSON([]byte(`{"customer":{"id":"cus_1","email":"j@example.com"}}`), &sent))
	got := Walk{}.Lost("ob", sent, &object{Customer: &ref{ID: "cus_1"}})
	require.Len(t, got, 1, "lost %q", got)
	assert.True(t, strings.HasPrefix(got[0], "ob.customer.email: the API sends it"), got[0])
}

func TestWalk_ReportFailsPerProblem(t *testing.T) {
	fails := Failures(t, func(tb testing.TB) {
		walk.Report(tb, "Get", "ob", []byte(`{"id":"ob_1","surprise":1,"amount":3}`), &object{base: base{ID: "ob_1"}})
	})
	require.Len(t, fails, 2, "failures %q", fails)
	assert.True(t, strings.HasPrefix(fails[0], "Get: ob.amount: the API sent 3"), fails[0])
	assert.True(t, strings.HasPrefix(fails[1], "Get: ob.surprise:"), fails[1])
	fails = Failures(t, func(tb testing.TB) { walk.Report(tb, "Get", "ob", []byte(`{"id":`), &object{}) })
	require.Len(t, fails, 1, "failures %q", fails)
	assert.Contains(t, fails[0], "unexpected EOF")
}

func TestJSONFields_FollowsEncodingJSON(t *testing.T) {
	got := JSONFields(reflect.TypeFor[object]())
	for _, name := range []string{"id", "amount", "rate", "paid", "tags", "metadata", "details", "customer", "children", "raw"} {
		assert.Contains(t, got, name)
	}
	assert.NotContains(t, got, "Ignored")
	assert.Len(t, got, 10)
}

type listParams struct {
	Limit         int64  `url:"limit,omitempty"`
	StartingAfter string `url:"starting_after,omitempty"`
}

type params struct {
	Amount   int64             `url:"amount,omitempty"`
	Metadata map[string]string `url:"metadata"`
	Locales  []string          `url:"locales,brackets"`
	Shipping *struct {
		Name    string `url:"name,omitempty"`
		Address *struct {
			Line1 string `url:"line1,omitempty"`
		} `url:"address,omitempty"`
	} `url:"shipping,omitempty"`
	Created *struct {
		GTE int64 `url:"gte,omitempty"`
	} `url:"created,omitempty"`
	listParams
	Skipped string `url:"-"`
	private string
}

func TestParamNames_FromURLTags(t *testing.T) {
	want := []string{"amount", "metadata", "locales", "shipping[name]", "shipping[address][line1]", "created[gte]", "limit", "starting_after"}
	for _, typ := range []reflect.Type{reflect.TypeFor[params](), reflect.TypeFor[*params]()} {
		assert.Equal(t, want, ParamNames(typ), "ParamNames(%s)", typ)
	}
	_ = params{}.private
}

func TestEndpoint(t *testing.T) {
	for path, want := range map[string]string{
		"/v1/charges":                "POST /v1/charges",
		"/v1/charges/ch_1":           "POST /v1/charges/{id}",
		"/v1/charges/ch_1/capture":   "POST /v1/charges/{id}/capture",
		"/v1/customers/cus_1/source": "POST /v1/customers/{id}/source",
	} {
		assert.Equal(t, want, Endpoint("POST", path), "Endpoint(POST, %s)", path)
	}
}

// recorded sends requests through a Recorder to a server that answers with
// their path and body.
func recorded(t *testing.T, reqs ...*http.Request) *Recorder {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body) // the server must still get the body
		fmt.Fprintf(w, "%s %s", r.URL.Path, b)
	}))
	t.Cleanup(srv.Close)
	rec := NewRecorder(http.DefaultTransport)
	client := &http.Client{Transport: rec}
	for _, r := range reqs {
		u, _ := url.Parse(srv.URL)
		r.URL.Scheme, r.URL.Host = u.Scheme, u.Host
		resp, err := client.Do(r)
		require.NoError(t, err)
		resp.Body.Close()
	}
	return rec
}

func newRequest(t *testing.T, method, target, form string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(method, "http://x"+target, strings.NewReader(form))
	require.NoError(t, err)
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

func TestRecorder_NotesParamsAndLastBody(t *testing.T) {
	rec := recorded(t,
		newRequest(t, "POST", "/v1/things", "amount=5&metadata%5Bk%5D=v&shipping%5Baddress%5D%5Bline1%5D=x"),
		newRequest(t, "POST", "/v1/things/th_1", "metadata="),
		newRequest(t, "GET", "/v1/things?limit=2&created%5Bgte%5D=1", ""),
	)
	assert.Equal(t, []string{"amount", "metadata[k]", "shipping[address][line1]"}, rec.Sent("POST /v1/things"))
	assert.Equal(t, []string{"created[gte]", "limit"}, rec.Sent("GET /v1/things"))
	assert.Equal(t, "/v1/things ", string(rec.LastBody()))
	rec = recorded(t, newRequest(t, "POST", "/v1/things", "amount=5"))
	assert.Equal(t, "/v1/things amount=5", string(rec.LastBody()), "the form must reach the server")
}

func TestRecorder_WantEveryParamSent(t *testing.T) {
	all := recorded(t,
		newRequest(t, "POST", "/v1/things", "amount=5&metadata=&locales%5B0%5D=en&shipping%5Bname%5D=J"),
		newRequest(t, "POST", "/v1/things", "shipping%5Baddress%5D%5Bline1%5D=x&created%5Bgte%5D=1&limit=1&starting_after=th_1"),
	)
	assert.Empty(t, Failures(t, func(tb testing.TB) { all.WantEveryParamSent(tb, "POST /v1/things", params{}) }), "every param sent")
	some := recorded(t, newRequest(t, "POST", "/v1/things", "amount=5&metadata%5Bk%5D=v&shipping%5Baddress%5D=&limit=1"))
	fails := Failures(t, func(tb testing.TB) { some.WantEveryParamSent(tb, "POST /v1/things", params{}) })
	var missing []string
	for _, f := range fails {
		name, _, _ := strings.Cut(strings.TrimPrefix(f, "POST /v1/things: no request carried "), ";")
		missing = append(missing, name)
	}
	assert.Equal(t, []string{"locales", "shipping[name]", "shipping[address][line1]", "created[gte]", "starting_after"}, missing, "failures %q", fails)
}

func TestClient_TalksToStripeMock(t *testing.T) {
	pc, rec := Client(t)
	var page pay.Page[struct {
		ID string `json:"id"`
	}]
	require.NoError(t, pc.Do(context.Background(), http.MethodGet, "/v1/charges", url.Values{"limit": {"1"}}, &page))
	require.NotEmpty(t, page.Data)
	assert.True(t, strings.HasPrefix(page.Data[0].ID, "ch_"), "page = %+v, want a charge", page)
	assert.Equal(t, []string{"limit"}, rec.Sent("GET /v1/charges"))
	assert.Regexp(t, `"object": ?"list"`, string(rec.LastBody()))
	fails := Failures(t, func(tb testing.TB) {
		WantRejected(tb, pc, []Rejection{
			{"unknown param", http.MethodGet, "/v1/charges", url.Values{"limti": {"1"}}, 400},
			{"accepted", http.MethodGet, "/v1/charges", nil, 400},
			{"other status", http.MethodGet, "/v1/charges/ch_1/nothing", nil, 400},
		})
	})
	require.Len(t, fails, 2, "WantRejected failures %q", fails)
	assert.True(t, strings.HasPrefix(fails[0], "accepted: err = <nil>"), fails[0])
	assert.True(t, strings.HasPrefix(fails[1], `other status: err = {Type: "invalid_request_error", StatusCode: 404`), fails[1])

	first, err := Start()
	require.NoError(t, err)
	again, err := Start()
	require.NoError(t, err)
	assert.Equal(t, first, again, "Start started a second stripe-mock")
}

func TestClientFor_WrapsTheCoreClient(t *testing.T) {
	type typed struct{ pc *pay.Client }
	c, pc, rec := ClientFor(t, func(pc *pay.Client) typed { return typed{pc} })
	require.Same(t, pc, c.pc)
	require.NotNil(t, rec)
	require.NoError(t, c.pc.Do(context.Background(), http.MethodGet, "/v1/charges/ch_1", url.Values{"expand[0]": {"customer"}}, nil))
	assert.Equal(t, []string{"expand[0]"}, rec.Sent("GET /v1/charges/{id}"))
}
