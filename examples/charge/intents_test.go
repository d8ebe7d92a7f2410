package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay/dispute"
	"github.com/paykit/pay/paymentintent"
	"github.com/paykit/pay/paytest"
)

func TestRunIntents_TranscriptAndState(t *testing.T) {
	srv := paytest.NewServer()
	t.Cleanup(srv.Close)
	client := srv.Client()
	var out bytes.Buffer
	ctx := context.Background()
	require.NoError(t, runIntents(ctx, client, &out, srv.Authenticate), "transcript so far:\n%s", out.String())
	s := out.String()
	paid := match(t, s, `(pi_\w+): \$25\.00, succeeded, charge ch_\w+`)
	threeDS := match(t, s, `(pi_\w+): requires_action; send the customer to the bank's page`)
	match(t, s, `authenticated: 42\.00 EUR, succeeded`)
	match(t, s, `seti_\w+: requires_action \(the bank asks once, on setup\)`)
	match(t, s, `authenticated: succeeded, payment method pm_\w+ saved on cus_\w+`)
	match(t, s, `charged off session: pi_\w+, 15\.00 EUR, succeeded`)
	back := match(t, s, `(pi_\w+): authentication_required \(requires_payment_method\); bring the customer back`)
	match(t, s, `back on session, authenticated: 15\.00 EUR, succeeded`)
	disputeID := match(t, s, `(dp_\w+|du_\w+) on ch_\w+: \$30\.00, needs_response, reason fraudulent`)
	match(t, s, `evidence submitted: won`)
	match(t, s, `charge +\d+  gross`)
	match(t, s, `\d+ charge transactions matched to their charges`)

	pis := paymentintent.NewClient(client)
	for _, id := range []string{paid, threeDS, back} {
		pi, err := pis.Get(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, paymentintent.StatusSucceeded, pi.Status, id)
	}
	d, err := dispute.NewClient(client).Get(ctx, disputeID)
	require.NoError(t, err)
	assert.Equal(t, dispute.StatusWon, d.Status)
}

func TestRunIntents_WithoutABrowserStopsAtTheBanksPage(t *testing.T) {
	srv := paytest.NewServer()
	t.Cleanup(srv.Close)
	var out bytes.Buffer
	require.NoError(t, runIntents(context.Background(), srv.Client(), &out, nil))
	match(t, out.String(), `open http://127\.0\.0\.1:\d+/paytest/3ds/pi_\w+ in a browser`)
	match(t, out.String(), `evidence submitted: won`)
}
