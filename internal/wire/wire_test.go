package wire_test

import (
	"errors"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay/internal/wire"
)

// thing is an expandable type built the way every resource type is.
type thing struct {
	ID     string `json:"id"`
	Amount int64  `json:"amount"`
	Child  *thing `json:"child"`
}

type plainThing thing

func (t *thing) UnmarshalJSONFrom(d *jsontext.Decoder) error {
	return wire.Expandable(d, t, (*plainThing)(t), func(t *thing) *string { return &t.ID })
}

func (t *thing) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, t) }

func TestExpandable_IDNullOrObject(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want thing
	}{
		{"bare id", `"th_1"`, thing{ID: "th_1"}},
		{"escaped id", `"th_\u0031"`, thing{ID: "th_1"}},
		{"null", `null`, thing{}},
		{"object", `{"id":"th_1","amount":5}`, thing{ID: "th_1", Amount: 5}},
		{"nested id", `{"id":"th_1","child":"th_2"}`, thing{ID: "th_1", Child: &thing{ID: "th_2"}}},
		{"nested object", `{"id":"th_1","child":{"id":"th_2","amount":3,"child":null}}`, thing{ID: "th_1", Child: &thing{ID: "th_2", Amount: 3}}},
		{"unknown members ignored", `{"id":"th_1","x":{"y":[1,"z"]},"amount":2}`, thing{ID: "th_1", Amount: 2}},
		{"names matched as encoding/json does", `{"ID":"th_1","AMOUNT":2}`, thing{ID: "th_1", Amount: 2}},
		{"underscores in names significant", `{"id":"th_1","a_mount":2,"amou-nt":3}`, thing{ID: "th_1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v thing
			require.NoError(t, wire.Unmarshal([]byte(tt.in), &v))
			assert.Equal(t, tt.want, v)
		})
	}
}

func TestExpandable_IDReplacesPreviousValue(t *testing.T) {
	v := thing{ID: "old", Amount: 9, Child: &thing{ID: "c"}}
	require.NoError(t, wire.Unmarshal([]byte(`"th_1"`), &v))
	assert.Equal(t, thing{ID: "th_1"}, v)
}

func TestExpandable_RejectsHostileOrWrongJSON(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"number", `123`},
		{"bool", `true`},
		{"array", `["th_1"]`},
		{"unterminated id", `"th_1`},
		{"invalid UTF-8 in an id", "\"th_\xff\""},
		{"lone surrogate in an id", `"th_\ud800"`},
		{"duplicate member names", `{"id":"th_1","amount":1,"amount":100}`},
		{"wrong member type", `{"id":"th_1","amount":"ten"}`},
		{"trailing data", `{"id":"th_1"} {}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v thing
			assert.Error(t, wire.Unmarshal([]byte(tt.in), &v))
		})
	}
}

func TestExpandable_DuplicateNamesAreSyntacticErrors(t *testing.T) {
	var v thing
	err := wire.Unmarshal([]byte(`{"id":"th_1","id":"th_2"}`), &v)
	assert.ErrorIs(t, err, jsontext.ErrDuplicateName)
}

// In a v2 stream, an expandable field is decoded by its UnmarshalJSONFrom:
// the v1 UnmarshalJSON (which would take a copy of the bytes) never runs.
func TestExpandable_V2StreamNeverCallsUnmarshalJSON(t *testing.T) {
	var v struct {
		T *counted `json:"t"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"t":{"id":"th_1"}}`), &v))
	require.NotNil(t, v.T)
	assert.Equal(t, "th_1", v.T.ID)
	assert.Zero(t, v.T.v1Calls)
}

type counted struct {
	ID      string `json:"id"`
	v1Calls int
}

type plainCounted counted

func (c *counted) UnmarshalJSONFrom(d *jsontext.Decoder) error {
	return wire.Expandable(d, c, (*plainCounted)(c), func(c *counted) *string { return &c.ID })
}

func (c *counted) UnmarshalJSON(b []byte) error {
	c.v1Calls++
	return errors.New("UnmarshalJSON called")
}
