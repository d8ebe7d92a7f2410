package customer

import (
	"encoding/json"

	"github.com/paykit/pay"
)

// TaxExempt is a customer's tax exemption status.
type TaxExempt string

// The tax exemption statuses.
const (
	TaxExemptNone    TaxExempt = "none"
	TaxExemptExempt  TaxExempt = "exempt"
	TaxExemptReverse TaxExempt = "reverse"
)

// Customer is a customer object. As an expandable field of another object
// (a charge's customer, a card's customer) it decodes from a bare id, with
// only ID set, or from the whole object.
type Customer struct {
	ID                  string            `json:"id"`
	Object              string            `json:"object"`
	Address             *pay.Address      `json:"address"`
	Balance             int64             `json:"balance"`
	Created             int64             `json:"created"`
	Currency            string            `json:"currency"`
	DefaultSource       *Card             `json:"default_source"`
	Deleted             bool              `json:"deleted"`
	Delinquent          bool              `json:"delinquent"`
	Description         string            `json:"description"`
	Email               string            `json:"email"`
	InvoicePrefix       string            `json:"invoice_prefix"`
	InvoiceSettings     *InvoiceSettings  `json:"invoice_settings"`
	Livemode            bool              `json:"livemode"`
	Metadata            map[string]string `json:"metadata"`
	Name                string            `json:"name"`
	NextInvoiceSequence int64             `json:"next_invoice_sequence"`
	Phone               string            `json:"phone"`
	PreferredLocales    []string          `json:"preferred_locales"`
	Shipping            *pay.Shipping     `json:"shipping"`
	Sources             *pay.Page[Card]   `json:"sources"`
	TaxExempt           TaxExempt         `json:"tax_exempt"`
	TestClock           string            `json:"test_clock"`
}

// InvoiceSettings are a customer's default invoice settings.
type InvoiceSettings struct {
	CustomFields         []InvoiceCustomField `json:"custom_fields"`
	DefaultPaymentMethod string               `json:"default_payment_method"`
	Footer               string               `json:"footer"`
}

// InvoiceCustomField is a custom field shown on a customer's invoices.
type InvoiceCustomField struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// UnmarshalJSON decodes a customer from its object or, where it is an
// unexpanded reference, from its bare id.
func (c *Customer) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var id string
		if err := json.Unmarshal(b, &id); err != nil {
			return err
		}
		*c = Customer{ID: id}
		return nil
	}
	type plain Customer
	return json.Unmarshal(b, (*plain)(c))
}

// Card is a card source: a customer's saved card, or the card a charge was
// made with. As an expandable reference (a customer's default_source) it
// decodes from a bare id, with only ID set, or from the whole object.
type Card struct {
	ID                 string            `json:"id"`
	Object             string            `json:"object"`
	AddressCity        string            `json:"address_city"`
	AddressCountry     string            `json:"address_country"`
	AddressLine1       string            `json:"address_line1"`
	AddressLine1Check  string            `json:"address_line1_check"`
	AddressLine2       string            `json:"address_line2"`
	AddressState       string            `json:"address_state"`
	AddressZip         string            `json:"address_zip"`
	AddressZipCheck    string            `json:"address_zip_check"`
	Brand              string            `json:"brand"`
	Country            string            `json:"country"`
	Customer           *Customer         `json:"customer"`
	CVCCheck           string            `json:"cvc_check"`
	DynamicLast4       string            `json:"dynamic_last4"`
	ExpMonth           int64             `json:"exp_month"`
	ExpYear            int64             `json:"exp_year"`
	Fingerprint        string            `json:"fingerprint"`
	Funding            string            `json:"funding"`
	Last4              string            `json:"last4"`
	Metadata           map[string]string `json:"metadata"`
	Name               string            `json:"name"`
	TokenizationMethod string            `json:"tokenization_method"`
	Wallet             json.RawMessage   `json:"wallet"`
}

// UnmarshalJSON decodes a card from its object or from its bare id.
func (c *Card) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var id string
		if err := json.Unmarshal(b, &id); err != nil {
			return err
		}
		*c = Card{ID: id}
		return nil
	}
	type plain Card
	return json.Unmarshal(b, (*plain)(c))
}
