// Package wire decodes the API's JSON with encoding/json/v2
// (github.com/go-json-experiment/json), in one pass and with one technique
// for every resource.
//
// An expandable type (one the API sends as a bare id or as the whole object)
// implements UnmarshalJSONFrom with [Expandable]: it peeks at the next
// token and decodes the id, null or the object in the same stream, so no
// byte is scanned twice and none is copied. Its encoding/json (v1)
// UnmarshalJSON hands the bytes to [Unmarshal] once.
package wire

import (
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// Options are the decoding options of every response and of every v1
// UnmarshalJSON call: v2's defaults (unknown members ignored, invalid UTF-8
// and duplicate member names rejected), with member names matched as
// encoding/json v1 matches them (exactly first, then as strings.EqualFold
// does, '_' and '-' significant), so that a caller's own v1-tagged types
// passed to pay.Client.Do decode as they did before. An exact match costs
// nothing more: the fold is tried only for a name no field has.
var Options = json.JoinOptions(json.MatchCaseInsensitiveNames(true), jsonv1.MatchCaseSensitiveDelimiter(true))

// Unmarshal decodes the JSON value b into v with [Options].
func Unmarshal(b []byte, v any) error { return json.Unmarshal(b, v, Options) }

// Expandable decodes the next value of d into v, a type the API sends either
// as a bare id or as the object: a string sets only the id (*id(v)), null
// makes v zero, and anything else is decoded into object, which must be v
// converted to a type with the same fields and without v's methods (a local
// alias type), so the object is decoded in the same stream.
func Expandable[T any](d *jsontext.Decoder, v *T, object any, id func(*T) *string) error {
	switch d.PeekKind() {
	case jsontext.KindString:
		tok, err := d.ReadToken()
		if err != nil {
			return err
		}
		var zero T
		*v = zero
		*id(v) = tok.String()
		return nil
	case jsontext.KindNull:
		if _, err := d.ReadToken(); err != nil {
			return err
		}
		var zero T
		*v = zero
		return nil
	default:
		// Objects, and anything else: the alias type reports whatever
		// is not an object as a type mismatch.
		return json.UnmarshalDecode(d, object)
	}
}
