// Package apienv picks the API the examples talk to: an in-process paytest
// server when STRIPE_SECRET_KEY is unset, the real API with a test key, and
// nothing at all with a live key (the examples create charges).
package apienv

import (
	"errors"
	"strings"

	"github.com/paykit/pay"
	"github.com/paykit/pay/paytest"
)

// EnvVar is the environment variable the examples read their key from.
const EnvVar = "STRIPE_SECRET_KEY"

// Env is the API an example runs against.
type Env struct {
	// Client is aimed at paytest or at the real API.
	Client *pay.Client
	// Banner says in one line which API this is; the examples print it first.
	Banner string
	// Fake is true when Client talks to the in-process paytest server.
	Fake bool

	srv *paytest.Server
}

// Close stops the paytest server, if there is one.
func (e *Env) Close() {
	if e.srv != nil {
		e.srv.Close()
	}
}

// Paytest returns the in-process paytest server, or nil when Client talks
// to the real API.
func (e *Env) Paytest() *paytest.Server { return e.srv }

// ErrLiveKey is returned by Open for a live key.
var ErrLiveKey = errors.New(EnvVar + " is a live key: the examples create real charges, so they run only with a test key (sk_test_...) or with none (paytest)")

// ErrNotTestKey is returned by Open for a key that is neither a test key
// nor a live key.
var ErrNotTestKey = errors.New(EnvVar + " does not look like a secret test key (sk_test_... or rk_test_...); unset it to run on paytest")

// Open returns the API for key, the value of STRIPE_SECRET_KEY: an
// in-process paytest server when key is empty, the real API when it is a
// test key. A live key, or anything else, is refused; the error never
// contains the key. opts are applied to the client for the real API.
func Open(key string, opts ...pay.Option) (*Env, error) {
	key = strings.TrimSpace(key)
	switch {
	case key == "":
		srv := paytest.NewServer()
		return &Env{
			Client: srv.Client(),
			Banner: EnvVar + " is unset: using an in-process paytest server at " + srv.URL + " (a fake API: no network, no key, nothing is charged)",
			Fake:   true,
			srv:    srv,
		}, nil
	case strings.HasPrefix(key, "sk_test_"), strings.HasPrefix(key, "rk_test_"):
		return &Env{
			Client: pay.NewClient(key, opts...),
			Banner: "Using the real API (" + pay.DefaultBaseURL + ") in test mode, with the test key from " + EnvVar,
		}, nil
	case strings.HasPrefix(key, "sk_live_"), strings.HasPrefix(key, "rk_live_"):
		return nil, ErrLiveKey
	default:
		return nil, ErrNotTestKey
	}
}
