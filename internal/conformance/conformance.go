// Package conformance is the harness of the conformance tests, which run
// the typed API packages against stripe-mock, the API's own mock that
// validates every request against the API's OpenAPI spec.
//
// A package's tests share one stripe-mock, started on first use by
// [Client] (or found at STRIPE_MOCK_URL, which scripts/test.sh sets so one
// stripe-mock serves the whole run) and stopped by [Stop] from the
// package's TestMain. Failing to start it fails the test; it never skips
// for that. With -short, [Client] skips the test: conformance is the slow
// part of a package's tests, and scripts/test.sh never passes -short.
// Every client [Client] returns records its traffic in a [Recorder], which
// proves that every field of a params struct reached stripe-mock
// ([Recorder.WantEveryParamSent]) and keeps the last response, for [Walk]
// to compare with the value it was decoded into.
//
// Only tests import it. It imports nothing outside the standard library and
// github.com/paykit/pay.
package conformance

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"os"
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

// Stop stops the stripe-mock [Start] started, if any. A TestMain that
// does more than [Main] calls it after m.Run.
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
// It fails the test if stripe-mock cannot be started, and skips it with
// -short (see [SkipShort]).
func Client(t testing.TB) (*pay.Client, *Recorder) {
	t.Helper()
	SkipShort(t)
	url, err := Start()
	if err != nil {
		t.Fatalf("stripe-mock: %v", err)
	}
	rec := NewRecorder(http.DefaultTransport)
	pc := pay.NewClient(Key, pay.WithBaseURL(url), pay.WithMaxRetries(0),
		pay.WithHTTPClient(&http.Client{Transport: rec, Timeout: 30 * time.Second}))
	return pc, rec
}

// SkipShort skips a test that needs stripe-mock when tests run with
// -short.
func SkipShort(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("conformance against stripe-mock: skipped with -short")
	}
}

// ClientFor is [Client] for a typed client: it returns newClient's client
// of the core client, such as charge.NewClient's, the core client and the
// [Recorder].
func ClientFor[C any](t testing.TB, newClient func(*pay.Client) C) (C, *pay.Client, *Recorder) {
	t.Helper()
	pc, rec := Client(t)
	return newClient(pc), pc, rec
}

// Main runs the tests of a package, stops the stripe-mock they started and
// exits with their code. A package's TestMain calls it:
//
//	func TestMain(m *testing.M) { conformance.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	Stop()
	os.Exit(code)
}

// Rejection is a request that stripe-mock must reject.
type Rejection struct {
	Name         string
	Method, Path string
	Params       url.Values
	Status       int // the HTTP status of the rejection
}

// WantRejected sends every request through pc.Do, raw (the typed params
// check most of them before sending, so only Do can get them there), and
// checks that each answer decodes into a *pay.Error: an
// invalid_request_error with the Rejection's status and a message, after
// one attempt.
func WantRejected(t testing.TB, pc *pay.Client, reqs []Rejection) {
	t.Helper()
	for _, r := range reqs {
		var out map[string]any
		err := pc.Do(context.Background(), r.Method, r.Path, r.Params, &out)
		var pe *pay.Error
		if !errors.As(err, &pe) {
			t.Errorf("%s: err = %v (%T), want *pay.Error", r.Name, err, err)
			continue
		}
		if pe.Type != pay.ErrorTypeInvalidRequest || pe.StatusCode != r.Status || pe.Message == "" || pe.Attempts != 1 {
			t.Errorf("%s: err = {Type: %q, StatusCode: %d, Message: %q, Attempts: %d}, want {invalid_request_error, %d, a message, 1}",
				r.Name, pe.Type, pe.StatusCode, pe.Message, pe.Attempts, r.Status)
		}
	}
}
