package paymentintent_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/paykit/pay"
	"github.com/paykit/pay/paymentintent"
)

// Charge a saved card off session, and bring the customer back when the
// bank asks for authentication. The example's server declines with
// authentication_required, as the API does for such a card; in your code
// the client is pay.NewClient(os.Getenv("STRIPE_SECRET_KEY")).
func ExampleFromError() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusPaymentRequired)
		fmt.Fprint(w, `{"error":{"type":"card_error","code":"authentication_required","message":"This transaction requires authentication.",
			"payment_intent":{"id":"pi_1","object":"payment_intent","status":"requires_payment_method","amount":2000,"currency":"usd",
			"client_secret":"pi_1_secret_abc","last_payment_error":{"type":"card_error","code":"authentication_required"}}}}`)
	}))
	defer srv.Close()
	pis := paymentintent.NewClient(pay.NewClient("sk_test_123", pay.WithBaseURL(srv.URL)))

	_, err := pis.Create(context.Background(), &paymentintent.CreateParams{
		Amount: 2000, Currency: "usd", Customer: "cus_1", PaymentMethod: "pm_saved",
		Confirm: true, OffSession: true,
	}, pay.IdempotencyKey("invoice-2026-12-cus_1"))
	var pe *pay.Error
	if errors.As(err, &pe) && pe.Code == pay.ErrorCodeAuthenticationRequired {
		pi, ok := paymentintent.FromError(err)
		if !ok {
			log.Fatal(err)
		}
		// Email the customer a link to a page that confirms pi.ID on session.
		fmt.Println(pi.ID, pi.Status, pi.LastPaymentError.Code)
	}
	// Output:
	// pi_1 requires_payment_method authentication_required
}
