package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay/examples/internal/apienv"
	"github.com/paykit/pay/webhook"
)

func TestRun_ServesThePageOnPaytestUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr bytes.Buffer
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, "", "", &stdout, &stderr, func(a string) { addrc <- a })
	}()
	var addr string
	select {
	case addr = <-addrc:
	case err := <-done:
		require.FailNow(t, "run ended before serving", "%v\n%s", err, stderr.String())
	case <-time.After(10 * time.Second):
		require.FailNow(t, "the page is not served after 10s")
	}
	base := "http://" + addr

	resp, err := http.Get(base + "/")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, "GET /:\n%s", body)
	require.Contains(t, string(body), "running on paytest", "GET / = %d", resp.StatusCode)
	nonce := regexp.MustCompile(`name="nonce" value="([^"]+)"`).FindSubmatch(body)
	require.NotNil(t, nonce, "no nonce in the form:\n%s", body)
	resp, err = http.PostForm(base+"/checkout", url.Values{
		"nonce": {string(nonce[1])}, "amount": {"12.50"}, "email": {"jenny@example.com"}, "card": {"tok_visa"},
	})
	require.NoError(t, err)
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, "POST /checkout:\n%s", body)
	require.Contains(t, string(body), `<dd id="charge-amount">$12.50</dd>`, "POST /checkout = %d", resp.StatusCode)

	// paytest sends charge.succeeded to the page's /webhook, which marks
	// the order paid.
	order := regexp.MustCompile(`href="/orders/([0-9a-f]{32})"`).FindSubmatch(body)
	require.NotNil(t, order, "the result page links to the order")
	require.Equal(t, string(nonce[1][:32]), string(order[1]), "the order is the checkout attempt")
	state := func() string {
		resp, err := http.Get(base + "/api/orders/" + string(order[1]))
		if err != nil {
			return err.Error()
		}
		defer resp.Body.Close()
		var o struct {
			State string `json:"state"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&o); err != nil {
			return err.Error()
		}
		return o.State
	}
	assert.Eventually(t, func() bool { return state() == "paid" }, 10*time.Second, 20*time.Millisecond,
		"the order is not paid: %s", state())

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err, "run after cancel")
	case <-time.After(10 * time.Second):
		require.FailNow(t, "run did not return after cancel")
	}
	lines := strings.Split(stdout.String(), "\n")
	require.GreaterOrEqual(t, len(lines), 4, "stdout = %q", stdout.String())
	assert.True(t, strings.HasPrefix(lines[0], "STRIPE_SECRET_KEY is unset: using an in-process paytest server"), "stdout = %q", stdout.String())
	assert.True(t, strings.HasPrefix(lines[1], "Orders in a temporary file"), "stdout = %q", stdout.String())
	assert.True(t, strings.HasPrefix(lines[2], "Checkout page on "+base+"/"), "stdout = %q", stdout.String())
	assert.Equal(t, "paytest sends its events to "+base+"/webhook", lines[3], "stdout = %q", stdout.String())
}

func TestRun_RefusesBadConfig(t *testing.T) {
	tests := []struct {
		name string
		args []string
		key  string
		want error
	}{
		{"live key", nil, "sk_live_doNotShowMe", apienv.ErrLiveKey},
		{"not a key", nil, "doNotShowMe", apienv.ErrNotTestKey},
		{"help", []string{"-h"}, "", flag.ErrHelp},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), tt.args, tt.key, "", &stdout, &stderr, func(string) {
			assert.Fail(t, "the page is served", tt.name)
		})
		assert.ErrorIs(t, err, tt.want, tt.name)
		require.Error(t, err, tt.name)
		assert.NotContains(t, err.Error()+stdout.String()+stderr.String(), "doNotShowMe", "%s: the key is shown", tt.name)
	}
	err := run(context.Background(), []string{"-addr", "127.0.0.1:-1"}, "", "", io.Discard, io.Discard, nil)
	assert.Error(t, err, "run with a bad -addr")
}

func TestRun_RealKeyVerifiesEventsWithTheWebhookSecretVar(t *testing.T) {
	event := []byte(`{"id":"evt_1","object":"event","type":"customer.created","data":{"object":{"id":"cus_1","object":"customer"}}}`)
	tests := []struct {
		name, whsec string
		wantOut     string
		wantStatus  int
	}{
		{"secret set", "whsec_fromTheCLI", "verifying events with the secret from STRIPE_WEBHOOK_SECRET", http.StatusOK},
		{"secret unset", "", "stripe listen --forward-to http://", http.StatusInternalServerError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			var stdout bytes.Buffer
			addrc := make(chan string, 1)
			done := make(chan error, 1)
			go func() {
				// A test key: nothing here calls the API.
				args := []string{"-addr", "127.0.0.1:0", "-db", filepath.Join(t.TempDir(), "checkout.db")}
				done <- run(ctx, args, "sk_test_notUsed", tt.whsec, &stdout, io.Discard, func(a string) { addrc <- a })
			}()
			var addr string
			select {
			case addr = <-addrc:
			case err := <-done:
				require.FailNow(t, "run ended before serving", "%v", err)
			}
			req, err := http.NewRequest(http.MethodPost, "http://"+addr+"/webhook", bytes.NewReader(event))
			require.NoError(t, err)
			req.Header.Set("Stripe-Signature", webhook.Sign(event, "whsec_fromTheCLI", time.Now()))
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			cancel()
			require.NoError(t, <-done)

			assert.Equal(t, tt.wantStatus, resp.StatusCode)
			assert.Contains(t, stdout.String(), tt.wantOut)
			assert.NotContains(t, stdout.String(), "fromTheCLI", "the secret is not shown")
		})
	}
}

// serve runs the program with args on paytest until the returned stop is
// called, and returns the page's base URL.
func serve(t *testing.T, args ...string) (base string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	var stderr bytes.Buffer
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), "", "", io.Discard, &stderr, func(a string) { addrc <- a })
	}()
	select {
	case addr := <-addrc:
		base = "http://" + addr
	case err := <-done:
		cancel()
		require.FailNow(t, "run ended before serving", "%v\n%s", err, stderr.String())
	}
	return base, func() {
		cancel()
		require.NoError(t, <-done)
	}
}

// TestRun_RestartOnTheSameDBKeepsOrdersAndForms stops the program and
// starts it again on the same -db file: the order made before is there,
// and a form served before the restart is accepted after it (the nonce key
// is in the file), as the same checkout attempt.
func TestRun_RestartOnTheSameDBKeepsOrdersAndForms(t *testing.T) {
	db := filepath.Join(t.TempDir(), "checkout.db")
	base, stop := serve(t, "-db", db)
	get := func(path string) (int, string) {
		resp, err := http.Get(base + path)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	nonceRE := regexp.MustCompile(`name="nonce" value="([^"]+)"`)
	_, form := get("/")
	first := nonceRE.FindStringSubmatch(form)[1]
	_, form = get("/")
	second := nonceRE.FindStringSubmatch(form)[1] // loaded, not yet submitted
	resp, err := http.PostForm(base+"/checkout", url.Values{
		"nonce": {first}, "amount": {"12.50"}, "email": {"jenny@example.com"}, "card": {"tok_visa"},
	})
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	stop()

	base, stop = serve(t, "-db", db)
	defer stop()
	code, body := get("/api/orders/" + first[:32])
	require.Equal(t, http.StatusOK, code, "the order made before the restart is lost: %s", body)
	assert.Contains(t, body, `"amount":1250`)

	resp, err = http.PostForm(base+"/checkout", url.Values{
		"nonce": {second}, "amount": {"3.00"}, "email": {"jenny@example.com"}, "card": {"tok_visa"},
	})
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode, "a form served before the restart is refused after it")
	code, _ = get("/api/orders/" + second[:32])
	assert.Equal(t, http.StatusOK, code)
}
