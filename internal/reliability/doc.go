// Package reliability holds the tests that prove what a payments client must
// never do: lose or duplicate a charge under retries, send input that can
// never be valid, loop or leak on a bad list, or let the secret key escape.
//
// It has no code of its own, only tests against the public API of pay, its
// resource packages and paytest, so it lives under internal: it is not part
// of the API. docs/RELIABILITY.md lists what each test
// proves and the figures of the soak test; run them with
//
//	go test -race -v -run Soak ./internal/reliability
package reliability
