package paytest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paykit/pay"
)

// TestKey is the secret key Server.Client authenticates with. Any key that
// starts with sk_test_ is accepted.
const TestKey = "sk_test_paytest"

// Server is an in-memory Charges API on loopback. It is safe for
// concurrent use. Create it with NewServer and Close it when done.
type Server struct {
	// URL is the server's base URL, such as http://127.0.0.1:41234, with no
	// path: requests go to URL + "/v1/charges".
	URL string

	srv    *httptest.Server
	routes []route // routes, or a test's table
	cfg    config
	ids    *idSource
	limit  *limiter

	requests atomic.Int64

	faultMu sync.Mutex
	faults  faults

	idemMu sync.Mutex
	idem   map[idemID]*idemEntry

	mu     sync.Mutex // guards stores, now, hooks and events
	stores map[account]*store
	now    func() time.Time
	hooks  *delivery // webhook delivery, for every account; nil until an endpoint is added
	events []*event  // every account's events, oldest first
}

// NewServer starts a server on 127.0.0.1 at a random port, configured by
// opts (see [Seed], [RateLimit], [WebhookRetries]).
func NewServer(opts ...Option) *Server {
	s := newServer(opts...)
	s.srv = httptest.NewServer(s)
	s.URL = s.srv.URL
	return s
}

// Listen starts a server on addr (such as "127.0.0.1:12112"), for serving
// paytest to tests in other languages; see cmd/paytest.
func Listen(addr string, opts ...Option) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("paytest: %w", err)
	}
	s := newServer(opts...)
	s.srv = httptest.NewUnstartedServer(s)
	s.srv.Listener.Close()
	s.srv.Listener = ln
	s.srv.Start()
	s.URL = s.srv.URL
	return s, nil
}

func newServer(opts ...Option) *Server {
	cfg := newConfig(opts)
	return &Server{
		routes: routes,
		cfg:    cfg,
		ids:    newIDSource(cfg),
		limit:  &limiter{rate: float64(cfg.rate), buckets: map[account]*bucket{}},
		idem:   map[idemID]*idemEntry{},
		stores: map[account]*store{},
		now:    time.Now,
	}
}

// clock returns the server's time (see SetClock).
func (s *Server) clock() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now()
}

// Close shuts the server down, waiting for requests in progress, and stops
// webhook deliveries (pending ones are dropped). It is safe to call more
// than once.
func (s *Server) Close() { s.srv.Close(); s.stopWebhooks() }

// Client returns a *pay.Client aimed at the server, with key
// sk_test_paytest and short retry waits (1ms to 20ms) so tests with faults
// stay fast. opts are applied after those, so they can change any of them.
func (s *Server) Client(opts ...pay.Option) *pay.Client {
	base := []pay.Option{
		pay.WithBaseURL(s.URL),
		pay.WithHTTPClient(s.srv.Client()),
		pay.WithRetryWait(time.Millisecond, 20*time.Millisecond),
	}
	return pay.NewClient(TestKey, append(base, opts...)...)
}

// Requests returns how many requests the server has received, faulted ones
// included.
func (s *Server) Requests() int { return int(s.requests.Load()) }

// SetClock sets the server's time source (default time.Now): the created
// timestamps of new objects, card expiry checks, the 24-hour lifetime of
// idempotency keys and the [RateLimit] bucket all read it. A test moves it
// to check created[gte]=... filters, or a job resumed two days later.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if now == nil {
		now = time.Now
	}
	s.now = now
	for _, st := range s.stores {
		st.now = now
	}
}

// storeOf returns the store of acct, made on first use. s.mu must be held.
func (s *Server) storeOf(acct account) *store {
	st := s.stores[acct]
	if st == nil {
		fresh := newStore()
		fresh.now = s.now
		fresh.ids = s.ids
		fresh.events.out = s.hooks
		fresh.events.every = &s.events
		st = &fresh
		s.stores[acct] = st
	}
	return st
}

// storeWhere returns a store f accepts, nil if none: for a page route
// (which has no account) to find the store holding an object by its id.
// s.mu must be held.
func (s *Server) storeWhere(f func(*store) bool) *store {
	for _, st := range s.stores {
		if f(st) {
			return st
		}
	}
	return nil
}

// request is one parsed API request.
type request struct {
	acct   account
	method string
	path   string
	segs   []string          // path segments after /v1, unescaped
	args   map[string]string // the route pattern's {name}s
	route  *route
	p      params
	expand expandTree
	id     string // Request-Id, and the Idempotency-Key sent: events name both
	idem   string
	// base is the server's base URL as the client reached it, for the
	// URLs of pages paytest serves (3-D Secure).
	base string
	// undeclared is an event the handler emitted that its route does not
	// declare: a paytest bug, answered with a 500.
	undeclared eventType
}

// response is what a handler returns.
type response struct {
	status int
	body   any
}

func errResponse(e *apiError) response {
	return response{status: e.status, body: map[string]any{"error": e}}
}

func success(body any) response { return response{status: http.StatusOK, body: body} }

// ServeHTTP handles one API request: faults, auth, params, idempotency, then
// the work. A Server is usually reached through URL or Client; ServeHTTP
// also lets it be mounted on another http.Server (where a connection cannot
// be hijacked, a dropped connection aborts the response instead).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	if !strings.HasPrefix(r.URL.Path, "/v1/") {
		if segs, ok := splitEscaped(r.URL.EscapedPath()); ok {
			if rt, args, ok := match(s.routes, r.Method, segs, false); ok {
				rt.page(s, w, r, args)
				return
			}
		}
	}
	reqID := "req_" + s.ids.str(14)
	w.Header().Set("Request-Id", reqID)
	if !s.limit.allow(accountOf(r), s.clock()) {
		io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
		write(w, http.StatusTooManyRequests, marshal(errResponse(errRateLimit()).body))
		return
	}
	f, faulted := s.nextFault(accountOf(r), r.Header.Get("Idempotency-Key"))
	if faulted {
		for k, vs := range f.Header {
			for _, v := range vs {
				w.Header().Add(k, v)
			}
		}
		if f.DropBeforeWork || f.Status != 0 {
			if !sleep(r.Context(), f.Latency) {
				return
			}
			if f.DropBeforeWork {
				io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
				drop(w)
				return
			}
			body := []byte(f.Body)
			if f.Body == "" {
				body = marshal(errResponse(defaultFaultError(f.Status)).body)
			}
			if w.Header().Get("Content-Type") == "" {
				w.Header().Set("Content-Type", "application/json")
			}
			w.WriteHeader(f.Status)
			w.Write(body)
			return
		}
	}

	req, resp, handler := s.parse(r)
	if handler == nil {
		if faulted && !sleep(r.Context(), f.Latency) {
			return
		}
		if faulted && f.DropAfterWork {
			drop(w)
			return
		}
		write(w, resp.status, marshal(resp.body))
		return
	}

	// Idempotency: POST and DELETE with a key.
	key := r.Header.Get("Idempotency-Key")
	var entry *idemEntry
	if key != "" && (r.Method == http.MethodPost || r.Method == http.MethodDelete) {
		var replay *idemEntry
		var e *apiError
		entry, replay, e = s.reserve(key, req, reqID, s.clock())
		if e != nil {
			write(w, e.status, marshal(errResponse(e).body))
			return
		}
		if replay != nil {
			// The work is done (by the first request): a latency or a
			// drop after the work applies to its replay as to the work.
			if faulted && !sleep(r.Context(), f.Latency) {
				return
			}
			if faulted && f.DropAfterWork {
				drop(w)
				return
			}
			w.Header().Set("Idempotency-Key", key)
			w.Header().Set("Idempotent-Replayed", "true")
			w.Header().Set("Original-Request", replay.requestID)
			write(w, replay.status, replay.body)
			return
		}
		w.Header().Set("Idempotency-Key", key)
	}
	if faulted && !sleep(r.Context(), f.Latency) {
		s.release(entry)
		return
	}

	// The response is encoded under the lock too: it shares maps and
	// pointers with the stored objects.
	s.mu.Lock()
	req.id, req.idem = reqID, key
	resp = handler(req)
	if e := req.undeclared; e != "" {
		resp = errResponse(&apiError{status: http.StatusInternalServerError, Type: "api_error",
			Message: "paytest: " + req.method + " " + req.route.pattern + " emitted " + string(e) + ", which its route does not declare"})
	}
	body := marshal(resp.body)
	s.mu.Unlock()
	if entry != nil {
		// As the API does, save the result once the work started: a decline
		// is saved, a rejected param is not.
		if resp.status < 400 || resp.status == http.StatusPaymentRequired || resp.status >= 500 {
			s.complete(entry, resp.status, body)
		} else {
			s.release(entry)
		}
	}
	if faulted && f.DropAfterWork {
		drop(w)
		return
	}
	write(w, resp.status, body)
}

// parse authenticates r, parses its params and finds its handler. With no
// handler, resp is the error to answer with.
func (s *Server) parse(r *http.Request) (*request, response, func(*request) response) {
	if e := checkAuth(r.Header.Get("Authorization")); e != nil {
		return nil, errResponse(e), nil
	}
	var raw string
	switch r.Method {
	case http.MethodGet, http.MethodDelete, http.MethodHead:
		raw = r.URL.RawQuery
	default:
		b, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			return nil, errResponse(invalidRequest(400, "", "", "Could not read the request body: "+err.Error())), nil
		}
		raw = string(b)
	}
	vals, err := url.ParseQuery(raw)
	if err != nil {
		return nil, errResponse(invalidRequest(400, "", "", "Invalid request body: it must be application/x-www-form-urlencoded.")), nil
	}
	tree, e := parseForm(vals)
	if e != nil {
		return nil, errResponse(e), nil
	}
	segs, ok := splitEscaped(r.URL.EscapedPath())
	if !ok || len(segs) < 2 || segs[0] != "v1" {
		return nil, errResponse(errNotFound(r.Method, r.URL.Path)), nil
	}
	rt, args, ok := match(s.routes, r.Method, segs, true)
	if !ok {
		return nil, errResponse(errNotFound(r.Method, r.URL.Path)), nil
	}
	if e := validate(tree, rt.spec, ""); e != nil {
		return nil, errResponse(e), nil
	}
	p := params{tree}
	ex, e := parseExpand(p.list("expand"), rt.object)
	if e != nil {
		return nil, errResponse(e), nil
	}
	req := &request{acct: accountOf(r), method: r.Method, path: r.URL.Path, segs: segs[1:], args: args, route: &rt, p: p, expand: ex, base: s.baseURL(r)}
	return req, response{}, func(req *request) response {
		st := s.storeOf(req.acct)
		st.req = req
		defer func() { st.req = nil }()
		return rt.handle(st, req)
	}
}

// baseURL is the server's URL, or, for a Server mounted on another
// http.Server, the scheme and host r reached.
func (s *Server) baseURL(r *http.Request) string {
	if s.URL != "" {
		return s.URL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// secretKey returns the key an Authorization header carries: Bearer, or
// Basic with the key as the user name.
func secretKey(h string) (string, bool) {
	key, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		if u, _, basic := (&http.Request{Header: http.Header{"Authorization": {h}}}).BasicAuth(); basic {
			key, ok = u, true
		}
	}
	return key, ok
}

func checkAuth(h string) *apiError {
	key, ok := secretKey(h)
	if !ok || strings.TrimSpace(key) == "" {
		return &apiError{status: 401, Type: "invalid_request_error",
			Message: "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."}
	}
	if !strings.HasPrefix(key, "sk_test_") || len(key) <= len("sk_test_") {
		return &apiError{status: 401, Type: "invalid_request_error", Message: "Invalid API Key provided: " + redact(key)}
	}
	return nil
}

// redact shows a key as the API does: its prefix, stars, its last four.
func redact(key string) string {
	if len(key) <= 12 {
		return strings.Repeat("*", len(key))
	}
	return key[:8] + strings.Repeat("*", len(key)-12) + key[len(key)-4:]
}

func marshal(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return []byte(`{"error": {"type": "api_error", "message": "paytest: cannot encode the response"}}`)
	}
	return buf.Bytes()
}

func write(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}

// drop closes the connection without writing a response.
func drop(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// HTTP/2 or a wrapped writer: abort the response instead.
		panic(http.ErrAbortHandler)
	}
	conn.Close()
}

// sleep waits d, or until ctx is done; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
