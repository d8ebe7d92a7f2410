package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/paykit/pay/internal/sign"
)

// DefaultTolerance is how far a signature's timestamp may be from now,
// either way, unless [Tolerance] says otherwise.
const DefaultTolerance = 5 * time.Minute

// maxHeaderLen bounds the Stripe-Signature header Verify parses. The API's
// headers are a few hundred bytes even with several v1 entries.
const maxHeaderLen = 8 << 10

// The errors Verify returns, for errors.Is. A failed verification wraps one
// of these and says nothing about the secret or the expected signature.
var (
	// ErrNoSignature: the header is missing or holds no v1 signature.
	ErrNoSignature = errors.New("webhook: no v1 signature in the Stripe-Signature header")
	// ErrBadHeader: the header is malformed (no timestamp, a timestamp that
	// is not a non-negative integer, an entry that is not key=value).
	ErrBadHeader = errors.New("webhook: malformed Stripe-Signature header")
	// ErrSignatureMismatch: no v1 signature matches the payload and secret.
	ErrSignatureMismatch = errors.New("webhook: no signature matches the payload")
	// ErrTooOld: the signature is authentic but its timestamp is further
	// from now than the tolerance, either way (a replayed or delayed
	// delivery, or a skewed clock).
	ErrTooOld = errors.New("webhook: signature timestamp outside the tolerance")
	// ErrEmptySecret: the signing secret is empty, so nothing could be
	// verified. An empty key would let anyone sign.
	ErrEmptySecret = errors.New("webhook: empty signing secret")
)

// Option changes how [Verify] and [Handler] check a signature.
type Option func(*options)

type options struct {
	tolerance time.Duration
	now       func() time.Time
	also      []string
}

// Tolerance sets how far the signature's timestamp may be from now, either
// way (default [DefaultTolerance]). A d of zero or less keeps the default:
// the check cannot be turned off by an unset setting.
func Tolerance(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.tolerance = d
		}
	}
}

// Now sets the clock the timestamp is compared with (default time.Now),
// for tests and for replaying stored deliveries.
func Now(clock func() time.Time) Option {
	return func(o *options) {
		if clock != nil {
			o.now = clock
		}
	}
}

// AlsoAccept accepts signatures made with other secrets too, such as the
// previous secret while a rotated one rolls out. Empty secrets are ignored.
func AlsoAccept(secrets ...string) Option {
	return func(o *options) {
		for _, s := range secrets {
			if s != "" {
				o.also = append(o.also, s)
			}
		}
	}
}

func buildOptions(opts []Option) options {
	o := options{tolerance: DefaultTolerance, now: time.Now}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}

// Verify checks header (the request's Stripe-Signature) against payload
// (the raw request body, unmodified) and secret, and decodes the event.
// Any v1 signature made with secret (or a secret given to [AlsoAccept])
// over the header's timestamp and payload accepts, compared in constant
// time; the timestamp must then be within the tolerance of now. A failure
// wraps [ErrNoSignature], [ErrBadHeader], [ErrSignatureMismatch],
// [ErrTooOld] or [ErrEmptySecret]; an authentic payload that is not an
// event is an error too.
func Verify(payload []byte, header, secret string, opts ...Option) (*Event, error) {
	if err := verify(payload, header, secret, buildOptions(opts)); err != nil {
		return nil, err
	}
	return decodeEvent(payload)
}

func verify(payload []byte, header, secret string, o options) error {
	if secret == "" {
		return ErrEmptySecret
	}
	t, sigs, err := parseHeader(header)
	if err != nil {
		return err
	}
	secrets := append([]string{secret}, o.also...)
	match := false
	for _, s := range secrets {
		want := sign.MAC(payload, s, t)
		for _, sig := range sigs {
			// Every candidate is compared, so the time taken says nothing
			// about which one matched.
			if hmac.Equal(want, sig) {
				match = true
			}
		}
	}
	if !match {
		return ErrSignatureMismatch
	}
	d := o.now().Sub(time.Unix(t, 0)) // saturates instead of overflowing
	if d > o.tolerance || d < -o.tolerance {
		return ErrTooOld
	}
	return nil
}

// parseHeader splits t=<unix>,v1=<hex>,... into the timestamp and the v1
// signatures. Entries with other keys (v0, future schemes) are skipped; a
// v1 entry that is not hex can never match and is skipped too.
func parseHeader(header string) (int64, [][]byte, error) {
	if strings.TrimSpace(header) == "" {
		return 0, nil, ErrNoSignature
	}
	if len(header) > maxHeaderLen {
		return 0, nil, ErrBadHeader
	}
	var (
		t       int64
		hasT    bool
		sigs    [][]byte
		sawV1   bool
		entries = strings.Split(header, ",")
	)
	for _, e := range entries {
		k, v, ok := strings.Cut(strings.TrimSpace(e), "=")
		if !ok || k == "" {
			return 0, nil, ErrBadHeader
		}
		switch k {
		case "t":
			n, err := strconv.ParseInt(v, 10, 64)
			if hasT || err != nil || v[0] < '0' || v[0] > '9' { // no sign
				return 0, nil, ErrBadHeader
			}
			t, hasT = n, true
		case "v1":
			sawV1 = true
			if b, err := hex.DecodeString(v); err == nil && len(b) == sha256.Size {
				sigs = append(sigs, b)
			}
		}
	}
	if !hasT {
		return 0, nil, ErrBadHeader
	}
	if !sawV1 {
		return 0, nil, ErrNoSignature
	}
	return t, sigs, nil
}

// Sign returns a Stripe-Signature header for payload signed with secret at
// time t, as the API makes it: t=<unix>,v1=<hex>. It is meant for tests of
// webhook handlers.
func Sign(payload []byte, secret string, t time.Time) string {
	ts := t.Unix()
	return sign.Header(payload, secret, time.Unix(ts, 0))
}
