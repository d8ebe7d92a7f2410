package checkoutpage

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// NonceTTL is how long a form's nonce is accepted after the form was
// served. It must stay well under the 24 hours for which the API keeps an
// idempotency key: a nonce is accepted only while the API still knows the
// key made from it, so an old form can never charge a second time.
const NonceTTL = time.Hour

// nonceContext separates these MACs from anything else signed with the key.
const nonceContext = "pay-checkout-nonce-v1\n"

// nonces issues and verifies form nonces. A nonce is
// "<id>.<expiry>.<mac>": id names one checkout attempt (16 random bytes,
// in hex), expiry is in Unix seconds, and mac is HMAC-SHA256 over both
// with the handler's key, so only this server (or one sharing its key)
// can make one, and nobody can extend one's life.
type nonces struct {
	key []byte
	now func() time.Time
}

// issue returns a new nonce for a form.
func (n *nonces) issue() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	body := hex.EncodeToString(b) + "." + strconv.FormatInt(n.now().Add(NonceTTL).Unix(), 10)
	return body + "." + n.mac(body), nil
}

// verify returns the attempt id of a nonce this server issued that has not
// expired; ok is false for anything else.
func (n *nonces) verify(nonce string) (id string, ok bool) {
	if len(nonce) > 128 {
		return "", false
	}
	body, mac, found := cutLast(nonce, ".")
	if !found || !hmac.Equal([]byte(mac), []byte(n.mac(body))) {
		return "", false
	}
	id, exp, found := strings.Cut(body, ".")
	if !found || len(id) != 32 {
		return "", false
	}
	expiry, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || n.now().Unix() >= expiry || expiry-n.now().Unix() > int64(NonceTTL/time.Second) {
		return "", false
	}
	return id, true
}

func (n *nonces) mac(body string) string {
	h := hmac.New(sha256.New, n.key)
	h.Write([]byte(nonceContext + body))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil))
}

func cutLast(s, sep string) (before, after string, found bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// crossSite reports whether a browser sent r from a page of another site
// (or another origin of this one). Browsers mark every request with
// Sec-Fetch-Site; older ones send Origin on a POST. A request with neither
// is not from a browser page (curl, a test) and is let through: it is not
// the forgery this guards against, and its nonce is still checked.
func crossSite(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin", "none": // "none": typed in or bookmarked by the user
		return false
	case "":
	default: // same-site, cross-site, or anything unknown
		return true
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return true // "null" (a sandboxed or file page) or garbage
	}
	return !strings.EqualFold(u.Host, r.Host)
}
