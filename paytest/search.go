package paytest

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The search endpoints (GET /v1/charges/search, GET /v1/customers/search)
// and the API's search query language:
//
//	clause   = ["-"] field op value
//	field    = name | "metadata[" quoted "]"
//	op       = ":" | "~" | ">" | "<" | ">=" | "<="
//	value    = quoted | integer | "null" | "true" | "false"
//	quoted   = '"' ... '"' | "'" ... "'"   (backslash escapes the quote)
//	query    = clause { (" " | " AND " | " OR ") clause }
//
// Clauses joined by a space or AND must all match; clauses joined by OR
// need one to match; AND and OR cannot be mixed in one query, and there are
// no parentheses. At most 10 clauses. ":" is an exact match (case
// insensitive for string fields, exact for ids and metadata), "~" a
// substring match of at least 3 characters on the fields that allow it,
// the comparisons only for numeric fields; "null" matches a field that is
// not set (metadata['k']:null: no key k) and "-" negates a clause.

// maxSearchClauses is the most clauses a query may have.
const maxSearchClauses = 10

type searchKind int

const (
	sNumeric searchKind = iota // amount, created: ":" and comparisons
	sString                    // exact match, case insensitive
	sToken                     // exact match, case sensitive (ids, metadata)
	sBool                      // true or false
)

type searchField struct {
	kind      searchKind
	substring bool // "~" allowed
}

var chargeSearchFields = map[string]searchField{
	"amount":                              {kind: sNumeric},
	"billing_details.address.postal_code": {kind: sString},
	"created":                             {kind: sNumeric},
	"currency":                            {kind: sString},
	"customer":                            {kind: sToken},
	"disputed":                            {kind: sBool},
	"metadata":                            {kind: sToken},
	"payment_method_details.card.last4":   {kind: sString},
	"refunded":                            {kind: sBool},
	"status":                              {kind: sString},
}

var customerSearchFields = map[string]searchField{
	"created":  {kind: sNumeric},
	"email":    {kind: sString, substring: true},
	"metadata": {kind: sToken},
	"name":     {kind: sString, substring: true},
	"phone":    {kind: sString, substring: true},
}

var searchSpec = spec{"query": {}, "limit": {kind: kInt}, "page": {}, "expand": {kind: kArray}}

// clause is one parsed query clause.
type clause struct {
	neg    bool
	field  string
	key    string // the metadata key, for metadata['key']
	op     string
	val    string
	null   bool
	quoted bool
}

// searchQuery is a parsed query: all clauses must match, or with or, one.
type searchQuery struct {
	clauses []clause
	or      bool
}

func errQuery(format string, args ...any) *apiError {
	return invalidRequest(400, "", "query", fmt.Sprintf(format, args...))
}

// parseQuery parses q against the fields of resource (charges, customers).
func parseQuery(q string, fields map[string]searchField, resource string) (*searchQuery, *apiError) {
	sc := &scanner{s: q}
	out := &searchQuery{}
	var and, or bool
	for {
		sc.skipSpace()
		if sc.done() {
			break
		}
		if len(out.clauses) == 0 {
			if kw, ok := sc.keyword(); ok {
				return nil, errQuery("Invalid query: a query cannot start with %s.", kw)
			}
		} else {
			if kw, ok := sc.keyword(); ok {
				if kw == "OR" {
					or = true
				} else {
					and = true
				}
				sc.skipSpace()
				if sc.done() {
					return nil, errQuery("Invalid query: %s must be followed by a clause.", kw)
				}
			} else {
				and = true // clauses separated by a space
			}
		}
		cl, e := sc.clause()
		if e != nil {
			return nil, e
		}
		if e := checkClause(cl, fields, resource); e != nil {
			return nil, e
		}
		out.clauses = append(out.clauses, cl)
		if len(out.clauses) > maxSearchClauses {
			return nil, errQuery("Invalid query: a query can have at most %d clauses.", maxSearchClauses)
		}
	}
	if len(out.clauses) == 0 {
		return nil, errQuery("Invalid query: the query is empty. Use the format field:\"value\", such as email:\"jenny@example.com\".")
	}
	if and && or {
		return nil, errQuery("Invalid query: AND and OR cannot be combined in one query (clauses separated by a space are joined with AND).")
	}
	out.or = or
	return out, nil
}

// checkClause checks a clause's field, operator and value.
func checkClause(cl clause, fields map[string]searchField, resource string) *apiError {
	f, ok := fields[cl.field]
	if !ok {
		return errQuery("Field `%s` is an unsupported search field for resource `%s`. See https://docs.stripe.com/search#query-fields-for-%s for a list of supported fields.",
			cl.field, resource, resource)
	}
	if cl.field == "metadata" && cl.key == "" {
		return errQuery("Invalid query: search metadata as metadata[\"key\"]:\"value\".")
	}
	switch cl.op {
	case "~":
		if !f.substring {
			return errQuery("Field `%s` does not support substring matching (~); use : for an exact match.", cl.field)
		}
		if cl.null || !cl.quoted {
			return errQuery("Invalid query: a substring match (~) needs a quoted value.")
		}
		if utf8.RuneCountInString(cl.val) < 3 {
			return errQuery("Invalid query: a substring match (~) needs at least 3 characters, got %q.", cl.val)
		}
	case ">", "<", ">=", "<=":
		if f.kind != sNumeric {
			return errQuery("Field `%s` does not support the %s operator; comparisons work on numeric fields only.", cl.field, cl.op)
		}
		if cl.null {
			return errQuery("Invalid query: null cannot be compared with %s.", cl.op)
		}
	}
	if cl.null {
		return nil
	}
	switch f.kind {
	case sNumeric:
		if _, err := strconv.ParseInt(cl.val, 10, 64); err != nil {
			return errQuery("Invalid query: field `%s` is numeric, got %q.", cl.field, cl.val)
		}
	case sBool:
		if cl.val != "true" && cl.val != "false" {
			return errQuery("Invalid query: field `%s` is true or false, got %q.", cl.field, cl.val)
		}
	default:
		if !cl.quoted {
			if _, err := strconv.ParseInt(cl.val, 10, 64); err != nil {
				return errQuery("Invalid query: the value of `%s` must be quoted, as %s:\"%s\".", cl.field, cl.field, cl.val)
			}
		}
	}
	return nil
}

// scanner reads a query string.
type scanner struct {
	s string
	i int
}

func (sc *scanner) done() bool { return sc.i >= len(sc.s) }

func (sc *scanner) skipSpace() {
	for !sc.done() && isSpace(sc.s[sc.i]) {
		sc.i++
	}
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// keyword consumes AND or OR (any case) followed by a space or the end.
func (sc *scanner) keyword() (string, bool) {
	for _, kw := range []string{"AND", "OR"} {
		end := sc.i + len(kw)
		if end <= len(sc.s) && strings.EqualFold(sc.s[sc.i:end], kw) && (end == len(sc.s) || isSpace(sc.s[end])) {
			sc.i = end
			return kw, true
		}
	}
	return "", false
}

func (sc *scanner) clause() (clause, *apiError) {
	var cl clause
	start := sc.i
	if sc.s[sc.i] == '-' {
		cl.neg = true
		sc.i++
	}
	j := sc.i
	for j < len(sc.s) && isFieldByte(sc.s[j]) {
		j++
	}
	if j == sc.i {
		return cl, errQuery("Invalid query: expected a field at position %d (%s).", start, excerpt(sc.s[start:]))
	}
	cl.field = sc.s[sc.i:j]
	sc.i = j
	if !sc.done() && sc.s[sc.i] == '[' {
		sc.i++
		key, quoted, e := sc.value()
		if e != nil {
			return cl, e
		}
		if !quoted || key == "" || sc.done() || sc.s[sc.i] != ']' {
			return cl, errQuery("Invalid query: write a metadata key as %s[\"key\"].", cl.field)
		}
		sc.i++
		cl.key = key
	}
	for _, op := range []string{">=", "<=", ":", "~", ">", "<"} {
		if strings.HasPrefix(sc.s[sc.i:], op) {
			cl.op = op
			sc.i += len(op)
			break
		}
	}
	if cl.op == "" {
		return cl, errQuery("Invalid query: expected an operator (:, ~, >, <, >=, <=) after `%s` (%s).", cl.field, excerpt(sc.s[start:]))
	}
	if sc.done() || isSpace(sc.s[sc.i]) {
		return cl, errQuery("Invalid query: expected a value after %s%s.", cl.field, cl.op)
	}
	v, quoted, e := sc.value()
	if e != nil {
		return cl, e
	}
	cl.val, cl.quoted = v, quoted
	cl.null = !quoted && v == "null"
	if !sc.done() && !isSpace(sc.s[sc.i]) {
		return cl, errQuery("Invalid query: unexpected %s after the value of `%s`.", excerpt(sc.s[sc.i:]), cl.field)
	}
	return cl, nil
}

func isFieldByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '.'
}

// value reads a quoted string (with backslash escapes) or a bare word.
func (sc *scanner) value() (string, bool, *apiError) {
	if q := sc.s[sc.i]; q == '"' || q == '\'' {
		var b strings.Builder
		for j := sc.i + 1; j < len(sc.s); j++ {
			switch c := sc.s[j]; {
			case c == '\\' && j+1 < len(sc.s):
				j++
				b.WriteByte(sc.s[j])
			case c == q:
				sc.i = j + 1
				return b.String(), true, nil
			default:
				b.WriteByte(c)
			}
		}
		return "", false, errQuery("Invalid query: unterminated string %s.", excerpt(sc.s[sc.i:]))
	}
	j := sc.i
	for j < len(sc.s) && !isSpace(sc.s[j]) && sc.s[j] != ']' && sc.s[j] != '"' && sc.s[j] != '\'' {
		j++
	}
	v := sc.s[sc.i:j]
	sc.i = j
	if v == "" {
		return "", false, errQuery("Invalid query: expected a value (%s).", excerpt(sc.s[j:]))
	}
	return v, false, nil
}

// excerpt quotes the start of s for an error message, bounded.
func excerpt(s string) string {
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return strconv.Quote(s)
}

// match reports whether an object matches q; get returns a field's value
// and whether it is set.
func (q *searchQuery) match(fields map[string]searchField, get func(field, key string) (string, bool)) bool {
	for _, cl := range q.clauses {
		ok := cl.match(fields[cl.field], get)
		if q.or && ok {
			return true
		}
		if !q.or && !ok {
			return false
		}
	}
	return !q.or
}

func (cl clause) match(f searchField, get func(field, key string) (string, bool)) bool {
	v, set := get(cl.field, cl.key)
	var ok bool
	switch {
	case cl.null:
		ok = !set
	case !set:
		ok = false
	case f.kind == sNumeric:
		a, _ := strconv.ParseInt(v, 10, 64)
		b, _ := strconv.ParseInt(cl.val, 10, 64)
		switch cl.op {
		case ":":
			ok = a == b
		case ">":
			ok = a > b
		case "<":
			ok = a < b
		case ">=":
			ok = a >= b
		case "<=":
			ok = a <= b
		}
	case cl.op == "~":
		ok = strings.Contains(strings.ToLower(v), strings.ToLower(cl.val))
	case f.kind == sString:
		ok = strings.EqualFold(v, cl.val)
	default:
		ok = v == cl.val
	}
	return ok != cl.neg
}

func chargeSearchValue(c *charge, field, key string) (string, bool) {
	switch field {
	case "amount":
		return strconv.FormatInt(c.amount, 10), true
	case "billing_details.address.postal_code":
		return derefSet(c.card.addressZip)
	case "created":
		return strconv.FormatInt(c.created, 10), true
	case "currency":
		return c.currency, true
	case "customer":
		return c.customer, c.customer != ""
	case "disputed":
		return "false", true
	case "metadata":
		v, ok := c.metadata[key]
		return v, ok
	case "payment_method_details.card.last4":
		return c.card.tc.last4(), true
	case "refunded":
		return strconv.FormatBool(c.refunded), true
	case "status":
		return string(c.status), true
	}
	return "", false
}

func customerSearchValue(c *customer, field, key string) (string, bool) {
	switch field {
	case "created":
		return strconv.FormatInt(c.created, 10), true
	case "email":
		return derefSet(c.email)
	case "metadata":
		v, ok := c.metadata[key]
		return v, ok
	case "name":
		return derefSet(c.name)
	case "phone":
		return derefSet(c.phone)
	}
	return "", false
}

func derefSet(p *string) (string, bool) {
	if p == nil || *p == "" {
		return "", false
	}
	return *p, true
}

// searchResultJSON is the API's search_result object.
type searchResultJSON struct {
	Object     string  `json:"object"`
	Data       []any   `json:"data"`
	HasMore    bool    `json:"has_more"`
	NextPage   *string `json:"next_page"`
	TotalCount *int64  `json:"total_count,omitempty"`
	URL        string  `json:"url"`
}

// searchPage pages the matches (oldest first) newest first: limit (1-100,
// default 10) and the page cursor a previous page's next_page gave.
func searchPage[T listed](req *request, matches []T, url string, toJSON func(T) any) response {
	p := req.p
	q, _ := p.str("query")
	limit := int64(10)
	if n, ok := p.int("limit"); ok {
		if n < 1 {
			return errResponse(invalidRequest(400, "parameter_invalid_integer", "limit", "This value must be greater than or equal to 1."))
		}
		if n > 100 {
			return errResponse(invalidRequest(400, "parameter_invalid_integer", "limit", "This value must be less than or equal to 100."))
		}
		limit = n
	}
	before := int64(-1) // -1: from the newest
	if pg, ok := p.str("page"); ok && pg != "" {
		seq, ok := decodePage(pg, url, q)
		if !ok {
			return errResponse(invalidRequest(400, "", "page",
				"Invalid page: use the next_page of a previous search with the same query."))
		}
		before = seq
	}
	res := &searchResultJSON{Object: "search_result", Data: []any{}, URL: url}
	var last int64
	for i := len(matches) - 1; i >= 0; i-- {
		_, seq, _ := matches[i].ident()
		if before >= 0 && seq >= before {
			continue
		}
		if int64(len(res.Data)) == limit {
			res.HasMore = true
			break
		}
		res.Data = append(res.Data, toJSON(matches[i]))
		last = seq
	}
	if res.HasMore {
		next := encodePage(url, q, last)
		res.NextPage = &next
	}
	if _, ok := req.expand["total_count"]; ok {
		n := int64(len(matches))
		res.TotalCount = &n
	}
	return success(res)
}

// The page cursor names the search (url and query) and the sequence number
// of the last object returned, so it cannot be used with another query.
func pageTag(url, q string) string {
	sum := sha256.Sum256([]byte(url + "\x00" + q))
	return hex.EncodeToString(sum[:6])
}

func encodePage(url, q string, seq int64) string {
	return "page_" + base64.RawURLEncoding.EncodeToString([]byte(pageTag(url, q)+":"+strconv.FormatInt(seq, 10)))
}

func decodePage(pg, url, q string) (int64, bool) {
	raw, ok := strings.CutPrefix(pg, "page_")
	if !ok {
		return 0, false
	}
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err != nil {
		return 0, false
	}
	tag, num, ok := strings.Cut(string(b), ":")
	if !ok || tag != pageTag(url, q) {
		return 0, false
	}
	seq, err := strconv.ParseInt(num, 10, 64)
	return seq, err == nil && seq >= 0
}

// searchQueryParam returns the parsed query param, or the API's 400.
func searchQueryParam(p params, fields map[string]searchField, resource string) (*searchQuery, *apiError) {
	q, ok := p.str("query")
	if !ok {
		return nil, errMissingParam("query")
	}
	return parseQuery(q, fields, resource)
}

// chargeSearch is how GET /v1/charges/search searches charges.
var chargeSearch = searchable[*charge]{resource: "charges", fields: chargeSearchFields, value: chargeSearchValue}

// customerSearch is how GET /v1/customers/search searches customers
// (deleted ones excluded).
var customerSearch = searchable[*customer]{resource: "customers", fields: customerSearchFields, value: customerSearchValue,
	keep: func(c *customer) bool { return !c.deleted }}
