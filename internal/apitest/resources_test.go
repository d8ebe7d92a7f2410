package apitest_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/paykit/pay"
	"github.com/paykit/pay/balancetransaction"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/dispute"
	"github.com/paykit/pay/event"
	"github.com/paykit/pay/internal/apitest"
	"github.com/paykit/pay/internal/conformance"
	"github.com/paykit/pay/paymentintent"
	"github.com/paykit/pay/paymentmethod"
	"github.com/paykit/pay/refund"
	"github.com/paykit/pay/setupintent"
	"github.com/paykit/pay/webhook"
)

// resources is the shared resource test table: one row per resource
// package runs the list, search, nil-client, bad-id, id-escaping and
// paytest round-trip cases of apitest.Resource. A new resource adds a row.
var resources = []apitest.Row{
	apitest.Resource[*charge.Client, charge.ListParams, charge.Charge]{
		Name: "charge", New: charge.NewClient, Path: "/v1/charges", Object: "charge", Prefix: "ch_",
		ID:   func(ch *charge.Charge) string { return ch.ID },
		List: (*charge.Client).List, ListPage: (*charge.Client).ListPage,
		Paged: func(lp pay.ListParams) *charge.ListParams { return &charge.ListParams{ListParams: lp} },
		Filters: &charge.ListParams{ListParams: pay.ListParams{Limit: 2}, Customer: "cus_1", Created: &pay.RangeQuery{GTE: 1679000000, LT: 1680000000},
			PaymentIntent: "pi_1", TransferGroup: "group_6735"},
		FilterQuery: url.Values{"limit": {"2"}, "customer": {"cus_1"}, "created[gte]": {"1679000000"}, "created[lt]": {"1680000000"},
			"payment_intent": {"pi_1"}, "transfer_group": {"group_6735"}},
		Search: (*charge.Client).Search, SearchPage: (*charge.Client).SearchPage,
		Calls: []apitest.Call[*charge.Client]{
			apitest.ByID(http.MethodGet, "/v1/charges/{id}", (*charge.Client).Get),
			apitest.ByIDWith(http.MethodPost, "/v1/charges/{id}", (*charge.Client).Update, nil),
			apitest.ByIDWith(http.MethodPost, "/v1/charges/{id}/capture", (*charge.Client).Capture, nil),
		},
		Get:  (*charge.Client).Get,
		Seed: seedCharge("tok_visa"),
	},
	apitest.Resource[*customer.Client, customer.ListParams, customer.Customer]{
		Name: "customer", New: customer.NewClient, Path: "/v1/customers", Object: "customer", Prefix: "cus_",
		ID:   func(c *customer.Customer) string { return c.ID },
		List: (*customer.Client).List, ListPage: (*customer.Client).ListPage,
		Paged: func(lp pay.ListParams) *customer.ListParams { return &customer.ListParams{ListParams: lp} },
		Filters: &customer.ListParams{ListParams: pay.ListParams{Limit: 2}, Email: "jenny@example.com", Created: &pay.RangeQuery{GT: 1679000000},
			TestClock: "clock_1"},
		FilterQuery: url.Values{"limit": {"2"}, "email": {"jenny@example.com"}, "created[gt]": {"1679000000"}, "test_clock": {"clock_1"}},
		Search:      (*customer.Client).Search, SearchPage: (*customer.Client).SearchPage,
		Calls: []apitest.Call[*customer.Client]{
			apitest.ByID(http.MethodGet, "/v1/customers/{id}", (*customer.Client).Get),
			apitest.ByIDWith(http.MethodPost, "/v1/customers/{id}", (*customer.Client).Update, nil),
			apitest.ByID(http.MethodDelete, "/v1/customers/{id}", (*customer.Client).Delete),
		},
		Get: (*customer.Client).Get,
		Seed: func(ctx context.Context, pc *pay.Client) (string, error) {
			cus, err := customer.NewClient(pc).Create(ctx, &customer.CreateParams{Email: "jenny@example.com"})
			return idOf(cus, err, func(c *customer.Customer) string { return c.ID })
		},
	},
	apitest.Resource[*refund.Client, refund.ListParams, refund.Refund]{
		Name: "refund", New: refund.NewClient, Path: "/v1/refunds", Object: "refund", Prefix: "re_",
		ID:   func(re *refund.Refund) string { return re.ID },
		List: (*refund.Client).List, ListPage: (*refund.Client).ListPage,
		Paged: func(lp pay.ListParams) *refund.ListParams { return &refund.ListParams{ListParams: lp} },
		Filters: &refund.ListParams{ListParams: pay.ListParams{Limit: 2}, Charge: "ch_1", Created: &pay.RangeQuery{LTE: 1680000000},
			PaymentIntent: "pi_1"},
		FilterQuery: url.Values{"limit": {"2"}, "charge": {"ch_1"}, "created[lte]": {"1680000000"}, "payment_intent": {"pi_1"}},
		Calls: []apitest.Call[*refund.Client]{
			apitest.ByID(http.MethodGet, "/v1/refunds/{id}", (*refund.Client).Get),
			apitest.ByIDWith(http.MethodPost, "/v1/refunds/{id}", (*refund.Client).Update, nil),
			apitest.ByID(http.MethodPost, "/v1/refunds/{id}/cancel", (*refund.Client).Cancel),
		},
		Get: (*refund.Client).Get,
		Seed: func(ctx context.Context, pc *pay.Client) (string, error) {
			chID, err := seedCharge("tok_visa")(ctx, pc)
			if err != nil {
				return "", err
			}
			re, err := refund.NewClient(pc).Create(ctx, &refund.CreateParams{Charge: chID})
			return idOf(re, err, func(re *refund.Refund) string { return re.ID })
		},
	},
	apitest.Resource[*paymentintent.Client, paymentintent.ListParams, paymentintent.PaymentIntent]{
		Name: "paymentintent", New: paymentintent.NewClient, Path: "/v1/payment_intents", Object: "payment_intent", Prefix: "pi_",
		ID:   func(pi *paymentintent.PaymentIntent) string { return pi.ID },
		List: (*paymentintent.Client).List, ListPage: (*paymentintent.Client).ListPage,
		Paged: func(lp pay.ListParams) *paymentintent.ListParams { return &paymentintent.ListParams{ListParams: lp} },
		Filters: &paymentintent.ListParams{ListParams: pay.ListParams{Limit: 2}, Customer: "cus_1", Created: &pay.RangeQuery{GTE: 1},
			CustomerAccount: "acct_1"},
		FilterQuery: url.Values{"limit": {"2"}, "customer": {"cus_1"}, "created[gte]": {"1"}, "customer_account": {"acct_1"}},
		Search:      (*paymentintent.Client).Search, SearchPage: (*paymentintent.Client).SearchPage,
		Calls: []apitest.Call[*paymentintent.Client]{
			apitest.ByID(http.MethodGet, "/v1/payment_intents/{id}", (*paymentintent.Client).Get),
			apitest.ByIDWith(http.MethodPost, "/v1/payment_intents/{id}", (*paymentintent.Client).Update, nil),
			apitest.ByIDWith(http.MethodPost, "/v1/payment_intents/{id}/confirm", (*paymentintent.Client).Confirm, nil),
			apitest.ByIDWith(http.MethodPost, "/v1/payment_intents/{id}/capture", (*paymentintent.Client).Capture, nil),
			apitest.ByIDWith(http.MethodPost, "/v1/payment_intents/{id}/cancel", (*paymentintent.Client).Cancel, nil),
		},
		Get: (*paymentintent.Client).Get,
		Seed: func(ctx context.Context, pc *pay.Client) (string, error) {
			pi, err := paymentintent.NewClient(pc).Create(ctx, &paymentintent.CreateParams{Amount: 2000, Currency: "usd"})
			return idOf(pi, err, func(pi *paymentintent.PaymentIntent) string { return pi.ID })
		},
	},
	apitest.Resource[*paymentmethod.Client, paymentmethod.ListParams, paymentmethod.PaymentMethod]{
		Name: "paymentmethod", New: paymentmethod.NewClient, Path: "/v1/payment_methods", Object: "payment_method", Prefix: "pm_",
		ID:   func(pm *paymentmethod.PaymentMethod) string { return pm.ID },
		List: (*paymentmethod.Client).List, ListPage: (*paymentmethod.Client).ListPage,
		Paged: func(lp pay.ListParams) *paymentmethod.ListParams { return &paymentmethod.ListParams{ListParams: lp} },
		// Customer changes the path (a customer's payment methods): its own
		// test is in paymentmethod.
		Filters:     &paymentmethod.ListParams{ListParams: pay.ListParams{Limit: 2}, Type: "card", AllowRedisplay: "always", CustomerAccount: "acct_1"},
		FilterQuery: url.Values{"limit": {"2"}, "type": {"card"}, "allow_redisplay": {"always"}, "customer_account": {"acct_1"}},
		Calls: []apitest.Call[*paymentmethod.Client]{
			apitest.ByID(http.MethodGet, "/v1/payment_methods/{id}", (*paymentmethod.Client).Get),
			apitest.ByIDWith(http.MethodPost, "/v1/payment_methods/{id}", (*paymentmethod.Client).Update, nil),
			apitest.ByIDWith(http.MethodPost, "/v1/payment_methods/{id}/attach", (*paymentmethod.Client).Attach, &paymentmethod.AttachParams{Customer: "cus_1"}),
			apitest.ByID(http.MethodPost, "/v1/payment_methods/{id}/detach", (*paymentmethod.Client).Detach),
		},
		Get: (*paymentmethod.Client).Get,
		Seed: func(ctx context.Context, pc *pay.Client) (string, error) {
			pm, err := paymentmethod.NewClient(pc).Create(ctx, &paymentmethod.CreateParams{Type: "card", Card: &paymentmethod.CardParams{Token: "tok_visa"}})
			return idOf(pm, err, func(pm *paymentmethod.PaymentMethod) string { return pm.ID })
		},
	},
	apitest.Resource[*setupintent.Client, setupintent.ListParams, setupintent.SetupIntent]{
		Name: "setupintent", New: setupintent.NewClient, Path: "/v1/setup_intents", Object: "setup_intent", Prefix: "seti_",
		ID:   func(si *setupintent.SetupIntent) string { return si.ID },
		List: (*setupintent.Client).List, ListPage: (*setupintent.Client).ListPage,
		Paged: func(lp pay.ListParams) *setupintent.ListParams { return &setupintent.ListParams{ListParams: lp} },
		Filters: &setupintent.ListParams{ListParams: pay.ListParams{Limit: 2}, AttachToSelf: pay.Bool(false), Created: &pay.RangeQuery{LT: 9},
			Customer: "cus_1", CustomerAccount: "acct_1", PaymentMethod: "pm_1"},
		FilterQuery: url.Values{"limit": {"2"}, "attach_to_self": {"false"}, "created[lt]": {"9"}, "customer": {"cus_1"},
			"customer_account": {"acct_1"}, "payment_method": {"pm_1"}},
		Calls: []apitest.Call[*setupintent.Client]{
			apitest.ByID(http.MethodGet, "/v1/setup_intents/{id}", (*setupintent.Client).Get),
			apitest.ByIDWith(http.MethodPost, "/v1/setup_intents/{id}", (*setupintent.Client).Update, nil),
			apitest.ByIDWith(http.MethodPost, "/v1/setup_intents/{id}/confirm", (*setupintent.Client).Confirm, nil),
			apitest.ByIDWith(http.MethodPost, "/v1/setup_intents/{id}/cancel", (*setupintent.Client).Cancel, nil),
		},
		Get: (*setupintent.Client).Get,
		Seed: func(ctx context.Context, pc *pay.Client) (string, error) {
			si, err := setupintent.NewClient(pc).Create(ctx, &setupintent.CreateParams{})
			return idOf(si, err, func(si *setupintent.SetupIntent) string { return si.ID })
		},
	},
	apitest.Resource[*dispute.Client, dispute.ListParams, dispute.Dispute]{
		Name: "dispute", New: dispute.NewClient, Path: "/v1/disputes", Object: "dispute", Prefix: "dp_",
		ID:   func(dp *dispute.Dispute) string { return dp.ID },
		List: (*dispute.Client).List, ListPage: (*dispute.Client).ListPage,
		Paged: func(lp pay.ListParams) *dispute.ListParams { return &dispute.ListParams{ListParams: lp} },
		Filters: &dispute.ListParams{ListParams: pay.ListParams{Limit: 2}, Charge: "ch_1", Created: &pay.RangeQuery{GT: 5},
			PaymentIntent: "pi_1"},
		FilterQuery: url.Values{"limit": {"2"}, "charge": {"ch_1"}, "created[gt]": {"5"}, "payment_intent": {"pi_1"}},
		Calls: []apitest.Call[*dispute.Client]{
			apitest.ByID(http.MethodGet, "/v1/disputes/{id}", (*dispute.Client).Get),
			apitest.ByIDWith(http.MethodPost, "/v1/disputes/{id}", (*dispute.Client).Update, nil),
			apitest.ByIDWith(http.MethodPost, "/v1/disputes/{id}", (*dispute.Client).Submit, nil),
			apitest.ByID(http.MethodPost, "/v1/disputes/{id}/close", (*dispute.Client).Close),
		},
		Get: (*dispute.Client).Get,
		Seed: func(ctx context.Context, pc *pay.Client) (string, error) {
			chID, err := seedCharge("tok_createDispute")(ctx, pc)
			if err != nil {
				return "", err
			}
			page, err := dispute.NewClient(pc).ListPage(ctx, &dispute.ListParams{Charge: chID})
			if err != nil {
				return "", err
			}
			if len(page.Data) != 1 {
				return "", errors.New("the charge has no dispute")
			}
			return page.Data[0].ID, nil
		},
	},
	apitest.Resource[*balancetransaction.Client, balancetransaction.ListParams, balancetransaction.BalanceTransaction]{
		Name: "balancetransaction", New: balancetransaction.NewClient, Path: "/v1/balance_transactions", Object: "balance_transaction", Prefix: "txn_",
		ID:   func(bt *balancetransaction.BalanceTransaction) string { return bt.ID },
		List: (*balancetransaction.Client).List, ListPage: (*balancetransaction.Client).ListPage,
		Paged: func(lp pay.ListParams) *balancetransaction.ListParams {
			return &balancetransaction.ListParams{ListParams: lp}
		},
		Filters: &balancetransaction.ListParams{ListParams: pay.ListParams{Limit: 2}, Created: &pay.RangeQuery{GTE: 7}, Currency: "usd",
			Payout: "po_1", Source: "ch_1", Type: "charge"},
		FilterQuery: url.Values{"limit": {"2"}, "created[gte]": {"7"}, "currency": {"usd"}, "payout": {"po_1"}, "source": {"ch_1"}, "type": {"charge"}},
		Calls: []apitest.Call[*balancetransaction.Client]{
			apitest.ByID(http.MethodGet, "/v1/balance_transactions/{id}", (*balancetransaction.Client).Get),
		},
		Get: (*balancetransaction.Client).Get,
		Seed: func(ctx context.Context, pc *pay.Client) (string, error) {
			ch, err := charge.NewClient(pc).Create(ctx, &charge.CreateParams{Amount: 2000, Currency: "usd", Source: "tok_visa"})
			if err != nil {
				return "", err
			}
			if ch.BalanceTransaction == nil {
				return "", errors.New("the charge has no balance transaction")
			}
			return ch.BalanceTransaction.ID, nil
		},
	},
	apitest.Resource[*event.Client, event.ListParams, webhook.Event]{
		Name: "event", New: event.NewClient, Path: "/v1/events", Object: "event", Prefix: "evt_",
		ID:   func(ev *webhook.Event) string { return ev.ID },
		List: (*event.Client).List, ListPage: (*event.Client).ListPage,
		Paged: func(lp pay.ListParams) *event.ListParams { return &event.ListParams{ListParams: lp} },
		Filters: &event.ListParams{ListParams: pay.ListParams{Limit: 2}, Created: &pay.RangeQuery{GTE: 3}, DeliverySuccess: pay.Bool(true),
			Types: []string{"charge.succeeded", "charge.refunded"}},
		FilterQuery: url.Values{"limit": {"2"}, "created[gte]": {"3"}, "delivery_success": {"true"},
			"types[0]": {"charge.succeeded"}, "types[1]": {"charge.refunded"}},
		Valid: func(p *event.ListParams) { p.Types = nil }, // type or types: the filters send types
		Calls: []apitest.Call[*event.Client]{
			apitest.ByID(http.MethodGet, "/v1/events/{id}", (*event.Client).Get),
		},
		Get: (*event.Client).Get,
		Seed: func(ctx context.Context, pc *pay.Client) (string, error) {
			if _, err := seedCharge("tok_visa")(ctx, pc); err != nil {
				return "", err
			}
			page, err := event.NewClient(pc).ListPage(ctx, &event.ListParams{Type: "charge.succeeded"})
			if err != nil {
				return "", err
			}
			if len(page.Data) != 1 {
				return "", errors.New("no charge.succeeded event")
			}
			return page.Data[0].ID, nil
		},
	},
}

func TestMain(m *testing.M) { conformance.Main(m) }

func TestResources(t *testing.T) {
	for _, r := range resources {
		r.Run(t)
	}
}

// seedCharge returns a Seed that charges source on paytest.
func seedCharge(source string) func(context.Context, *pay.Client) (string, error) {
	return func(ctx context.Context, pc *pay.Client) (string, error) {
		ch, err := charge.NewClient(pc).Create(ctx, &charge.CreateParams{Amount: 2000, Currency: "usd", Source: source})
		return idOf(ch, err, func(ch *charge.Charge) string { return ch.ID })
	}
}

// idOf returns the id of what a create call returned, or its error.
func idOf[T any](v *T, err error, id func(*T) string) (string, error) {
	if err != nil {
		return "", err
	}
	return id(v), nil
}
