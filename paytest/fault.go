package paytest

import (
	"encoding/binary"
	"hash/fnv"
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
	// A replay that draws this fault is dropped too (its work is done), so
	// FailNext(n, Fault{DropAfterWork: true}) loses the answers of n
	// attempts of one stored charge.
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
	seed  uint64
	rng   *rand.Rand // the sequence for requests without an Idempotency-Key
	pool  []Fault
	// seen counts the requests received with each Idempotency-Key in each
	// account, over the server's life (ClearFaults keeps it).
	seen map[idemID]uint64
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
// faults (a 500 when none is given). A rate of 0 stops random faults.
//
// The decisions are seeded, so a test that uses them never flakes:
//
//   - A request with an Idempotency-Key header gets a decision that depends
//     only on seed, the key and how many requests with that key the server
//     received before it in the same account (0 for the first; counted over
//     the server's life, whether or not faults were on, queued faults
//     included). So with the
//     same seed and the same keys every request gets the same fault,
//     whatever the order in which the requests of different keys arrive or
//     interleave: concurrent callers, each with its own keys, see the same
//     faults on every run. A caller that retries with its key meets a fresh
//     decision on each retry.
//   - Requests without a key (GETs, and POSTs sent without one) draw from one
//     sequence seeded with seed, in the order they arrive: the same seed
//     gives the same decisions over the same sequence of requests.
//
// Queued faults (FailNext) come first and are not drawn.
func (s *Server) FailRandomly(rate float64, seed uint64, faults ...Fault) {
	if len(faults) == 0 {
		faults = []Fault{{Status: http.StatusInternalServerError}}
	}
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.faults.rate = rate
	s.faults.seed = seed
	s.faults.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	s.faults.pool = append([]Fault(nil), faults...)
}

// ClearFaults removes every queued and random fault. It does not forget
// how often each idempotency key was seen.
func (s *Server) ClearFaults() {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.faults = faults{seen: s.faults.seen}
}

// nextFault picks the fault for one request, if any. key is the request's
// Idempotency-Key header, "" when it has none, and acct its account.
func (s *Server) nextFault(acct account, key string) (Fault, bool) {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	f := &s.faults
	var sighting uint64
	if key != "" {
		if f.seen == nil {
			f.seen = map[idemID]uint64{}
		}
		id := idemID{acct: acct, key: key}
		sighting = f.seen[id]
		f.seen[id] = sighting + 1
	}
	if len(f.queue) > 0 {
		next := f.queue[0]
		f.queue = f.queue[1:]
		return next, true
	}
	if f.rng == nil || f.rate <= 0 {
		return Fault{}, false
	}
	rng := f.rng
	if key != "" {
		rng = rand.New(rand.NewPCG(f.seed, keyHash(key, sighting)))
	}
	if rng.Float64() >= f.rate {
		return Fault{}, false
	}
	return f.pool[rng.IntN(len(f.pool))], true
}

// keyHash is a stable hash (64-bit FNV-1a) of an idempotency key and a
// sighting count: the same on every run and platform, unlike maphash.
func keyHash(key string, sighting uint64) uint64 {
	h := fnv.New64a()
	h.Write([]byte(key))
	// The count is fixed-width and last, so two different (key, count)
	// pairs never hash the same bytes.
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], sighting)
	h.Write(n[:])
	return h.Sum64()
}
