package main

import (
	"bytes"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lockedBuffer is a bytes.Buffer a test reads while another goroutine writes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestProgress_LineShowsDoneRateErrorsAndETA(t *testing.T) {
	var errs atomic.Int64
	p := newProgress(nil, "2026-12", 2, 100, &errs)
	p.start = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for i := range 40 {
		p.add(i%10 != 0) // 4 left pending
	}
	errs.Store(4)
	assert.Equal(t, "billing 2026-12 pass 2: 40/100 done (4 left pending), 20.0/s, 4 errors, ETA 3s",
		p.line(p.start.Add(2*time.Second)))

	errs.Store(1)
	assert.Equal(t, "billing 2026-12 pass 2: 40/100 done (4 left pending), 0.0/s, 1 error, ETA -",
		p.line(p.start))
	for range 60 {
		p.add(true)
	}
	assert.Contains(t, p.line(p.start.Add(time.Minute)), "100/100 done (4 left pending), 1.7/s, 1 error, ETA 0s")
}

func TestProgress_EveryWritesLinesAndALastOne(t *testing.T) {
	var errs atomic.Int64
	var buf lockedBuffer
	p := newProgress(&buf, "2026-12", 1, 3, &errs)
	stop := p.every(time.Millisecond)
	for range 3 {
		p.add(true)
	}
	require.Eventually(t, func() bool { return strings.Contains(buf.String(), "3/3 done") }, 10*time.Second, time.Millisecond,
		"no line written while the pass runs")
	stop()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	assert.Greater(t, len(lines), 1)
	assert.Contains(t, lines[len(lines)-1], "3/3 done (0 left pending)")
}
