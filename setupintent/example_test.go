package setupintent_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/paykit/pay"
	"github.com/paykit/pay/setupintent"
)

// Save a card for later: the bank asks for 3-D Secure, so the customer is
// sent to its page and comes back to the return URL. The example's server
// answers as the API does; in your code the client is
// pay.NewClient(os.Getenv("STRIPE_SECRET_KEY")).
func ExampleClient_Create() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"seti_1","object":"setup_intent","status":"requires_action","usage":"off_session","customer":"cus_1",
			"client_secret":"seti_1_secret_abc","next_action":{"type":"redirect_to_url",
			"redirect_to_url":{"url":"https://bank.example/3ds?seti_1","return_url":"https://shop.example/saved"}}}`)
	}))
	defer srv.Close()
	sis := setupintent.NewClient(pay.NewClient("sk_test_123", pay.WithBaseURL(srv.URL)))

	si, err := sis.Create(context.Background(), &setupintent.CreateParams{
		Customer: "cus_1", PaymentMethod: "pm_card_authenticationRequiredOnSetup",
		Usage: setupintent.UsageOffSession, Confirm: true, ReturnURL: "https://shop.example/saved",
	}, pay.IdempotencyKey("save-card-cus_1"))
	if err != nil {
		log.Fatal(err)
	}
	if si.Status == setupintent.StatusRequiresAction && si.NextAction.Type == pay.NextActionRedirectToURL {
		fmt.Println("redirect to", si.NextAction.RedirectToURL.URL) // http.Redirect(w, r, ..., http.StatusSeeOther)
	}
	// Output:
	// redirect to https://bank.example/3ds?seti_1
}
