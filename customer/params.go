package customer

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"github.com/paykit/pay"
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
	// BusinessName is the name of a business customer (up to 150
	// characters).
	BusinessName string `url:"business_name,omitempty"`
	// IndividualName is the full name of an individual customer (up to 150
	// characters).
	IndividualName string `url:"individual_name,omitempty"`
	// CashBalance configures the customer's cash balance.
	CashBalance *CashBalanceParams `url:"cash_balance,omitempty"`
	// InvoiceSettings are the customer's default invoice settings.
	InvoiceSettings *InvoiceSettingsParams `url:"invoice_settings,omitempty"`
	// NextInvoiceSequence is the number of the customer's next invoice
	// (1 or more); 0, the API's default of 1, is not sent.
	NextInvoiceSequence int64 `url:"next_invoice_sequence,omitempty"`
	// PaymentMethod is the id of a PaymentMethod to attach to the customer.
	PaymentMethod string `url:"payment_method,omitempty"`
	// Tax is the customer's tax details.
	Tax *TaxParams `url:"tax,omitempty"`
	// TaxIDData are tax ids to create for the customer.
	TaxIDData TaxIDDataList `url:"tax_id_data,omitempty"`
	// TestClock is the id of a test clock to attach the customer to.
	TestClock string `url:"test_clock,omitempty"`
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
	Address       *pay.AddressParams  `url:"address,omitempty,clear"`
	Shipping      *pay.ShippingParams `url:"shipping,omitempty,clear"`
	// Balance sets the customer's balance; pay.Int64(0) sets it to zero.
	Balance *int64 `url:"balance,omitempty"`
	// PreferredLocales replaces the customer's preferred languages: nil
	// leaves them unchanged, and a non-nil empty slice ([]string{}) clears
	// the list (sent as preferred_locales=).
	PreferredLocales []string `url:"preferred_locales,brackets,clear"`
	// TaxExempt sets the tax exemption status; a pointer to "" clears it.
	TaxExempt     *TaxExempt `url:"tax_exempt,omitempty"`
	InvoicePrefix *string    `url:"invoice_prefix,omitempty"`
	// BusinessName sets the name of a business customer; a pointer to ""
	// clears it.
	BusinessName *string `url:"business_name,omitempty"`
	// IndividualName sets the full name of an individual customer; a
	// pointer to "" clears it.
	IndividualName *string `url:"individual_name,omitempty"`
	// CashBalance configures the customer's cash balance.
	CashBalance *CashBalanceParams `url:"cash_balance,omitempty"`
	// InvoiceSettings change the customer's default invoice settings.
	InvoiceSettings *InvoiceSettingsParams `url:"invoice_settings,omitempty"`
	// NextInvoiceSequence sets the number of the customer's next invoice
	// (1 or more).
	NextInvoiceSequence *int64 `url:"next_invoice_sequence,omitempty"`
	// Tax changes the customer's tax details.
	Tax *TaxParams `url:"tax,omitempty"`
}

// ListParams are the params of [Client.List] and [Client.ListPage].
type ListParams struct {
	pay.ListParams
	// Email lists only customers with this email address (case-sensitive).
	Email string `url:"email,omitempty"`
	// Created lists only customers created within a range.
	Created *pay.RangeQuery `url:"created,omitempty"`
	// TestClock lists only the customers of this test clock.
	TestClock string `url:"test_clock,omitempty"`
}

// CashBalanceParams configure a customer's cash balance.
type CashBalanceParams struct {
	// Settings are the balance's settings.
	Settings *CashBalanceSettingsParams `url:"settings,omitempty"`
}

// CashBalanceSettingsParams are the settings of a customer's cash balance.
type CashBalanceSettingsParams struct {
	// ReconciliationMode is "automatic", "manual" or "merchant_default".
	ReconciliationMode string `url:"reconciliation_mode,omitempty"`
}

// InvoiceSettingsParams are a customer's default invoice settings. A nil
// field is left unchanged; a pointer to "" clears it.
type InvoiceSettingsParams struct {
	// CustomFields are shown on the customer's invoices (at most 4): nil
	// leaves them unchanged and a non-nil empty list clears them.
	CustomFields InvoiceCustomFieldList `url:"custom_fields"`
	// DefaultPaymentMethod is the id of the customer's PaymentMethod to
	// charge for invoices and subscriptions.
	DefaultPaymentMethod *string `url:"default_payment_method,omitempty"`
	// Footer is the default footer of the customer's invoices.
	Footer *string `url:"footer,omitempty"`
	// RenderingOptions are the default options of the customer's invoice
	// PDFs.
	RenderingOptions *InvoiceRenderingOptionsParams `url:"rendering_options,omitempty"`
}

// InvoiceRenderingOptionsParams are the default options of a customer's
// invoice PDFs.
type InvoiceRenderingOptionsParams struct {
	// AmountTaxDisplay is "exclude_tax" or "include_inclusive_tax"; a
	// pointer to "" clears it.
	AmountTaxDisplay *string `url:"amount_tax_display,omitempty"`
	// Template is the id of the invoice rendering template.
	Template *string `url:"template,omitempty"`
}

// InvoiceCustomFieldParams is one custom field of [InvoiceCustomFieldList]:
// a name (up to 40 characters) and a value (up to 140), both required.
type InvoiceCustomFieldParams struct {
	Name  string `url:"name"`
	Value string `url:"value"`
}

// InvoiceCustomFieldList is a customer's invoice custom fields, sent as
// custom_fields[0][name]=...: nil sends nothing, and a non-nil empty list
// sends custom_fields= to clear them.
type InvoiceCustomFieldList []InvoiceCustomFieldParams

// EncodeValues adds l to v under key. It implements the encoder interface
// of github.com/google/go-querystring.
func (l InvoiceCustomFieldList) EncodeValues(key string, v *url.Values) error {
	if l == nil {
		return nil
	}
	if len(l) == 0 {
		v.Set(key, "")
		return nil
	}
	for i, f := range l {
		k := key + "[" + strconv.Itoa(i) + "]"
		v.Set(k+"[name]", f.Name)
		v.Set(k+"[value]", f.Value)
	}
	return nil
}

// TaxParams are a customer's tax details.
type TaxParams struct {
	// IPAddress is the customer's IP address, used to find their tax
	// location; a pointer to "" clears it.
	IPAddress *string `url:"ip_address,omitempty"`
	// ValidateLocation is when to validate the customer's tax location:
	// "deferred" or "immediately" ("auto" too on update).
	ValidateLocation string `url:"validate_location,omitempty"`
}

// TaxIDData is one tax id to create with a customer: its Type (such as
// "eu_vat") and Value, both required.
type TaxIDData struct {
	Type  string `url:"type"`
	Value string `url:"value"`
}

// TaxIDDataList is the tax ids to create with a customer, sent as
// tax_id_data[0][type]=...&tax_id_data[0][value]=... .
type TaxIDDataList []TaxIDData

// EncodeValues adds l to v under key. It implements the encoder interface
// of github.com/google/go-querystring.
func (l TaxIDDataList) EncodeValues(key string, v *url.Values) error {
	for i, d := range l {
		k := key + "[" + strconv.Itoa(i) + "]"
		v.Set(k+"[type]", d.Type)
		v.Set(k+"[value]", d.Value)
	}
	return nil
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
	if p.NextInvoiceSequence < 0 {
		return checkNextInvoiceSequence(p.NextInvoiceSequence)
	}
	if err := p.InvoiceSettings.validate(); err != nil {
		return err
	}
	for i, d := range p.TaxIDData {
		name := fmt.Sprintf("tax_id_data[%d]", i)
		switch {
		case d.Type == "":
			return check.Missing(name + "[type]")
		case d.Value == "":
			return check.Missing(name + "[value]")
		}
	}
	return checkLocales(p.PreferredLocales)
}

func checkNextInvoiceSequence(n int64) error {
	if n < 1 {
		return check.Invalid("next_invoice_sequence", pay.ErrorCodeParameterInvalidInteger, fmt.Sprintf("next_invoice_sequence must be 1 or more, not %d", n))
	}
	return nil
}

func (p *InvoiceSettingsParams) validate() error {
	if p == nil {
		return nil
	}
	if len(p.CustomFields) > 4 {
		return check.Invalid("invoice_settings[custom_fields]", "", fmt.Sprintf("a customer has at most 4 invoice custom fields, not %d", len(p.CustomFields)))
	}
	for i, f := range p.CustomFields {
		name := fmt.Sprintf("invoice_settings[custom_fields][%d]", i)
		switch {
		case f.Name == "":
			return check.Missing(name + "[name]")
		case f.Value == "":
			return check.Missing(name + "[value]")
		}
	}
	return nil
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
	if p.NextInvoiceSequence != nil {
		if err := checkNextInvoiceSequence(*p.NextInvoiceSequence); err != nil {
			return err
		}
	}
	if err := p.InvoiceSettings.validate(); err != nil {
		return err
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
