package paytest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
)

// TestTestTokens_ChargeOutcomes charges each documented test token through
// the typed charge client and checks what a user reads: the charge's
// status, outcome and card checks, or the card_error of a decline and the
// failed charge it names.
func TestTestTokens_ChargeOutcomes(t *testing.T) {
	type checks struct{ cvc, zip, line1 string }
	type outcome struct{ typ, riskLevel, reason, networkStatus string }
	type declined struct {
		code        pay.ErrorCode
		declineCode pay.DeclineCode
		param       string
	}
	issuer := func(reason string) outcome {
		return outcome{"issuer_declined", "normal", reason, "declined_by_network"}
	}
	blocked := outcome{"blocked", "highest", "highest_risk_level", "not_sent_to_network"}
	authorized := outcome{"authorized", "normal", "", "approved_by_network"}
	tests := []struct {
		token   string
		last4   string
		decline *declined // nil: the charge succeeds
		outcome outcome
		checks  checks
	}{
		{token: "tok_visa", last4: "4242", outcome: authorized, checks: checks{cvc: "pass"}},
		{token: "tok_riskLevelElevated", last4: "9235", outcome: outcome{"authorized", "elevated", "elevated_risk_level", "approved_by_network"}, checks: checks{cvc: "pass"}},
		{token: "tok_cvcCheckFail", last4: "0101", outcome: authorized, checks: checks{cvc: "fail"}},
		{token: "tok_avsFail", last4: "0010", outcome: authorized, checks: checks{cvc: "pass", zip: "fail", line1: "fail"}},
		{token: "tok_avsZipFail", last4: "0036", outcome: authorized, checks: checks{cvc: "pass", zip: "fail", line1: "pass"}},
		{token: "tok_avsLine1Fail", last4: "0028", outcome: authorized, checks: checks{cvc: "pass", zip: "pass", line1: "fail"}},
		{token: "tok_riskLevelHighest", last4: "4954", decline: &declined{"card_declined", "fraudulent", ""}, outcome: blocked, checks: checks{cvc: "pass"}},
		{token: "tok_radarBlock", last4: "0019", decline: &declined{"card_declined", "fraudulent", ""}, outcome: blocked, checks: checks{cvc: "pass"}},
		{token: "tok_visa_chargeDeclined", last4: "0002", decline: &declined{"card_declined", "generic_decline", ""}, outcome: issuer("generic_decline"), checks: checks{cvc: "pass"}},
		{token: "tok_visa_chargeDeclinedInsufficientFunds", last4: "9995", decline: &declined{"card_declined", "insufficient_funds", ""}, outcome: issuer("insufficient_funds"), checks: checks{cvc: "pass"}},
		{token: "tok_visa_chargeDeclinedExpiredCard", last4: "0069", decline: &declined{"expired_card", "expired_card", "exp_month"}, outcome: issuer("expired_card"), checks: checks{cvc: "pass"}},
		{token: "tok_visa_chargeDeclinedIncorrectCvc", last4: "0127", decline: &declined{"incorrect_cvc", "incorrect_cvc", "cvc"}, outcome: issuer("incorrect_cvc"), checks: checks{cvc: "fail"}},
		{token: "tok_visa_chargeDeclinedProcessingError", last4: "0119", decline: &declined{"processing_error", "processing_error", ""}, outcome: issuer("processing_error"), checks: checks{cvc: "pass"}},
		{token: "tok_visa_chargeDeclinedLostCard", last4: "9987", decline: &declined{"card_declined", "lost_card", ""}, outcome: issuer("lost_card"), checks: checks{cvc: "pass"}},
		{token: "tok_visa_chargeDeclinedStolenCard", last4: "9979", decline: &declined{"card_declined", "stolen_card", ""}, outcome: issuer("stolen_card"), checks: checks{cvc: "pass"}},
		{token: "tok_visa_chargeDeclinedFraudulent", last4: "0019", decline: &declined{"card_declined", "fraudulent", ""}, outcome: blocked, checks: checks{cvc: "pass"}},
		{token: "tok_visa_chargeDeclinedVelocityLimitExceeded", last4: "6975", decline: &declined{"card_declined", "card_velocity_exceeded", ""}, outcome: issuer("card_velocity_exceeded"), checks: checks{cvc: "pass"}},
		{token: "tok_chargeDeclinedVelocityLimitExceeded", last4: "6975", decline: &declined{"card_declined", "card_velocity_exceeded", ""}, outcome: issuer("card_velocity_exceeded"), checks: checks{cvc: "pass"}},
	}
	charges := newClients(t).charges
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.token, func(t *testing.T) {
			ch, err := charges.Create(ctx, &charge.CreateParams{Amount: 2000, Currency: "usd", Source: tt.token})
			if tt.decline == nil {
				require.NoError(t, err)
				assert.Equal(t, charge.StatusSucceeded, ch.Status)
				assert.True(t, ch.Paid)
			} else {
				var pe *pay.Error
				require.True(t, errors.As(err, &pe), "error %v is a *pay.Error", err)
				assert.Equal(t, http.StatusPaymentRequired, pe.StatusCode)
				assert.Equal(t, pay.ErrorType("card_error"), pe.Type)
				assert.Equal(t, tt.decline.code, pe.Code)
				assert.Equal(t, tt.decline.declineCode, pe.DeclineCode)
				assert.Equal(t, tt.decline.param, pe.Param)
				assert.NotEmpty(t, pe.Message)
				require.NotEmpty(t, pe.ChargeID, "a declined charge is stored and named")
				ch, err = charges.Get(ctx, pe.ChargeID)
				require.NoError(t, err)
				assert.Equal(t, charge.StatusFailed, ch.Status)
				assert.False(t, ch.Paid)
				assert.Equal(t, string(tt.decline.code), ch.FailureCode)
			}
			require.NotNil(t, ch.Outcome)
			assert.Equal(t, tt.outcome.typ, ch.Outcome.Type, "outcome type")
			assert.Equal(t, tt.outcome.riskLevel, ch.Outcome.RiskLevel, "risk level")
			assert.Equal(t, tt.outcome.reason, ch.Outcome.Reason, "outcome reason")
			assert.Equal(t, tt.outcome.networkStatus, ch.Outcome.NetworkStatus, "network status")
			require.NotNil(t, ch.PaymentMethodDetails)
			require.NotNil(t, ch.PaymentMethodDetails.Card)
			card := ch.PaymentMethodDetails.Card
			assert.Equal(t, tt.last4, card.Last4)
			require.NotNil(t, card.Checks)
			assert.Equal(t, tt.checks.cvc, card.Checks.CVCCheck, "cvc_check")
			assert.Equal(t, tt.checks.zip, card.Checks.AddressPostalCodeCheck, "address_postal_code_check")
			assert.Equal(t, tt.checks.line1, card.Checks.AddressLine1Check, "address_line1_check")
			require.NotNil(t, ch.Source)
			assert.Equal(t, tt.checks.cvc, ch.Source.CVCCheck, "source cvc_check")
			assert.Equal(t, tt.checks.zip, ch.Source.AddressZipCheck, "source address_zip_check")
			assert.Equal(t, tt.checks.line1, ch.Source.AddressLine1Check, "source address_line1_check")
		})
	}
}
