package pay

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// assertNoKeyPiece fails when s shows leakWindow characters in a row of
// testKey's secret part.
func assertNoKeyPiece(t testing.TB, s string) {
	t.Helper()
	sec := secretPart(testKey)
	for i := 0; i+leakWindow <= len(sec); i++ {
		require.NotContains(t, s, sec[i:i+leakWindow], "shows a piece of the key")
	}
}

func TestRedactor_Clean(t *testing.T) {
	sec := secretPart(testKey)
	tests := []struct {
		name, in, want string
	}{
		{"plain", "card declined", "card declined"},
		{"whole key", "key " + testKey + " echoed", "key sk_test_[redacted] echoed"},
		{"secret part", "x" + sec + "y", "x[redacted]y"},
		{"twelve characters", "id=" + sec[5:17] + ".", "id=[redacted]."},
		{"eleven characters", "id=" + sec[5:16] + ".", "id=" + sec[5:16] + "."},
		{"two pieces", sec[:12] + " and " + sec[20:34], "[redacted] and [redacted]"},
		{"newline", "line1\nline2\r\x1b[31m", `line1\nline2\r\x1b[31m`},
		{"unicode separators", "a\u2028b\u0085c", `a\u2028b\u0085c`},
		{"invalid UTF-8", "a\xffb", "a\uFFFDb"},
		{"key cut by a newline", sec[:8] + "\n" + sec[8:30], sec[:8] + `\n` + "[redacted]"},
	}
	r := newRedactor(testKey)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.clean(tt.in, maxMessageLen)
			assert.Equal(t, tt.want, got)
			assertNoKeyPiece(t, got)
		})
	}
}

func TestRedactor_CleanBounds(t *testing.T) {
	r := newRedactor(testKey)
	long := strings.Repeat("é\n", 5000) + testKey
	got := r.clean(long, 100)
	assert.LessOrEqual(t, len(got), 100)
	assert.True(t, strings.HasSuffix(got, "…"), "a cut string is marked: %q", got)
	assert.NotContains(t, got, "\n")
	// A cut that falls inside the key still shows no piece of it.
	for cut := 0; cut < len(testKey)+5; cut++ {
		s := strings.Repeat("a", 50) + testKey
		assertNoKeyPiece(t, r.clean(s, 50+cut))
	}
}

func TestRedactor_ShortKeys(t *testing.T) {
	// A secret part shorter than the window is looked for as the whole
	// key, so short test keys do not redact every "123" in sight.
	r := newRedactor("sk_test_123")
	assert.Equal(t, "x [redacted] y req_123", r.clean("x sk_test_123 y req_123", 100))
	assert.Equal(t, "no key here", newRedactor("sk_test_").clean("no key here", 100))
}

func TestClient_ZeroValuePrints(t *testing.T) {
	var c Client
	assert.Equal(t, "pay.Client{baseURL: , key: none}", fmt.Sprint(c))
	assert.Equal(t, "<nil>", fmt.Sprint((*Client)(nil)))
}
