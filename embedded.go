package pay

// This file keeps the objects an API error embeds (the PaymentIntent of a
// declined confirm, say) for the packages that decode them, and decodes an
// *Error that is a field of an object (a PaymentIntent's
// last_payment_error).

import (
	"bytes"
	"strings"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/paykit/pay/internal/wire"
)

// embeddedObjects are the raw objects of an error, as the API sent them.
// An *Error holds them behind a pointer, so printing it (even with %#v)
// shows an address, never their bytes.
type embeddedObjects struct {
	charge, paymentIntent, paymentMethod, setupIntent, source []byte
}

// Embedded returns the object the error embeds under field ("charge",
// "payment_intent", "payment_method", "setup_intent" or "source") as the
// API sent it, or nil when it sent none or only its id. It is what
// paymentintent.FromError and setupintent.FromError decode; the bytes are
// a copy. They may hold a client secret: keep them out of logs.
func (e *Error) Embedded(field string) []byte {
	if e == nil || e.embedded == nil {
		return nil
	}
	var b []byte
	switch field {
	case "charge":
		b = e.embedded.charge
	case "payment_intent":
		b = e.embedded.paymentIntent
	case "payment_method":
		b = e.embedded.paymentMethod
	case "setup_intent":
		b = e.embedded.setupIntent
	case "source":
		b = e.embedded.source
	}
	if len(b) == 0 {
		return nil
	}
	return bytes.Clone(b)
}

// rawObject returns raw when it is a JSON object, for embeddedObjects.
func rawObject(raw jsontext.Value) []byte {
	if raw.Kind() != '{' {
		return nil
	}
	return bytes.Clone(raw)
}

// refID returns the id of an embedded object sent as an id or as the
// object; "" for anything else (a number, say): a malformed embedded
// object never hides the error around it.
func refID(raw jsontext.Value) string {
	if len(raw) == 0 {
		return ""
	}
	var r Reference
	if wire.Unmarshal(raw, &r) != nil {
		return ""
	}
	return r.ID
}

// clientSecretMark is what every client secret of the API has in it:
// pi_..._secret_..., seti_..._secret_...
const clientSecretMark = "_secret_"

// redactClientSecrets replaces what follows "_secret_" in s (up to the
// next character that cannot be in a secret) with "[redacted]".
func redactClientSecrets(s string) string {
	if !strings.Contains(s, clientSecretMark) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, clientSecretMark)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i+len(clientSecretMark)])
		s = s[i+len(clientSecretMark):]
		j := 0
		for j < len(s) && isSecretChar(s[j]) {
			j++
		}
		if j > 0 {
			b.WriteString("[redacted]")
		}
		s = s[j:]
	}
}

func isSecretChar(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// UnmarshalJSON decodes an API error object that is a field of another
// object, such as a PaymentIntent's last_payment_error, cleaning every
// string as an error answer's are (one line, bounded, no client secret).
func (e *Error) UnmarshalJSON(b []byte) error {
	var w wireError
	if err := wire.Unmarshal(b, &w); err != nil {
		return err
	}
	*e = *w.toError(nil)
	return nil
}
