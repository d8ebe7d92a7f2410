package pay_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paykit/pay"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/paytest"
)

// A batch job's workers share one client and its rate limit: every
// attempt, retries included, waits its turn. A call whose deadline comes
// before its turn fails at once, with an error that matches
// context.DeadlineExceeded and pay.ErrRetryLater.
func ExampleWithRateLimit() {
	srv := paytest.NewServer()
	defer srv.Close()

	client := srv.Client(pay.WithRateLimit(200, 10))
	charges := charge.NewClient(client)
	var charged atomic.Int32
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 5 {
				_, err := charges.Create(context.Background(), &charge.CreateParams{
					Amount: 2000, Currency: "usd", Source: "tok_visa",
				}, pay.IdempotencyKey(fmt.Sprintf("invoice-2026-12-w%d-%d", w, i)))
				if err == nil {
					charged.Add(1)
				}
			}
		})
	}
	wg.Wait()
	fmt.Println("charged:", charged.Load())

	// One request a second: the second call's turn is a second away.
	slow := charge.NewClient(srv.Client(pay.WithRateLimit(1, 1)))
	_, err := slow.Get(context.Background(), "ch_missing")
	fmt.Println("first call answered:", err != nil)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	var resp pay.Response
	_, err = slow.Get(ctx, "ch_missing", pay.ResponseInto(&resp))
	fmt.Println("deadline exceeded:", errors.Is(err, context.DeadlineExceeded))
	fmt.Println("retry later:", errors.Is(err, pay.ErrRetryLater))
	fmt.Println("requests sent:", resp.Attempts)
	// Output:
	// charged: 20
	// first call answered: true
	// deadline exceeded: true
	// retry later: true
	// requests sent: 0
}

// A 429 is an *Error of type invalid_request_error, but not a wrong
// request: ask ErrOutcomeUnknown and ErrRetryLater before looking at Type.
func ExampleErrRetryLater() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"error":{"type":"invalid_request_error","code":"rate_limit","message":"Too many requests."}}`)
	}))
	defer api.Close()
	client := pay.NewClient("sk_test_123", pay.WithBaseURL(api.URL), pay.WithRetryWait(time.Millisecond, time.Millisecond))

	err := client.Do(context.Background(), "POST", "/v1/charges", nil, nil)
	var perr *pay.Error
	switch {
	case errors.Is(err, pay.ErrOutcomeUnknown):
		fmt.Println("may have been charged: ask again with the same key")
	case errors.Is(err, pay.ErrRetryLater):
		errors.As(err, &perr)
		fmt.Println("not now:", perr.StatusCode, perr.Code, "after", perr.Attempts, "attempts")
	case errors.As(err, &perr):
		fmt.Println("failed:", perr.Type)
	}
	// Output:
	// not now: 429 rate_limit after 3 attempts
}
