package jsonid_test

import (
	"fmt"

	"github.com/paykit/pay/internal/jsonid"
)

func ExampleUnquote() {
	for _, raw := range []string{`"cus_NffrFeUfNV2Hib"`, `"caf\u00e9"`, `{"id":"cus_1"}`} {
		if !jsonid.IsString([]byte(raw)) {
			fmt.Println("an expanded object")
			continue
		}
		id, err := jsonid.Unquote([]byte(raw))
		fmt.Println(id, err)
	}
	// Output:
	// cus_NffrFeUfNV2Hib <nil>
	// café <nil>
	// an expanded object
}
