package charge

import (
	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/check"
)

// CreateParams are the params of Create. Amount and Currency are required;
// the card to charge is a token or card id in Source, or a saved
// Customer (their default card, or Source naming one of their cards).
type CreateParams struct {
	// Amount is the amount to charge in the smallest currency unit (2000 =
	// $20.00), 1 to 99999999.
	Amount int64 `url:"amount,omitempty"`
	// Currency is a three-letter lowercase ISO code, such as "usd".
	Currency string `url:"currency,omitempty"`
	// Customer is the id of a saved customer to charge.
	Customer string `url:"customer,omitempty"`
	// Source is a card token (tok_...), or a card id of Customer.
	Source      string `url:"source,omitempty"`
	Description string `url:"description,omitempty"`
	// Metadata is attached to the charge.
	Metadata pay.Metadata `url:"metadata"`
	// ReceiptEmail is where the receipt is sent.
	ReceiptEmail string `url:"receipt_email,omitempty"`
	// Shipping needs at least Name and Address.
	Shipping *pay.ShippingParams `url:"shipping,omitempty"`
	// Capture false only authorizes the charge, to be captured later with
	// Capture; nil leaves the API's default (true).
	Capture                   *bool  `url:"capture,omitempty"`
	StatementDescriptor       string `url:"statement_descriptor,omitempty"`
	StatementDescriptorSuffix string `url:"statement_descriptor_suffix,omitempty"`
	// ApplicationFeeAmount is the fee a Connect platform takes; a pointer so
	// that 0 can be sent.
	ApplicationFeeAmount *int64 `url:"application_fee_amount,omitempty"`
	// OnBehalfOf is the connected account the funds are for.
	OnBehalfOf string `url:"on_behalf_of,omitempty"`
	// TransferData makes a destination charge.
	TransferData *TransferDataParams `url:"transfer_data,omitempty"`
	// TransferGroup groups the charge with transfers.
	TransferGroup string `url:"transfer_group,omitempty"`
	// RadarOptions passes a Radar session.
	RadarOptions *RadarOptionsParams `url:"radar_options,omitempty"`
}

// TransferDataParams make a destination charge: the funds go to
// Destination, less the platform's share when Amount is set.
type TransferDataParams struct {
	// Destination is the connected account id; required.
	Destination string `url:"destination,omitempty"`
	// Amount is how much is transferred; 0 transfers the whole charge.
	Amount int64 `url:"amount,omitempty"`
}

// RadarOptionsParams pass Radar options with a charge.
type RadarOptionsParams struct {
	// Session is a Radar session id.
	Session string `url:"session,omitempty"`
}

func (p *CreateParams) validate() error {
	if err := check.Params(p == nil); err != nil {
		return err
	}
	if err := check.Amount("amount", p.Amount); err != nil {
		return err
	}
	if err := check.Currency("currency", p.Currency); err != nil {
		return err
	}
	if p.ApplicationFeeAmount != nil {
		if err := check.OptionalAmount("application_fee_amount", *p.ApplicationFeeAmount); err != nil {
			return err
		}
	}
	if err := validateShipping(p.Shipping); err != nil {
		return err
	}
	if t := p.TransferData; t != nil {
		if t.Destination == "" {
			return check.Missing("transfer_data[destination]")
		}
		if err := check.OptionalAmount("transfer_data[amount]", t.Amount); err != nil {
			return err
		}
	}
	return nil
}

// validateShipping rejects shipping without the name and address the API
// requires.
func validateShipping(s *pay.ShippingParams) error {
	switch {
	case s == nil:
		return nil
	case s.Name == "":
		return check.Missing("shipping[name]")
	case s.Address == nil:
		return check.Missing("shipping[address]")
	}
	return nil
}

// UpdateParams are the params of Update. Every field is optional: nil
// leaves it unchanged, a pointer to "" clears it.
type UpdateParams struct {
	// Customer attaches a customer to a charge that has none.
	Customer    *string `url:"customer,omitempty"`
	Description *string `url:"description,omitempty"`
	// Metadata sets keys; an empty value unsets a key, and a non-nil empty
	// Metadata{} unsets all.
	Metadata     pay.Metadata `url:"metadata"`
	ReceiptEmail *string      `url:"receipt_email,omitempty"`
	// Shipping replaces the shipping information; it needs Name and Address.
	Shipping *pay.ShippingParams `url:"shipping,omitempty"`
	// FraudDetails reports the charge as fraudulent or safe.
	FraudDetails *FraudDetailsParams `url:"fraud_details,omitempty"`
	// TransferGroup can only be set while the charge has none.
	TransferGroup *string `url:"transfer_group,omitempty"`
}

// FraudDetailsParams report your fraud assessment of a charge.
type FraudDetailsParams struct {
	// UserReport is "fraudulent" or "safe"; a pointer to "" clears an
	// earlier report, nil leaves it unchanged.
	UserReport *string `url:"user_report,omitempty"`
}

// The values of FraudDetailsParams.UserReport.
const (
	UserReportFraudulent = "fraudulent"
	UserReportSafe       = "safe"
)

func (p *UpdateParams) validate() error {
	if p == nil {
		return nil
	}
	if err := validateShipping(p.Shipping); err != nil {
		return err
	}
	if f := p.FraudDetails; f != nil && f.UserReport != nil {
		switch r := *f.UserReport; r {
		case "", UserReportFraudulent, UserReportSafe:
		default:
			return check.Invalid("fraud_details[user_report]", "", `fraud_details[user_report] must be "fraudulent", "safe" or "" (to clear), not "`+r+`"`)
		}
	}
	return nil
}

// CaptureParams are the params of Capture; nil captures the whole amount
// with the charge's settings.
type CaptureParams struct {
	// Amount is how much to capture, at most the authorized amount; 0
	// captures all of it (the rest is refunded).
	Amount int64 `url:"amount,omitempty"`
	// ReceiptEmail is where the receipt is sent.
	ReceiptEmail              string `url:"receipt_email,omitempty"`
	StatementDescriptor       string `url:"statement_descriptor,omitempty"`
	StatementDescriptorSuffix string `url:"statement_descriptor_suffix,omitempty"`
	// ApplicationFeeAmount is the platform's fee; a pointer so that 0 can
	// be sent.
	ApplicationFeeAmount *int64 `url:"application_fee_amount,omitempty"`
	// TransferData changes the transfer of a destination charge.
	TransferData *CaptureTransferDataParams `url:"transfer_data,omitempty"`
	// TransferGroup can only be set while the charge has none.
	TransferGroup string `url:"transfer_group,omitempty"`
}

// CaptureTransferDataParams change how much of a captured destination
// charge is transferred (the destination is fixed at creation).
type CaptureTransferDataParams struct {
	Amount int64 `url:"amount,omitempty"`
}

func (p *CaptureParams) validate() error {
	if p == nil {
		return nil
	}
	if err := check.OptionalAmount("amount", p.Amount); err != nil {
		return err
	}
	if p.ApplicationFeeAmount != nil {
		if err := check.OptionalAmount("application_fee_amount", *p.ApplicationFeeAmount); err != nil {
			return err
		}
	}
	if p.TransferData != nil {
		if err := check.OptionalAmount("transfer_data[amount]", p.TransferData.Amount); err != nil {
			return err
		}
	}
	return nil
}

// ListParams filter List and ListPage; nil lists every charge, newest first.
type ListParams struct {
	pay.ListParams
	// Created filters by creation time.
	Created *pay.RangeQuery `url:"created,omitempty"`
	// Customer lists only this customer's charges.
	Customer string `url:"customer,omitempty"`
	// PaymentIntent lists only this PaymentIntent's charges.
	PaymentIntent string `url:"payment_intent,omitempty"`
	// TransferGroup lists only charges in this transfer group.
	TransferGroup string `url:"transfer_group,omitempty"`
}
