package webhook_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/paytest"
	"github.com/paykit/pay/webhook"
)

// A webhook endpoint that marks orders paid, tested against paytest: paytest
// sends the signed charge.succeeded event the charge causes.
func ExampleHandler() {
	secret := "whsec_example"
	var mu sync.Mutex
	paid := map[string]string{} // order id -> charge id
	hook := webhook.Handler(secret, func(ctx context.Context, ev *webhook.Event) error {
		if ev.Type != webhook.ChargeSucceeded {
			return nil
		}
		ch, err := ev.Charge()
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		paid[ch.Metadata["order_id"]] = ch.ID // idempotent: a second delivery changes nothing
		return nil
	})
	endpoint := httptest.NewServer(hook)
	defer endpoint.Close()

	srv := paytest.NewServer()
	defer srv.Close()
	srv.AddWebhookEndpoint(endpoint.URL, secret)
	ctx := context.Background()
	ch, err := charge.NewClient(srv.Client()).Create(ctx, &charge.CreateParams{
		Amount: 2000, Currency: "usd", Source: "tok_visa", Metadata: pay.Metadata{"order_id": "6735"},
	})
	if err != nil {
		panic(err)
	}
	if err := srv.WaitForWebhooks(ctx); err != nil {
		panic(err)
	}
	mu.Lock()
	defer mu.Unlock()
	fmt.Println(paid["6735"] == ch.ID)
	// Output: true
}

func ExampleVerify() {
	secret := "whsec_example"
	payload := []byte(`{"id":"evt_1","object":"event","type":"customer.created","data":{"object":{"id":"cus_1","object":"customer","email":"jenny@example.com"}}}`)
	header := webhook.Sign(payload, secret, time.Now()) // what the API sends as Stripe-Signature

	ev, err := webhook.Verify(payload, header, secret)
	if err != nil {
		panic(err)
	}
	cu, err := ev.Customer()
	if err != nil {
		panic(err)
	}
	fmt.Println(ev.Type, cu.ID, cu.Email)

	_, err = webhook.Verify(payload, header, "whsec_other")
	fmt.Println(err)
	// Output:
	// customer.created cus_1 jenny@example.com
	// webhook: no signature matches the payload
}

func ExampleSign() {
	payload := []byte(`{"id":"evt_1","object":"event","type":"charge.succeeded"}`)
	header := webhook.Sign(payload, "whsec_test_secret", time.Unix(1700000000, 0))
	fmt.Println(header)
	// Output: t=1700000000,v1=ac1ab887a13a43f7e22e9eb21eab375b1f40446fa99ade9b6a94fca7f66acd38
}
