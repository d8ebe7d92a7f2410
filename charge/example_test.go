package charge_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
)

// exampleServer stands in for the API in the examples: it serves the
// fixtures under testdata and declines the token tok_chargeDeclined.
func exampleServer() *httptest.Server {
	serve := func(name string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			b, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(b)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/charges", func(w http.ResponseWriter, r *http.Request) {
		if r.FormValue("source") == "tok_chargeDeclined" {
			w.WriteHeader(http.StatusPaymentRequired)
			fmt.Fprint(w, `{"error":{"type":"card_error","code":"card_declined","decline_code":"generic_decline","message":"Your card was declined.","charge":"ch_declined"}}`)
			return
		}
		serve("charge.json")(w, r)
	})
	mux.HandleFunc("POST /v1/charges/{id}/capture", serve("charge.json"))
	mux.HandleFunc("GET /v1/charges/{id}", serve("charge_expanded.json"))
	mux.HandleFunc("GET /v1/charges", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("starting_after") == "ch_2" {
			serve("list_page2.json")(w, r)
			return
		}
		serve("list_page1.json")(w, r)
	})
	return httptest.NewServer(mux)
}

func ExampleClient_Create() {
	srv := exampleServer()
	defer srv.Close()
	charges := charge.NewClient(pay.NewClient("sk_test_123", pay.WithBaseURL(srv.URL)))

	ch, err := charges.Create(context.Background(), &charge.CreateParams{
		Amount:   1099,
		Currency: "usd",
		Source:   "tok_visa",
		Metadata: pay.Metadata{"order_id": "6735"},
		Shipping: &pay.ShippingParams{
			Name:    "Jenny Rosen",
			Address: &pay.AddressParams{Line1: "1 Main St", City: "San Francisco", Country: "US"},
		},
	}, pay.IdempotencyKey("order-6735"))
	if err != nil {
		log.Fatal(err)
	}
	card := ch.PaymentMethodDetails.Card
	fmt.Println(ch.ID, ch.Status, ch.Amount, ch.Currency)
	fmt.Println(card.Brand, card.Last4, "cvc:", card.Checks.CVCCheck)
	fmt.Println("customer:", ch.Customer.ID)
	// Output:
	// ch_3MmlLrLkdIwHu7ix0snN0B15 succeeded 1099 usd
	// visa 4242 cvc: pass
	// customer: cus_NffrFeUfNV2Hib
}

func ExampleClient_Create_declined() {
	srv := exampleServer()
	defer srv.Close()
	charges := charge.NewClient(pay.NewClient("sk_test_123", pay.WithBaseURL(srv.URL)))

	_, err := charges.Create(context.Background(), &charge.CreateParams{
		Amount: 1099, Currency: "usd", Source: "tok_chargeDeclined",
	})
	var pe *pay.Error
	if errors.As(err, &pe) && pe.Type == pay.ErrorTypeCard {
		fmt.Println(pe.Code, pe.DeclineCode, pe.ChargeID)
		fmt.Println(pe.Message)
	}
	// Output:
	// card_declined generic_decline ch_declined
	// Your card was declined.
}

func ExampleClient_Capture() {
	srv := exampleServer()
	defer srv.Close()
	charges := charge.NewClient(pay.NewClient("sk_test_123", pay.WithBaseURL(srv.URL)))
	ctx := context.Background()

	// Authorize only...
	ch, err := charges.Create(ctx, &charge.CreateParams{
		Amount: 1099, Currency: "usd", Source: "tok_visa", Capture: pay.Bool(false),
	})
	if err != nil {
		log.Fatal(err)
	}
	// ...and capture when the order ships (nil params capture it all).
	ch, err = charges.Capture(ctx, ch.ID, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ch.ID, "captured:", ch.Captured, ch.AmountCaptured)
	// Output:
	// ch_3MmlLrLkdIwHu7ix0snN0B15 captured: true 1099
}

func ExampleClient_Get_expand() {
	srv := exampleServer()
	defer srv.Close()
	charges := charge.NewClient(pay.NewClient("sk_test_123", pay.WithBaseURL(srv.URL)))

	ch, err := charges.Get(context.Background(), "ch_3MmlLrLkdIwHu7ix0snN0B15",
		pay.Expand("customer", "balance_transaction"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ch.Customer.ID, ch.Customer.Email)
	bt := ch.BalanceTransaction
	fmt.Println(bt.ID, "fee:", bt.Fee, "net:", bt.Net)
	// Output:
	// cus_NffrFeUfNV2Hib jennyrosen@example.com
	// txn_3MmlLrLkdIwHu7ix0uke3Ezy fee: 62 net: 1037
}

func ExampleClient_List() {
	srv := exampleServer()
	defer srv.Close()
	charges := charge.NewClient(pay.NewClient("sk_test_123", pay.WithBaseURL(srv.URL)))

	params := &charge.ListParams{Customer: "cus_NffrFeUfNV2Hib", ListParams: pay.ListParams{Limit: 2}}
	for ch, err := range charges.List(context.Background(), params) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(ch.ID, ch.Amount, ch.Status)
	}
	// Output:
	// ch_3 3000 succeeded
	// ch_2 2000 succeeded
	// ch_1 1000 failed
}
