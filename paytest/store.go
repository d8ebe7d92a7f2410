package paytest

import (
	"fmt"
	"strings"
	"time"
)

// store is the server's state for one account; every method runs under
// Server.mu.
type store struct {
	now func() time.Time
	seq int64
	// req is the request being handled, nil between requests: the events
	// the work emits name it.
	req *request

	charges   table[*charge]
	customers table[*customer]
	refunds   table[*refund]
	cards     table[*card] // the cards saved on customers
	txns      table[*balanceTxn]

	events eventLog // events.go
}

func newStore() store {
	return store{
		now:       time.Now,
		charges:   newTable[*charge]("charge"),
		customers: newTable[*customer]("customer"),
		refunds:   newTable[*refund]("refund"),
		cards:     newTable[*card]("card"),
		txns:      newTable[*balanceTxn]("balance_transaction"),
		events:    eventLog{table: newTable[*event]("event")},
	}
}

// stamp returns the next sequence number and the creation time.
func (st *store) stamp() (int64, int64) {
	st.seq++
	return st.seq, st.now().Unix()
}

// expandTree is the parsed expand param: "data.customer" is
// {"data": {"customer": {}}}.
type expandTree map[string]expandTree

// expandable lists, per object type, the fields that can be expanded and
// the type each expands to.
var expandable = map[string]map[string]string{
	"charge":        {"customer": "customer", "balance_transaction": "balance_transaction", "refunds": "refund_list"},
	"refund":        {"charge": "charge", "balance_transaction": "balance_transaction"},
	"customer":      {"default_source": "card", "sources": "card_list"},
	"card":          {"customer": "customer"},
	"charge_list":   {"data": "charge"},
	"refund_list":   {"data": "refund"},
	"customer_list": {"data": "customer"},
	"card_list":     {"data": "card"},

	"charge_search_result":   {"data": "charge", "total_count": "count"},
	"customer_search_result": {"data": "customer", "total_count": "count"},
}

// parseExpand parses and checks expand paths for an object of type typ.
func parseExpand(paths []string, typ string) (expandTree, *apiError) {
	tree := expandTree{}
	for _, path := range paths {
		parts := strings.Split(path, ".")
		if len(parts) > 4 {
			return nil, invalidRequest(400, "", "expand", fmt.Sprintf("You cannot expand more than 4 levels of a property (%s).", path))
		}
		t, cur := typ, tree
		for i, part := range parts {
			next, ok := expandable[t][part]
			if !ok {
				msg := fmt.Sprintf("This property cannot be expanded (%s).", strings.Join(parts[:i+1], "."))
				if strings.HasSuffix(t, "_list") && i == 0 {
					msg += fmt.Sprintf(" You may want to try expanding 'data.%s' instead.", path)
				}
				return nil, invalidRequest(400, "", "expand", msg)
			}
			if cur[part] == nil {
				cur[part] = expandTree{}
			}
			t, cur = next, cur[part]
		}
	}
	return tree, nil
}

// listed is what a list walks: each object's id, sequence and creation time.
type listed interface {
	ident() (id string, seq, created int64)
}

// listPage pages items (oldest first) newest first with the API's limit,
// starting_after, ending_before and created params. cursorSeq finds a
// cursor object's sequence number.
func listPage[T listed](items []T, p params, kind string, cursorSeq func(string) (int64, bool), keep func(T) bool) ([]T, bool, *apiError) {
	limit := int64(10)
	if n, ok := p.int("limit"); ok {
		if n < 1 {
			return nil, false, invalidRequest(400, "parameter_invalid_integer", "limit", "This value must be greater than or equal to 1.")
		}
		if n > 100 {
			return nil, false, invalidRequest(400, "parameter_invalid_integer", "limit", "This value must be less than or equal to 100.")
		}
		limit = n
	}
	after, hasAfter := p.str("starting_after")
	before, hasBefore := p.str("ending_before")
	if hasAfter && hasBefore && after != "" && before != "" {
		return nil, false, invalidRequest(400, "", "ending_before", "You may only specify one of these parameters: starting_after, ending_before.")
	}
	var cursor int64
	if after != "" || before != "" {
		id, param := after, "starting_after"
		if before != "" {
			id, param = before, "ending_before"
		}
		seq, ok := cursorSeq(id)
		if !ok {
			return nil, false, errNoSuch(kind, id, param)
		}
		cursor = seq
	}
	created, e := createdFilter(p)
	if e != nil {
		return nil, false, e
	}
	match := func(it T) bool {
		_, _, c := it.ident()
		return created(c) && (keep == nil || keep(it))
	}

	var page []T
	hasMore := false
	if before != "" {
		// The limit objects just newer than the cursor, newest first.
		for _, it := range items {
			if _, seq, _ := it.ident(); seq <= cursor || !match(it) {
				continue
			}
			if int64(len(page)) == limit {
				hasMore = true
				break
			}
			page = append(page, it)
		}
		for i, j := 0, len(page)-1; i < j; i, j = i+1, j-1 {
			page[i], page[j] = page[j], page[i]
		}
		return page, hasMore, nil
	}
	for i := len(items) - 1; i >= 0; i-- {
		it := items[i]
		if _, seq, _ := it.ident(); (after != "" && seq >= cursor) || !match(it) {
			continue
		}
		if int64(len(page)) == limit {
			hasMore = true
			break
		}
		page = append(page, it)
	}
	return page, hasMore, nil
}

func createdFilter(p params) (func(int64) bool, *apiError) {
	if !p.has("created") {
		return func(int64) bool { return true }, nil
	}
	if v, ok := p.int("created"); ok {
		return func(c int64) bool { return c == v }, nil
	}
	r := p.sub("created")
	gt, hasGT := r.int("gt")
	gte, hasGTE := r.int("gte")
	lt, hasLT := r.int("lt")
	lte, hasLTE := r.int("lte")
	return func(c int64) bool {
		return (!hasGT || c > gt) && (!hasGTE || c >= gte) && (!hasLT || c < lt) && (!hasLTE || c <= lte)
	}, nil
}
