// Package conformance is the harness of the conformance tests, which run
// the typed API packages against stripe-mock, the API's own mock that
// validates every request against the API's OpenAPI spec.
//
// A package's tests share one stripe-mock, started on first use by
// [Client] (or found at STRIPE_MOCK_URL) and stopped by [Stop] from the
// package's TestMain. Failing to start it fails the test; it never skips.
// Every client [Client] returns records its traffic in a [Recorder], which
// proves that every field of a params struct reached stripe-mock
// ([Recorder.WantEveryParamSent]) and keeps the last response, for [Walk]
// to compare with the value it was decoded into.
//
// Only tests import it. It imports nothing outside the standard library and
// github.com/paykit/pay.
package conformance

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/stripemock"
)

// Key is the API key of the clients [Client] returns.
const Key = "sk_test_123"

var mock struct {
	mu   sync.Mutex
	url  string
	stop func()
	err  error
}

// Start returns the base URL of the package's stripe-mock, starting it the
// first time (see [stripemock.Start]). After a failure it returns the same
// error without trying again, until [Stop].
func Start() (baseURL string, err error) {
	mock.mu.Lock()
	defer mock.mu.Unlock()
	if mock.url == "" && mock.err == nil {
		mock.url, mock.stop, mock.err = stripemock.Start()
	}
	return mock.url, mock.err
}

// Stop stops the stripe-mock [Start] started, if any. Call it from TestMain
// after m.Run:
//
//	func TestMain(m *testing.M) {
//		code := m.Run()
//		conformance.Stop()
//		os.Exit(code)
//	}
func Stop() {
	mock.mu.Lock()
	defer mock.mu.Unlock()
	if mock.stop != nil {
		mock.stop()
	}
	mock.url, mock.stop, mock.err = "", nil, nil
}

// Client returns a client aimed at the package's stripe-mock with key
// [Key], retries off and a 30s timeout, and the [Recorder] of its traffic.
// It fails the test if stripe-mock cannot be started.
func Client(t testing.TB) (*pay.Client, *Recorder) {
	t.Helper()
	url, err := Start()
	if err != nil {
		t.Fatalf("stripe-mock: %v", err)
	}
	rec := NewRecorder(http.DefaultTransport)
	pc := pay.NewClient(Key, pay.WithBaseURL(url), pay.WithMaxRetries(0),
		pay.WithHTTPClient(&http.Client{Transport: rec, Timeout: 30 * time.Second}))
	return pc, rec
}
