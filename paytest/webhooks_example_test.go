package paytest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/paytest"
)

// A webhook endpoint that is down misses the event; the events list, with
// delivery_success=false, finds it to reconcile.
func ExampleServer_AddWebhookEndpoint() {
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer down.Close()

	srv := paytest.NewServer()
	defer srv.Close()
	srv.AddWebhookEndpoint(down.URL, "whsec_example")
	client := srv.Client()
	ctx := context.Background()
	ch, err := charge.NewClient(client).Create(ctx, &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_visa"})
	if err != nil {
		panic(err)
	}
	if err := srv.WaitForWebhooks(ctx); err != nil { // retried, then given up
		panic(err)
	}

	var missed struct {
		Data []struct {
			Type string `json:"type"`
			Data struct {
				Object struct {
					ID string `json:"id"`
				} `json:"object"`
			} `json:"data"`
		} `json:"data"`
	}
	if err := client.Do(ctx, "GET", "/v1/events?delivery_success=false&type=charge.*", nil, &missed); err != nil {
		panic(err)
	}
	for _, ev := range missed.Data {
		fmt.Println(ev.Type, ev.Data.Object.ID == ch.ID)
	}
	// Output: charge.succeeded true
}
