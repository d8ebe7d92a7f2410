package paytest_test

import (
	"testing"

	"github.com/paykit/pay/paytest"
)

func TestCloseTwice(t *testing.T) {
	srv := paytest.NewServer()
	srv.Close()
	srv.Close()
}

func TestListen(t *testing.T) {
	srv, err := paytest.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	mustDo(t, srv, "GET", "/v1/customers", nil)
	if _, err := paytest.Listen("256.0.0.1:0"); err == nil {
		t.Error("Listen on a bad address succeeded")
	}
}
