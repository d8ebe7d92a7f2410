package customer_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"

	"github.com/paykit/pay"
	"github.com/paykit/pay/customer"
)

// fixtureServer stands in for the API: it answers with the responses in
// testdata/.
func fixtureServer() *httptest.Server {
	serve := func(name string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			b, err := os.ReadFile("testdata/" + name)
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.Write(b)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/customers", serve("customer.json"))
	mux.HandleFunc("GET /v1/customers", serve("list_page2.json"))
	mux.HandleFunc("DELETE /v1/customers/{id}", serve("customer_deleted.json"))
	return httptest.NewServer(mux)
}

// Save a customer with a card from a checkout form, so they can be charged
// later, then find them again by email.
func Example() {
	srv := fixtureServer()
	defer srv.Close()
	ctx := context.Background()

	customers := customer.NewClient(pay.NewClient("sk_test_123", pay.WithBaseURL(srv.URL)))

	cus, err := customers.Create(ctx, &customer.CreateParams{
		Email:    "jennyrosen@example.com",
		Name:     "Jenny Rosen",
		Source:   "tok_visa", // the token from the checkout form
		Metadata: pay.Metadata{"order_id": "6735"},
	}, pay.IdempotencyKey("signup-jennyrosen"))
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	card := cus.Sources.Data[0]
	fmt.Println(cus.ID, cus.Email, "default source:", cus.DefaultSource.ID)
	fmt.Println(card.Brand, card.Last4, card.ExpMonth, card.ExpYear)

	for c, err := range customers.List(ctx, &customer.ListParams{Email: "jenny@example.com"}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println("found", c.ID)
	}
	// Output:
	// cus_NffrFeUfNV2Hib jennyrosen@example.com default source: card_1MtJUT2eZvKYlo2CNaw2HvEv
	// Visa 4242 8 2030
	// found cus_A3
}

// Delete a customer: the deleted object comes back with Deleted set.
func ExampleClient_Delete() {
	srv := fixtureServer()
	defer srv.Close()

	customers := customer.NewClient(pay.NewClient("sk_test_123", pay.WithBaseURL(srv.URL)))
	cus, err := customers.Delete(context.Background(), "cus_NffrFeUfNV2Hib")
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(cus.ID, cus.Deleted)
	// Output: cus_NffrFeUfNV2Hib true
}

// Update changes only the fields that are set; a pointer to "" clears one.
func ExampleClient_Update() {
	params := &customer.UpdateParams{
		Email:       pay.String("jenny@example.com"), // set
		Description: pay.String(""),                  // clear
		Metadata:    pay.Metadata{"plan": "pro"},     // add or change one key
	}
	fmt.Println(*params.Email, *params.Description == "", params.Name == nil)
	// Output: jenny@example.com true true
}
