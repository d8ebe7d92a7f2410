package jsonid

import (
	"encoding/json"
	"testing"
)

func TestUnquote_SameAsEncodingJSON(t *testing.T) {
	for _, in := range []string{
		`"ch_123"`, `""`, `"ch_\u0031"`, `"a\"b"`, `"tab\there"`, "\"caf\u00e9\"", "\"bad\xffutf8\"",
		`"unterminated`, `"`, `x"`, `123`, `"a"b"`,
	} {
		got, gotErr := Unquote([]byte(in))
		var want string
		wantErr := json.Unmarshal([]byte(in), &want)
		if (gotErr == nil) != (wantErr == nil) || got != want {
			t.Errorf("Unquote(%s) = %q, %v; encoding/json gives %q, %v", in, got, gotErr, want, wantErr)
		}
	}
}

func FuzzUnquote(f *testing.F) {
	for _, s := range []string{`"ch_1"`, `"a\\b"`, `"\u00e9"`, `"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, gotErr := Unquote(b)
		var want string
		wantErr := json.Unmarshal(b, &want)
		if (gotErr == nil) != (wantErr == nil) || (gotErr == nil && got != want) {
			t.Fatalf("Unquote(%q) = %q, %v; encoding/json gives %q, %v", b, got, gotErr, want, wantErr)
		}
	})
}

func BenchmarkUnquote(b *testing.B) {
	id := []byte(`"cus_NffrFeUfNV2Hib"`)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Unquote(id); err != nil {
			b.Fatal(err)
		}
	}
}
