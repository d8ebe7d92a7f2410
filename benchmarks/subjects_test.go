package benchmarks

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/paykit/pay"
	"github.com/paykit/pay/benchmarks/floor"
	"github.com/paykit/pay/benchmarks/internal/fakeproc"
	"github.com/paykit/pay/charge"
	stripe "github.com/stripe/stripe-go/v84"
)

// srv is the fake API every test and benchmark of this package talks to.
var srv *fakeproc.Server

func TestMain(m *testing.M) {
	s, err := fakeproc.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	srv = s
	code := m.Run()
	s.Close()
	os.Exit(code)
}

const testKey = "sk_test_bench"

// subject is one client under measurement, made fresh for each benchmark.
type subject struct {
	name string
	// create makes the charge-create call and returns the charge's id, amount
	// and customer id.
	create func(ctx context.Context) (summary, error)
	// paginate walks the list (customer selects its size on fakeapi) and
	// calls each for every charge id.
	paginate func(ctx context.Context, customer string, each func(id string)) error
}

type summary struct {
	ID, Customer, ShippingName string
	Amount                     int64
	Refunds                    int
}

func newPay(baseURL string) subject {
	charges := charge.NewClient(pay.NewClient(testKey, pay.WithBaseURL(baseURL)))
	return subject{
		name: "pay",
		create: func(ctx context.Context) (summary, error) {
			ch, err := charges.Create(ctx, payCreateParams(), pay.Expand("customer", "balance_transaction"))
			if err != nil {
				return summary{}, err
			}
			s := summary{ID: ch.ID, Amount: ch.Amount}
			if ch.Customer != nil {
				s.Customer = ch.Customer.ID
			}
			if ch.Shipping != nil {
				s.ShippingName = ch.Shipping.Name
			}
			if ch.Refunds != nil {
				s.Refunds = len(ch.Refunds.Data)
			}
			return s, nil
		},
		paginate: func(ctx context.Context, customer string, each func(string)) error {
			p := &charge.ListParams{ListParams: pay.ListParams{Limit: 100}, Customer: customer}
			for ch, err := range charges.List(ctx, p) {
				if err != nil {
					return err
				}
				each(ch.ID)
			}
			return nil
		},
	}
}

func payCreateParams() *charge.CreateParams {
	return &charge.CreateParams{
		Amount:      2000,
		Currency:    "usd",
		Source:      "tok_visa",
		Description: "Order 6735",
		Metadata:    pay.Metadata{"order_id": "6735", "customer_ref": "A-1029"},
		Shipping: &pay.ShippingParams{
			Name:    "Jenny Rosen",
			Phone:   "+15555550123",
			Address: &pay.AddressParams{Line1: "1 Main St", City: "San Francisco", PostalCode: "94111", Country: "US"},
		},
	}
}

// newStripe configures stripe-go as its README does, only pointing the API
// backend at the fake server.
func newStripe(baseURL string) subject {
	sc := stripe.NewClient(testKey, stripe.WithBackends(stripe.NewBackendsWithConfig(&stripe.BackendConfig{
		URL: stripe.String(baseURL),
	})))
	return subject{
		name: "stripe-go",
		create: func(ctx context.Context) (summary, error) {
			ch, err := sc.V1Charges.Create(ctx, stripeCreateParams())
			if err != nil {
				return summary{}, err
			}
			s := summary{ID: ch.ID, Amount: ch.Amount}
			if ch.Customer != nil {
				s.Customer = ch.Customer.ID
			}
			if ch.Shipping != nil {
				s.ShippingName = ch.Shipping.Name
			}
			if ch.Refunds != nil {
				s.Refunds = len(ch.Refunds.Data)
			}
			return s, nil
		},
		paginate: func(ctx context.Context, customer string, each func(string)) error {
			p := &stripe.ChargeListParams{Customer: stripe.String(customer)}
			p.Limit = stripe.Int64(100)
			for ch, err := range sc.V1Charges.List(ctx, p) {
				if err != nil {
					return err
				}
				each(ch.ID)
			}
			return nil
		},
	}
}

func stripeCreateParams() *stripe.ChargeCreateParams {
	p := &stripe.ChargeCreateParams{
		Amount:      stripe.Int64(2000),
		Currency:    stripe.String("usd"),
		Source:      &stripe.PaymentSourceSourceParams{Token: stripe.String("tok_visa")},
		Description: stripe.String("Order 6735"),
		Shipping: &stripe.ShippingDetailsParams{
			Name:  stripe.String("Jenny Rosen"),
			Phone: stripe.String("+15555550123"),
			Address: &stripe.AddressParams{
				Line1: stripe.String("1 Main St"), City: stripe.String("San Francisco"),
				PostalCode: stripe.String("94111"), Country: stripe.String("US"),
			},
		},
	}
	p.AddMetadata("order_id", "6735")
	p.AddMetadata("customer_ref", "A-1029")
	p.AddExpand("customer")
	p.AddExpand("balance_transaction")
	return p
}

func newFloor(baseURL string) subject {
	c := floor.NewClient(baseURL, testKey)
	return subject{
		name: "floor",
		create: func(ctx context.Context) (summary, error) {
			ch, err := c.CreateCharge(ctx, floor.CreateForm())
			if err != nil {
				return summary{}, err
			}
			s := summary{ID: ch.ID, Amount: ch.Amount, Customer: ch.Customer}
			if ch.Shipping != nil {
				s.ShippingName = ch.Shipping.Name
			}
			if ch.Refunds != nil {
				s.Refunds = len(ch.Refunds.Data)
			}
			return s, nil
		},
		paginate: func(ctx context.Context, customer string, each func(string)) error {
			after := ""
			for {
				p, err := c.ListCharges(ctx, customer, 100, after)
				if err != nil {
					return err
				}
				for _, ch := range p.Data {
					each(ch.ID)
				}
				if !p.HasMore || len(p.Data) == 0 {
					return nil
				}
				after = p.Data[len(p.Data)-1].ID
			}
		},
	}
}

func newFloor12(baseURL string) subject {
	c := floor.NewClient(baseURL, testKey)
	return subject{
		name: "floor12",
		create: func(ctx context.Context) (summary, error) {
			ch, err := c.CreateCharge12(ctx, floor.CreateForm())
			if err != nil {
				return summary{}, err
			}
			return summary{ID: ch.ID, Amount: ch.Amount, Customer: ch.Customer}, nil
		},
		paginate: func(ctx context.Context, customer string, each func(string)) error {
			after := ""
			for {
				p, err := c.ListCharges12(ctx, customer, 100, after)
				if err != nil {
					return err
				}
				for _, ch := range p.Data {
					each(ch.ID)
				}
				if !p.HasMore || len(p.Data) == 0 {
					return nil
				}
				after = p.Data[len(p.Data)-1].ID
			}
		},
	}
}

// subjects returns the subjects, fresh, aimed at the fake server.
func subjects() []subject {
	return []subject{newFloor(srv.URL), newFloor12(srv.URL), newPay(srv.URL), newStripe(srv.URL)}
}
