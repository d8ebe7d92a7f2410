package api_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/api"
)

func TestPath(t *testing.T) {
	tests := []struct {
		pattern string
		ids     []string
		want    string
		badID   bool
	}{
		{"/v1/charges", nil, "/v1/charges", false},
		{"/v1/charges/{id}", []string{"ch_1"}, "/v1/charges/ch_1", false},
		{"/v1/charges/{id}/capture", []string{"ch_1/../x?y"}, "/v1/charges/ch_1%2F..%2Fx%3Fy/capture", false},
		{"/v1/customers/{customer}/sources/{id}", []string{"cus_1", "card_1"}, "/v1/customers/cus_1/sources/card_1", false},
		{"/v1/customers/{customer}/sources/{id}", []string{"cus_1", ".."}, "", true},
		{"/v1/charges/{id}", []string{""}, "", true},
	}
	for _, tt := range tests {
		p := api.Path(tt.pattern, tt.ids...)
		assert.Equal(t, tt.want, p.String(), tt.pattern)
		if tt.badID {
			var perr *pay.Error
			require.ErrorAs(t, p.Err(), &perr)
			assert.Equal(t, "id", perr.Param)
		} else {
			assert.NoError(t, p.Err())
		}
	}
	assert.Panics(t, func() { api.Path("/v1/charges/{id}") })
	assert.Panics(t, func() { api.Path("/v1/charges", "ch_1") })
}

func TestCallChecksBeforeSending(t *testing.T) {
	sent := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent++
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"id":"x"}`))
	}))
	defer srv.Close()
	c := pay.NewClient("sk_test_123", pay.WithBaseURL(srv.URL))
	type obj struct {
		ID string `json:"id"`
	}
	bad := errors.New("bad params")

	_, err := api.Post[obj](context.Background(), c, api.Path("/v1/x/{id}", ""), nil, bad, nil)
	var perr *pay.Error
	require.ErrorAs(t, err, &perr, "a bad id is reported before the params' error")
	assert.Equal(t, "id", perr.Param)

	_, err = api.Post[obj](context.Background(), c, api.Path("/v1/x/{id}", "x"), nil, bad, nil)
	assert.ErrorIs(t, err, bad)
	assert.Equal(t, 0, sent)

	got, err := api.Get[obj](context.Background(), c, api.Path("/v1/x/{id}", "x"), nil)
	require.NoError(t, err)
	assert.Equal(t, "x", got.ID)
	assert.Equal(t, 1, sent)
}
