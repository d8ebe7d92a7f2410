package paytest

// table holds one object kind's objects in a store: by id and in creation
// order (oldest first). Every method runs under Server.mu.
type table[T listed] struct {
	// kind is the object's name in the API's "No such <kind>: <id>" errors,
	// such as "charge".
	kind  string
	byID  map[string]T
	order []T
}

func newTable[T listed](kind string) table[T] {
	return table[T]{kind: kind, byID: map[string]T{}}
}

// add stores a new object, as the newest.
func (t *table[T]) add(v T) {
	id, _, _ := v.ident()
	t.byID[id] = v
	t.order = append(t.order, v)
}

// get returns the object with id.
func (t *table[T]) get(id string) (T, bool) {
	v, ok := t.byID[id]
	return v, ok
}

// find returns the object with id, or the API's 404 resource_missing for
// the param that named it ("id" for a path id).
func (t *table[T]) find(id, param string) (T, *apiError) {
	v, ok := t.byID[id]
	if !ok {
		return v, errNoSuch(t.kind, id, param)
	}
	return v, nil
}

// replace swaps the stored object with v's id for v, keeping its place in
// the creation order (for objects replaced rather than changed in place).
func (t *table[T]) replace(v T) {
	id, _, _ := v.ident()
	if _, ok := t.byID[id]; !ok {
		return
	}
	t.byID[id] = v
	for i, old := range t.order {
		if oid, _, _ := old.ident(); oid == id {
			t.order[i] = v
		}
	}
}

// remove forgets the object with id.
func (t *table[T]) remove(id string) {
	if _, ok := t.byID[id]; !ok {
		return
	}
	delete(t.byID, id)
	out := t.order[:0:0]
	for _, v := range t.order {
		if vid, _, _ := v.ident(); vid != id {
			out = append(out, v)
		}
	}
	t.order = out
}

// all returns the objects oldest first. The slice must not be changed.
func (t *table[T]) all() []T { return t.order }

// seq returns the sequence number of the object with id: how list cursors
// (starting_after, ending_before) are found.
func (t *table[T]) seq(id string) (int64, bool) {
	if v, ok := t.byID[id]; ok {
		_, seq, _ := v.ident()
		return seq, true
	}
	return 0, false
}

// page is one newest-first page of the objects keep accepts (nil: all),
// with the list params limit, starting_after, ending_before and created.
func (t *table[T]) page(p params, keep func(T) bool) ([]T, bool, *apiError) {
	return listPage(t.order, p, t.kind, t.seq, keep)
}

// shapeFunc renders an object as the API's JSON, expanded as ex says.
type shapeFunc[T any] func(st *store, v T, ex expandTree) any

// getHandler is the handler of GET /v1/<things>/{id}: the object the last
// path segment names, from the table tbl returns, shaped by shape.
func getHandler[T listed](tbl func(*store) *table[T], shape shapeFunc[T]) handlerFunc {
	return func(st *store, req *request) response {
		v, e := tbl(st).find(req.segs[len(req.segs)-1], "id")
		if e != nil {
			return errResponse(e)
		}
		return success(shape(st, v, req.expand))
	}
}

// listFilter reads a list's own filter params; it returns which objects to
// keep (nil: all) or the API's error for a bad filter.
type listFilter[T any] func(st *store, req *request) (keep func(T) bool, e *apiError)

// listHandler is the handler of GET /v1/<things>: newest-first pages of
// the table's objects that filter keeps, shaped by shape, at url.
func listHandler[T listed](tbl func(*store) *table[T], url string, filter listFilter[T], shape shapeFunc[T]) handlerFunc {
	return func(st *store, req *request) response {
		var keep func(T) bool
		if filter != nil {
			var e *apiError
			if keep, e = filter(st, req); e != nil {
				return errResponse(e)
			}
		}
		page, more, e := tbl(st).page(req.p, keep)
		if e != nil {
			return errResponse(e)
		}
		return success(listOf(st, page, more, url, req.expand["data"], shape))
	}
}

// listOf is a list object of page, each object shaped with the data
// expansions ex.
func listOf[T any](st *store, page []T, more bool, url string, ex expandTree, shape shapeFunc[T]) *listJSON {
	l := &listJSON{Object: "list", Data: []any{}, HasMore: more, URL: url}
	for _, v := range page {
		l.Data = append(l.Data, shape(st, v, ex))
	}
	return l
}

// searchable is what a search endpoint needs of an object kind: its query
// fields, the value of a field for an object (and whether it is set), and
// which objects are searched at all (nil: all).
type searchable[T any] struct {
	resource string // the resource in error messages: "charges"
	fields   map[string]searchField
	value    func(v T, field, key string) (string, bool)
	keep     func(T) bool
}

// searchHandler is the handler of GET /v1/<things>/search over the table.
func searchHandler[T listed](tbl func(*store) *table[T], url string, s searchable[T], shape shapeFunc[T]) handlerFunc {
	return func(st *store, req *request) response {
		q, e := searchQueryParam(req.p, s.fields, s.resource)
		if e != nil {
			return errResponse(e)
		}
		var matches []T
		for _, v := range tbl(st).all() {
			if s.keep != nil && !s.keep(v) {
				continue
			}
			if q.match(s.fields, func(f, k string) (string, bool) { return s.value(v, f, k) }) {
				matches = append(matches, v)
			}
		}
		return searchPage(req, matches, url, func(v T) any { return shape(st, v, req.expand["data"]) })
	}
}
