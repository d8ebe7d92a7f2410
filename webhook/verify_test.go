package webhook_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay/webhook"
)

// The signatures below were computed outside Go, with
//
//	printf '%s' '1700000000.<payload>' | openssl dgst -sha256 -hmac '<secret>'
//
// so they check Verify and Sign against the scheme, not against each other.
const (
	vecPayload = `{"id":"evt_1","object":"event","type":"charge.succeeded"}`
	vecSecret  = "whsec_test_secret"
	vecT       = 1700000000
	vecSig     = "ac1ab887a13a43f7e22e9eb21eab375b1f40446fa99ade9b6a94fca7f66acd38"
	vecOldSig  = "4ac86b053af9428b6165e57621473203ede6cf2d8d7d3069c4230356ab067178" // secret whsec_old
	otherSig   = "6d6089ea25083e797a01973c834b28f9f7ccccf6fb2eaeed509d11ce8551b1f5"
)

var vecTime = time.Unix(vecT, 0)

func at(t time.Time) webhook.Option { return webhook.Now(func() time.Time { return t }) }

func TestSign_MatchesIndependentHMAC(t *testing.T) {
	got := webhook.Sign([]byte(vecPayload), vecSecret, vecTime)
	assert.Equal(t, "t=1700000000,v1="+vecSig, got)
	// Sub-second parts of the time are dropped, as the header holds seconds.
	assert.Equal(t, got, webhook.Sign([]byte(vecPayload), vecSecret, vecTime.Add(900*time.Millisecond)))
}

func TestVerify_AcceptsIndependentSignature(t *testing.T) {
	ev, err := webhook.Verify([]byte(vecPayload), "t=1700000000,v1="+vecSig, vecSecret, at(vecTime))
	require.NoError(t, err)
	assert.Equal(t, "evt_1", ev.ID)
	assert.Equal(t, webhook.ChargeSucceeded, ev.Type)
}

func TestVerify(t *testing.T) {
	payload := []byte(vecPayload)
	tests := []struct {
		name   string
		header string
		secret string
		now    time.Time
		opts   []webhook.Option
		want   error // nil: accepted
	}{
		{name: "one v1", header: "t=1700000000,v1=" + vecSig},
		{name: "matching v1 among others", header: "t=1700000000,v1=" + otherSig + ",v1=" + vecSig + ",v0=" + otherSig},
		{name: "entries in any order, spaces", header: " v1=" + vecSig + " , t=1700000000 "},
		{name: "upper-case hex", header: "t=1700000000,v1=" + strings.ToUpper(vecSig)},
		{name: "unknown schemes skipped", header: "t=1700000000,v2=abc,v1=" + vecSig},
		{name: "old secret via AlsoAccept", header: "t=1700000000,v1=" + vecOldSig, secret: "whsec_new", opts: []webhook.Option{webhook.AlsoAccept("", "whsec_old")}},
		{name: "old secret without AlsoAccept", header: "t=1700000000,v1=" + vecOldSig, want: webhook.ErrSignatureMismatch},
		{name: "4m59s late", header: "t=1700000000,v1=" + vecSig, now: vecTime.Add(5*time.Minute - time.Second)},
		{name: "exactly 5m late", header: "t=1700000000,v1=" + vecSig, now: vecTime.Add(5 * time.Minute)},
		{name: "5m1s late", header: "t=1700000000,v1=" + vecSig, now: vecTime.Add(5*time.Minute + time.Second), want: webhook.ErrTooOld},
		{name: "5m1s early (clock skew)", header: "t=1700000000,v1=" + vecSig, now: vecTime.Add(-5*time.Minute - time.Second), want: webhook.ErrTooOld},
		{name: "wider tolerance", header: "t=1700000000,v1=" + vecSig, now: vecTime.Add(9 * time.Minute), opts: []webhook.Option{webhook.Tolerance(10 * time.Minute)}},
		{name: "zero tolerance keeps default", header: "t=1700000000,v1=" + vecSig, now: vecTime.Add(6 * time.Minute), opts: []webhook.Option{webhook.Tolerance(0)}, want: webhook.ErrTooOld},
		{name: "a year late", header: "t=1700000000,v1=" + vecSig, now: vecTime.AddDate(1, 0, 0), want: webhook.ErrTooOld},
		{name: "signature of another timestamp", header: "t=1700000001,v1=" + vecSig, want: webhook.ErrSignatureMismatch},
		{name: "wrong secret", header: "t=1700000000,v1=" + vecSig, secret: "whsec_other", want: webhook.ErrSignatureMismatch},
		{name: "secret without prefix", header: "t=1700000000,v1=" + vecSig, secret: "test_secret", want: webhook.ErrSignatureMismatch},
		{name: "truncated v1", header: "t=1700000000,v1=" + vecSig[:62], want: webhook.ErrSignatureMismatch},
		{name: "non-hex v1", header: "t=1700000000,v1=zz" + vecSig[2:], want: webhook.ErrSignatureMismatch},
		{name: "empty v1", header: "t=1700000000,v1=", want: webhook.ErrSignatureMismatch},
		{name: "v0 only", header: "t=1700000000,v0=" + vecSig, want: webhook.ErrNoSignature},
		{name: "t only", header: "t=1700000000", want: webhook.ErrNoSignature},
		{name: "empty header", header: "", want: webhook.ErrNoSignature},
		{name: "blank header", header: "  ", want: webhook.ErrNoSignature},
		{name: "no t", header: "v1=" + vecSig, want: webhook.ErrBadHeader},
		{name: "non-numeric t", header: "t=soon,v1=" + vecSig, want: webhook.ErrBadHeader},
		{name: "huge t", header: "t=99999999999999999999999,v1=" + vecSig, want: webhook.ErrBadHeader},
		{name: "max int64 t", header: "t=9223372036854775807,v1=" + vecSig, want: webhook.ErrSignatureMismatch},
		{name: "negative t", header: "t=-1700000000,v1=" + vecSig, want: webhook.ErrBadHeader},
		{name: "plus-signed t", header: "t=+1700000000,v1=" + vecSig, want: webhook.ErrBadHeader},
		{name: "two t", header: "t=1700000000,t=1700000000,v1=" + vecSig, want: webhook.ErrBadHeader},
		{name: "entry without =", header: "t=1700000000,v1" + vecSig, want: webhook.ErrBadHeader},
		{name: "empty entry", header: "t=1700000000,,v1=" + vecSig, want: webhook.ErrBadHeader},
		{name: "semicolons", header: "t=1700000000;v1=" + vecSig, want: webhook.ErrBadHeader},
		{name: "oversized header", header: "t=1700000000,v1=" + vecSig + strings.Repeat(",v1="+otherSig, 200), want: webhook.ErrBadHeader},
		{name: "empty secret", header: "t=1700000000,v1=" + vecSig, secret: "-", want: webhook.ErrEmptySecret},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			secret, now := tt.secret, tt.now
			switch secret {
			case "":
				secret = vecSecret
			case "-":
				secret = ""
			}
			if now.IsZero() {
				now = vecTime
			}
			ev, err := webhook.Verify(payload, tt.header, secret, append([]webhook.Option{at(now)}, tt.opts...)...)
			if tt.want == nil {
				require.NoError(t, err)
				assert.Equal(t, "evt_1", ev.ID)
				return
			}
			assert.ErrorIs(t, err, tt.want)
			assert.Nil(t, ev)
			if secret != "" {
				assert.NotContains(t, err.Error(), secret)
			}
			assert.NotContains(t, err.Error(), vecSig)
		})
	}
}

func TestVerify_ModifiedPayloadIsRefused(t *testing.T) {
	header := webhook.Sign([]byte(vecPayload), vecSecret, vecTime)
	for _, p := range []string{
		strings.Replace(vecPayload, "evt_1", "evt_2", 1),
		vecPayload + " ",
		vecPayload[:len(vecPayload)-1],
		"",
	} {
		_, err := webhook.Verify([]byte(p), header, vecSecret, at(vecTime))
		assert.ErrorIs(t, err, webhook.ErrSignatureMismatch, "payload %q", p)
	}
}

func TestVerify_TooOldOnlyForAuthenticSignatures(t *testing.T) {
	// A forged signature with a stale timestamp is a mismatch: the age is
	// reported only once the signature is known to be ours.
	_, err := webhook.Verify([]byte(vecPayload), "t=1,v1="+otherSig, vecSecret, at(vecTime))
	assert.ErrorIs(t, err, webhook.ErrSignatureMismatch)
	assert.False(t, errors.Is(err, webhook.ErrTooOld))
}

func TestVerify_DefaultClockIsNow(t *testing.T) {
	now := time.Now()
	_, err := webhook.Verify([]byte(vecPayload), webhook.Sign([]byte(vecPayload), vecSecret, now), vecSecret)
	require.NoError(t, err)
	_, err = webhook.Verify([]byte(vecPayload), webhook.Sign([]byte(vecPayload), vecSecret, now.Add(-6*time.Minute)), vecSecret)
	assert.ErrorIs(t, err, webhook.ErrTooOld)
}

func TestVerify_SignedPayloadThatIsNotAnEvent(t *testing.T) {
	for _, p := range []string{
		`not json`,
		`[1,2]`,
		`{"id":"ch_1","object":"charge","amount":100}`,
		`{"object":"event"}`,
		`{"id":"evt_1","object":"event","type":"charge.succeeded","created":"yesterday"}`,
		`{"id":"evt_1","object":"event","type":"charge.succeeded"} trailing`,
	} {
		_, err := webhook.Verify([]byte(p), webhook.Sign([]byte(p), vecSecret, vecTime), vecSecret, at(vecTime))
		require.Error(t, err, "payload %q", p)
		assert.Contains(t, err.Error(), "webhook: ")
		assert.NotContains(t, err.Error(), "\n")
	}
}
