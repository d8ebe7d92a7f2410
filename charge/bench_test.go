package charge

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/paykit/pay"
)

// benchPage builds a list page of n copies of the fixture charge.
func benchPage(b *testing.B, n int) []byte {
	b.Helper()
	one, err := os.ReadFile("testdata/charge.json")
	if err != nil {
		b.Fatal(err)
	}
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

// BenchmarkDecode_Charge decodes the full fixture charge the way Client
// does (through wire).
func BenchmarkDecode_Charge(b *testing.B) {
	data, err := os.ReadFile("testdata/charge.json")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		w := new(wire)
		if err := json.Unmarshal(data, w); err != nil {
			b.Fatal(err)
		}
		if ch := w.charge(); ch.ID == "" || ch.Source == nil || len(ch.Refunds.Data) != 1 {
			b.Fatalf("decoded %+v", ch)
		}
	}
}

// BenchmarkDecode_ChargeDirect decodes into Charge itself, whose
// UnmarshalJSON (for a refund's bare charge id) makes encoding/json scan
// the bytes again: the cost Client avoids by decoding through wire.
func BenchmarkDecode_ChargeDirect(b *testing.B) {
	data, err := os.ReadFile("testdata/charge.json")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		if err := json.Unmarshal(data, new(Charge)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecode_Page100 decodes a list page of 100 full charges the way
// ListPage and List do.
func BenchmarkDecode_Page100(b *testing.B) {
	data := benchPage(b, 100)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		p := new(pay.Page[wire])
		if err := json.Unmarshal(data, p); err != nil {
			b.Fatal(err)
		}
		if len(p.Data) != 100 || p.Data[99].charge().ID != "ch_0000099" {
			b.Fatal("bad page")
		}
	}
}
