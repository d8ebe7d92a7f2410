package main

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	req, err := http.NewRequest("POST", srv.URL+"/v1/charges", strings.NewReader("amount=2000&currency=usd&source=tok_visa"))
	require.NoError(t, err)
	req.SetBasicAuth("sk_test_abc", "")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	cancel()
	require.NoError(t, <-done)
	assert.Contains(t, out.String(), "paytest listening on http://127.0.0.1:")
}

func TestRunRejectsBadFlags(t *testing.T) {
	var out bytes.Buffer
	assert.Error(t, run(context.Background(), []string{"-fail-rate", "2"}, &out, nil), "-fail-rate 2 accepted")
	assert.Error(t, run(context.Background(), []string{"-nope"}, &out, nil), "unknown flag accepted")
}
