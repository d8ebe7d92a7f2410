package refund_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/paykit/pay"
	"github.com/paykit/pay/refund"
)

// exampleServer stands in for the API in the examples, serving the
// fixtures under testdata.
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
	mux.HandleFunc("POST /v1/refunds", serve("refund.json"))
	mux.HandleFunc("GET /v1/refunds", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("starting_after") == "re_2" {
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
	refunds := refund.NewClient(pay.NewClient("sk_test_123", pay.WithBaseURL(srv.URL)))

	re, err := refunds.Create(context.Background(), &refund.CreateParams{
		Charge:   "ch_1NirD82eZvKYlo2CIvbtLWuY",
		Amount:   500, // 0 refunds all that is left
		Reason:   refund.ReasonRequestedByCustomer,
		Metadata: pay.Metadata{"order_id": "6735"},
	}, pay.IdempotencyKey("refund-6735-1"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(re.ID, re.Status, re.Amount, re.Currency)
	fmt.Println("charge:", re.Charge.ID)
	// Output:
	// re_1Nispe2eZvKYlo2Cd31jOCgZ succeeded 500 usd
	// charge: ch_1NirD82eZvKYlo2CIvbtLWuY
}

func ExampleClient_List() {
	srv := exampleServer()
	defer srv.Close()
	refunds := refund.NewClient(pay.NewClient("sk_test_123", pay.WithBaseURL(srv.URL)))

	var total int64
	for re, err := range refunds.List(context.Background(), &refund.ListParams{Charge: "ch_1NirD82eZvKYlo2CIvbtLWuY"}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(re.ID, re.Amount)
		total += re.Amount
	}
	fmt.Println("refunded:", total)
	// Output:
	// re_3 300
	// re_2 200
	// re_1 100
	// refunded: 600
}
