package pay

// This file keeps the secret key out of everything a user could print or log
// (the Client's fmt and slog output, errors and log lines), and keeps every
// string built from a response one line long and bounded.

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"unicode/utf8"
)

// String describes the client without its key.
//
// String, GoString, Format and LogValue have value receivers so that a
// Client printed by value (fmt cannot call methods on unexported fields,
// but it can on a Client) is never walked field by field: that would show
// the transport's internals, and read them while other calls use them.
func (c Client) String() string {
	return "pay.Client{baseURL: " + c.baseURL + ", key: " + c.keyString() + "}"
}

func (c Client) keyString() string {
	if c.key == nil {
		return "none"
	}
	return c.key.String()
}

// GoString is String, for %#v.
func (c Client) GoString() string { return c.String() }

// Format prints the client without its key, whatever the verb.
func (c Client) Format(f fmt.State, _ rune) { io.WriteString(f, c.String()) }

// LogValue logs the client without its key.
func (c Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("base_url", c.baseURL), slog.String("key", c.keyString()))
}

// keyPrefixes are the prefixes of the API's keys; what follows is the secret.
var keyPrefixes = [...]string{"sk_test_", "sk_live_", "rk_test_", "rk_live_", "pk_test_", "pk_live_"}

// secret holds an API key; every way of printing it redacts it.
type secret string

func newSecret(key string) *secret {
	s := secret(key)
	return &s
}

func (s secret) String() string {
	for _, p := range keyPrefixes {
		if strings.HasPrefix(string(s), p) {
			return p + "[redacted]"
		}
	}
	return "[redacted]"
}
func (s secret) GoString() string             { return s.String() }
func (s secret) Format(f fmt.State, _ rune)   { io.WriteString(f, s.String()) }
func (s secret) LogValue() slog.Value         { return slog.StringValue(s.String()) }
func (s secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// secretPart returns the part of a key after its prefix: the part that must
// never be shown, in whole or in part.
func secretPart(key string) string {
	for _, p := range keyPrefixes {
		if strings.HasPrefix(key, p) {
			return key[len(p):]
		}
	}
	return key
}

// leakWindow is the length of the shortest piece of a key's secret part that
// counts as a leak: no string the library builds shows 12 characters of it in
// a row, wherever a hostile server put them.
const leakWindow = 12

// redactor removes the keys of one call from strings built from a response.
// It works on pieces of the key, not the whole key, so that a key cut by a
// length bound, or echoed in part, is still caught. It holds the keys behind
// pointers so that printing a Client, even field by field, never shows them.
type redactor struct {
	keys [2]*secret // the client's key and a per-call key
	// chars has a bit set for each byte that appears in a key: only runs of
	// such bytes can hold a piece of one.
	chars [4]uint64
}

func newRedactor(keys ...string) *redactor {
	r := new(redactor)
	n := 0
	for _, k := range keys {
		if k == "" || n == len(r.keys) {
			continue
		}
		r.keys[n] = newSecret(k)
		n++
		for i := 0; i < len(k); i++ {
			r.chars[k[i]>>6] |= 1 << (k[i] & 63)
		}
	}
	return r
}

func (r *redactor) inKey(b byte) bool { return r.chars[b>>6]&(1<<(b&63)) != 0 }

// pattern returns what to look for pieces of: the secret part of key with
// the leak window, or, for a secret part shorter than the window (a test
// key), the whole key.
func pattern(key *secret) (string, int) {
	if key == nil {
		return "", 0
	}
	if sec := secretPart(string(*key)); len(sec) >= leakWindow {
		return sec, leakWindow
	}
	return string(*key), len(*key)
}

// leaks reports whether s shows a piece of a key.
func (r *redactor) leaks(s string) bool {
	if r == nil {
		return false
	}
	found := false
	r.scan(s, func(int, int) bool { found = true; return false })
	return found
}

// scan calls hit with the bounds of every piece of a key in s, in order,
// until hit returns false.
func (r *redactor) scan(s string, hit func(start, end int) bool) {
	var pats [len(r.keys)]string
	var wins [len(r.keys)]int
	for i, k := range r.keys {
		pats[i], wins[i] = pattern(k)
	}
	run := 0 // length of the current run of bytes that appear in a key
	for i := 0; i < len(s); i++ {
		if !r.inKey(s[i]) {
			run = 0
			continue
		}
		run++
		for j, pat := range pats {
			w := wins[j]
			if w == 0 || run < w {
				continue
			}
			if strings.Contains(pat, s[i+1-w:i+1]) {
				if !hit(i+1-w, i+1) {
					return
				}
				break
			}
		}
	}
}

// redact replaces every piece of a key in s with "[redacted]".
func (r *redactor) redact(s string) string {
	if r == nil {
		return s
	}
	var b strings.Builder
	last := 0 // s[:last] is written or covered
	pendStart, pendEnd := -1, -1
	flush := func() {
		if pendStart < 0 {
			return
		}
		b.WriteString(s[last:pendStart])
		b.WriteString("[redacted]")
		last = pendEnd
		pendStart = -1
	}
	r.scan(s, func(start, end int) bool {
		if pendStart >= 0 && start <= pendEnd {
			pendEnd = end
			return true
		}
		flush()
		pendStart, pendEnd = start, end
		return true
	})
	if last == 0 && pendStart < 0 {
		return s
	}
	flush()
	b.WriteString(s[last:])
	return b.String()
}

// Bounds of the strings built from a response.
const (
	maxMessageLen = 1024 // error messages
	maxFieldLen   = 256  // codes, ids, URLs, header values
)

// clean turns text from the network into a string that is safe to show: one
// line (control characters escaped as \n, \x1b, \u2028 ...), valid UTF-8, no
// piece of a key or client secret, and at most limit bytes (cut on a rune, marked with …).
func (r *redactor) clean(s string, limit int) string {
	// Work on a bounded prefix: escaping can at most sextuple a byte, and a
	// piece of a key at the cut is still caught below.
	if max := 6*limit + 64; len(s) > max {
		s = s[:max]
	}
	s = oneLine(s)
	s = redactClientSecrets(r.redact(s))
	return truncate(s, limit)
}

// oneLine escapes what would break a line or a terminal: ASCII and C1
// control characters, the Unicode line and paragraph separators, and
// invalid UTF-8 (shown as U+FFFD).
func oneLine(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c == 0x7f || c >= utf8.RuneSelf {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029:
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// truncate cuts s to at most limit bytes on a rune boundary, marking the cut.
func truncate(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	const mark = "…"
	cut := max(limit-len(mark), 0)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + mark
}

// safe returns err if no error in its chain shows a piece of a key or spans
// lines; otherwise a stand-in with err's cleaned message and no chain, so that
// errors.As cannot reach the raw text either.
func (r *redactor) safe(err error) error {
	if err == nil || r.chainClean(err, 0) {
		return err
	}
	return &cleanError{msg: r.clean(err.Error(), maxMessageLen)}
}

func (r *redactor) chainClean(err error, depth int) bool {
	if err == nil {
		return true
	}
	if depth > 32 {
		return false
	}
	if msg := err.Error(); len(msg) > 4*maxMessageLen || oneLine(msg) != msg || r.leaks(msg) {
		return false
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return r.chainClean(u.Unwrap(), depth+1)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if !r.chainClean(e, depth+1) {
				return false
			}
		}
	}
	return true
}

// cleanError stands in for an error whose text could not be shown as it was.
type cleanError struct{ msg string }

func (e *cleanError) Error() string { return e.msg }
