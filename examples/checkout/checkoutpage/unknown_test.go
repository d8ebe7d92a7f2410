package checkoutpage

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay/paytest"
)

// These tests need the client to report an unknown outcome as
// pay.ErrOutcomeUnknown (DESIGN.md, "Unknown outcomes are named").

func TestPost_UnknownOutcomeIsAskedAgainWithTheSameKey(t *testing.T) {
	tests := []struct {
		name string
		last paytest.Fault // the faults of the client's two retries
	}{
		{"no response to any attempt", paytest.Fault{DropBeforeWork: true}},
		{"a 5xx after the last retry", paytest.Fault{Status: http.StatusInternalServerError}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api, ts := setup(t) // the client makes 3 attempts per call
			nonce := getForm(t, ts)
			// The charge is made, its response lost; the client's retries
			// get no answer either, so the call ends not knowing.
			api.FailNext(1, paytest.Fault{DropAfterWork: true})
			api.FailNext(2, tt.last)

			status, body := submit(t, ts, nonce, "42", "jenny@example.com", "tok_visa")
			sent := api.Requests()

			all := charges(t, api)
			require.Len(t, all, 1, "paytest must hold exactly one charge")
			assert.Equal(t, http.StatusOK, status, summary(body))
			assert.Contains(t, body, `<dd id="charge-id">`+all[0].ID+`</dd>`)
			assert.Contains(t, body, `id="replayed"`, "the page shows the charge made by the lost attempt")
			assert.Equal(t, 4, sent, "one call of 3 attempts, then one more with the same key")
		})
	}
}

func TestPost_StillUnknownSaysBeingConfirmedAndChecksAgainWithTheSameKey(t *testing.T) {
	api, ts := setup(t)
	nonce := getForm(t, ts)
	// Made, then nothing answers: the first call and both calls asking
	// again (3 calls of 3 attempts).
	api.FailNext(1, paytest.Fault{DropAfterWork: true})
	api.FailNext(8, paytest.Fault{DropBeforeWork: true})

	status, body := submit(t, ts, nonce, "42", "jenny@example.com", "tok_visa")
	assert.Equal(t, 9, api.Requests())
	assert.Equal(t, http.StatusAccepted, status, summary(body))
	page := text(body[strings.Index(body, "<main>"):])
	assert.Contains(t, page, "Your payment is being confirmed")
	assert.Contains(t, page, "Do not pay again")
	for _, never := range []string{"failed", "declined", "not charged", "Pay</button>"} {
		assert.NotContains(t, page, never)
	}
	require.Len(t, charges(t, api), 1)

	// "Check again" posts the same form, nonce included.
	assert.Equal(t, nonce, nonceOf(t, body))
	for _, field := range []string{`name="amount" value="42"`, `name="email" value="jenny@example.com"`, `name="card" value="tok_visa"`} {
		assert.Contains(t, body, field)
	}
	status, body = submit(t, ts, nonce, "42", "jenny@example.com", "tok_visa")
	all := charges(t, api)
	require.Len(t, all, 1, "checking again must not charge again")
	assert.Equal(t, http.StatusOK, status, summary(body))
	assert.Contains(t, body, `<dd id="charge-id">`+all[0].ID+`</dd>`)
}

func TestPost_ShopperClosingTheTabDoesNotCutTheChargeShort(t *testing.T) {
	api, ts := setup(t)
	nonce := getForm(t, ts)
	// The API is slow; the shopper gives up before it answers.
	api.FailNext(1, paytest.Fault{Latency: 300 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "POST", ts.URL+"/checkout", strings.NewReader(url.Values{
		"nonce": {nonce}, "amount": {"42"}, "email": {"jenny@example.com"}, "card": {"tok_visa"},
	}.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	_, err = ts.Client().Do(req)
	require.Error(t, err, "the shopper's request must end before the API answers")

	ts.Close() // waits for the handler
	all := charges(t, api)
	require.Len(t, all, 1, "the charge must be made once, shopper gone or not")
	assert.Equal(t, "succeeded", string(all[0].Status))
	assert.Equal(t, nonce[:32], all[0].Metadata["checkout_attempt"])
}

var headingOrProblem = regexp.MustCompile(`<h1[^>]*>[^<]*</h1>|<div class="[a-z]+" id="[a-z]+" role="(?:alert|status)">[^<]*`)

// summary is what a page says in its heading and alerts, for failure
// messages.
func summary(body string) string {
	return strings.Join(headingOrProblem.FindAllString(text(body), -1), " | ")
}
