package main

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/paykit/pay/paytest"
)

func TestRunServesAPI(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out bytes.Buffer
	ready := make(chan *paytest.Server, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, &out, func(s *paytest.Server) { ready <- s })
	}()
	srv := <-ready
	req, _ := http.NewRequest("POST", srv.URL+"/v1/charges", strings.NewReader("amount=2000&currency=usd&source=tok_visa"))
	req.SetBasicAuth("sk_test_abc", "")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("status %d", resp.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "paytest listening on http://127.0.0.1:") {
		t.Errorf("output = %q", out.String())
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-fail-rate", "2"}, &out, nil); err == nil {
		t.Error("-fail-rate 2 accepted")
	}
	if err := run(context.Background(), []string{"-nope"}, &out, nil); err == nil {
		t.Error("unknown flag accepted")
	}
}
