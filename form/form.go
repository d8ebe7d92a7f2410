// Package form encodes params structs as the API's form bodies, on top of
// github.com/google/go-querystring.
//
// Fields are named by their `url` struct tags. The API's rules apply,
// whatever options a tag has:
//
//   - a nil pointer and a plain zero value (0, "", false, a nil or empty
//     slice) are not sent, as if every field were tagged omitempty, while a
//     pointer to a zero value is sent (capture=false, description= to
//     clear);
//   - nested structs become shipping[address][line1]=...;
//   - slices are indexed: expand[0]=a&expand[1]=b (the brackets option
//     gives the same); go-querystring's options for other list forms still
//     apply as there (comma, space and semicolon join the elements into one
//     value, numbered gives name0, name1);
//   - an empty slice sends nothing, unless its tag has the clear option
//     (`url:"name,clear"`, without omitempty): then a non-nil empty slice
//     is sent as name=,
//     which clears the list, while a nil slice still sends nothing; in
//     the same way a non-nil pointer to an empty struct tagged clear
//     (`url:"address,clear"`) is sent as address=, which clears the
//     object;
//   - a type with an EncodeValues method (such as pay.Metadata) encodes
//     itself: a nil pay.Metadata sends nothing, a non-nil empty
//     pay.Metadata{} sends metadata= (unset every key).
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
