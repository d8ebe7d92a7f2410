package paymentmethod_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/paykit/pay"
	"github.com/paykit/pay/paymentmethod"
)

// The token a checkout form posts becomes a payment method, which a
// PaymentIntent then charges. The example's server answers as the API
// does; in your code the client is pay.NewClient(os.Getenv("STRIPE_SECRET_KEY")).
func ExampleClient_Create() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":"pm_1","object":"payment_method","type":"card","card":{"brand":"visa","last4":"4242","exp_month":12,"exp_year":2030},
			"billing_details":{"name":%q}}`, r.PostFormValue("billing_details[name]"))
	}))
	defer srv.Close()
	pms := paymentmethod.NewClient(pay.NewClient("sk_test_123", pay.WithBaseURL(srv.URL)))

	pm, err := pms.Create(context.Background(), &paymentmethod.CreateParams{
		Type:           "card",
		Card:           &paymentmethod.CardParams{Token: "tok_visa"}, // r.PostFormValue("stripeToken")
		BillingDetails: &paymentmethod.BillingDetailsParams{Name: "Jenny Rosen"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(pm.ID, pm.Card.Brand, pm.Card.Last4, pm.BillingDetails.Name)
	// Output:
	// pm_1 visa 4242 Jenny Rosen
}
