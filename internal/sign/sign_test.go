package sign_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/paykit/pay/internal/sign"
)

// The signature of a known payload, secret and time, as
// `printf '1700000000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac whsec_test`
// computes it.
func TestHeader_KnownSignature(t *testing.T) {
	got := sign.Header([]byte(`{"id":"evt_1"}`), "whsec_test", time.Unix(1700000000, 0))
	assert.Equal(t, "t=1700000000,v1=c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925", got)
}
