package pay_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
)

type callThing struct {
	ID     string         `json:"id"`
	Amount int64          `json:"amount"`
	Ref    *pay.Reference `json:"ref"`
}

type callParams struct {
	Amount int64  `url:"amount"`
	Note   string `url:"note,omitempty"`
}

func TestCall_SendsRequestAndDecodesIntoNewT(t *testing.T) {
	var gotMethod, gotPath string
	var gotForm url.Values
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotMethod, gotPath = r.Method, r.URL.Path
		b, _ := io.ReadAll(r.Body)
		gotForm, _ = url.ParseQuery(string(b))
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"th_1","amount":7,"ref":"pi_1","unknown":{"a":[1,2]}}`)
	}))
	t.Cleanup(srv.Close)
	c := pay.NewClient("sk_test_call", pay.WithBaseURL(srv.URL), pay.WithMaxRetries(0))

	got, err := pay.Call[callThing](context.Background(), c, http.MethodPost, "/v1/things", &callParams{Amount: 7, Note: "hi"})
	require.NoError(t, err)
	assert.Equal(t, http.MethodPost, gotMethod)
	assert.Equal(t, "/v1/things", gotPath)
	assert.Equal(t, url.Values{"amount": {"7"}, "note": {"hi"}}, gotForm)
	assert.Equal(t, &callThing{ID: "th_1", Amount: 7, Ref: &pay.Reference{ID: "pi_1"}}, got)
}

func TestCall_APIErrorReturnsNilAndTypedError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Request-Id", "req_404")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"error":{"type":"invalid_request_error","code":"resource_missing","param":"id","message":"No such thing"}}`)
	}))
	t.Cleanup(srv.Close)
	c := pay.NewClient("sk_test_call", pay.WithBaseURL(srv.URL), pay.WithMaxRetries(0))

	got, err := pay.Call[callThing](context.Background(), c, http.MethodGet, "/v1/things/th_x", nil)
	assert.Nil(t, got)
	var pe *pay.Error
	require.True(t, errors.As(err, &pe), "err = %v (%T)", err, err)
	assert.Equal(t, pay.ErrorTypeInvalidRequest, pe.Type)
	assert.Equal(t, pay.ErrorCode("resource_missing"), pe.Code)
	assert.Equal(t, "id", pe.Param)
	assert.Equal(t, http.StatusNotFound, pe.StatusCode)
	assert.Equal(t, "req_404", pe.RequestID)
}

func TestCall_NilClientIsTypedErrorNotPanic(t *testing.T) {
	var c *pay.Client
	got, err := pay.Call[callThing](context.Background(), c, http.MethodGet, "/v1/things/th_1", nil)
	assert.Nil(t, got)
	var pe *pay.Error
	require.True(t, errors.As(err, &pe), "err = %v (%T)", err, err)
	assert.Equal(t, pay.ErrorTypeInvalidRequest, pe.Type)
	assert.Zero(t, pe.StatusCode)
	assert.Zero(t, pe.Attempts)
}
