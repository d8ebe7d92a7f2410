package paytest

import (
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// idemEntry is what the server keeps for an idempotency key: the request it
// was first used with and, once done, the response.
type idemEntry struct {
	id        idemID
	endpoint  string // "POST /v1/charges"
	params    string // canonical form encoding
	inFlight  bool
	status    int
	body      []byte
	requestID string
	first     time.Time // first use, on the server's clock
}

// keyLifetime is how long the API keeps an idempotency key: 24 hours from
// its first use. A key sent again later is a new request.
const keyLifetime = 24 * time.Hour

// reserve looks key up in the account of req at now. A new key, or one
// first used keyLifetime ago or more, is reserved for req (entry); a
// finished one with the same request is a replay; anything else is an
// error.
func (s *Server) reserve(key string, req *request, reqID string, now time.Time) (entry, replay *idemEntry, e *apiError) {
	if len(key) > 255 {
		return nil, nil, invalidRequest(http.StatusBadRequest, "", "", "Idempotency keys can be at most 255 characters long.")
	}
	endpoint := req.method + " " + req.path
	canon := canonical(req.p.n, "")
	s.idemMu.Lock()
	defer s.idemMu.Unlock()
	id := idemID{acct: req.acct, key: key}
	if prev, ok := s.idem[id]; ok && !prev.inFlight && now.Sub(prev.first) >= keyLifetime {
		delete(s.idem, id) // expired: the API has forgotten it
	}
	if prev, ok := s.idem[id]; ok {
		switch {
		case prev.inFlight:
			return nil, nil, invalidRequest(http.StatusConflict, "idempotency_key_in_use", "", fmt.Sprintf(
				"There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): %s. Please try again later.", key))
		case prev.endpoint != endpoint:
			return nil, nil, &apiError{status: http.StatusBadRequest, Type: "idempotency_error", Message: fmt.Sprintf(
				"Keys for idempotent requests can only be used for the same endpoint they were first used for ('%s' vs '%s'). Try using a key other than '%s' if you meant to execute a different request.",
				prev.endpoint, endpoint, key)}
		case prev.params != canon:
			return nil, nil, &apiError{status: http.StatusBadRequest, Type: "idempotency_error", Message: fmt.Sprintf(
				"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '%s' if you meant to execute a different request.", key)}
		}
		return nil, prev, nil
	}
	entry = &idemEntry{id: id, endpoint: endpoint, params: canon, inFlight: true, requestID: reqID, first: now}
	s.idem[id] = entry
	return entry, nil, nil
}

// complete stores the response of a reserved key.
func (s *Server) complete(entry *idemEntry, status int, body []byte) {
	s.idemMu.Lock()
	defer s.idemMu.Unlock()
	entry.inFlight, entry.status, entry.body = false, status, body
}

// release frees a reserved key whose request saved nothing.
func (s *Server) release(entry *idemEntry) {
	if entry == nil {
		return
	}
	s.idemMu.Lock()
	defer s.idemMu.Unlock()
	if s.idem[entry.id] == entry {
		delete(s.idem, entry.id)
	}
}

// canonical encodes a param tree in a stable order, so the same params
// compare equal whatever order they were sent in.
func canonical(n *node, prefix string) string {
	if n == nil {
		return ""
	}
	if n.leaf {
		return url.QueryEscape(prefix) + "=" + url.QueryEscape(n.val) + "&"
	}
	out := ""
	for _, k := range n.sortedKeys() {
		name := k
		if prefix != "" {
			name = prefix + "[" + k + "]"
		}
		out += canonical(n.kids[k], name)
	}
	return out
}
