// Package stripemock starts stripe-mock, the API's own OpenAPI-validating
// mock, for the conformance tests.
package stripemock

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Module is the stripe-mock version the conformance suite is pinned to.
const Module = "github.com/stripe/stripe-mock@v0.203.0"

// Start returns the base URL of a running stripe-mock and a function that
// stops it. With STRIPE_MOCK_URL set it uses that server. Otherwise it runs
// the stripe-mock binary (from PATH, GOBIN or GOPATH/bin; installed with
// `go install` when missing) on a free loopback port. It never gives up
// quietly: any failure is returned, so the suite fails instead of skipping.
func Start() (baseURL string, stop func(), err error) {
	if u := os.Getenv("STRIPE_MOCK_URL"); u != "" {
		return strings.TrimRight(u, "/"), func() {}, waitReady(u, 10*time.Second)
	}
	bin, err := binary()
	if err != nil {
		return "", nil, err
	}
	cmd := exec.Command(bin, "-http-addr", "127.0.0.1:", "-https-addr", "127.0.0.1:")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	stop = func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		const marker = "Listening for HTTP at address: "
		for sc.Scan() {
			if i := strings.Index(sc.Text(), marker); i >= 0 {
				addr <- strings.TrimSpace(sc.Text()[i+len(marker):])
				break
			}
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	select {
	case a := <-addr:
		baseURL = "http://" + a
	case <-time.After(30 * time.Second):
		stop()
		return "", nil, errors.New("stripe-mock did not report its address within 30s")
	}
	if err := waitReady(baseURL, 10*time.Second); err != nil {
		stop()
		return "", nil, err
	}
	return baseURL, stop, nil
}

func binary() (string, error) {
	if p, err := exec.LookPath("stripe-mock"); err == nil {
		return p, nil
	}
	gobin := os.Getenv("GOBIN")
	if gobin == "" {
		gopath, err := exec.Command("go", "env", "GOPATH").Output()
		if err != nil {
			return "", fmt.Errorf("finding GOPATH: %w", err)
		}
		gobin = filepath.Join(strings.TrimSpace(strings.Split(string(gopath), string(os.PathListSeparator))[0]), "bin")
	}
	p := filepath.Join(gobin, "stripe-mock")
	if _, err := os.Stat(p); err == nil {
		return p, nil
	}
	install := exec.Command("go", "install", Module)
	install.Env = append(os.Environ(), "GOBIN="+gobin)
	if msg, err := install.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go install %s: %w\n%s", Module, err, msg)
	}
	return p, nil
}

func waitReady(baseURL string, within time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(baseURL, "/")+"/v1/charges", nil)
		req.Header.Set("Authorization", "Bearer sk_test_123")
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("stripe-mock at %s not ready: %w", baseURL, err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}
