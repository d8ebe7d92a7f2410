package paytest

import (
	"math/rand/v2"
	"sync"
	"time"
)

// Option configures a Server made by NewServer or Listen.
type Option func(*config)

// config is what the options set.
type config struct {
	seed       uint64
	seeded     bool
	rate       int // requests a second per account; 0 is unlimited
	hookTries  int // webhook deliveries: the first and the retries
	hookWait   time.Duration
	hookTimout time.Duration
}

func newConfig(opts []Option) config {
	c := config{hookTries: webhookAttempts, hookWait: webhookWait, hookTimout: webhookTimeout}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	return c
}

// Seed makes the server's ids (of objects, events and requests) and its
// receipt URLs a function of seed and of the requests it gets, in order:
// two servers made with the same seed that get the same requests give the
// same ids. Idempotency keys and customer metadata built from those ids
// are then the same on every run, and so are the random faults of
// [Server.FailRandomly], which are drawn per idempotency key. Without
// Seed ids are random.
func Seed(seed uint64) Option {
	return func(c *config) { c.seed, c.seeded = seed, true }
}

// RateLimit answers 429 with the API's rate_limit error to the requests of
// an account past perSecond a second (test mode's limit is 25), as a
// token bucket of perSecond tokens refilled on the server's clock (see
// [Server.SetClock]): a burst of perSecond passes, then perSecond a
// second. A rate-limited request does nothing, so sending it again (with
// the same idempotency key) is safe. perSecond <= 0 means no limit, the
// default.
func RateLimit(perSecond int) Option {
	return func(c *config) { c.rate = max(perSecond, 0) }
}

// WebhookRetries sets how often an event that an endpoint did not
// acknowledge is sent again: retries times after the first delivery,
// waiting wait before the first retry and twice as long before each next
// one. The default is 4 retries from 10ms (10ms, 20ms, 40ms, 80ms), short
// for tests; a server a developer watches for minutes (cmd/paytest) wants
// longer waits. retries < 0 counts as 0; wait <= 0 keeps the default.
func WebhookRetries(retries int, wait time.Duration) Option {
	return func(c *config) {
		c.hookTries = max(retries, 0) + 1
		if wait > 0 {
			c.hookWait = wait
		}
	}
}

// idSource draws the random parts of ids: from a seeded sequence with
// [Seed], from the runtime's random source otherwise. It is safe for
// concurrent use.
type idSource struct {
	mu  sync.Mutex
	rng *rand.Rand // nil: unseeded
}

func newIDSource(c config) *idSource {
	if !c.seeded {
		return &idSource{}
	}
	return &idSource{rng: rand.New(rand.NewPCG(c.seed, c.seed^0x5851f42d4c957f2d))}
}

const idAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// from returns n characters of alphabet.
func (g *idSource) from(alphabet string, n int) string {
	b := make([]byte, n)
	if g == nil || g.rng == nil {
		for i := range b {
			b[i] = alphabet[rand.IntN(len(alphabet))]
		}
		return string(b)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	for i := range b {
		b[i] = alphabet[g.rng.IntN(len(alphabet))]
	}
	return string(b)
}

// str returns n characters of the id alphabet.
func (g *idSource) str(n int) string { return g.from(idAlphabet, n) }

// newID returns a new id with prefix, such as "ch_" + 24 characters.
func (st *store) newID(prefix string) string { return prefix + st.ids.str(24) }

// limiter is the per-account token bucket of [RateLimit].
type limiter struct {
	mu      sync.Mutex
	rate    float64
	buckets map[account]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// allow takes a token of acct's bucket at now, reporting whether there
// was one.
func (l *limiter) allow(acct account, now time.Time) bool {
	if l == nil || l.rate <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[acct]
	if b == nil {
		b = &bucket{tokens: l.rate, at: now}
		l.buckets[acct] = b
	}
	if el := now.Sub(b.at); el > 0 {
		b.tokens = min(l.rate, b.tokens+el.Seconds()*l.rate)
	}
	b.at = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// errRateLimit is the API's answer past the rate limit.
func errRateLimit() *apiError {
	return invalidRequest(429, "rate_limit", "",
		"Request rate limit exceeded. You can learn more about rate limits here https://docs.stripe.com/rate-limits.")
}
