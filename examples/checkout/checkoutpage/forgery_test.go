package checkoutpage

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// post submits the form with extra request headers (key, value pairs).
func post(t *testing.T, ts *httptest.Server, form url.Values, hdr ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("POST", ts.URL+"/checkout", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := ts.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var b bytes.Buffer
	_, err = b.ReadFrom(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, b.String()
}

func order(nonce string) url.Values {
	return url.Values{"nonce": {nonce}, "amount": {"42"}, "email": {"jenny@example.com"}, "card": {"tok_visa"}}
}

func TestPost_CrossSiteSubmitIsRefused(t *testing.T) {
	tests := []struct {
		name  string
		nonce func(real string) string
		hdr   []string
	}{
		// The report: another site's page posts a made-up nonce.
		{"evil origin, made-up nonce", func(string) string { return strings.Repeat("ab", 16) },
			[]string{"Origin", "http://evil.example", "Sec-Fetch-Site", "cross-site"}},
		// A nonce is no secret (anyone can load the form): the origin
		// decides, whatever the nonce.
		{"evil origin, real nonce", func(n string) string { return n },
			[]string{"Origin", "http://evil.example", "Sec-Fetch-Site", "cross-site"}},
		{"sibling subdomain", func(n string) string { return n },
			[]string{"Origin", "http://shop.example.com", "Sec-Fetch-Site", "same-site"}},
		{"old browser: Origin only", func(n string) string { return n },
			[]string{"Origin", "http://evil.example"}},
		{"sandboxed page: Origin null", func(n string) string { return n },
			[]string{"Origin", "null"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api, ts := setup(t)
			nonce := getForm(t, ts)
			status, body := post(t, ts, order(tt.nonce(nonce)), tt.hdr...)
			assert.Equal(t, http.StatusForbidden, status, summary(body))
			assert.Contains(t, text(body), "sent from another site, so it was refused. Nothing was charged.")
			assert.NotContains(t, body, `name="nonce"`, "a refused forgery gets no form")
			assert.Zero(t, api.Requests(), "a forged submit reached the API")
		})
	}
}

func TestPost_SameOriginSubmitIsAccepted(t *testing.T) {
	tests := []struct {
		name string
		hdr  func(base string) []string
	}{
		{"modern browser", func(base string) []string {
			return []string{"Origin", base, "Sec-Fetch-Site", "same-origin"}
		}},
		{"old browser: Origin only", func(base string) []string { return []string{"Origin", base} }},
		{"not a browser: neither header", func(string) []string { return nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api, ts := setup(t)
			status, body := post(t, ts, order(getForm(t, ts)), tt.hdr(ts.URL)...)
			assert.Equal(t, http.StatusOK, status, summary(body))
			assert.Len(t, charges(t, api), 1)
		})
	}
}

func TestPost_NonceTheServerDidNotIssueIsRefused(t *testing.T) {
	hourAgo := func(s *server) { s.nonces.now = func() time.Time { return time.Now().Add(-NonceTTL - time.Minute) } }
	tests := []struct {
		name  string
		nonce func(t *testing.T, real string) string
	}{
		{"the old format: 32 hex digits", func(*testing.T, string) string { return strings.Repeat("ab", 16) }},
		{"empty", func(*testing.T, string) string { return "" }},
		{"another mac", func(_ *testing.T, n string) string { return flip(n, len(n)-2) }},
		{"another attempt id", func(_ *testing.T, n string) string { return flip(n, 0) }},
		{"a later expiry", func(_ *testing.T, n string) string {
			parts := strings.Split(n, ".")
			return parts[0] + ".9999999999." + parts[2]
		}},
		{"no mac", func(_ *testing.T, n string) string { return n[:strings.LastIndex(n, ".")] }},
		{"too long", func(_ *testing.T, n string) string { return n + strings.Repeat(".", 200) }},
		{"issued by a server with another key", func(t *testing.T, _ string) string {
			_, other := setup(t)
			return getForm(t, other)
		}},
		{"expired", func(t *testing.T, _ string) string {
			_, old := setupPage(t, nil, hourAgo)
			return getForm(t, old)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api, ts := setup(t)
			nonce := tt.nonce(t, getForm(t, ts))
			status, body := post(t, ts, order(nonce))
			assert.Equal(t, http.StatusBadRequest, status, summary(body))
			assert.Contains(t, text(body), "This form has expired")
			assert.Zero(t, api.Requests(), "an unissued nonce reached the API")
			fresh := nonceOf(t, body)
			assert.NotEqual(t, nonce, fresh)
			// The fresh form works.
			status, body = post(t, ts, order(fresh))
			assert.Equal(t, http.StatusOK, status, summary(body))
		})
	}
}

func TestPost_InstancesSharingANonceKeyAcceptEachOthersForms(t *testing.T) {
	key := bytes.Repeat([]byte{7}, 32)
	api, a := setupPage(t, nil, WithNonceKey(key))
	b := httptest.NewServer(newPage(t, api.Client(), openStore(t, ""), WithNonceKey(key)))
	t.Cleanup(b.Close)
	status, body := post(t, b, order(getForm(t, a)))
	assert.Equal(t, http.StatusOK, status, summary(body))

	// A short key is ignored: the instance keeps its random one.
	c := httptest.NewServer(newPage(t, api.Client(), openStore(t, ""), WithNonceKey(key[:16])))
	t.Cleanup(c.Close)
	status, body = post(t, c, order(getForm(t, a)))
	assert.Equal(t, http.StatusBadRequest, status, summary(body))
}

func TestPost_ANonceMakesOneChargeAtMost(t *testing.T) {
	api, ts := setup(t)
	nonce := getForm(t, ts)
	status, body := post(t, ts, order(nonce))
	require.Equal(t, http.StatusOK, status, summary(body))
	// The same nonce for another order (another amount, card or email)
	// charges nothing.
	for _, change := range []url.Values{{"amount": {"99"}}, {"card": {"tok_mastercard"}}, {"email": {"other@example.com"}}} {
		f := order(nonce)
		for k, v := range change {
			f[k] = v
		}
		status, body := post(t, ts, f)
		assert.Equal(t, http.StatusConflict, status, summary(body))
	}
	all := charges(t, api)
	require.Len(t, all, 1)
	assert.Equal(t, nonce[:32], all[0].Metadata["checkout_attempt"])
}

// flip changes the character at i (a hex digit or a base64url one).
func flip(s string, i int) string {
	c := byte('0')
	if s[i] == '0' {
		c = '1'
	}
	return s[:i] + string(c) + s[i+1:]
}
