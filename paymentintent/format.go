package paymentintent

import (
	"errors"
	"fmt"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/api"
	"github.com/paykit/pay/internal/wire"
)

// Format prints the PaymentIntent as fmt prints a struct, for every verb,
// with its ClientSecret redacted: a PaymentIntent printed or logged with
// fmt never shows the secret.
func (pi PaymentIntent) Format(f fmt.State, verb rune) {
	type paymentIntent PaymentIntent // no methods: fmt prints the fields
	v := paymentIntent(pi)
	v.ClientSecret = api.RedactClientSecret(v.ClientSecret)
	fmt.Fprintf(f, fmt.FormatString(f, verb), v)
}

// FromError returns the PaymentIntent a failed call's error embeds (a
// confirmation the card declined, or one that needed authentication off
// session: status requires_payment_method, with LastPaymentError), decoded
// without another request. ok is false when err is not a *pay.Error or
// embeds no PaymentIntent object.
func FromError(err error) (pi *PaymentIntent, ok bool) {
	var pe *pay.Error
	if !errors.As(err, &pe) {
		return nil, false
	}
	raw := pe.Embedded("payment_intent")
	if raw == nil {
		return nil, false
	}
	pi = new(PaymentIntent)
	if wire.Unmarshal(raw, pi) != nil || pi.ID == "" {
		return nil, false
	}
	return pi, true
}
