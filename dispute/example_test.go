package dispute_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/paykit/pay"
	"github.com/paykit/pay/dispute"
)

// Answer the disputes that wait for evidence. The example's server holds
// one open dispute and decides for the shop when the evidence is
// submitted; in your code the client is
// pay.NewClient(os.Getenv("STRIPE_SECRET_KEY")).
func ExampleClient_Submit() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.Method {
		case http.MethodGet:
			fmt.Fprint(w, `{"object":"list","url":"/v1/disputes","has_more":false,"data":[
				{"id":"dp_1","object":"dispute","amount":2000,"currency":"usd","charge":"ch_1","reason":"product_not_received",
				 "status":"needs_response","evidence_details":{"due_by":1722729599}}]}`)
		default:
			fmt.Fprintf(w, `{"id":"dp_1","object":"dispute","amount":2000,"currency":"usd","charge":"ch_1",
				"status":"under_review","evidence":{"shipping_tracking_number":%q},"evidence_details":{"submission_count":1}}`,
				r.PostFormValue("evidence[shipping_tracking_number]"))
		}
	}))
	defer srv.Close()
	disputes := dispute.NewClient(pay.NewClient("sk_test_123", pay.WithBaseURL(srv.URL)))
	ctx := context.Background()

	for d, err := range disputes.List(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		if d.Status != dispute.StatusNeedsResponse {
			continue
		}
		fmt.Println(d.ID, d.Reason, "on", d.Charge.ID, "due by", d.EvidenceDetails.DueBy)
		d, err = disputes.Submit(ctx, d.ID, &dispute.EvidenceParams{
			ShippingCarrier:        pay.String("DHL"),
			ShippingTrackingNumber: pay.String("1Z999AA10123456784"),
		}, pay.IdempotencyKey("evidence-"+d.ID))
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(d.ID, d.Status, d.Evidence.ShippingTrackingNumber)
	}
	// Output:
	// dp_1 product_not_received on ch_1 due by 1722729599
	// dp_1 under_review 1Z999AA10123456784
}
