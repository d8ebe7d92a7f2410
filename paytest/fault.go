package paytest

import (
	"math/rand/v2"
	"net/http"
	"time"
)

// Fault is what an injected failure does to one request. Its parts combine:
// Latency first, then a dropped connection or a Status, else the request is
// handled normally (with Header added to the response).
type Fault struct {
	// Status, when not 0, answers with this status (and Body and Header)
	// without doing the work.
	Status int
	// Header is added to the response: to the Status response, or to the
	// normal response when Status is 0 (for example Stripe-Should-Retry or
	// Retry-After).
	Header http.Header
	// Body is the Status response's body. The default is the API's error
	// JSON for the status: 409 lock_timeout, 429 rate_limit, 5xx api_error,
	// 402 card_declined, and so on.
	Body string
	// DropBeforeWork closes the connection without a response and without
	// doing the work.
	DropBeforeWork bool
	// DropAfterWork does the work (the charge is stored, and so is the
	// idempotent response), then closes the connection without a response:
	// a retry with the same Idempotency-Key replays the stored response.
	DropAfterWork bool
	// Latency delays the request before its work is done (after its
	// idempotency key is taken, so a concurrent request with the same key
	// sees it in flight). A request whose client gives up meanwhile is not
	// handled.
	Latency time.Duration
}

// faults holds the injection plan; guarded by Server.faultMu.
type faults struct {
	queue []Fault
	rate  float64
	rng   *rand.Rand
	pool  []Fault
}

// FailNext makes the next n requests (of any method and path) get f. Calls
// add up: FailNext(2, a) then FailNext(1, b) gives a, a, b. Queued faults
// are used before random ones.
func (s *Server) FailNext(n int, f Fault) {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	for range max(n, 0) {
		s.faults.queue = append(s.faults.queue, f)
	}
}

// FailRandomly gives each later request, with probability rate, one of
// faults (a 500 when none is given), both drawn from a random source seeded
// with seed: the same seed gives the same sequence of decisions over the
// sequence of requests. A rate of 0 stops random faults.
func (s *Server) FailRandomly(rate float64, seed uint64, faults ...Fault) {
	if len(faults) == 0 {
		faults = []Fault{{Status: http.StatusInternalServerError}}
	}
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.faults.rate = rate
	s.faults.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	s.faults.pool = append([]Fault(nil), faults...)
}

// ClearFaults removes every queued and random fault.
func (s *Server) ClearFaults() {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.faults = faults{}
}

// nextFault picks the fault for one request, if any.
func (s *Server) nextFault() (Fault, bool) {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	f := &s.faults
	if len(f.queue) > 0 {
		next := f.queue[0]
		f.queue = f.queue[1:]
		return next, true
	}
	if f.rng == nil || f.rate <= 0 {
		return Fault{}, false
	}
	if f.rng.Float64() >= f.rate {
		return Fault{}, false
	}
	return f.pool[f.rng.IntN(len(f.pool))], true
}
