package charge

import (
	"encoding/json"

	"github.com/paykit/pay/internal/jsonid"
)

// isID reports whether an expandable field holds a bare id (a JSON string)
// rather than the expanded object. encoding/json hands UnmarshalJSON the
// value without surrounding space, so the first byte decides.
func isID(b []byte) bool { return jsonid.IsString(b) }

// Reference is an expandable reference to an object this library does not
// model (an application, a payment intent, a transfer, an account, ...). It
// decodes from the bare id or from the expanded object, keeping the id and
// the object type; to read the rest of an expanded object, call
// pay.Client.Do with a type of your own.
type Reference struct {
	ID string `json:"id"`
	// Object is the object type, such as "payment_intent"; empty when the
	// reference was not expanded.
	Object string `json:"object"`
}

// UnmarshalJSON decodes a reference from a bare id or from an object.
func (r *Reference) UnmarshalJSON(b []byte) error {
	if isID(b) {
		*r = Reference{}
		id, err := jsonid.Unquote(b)
		r.ID = id
		return err
	}
	type plain Reference
	return json.Unmarshal(b, (*plain)(r))
}

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
	Source *Reference `json:"source"`
	// Status is available or pending.
	Status string `json:"status"`
	// Type is the kind of change, such as charge, refund or payment.
	Type string `json:"type"`
}

// UnmarshalJSON decodes a balance transaction from its object or from its
// bare id.
func (t *BalanceTransaction) UnmarshalJSON(b []byte) error {
	if isID(b) {
		*t = BalanceTransaction{}
		id, err := jsonid.Unquote(b)
		t.ID = id
		return err
	}
	type plain BalanceTransaction
	return json.Unmarshal(b, (*plain)(t))
}

// Fee is one fee of a balance transaction.
type Fee struct {
	Amount      int64  `json:"amount"`
	Application string `json:"application"`
	Currency    string `json:"currency"`
	Description string `json:"description"`
	// Type is application_fee, payment_method_passthrough_fee, stripe_fee or tax.
	Type string `json:"type"`
}
