package balancetransaction

import "github.com/paykit/pay"

// ListParams filter List and ListPage; nil lists every balance
// transaction, newest first.
type ListParams struct {
	pay.ListParams
	// Created filters by creation time.
	Created *pay.RangeQuery `url:"created,omitempty"`
	// Currency lists only transactions in this three-letter lowercase ISO
	// currency code.
	Currency string `url:"currency,omitempty"`
	// Payout lists only the transactions paid out in this payout (po_...),
	// the payout's own transaction included.
	Payout string `url:"payout,omitempty"`
	// Source lists only the transactions of this source: a charge, a
	// refund, a dispute... (its id).
	Source string `url:"source,omitempty"`
	// Type lists only transactions of this type (see [Type]): charge,
	// refund, adjustment, payout, stripe_fee...
	Type string `url:"type,omitempty"`
}
