package customer

import (
	"encoding/json"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/wire"
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
	ID      string       `json:"id"`
	Object  string       `json:"object"`
	Address *pay.Address `json:"address"`
	// Balance is the customer's balance in the smallest currency unit,
	// applied to their next invoice: negative is a credit, positive an
	// amount owed.
	Balance         int64        `json:"balance"`
	BusinessName    string       `json:"business_name"`
	CashBalance     *CashBalance `json:"cash_balance"`
	Created         int64        `json:"created"`
	Currency        string       `json:"currency"`
	CustomerAccount string       `json:"customer_account"`
	// DefaultSource is the source charged when a charge names the customer
	// but no source: only its ID is set unless "default_source" is expanded.
	// Expanded, Object tells a card from a bank account or another source.
	DefaultSource *Card     `json:"default_source"`
	Discount      *Discount `json:"discount"`
	// Deleted is true for a deleted customer, of which only ID and Object
	// are known.
	Deleted     bool   `json:"deleted"`
	Delinquent  bool   `json:"delinquent"`
	Description string `json:"description"`
	Email       string `json:"email"`
	// IndividualName is the name of an individual customer, set alongside
	// or instead of BusinessName.
	IndividualName string `json:"individual_name"`
	// InvoiceCreditBalance is the customer's invoice balance per currency.
	InvoiceCreditBalance map[string]int64  `json:"invoice_credit_balance"`
	InvoicePrefix        string            `json:"invoice_prefix"`
	InvoiceSettings      InvoiceSettings   `json:"invoice_settings"`
	Livemode             bool              `json:"livemode"`
	Metadata             map[string]string `json:"metadata"`
	Name                 string            `json:"name"`
	NextInvoiceSequence  int64             `json:"next_invoice_sequence"`
	Phone                string            `json:"phone"`
	PreferredLocales     []string          `json:"preferred_locales"`
	Shipping             *pay.Shipping     `json:"shipping"`
	// Sources are the customer's saved payment sources (cards, and bank
	// accounts or sources, told apart by Object). The API includes them only
	// when "sources" is expanded.
	Sources *pay.Page[Card] `json:"sources"`
	// Subscriptions lists the customer's subscriptions by reference, when
	// "subscriptions" is expanded.
	Subscriptions *pay.Page[pay.Reference] `json:"subscriptions"`
	// Tax is the customer's tax location, when "tax" is expanded.
	Tax       *Tax      `json:"tax"`
	TaxExempt TaxExempt `json:"tax_exempt"`
	// TaxIDs are the customer's tax ids, when "tax_ids" is expanded.
	TaxIDs *pay.Page[TaxID] `json:"tax_ids"`
	// TestClock is the test clock the customer belongs to: only its ID is
	// set unless "test_clock" is expanded.
	TestClock *TestClock `json:"test_clock"`
}

// CashBalance is the money the API holds on a customer's behalf.
type CashBalance struct {
	Object string `json:"object"`
	// Available is the balance per currency, in the smallest currency unit.
	Available       map[string]int64    `json:"available"`
	Customer        string              `json:"customer"`
	CustomerAccount string              `json:"customer_account"`
	Livemode        bool                `json:"livemode"`
	Settings        CashBalanceSettings `json:"settings"`
}

// CashBalanceSettings configure how a cash balance is reconciled.
type CashBalanceSettings struct {
	ReconciliationMode   string `json:"reconciliation_mode"`
	UsingMerchantDefault bool   `json:"using_merchant_default"`
}

// Discount is the discount active on a customer.
type Discount struct {
	ID              string    `json:"id"`
	Object          string    `json:"object"`
	CheckoutSession string    `json:"checkout_session"`
	Customer        *Customer `json:"customer"`
	CustomerAccount string    `json:"customer_account"`
	// End is when a repeating discount ends (Unix seconds), 0 otherwise.
	End              int64          `json:"end"`
	Invoice          string         `json:"invoice"`
	InvoiceItem      string         `json:"invoice_item"`
	PromotionCode    *pay.Reference `json:"promotion_code"`
	Source           DiscountSource `json:"source"`
	Start            int64          `json:"start"`
	Subscription     string         `json:"subscription"`
	SubscriptionItem string         `json:"subscription_item"`
}

// DiscountSource is what a discount was created from.
type DiscountSource struct {
	Coupon *pay.Reference `json:"coupon"`
	Type   string         `json:"type"`
}

// Tax is a customer's tax details.
type Tax struct {
	AutomaticTax string       `json:"automatic_tax"`
	IPAddress    string       `json:"ip_address"`
	Location     *TaxLocation `json:"location"`
	Provider     string       `json:"provider"`
}

// TaxLocation is the tax location identified for a customer.
type TaxLocation struct {
	Country string `json:"country"`
	Source  string `json:"source"`
	State   string `json:"state"`
}

// TaxID is one of a customer's tax ids.
type TaxID struct {
	ID       string `json:"id"`
	Object   string `json:"object"`
	Country  string `json:"country"`
	Created  int64  `json:"created"`
	Livemode bool   `json:"livemode"`
	Type     string `json:"type"`
	Value    string `json:"value"`
}

// TestClock is a test clock. As a customer's test_clock it decodes from a
// bare id, with only ID set, or from the whole object.
type TestClock struct {
	ID           string `json:"id"`
	Object       string `json:"object"`
	Created      int64  `json:"created"`
	DeletesAfter int64  `json:"deletes_after"`
	FrozenTime   int64  `json:"frozen_time"`
	Livemode     bool   `json:"livemode"`
	Name         string `json:"name"`
	Status       string `json:"status"`
}

type plainTestClock TestClock

// UnmarshalJSONFrom decodes a test clock from its object or from its bare id, in
// the decoder's stream (encoding/json/v2).
func (tc *TestClock) UnmarshalJSONFrom(d *jsontext.Decoder) error {
	return wire.Expandable(d, tc, (*plainTestClock)(tc), testClockID)
}

// UnmarshalJSON decodes a test clock from its object or from its bare id
// (encoding/json).
func (tc *TestClock) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, tc) }

func testClockID(tc *TestClock) *string { return &tc.ID }

// InvoiceSettings are a customer's default invoice settings.
type InvoiceSettings struct {
	CustomFields []InvoiceCustomField `json:"custom_fields"`
	// DefaultPaymentMethod is only a reference: its ID is set whether or not
	// it was expanded.
	DefaultPaymentMethod *pay.Reference           `json:"default_payment_method"`
	Footer               string                   `json:"footer"`
	RenderingOptions     *InvoiceRenderingOptions `json:"rendering_options"`
}

// InvoiceRenderingOptions are a customer's default options for invoice PDFs.
type InvoiceRenderingOptions struct {
	AmountTaxDisplay string `json:"amount_tax_display"`
	Template         string `json:"template"`
}

// InvoiceCustomField is a custom field shown on a customer's invoices.
type InvoiceCustomField struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type plainCustomer Customer

// UnmarshalJSONFrom decodes a customer (a bare id where it is an unexpanded reference) from its object or from its bare id, in
// the decoder's stream (encoding/json/v2).
func (c *Customer) UnmarshalJSONFrom(d *jsontext.Decoder) error {
	return wire.Expandable(d, c, (*plainCustomer)(c), customerID)
}

// UnmarshalJSON decodes a customer (a bare id where it is an unexpanded reference) from its object or from its bare id
// (encoding/json).
func (c *Customer) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

func customerID(c *Customer) *string { return &c.ID }

// Card is a card source: a customer's saved card, or the card a charge was
// made with. As an expandable reference (a customer's default_source) it
// decodes from a bare id, with only ID set, or from the whole object.
type Card struct {
	ID     string `json:"id"`
	Object string `json:"object"`
	// Account is the connected account of an external account card, by
	// reference.
	Account           *pay.Reference `json:"account"`
	AddressCity       string         `json:"address_city"`
	AddressCountry    string         `json:"address_country"`
	AddressLine1      string         `json:"address_line1"`
	AddressLine1Check string         `json:"address_line1_check"`
	AddressLine2      string         `json:"address_line2"`
	AddressState      string         `json:"address_state"`
	AddressZip        string         `json:"address_zip"`
	AddressZipCheck   string         `json:"address_zip_check"`
	AllowRedisplay    string         `json:"allow_redisplay"`
	// AvailablePayoutMethods are set for a connected account's debit card.
	AvailablePayoutMethods []string `json:"available_payout_methods"`
	Brand                  string   `json:"brand"`
	Country                string   `json:"country"`
	Currency               string   `json:"currency"`
	// Customer is the customer the card is saved on: only its ID is set
	// unless "customer" is expanded.
	Customer           *Customer `json:"customer"`
	CVCCheck           string    `json:"cvc_check"`
	DefaultForCurrency bool      `json:"default_for_currency"`
	// Deleted is true for a card [Client.DeleteCard] removed, of which
	// only ID and Object are known.
	Deleted            bool              `json:"deleted"`
	DynamicLast4       string            `json:"dynamic_last4"`
	ExpMonth           int64             `json:"exp_month"`
	ExpYear            int64             `json:"exp_year"`
	Fingerprint        string            `json:"fingerprint"`
	Funding            string            `json:"funding"`
	Last4              string            `json:"last4"`
	Metadata           map[string]string `json:"metadata"`
	Name               string            `json:"name"`
	Networks           *CardNetworks     `json:"networks"`
	RegulatedStatus    string            `json:"regulated_status"`
	Status             string            `json:"status"`
	TokenizationMethod string            `json:"tokenization_method"`
	// Wallet is the raw wallet details some card sources carry (the card
	// object of the current API reference has none); kept undecoded.
	Wallet json.RawMessage `json:"wallet"`
}

// CardNetworks are the card networks a card can be processed on.
type CardNetworks struct {
	// Preferred is the network the cardholder chose, if any.
	Preferred string `json:"preferred"`
}

type plainCard Card

// UnmarshalJSONFrom decodes a card from its object or from its bare id, in
// the decoder's stream (encoding/json/v2).
func (c *Card) UnmarshalJSONFrom(d *jsontext.Decoder) error {
	return wire.Expandable(d, c, (*plainCard)(c), cardID)
}

// UnmarshalJSON decodes a card from its object or from its bare id
// (encoding/json).
func (c *Card) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, c) }

func cardID(c *Card) *string { return &c.ID }
