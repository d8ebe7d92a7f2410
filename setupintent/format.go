package setupintent

import (
	"fmt"

	"github.com/paykit/pay/internal/api"
)

// Format prints the SetupIntent as fmt prints a struct, for every verb,
// with its ClientSecret redacted: a SetupIntent printed or logged with fmt
// never shows the secret.
func (si SetupIntent) Format(f fmt.State, verb rune) {
	type setupIntent SetupIntent // no methods: fmt prints the fields
	v := setupIntent(si)
	v.ClientSecret = api.RedactClientSecret(v.ClientSecret)
	fmt.Fprintf(f, fmt.FormatString(f, verb), v)
}
