// Package jsonid decodes the bare id of an unexpanded reference, the JSON
// string an expandable field's UnmarshalJSON receives, without a second pass
// through encoding/json for the ids the API sends (plain ASCII, no escapes).
package jsonid

import "encoding/json"

// IsString reports whether b, a JSON value as encoding/json hands it to
// UnmarshalJSON (no surrounding space), is a string: a bare id.
func IsString(b []byte) bool { return len(b) > 0 && b[0] == '"' }

// Unquote returns the string b holds. Printable ASCII without escapes is
// copied as it is; anything else is left to encoding/json, so the result
// and the errors are exactly its own.
func Unquote(b []byte) (string, error) {
	if n := len(b); n >= 2 && b[0] == '"' && b[n-1] == '"' {
		plain := true
		for _, c := range b[1 : n-1] {
			if c < ' ' || c > '~' || c == '"' || c == '\\' {
				plain = false
				break
			}
		}
		if plain {
			return string(b[1 : n-1]), nil
		}
	}
	var s string
	err := json.Unmarshal(b, &s)
	return s, err
}
