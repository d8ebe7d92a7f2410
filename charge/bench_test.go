package charge_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
)

// benchPage builds a list page of n copies of the fixture charge.
func benchPage(b *testing.B, n int) []byte {
	b.Helper()
	one, err := os.ReadFile("testdata/charge.json")
	require.NoError(b, err)
	var buf bytes.Buffer
	buf.WriteString(`{"object":"list","url":"/v1/charges","has_more":true,"data":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(bytes.Replace(one, []byte(`"ch_3MmlLrLkdIwHu7ix0snN0B15"`), []byte(fmt.Sprintf(`"ch_%07d"`, i)), 1))
	}
	buf.WriteString("]}")
	return buf.Bytes()
}

// decoders are the two ways users decode: encoding/json (v1), whose
// UnmarshalJSON hands the bytes to v2 once, and encoding/json/v2, which
// decodes expandable fields in its one stream.
var decoders = []struct {
	name      string
	unmarshal func([]byte, any) error
}{
	{"v1", json.Unmarshal},
	{"v2", func(b []byte, v any) error { return jsonv2.Unmarshal(b, v) }},
}

// BenchmarkDecode_Charge decodes the full fixture charge.
func BenchmarkDecode_Charge(b *testing.B) {
	data, err := os.ReadFile("testdata/charge.json")
	require.NoError(b, err)
	for _, d := range decoders {
		b.Run(d.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				ch := new(charge.Charge)
				if err := d.unmarshal(data, ch); err != nil {
					b.Fatal(err)
				}
				if ch.ID == "" || ch.Source == nil || len(ch.Refunds.Data) != 1 {
					b.Fatalf("decoded %+v", ch)
				}
			}
		})
	}
}

// BenchmarkDecode_Page100 decodes a list page of 100 full charges.
func BenchmarkDecode_Page100(b *testing.B) {
	data := benchPage(b, 100)
	for _, d := range decoders {
		b.Run(d.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				p := new(pay.Page[charge.Charge])
				if err := d.unmarshal(data, p); err != nil {
					b.Fatal(err)
				}
				if len(p.Data) != 100 || p.Data[99].ID != "ch_0000099" {
					b.Fatal("bad page")
				}
			}
		})
	}
}
