// Package form encodes params structs as the API's form bodies, on top of
// github.com/google/go-querystring.
//
// Fields are named by their `url` struct tags. The API's rules apply:
//
//   - nested structs become shipping[address][line1]=...;
//   - slices tagged `url:"name,brackets"` become name[0]=a&name[1]=b; an
//     empty slice sends nothing, unless the tag also has the clear option
//     (`url:"name,brackets,clear"`): then a non-nil empty slice is sent as
//     name=, which clears the list, as a non-nil empty pay.Metadata sends
//     metadata=, while a nil slice still sends nothing;
//   - a type with an EncodeValues method (such as pay.Metadata) encodes
//     itself;
//   - with omitempty, nil pointers and zero values are left out, while a
//     pointer to a zero value is sent (capture=false, description=).
//
// Output is deterministic: [url.Values.Encode] sorts by key.
package form

import (
	"net/url"
	"strconv"
	"strings"
)

// Encode returns the form values for v, a struct or a pointer to one. A nil
// v or nil pointer gives empty values. A url.Values is copied as it is.
func Encode(v any) (url.Values, error) {
	if uv, ok := v.(url.Values); ok {
		return cloneValues(uv), nil
	}
	vals, err := valuesOf(v)
	if err != nil {
		return nil, err
	}
	var bracketed []string
	for k := range vals {
		if strings.HasSuffix(k, "[]") {
			bracketed = append(bracketed, k)
		}
	}
	for _, k := range bracketed {
		list := vals[k]
		delete(vals, k)
		base := k[:len(k)-2]
		for i, s := range list {
			vals[base+"["+strconv.Itoa(i)+"]"] = []string{s}
		}
	}
	return vals, nil
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
