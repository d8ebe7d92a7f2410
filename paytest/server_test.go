package paytest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay/paytest"
)

func TestCloseTwice(t *testing.T) {
	srv := paytest.NewServer()
	srv.Close()
	srv.Close()
}

func TestListen(t *testing.T) {
	srv, err := paytest.Listen("127.0.0.1:0")
	require.NoError(t, err)
	defer srv.Close()
	mustDo(t, srv, "GET", "/v1/customers", nil)
	_, err = paytest.Listen("256.0.0.1:0")
	assert.Error(t, err, "Listen on a bad address succeeded")
}
