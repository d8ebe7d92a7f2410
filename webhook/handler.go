package webhook

import (
	"context"
	"errors"
	"io"
	"net/http"
)

// MaxBodyBytes is the largest request body [Handler] reads: 1 MiB. Events
// are far smaller; a larger body is refused with 400, as a bad signature is
// (the signature covers the whole body, so a cut body cannot match it).
const MaxBodyBytes = 1 << 20

// Handler returns an http.Handler for a webhook endpoint. It accepts only
// POST (405 otherwise), caps the body at [MaxBodyBytes] (400 beyond, fn not
// called: a capped body cannot carry a valid signature), verifies the
// Stripe-Signature header with secret and opts as [Verify] does (400 when
// that fails), then calls fn with the request's
// context and the event: 200 when fn returns nil, 500 when it returns an
// error, so the API delivers the event again later. An empty secret
// answers 500 to every request, since nothing can be verified.
//
// Response bodies are short fixed texts: they never name the secret, the
// expected signature, or fn's error. fn may run more than once for one
// event (a retried delivery) and should return quickly; slow work belongs
// in a queue.
func Handler(secret string, fn func(ctx context.Context, ev *Event) error, opts ...Option) http.Handler {
	o := buildOptions(opts)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			reply(w, http.StatusMethodNotAllowed, "method not allowed: webhooks are POSTed")
			return
		}
		if secret == "" || fn == nil {
			reply(w, http.StatusInternalServerError, "webhook endpoint not configured")
			return
		}
		if r.ContentLength > MaxBodyBytes {
			reply(w, http.StatusBadRequest, "request body too large")
			return
		}
		payload, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				reply(w, http.StatusBadRequest, "request body too large")
				return
			}
			reply(w, http.StatusBadRequest, "could not read the request body")
			return
		}
		if err := verify(payload, r.Header.Get("Stripe-Signature"), secret, o); err != nil {
			reply(w, http.StatusBadRequest, "invalid webhook signature")
			return
		}
		ev, err := decodeEvent(payload)
		if err != nil {
			reply(w, http.StatusBadRequest, "invalid webhook payload")
			return
		}
		if err := fn(r.Context(), ev); err != nil {
			reply(w, http.StatusInternalServerError, "webhook handler failed")
			return
		}
		reply(w, http.StatusOK, "ok")
	})
}

func reply(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	io.WriteString(w, msg+"\n")
}
