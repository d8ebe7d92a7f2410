// Package paytest is an in-memory, stateful fake of the Charges API
// (/v1/charges, /v1/customers and /v1/refunds) for tests and offline
// examples. It imports no test framework.
//
// What you create is there when you read it back: charges, customers with
// their saved cards, and refunds are stored, captured and refunded the way
// the API does it. Params are validated like the API (unknown, missing and
// malformed params are 400 invalid_request_errors with the API's error
// shape); test tokens such as tok_visa and tok_chargeDeclinedInsufficientFunds
// (or tok_visa_chargeDeclinedInsufficientFunds) behave as documented,
// declines, Radar blocks (tok_radarBlock, tok_riskLevelHighest), elevated
// risk and failed CVC and address checks (tok_cvcCheckFail, tok_avsFail,
// tok_avsZipFail, tok_avsLine1Fail) included; idempotency keys replay; lists
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
// Options bring it closer to the API: [Seed] makes ids (and so the random
// faults drawn per idempotency key) the same on every run;
// [RateLimit](25) answers 429 rate_limit past test mode's 25 requests a
// second per account; [WebhookRetries] sets how often and how far apart a
// failed webhook delivery is retried.
//
//	srv := paytest.NewServer(paytest.Seed(1), paytest.RateLimit(25))
//
// Events: the server emits the events its work causes (charge.succeeded,
// charge.failed, charge.captured, charge.updated, charge.refunded,
// customer.created, customer.updated, customer.deleted, refund.created,
// refund.updated), each naming the request and idempotency key behind it;
// a replayed idempotent request emits nothing. [Server.AddWebhookEndpoint]
// delivers them signed, in order: one delivery and, on failure, 4 retries
// (10ms to 80ms apart, see [WebhookRetries]);
// [Server.WaitForWebhooks] waits for the deliveries; [Server.Events] and
// GET /v1/events (filters type, types[], created, delivery_success) list
// them, for tests that reconcile after a missed webhook.
//
// The test tokens (tok_visa_chargeDeclined... spellings of the declines
// work too); "saves" says whether a customer can keep the card:
//
//	tok_visa, tok_us, tok_visa_debit, tok_mastercard,
//	tok_amex, tok_discover, tok_jcb, tok_unionpay  succeeds; saves
//	tok_chargeDeclined                       card_declined, generic_decline; does not save
//	tok_chargeDeclinedInsufficientFunds      card_declined, insufficient_funds; does not save
//	tok_chargeDeclinedLostCard, ...StolenCard  card_declined, lost_card / stolen_card; does not save
//	tok_chargeDeclinedExpiredCard            expired_card; does not save
//	tok_chargeDeclinedIncorrectCvc           incorrect_cvc, CVC check fail; does not save
//	tok_chargeDeclinedProcessingError        processing_error; does not save
//	tok_chargeDeclinedVelocityLimitExceeded  card_declined, card_velocity_exceeded; does not save
//	tok_chargeDeclinedFraudulent, tok_radarBlock,
//	tok_riskLevelHighest                     blocked by Radar (fraudulent); does not save
//	tok_riskLevelElevated                    succeeds, risk level elevated; saves
//	tok_cvcCheckFail                         succeeds, CVC check fail; saves
//	tok_avsFail, tok_avsZipFail, tok_avsLine1Fail  succeeds, address checks fail; saves
//	tok_chargeCustomerFail                   saves, then every charge fails (generic_decline)
//
// PaymentMethods, PaymentIntents and SetupIntents (/v1/payment_methods,
// /v1/payment_intents, /v1/setup_intents) move through the API's states,
// with the API's 400s (payment_intent_unexpected_state) for a call in the
// wrong state. A payment method is made from a test token (card[token]),
// a test card number, or named directly: pm_card_<name> stands for
// tok_<name>'s card (pm_card_visa, pm_card_chargeDeclined, ...,
// pm_card_chargeCustomerFail), a new payment method each time it is used,
// and these ask for 3-D Secure:
//
//	pm_card_authenticationRequired, pm_card_threeDSecure2Required
//	    asks on every payment and setup; off session the payment fails
//	    with authentication_required (a 402 embedding the intent)
//	pm_card_authenticationRequiredOnSetup
//	    asks until set up for off-session use (a SetupIntent with usage
//	    off_session, or setup_future_usage=off_session), then never
//	pm_card_authenticationRequiredSetupForOffSession
//	    asks on session, never off session
//	pm_card_authenticationRequiredChargeDeclinedInsufficientFunds
//	    asks, then the payment is declined (insufficient_funds); saves
//
// An intent that asks is requires_action: with a return_url its
// next_action is redirect_to_url, a page this server serves at
// /paytest/3ds/{id} with buttons to complete or fail the authentication,
// which then redirect to the return URL with payment_intent (or
// setup_intent), its client secret and redirect_status (succeeded,
// failed); without one it is use_stripe_sdk. [Server.Authenticate] does
// the same in code. A confirmed PaymentIntent charges through
// /v1/charges' logic: its charges are charges (payment_intent set),
// refundable (refund with payment_intent), listed and searchable; manual
// capture holds them until capture (partial capture releases the rest)
// or cancel (which releases all). Events: payment_intent.created,
// .requires_action, .amount_capturable_updated, .succeeded,
// .payment_failed, .canceled; setup_intent.created, .requires_action,
// .succeeded, .setup_failed, .canceled; payment_method.attached,
// .detached; and the charge events of the charges they make.
//
// Where the real API and paytest differ, paytest documents it:
//   - Accounts: every secret key (any sk_test_ key is accepted) is an
//     account of its own, and a Stripe-Account header names a connected
//     account reached with that key. Each account has its own charges,
//     customers, cards and refunds: an object of one account is missing
//     (resource_missing) in every other, and lists show only the account's
//     own. paytest does not check that a connected account exists, and two
//     keys are never the same account (in the API, a rolled key is).
//   - Idempotency keys are scoped per account, as the API does: the same key
//     sent with another secret key or another Stripe-Account is a different
//     key (a new request, never a replay of the other account's response),
//     and within one account a key reused on another method or path is a
//     400 idempotency_error. Keys apply to POST and DELETE. As in the API,
//     a key expires 24 hours after its first use, on the server's clock
//     ([Server.SetClock]): sent again after that, it is a new request, and
//     the work is done again.
//     As the API does, a response is saved only once the endpoint started
//     its work: param validation errors are not saved, card declines are.
//   - A customer's sources are included only when expanded
//     (expand[]=sources), as in current API versions; default_source is
//     the card's id unless expanded.
//   - Tokens are reusable (the documented test tokens are).
//   - Only cards are modelled: no payment intents, bank accounts, disputes,
//     transfers or application fees (their fields are null).
//   - A customer's first saved card becomes its default_source; deleting the
//     default card leaves none (default_source null) until one is set with
//     default_source. A charge copies its card's name and address into
//     billing_details and keeps them when the card is updated later.
//   - Search (/v1/charges/search, /v1/customers/search) is consistent at
//     once: what was just created is found. It implements the query
//     language (see search.go) for the API's query fields; a bad query is a
//     400 invalid_request_error with param query. total_count is only sent
//     with expand[]=total_count, as the API does.
//   - Card refunds succeed at once, so no refund is ever requires_action:
//     POST /v1/refunds/{id}/cancel always answers the API's 400.
//   - There are no test clocks, payment methods or cash balances: naming one
//     (test_clock, payment_method, invoice_settings[default_payment_method])
//     is a "No such ..." 400, and a refund with origin=customer_balance
//     fails for want of a balance.
package paytest
