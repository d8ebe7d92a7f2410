// Package sign is the webhook signature of the API, in one place for the
// package webhook (which verifies and signs) and paytest (which signs its
// deliveries, without importing webhook and the resource packages behind
// it).
package sign

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
)

// MAC is the v1 signature of payload sent at unix time t: HMAC-SHA256 of
// "<t>." + payload, keyed with the whole secret string (whsec_ prefix
// included).
func MAC(payload []byte, secret string, t int64) []byte {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write(strconv.AppendInt(nil, t, 10))
	h.Write([]byte{'.'})
	h.Write(payload)
	return h.Sum(nil)
}

// Header is the Stripe-Signature header of payload signed with secret at
// t, as the API makes it: t=<unix>,v1=<hex>.
func Header(payload []byte, secret string, t time.Time) string {
	ts := t.Unix()
	return "t=" + strconv.FormatInt(ts, 10) + ",v1=" + hex.EncodeToString(MAC(payload, secret, ts))
}
