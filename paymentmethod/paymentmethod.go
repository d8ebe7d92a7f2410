package paymentmethod

import (
	"github.com/go-json-experiment/json/jsontext"

	"github.com/paykit/pay"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/internal/wire"
)

// Type is the kind of a payment method, the field of PaymentMethod that
// holds its details.
type Type string

// The payment method types most integrations use. The API has more (one per
// field of PaymentMethod); any type it sends is kept as is.
const (
	TypeCard            Type = "card"
	TypeCardPresent     Type = "card_present"
	TypeLink            Type = "link"
	TypeSEPADebit       Type = "sepa_debit"
	TypeUSBankAccount   Type = "us_bank_account"
	TypeBACSDebit       Type = "bacs_debit"
	TypeACSSDebit       Type = "acss_debit"
	TypeAUBECSDebit     Type = "au_becs_debit"
	TypeIDEAL           Type = "ideal"
	TypeBancontact      Type = "bancontact"
	TypeKlarna          Type = "klarna"
	TypePayPal          Type = "paypal"
	TypeCustomerBalance Type = "customer_balance"
)

// AllowRedisplay says whether a saved payment method may be shown to its
// customer again in a checkout form.
type AllowRedisplay string

// The AllowRedisplay values.
const (
	AllowRedisplayAlways      AllowRedisplay = "always"
	AllowRedisplayLimited     AllowRedisplay = "limited"
	AllowRedisplayUnspecified AllowRedisplay = "unspecified"
)

// PaymentMethod is a payment method object: a customer's card (or bank
// account, wallet, ...) that PaymentIntents and SetupIntents charge or set
// up. Type names the kind, and the field of that name holds its details;
// this package models cards (Card) field by field and keeps the details of
// other kinds as the API sends them.
//
// As an expandable field of another object (a PaymentIntent's
// payment_method) it decodes from a bare id, with only ID set, or from the
// whole object.
type PaymentMethod struct {
	ID     string `json:"id"`
	Object string `json:"object"`
	// AllowRedisplay says whether the payment method may be shown to its
	// customer again.
	AllowRedisplay AllowRedisplay `json:"allow_redisplay"`
	// BillingDetails are the billing details given with the payment
	// method; always present.
	BillingDetails BillingDetails `json:"billing_details"`
	// Card is set for Type card.
	Card *Card `json:"card"`
	// CardPresent is set for Type card_present (a card read by a
	// terminal), as the API sends it.
	CardPresent map[string]any `json:"card_present"`
	Created     int64          `json:"created"`
	// Customer is the customer the payment method is attached to, nil when
	// none: only its ID is set unless "customer" is expanded.
	Customer *customer.Customer `json:"customer"`
	// CustomerAccount is the customer account (Accounts v2) the payment
	// method is attached to.
	CustomerAccount string            `json:"customer_account"`
	Livemode        bool              `json:"livemode"`
	Metadata        map[string]string `json:"metadata"`
	// RadarOptions are the Radar options the payment method was made with.
	RadarOptions *RadarOptions `json:"radar_options"`
	Type         Type          `json:"type"`

	// The details of the other payment method types, as the API sends
	// them: each is set for the Type of its name.
	ACSSDebit        map[string]any `json:"acss_debit"`
	Affirm           map[string]any `json:"affirm"`
	AfterpayClearpay map[string]any `json:"afterpay_clearpay"`
	Alipay           map[string]any `json:"alipay"`
	Alma             map[string]any `json:"alma"`
	AmazonPay        map[string]any `json:"amazon_pay"`
	AUBECSDebit      map[string]any `json:"au_becs_debit"`
	BACSDebit        map[string]any `json:"bacs_debit"`
	Bancontact       map[string]any `json:"bancontact"`
	Billie           map[string]any `json:"billie"`
	Bizum            map[string]any `json:"bizum"`
	Blik             map[string]any `json:"blik"`
	Boleto           map[string]any `json:"boleto"`
	CashApp          map[string]any `json:"cashapp"`
	Crypto           map[string]any `json:"crypto"`
	Custom           map[string]any `json:"custom"`
	CustomerBalance  map[string]any `json:"customer_balance"`
	EPS              map[string]any `json:"eps"`
	FPX              map[string]any `json:"fpx"`
	Giropay          map[string]any `json:"giropay"`
	GrabPay          map[string]any `json:"grabpay"`
	IDEAL            map[string]any `json:"ideal"`
	InteracPresent   map[string]any `json:"interac_present"`
	KakaoPay         map[string]any `json:"kakao_pay"`
	Klarna           map[string]any `json:"klarna"`
	Konbini          map[string]any `json:"konbini"`
	KrCard           map[string]any `json:"kr_card"`
	Link             map[string]any `json:"link"`
	MBWay            map[string]any `json:"mb_way"`
	MobilePay        map[string]any `json:"mobilepay"`
	Multibanco       map[string]any `json:"multibanco"`
	NaverPay         map[string]any `json:"naver_pay"`
	NZBankAccount    map[string]any `json:"nz_bank_account"`
	OXXO             map[string]any `json:"oxxo"`
	P24              map[string]any `json:"p24"`
	PayByBank        map[string]any `json:"pay_by_bank"`
	Payco            map[string]any `json:"payco"`
	PayNow           map[string]any `json:"paynow"`
	PayPal           map[string]any `json:"paypal"`
	PayTo            map[string]any `json:"payto"`
	Pix              map[string]any `json:"pix"`
	PromptPay        map[string]any `json:"promptpay"`
	RevolutPay       map[string]any `json:"revolut_pay"`
	SamsungPay       map[string]any `json:"samsung_pay"`
	Satispay         map[string]any `json:"satispay"`
	Scalapay         map[string]any `json:"scalapay"`
	SEPADebit        map[string]any `json:"sepa_debit"`
	Sofort           map[string]any `json:"sofort"`
	Sunbit           map[string]any `json:"sunbit"`
	Swish            map[string]any `json:"swish"`
	Twint            map[string]any `json:"twint"`
	UPI              map[string]any `json:"upi"`
	USBankAccount    map[string]any `json:"us_bank_account"`
	WeChatPay        map[string]any `json:"wechat_pay"`
	Zip              map[string]any `json:"zip"`
}

type plainPaymentMethod PaymentMethod

// UnmarshalJSONFrom decodes a payment method from its object or from its
// bare id, in the decoder's stream (encoding/json/v2).
func (pm *PaymentMethod) UnmarshalJSONFrom(d *jsontext.Decoder) error {
	return wire.Expandable(d, pm, (*plainPaymentMethod)(pm), paymentMethodID)
}

// UnmarshalJSON decodes a payment method from its object or from its bare
// id (encoding/json).
func (pm *PaymentMethod) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, pm) }

func paymentMethodID(pm *PaymentMethod) *string { return &pm.ID }

// BillingDetails are the billing details of a payment method.
type BillingDetails struct {
	Address *pay.Address `json:"address"`
	Email   string       `json:"email"`
	Name    string       `json:"name"`
	Phone   string       `json:"phone"`
	TaxID   string       `json:"tax_id"`
}

// RadarOptions are the Radar options of a payment method.
type RadarOptions struct {
	Session string `json:"session"`
}

// Card describes a card payment method.
type Card struct {
	// Brand is amex, diners, discover, eftpos_au, jcb, link, mastercard,
	// unionpay, visa or unknown.
	Brand string `json:"brand"`
	// Checks are the results of the CVC and address checks made when the
	// card was saved.
	Checks *Checks `json:"checks"`
	// Country is the card's two-letter country code.
	Country string `json:"country"`
	// DisplayBrand is the brand to show the customer (cartes_bancaires,
	// ...), which may differ from Brand.
	DisplayBrand string `json:"display_brand"`
	ExpMonth     int64  `json:"exp_month"`
	ExpYear      int64  `json:"exp_year"`
	// Fingerprint is the same for every payment method made from the same
	// card number in your account.
	Fingerprint string `json:"fingerprint"`
	// Funding is credit, debit, prepaid or unknown.
	Funding string `json:"funding"`
	// GeneratedFrom is the card present transaction the payment method
	// was made from, if any.
	GeneratedFrom *GeneratedFrom `json:"generated_from"`
	Last4         string         `json:"last4"`
	// Networks are the card networks that can process the card.
	Networks *Networks `json:"networks"`
	// RegulatedStatus is regulated or unregulated (the issuer's
	// interchange regulation).
	RegulatedStatus string `json:"regulated_status"`
	// ThreeDSecureUsage says whether the card supports 3-D Secure.
	ThreeDSecureUsage *ThreeDSecureUsage `json:"three_d_secure_usage"`
	// Wallet is the wallet (Apple Pay, Google Pay, Link, ...) the card
	// came from, if any.
	Wallet *Wallet `json:"wallet"`
}

// Checks are the results of a card's checks: pass, fail, unavailable or
// unchecked, empty when not run.
type Checks struct {
	AddressLine1Check      string `json:"address_line1_check"`
	AddressPostalCodeCheck string `json:"address_postal_code_check"`
	CVCCheck               string `json:"cvc_check"`
}

// GeneratedFrom names the transaction a card payment method was made from.
type GeneratedFrom struct {
	// Charge is the id of the charge.
	Charge string `json:"charge"`
	// PaymentMethodDetails describe the card present payment.
	PaymentMethodDetails *GeneratedFromDetails `json:"payment_method_details"`
	// SetupAttempt is the setup attempt: only its ID is set unless
	// expanded.
	SetupAttempt *pay.Reference `json:"setup_attempt"`
}

// GeneratedFromDetails describe the payment a card payment method was made
// from: Type, and the card present details as the API sends them.
type GeneratedFromDetails struct {
	CardPresent map[string]any `json:"card_present"`
	Type        string         `json:"type"`
}

// Networks are the networks a card can be processed on.
type Networks struct {
	// Available are the networks the card supports.
	Available []string `json:"available"`
	// Preferred is the network the customer chose, if any.
	Preferred string `json:"preferred"`
}

// ThreeDSecureUsage says whether a card supports 3-D Secure.
type ThreeDSecureUsage struct {
	Supported bool `json:"supported"`
}

// Wallet describes the wallet a card was added through. Type names it; the
// wallet's own field is set.
type Wallet struct {
	AmexExpressCheckout *struct{}          `json:"amex_express_checkout"`
	ApplePay            *struct{}          `json:"apple_pay"`
	DynamicLast4        string             `json:"dynamic_last4"`
	GooglePay           *struct{}          `json:"google_pay"`
	Link                *struct{}          `json:"link"`
	Masterpass          *WalletWithAddress `json:"masterpass"`
	SamsungPay          *struct{}          `json:"samsung_pay"`
	Type                string             `json:"type"`
	VisaCheckout        *WalletWithAddress `json:"visa_checkout"`
}

// WalletWithAddress describes a Masterpass or Visa Checkout wallet, which
// share the customer's addresses.
type WalletWithAddress struct {
	BillingAddress  *pay.Address `json:"billing_address"`
	Email           string       `json:"email"`
	Name            string       `json:"name"`
	ShippingAddress *pay.Address `json:"shipping_address"`
}
