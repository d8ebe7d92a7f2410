package charge

import (
	"github.com/paykit/pay"
	"github.com/paykit/pay/customer"
)

// wire is what responses are decoded into. It holds a Charge without the
// UnmarshalJSON methods of Charge, Refund and customer.Card, so encoding/json
// decodes a charge, its source and its refunds in its single pass.
//
// Those methods exist for the places where the API may send a bare id
// instead of the object (a refund's charge, a customer's default source);
// encoding/json hands such a method the raw bytes of the whole object and
// the method decodes them again, which for a charge (and each charge of a
// list) is a second and third scan of every byte. The small references
// (customer, balance_transaction, outcome.rule, ...) keep their methods:
// they arrive as short ids, decoded without a second pass (internal/jsonid).
type wire struct {
	plainCharge
	// These shadow the fields of the same name in plainCharge.
	Source  *plainCard             `json:"source"`
	Refunds *pay.Page[plainRefund] `json:"refunds"`
}

type (
	plainCharge Charge
	plainCard   customer.Card
	plainRefund Refund
)

// charge returns the decoded charge, sharing w's memory.
func (w *wire) charge() *Charge {
	if w == nil {
		return nil
	}
	ch := (*Charge)(&w.plainCharge)
	ch.Source = (*customer.Card)(w.Source)
	ch.Refunds = nil
	if w.Refunds != nil {
		ch.Refunds = &pay.Page[Refund]{HasMore: w.Refunds.HasMore, URL: w.Refunds.URL}
		if w.Refunds.Data != nil {
			ch.Refunds.Data = make([]*Refund, len(w.Refunds.Data))
			for i, r := range w.Refunds.Data {
				ch.Refunds.Data[i] = (*Refund)(r)
			}
		}
	}
	return ch
}
