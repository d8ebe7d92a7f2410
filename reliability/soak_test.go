package reliability_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/paytest"
)

// The soak test's plan. faultRate of the requests get one of soakFaults,
// drawn from paytest's random source seeded with soakSeed; the client
// retries each call up to maxRetries times.
const (
	seqCalls    = 504 // one after another
	parCalls    = 512 // from soakWorkers goroutines, 32 each
	soakWorkers = 16
	faultRate   = 0.25
	maxRetries  = 3
	// soakSeed is verified: in the sequential phase, whose requests draw
	// from the seeded sequence in a fixed order, no call meets four faults
	// in a row, so every call succeeds within its 3 retries. Another seed
	// (PAY_SOAK_SEED) may need caller re-issues there too; see
	// docs/RELIABILITY.md for the odds.
	soakSeed = 5
	// maxReissues bounds how often a caller re-issues a call whose retries
	// ran out, with the same idempotency key.
	maxReissues = 5
)

// soakFaults are the faults of the issue, each marked with its kind.
func soakFaults() []paytest.Fault {
	return []paytest.Fault{
		fault("drop-after-work", paytest.Fault{DropAfterWork: true}),
		fault("drop-before-work", paytest.Fault{DropBeforeWork: true}),
		fault("500", paytest.Fault{Status: http.StatusInternalServerError}),
		fault("503-should-retry", paytest.Fault{Status: http.StatusServiceUnavailable, Header: http.Header{"Stripe-Should-Retry": {"true"}}}),
		fault("409-lock-timeout", paytest.Fault{Status: http.StatusConflict}), // paytest's default 409 body is lock_timeout
		fault("429-retry-after-0", paytest.Fault{Status: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"0"}}}),
		fault("429-retry-after-1", paytest.Fault{Status: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"1"}}}),
	}
}

// faultTookEffect reports whether a drawn fault changed the answer: a drop
// dropped the connection, a status was answered. A drop drawn by a request
// that paytest answers from its idempotency cache is not dropped.
func faultTookEffect(kind string, status int) bool {
	switch kind {
	case "drop-after-work", "drop-before-work":
		return status == 0
	case "":
		return false
	}
	want, _ := strconv.Atoi(kind[:3])
	return status == want
}

// callResult is what one soak call ended with.
type callResult struct {
	id       string // the call id, in the charge's metadata
	chargeID string
	key      string // the idempotency key of every attempt
	attempts int    // client attempts, over every Create of the call
	replayed bool   // the final response came from paytest's idempotency cache
	reissues int    // Creates after the first (retries ran out)
}

// soakCall creates one charge as a careful caller does: with its own
// idempotency key (even i) or the generated one (odd i), and, should the
// retries run out, by calling Create again with the same key, which
// ResponseInto reports even for a failed call.
func soakCall(ctx context.Context, charges *charge.Client, phase string, i int) (callResult, error) {
	res := callResult{id: fmt.Sprintf("%s-%04d", phase, i)}
	params := &charge.CreateParams{
		Amount:   int64(1000 + i),
		Currency: "usd",
		Source:   "tok_visa",
		Metadata: pay.Metadata{"call": res.id},
	}
	if i%2 == 0 {
		res.key = "soak-" + res.id
	}
	for {
		var resp pay.Response
		opts := []pay.RequestOption{pay.ResponseInto(&resp)}
		if res.key != "" {
			opts = append(opts, pay.IdempotencyKey(res.key))
		}
		ch, err := charges.Create(ctx, params, opts...)
		res.attempts += resp.Attempts
		if res.key == "" {
			res.key = resp.IdempotencyKey
		} else if resp.IdempotencyKey != res.key {
			return res, fmt.Errorf("call %s: Create used key %q, want %q", res.id, resp.IdempotencyKey, res.key)
		}
		if err == nil {
			if ch.Metadata["call"] != res.id || ch.Amount != params.Amount {
				return res, fmt.Errorf("call %s: got charge %s with metadata %v amount %d", res.id, ch.ID, ch.Metadata, ch.Amount)
			}
			res.chargeID, res.replayed = ch.ID, resp.Replayed
			return res, nil
		}
		if res.reissues == maxReissues {
			return res, fmt.Errorf("call %s: still failing after %d re-issues: %w", res.id, maxReissues, err)
		}
		res.reissues++
	}
}

// soakFigures are the figures of one phase, for the log and
// docs/RELIABILITY.md.
type soakFigures struct {
	phase          string
	calls          int
	requests       int            // POST /v1/charges requests the server received
	attempts       int            // attempts the client counted
	drawn          map[string]int // faults drawn, by kind
	effective      map[string]int // faults that changed the answer, by kind
	retriedCalls   int            // calls with more than one attempt
	maxAttempts    int
	replays        int // calls answered from the idempotency cache
	reissued       int // calls whose retries ran out and were re-issued
	lost, dupes    int
	elapsed        time.Duration
	firstTryOK     int // calls done in one attempt
	transportRetry int // requests net/http resent by itself (no client attempt)
}

func (f soakFigures) String() string {
	kinds := make([]string, 0, len(f.drawn))
	for k := range f.drawn {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var fs []string
	totalDrawn, totalEff := 0, 0
	for _, k := range kinds {
		fs = append(fs, fmt.Sprintf("%s %d/%d", k, f.effective[k], f.drawn[k]))
		totalDrawn += f.drawn[k]
		totalEff += f.effective[k]
	}
	return fmt.Sprintf("%s: %d calls in %v; %d requests, %d client attempts, %d resent by net/http; "+
		"faults (took effect/drawn) %d/%d: %s; %d calls retried (max %d attempts), %d done first try; "+
		"%d replays; %d re-issued; lost %d, duplicates %d",
		f.phase, f.calls, f.elapsed.Round(time.Millisecond), f.requests, f.attempts, f.transportRetry,
		totalEff, totalDrawn, strings.Join(fs, ", "), f.retriedCalls, f.maxAttempts, f.firstTryOK,
		f.replays, f.reissued, f.lost, f.dupes)
}

// TestSoak_NoLostOrDuplicateCharges creates 504 charges one after another
// and 512 from 16 goroutines against paytest, with a quarter of the
// requests faulted (dropped before or after the charge is stored, 500, 503
// with Stripe-Should-Retry, 409 lock_timeout, 429 with Retry-After) and 3
// retries. Every call succeeds, and listing the charges afterwards finds
// exactly one per call: none lost, none duplicated.
func TestSoak_NoLostOrDuplicateCharges(t *testing.T) {
	seed := uint64(soakSeed)
	if s := os.Getenv("PAY_SOAK_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("PAY_SOAK_SEED=%q: %v", s, err)
		}
		seed = n
	}
	t.Run("sequential", func(t *testing.T) {
		f := soak(t, seed, 1, seqCalls)
		if seed == soakSeed && f.reissued != 0 {
			t.Errorf("with seed %d every call must succeed within %d retries; %d were re-issued. "+
				"Did paytest's draws change? Find a new seed with PAY_SOAK_SEED.", seed, maxRetries, f.reissued)
		}
	})
	t.Run("concurrent", func(t *testing.T) { soak(t, seed+1, soakWorkers, parCalls) })
}

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// soak makes calls charge creates from workers goroutines and checks the outcome.
func soak(t *testing.T, seed uint64, workers, calls int) soakFigures {
	rec := newRecorder(t)
	c := rec.client(pay.WithMaxRetries(maxRetries))
	charges := charge.NewClient(c)
	phase := "seq"
	if workers > 1 {
		phase = "par"
	}
	rec.api.FailRandomly(faultRate, seed, soakFaults()...)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	start := time.Now()
	results := make([]callResult, calls)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < calls; i += workers {
				r, err := soakCall(ctx, charges, phase, i)
				results[i] = r
				if err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	rec.api.ClearFaults()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("%d of %d calls failed:\n%v", len(errs), calls, err)
	}

	// What the server saw, per idempotency key.
	log := rec.log()
	f := soakFigures{phase: phase, calls: calls, elapsed: elapsed, drawn: map[string]int{}, effective: map[string]int{}}
	droppedAfterWork := map[string]bool{}
	for _, ex := range log {
		if ex.method != http.MethodPost || ex.path != "/v1/charges" {
			t.Errorf("unexpected request %s %s", ex.method, ex.path)
			continue
		}
		f.requests++
		if ex.fault != "" {
			f.drawn[ex.fault]++
			if faultTookEffect(ex.fault, ex.status) {
				f.effective[ex.fault]++
				if ex.fault == "drop-after-work" {
					droppedAfterWork[ex.key] = true
				}
			}
		}
	}

	// What the API holds: exactly one charge per call, the one the call got.
	stored := map[string][]string{} // call id -> charge ids
	for _, ch := range allCharges(t, c) {
		stored[ch.Metadata["call"]] = append(stored[ch.Metadata["call"]], ch.ID)
	}
	keys := map[string]bool{}
	for i, r := range results {
		f.attempts += r.attempts
		f.maxAttempts = max(f.maxAttempts, r.attempts)
		if r.attempts > 1 {
			f.retriedCalls++
		} else {
			f.firstTryOK++
		}
		if r.replayed {
			f.replays++
		}
		if r.reissues > 0 {
			f.reissued++
		}
		if keys[r.key] {
			t.Errorf("call %s: idempotency key %q used by another call", r.id, r.key)
		}
		keys[r.key] = true
		if i%2 == 1 && !uuidV4.MatchString(r.key) {
			t.Errorf("call %s: generated key %q is not a UUID v4", r.id, r.key)
		}
		switch ids := stored[r.id]; {
		case len(ids) == 0:
			f.lost++
			t.Errorf("call %s: no charge stored (lost); the call returned %s", r.id, r.chargeID)
		case len(ids) > 1:
			f.dupes += len(ids) - 1
			t.Errorf("call %s: %d charges stored (duplicates): %v", r.id, len(ids), ids)
		case ids[0] != r.chargeID:
			t.Errorf("call %s: returned charge %s, stored %s", r.id, r.chargeID, ids[0])
		}
		delete(stored, r.id)
		// A charge stored while its connection was dropped must come back
		// from the idempotency cache, and only then.
		if droppedAfterWork[r.key] != r.replayed {
			t.Errorf("call %s: a drop after work = %v, but the final response replayed = %v", r.id, droppedAfterWork[r.key], r.replayed)
		}
	}
	for call, ids := range stored {
		t.Errorf("charges %v stored for unknown call %q", ids, call)
	}
	f.transportRetry = f.requests - f.attempts
	if f.attempts < calls || f.requests < f.attempts {
		t.Errorf("%d client attempts and %d requests for %d calls", f.attempts, f.requests, calls)
	}
	eff := 0
	for _, k := range []string{"drop-after-work", "drop-before-work", "500", "503-should-retry", "409-lock-timeout", "429-retry-after-0", "429-retry-after-1"} {
		if f.effective[k] == 0 {
			t.Errorf("no %s fault took effect: the soak does not exercise it", k)
		}
		eff += f.effective[k]
	}
	// A quarter of the requests were faulted, within a wide margin.
	if rate := float64(f.drawn["drop-after-work"]+f.drawn["drop-before-work"]+f.drawn["500"]+f.drawn["503-should-retry"]+
		f.drawn["409-lock-timeout"]+f.drawn["429-retry-after-0"]+f.drawn["429-retry-after-1"]) / float64(f.requests); rate < 0.2 || rate > 0.3 {
		t.Errorf("%.3f of the requests drew a fault, want about %.2f", rate, faultRate)
	}
	if eff == 0 || f.retriedCalls == 0 || f.replays == 0 {
		t.Errorf("the soak injected nothing: %v", f)
	}
	t.Logf("seed %d, %d worker(s): %v", seed, workers, f)
	return f
}
