package apitest

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
)

// Failures runs fn with a testing.TB that records the failures fn reports
// instead of failing t, and returns them: the way to prove that a check
// catches what it is meant to. fn runs on a goroutine of its own, so that
// Fatal and FailNow end it; what the recorder does not take over (Cleanup,
// TempDir, Log, ...) goes to t.
func Failures(t testing.TB, fn func(tb testing.TB)) []string {
	t.Helper()
	f := &failureRecorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.fails...)
}

type failureRecorder struct {
	testing.TB
	mu    sync.Mutex
	fails []string
}

func (f *failureRecorder) Helper() {}

func (f *failureRecorder) Error(args ...any) { f.record(fmt.Sprint(args...)) }

func (f *failureRecorder) Errorf(format string, args ...any) { f.record(fmt.Sprintf(format, args...)) }

func (f *failureRecorder) Fail() { f.record("Fail") }

func (f *failureRecorder) Failed() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.fails) > 0
}

func (f *failureRecorder) Fatal(args ...any) { f.Error(args...); runtime.Goexit() }

func (f *failureRecorder) Fatalf(format string, args ...any) {
	f.Errorf(format, args...)
	runtime.Goexit()
}

func (f *failureRecorder) FailNow() { f.Fail(); runtime.Goexit() }

func (f *failureRecorder) record(msg string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fails = append(f.fails, msg)
}
