package pay

import (
	"github.com/go-json-experiment/json/jsontext"

	"github.com/paykit/pay/internal/wire"
)

// Reference is an expandable reference to an object this library does not
// model (an application, a payment intent, a transfer, an account, a
// coupon, ...). It decodes from the bare id or from the expanded object,
// keeping the id and the object type; to read the rest of an expanded
// object, call [Client.Do] with a type of your own.
type Reference struct {
	ID string `json:"id"`
	// Object is the object type, such as "payment_intent"; empty when the
	// reference was not expanded.
	Object string `json:"object"`
}

type plainReference Reference

// UnmarshalJSONFrom decodes a reference from a bare id or from an object,
// in the decoder's stream (encoding/json/v2).
func (r *Reference) UnmarshalJSONFrom(d *jsontext.Decoder) error {
	return wire.Expandable(d, r, (*plainReference)(r), referenceID)
}

// UnmarshalJSON decodes a reference from a bare id or from an object
// (encoding/json).
func (r *Reference) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, r) }

func referenceID(r *Reference) *string { return &r.ID }
