// Package paytest is an in-memory, stateful fake of the Charges API
// (/v1/charges, /v1/customers and /v1/refunds) for tests and offline
// examples. It imports no test framework.
//
// What you create is there when you read it back: charges, customers with
// their saved cards, and refunds are stored, captured and refunded the way
// the API does it. Params are validated like the API (unknown, missing and
// malformed params are 400 invalid_request_errors with the API's error
// shape); test tokens such as tok_visa and tok_chargeDeclinedInsufficientFunds
// behave as documented, declines included; idempotency keys replay; lists
// are newest first with the API's cursors; expand works for customer,
// balance_transaction, refund.charge and default_source.
//
//	srv := paytest.NewServer()
//	defer srv.Close()
//	client := srv.Client()       // a *pay.Client with key sk_test_paytest, aimed at srv
//	var ch map[string]any
//	err := client.Do(ctx, "POST", "/v1/charges", url.Values{
//		"amount":   {"2000"},
//		"currency": {"usd"},
//		"source":   {"tok_visa"},
//	}, &ch)
//
// Faults let a test exercise its retry handling: [Server.FailNext] and
// [Server.FailRandomly] answer with a status, add latency, or drop the
// connection before or after the work is done ([Fault]).
//
// Events: the server emits the events its work causes (charge.succeeded,
// charge.failed, charge.captured, charge.updated, charge.refunded,
// customer.created, customer.updated, customer.deleted, refund.created,
// refund.updated), each naming the request and idempotency key behind it;
// a replayed idempotent request emits nothing. [Server.AddWebhookEndpoint]
// delivers them signed, in order, retried on failure;
// [Server.WaitForWebhooks] waits for the deliveries; [Server.Events] and
// GET /v1/events (filters type, types[], created, delivery_success) list
// them, for tests that reconcile after a missed webhook.
//
// Where the real API and paytest differ, paytest documents it:
//   - Idempotency keys are scoped to the server (one account), as the API
//     does: a key reused on another method or path is a 400
//     idempotency_error. Keys apply to POST and DELETE; they never expire.
//     As the API does, a response is saved only once the endpoint started
//     its work: param validation errors are not saved, card declines are.
//   - A customer's sources are included only when expanded
//     (expand[]=sources), as in current API versions; default_source is
//     the card's id unless expanded.
//   - Tokens are reusable (the documented test tokens are).
//   - Only cards are modelled: no payment intents, bank accounts, disputes,
//     transfers or application fees (their fields are null).
package paytest
