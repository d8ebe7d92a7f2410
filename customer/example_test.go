package customer_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/paykit/pay"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/paytest"
)

// The examples run on paytest, the in-memory fake of the API; in your code
// the client is pay.NewClient(os.Getenv("STRIPE_SECRET_KEY")).

// Save a customer with a card from a checkout form, so they can be charged
// later, then find them again by email.
func Example() {
	srv := paytest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	customers := customer.NewClient(srv.Client())

	cus, err := customers.Create(ctx, &customer.CreateParams{
		Email:    "jennyrosen@example.com",
		Name:     "Jenny Rosen",
		Source:   "tok_visa", // the token from the checkout form
		Metadata: pay.Metadata{"order_id": "6735"},
	}, pay.IdempotencyKey("signup-jennyrosen"), pay.Expand("sources"))
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	card := cus.Sources.Data[0]
	fmt.Println(cus.Email, cus.Name, "default source is the card:", cus.DefaultSource.ID == card.ID)
	fmt.Println(card.Brand, card.Last4, strings.HasPrefix(card.ID, "card_"))

	for c, err := range customers.List(ctx, &customer.ListParams{Email: "jennyrosen@example.com"}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println("found", c.Name, c.ID == cus.ID)
	}
	// Output:
	// jennyrosen@example.com Jenny Rosen default source is the card: true
	// Visa 4242 true
	// found Jenny Rosen true
}

// Delete a customer: the deleted object comes back with Deleted set.
func ExampleClient_Delete() {
	srv := paytest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	customers := customer.NewClient(srv.Client())

	cus, err := customers.Create(ctx, &customer.CreateParams{Email: "jenny@example.com"})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	deleted, err := customers.Delete(ctx, cus.ID)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(deleted.ID == cus.ID, deleted.Deleted)
	// Output: true true
}

// Update changes only the fields that are set; a pointer to "" clears one.
func ExampleClient_Update() {
	srv := paytest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	customers := customer.NewClient(srv.Client())

	cus, err := customers.Create(ctx, &customer.CreateParams{
		Email: "jenny@example.com", Name: "Jenny Rosen", Description: "trial",
		Metadata: pay.Metadata{"plan": "basic", "ref": "ad"},
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	cus, err = customers.Update(ctx, cus.ID, &customer.UpdateParams{
		Email:       pay.String("jenny.rosen@example.com"),  // set
		Description: pay.String(""),                         // clear
		Metadata:    pay.Metadata{"plan": "pro", "ref": ""}, // change one key, unset another
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Printf("%s %s %q %v\n", cus.Email, cus.Name, cus.Description, cus.Metadata)
	// Output: jenny.rosen@example.com Jenny Rosen "" map[plan:pro]
}
