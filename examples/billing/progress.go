package main

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// progress writes one line about a pass: how many of its attempts are done,
// at what rate, how many errors, and when it should end. It measures time on
// the wall clock, not the job's (which tests move by days).
type progress struct {
	w      io.Writer
	period string
	pass   int
	total  int
	errs   *atomic.Int64
	start  time.Time

	done, answered atomic.Int64
	mu             sync.Mutex // one line at a time
}

// newProgress returns the progress of pass n over total attempts; errs
// counts the errors of the whole run. A nil w writes nothing.
func newProgress(w io.Writer, period string, n, total int, errs *atomic.Int64) *progress {
	return &progress{w: w, period: period, pass: n, total: total, errs: errs, start: time.Now()}
}

// add counts one attempt handled: answered, or left pending.
func (p *progress) add(answered bool) {
	p.done.Add(1)
	if answered {
		p.answered.Add(1)
	}
}

// every writes a line every d until the returned func is called, which
// writes the last line of the pass.
func (p *progress) every(d time.Duration) (stop func()) {
	if p.w == nil {
		return func() {}
	}
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.write(time.Now())
			case <-quit:
				return
			}
		}
	})
	return func() {
		close(quit)
		wg.Wait()
		p.write(time.Now())
	}
}

// write writes the line as of now.
func (p *progress) write(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintln(p.w, p.line(now))
}

// line is the progress line as of now, such as
// "billing 2026-12 pass 1: 120/500 done (2 left pending), 23.5/s, 1 error, ETA 16s".
func (p *progress) line(now time.Time) string {
	done := int(p.done.Load())
	left := done - int(p.answered.Load())
	elapsed := now.Sub(p.start)
	rate := 0.0
	if elapsed > 0 {
		rate = float64(done) / elapsed.Seconds()
	}
	eta := "-"
	switch {
	case done >= p.total:
		eta = "0s"
	case rate > 0:
		eta = (time.Duration(float64(p.total-done) / rate * float64(time.Second))).Round(time.Second).String()
	}
	errs := p.errs.Load()
	plural := "s"
	if errs == 1 {
		plural = ""
	}
	return fmt.Sprintf("billing %s pass %d: %d/%d done (%d left pending), %.1f/s, %d error%s, ETA %s",
		p.period, p.pass, done, p.total, left, rate, errs, plural, eta)
}
