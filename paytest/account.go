package paytest

import (
	"crypto/sha256"
	"net/http"
)

// account is the account a request acts on: the account of its secret key
// or, with a Stripe-Account header, that connected account as reached with
// that key. Each account has its own store and its own idempotency keys.
type account struct {
	// key is a digest of the secret key, so the server keeps no key.
	key [sha256.Size]byte
	// connected is the Stripe-Account header, "" for the key's own account.
	connected string
}

// accountOf returns the account r acts on. It does not authenticate r.
func accountOf(r *http.Request) account {
	key, _ := secretKey(r.Header.Get("Authorization"))
	return account{key: sha256.Sum256([]byte(key)), connected: r.Header.Get("Stripe-Account")}
}

// idemID is an idempotency key as the server files it: per account.
type idemID struct {
	acct account
	key  string
}
