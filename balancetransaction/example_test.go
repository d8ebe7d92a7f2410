package balancetransaction_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/paykit/pay"
	"github.com/paykit/pay/balancetransaction"
)

// A month's balance, gross, fees and net by type. The example's server
// answers with two transactions, a charge and the refund of part of it; in
// your code the client is pay.NewClient(os.Getenv("STRIPE_SECRET_KEY")).
func ExampleClient_List() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"object":"list","url":"/v1/balance_transactions","has_more":false,"data":[
			{"id":"txn_2","object":"balance_transaction","type":"refund","amount":-500,"fee":0,"net":-500,"currency":"usd","status":"pending","source":"re_1"},
			{"id":"txn_1","object":"balance_transaction","type":"charge","amount":2000,"fee":88,"net":1912,"currency":"usd","status":"available","source":"ch_1",
			 "fee_details":[{"amount":88,"currency":"usd","description":"Stripe processing fees","type":"stripe_fee"}]}]}`)
	}))
	defer srv.Close()
	bts := balancetransaction.NewClient(pay.NewClient("sk_test_123", pay.WithBaseURL(srv.URL)))

	type total struct{ gross, fee, net int64 }
	byType := map[balancetransaction.Type]*total{}
	var order []balancetransaction.Type
	for bt, err := range bts.List(context.Background(), &balancetransaction.ListParams{
		Created: &pay.RangeQuery{GTE: 1719792000, LT: 1722470400}, // July 2024
	}) {
		if err != nil {
			log.Fatal(err)
		}
		tt := byType[bt.Type]
		if tt == nil {
			tt = &total{}
			byType[bt.Type] = tt
			order = append(order, bt.Type)
		}
		tt.gross, tt.fee, tt.net = tt.gross+bt.Amount, tt.fee+bt.Fee, tt.net+bt.Net
	}
	for _, typ := range order {
		fmt.Printf("%-6s gross %5d fee %3d net %5d\n", typ, byType[typ].gross, byType[typ].fee, byType[typ].net)
	}
	// Output:
	// refund gross  -500 fee   0 net  -500
	// charge gross  2000 fee  88 net  1912
}

// The balance transaction of one charge: its fee and when the money is
// yours.
func ExampleClient_Get() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"txn_1","object":"balance_transaction","type":"charge","amount":2000,"fee":88,"net":1912,
			"currency":"usd","status":"pending","available_on":1722211200,"source":"ch_1"}`)
	}))
	defer srv.Close()
	bts := balancetransaction.NewClient(pay.NewClient("sk_test_123", pay.WithBaseURL(srv.URL)))

	bt, err := bts.Get(context.Background(), "txn_1") // a charge's BalanceTransaction.ID
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(bt.Source.ID, bt.Amount, bt.Fee, bt.Net, bt.Status == balancetransaction.StatusPending, bt.AvailableOn)
	// Output:
	// ch_1 2000 88 1912 true 1722211200
}
