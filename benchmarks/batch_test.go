package benchmarks

import (
	"context"
	"errors"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/paytest"

	"github.com/stretchr/testify/require"
)

// count429 is a transport that counts the 429 answers the client sees
// (each one an attempt the rate limit refused), retries included.
type count429 struct {
	next http.RoundTripper
	n    atomic.Int64
}

func (c *count429) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(r)
	if err == nil && resp.StatusCode == http.StatusTooManyRequests {
		c.n.Add(1)
	}
	return resp, err
}

// BenchmarkBatchRateLimit is issue 18's billing job at scale: N saved
// customers (BATCH_CUSTOMERS, default 2000) charged by 8 workers against
// paytest.RateLimit(100), with pay.WithRateLimit(95, 5) ("limiter") and
// without ("none"). A call that ends on ErrRetryLater is sent again later
// with the same idempotency key, as a job does. It reports the charges'
// throughput as a share of the limit, the 429s the client saw and the
// duplicate charges (a customer charged twice), per run. It takes about
// 2 x 2 x N/100 seconds: run it with -benchtime 1x.
func BenchmarkBatchRateLimit(b *testing.B) {
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("BATCH_CUSTOMERS")); err == nil && v > 0 {
		n = v
	}
	for _, tc := range []struct {
		name  string
		limit bool
	}{{"limiter", true}, {"none", false}} {
		b.Run(tc.name, func(b *testing.B) {
			for range b.N {
				share, seen429, dups := runBatch(b, n, tc.limit)
				b.ReportMetric(share*100, "%-of-limit")
				b.ReportMetric(float64(seen429), "429s")
				b.ReportMetric(float64(dups), "duplicates")
			}
		})
	}
}

func runBatch(b *testing.B, n int, limit bool) (share float64, seen429 int64, dups int) {
	b.Helper()
	const perSecond = 100
	srv := paytest.NewServer(paytest.RateLimit(perSecond))
	defer srv.Close()
	ctx := context.Background()
	tr := &count429{next: http.DefaultTransport.(*http.Transport).Clone()}
	opts := []pay.Option{pay.WithHTTPClient(&http.Client{Transport: tr}), pay.WithRetryWait(50*time.Millisecond, time.Second)}
	if limit {
		opts = append(opts, pay.WithRateLimit(95, 5))
	}
	// The customers are saved with a limited client of their own, so the
	// job starts with a fresh bucket.
	setup := customer.NewClient(srv.Client(pay.WithRateLimit(95, 5)))
	ids := make([]string, n)
	for i := range ids {
		cus, err := setup.Create(ctx, &customer.CreateParams{Source: "tok_visa"})
		require.NoError(b, err)
		ids[i] = cus.ID
	}
	time.Sleep(time.Second) // the setup's bucket refills
	b.ResetTimer()
	charges := charge.NewClient(srv.Client(opts...))
	work := make(chan string)
	var wg sync.WaitGroup
	var failed atomic.Int64
	start := time.Now()
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range work {
				for attempt := 0; ; attempt++ {
					_, err := charges.Create(ctx, &charge.CreateParams{Amount: 1500, Currency: "usd", Customer: id},
						pay.IdempotencyKey("bill-"+id+"-2026-12"))
					if err == nil {
						break
					}
					if !errors.Is(err, pay.ErrRetryLater) || attempt == 20 {
						failed.Add(1)
						break
					}
					time.Sleep(100 * time.Millisecond)
				}
			}
		}()
	}
	for _, id := range ids {
		work <- id
	}
	close(work)
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	require.Zero(b, failed.Load(), "customers not charged")
	// Duplicates, from paytest's list.
	per := map[string]int{}
	for ch, err := range charge.NewClient(srv.Client()).List(ctx, &charge.ListParams{ListParams: pay.ListParams{Limit: 100}}) {
		require.NoError(b, err)
		per[ch.Customer.ID]++
	}
	require.Len(b, per, n, "customers charged")
	for _, c := range per {
		dups += c - 1
	}
	share = float64(n) / elapsed.Seconds() / perSecond
	b.Logf("%s: %d charges in %v: %.0f/s, %d 429s, %d duplicates", map[bool]string{true: "limiter", false: "none"}[limit],
		n, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), tr.n.Load(), dups)
	return share, tr.n.Load(), dups
}
