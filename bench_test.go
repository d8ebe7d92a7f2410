package pay_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paykit/pay"
	chg "github.com/paykit/pay/charge"

	"github.com/stretchr/testify/require"
)

// These benchmarks run against an httptest server in the same process, so
// its work shows in the numbers; benchmarks/ (its own module) measures the
// same tasks against a server in another process, side by side with
// stripe-go and a hand-written floor.

const benchChargeID = "ch_3MmlLrLkdIwHu7ix0snN0B15"

func benchFixture(b *testing.B) []byte {
	b.Helper()
	data, err := os.ReadFile("charge/testdata/charge.json")
	require.NoError(b, err)
	return data
}

// benchServer answers POST /v1/charges with the fixture charge and
// GET /v1/charges with pages of 100 fixture charges, total in all; it
// counts the connections it accepts.
type benchServer struct {
	*httptest.Server
	conns atomic.Int64
}

func newBenchServer(b *testing.B, total int) *benchServer {
	b.Helper()
	one := benchFixture(b)
	// Pages are written from the fixture split around its id, not kept
	// whole: 10,000 charges held in memory would raise the GC's target and
	// the peak heap measured.
	before, after, ok := bytes.Cut(one, []byte(benchChargeID))
	require.True(b, ok, "fixture without its id")
	s := &benchServer{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodPost {
			r.ParseForm()
			w.Write(one)
			return
		}
		from := 0
		if a := r.URL.Query().Get("starting_after"); a != "" {
			n, _ := strconv.Atoi(a[len("ch_"):])
			from = n + 1
		}
		end := min(from+100, total)
		fmt.Fprintf(w, `{"object":"list","url":"/v1/charges","has_more":%t,"data":[`, end < total)
		var id [len("ch_0000000")]byte
		for i := from; i < end; i++ {
			if i > from {
				w.Write([]byte{','})
			}
			w.Write(before)
			w.Write(strconv.AppendInt(append(id[:0], "ch_"...), int64(i), 10))
			w.Write(after)
		}
		io.WriteString(w, "]}")
	}))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	b.Cleanup(s.Close)
	return s
}

func benchCreate(ctx context.Context, charges *chg.Client) error {
	ch, err := charges.Create(ctx, &chg.CreateParams{
		Amount:      2000,
		Currency:    "usd",
		Source:      "tok_visa",
		Description: "Order 6735",
		Metadata:    pay.Metadata{"order_id": "6735", "customer_ref": "A-1029"},
		Shipping: &pay.ShippingParams{
			Name:    "Jenny Rosen",
			Address: &pay.AddressParams{Line1: "1 Main St", City: "San Francisco", PostalCode: "94111", Country: "US"},
		},
	}, pay.Expand("customer", "balance_transaction"))
	if err == nil && ch.ID != benchChargeID {
		err = fmt.Errorf("decoded id %q", ch.ID)
	}
	return err
}

// BenchmarkRoundTrip creates a charge (encode, POST over loopback, decode)
// from one goroutine, and reports the new connections per 1,000 calls.
func BenchmarkRoundTrip(b *testing.B) {
	srv := newBenchServer(b, 0)
	charges := chg.NewClient(pay.NewClient("sk_test_bench", pay.WithBaseURL(srv.URL)))
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	before := srv.conns.Load()
	for i := 0; i < b.N; i++ {
		if err := benchCreate(ctx, charges); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(srv.conns.Load()-before)*1000/float64(b.N), "conns/1k")
}

// BenchmarkRoundTrip_16Goroutines is BenchmarkRoundTrip from 16 goroutines
// sharing one default-configured client; ns/op is wall time per call.
func BenchmarkRoundTrip_16Goroutines(b *testing.B) {
	srv := newBenchServer(b, 0)
	charges := chg.NewClient(pay.NewClient("sk_test_bench", pay.WithBaseURL(srv.URL)))
	ctx := context.Background()
	procs := runtime.GOMAXPROCS(0)
	b.SetParallelism((16 + procs - 1) / procs)
	b.ReportAllocs()
	b.ResetTimer()
	before := srv.conns.Load()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := benchCreate(ctx, charges); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(srv.conns.Load()-before)*1000/float64(b.N), "conns/1k")
}

// BenchmarkPaginate_10000 walks 10,000 charges, 100 pages of 100, with
// List; one op is the whole walk. peak-heap-B is the highest heap in use
// above the heap at the start, sampled every 200µs.
func BenchmarkPaginate_10000(b *testing.B) { benchPaginate(b, 10000) }

// BenchmarkPaginate_1000 is BenchmarkPaginate_10000 over 1,000 charges: the
// peak heap should not grow with the list.
func BenchmarkPaginate_1000(b *testing.B) { benchPaginate(b, 1000) }

func benchPaginate(b *testing.B, total int) {
	srv := newBenchServer(b, total)
	charges := chg.NewClient(pay.NewClient("sk_test_bench", pay.WithBaseURL(srv.URL)))
	ctx := context.Background()
	b.ReportAllocs()
	runtime.GC()
	stop := sampleHeap()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		for _, err := range charges.List(ctx, &chg.ListParams{ListParams: pay.ListParams{Limit: 100}}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != total {
			b.Fatalf("listed %d charges, want %d", n, total)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(stop()), "peak-heap-B")
}

// sampleHeap samples the heap's object bytes until the returned function is
// called, which returns the peak above the heap at the start.
func sampleHeap() func() uint64 {
	read := func() uint64 {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	base := read()
	var peak atomic.Uint64
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(200 * time.Microsecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if h := read(); h > peak.Load() {
					peak.Store(h)
				}
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-stopped
		return max(peak.Load(), base) - base
	}
}
