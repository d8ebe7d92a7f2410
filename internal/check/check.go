// Package check validates params that can never be right before anything is
// sent, returning the same *pay.Error the API would (invalid_request_error
// with Param set, StatusCode 0).
package check

import (
	"fmt"
	"net/url"

	"github.com/paykit/pay"
)

// MaxAmount is the largest amount the API accepts, in the smallest currency unit.
const MaxAmount = 99999999

// Invalid returns an invalid_request_error for param with msg.
func Invalid(param string, code pay.ErrorCode, msg string) *pay.Error {
	return &pay.Error{Type: pay.ErrorTypeInvalidRequest, Code: code, Param: param, Message: msg}
}

// Missing returns the error for a required param that was not given.
func Missing(param string) *pay.Error {
	return Invalid(param, pay.ErrorCodeParameterMissing, "missing required param: "+param)
}

// Params reports a nil params pointer for a call that needs params.
func Params(isNil bool) error {
	if isNil {
		return Invalid("params", pay.ErrorCodeParameterMissing, "params are required for this call (got nil)")
	}
	return nil
}

// Amount checks a required amount: positive and within the API's maximum.
func Amount(param string, v int64) error {
	if v == 0 {
		return Missing(param)
	}
	return OptionalAmount(param, v)
}

// OptionalAmount checks an amount where 0 means "not given".
func OptionalAmount(param string, v int64) error {
	switch {
	case v < 0:
		return Invalid(param, pay.ErrorCodeParameterInvalidInteger, fmt.Sprintf("%s must be positive, not %d", param, v))
	case v > MaxAmount:
		return Invalid(param, pay.ErrorCodeAmountTooLarge, fmt.Sprintf("%s %d exceeds the maximum of %d", param, v, MaxAmount))
	}
	return nil
}

// Currency checks a required three-letter lowercase ISO currency code.
func Currency(param, v string) error {
	if v == "" {
		return Missing(param)
	}
	if len(v) != 3 || !lower(v[0]) || !lower(v[1]) || !lower(v[2]) {
		return Invalid(param, "", fmt.Sprintf("%s must be a three-letter lowercase ISO code such as \"usd\", not %q", param, v))
	}
	return nil
}

func lower(b byte) bool { return b >= 'a' && b <= 'z' }

// ID checks an object id and returns it escaped as one path segment, so
// that no id can change the path: "ch_1/refunds" is sent as ch_1%2Frefunds,
// "a?b" as a%3Fb. An empty id, "." or ".." (which escaping leaves as they
// are, and which would climb the path), or one over 255 bytes can never name
// an object and is refused.
func ID(id string) (string, error) {
	switch {
	case id == "":
		return "", Invalid("id", pay.ErrorCodeParameterMissing, "missing object id")
	case len(id) > 255:
		return "", Invalid("id", "", fmt.Sprintf("object id is %d bytes long; ids are at most 255", len(id)))
	case id == "." || id == "..":
		return "", Invalid("id", "", fmt.Sprintf("invalid object id %q", id))
	}
	return url.PathEscape(id), nil
}
