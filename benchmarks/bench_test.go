package benchmarks

import (
	"context"
	"encoding/json"
	"runtime"
	"runtime/metrics"
	"syscall"
	"testing"
	"time"

	jsonv2 "github.com/go-json-experiment/json"

	"github.com/paykit/pay"
	"github.com/paykit/pay/benchmarks/floor"
	"github.com/paykit/pay/benchmarks/internal/fixture"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/form"
	"github.com/paykit/pay/paymentintent"
	"github.com/paykit/pay/refund"
	stripe "github.com/stripe/stripe-go/v84"
	stripeform "github.com/stripe/stripe-go/v84/form"

	"github.com/stretchr/testify/require"
)

// Every benchmark is named Benchmark<Task>/<subject>; cmd/compare groups
// them by task and compares subjects.

var sink any

// cpuTime returns the CPU time (user and system, all threads) the process
// has used. The decode benchmarks report it per op beside the wall time:
// on a shared machine a benchmark's wall time grows with every moment the
// scheduler gives its CPU to another process, its CPU time does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loopCPU runs body b.N times and reports its CPU time per op as
// cpu-ns/op, and per byte of bytes (when not 0) as cpu-ns/B.
func loopCPU(b *testing.B, bytes int, body func() error) {
	b.Helper()
	start := cpuTime()
	for i := 0; i < b.N; i++ {
		if err := body(); err != nil {
			b.Fatal(err)
		}
	}
	perOp := float64(cpuTime()-start) / float64(b.N)
	b.ReportMetric(perOp, "cpu-ns/op")
	if bytes > 0 {
		b.ReportMetric(perOp/float64(bytes), "cpu-ns/B")
	}
}

// BenchmarkEncode encodes the charge-create request (metadata, shipping with
// an address, two expanded fields) as each subject does before sending:
// params built, encoded to url.Values (or the subject's own form type), then
// to the body string.
func BenchmarkEncode(b *testing.B) {
	b.Run("floor", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sink = floor.CreateForm().Encode()
		}
	})
	b.Run("pay", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			vals, err := form.Encode(payCreateParams())
			if err != nil {
				b.Fatal(err)
			}
			vals.Set("expand[0]", "customer")
			vals.Set("expand[1]", "balance_transaction")
			sink = vals.Encode()
		}
	})
	b.Run("stripe-go", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var fv stripeform.Values
			stripeform.AppendTo(&fv, stripeCreateParams())
			sink = fv.Encode()
		}
	})
}

// decoders decode a response body into each subject's types the way a
// user does: floor and floor12 with encoding/json into the full and the
// twelve-field structs; pay with encoding/json (v1) into charge.Charge and
// pay.Page (whose UnmarshalJSON hands the bytes to encoding/json/v2 once),
// pay-v2 with encoding/json/v2, as charge.Client does; stripe-go with
// encoding/json into its types.
var decoders = []struct {
	name      string
	one, page func([]byte) error
}{
	{"floor",
		func(b []byte) error { return json.Unmarshal(b, new(floor.Charge)) },
		func(b []byte) error { return json.Unmarshal(b, new(floor.Page)) }},
	{"floor12",
		func(b []byte) error { return json.Unmarshal(b, new(floor.Charge12)) },
		func(b []byte) error { return json.Unmarshal(b, new(floor.Page12)) }},
	{"pay",
		func(b []byte) error { return json.Unmarshal(b, new(charge.Charge)) },
		func(b []byte) error { return json.Unmarshal(b, new(pay.Page[charge.Charge])) }},
	{"pay-v2",
		func(b []byte) error { return jsonv2.Unmarshal(b, new(charge.Charge)) },
		func(b []byte) error { return jsonv2.Unmarshal(b, new(pay.Page[charge.Charge])) }},
	{"stripe-go",
		func(b []byte) error { return json.Unmarshal(b, new(stripe.Charge)) },
		func(b []byte) error { return json.Unmarshal(b, new(stripe.ChargeList)) }},
}

// BenchmarkDecodeCharge decodes the full fixture charge.
func BenchmarkDecodeCharge(b *testing.B) {
	data := fixture.Charge()
	for _, d := range decoders {
		b.Run(d.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			loopCPU(b, 0, func() error { return d.one(data) })
		})
	}
}

// BenchmarkDecodePaymentIntent decodes a PaymentIntent with its latest
// charge expanded (the full fixture charge inside), with both of pay's
// decoders; its cost per byte (MB/s) is compared with BenchmarkDecodeCharge's.
func BenchmarkDecodePaymentIntent(b *testing.B) {
	data := fixture.PaymentIntent()
	for _, d := range []struct {
		name string
		one  func([]byte) error
	}{
		{"pay", func(b []byte) error { return json.Unmarshal(b, new(paymentintent.PaymentIntent)) }},
		{"pay-v2", func(b []byte) error { return jsonv2.Unmarshal(b, new(paymentintent.PaymentIntent)) }},
	} {
		b.Run(d.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			loopCPU(b, 0, func() error { return d.one(data) })
		})
	}
}

// BenchmarkDecodePage100 decodes a list page of 100 full charges.
func BenchmarkDecodePage100(b *testing.B) {
	data := fixture.Page(0, 100, 1000)
	for _, d := range decoders {
		b.Run(d.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			loopCPU(b, 0, func() error { return d.page(data) })
		})
	}
}

// BenchmarkDecodeKinds100 decodes a list page of 100 charges, of 100
// customers and of 100 refunds into pay's types, with encoding/json (v1)
// and with encoding/json/v2: their cpu-ns/B compare the cost per byte of
// the three resources.
func BenchmarkDecodeKinds100(b *testing.B) {
	kinds := []struct {
		name string
		data []byte
		v    func() any
	}{
		{"charge", fixture.List(fixture.Charge(), 100), func() any { return new(pay.Page[charge.Charge]) }},
		{"customer", fixture.List(fixture.Customer(), 100), func() any { return new(pay.Page[customer.Customer]) }},
		{"refund", fixture.List(fixture.Refund(), 100), func() any { return new(pay.Page[refund.Refund]) }},
	}
	for _, k := range kinds {
		for _, d := range []struct {
			name      string
			unmarshal func([]byte, any) error
		}{{"v1", json.Unmarshal}, {"v2", func(b []byte, v any) error { return jsonv2.Unmarshal(b, v) }}} {
			b.Run(k.name+"-"+d.name, func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(k.data)))
				loopCPU(b, len(k.data), func() error { return d.unmarshal(k.data, k.v()) })
			})
		}
	}
}

// reportConns reports the TCP connections the fake server accepted during
// the benchmark, per 1,000 calls.
func reportConns(b *testing.B, calls int, run func()) {
	b.Helper()
	before, err := srv.Stats()
	require.NoError(b, err)
	run()
	b.StopTimer()
	after, err := srv.Stats()
	require.NoError(b, err)
	b.ReportMetric(float64(after.NewConns-before.NewConns)*1000/float64(calls), "conns/1k")
}

// BenchmarkRoundTrip creates a charge (encode, POST, decode) from one
// goroutine, on a client made fresh for the benchmark.
func BenchmarkRoundTrip(b *testing.B) {
	for _, mk := range []func(string) subject{newFloor, newFloor12, newPay, newStripe} {
		s := mk(srv.URL)
		b.Run(s.name, func(b *testing.B) {
			s := mk(srv.URL)
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			reportConns(b, b.N, func() {
				for i := 0; i < b.N; i++ {
					if _, err := s.create(ctx); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// BenchmarkRoundTrip16 is BenchmarkRoundTrip from 16 goroutines sharing one
// client made with its defaults. ns/op is wall time per call, the inverse of
// throughput.
func BenchmarkRoundTrip16(b *testing.B) {
	procs := runtime.GOMAXPROCS(0)
	for _, mk := range []func(string) subject{newFloor, newFloor12, newPay, newStripe} {
		s := mk(srv.URL)
		b.Run(s.name, func(b *testing.B) {
			s := mk(srv.URL)
			ctx := context.Background()
			b.ReportAllocs()
			b.SetParallelism((16 + procs - 1) / procs)
			b.ResetTimer()
			reportConns(b, b.N, func() {
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if _, err := s.create(ctx); err != nil {
							b.Error(err)
							return
						}
					}
				})
			})
		})
	}
}

// BenchmarkPaginate10k walks a list of 10,000 charges (100 pages of 100);
// one op is the whole walk. peak-heap-B is the highest heap in use (live and
// not yet collected objects) above the heap at the start, sampled every
// 200µs; peak-live-B the highest live heap a GC found.
func BenchmarkPaginate10k(b *testing.B) { benchPaginate(b, "", 10000) }

// BenchmarkPaginate1k is BenchmarkPaginate10k over 1,000 charges, to show
// the peak heap does not grow with the list.
func BenchmarkPaginate1k(b *testing.B) { benchPaginate(b, "list_1000", 1000) }

func benchPaginate(b *testing.B, customer string, total int) {
	for _, mk := range []func(string) subject{newFloor, newFloor12, newPay, newStripe} {
		s := mk(srv.URL)
		b.Run(s.name, func(b *testing.B) {
			s := mk(srv.URL)
			ctx := context.Background()
			b.ReportAllocs()
			runtime.GC()
			stop := sampleHeap()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				n := 0
				if err := s.paginate(ctx, customer, func(string) { n++ }); err != nil {
					b.Fatal(err)
				}
				if n != total {
					b.Fatalf("got %d charges, want %d", n, total)
				}
			}
			b.StopTimer()
			heap, live := stop()
			b.ReportMetric(float64(heap), "peak-heap-B")
			b.ReportMetric(float64(live), "peak-live-B")
		})
	}
}

// sampleHeap samples the heap until the returned function is called, which
// returns the peaks above the heap at the start: of the heap's object bytes
// (live objects and garbage not yet collected, what the process holds) and
// of the live heap the last GC found (what the code retains, whatever the
// GC's pacing).
func sampleHeap() func() (heap, live uint64) {
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
	read := func() (uint64, uint64) {
		metrics.Read(samples)
		return samples[0].Value.Uint64(), samples[1].Value.Uint64()
	}
	baseHeap, baseLive := read()
	var peakHeap, peakLive uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(200 * time.Microsecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				h, l := read()
				peakHeap, peakLive = max(peakHeap, h), max(peakLive, l)
			}
		}
	}()
	return func() (uint64, uint64) {
		close(done)
		<-stopped
		return max(peakHeap, baseHeap) - baseHeap, max(peakLive, baseLive) - baseLive
	}
}
