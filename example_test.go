package pay_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/paykit/pay"
)

// fakeAPI stands in for the API in these examples; tests of your own code
// would use package paytest instead.
func fakeAPI() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/charges", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		w.Header().Set("Request-Id", "req_123")
		w.Header().Set("Content-Type", "application/json")
		if r.PostForm.Get("source") == "tok_chargeDeclinedInsufficientFunds" {
			w.WriteHeader(http.StatusPaymentRequired)
			io.WriteString(w, `{"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds",
				"message":"Your card has insufficient funds.","charge":"ch_declined"}}`)
			return
		}
		fmt.Fprintf(w, `{"id":"ch_1","amount":%s,"currency":%q,"metadata":{"order_id":%q}}`,
			r.PostForm.Get("amount"), r.PostForm.Get("currency"), r.PostForm.Get("metadata[order_id]"))
	})
	mux.HandleFunc("GET /v1/charges", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Query().Get("starting_after") {
		case "":
			io.WriteString(w, `{"object":"list","url":"/v1/charges","has_more":true,"data":[{"id":"ch_3","amount":300},{"id":"ch_2","amount":200}]}`)
		default:
			io.WriteString(w, `{"object":"list","url":"/v1/charges","has_more":false,"data":[{"id":"ch_1","amount":100}]}`)
		}
	})
	return httptest.NewServer(mux)
}

// myCharge is a type of your own for the charge object, as a caller of
// Client.Do for an endpoint without a typed wrapper would write.
type myCharge struct {
	ID       string            `json:"id"`
	Amount   int64             `json:"amount"`
	Currency string            `json:"currency"`
	Metadata map[string]string `json:"metadata"`
}

type createParams struct {
	Amount   int64        `url:"amount"`
	Currency string       `url:"currency"`
	Source   string       `url:"source"`
	Metadata pay.Metadata `url:"metadata"`
}

// Do calls an endpoint that has no typed wrapper: params are form-encoded,
// the JSON response is decoded into out.
func ExampleClient_Do() {
	srv := fakeAPI()
	defer srv.Close()
	client := pay.NewClient("sk_test_123", pay.WithBaseURL(srv.URL))

	var ch myCharge
	var resp pay.Response
	err := client.Do(context.Background(), http.MethodPost, "/v1/charges", &createParams{
		Amount:   2000,
		Currency: "usd",
		Source:   "tok_visa",
		Metadata: pay.Metadata{"order_id": "6735"},
	}, &ch, pay.IdempotencyKey("order-6735"), pay.ResponseInto(&resp))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ch.ID, ch.Amount, ch.Currency, ch.Metadata["order_id"])
	fmt.Println(resp.StatusCode, resp.RequestID, resp.IdempotencyKey, resp.Attempts)
	// Output:
	// ch_1 2000 usd 6735
	// 200 req_123 order-6735 1
}

// Every API failure is a *pay.Error: a declined card carries the issuer's
// reason and the failed charge.
func ExampleError() {
	srv := fakeAPI()
	defer srv.Close()
	client := pay.NewClient("sk_test_123", pay.WithBaseURL(srv.URL))

	err := client.Do(context.Background(), http.MethodPost, "/v1/charges", &createParams{
		Amount: 2000, Currency: "usd", Source: "tok_chargeDeclinedInsufficientFunds",
	}, nil)

	var perr *pay.Error
	if errors.As(err, &perr) && perr.Type == pay.ErrorTypeCard {
		fmt.Println(perr.Code, perr.DeclineCode, perr.ChargeID, perr.StatusCode)
		fmt.Println(perr.Message)
	}
	fmt.Println(err)
	// Output:
	// card_declined insufficient_funds ch_declined 402
	// Your card has insufficient funds.
	// pay: card_error: Your card has insufficient funds. (code=card_declined, decline_code=insufficient_funds, charge=ch_declined, status=402, request_id=req_123)
}

// Input that can never be valid fails before anything is sent, with the
// param named.
func ExampleError_invalidInput() {
	client := pay.NewClient("sk_test_123")
	err := client.Do(context.Background(), http.MethodPost, "/v1/charges", &createParams{
		Amount: 100, Currency: "usd", Metadata: pay.Metadata{strings.Repeat("k", 41): "v"},
	}, nil)
	var perr *pay.Error
	if errors.As(err, &perr) {
		fmt.Println(perr.Type, perr.Param, perr.StatusCode)
	}
	// Output:
	// invalid_request_error metadata 0
}

// List walks a list lazily, one page at a time.
func ExampleList() {
	srv := fakeAPI()
	defer srv.Close()
	client := pay.NewClient("sk_test_123", pay.WithBaseURL(srv.URL))

	type listParams struct {
		pay.ListParams
		Customer string `url:"customer,omitempty"`
	}
	params := &listParams{ListParams: pay.ListParams{Limit: 2}}
	for ch, err := range pay.List(context.Background(), client, "/v1/charges", params, func(c *myCharge) string { return c.ID }) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(ch.ID, ch.Amount)
	}
	// Output:
	// ch_3 300
	// ch_2 200
	// ch_1 100
}

// A Client never prints its key.
func ExampleClient_String() {
	client := pay.NewClient("sk_test_4eC39HqLyjWDarjtT1zdp7dc")
	fmt.Println(client)
	// Output:
	// pay.Client{baseURL: https://api.stripe.com, key: sk_test_[redacted]}
}

// Call is Do returning a new decoded T: the one-line body of a typed
// wrapper for an endpoint the library does not cover yet.
func ExampleCall() {
	srv := fakeAPI()
	defer srv.Close()
	client := pay.NewClient("sk_test_123", pay.WithBaseURL(srv.URL))

	ch, err := pay.Call[myCharge](context.Background(), client, http.MethodPost, "/v1/charges",
		&createParams{Amount: 2000, Currency: "usd", Source: "tok_visa", Metadata: pay.Metadata{"order_id": "6735"}})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(ch.ID, ch.Amount, ch.Currency, ch.Metadata["order_id"])
	// Output: ch_1 2000 usd 6735
}
