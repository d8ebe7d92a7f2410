package paytest

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// node is one parsed form param: a scalar value, or a hash of children in
// the API's bracket syntax (shipping[address][line1]=..., expand[]=...,
// expand[0]=...).
type node struct {
	val  string
	leaf bool
	kids map[string]*node
}

func (n *node) child(k string) *node {
	if n == nil || n.kids == nil {
		return nil
	}
	return n.kids[k]
}

func (n *node) sortedKeys() []string {
	keys := make([]string, 0, len(n.kids))
	for k := range n.kids {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, errA := strconv.Atoi(keys[i])
		b, errB := strconv.Atoi(keys[j])
		if errA == nil && errB == nil {
			return a < b
		}
		return keys[i] < keys[j]
	})
	return keys
}

// splitKey splits "a[b][c]" into a, b, c; "a[]" gives a and "". A key whose
// brackets do not balance is kept whole, so it is reported as unknown.
func splitKey(key string) []string {
	i := strings.IndexByte(key, '[')
	if i <= 0 {
		return []string{key}
	}
	parts := []string{key[:i]}
	rest := key[i:]
	for rest != "" {
		if rest[0] != '[' {
			return []string{key}
		}
		j := strings.IndexByte(rest, ']')
		if j < 0 {
			return []string{key}
		}
		parts = append(parts, rest[1:j])
		rest = rest[j+1:]
	}
	return parts
}

// parseForm builds the param tree of a request's form values.
func parseForm(vals url.Values) (*node, *apiError) {
	root := &node{kids: map[string]*node{}}
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		parts := splitKey(key)
		for _, v := range vals[key] {
			cur := root
			for i, p := range parts {
				last := i == len(parts)-1
				if cur.leaf {
					return nil, invalidRequest(400, "", parts[0], "Invalid hash: "+strings.Join(parts[:i], "")+" is given both a value and keys")
				}
				if cur.kids == nil {
					cur.kids = map[string]*node{}
				}
				if p == "" && i > 0 {
					p = strconv.Itoa(len(cur.kids))
				}
				next := cur.kids[p]
				if next == nil {
					next = &node{}
					cur.kids[p] = next
				}
				if last {
					if next.kids != nil {
						return nil, invalidRequest(400, "", parts[0], "Invalid hash: "+key+" is given both a value and keys")
					}
					next.leaf, next.val = true, v
				}
				cur = next
			}
		}
	}
	return root, nil
}

type kind int

const (
	kString kind = iota
	kInt
	kBool
	kHash     // nested params; "" unsets
	kMetadata // metadata[key]=value; "" unsets all
	kArray    // name[]=... or name[0]=...
	kRange    // created=123 or created[gte]=...
	kIgnored  // a real API param paytest accepts but does not model
	kHashes   // name[0][key]=...: an array of hashes of sub; "" unsets
)

type field struct {
	kind kind
	sub  spec
}

// spec lists the params an endpoint accepts.
type spec map[string]field

var (
	addressSpec  = spec{"city": {}, "country": {}, "line1": {}, "line2": {}, "postal_code": {}, "state": {}}
	shippingSpec = spec{"address": {kind: kHash, sub: addressSpec}, "carrier": {}, "name": {}, "phone": {}, "tracking_number": {}}
	rangeSpec    = spec{"gt": {kind: kInt}, "gte": {kind: kInt}, "lt": {kind: kInt}, "lte": {kind: kInt}}
	listSpec     = spec{"limit": {kind: kInt}, "starting_after": {}, "ending_before": {}, "created": {kind: kRange}, "expand": {kind: kArray}}
)

func (s spec) with(more spec) spec {
	out := spec{}
	for k, v := range s {
		out[k] = v
	}
	for k, v := range more {
		out[k] = v
	}
	return out
}

// validate checks a param tree against s: unknown params, and values of the
// wrong type, are the API's 400s.
func validate(n *node, s spec, prefix string) *apiError {
	for _, k := range n.sortedKeys() {
		c := n.kids[k]
		name := k
		if prefix != "" {
			name = prefix + "[" + k + "]"
		}
		f, ok := s[k]
		if !ok {
			return errUnknownParam(name)
		}
		if err := validateField(c, f, name); err != nil {
			return err
		}
	}
	return nil
}

func validateField(c *node, f field, name string) *apiError {
	switch f.kind {
	case kIgnored:
		return nil
	case kString:
		if !c.leaf {
			return invalidRequest(400, "", name, "Invalid string: "+name+" must be a string, not a hash")
		}
	case kInt:
		if !c.leaf {
			return errInvalidInteger(name, "a hash")
		}
		if _, err := strconv.ParseInt(c.val, 10, 64); err != nil {
			return errInvalidInteger(name, c.val)
		}
	case kBool:
		if !c.leaf || (c.val != "true" && c.val != "false") {
			return invalidRequest(400, "", name, "Invalid boolean: "+c.val)
		}
	case kHash:
		if c.leaf {
			if c.val != "" {
				return invalidRequest(400, "", name, "Invalid hash: "+name+" must be a hash (or empty to unset)")
			}
			return nil
		}
		return validate(c, f.sub, name)
	case kMetadata:
		return validateMetadata(c, name)
	case kArray:
		if c.leaf {
			if c.val != "" {
				return invalidRequest(400, "", name, "Invalid array: "+name+" must be sent as "+name+"[]=... or "+name+"[0]=...")
			}
			return nil
		}
		for _, k := range c.sortedKeys() {
			if _, err := strconv.Atoi(k); err != nil {
				return invalidRequest(400, "", name, "Invalid array: "+name+"["+k+"] is not an index")
			}
			if !c.kids[k].leaf {
				return invalidRequest(400, "", name+"["+k+"]", "Invalid string: "+name+"["+k+"] must be a string")
			}
		}
	case kHashes:
		if c.leaf {
			if c.val != "" {
				return invalidRequest(400, "", name, "Invalid array: "+name+" must be sent as "+name+"[0][key]=...")
			}
			return nil
		}
		for _, k := range c.sortedKeys() {
			if _, err := strconv.Atoi(k); err != nil {
				return invalidRequest(400, "", name, "Invalid array: "+name+"["+k+"] is not an index")
			}
			el := c.kids[k]
			if el.leaf {
				return invalidRequest(400, "", name+"["+k+"]", "Invalid object: "+name+"["+k+"] must be a hash")
			}
			if err := validate(el, f.sub, name+"["+k+"]"); err != nil {
				return err
			}
		}
	case kRange:
		if c.leaf {
			if _, err := strconv.ParseInt(c.val, 10, 64); err != nil {
				return errInvalidInteger(name, c.val)
			}
			return nil
		}
		return validate(c, rangeSpec, name)
	}
	return nil
}

func validateMetadata(c *node, name string) *apiError {
	if c.leaf {
		if c.val != "" {
			return invalidRequest(400, "", name, "Invalid hash: metadata must be a hash of key-value pairs, or empty to unset every key")
		}
		return nil
	}
	if len(c.kids) > 50 {
		return invalidRequest(400, "", name, "Invalid metadata: metadata cannot have more than 50 keys")
	}
	for _, k := range c.sortedKeys() {
		v := c.kids[k]
		if !v.leaf {
			return invalidRequest(400, "", name+"["+k+"]", "Invalid string: metadata values must be strings")
		}
		if utf8.RuneCountInString(k) > 40 {
			return invalidRequest(400, "", name+"["+k+"]", "Metadata keys can have a maximum length of 40 characters.")
		}
		if utf8.RuneCountInString(v.val) > 500 {
			return invalidRequest(400, "", name+"["+k+"]", "Metadata values can have a maximum length of 500 characters.")
		}
	}
	return nil
}

// params reads a validated param tree.
type params struct{ n *node }

func (p params) has(k string) bool { return p.n.child(k) != nil }

// str returns a scalar param and whether it was given.
func (p params) str(k string) (string, bool) {
	c := p.n.child(k)
	if c == nil || !c.leaf {
		return "", false
	}
	return c.val, true
}

func (p params) int(k string) (int64, bool) {
	s, ok := p.str(k)
	if !ok {
		return 0, false
	}
	n, _ := strconv.ParseInt(s, 10, 64)
	return n, true
}

// bool reports whether the param k is "true".
func (p params) bool(k string) bool {
	v, _ := p.str(k)
	return v == "true"
}

func (p params) sub(k string) params { return params{p.n.child(k)} }

// list returns an array param's values in index order.
func (p params) list(k string) []string {
	c := p.n.child(k)
	if c == nil || c.leaf {
		return nil
	}
	var out []string
	for _, key := range c.sortedKeys() {
		out = append(out, c.kids[key].val)
	}
	return out
}

// applyMetadata applies a metadata param to m: a key with an empty value is
// removed, an empty metadata unsets every key.
func applyMetadata(m map[string]string, p params) map[string]string {
	c := p.n.child("metadata")
	if c == nil {
		return m
	}
	if m == nil {
		m = map[string]string{}
	}
	if c.leaf {
		return map[string]string{}
	}
	for k, v := range c.kids {
		if v.val == "" {
			delete(m, k)
		} else {
			m[k] = v.val
		}
	}
	return m
}
