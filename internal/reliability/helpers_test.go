package reliability_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/paytest"
)

// faultHeader names the kind of an injected fault. Every fault a test gives
// paytest carries it (paytest adds a fault's Header to the response, even
// to one it then drops), so the recording server can tell, per request,
// which fault was drawn and whether it took effect.
const faultHeader = "X-Test-Fault"

// uuidV4 matches a generated idempotency key.
var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// exchange is one request as the server saw it.
type exchange struct {
	method, path string
	key          string // Idempotency-Key
	at           time.Time
	fault        string // the faultHeader of the response, "" when none was drawn
	status       int    // 0 when the connection was dropped without a response
}

// recorder is a paytest server behind a handler that records every
// exchange. Requests reach paytest's ServeHTTP unchanged; the
// ResponseWriter only notes the status and unwraps to the real one, so
// paytest can still hijack the connection to drop it.
type recorder struct {
	api *paytest.Server
	srv *httptest.Server

	mu        sync.Mutex
	exchanges []exchange
	inflight  int
}

func newRecorder(t *testing.T) *recorder {
	t.Helper()
	rec := &recorder{api: paytest.NewServer()}
	rec.srv = httptest.NewServer(http.HandlerFunc(rec.serve))
	t.Cleanup(func() {
		rec.srv.Close()
		rec.api.Close()
	})
	return rec
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController (paytest's drop) reach the
// connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (rec *recorder) serve(w http.ResponseWriter, r *http.Request) {
	rec.mu.Lock()
	rec.inflight++
	rec.mu.Unlock()
	ex := exchange{method: r.Method, path: r.URL.Path, key: r.Header.Get("Idempotency-Key"), at: time.Now()}
	sw := &statusWriter{ResponseWriter: w}
	rec.api.ServeHTTP(sw, r)
	ex.fault = w.Header().Get(faultHeader)
	ex.status = sw.status
	rec.mu.Lock()
	rec.exchanges = append(rec.exchanges, ex)
	rec.inflight--
	rec.mu.Unlock()
}

// log returns every exchange in the order the requests arrived, once no handler is still running: a handler
// whose connection was dropped can finish after the client has already
// retried and returned.
func (rec *recorder) log() []exchange {
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		rec.mu.Lock()
		if rec.inflight == 0 || time.Now().After(deadline) {
			defer rec.mu.Unlock()
			out := append([]exchange(nil), rec.exchanges...)
			slices.SortStableFunc(out, func(a, b exchange) int { return a.at.Compare(b.at) })
			return out
		}
		rec.mu.Unlock()
	}
}

// client returns a *pay.Client aimed at the recorder, as paytest's own
// Client is aimed at paytest: its test key and the server's HTTP client.
func (rec *recorder) client(opts ...pay.Option) *pay.Client {
	base := []pay.Option{
		pay.WithBaseURL(rec.srv.URL),
		pay.WithHTTPClient(rec.srv.Client()),
		pay.WithRetryWait(time.Millisecond, 5*time.Millisecond),
	}
	return pay.NewClient(paytest.TestKey, append(base, opts...)...)
}

// fault returns f marked with its kind, for the recorder to count.
func fault(kind string, f paytest.Fault) paytest.Fault {
	h := http.Header{}
	for k, vs := range f.Header {
		h[k] = append([]string(nil), vs...)
	}
	h.Set(faultHeader, kind)
	f.Header = h
	return f
}

// allCharges lists every charge through the API, with no faults.
func allCharges(t *testing.T, c *pay.Client) []*charge.Charge {
	t.Helper()
	var out []*charge.Charge
	params := &charge.ListParams{ListParams: pay.ListParams{Limit: 100}}
	for ch, err := range charge.NewClient(c).List(context.Background(), params) {
		require.NoError(t, err, "listing charges")
		out = append(out, ch)
	}
	return out
}
