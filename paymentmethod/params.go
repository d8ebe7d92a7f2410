package paymentmethod

import (
	"fmt"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/check"
)

// CreateParams are the params of Create. Type is required, with the field
// of that name: a checkout form's token becomes a card payment method with
// Type "card" and Card.Token.
type CreateParams struct {
	// Type is the kind of payment method; required.
	Type Type `url:"type,omitempty"`
	// Card is the card: a token (Token) or, with a PCI-compliant
	// integration, its number and expiry.
	Card *CardParams `url:"card,omitempty"`
	// BillingDetails are the customer's billing details.
	BillingDetails *BillingDetailsParams `url:"billing_details,omitempty"`
	// Metadata is attached to the payment method.
	Metadata pay.Metadata `url:"metadata"`
	// AllowRedisplay says whether the payment method may be shown to its
	// customer again.
	AllowRedisplay AllowRedisplay `url:"allow_redisplay,omitempty"`
	// Customer and PaymentMethod clone a platform customer's payment
	// method onto a connected account (with pay.StripeAccount).
	Customer      string `url:"customer,omitempty"`
	PaymentMethod string `url:"payment_method,omitempty"`
	// RadarOptions pass a Radar session.
	RadarOptions *RadarOptionsParams `url:"radar_options,omitempty"`

	// The details of the other payment method types that take any; set
	// the one Type names.
	ACSSDebit     *ACSSDebitParams     `url:"acss_debit,omitempty"`
	AUBECSDebit   *AUBECSDebitParams   `url:"au_becs_debit,omitempty"`
	BACSDebit     *BACSDebitParams     `url:"bacs_debit,omitempty"`
	Boleto        *BoletoParams        `url:"boleto,omitempty"`
	Custom        *CustomParams        `url:"custom,omitempty"`
	EPS           *BankParams          `url:"eps,omitempty"`
	FPX           *BankParams          `url:"fpx,omitempty"`
	IDEAL         *BankParams          `url:"ideal,omitempty"`
	Klarna        *KlarnaParams        `url:"klarna,omitempty"`
	NaverPay      *NaverPayParams      `url:"naver_pay,omitempty"`
	NZBankAccount *NZBankAccountParams `url:"nz_bank_account,omitempty"`
	P24           *BankParams          `url:"p24,omitempty"`
	PayTo         *PayToParams         `url:"payto,omitempty"`
	SEPADebit     *SEPADebitParams     `url:"sepa_debit,omitempty"`
	Sofort        *SofortParams        `url:"sofort,omitempty"`
	UPI           *UPIParams           `url:"upi,omitempty"`
	USBankAccount *USBankAccountParams `url:"us_bank_account,omitempty"`
}

// DataParams describe a new payment method inline, as the
// payment_method_data of a PaymentIntent or SetupIntent: the intent
// creates the payment method. They are CreateParams without the card
// (which intents take only as a payment method) and the clone fields.
type DataParams struct {
	// Type is the kind of payment method; required.
	Type           Type                  `url:"type,omitempty"`
	BillingDetails *BillingDetailsParams `url:"billing_details,omitempty"`
	Metadata       pay.Metadata          `url:"metadata"`
	AllowRedisplay AllowRedisplay        `url:"allow_redisplay,omitempty"`
	RadarOptions   *RadarOptionsParams   `url:"radar_options,omitempty"`

	ACSSDebit     *ACSSDebitParams     `url:"acss_debit,omitempty"`
	AUBECSDebit   *AUBECSDebitParams   `url:"au_becs_debit,omitempty"`
	BACSDebit     *BACSDebitParams     `url:"bacs_debit,omitempty"`
	Boleto        *BoletoParams        `url:"boleto,omitempty"`
	EPS           *BankParams          `url:"eps,omitempty"`
	FPX           *BankParams          `url:"fpx,omitempty"`
	IDEAL         *BankParams          `url:"ideal,omitempty"`
	Klarna        *KlarnaParams        `url:"klarna,omitempty"`
	NaverPay      *NaverPayParams      `url:"naver_pay,omitempty"`
	NZBankAccount *NZBankAccountParams `url:"nz_bank_account,omitempty"`
	P24           *BankParams          `url:"p24,omitempty"`
	PayTo         *PayToParams         `url:"payto,omitempty"`
	SEPADebit     *SEPADebitParams     `url:"sepa_debit,omitempty"`
	Sofort        *SofortParams        `url:"sofort,omitempty"`
	UPI           *UPIParams           `url:"upi,omitempty"`
	USBankAccount *USBankAccountParams `url:"us_bank_account,omitempty"`
}

// Validate checks what can never be right in d, with param naming where d
// is sent (such as "payment_method_data"); the intent packages call it.
func (d *DataParams) Validate(param string) error {
	if d == nil {
		return nil
	}
	if d.Type == "" {
		return check.Missing(param + "[type]")
	}
	return nil
}

// CardParams are a card: Token alone (a token from your checkout form, such
// as "tok_visa"), or Number, ExpMonth, ExpYear and CVC.
type CardParams struct {
	Token    string `url:"token,omitempty"`
	Number   string `url:"number,omitempty"`
	ExpMonth int64  `url:"exp_month,omitempty"`
	ExpYear  int64  `url:"exp_year,omitempty"`
	CVC      string `url:"cvc,omitempty"`
	// Networks picks the network of a co-branded card.
	Networks *NetworksParams `url:"networks,omitempty"`
}

// NetworksParams choose the network a co-branded card is processed on.
type NetworksParams struct {
	// Preferred is the customer's network, such as "cartes_bancaires";
	// a pointer to "" clears it.
	Preferred *string `url:"preferred,omitempty"`
}

// BillingDetailsParams are the billing details of a payment method.
type BillingDetailsParams struct {
	Address *pay.AddressParams `url:"address,omitempty"`
	Email   string             `url:"email,omitempty"`
	Name    string             `url:"name,omitempty"`
	Phone   string             `url:"phone,omitempty"`
	TaxID   string             `url:"tax_id,omitempty"`
}

// RadarOptionsParams pass a Radar session.
type RadarOptionsParams struct {
	Session string `url:"session,omitempty"`
}

// ACSSDebitParams are a Canadian bank account for pre-authorized debits.
type ACSSDebitParams struct {
	AccountNumber     string `url:"account_number,omitempty"`
	InstitutionNumber string `url:"institution_number,omitempty"`
	TransitNumber     string `url:"transit_number,omitempty"`
}

// AUBECSDebitParams are an Australian bank account for BECS debits.
type AUBECSDebitParams struct {
	AccountNumber string `url:"account_number,omitempty"`
	BSBNumber     string `url:"bsb_number,omitempty"`
}

// BACSDebitParams are a UK bank account for Bacs debits.
type BACSDebitParams struct {
	AccountNumber string `url:"account_number,omitempty"`
	SortCode      string `url:"sort_code,omitempty"`
}

// BoletoParams are a Boleto payment's customer tax id (CPF or CNPJ).
type BoletoParams struct {
	TaxID string `url:"tax_id,omitempty"`
}

// CustomParams name a custom payment method type of your account.
type CustomParams struct {
	Type string `url:"type,omitempty"`
}

// BankParams name the customer's bank, for EPS, FPX, iDEAL and P24.
type BankParams struct {
	Bank string `url:"bank,omitempty"`
}

// KlarnaParams are a Klarna customer's date of birth.
type KlarnaParams struct {
	DOB *DOBParams `url:"dob,omitempty"`
}

// DOBParams are a date of birth.
type DOBParams struct {
	Day   int64 `url:"day,omitempty"`
	Month int64 `url:"month,omitempty"`
	Year  int64 `url:"year,omitempty"`
}

// NaverPayParams choose how a Naver Pay customer pays: card or points.
type NaverPayParams struct {
	Funding string `url:"funding,omitempty"`
}

// NZBankAccountParams are a New Zealand bank account.
type NZBankAccountParams struct {
	AccountHolderName string `url:"account_holder_name,omitempty"`
	AccountNumber     string `url:"account_number,omitempty"`
	BankCode          string `url:"bank_code,omitempty"`
	BranchCode        string `url:"branch_code,omitempty"`
	Reference         string `url:"reference,omitempty"`
	Suffix            string `url:"suffix,omitempty"`
}

// PayToParams are a PayTo account: a bank account (AccountNumber and
// BSBNumber) or a PayID.
type PayToParams struct {
	AccountNumber string `url:"account_number,omitempty"`
	BSBNumber     string `url:"bsb_number,omitempty"`
	PayID         string `url:"pay_id,omitempty"`
}

// SEPADebitParams are a SEPA bank account.
type SEPADebitParams struct {
	IBAN string `url:"iban,omitempty"`
}

// SofortParams are the country of a Sofort customer's bank.
type SofortParams struct {
	Country string `url:"country,omitempty"`
}

// UPIParams are the mandate of a UPI payment method.
type UPIParams struct {
	MandateOptions *UPIMandateOptionsParams `url:"mandate_options,omitempty"`
}

// UPIMandateOptionsParams describe a UPI mandate.
type UPIMandateOptionsParams struct {
	Amount int64 `url:"amount,omitempty"`
	// AmountType is fixed or maximum.
	AmountType  string `url:"amount_type,omitempty"`
	Description string `url:"description,omitempty"`
	EndDate     int64  `url:"end_date,omitempty"`
}

// USBankAccountParams are a US bank account: its numbers, or a Financial
// Connections account.
type USBankAccountParams struct {
	// AccountHolderType is company or individual.
	AccountHolderType string `url:"account_holder_type,omitempty"`
	AccountNumber     string `url:"account_number,omitempty"`
	// AccountType is checking or savings.
	AccountType                 string `url:"account_type,omitempty"`
	FinancialConnectionsAccount string `url:"financial_connections_account,omitempty"`
	RoutingNumber               string `url:"routing_number,omitempty"`
}

func (p *CreateParams) validate() error {
	if err := check.Params(p == nil); err != nil {
		return err
	}
	if p.Type == "" {
		return check.Missing("type")
	}
	if c := p.Card; c != nil {
		if err := validateCard(c); err != nil {
			return err
		}
	}
	return nil
}

func validateCard(c *CardParams) error {
	if c.Token != "" {
		if c.Number != "" {
			return check.Invalid("card[number]", "", "card takes a token or a number, not both")
		}
		return nil
	}
	if c.Number == "" {
		return check.Missing("card[token]")
	}
	if err := expMonth("card[exp_month]", c.ExpMonth, true); err != nil {
		return err
	}
	if c.ExpYear == 0 {
		return check.Missing("card[exp_year]")
	}
	return nil
}

func expMonth(param string, m int64, required bool) error {
	switch {
	case m == 0 && required:
		return check.Missing(param)
	case m < 0 || m > 12:
		return check.Invalid(param, pay.ErrorCodeInvalidExpiryMonth, fmt.Sprintf("%s must be 1 to 12, not %d", param, m))
	}
	return nil
}

// UpdateParams are the params of Update. Every field is optional: nil
// leaves it unchanged.
type UpdateParams struct {
	AllowRedisplay *AllowRedisplay `url:"allow_redisplay,omitempty"`
	// BillingDetails replace the billing details given.
	BillingDetails *BillingDetailsParams `url:"billing_details,omitempty"`
	// Card changes a card's expiry or preferred network.
	Card *UpdateCardParams `url:"card,omitempty"`
	// Metadata sets keys; an empty value unsets a key, and a non-nil empty
	// Metadata{} unsets all.
	Metadata pay.Metadata `url:"metadata"`
	// PayTo changes a PayTo account.
	PayTo *PayToParams `url:"payto,omitempty"`
	// USBankAccount changes a US bank account's holder or account type.
	USBankAccount *UpdateUSBankAccountParams `url:"us_bank_account,omitempty"`
}

// UpdateCardParams change a card payment method.
type UpdateCardParams struct {
	ExpMonth *int64          `url:"exp_month,omitempty"`
	ExpYear  *int64          `url:"exp_year,omitempty"`
	Networks *NetworksParams `url:"networks,omitempty"`
}

// UpdateUSBankAccountParams change a US bank account payment method.
type UpdateUSBankAccountParams struct {
	AccountHolderType *string `url:"account_holder_type,omitempty"`
	AccountType       *string `url:"account_type,omitempty"`
}

func (p *UpdateParams) validate() error {
	if p == nil || p.Card == nil {
		return nil
	}
	if m := p.Card.ExpMonth; m != nil {
		if err := expMonth("card[exp_month]", *m, true); err != nil {
			return err
		}
	}
	if y := p.Card.ExpYear; y != nil && *y < 1 {
		return check.Invalid("card[exp_year]", pay.ErrorCodeInvalidExpiryYear, "card[exp_year] must be a four-digit year")
	}
	return nil
}

// AttachParams are the params of Attach.
type AttachParams struct {
	// Customer is the customer to attach the payment method to; required
	// unless CustomerAccount is set.
	Customer string `url:"customer,omitempty"`
	// CustomerAccount is the customer account (Accounts v2) to attach to.
	CustomerAccount string `url:"customer_account,omitempty"`
}

func (p *AttachParams) validate() error {
	if err := check.Params(p == nil); err != nil {
		return err
	}
	if p.Customer == "" && p.CustomerAccount == "" {
		return check.Missing("customer")
	}
	return nil
}

// ListParams filter List and ListPage. With Customer set, they list that
// customer's payment methods (GET /v1/customers/{customer}/payment_methods);
// without, the account's (GET /v1/payment_methods).
type ListParams struct {
	pay.ListParams
	// Customer lists the payment methods attached to this customer. It
	// goes in the path, not the query.
	Customer string `url:"-"`
	// Type lists only payment methods of this type, such as "card".
	Type string `url:"type,omitempty"`
	// AllowRedisplay lists only payment methods with this value.
	AllowRedisplay AllowRedisplay `url:"allow_redisplay,omitempty"`
	// CustomerAccount lists the payment methods of this customer account
	// (Accounts v2); without Customer only.
	CustomerAccount string `url:"customer_account,omitempty"`
}
