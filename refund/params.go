package refund

import (
	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/check"
)

// Origin is where a refund that names no charge draws its money from.
type Origin string

// OriginCustomerBalance refunds from a customer's balance: set Customer,
// Currency and Amount instead of Charge.
const OriginCustomerBalance Origin = "customer_balance"

// CreateParams are the params of Create. Charge (or PaymentIntent) names
// what to refund; a refund of a customer's balance names the Customer and
// Origin instead.
type CreateParams struct {
	// Charge is the id of the charge to refund.
	Charge string `url:"charge,omitempty"`
	// PaymentIntent refunds the charge of a PaymentIntent instead of Charge.
	PaymentIntent string `url:"payment_intent,omitempty"`
	// Amount is how much to refund, in the smallest currency unit; 0
	// refunds the whole remaining amount.
	Amount int64 `url:"amount,omitempty"`
	// Reason is ReasonDuplicate, ReasonFraudulent or
	// ReasonRequestedByCustomer; empty sends none.
	Reason Reason `url:"reason,omitempty"`
	// Metadata is attached to the refund.
	Metadata pay.Metadata `url:"metadata"`
	// RefundApplicationFee refunds the platform's application fee too
	// (Connect), in proportion to Amount.
	RefundApplicationFee *bool `url:"refund_application_fee,omitempty"`
	// ReverseTransfer reverses the transfer of a destination charge
	// (Connect), in proportion to Amount.
	ReverseTransfer *bool `url:"reverse_transfer,omitempty"`
	// InstructionsEmail receives refund instructions for payment methods
	// that cannot be refunded directly.
	InstructionsEmail string `url:"instructions_email,omitempty"`
	// Currency is the refund's three-letter lowercase ISO currency code,
	// for a refund of a customer's balance.
	Currency string `url:"currency,omitempty"`
	// Customer is the id of the customer whose balance to refund from.
	Customer string `url:"customer,omitempty"`
	// Origin is OriginCustomerBalance for a refund of a customer's
	// balance; empty sends none.
	Origin Origin `url:"origin,omitempty"`
}

func (p *CreateParams) validate() error {
	if err := check.Params(p == nil); err != nil {
		return err
	}
	if p.Charge == "" && p.PaymentIntent == "" && p.Customer == "" {
		return check.Missing("charge")
	}
	if p.Currency != "" {
		if err := check.Currency("currency", p.Currency); err != nil {
			return err
		}
	}
	if p.Origin != "" && p.Origin != OriginCustomerBalance {
		return check.Invalid("origin", "", `origin must be "customer_balance", not "`+string(p.Origin)+`"`)
	}
	if err := check.OptionalAmount("amount", p.Amount); err != nil {
		return err
	}
	switch p.Reason {
	case "", ReasonDuplicate, ReasonFraudulent, ReasonRequestedByCustomer:
	default:
		return check.Invalid("reason", "", `reason must be "duplicate", "fraudulent" or "requested_by_customer", not "`+string(p.Reason)+`"`)
	}
	return nil
}

// UpdateParams are the params of Update; nil changes nothing.
type UpdateParams struct {
	// Metadata sets keys; an empty value unsets a key, and a non-nil empty
	// Metadata{} unsets all.
	Metadata pay.Metadata `url:"metadata"`
}

// ListParams filter List and ListPage; nil lists every refund, newest
// first.
type ListParams struct {
	pay.ListParams
	// Charge lists only this charge's refunds.
	Charge string `url:"charge,omitempty"`
	// Created filters by creation time.
	Created *pay.RangeQuery `url:"created,omitempty"`
	// PaymentIntent lists only this PaymentIntent's refunds.
	PaymentIntent string `url:"payment_intent,omitempty"`
}
