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

// ID checks an object id and returns it escaped as one path segment. Ids are
// letters, digits, '_' and '-' (at most 255): anything else, such as '/',
// '?', '#', "..", spaces or non-ASCII, can never name an object.
func ID(id string) (string, error) {
	if id == "" {
		return "", Invalid("id", pay.ErrorCodeParameterMissing, "missing object id")
	}
	if len(id) > 255 {
		return "", Invalid("id", "", fmt.Sprintf("object id is %d bytes long; ids are at most 255", len(id)))
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return "", Invalid("id", "", fmt.Sprintf("invalid object id %q: ids contain only letters, digits, '_' and '-'", id))
		}
	}
	return url.PathEscape(id), nil
}
