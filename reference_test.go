package pay_test

import (
	"encoding/json"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
)

// unmarshalers are the two ways users decode the library's types.
var unmarshalers = []struct {
	name      string
	unmarshal func([]byte, any) error
}{
	{"encoding/json", json.Unmarshal},
	{"encoding/json/v2", func(b []byte, v any) error { return jsonv2.Unmarshal(b, v) }},
}

func TestReference_DecodesIDObjectOrNull(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want *pay.Reference
	}{
		{"bare id", `{"r":"pi_1"}`, &pay.Reference{ID: "pi_1"}},
		{"expanded object", `{"r":{"id":"pi_1","object":"payment_intent","amount":5,"nested":{"a":1}}}`, &pay.Reference{ID: "pi_1", Object: "payment_intent"}},
		{"null", `{"r":null}`, nil},
		{"absent", `{}`, nil},
	}
	for _, u := range unmarshalers {
		for _, tt := range tests {
			t.Run(u.name+"/"+tt.name, func(t *testing.T) {
				var v struct {
					R *pay.Reference `json:"r"`
				}
				require.NoError(t, u.unmarshal([]byte(tt.in), &v))
				assert.Equal(t, tt.want, v.R)
			})
		}
	}
}

func TestReference_RejectsOtherJSON(t *testing.T) {
	for _, u := range unmarshalers {
		for _, in := range []string{`1`, `true`, `["pi_1"]`, "\"pi_\xff\""} {
			var r pay.Reference
			assert.Error(t, u.unmarshal([]byte(in), &r), "%s: %s", u.name, in)
		}
	}
}

func TestPage_DecodesListObject(t *testing.T) {
	in := `{"object":"list","url":"/v1/x","has_more":true,"data":["pi_1",{"id":"pi_2","object":"payment_intent"},null]}`
	want := &pay.Page[pay.Reference]{
		URL: "/v1/x", HasMore: true,
		Data: []*pay.Reference{{ID: "pi_1"}, {ID: "pi_2", Object: "payment_intent"}, nil},
	}
	for _, u := range unmarshalers {
		t.Run(u.name, func(t *testing.T) {
			got := new(pay.Page[pay.Reference])
			require.NoError(t, u.unmarshal([]byte(in), got))
			assert.Equal(t, want, got)
		})
	}
}
