package pay

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"
)

// The API's documented limits on metadata.
const (
	MaxMetadataKeys        = 50
	MaxMetadataKeyLength   = 40
	MaxMetadataValueLength = 500
)

// Metadata is a set of key-value pairs attached to an object.
//
// In params, a key with an empty value unsets that key, and a non-nil empty
// Metadata{} unsets every key (it is sent as "metadata="). A nil Metadata
// sends nothing and leaves the object's metadata unchanged.
type Metadata map[string]string

// EncodeValues adds m to v as metadata[key]=value pairs under the given key.
// It implements the encoder interface of github.com/google/go-querystring and
// rejects keys and values outside the API's documented limits.
func (m Metadata) EncodeValues(key string, v *url.Values) error {
	if m == nil {
		return nil
	}
	if len(m) == 0 {
		v.Set(key, "")
		return nil
	}
	if len(m) > MaxMetadataKeys {
		return invalidParam(key, "",
			fmt.Sprintf("metadata has %d keys; the API allows at most %d", len(m), MaxMetadataKeys))
	}
	// Sorted, so that with several bad keys the error is always the same.
	for _, k := range slices.Sorted(maps.Keys(m)) {
		val := m[k]
		if err := checkMetadataKey(key, k); err != nil {
			return err
		}
		if n := utf8.RuneCountInString(val); n > MaxMetadataValueLength {
			return invalidParam(key+"["+k+"]", "",
				fmt.Sprintf("metadata value for %q is %d characters; the API allows at most %d", k, n, MaxMetadataValueLength))
		}
		v.Set(key+"["+k+"]", val)
	}
	return nil
}

func checkMetadataKey(key, k string) error {
	switch {
	case k == "":
		return invalidParam(key, "", "metadata keys must not be empty")
	case strings.ContainsAny(k, "[]"):
		return invalidParam(key, "", fmt.Sprintf("metadata key %q must not contain '[' or ']'", k))
	case utf8.RuneCountInString(k) > MaxMetadataKeyLength:
		return invalidParam(key, "", fmt.Sprintf("metadata key %q is %d characters; the API allows at most %d", k, utf8.RuneCountInString(k), MaxMetadataKeyLength))
	}
	return nil
}

// AddressParams is an address sent in params, as address[line1]=... .
type AddressParams struct {
	City       string `url:"city,omitempty"`
	Country    string `url:"country,omitempty"`
	Line1      string `url:"line1,omitempty"`
	Line2      string `url:"line2,omitempty"`
	PostalCode string `url:"postal_code,omitempty"`
	State      string `url:"state,omitempty"`
}

// ShippingParams is shipping information sent in params, as
// shipping[name]=...&shipping[address][line1]=... .
type ShippingParams struct {
	Address        *AddressParams `url:"address,omitempty"`
	Carrier        string         `url:"carrier,omitempty"`
	Name           string         `url:"name,omitempty"`
	Phone          string         `url:"phone,omitempty"`
	TrackingNumber string         `url:"tracking_number,omitempty"`
}

// Address is a postal address in an API object.
type Address struct {
	City       string `json:"city"`
	Country    string `json:"country"`
	Line1      string `json:"line1"`
	Line2      string `json:"line2"`
	PostalCode string `json:"postal_code"`
	State      string `json:"state"`
}

// Shipping is shipping information in an API object.
type Shipping struct {
	Address        Address `json:"address"`
	Carrier        string  `json:"carrier"`
	Name           string  `json:"name"`
	Phone          string  `json:"phone"`
	TrackingNumber string  `json:"tracking_number"`
}

// String returns a pointer to s, for optional params.
func String(s string) *string { return &s }

// Int64 returns a pointer to n, for optional params.
func Int64(n int64) *int64 { return &n }

// Bool returns a pointer to b, for optional params.
func Bool(b bool) *bool { return &b }
