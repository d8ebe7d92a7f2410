package webhook_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paykit/pay/webhook"

	"github.com/stretchr/testify/require"
)

// signedBy reports whether header holds a v1 entry that is the HMAC of
// payload under secret at the header's t, computed here without the
// package's code.
func signedBy(payload []byte, header, secret string) bool {
	var ts string
	var sigs []string
	for _, e := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(e), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sigs = append(sigs, strings.ToLower(v))
		}
	}
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(n, 10) + "."))
	m.Write(payload)
	want := hex.EncodeToString(m.Sum(nil))
	for _, s := range sigs {
		if s == want {
			return true
		}
	}
	return false
}

// FuzzVerify feeds random headers, payloads and secrets to Verify: it never
// panics, and it accepts only a payload that carries a real signature for
// that secret. Each input is also tried with the payload changed after
// signing, which must always be refused.
func FuzzVerify(f *testing.F) {
	f.Add([]byte(vecPayload), "t=1700000000,v1="+vecSig, vecSecret)
	f.Add([]byte(vecPayload), "t=1700000000,v1="+otherSig+",v1="+vecSig, vecSecret)
	f.Add([]byte(`{"id":"evt_1","object":"event","type":"x","request":"r"}`), "t=1700000000,v1=00", "s")
	f.Add([]byte(`null`), "t=99999999999999999999,v1=", "")
	f.Add([]byte{}, "", "k")
	f.Add([]byte("{}"), "t=1,,v1=,=,t=", "whsec_")
	now := time.Unix(vecT, 0)
	f.Fuzz(func(t *testing.T, payload []byte, header, secret string) {
		ev, err := webhook.Verify(payload, header, secret, at(now), webhook.Tolerance(1<<62))
		if err == nil {
			require.True(t, secret != "" && signedBy(payload, header, secret), "accepted an unsigned payload %q with header %q", payload, header)
			require.True(t, ev != nil && ev.ID != "", "accepted without an event")
			_, _ = ev.Charge()
			_, _ = ev.Customer()
			_, _ = ev.Refund()
		} else {
			require.Nil(t, ev, "an event with error %v", err)
		}

		// The same payload signed properly, then altered, is refused.
		if secret == "" {
			return
		}
		h := webhook.Sign(payload, secret, now)
		altered := append(append([]byte{}, payload...), 'x')
		_, err = webhook.Verify(altered, h, secret, at(now))
		require.Error(t, err, "accepted a payload changed after signing")
	})
}
