package check_test

import (
	"errors"
	"fmt"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/check"
)

func ExampleID() {
	seg, err := check.ID("ch_3MmlLrLkdIwHu7ix0snN0B15")
	fmt.Println(seg, err)

	// An id never changes the path: it is escaped into one segment.
	seg, err = check.ID("ch_1/../../v1/customers?x=1")
	fmt.Println(seg, err)

	_, err = check.ID("..")
	var perr *pay.Error
	fmt.Println(errors.As(err, &perr), perr.Param, perr.StatusCode)
	// Output:
	// ch_3MmlLrLkdIwHu7ix0snN0B15 <nil>
	// ch_1%2F..%2F..%2Fv1%2Fcustomers%3Fx=1 <nil>
	// true id 0
}

func ExampleCurrency() {
	for _, c := range []string{"usd", "USD", "", "usdt"} {
		fmt.Printf("%q: %v\n", c, check.Currency("currency", c))
	}
	// Output:
	// "usd": <nil>
	// "USD": pay: invalid_request_error: currency must be a three-letter lowercase ISO code such as "usd", not "USD" (param=currency)
	// "": pay: invalid_request_error: missing required param: currency (code=parameter_missing, param=currency)
	// "usdt": pay: invalid_request_error: currency must be a three-letter lowercase ISO code such as "usd", not "usdt" (param=currency)
}
