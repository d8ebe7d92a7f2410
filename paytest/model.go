package paytest

// The JSON shapes of the API's objects. Fields are declared id, object, then
// in alphabetical order, as the API writes them; pointers and `any` are null
// when unset, as the API reports nullable fields.

type addressJSON struct {
	City       *string `json:"city"`
	Country    *string `json:"country"`
	Line1      *string `json:"line1"`
	Line2      *string `json:"line2"`
	PostalCode *string `json:"postal_code"`
	State      *string `json:"state"`
}

type shippingJSON struct {
	Address        addressJSON `json:"address"`
	Carrier        *string     `json:"carrier"`
	Name           string      `json:"name"`
	Phone          *string     `json:"phone"`
	TrackingNumber *string     `json:"tracking_number"`
}

// customerShippingJSON is a customer's shipping: no carrier or tracking number.
type customerShippingJSON struct {
	Address addressJSON `json:"address"`
	Name    string      `json:"name"`
	Phone   *string     `json:"phone"`
}

type listJSON struct {
	Object  string `json:"object"`
	Data    []any  `json:"data"`
	HasMore bool   `json:"has_more"`
	URL     string `json:"url"`
}

type cardJSON struct {
	ID                 string            `json:"id"`
	Object             string            `json:"object"`
	AddressCity        *string           `json:"address_city"`
	AddressCountry     *string           `json:"address_country"`
	AddressLine1       *string           `json:"address_line1"`
	AddressLine1Check  *string           `json:"address_line1_check"`
	AddressLine2       *string           `json:"address_line2"`
	AddressState       *string           `json:"address_state"`
	AddressZip         *string           `json:"address_zip"`
	AddressZipCheck    *string           `json:"address_zip_check"`
	Brand              string            `json:"brand"`
	Country            *string           `json:"country"`
	Customer           any               `json:"customer"`
	CVCCheck           *string           `json:"cvc_check"`
	DynamicLast4       *string           `json:"dynamic_last4"`
	ExpMonth           int               `json:"exp_month"`
	ExpYear            int               `json:"exp_year"`
	Fingerprint        *string           `json:"fingerprint"`
	Funding            string            `json:"funding"`
	Last4              string            `json:"last4"`
	Metadata           map[string]string `json:"metadata"`
	Name               *string           `json:"name"`
	RegulatedStatus    *string           `json:"regulated_status"`
	TokenizationMethod *string           `json:"tokenization_method"`
}

type billingDetailsJSON struct {
	Address addressJSON `json:"address"`
	Email   *string     `json:"email"`
	Name    *string     `json:"name"`
	Phone   *string     `json:"phone"`
	TaxID   *string     `json:"tax_id"`
}

type outcomeJSON struct {
	AdviceCode         *string `json:"advice_code"`
	NetworkAdviceCode  *string `json:"network_advice_code"`
	NetworkDeclineCode *string `json:"network_decline_code"`
	NetworkStatus      *string `json:"network_status"`
	Reason             *string `json:"reason"`
	RiskLevel          string  `json:"risk_level"`
	RiskScore          int     `json:"risk_score"`
	SellerMessage      *string `json:"seller_message"`
	Type               string  `json:"type"`
}

type checksJSON struct {
	AddressLine1Check      *string `json:"address_line1_check"`
	AddressPostalCodeCheck *string `json:"address_postal_code_check"`
	CVCCheck               *string `json:"cvc_check"`
}

type statusJSON struct {
	Status string `json:"status"`
}

type pmdCardJSON struct {
	AmountAuthorized         *int64      `json:"amount_authorized"`
	AuthorizationCode        *string     `json:"authorization_code"`
	Brand                    string      `json:"brand"`
	Checks                   *checksJSON `json:"checks"`
	Country                  *string     `json:"country"`
	ExpMonth                 int         `json:"exp_month"`
	ExpYear                  int         `json:"exp_year"`
	ExtendedAuthorization    statusJSON  `json:"extended_authorization"`
	Fingerprint              *string     `json:"fingerprint"`
	Funding                  string      `json:"funding"`
	IncrementalAuthorization statusJSON  `json:"incremental_authorization"`
	Installments             any         `json:"installments"`
	Last4                    string      `json:"last4"`
	Mandate                  *string     `json:"mandate"`
	Multicapture             statusJSON  `json:"multicapture"`
	Network                  string      `json:"network"`
	NetworkToken             struct {
		Used bool `json:"used"`
	} `json:"network_token"`
	NetworkTransactionID *string `json:"network_transaction_id"`
	Overcapture          struct {
		MaximumAmountCapturable int64  `json:"maximum_amount_capturable"`
		Status                  string `json:"status"`
	} `json:"overcapture"`
	RegulatedStatus   *string `json:"regulated_status"`
	ThreeDSecure      any     `json:"three_d_secure"`
	TransactionLinkID *string `json:"transaction_link_id"`
	Wallet            any     `json:"wallet"`
}

type pmdJSON struct {
	Card *pmdCardJSON `json:"card"`
	Type string       `json:"type"`
}

type chargeJSON struct {
	ID                            string             `json:"id"`
	Object                        string             `json:"object"`
	Amount                        int64              `json:"amount"`
	AmountCaptured                int64              `json:"amount_captured"`
	AmountRefunded                int64              `json:"amount_refunded"`
	Application                   *string            `json:"application"`
	ApplicationFee                *string            `json:"application_fee"`
	ApplicationFeeAmount          *int64             `json:"application_fee_amount"`
	BalanceTransaction            any                `json:"balance_transaction"`
	BillingDetails                billingDetailsJSON `json:"billing_details"`
	CalculatedStatementDescriptor *string            `json:"calculated_statement_descriptor"`
	Captured                      bool               `json:"captured"`
	Created                       int64              `json:"created"`
	Currency                      string             `json:"currency"`
	Customer                      any                `json:"customer"`
	Description                   *string            `json:"description"`
	Disputed                      bool               `json:"disputed"`
	FailureBalanceTransaction     *string            `json:"failure_balance_transaction"`
	FailureCode                   *string            `json:"failure_code"`
	FailureMessage                *string            `json:"failure_message"`
	FraudDetails                  map[string]string  `json:"fraud_details"`
	Livemode                      bool               `json:"livemode"`
	Metadata                      map[string]string  `json:"metadata"`
	OnBehalfOf                    *string            `json:"on_behalf_of"`
	Outcome                       *outcomeJSON       `json:"outcome"`
	Paid                          bool               `json:"paid"`
	PaymentIntent                 any                `json:"payment_intent"`
	PaymentMethod                 *string            `json:"payment_method"`
	PaymentMethodDetails          *pmdJSON           `json:"payment_method_details"`
	ReceiptEmail                  *string            `json:"receipt_email"`
	ReceiptNumber                 *string            `json:"receipt_number"`
	ReceiptURL                    *string            `json:"receipt_url"`
	Refunded                      bool               `json:"refunded"`
	Refunds                       *listJSON          `json:"refunds"`
	Review                        *string            `json:"review"`
	Shipping                      *shippingJSON      `json:"shipping"`
	Source                        *cardJSON          `json:"source"`
	SourceTransfer                *string            `json:"source_transfer"`
	StatementDescriptor           *string            `json:"statement_descriptor"`
	StatementDescriptorSuffix     *string            `json:"statement_descriptor_suffix"`
	Status                        string             `json:"status"`
	TransferData                  any                `json:"transfer_data"`
	TransferGroup                 *string            `json:"transfer_group"`
}

type invoiceSettingsJSON struct {
	CustomFields         any     `json:"custom_fields"`
	DefaultPaymentMethod *string `json:"default_payment_method"`
	Footer               *string `json:"footer"`
	RenderingOptions     any     `json:"rendering_options"`
}

type customerJSON struct {
	ID                  string                `json:"id"`
	Object              string                `json:"object"`
	Address             *addressJSON          `json:"address"`
	Balance             int64                 `json:"balance"`
	BusinessName        *string               `json:"business_name,omitempty"`
	Created             int64                 `json:"created"`
	Currency            *string               `json:"currency"`
	DefaultSource       any                   `json:"default_source"`
	Delinquent          bool                  `json:"delinquent"`
	Description         *string               `json:"description"`
	Discount            any                   `json:"discount"`
	Email               *string               `json:"email"`
	IndividualName      *string               `json:"individual_name,omitempty"`
	InvoicePrefix       string                `json:"invoice_prefix"`
	InvoiceSettings     invoiceSettingsJSON   `json:"invoice_settings"`
	Livemode            bool                  `json:"livemode"`
	Metadata            map[string]string     `json:"metadata"`
	Name                *string               `json:"name"`
	NextInvoiceSequence int64                 `json:"next_invoice_sequence"`
	Phone               *string               `json:"phone"`
	PreferredLocales    []string              `json:"preferred_locales"`
	Shipping            *customerShippingJSON `json:"shipping"`
	Sources             *listJSON             `json:"sources,omitempty"`
	TaxExempt           string                `json:"tax_exempt"`
	TestClock           *string               `json:"test_clock"`
}

type deletedJSON struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Deleted bool   `json:"deleted"`
}

type destinationDetailsJSON struct {
	Card struct {
		Type string `json:"type"`
	} `json:"card"`
	Type string `json:"type"`
}

type refundJSON struct {
	ID                     string                 `json:"id"`
	Object                 string                 `json:"object"`
	Amount                 int64                  `json:"amount"`
	BalanceTransaction     any                    `json:"balance_transaction"`
	Charge                 any                    `json:"charge"`
	Created                int64                  `json:"created"`
	Currency               string                 `json:"currency"`
	Customer               *string                `json:"customer"`
	CustomerAccount        *string                `json:"customer_account"`
	DestinationDetails     destinationDetailsJSON `json:"destination_details"`
	InstructionsEmail      *string                `json:"instructions_email,omitempty"`
	Metadata               map[string]string      `json:"metadata"`
	PaymentIntent          any                    `json:"payment_intent"`
	PaymentMethod          *string                `json:"payment_method"`
	Reason                 *string                `json:"reason"`
	ReceiptNumber          *string                `json:"receipt_number"`
	SourceTransferReversal *string                `json:"source_transfer_reversal"`
	Status                 string                 `json:"status"`
	TransferReversal       *string                `json:"transfer_reversal"`
}

type feeDetailJSON struct {
	Amount      int64   `json:"amount"`
	Application *string `json:"application"`
	Currency    string  `json:"currency"`
	Description string  `json:"description"`
	Type        string  `json:"type"`
}

type balanceTxnJSON struct {
	ID                string          `json:"id"`
	Object            string          `json:"object"`
	Amount            int64           `json:"amount"`
	AvailableOn       int64           `json:"available_on"`
	BalanceType       string          `json:"balance_type"`
	Created           int64           `json:"created"`
	Currency          string          `json:"currency"`
	Description       *string         `json:"description"`
	ExchangeRate      *float64        `json:"exchange_rate"`
	Fee               int64           `json:"fee"`
	FeeDetails        []feeDetailJSON `json:"fee_details"`
	Net               int64           `json:"net"`
	ReportingCategory string          `json:"reporting_category"`
	Source            any             `json:"source"`
	Status            string          `json:"status"`
	Type              string          `json:"type"`
}

func strp(s string) *string { return &s }

// optStr is nil for "", else a pointer to s: how the API clears a nullable
// string with an empty param.
func optStr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
