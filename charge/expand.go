package charge

import (
	"github.com/go-json-experiment/json/jsontext"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/wire"
)

// BalanceTransaction is a change to your balance made by a charge or a
// refund: the amount, the fees taken and the net. As an expandable field it
// decodes from a bare id, with only ID set, or from the whole object.
type BalanceTransaction struct {
	ID     string `json:"id"`
	Object string `json:"object"`
	// Amount is the gross amount, positive for money in.
	Amount int64 `json:"amount"`
	// AvailableOn is when the funds become available, in Unix seconds.
	AvailableOn int64 `json:"available_on"`
	// BalanceType is payments, issuing, refund_and_dispute_prefunding or
	// risk_reserved.
	BalanceType string `json:"balance_type"`
	Created     int64  `json:"created"`
	Currency    string `json:"currency"`
	Description string `json:"description"`
	// ExchangeRate is the conversion rate applied, 0 when none was.
	ExchangeRate float64 `json:"exchange_rate"`
	// Fee is the total of FeeDetails.
	Fee        int64 `json:"fee"`
	FeeDetails []Fee `json:"fee_details"`
	// Net is Amount minus Fee.
	Net               int64  `json:"net"`
	ReportingCategory string `json:"reporting_category"`
	// Source is the object that caused the change (a charge, a refund, ...).
	Source *pay.Reference `json:"source"`
	// Status is available or pending.
	Status string `json:"status"`
	// Type is the kind of change, such as charge, refund or payment.
	Type string `json:"type"`
}

type plainBalanceTransaction BalanceTransaction

// UnmarshalJSONFrom decodes a balance transaction from its object or from its bare id, in
// the decoder's stream (encoding/json/v2).
func (t *BalanceTransaction) UnmarshalJSONFrom(d *jsontext.Decoder) error {
	return wire.Expandable(d, t, (*plainBalanceTransaction)(t), balanceTransactionID)
}

// UnmarshalJSON decodes a balance transaction from its object or from its bare id
// (encoding/json).
func (t *BalanceTransaction) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, t) }

func balanceTransactionID(t *BalanceTransaction) *string { return &t.ID }

// Fee is one fee of a balance transaction.
type Fee struct {
	Amount      int64  `json:"amount"`
	Application string `json:"application"`
	Currency    string `json:"currency"`
	Description string `json:"description"`
	// Type is application_fee, payment_method_passthrough_fee, stripe_fee or tax.
	Type string `json:"type"`
}
