package paytest_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/paykit/pay"
	"github.com/paykit/pay/paytest"
)

func ExampleNewServer() {
	srv := paytest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	var ch struct {
		ID       string `json:"id"`
		Amount   int64  `json:"amount"`
		Status   string `json:"status"`
		Captured bool   `json:"captured"`
		Source   struct {
			Brand string `json:"brand"`
			Last4 string `json:"last4"`
		} `json:"source"`
	}
	err := client.Do(ctx, "POST", "/v1/charges", url.Values{
		"amount":   {"2000"},
		"currency": {"usd"},
		"source":   {"tok_visa"},
	}, &ch, pay.IdempotencyKey("order-6735"))
	if err != nil {
		panic(err)
	}
	fmt.Println(ch.Amount, ch.Status, ch.Captured, ch.Source.Brand, ch.Source.Last4)

	err = client.Do(ctx, "POST", "/v1/charges", url.Values{
		"amount":   {"2000"},
		"currency": {"usd"},
		"source":   {"tok_chargeDeclinedInsufficientFunds"},
	}, nil)
	var pe *pay.Error
	if errors.As(err, &pe) {
		fmt.Println(pe.StatusCode, pe.Type, pe.Code, pe.DeclineCode, pe.ChargeID != "")
	}
	// Output:
	// 2000 succeeded true Visa 4242
	// 402 card_error card_declined insufficient_funds true
}

func ExampleServer_FailNext() {
	srv := paytest.NewServer()
	defer srv.Close()
	client := srv.Client()

	// The first attempt stores the charge, then the connection drops; the
	// client's retry carries the same Idempotency-Key and gets the stored
	// charge back instead of charging twice.
	srv.FailNext(1, paytest.Fault{DropAfterWork: true})
	var resp pay.Response
	err := client.Do(context.Background(), "POST", "/v1/charges", url.Values{
		"amount": {"500"}, "currency": {"eur"}, "source": {"tok_mastercard"},
	}, nil, pay.ResponseInto(&resp))
	if err != nil {
		panic(err)
	}
	var page pay.Page[struct{ ID string }]
	if err := client.Do(context.Background(), "GET", "/v1/charges", nil, &page); err != nil {
		panic(err)
	}
	fmt.Println("replayed:", resp.Replayed, "charges:", len(page.Data))
	// Output:
	// replayed: true charges: 1
}
