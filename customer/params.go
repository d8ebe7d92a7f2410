package customer

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/paykit/pay"
	"github.com/paykit/pay/form"
	"github.com/paykit/pay/internal/check"
)

// CreateParams are the params of [Client.Create]. Every field is optional;
// zero values are not sent.
type CreateParams struct {
	// Email is the customer's email address (up to 512 characters).
	Email string `url:"email,omitempty"`
	// Name is the customer's full name or business name.
	Name string `url:"name,omitempty"`
	// Phone is the customer's phone number.
	Phone string `url:"phone,omitempty"`
	// Description is free text shown with the customer in the dashboard.
	Description string `url:"description,omitempty"`
	// Source is a token (such as "tok_visa") or source id to save on the
	// customer as their default source.
	Source string `url:"source,omitempty"`
	// Metadata is attached to the customer.
	Metadata pay.Metadata `url:"metadata"`
	// Address is the customer's address.
	Address *pay.AddressParams `url:"address,omitempty"`
	// Shipping is the customer's shipping name, address and phone; Carrier
	// and TrackingNumber belong to a charge's shipping and are refused here.
	Shipping *pay.ShippingParams `url:"shipping,omitempty"`
	// Balance is the customer's starting balance in the smallest currency
	// unit: negative is a credit, positive an amount owed. 0, the API's
	// default, is not sent.
	Balance int64 `url:"balance,omitempty"`
	// PreferredLocales are the customer's preferred languages, in order.
	PreferredLocales []string `url:"preferred_locales,brackets"`
	// TaxExempt is the customer's tax exemption status.
	TaxExempt TaxExempt `url:"tax_exempt,omitempty"`
	// InvoicePrefix prefixes the customer's invoice numbers: 3 to 12
	// uppercase letters or digits.
	InvoicePrefix string `url:"invoice_prefix,omitempty"`
}

// UpdateParams are the params of [Client.Update]. A nil field is left
// unchanged; a pointer to "" clears the field (pay.String("")).
//
// A pointer to an empty pay.AddressParams or pay.ShippingParams (no field
// set) clears the customer's address or shipping. A nil Metadata leaves the
// metadata unchanged; see [pay.Metadata] for unsetting keys.
type UpdateParams struct {
	Email       *string `url:"email,omitempty"`
	Name        *string `url:"name,omitempty"`
	Phone       *string `url:"phone,omitempty"`
	Description *string `url:"description,omitempty"`
	// Source is a token or source id that replaces the customer's default
	// source (use DefaultSource to pick one already saved).
	Source *string `url:"source,omitempty"`
	// DefaultSource is the id of a source already saved on the customer to
	// make their default.
	DefaultSource *string             `url:"default_source,omitempty"`
	Metadata      pay.Metadata        `url:"metadata"`
	Address       *pay.AddressParams  `url:"address,omitempty"`
	Shipping      *pay.ShippingParams `url:"shipping,omitempty"`
	// Balance sets the customer's balance; pay.Int64(0) sets it to zero.
	Balance *int64 `url:"balance,omitempty"`
	// PreferredLocales replaces the customer's preferred languages; nil or
	// empty leaves them unchanged (the API has no way to clear the list, so
	// this is a slice rather than a pointer).
	PreferredLocales []string `url:"preferred_locales,brackets"`
	// TaxExempt sets the tax exemption status; a pointer to "" clears it.
	TaxExempt     *TaxExempt `url:"tax_exempt,omitempty"`
	InvoicePrefix *string    `url:"invoice_prefix,omitempty"`
}

// ListParams are the params of [Client.List] and [Client.ListPage].
type ListParams struct {
	pay.ListParams
	// Email lists only customers with this email address (case-sensitive).
	Email string `url:"email,omitempty"`
	// Created lists only customers created within a range.
	Created *pay.RangeQuery `url:"created,omitempty"`
}

func (p *CreateParams) validate() error {
	if p == nil {
		return nil
	}
	if err := checkTaxExempt(p.TaxExempt); err != nil {
		return err
	}
	if err := checkInvoicePrefix(p.InvoicePrefix); err != nil {
		return err
	}
	if err := checkShipping(p.Shipping); err != nil {
		return err
	}
	return checkLocales(p.PreferredLocales)
}

// checkShipping rejects the shipping fields only charges have: a customer's
// shipping is an address, a name and a phone.
func checkShipping(s *pay.ShippingParams) error {
	switch {
	case s == nil:
		return nil
	case s.Carrier != "":
		return check.Invalid("shipping[carrier]", pay.ErrorCodeParameterUnknown, "a customer's shipping has no carrier; set it on the charge's shipping")
	case s.TrackingNumber != "":
		return check.Invalid("shipping[tracking_number]", pay.ErrorCodeParameterUnknown, "a customer's shipping has no tracking number; set it on the charge's shipping")
	}
	return nil
}

func (p *UpdateParams) validate() error {
	if p == nil {
		return nil
	}
	if p.TaxExempt != nil {
		if err := checkTaxExempt(*p.TaxExempt); err != nil {
			return err
		}
	}
	if err := checkShipping(p.Shipping); err != nil {
		return err
	}
	if p.InvoicePrefix != nil && *p.InvoicePrefix != "" {
		if err := checkInvoicePrefix(*p.InvoicePrefix); err != nil {
			return err
		}
	}
	if p.DefaultSource != nil {
		if _, err := check.ID(*p.DefaultSource); err != nil {
			var e *pay.Error
			if errors.As(err, &e) {
				e.Param = "default_source"
			}
			return err
		}
	}
	return checkLocales(p.PreferredLocales)
}

// values encodes update params, sending address= and shipping= for an empty
// address or shipping so the API clears them.
func (p *UpdateParams) values() (url.Values, error) {
	if p == nil {
		return nil, nil
	}
	vals, err := form.Encode(p)
	if err != nil {
		return nil, err
	}
	if p.Address != nil && *p.Address == (pay.AddressParams{}) {
		vals.Set("address", "")
	}
	if p.Shipping != nil && *p.Shipping == (pay.ShippingParams{}) {
		vals.Set("shipping", "")
	}
	return vals, nil
}

func checkTaxExempt(t TaxExempt) error {
	switch t {
	case "", TaxExemptNone, TaxExemptExempt, TaxExemptReverse:
		return nil
	}
	return check.Invalid("tax_exempt", "", fmt.Sprintf("tax_exempt must be %q, %q or %q, not %q", TaxExemptNone, TaxExemptExempt, TaxExemptReverse, t))
}

func checkInvoicePrefix(s string) error {
	if s == "" {
		return nil
	}
	ok := len(s) >= 3 && len(s) <= 12
	for i := 0; ok && i < len(s); i++ {
		c := s[i]
		ok = c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	if !ok {
		return check.Invalid("invoice_prefix", "", fmt.Sprintf("invoice_prefix must be 3 to 12 uppercase letters or digits, not %q", s))
	}
	return nil
}

func checkLocales(locales []string) error {
	for i, l := range locales {
		if l == "" {
			return check.Invalid(fmt.Sprintf("preferred_locales[%d]", i), pay.ErrorCodeParameterInvalidString, "preferred locales must not be empty")
		}
	}
	return nil
}
