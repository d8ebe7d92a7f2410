// Package floor is the baseline the benchmarks measure pay and stripe-go
// against: what a careful developer writes by hand with net/http and
// encoding/json and nothing else. Its Charge holds the same fields as
// pay's charge.Charge for the fixture, with plain types: expandable
// references are the bare id strings the fixture carries, so no custom
// UnmarshalJSON runs. Its http.Client is the default one with the idle pool
// raised, as anyone calling one API host from many goroutines would do.
package floor

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Client calls the Charges API.
type Client struct {
	BaseURL string
	Key     string
	HTTP    *http.Client
}

// NewClient returns a client for baseURL with a default transport whose idle
// pool keeps up to 100 connections to the host.
func NewClient(baseURL, key string) *Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 100
	t.MaxIdleConnsPerHost = 100
	return &Client{BaseURL: baseURL, Key: key, HTTP: &http.Client{Timeout: 80 * time.Second, Transport: t}}
}

// APIError is a non-2xx answer.
type APIError struct {
	Status int
	Body   string
}

// Error returns the status and the body.
func (e *APIError) Error() string { return fmt.Sprintf("HTTP %d: %s", e.Status, e.Body) }

func (c *Client) do(ctx context.Context, method, path string, form url.Values, out any) error {
	var body io.Reader
	target := c.BaseURL + path
	if method == http.MethodGet {
		if len(form) > 0 {
			target += "?" + form.Encode()
		}
	} else {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.Key)
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Idempotency-Key", newKey())
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return &APIError{Status: resp.StatusCode, Body: string(b)}
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

func newKey() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// CreateCharge creates a charge. POST /v1/charges.
func (c *Client) CreateCharge(ctx context.Context, form url.Values) (*Charge, error) {
	ch := new(Charge)
	if err := c.do(ctx, http.MethodPost, "/v1/charges", form, ch); err != nil {
		return nil, err
	}
	return ch, nil
}

// ListCharges fetches one page of charges. GET /v1/charges.
func (c *Client) ListCharges(ctx context.Context, customer string, limit int, startingAfter string) (*Page, error) {
	q := url.Values{"limit": {strconv.Itoa(limit)}}
	if customer != "" {
		q.Set("customer", customer)
	}
	if startingAfter != "" {
		q.Set("starting_after", startingAfter)
	}
	p := new(Page)
	if err := c.do(ctx, http.MethodGet, "/v1/charges", q, p); err != nil {
		return nil, err
	}
	return p, nil
}

// CreateForm is the charge-create request every subject encodes: metadata,
// shipping with an address, and two expanded fields.
func CreateForm() url.Values {
	v := url.Values{}
	v.Set("amount", "2000")
	v.Set("currency", "usd")
	v.Set("source", "tok_visa")
	v.Set("description", "Order 6735")
	v.Set("metadata[order_id]", "6735")
	v.Set("metadata[customer_ref]", "A-1029")
	v.Set("shipping[name]", "Jenny Rosen")
	v.Set("shipping[phone]", "+15555550123")
	v.Set("shipping[address][line1]", "1 Main St")
	v.Set("shipping[address][city]", "San Francisco")
	v.Set("shipping[address][postal_code]", "94111")
	v.Set("shipping[address][country]", "US")
	v.Set("expand[0]", "customer")
	v.Set("expand[1]", "balance_transaction")
	return v
}

// Page is a list object of charges.
type Page struct {
	Object  string    `json:"object"`
	URL     string    `json:"url"`
	HasMore bool      `json:"has_more"`
	Data    []*Charge `json:"data"`
}

// Charge is the charge object.
type Charge struct {
	ID                            string                `json:"id"`
	Object                        string                `json:"object"`
	Amount                        int64                 `json:"amount"`
	AmountCaptured                int64                 `json:"amount_captured"`
	AmountRefunded                int64                 `json:"amount_refunded"`
	Application                   string                `json:"application"`
	ApplicationFee                string                `json:"application_fee"`
	ApplicationFeeAmount          int64                 `json:"application_fee_amount"`
	BalanceTransaction            string                `json:"balance_transaction"`
	BillingDetails                BillingDetails        `json:"billing_details"`
	CalculatedStatementDescriptor string                `json:"calculated_statement_descriptor"`
	Captured                      bool                  `json:"captured"`
	Created                       int64                 `json:"created"`
	Currency                      string                `json:"currency"`
	Customer                      string                `json:"customer"`
	Description                   string                `json:"description"`
	Disputed                      bool                  `json:"disputed"`
	FailureBalanceTransaction     string                `json:"failure_balance_transaction"`
	FailureCode                   string                `json:"failure_code"`
	FailureMessage                string                `json:"failure_message"`
	FraudDetails                  *FraudDetails         `json:"fraud_details"`
	Livemode                      bool                  `json:"livemode"`
	Metadata                      map[string]string     `json:"metadata"`
	OnBehalfOf                    string                `json:"on_behalf_of"`
	Outcome                       *Outcome              `json:"outcome"`
	Paid                          bool                  `json:"paid"`
	PaymentIntent                 string                `json:"payment_intent"`
	PaymentMethod                 string                `json:"payment_method"`
	PaymentMethodDetails          *PaymentMethodDetails `json:"payment_method_details"`
	RadarOptions                  *RadarOptions         `json:"radar_options"`
	ReceiptEmail                  string                `json:"receipt_email"`
	ReceiptNumber                 string                `json:"receipt_number"`
	ReceiptURL                    string                `json:"receipt_url"`
	Refunded                      bool                  `json:"refunded"`
	Refunds                       *RefundList           `json:"refunds"`
	Review                        string                `json:"review"`
	Shipping                      *Shipping             `json:"shipping"`
	Source                        *Card                 `json:"source"`
	SourceTransfer                string                `json:"source_transfer"`
	StatementDescriptor           string                `json:"statement_descriptor"`
	StatementDescriptorSuffix     string                `json:"statement_descriptor_suffix"`
	Status                        string                `json:"status"`
	TransferData                  *TransferData         `json:"transfer_data"`
	TransferGroup                 string                `json:"transfer_group"`
}

// Address is a postal address.
type Address struct {
	City       string `json:"city"`
	Country    string `json:"country"`
	Line1      string `json:"line1"`
	Line2      string `json:"line2"`
	PostalCode string `json:"postal_code"`
	State      string `json:"state"`
}

// BillingDetails are a payment method's billing details.
type BillingDetails struct {
	Address *Address `json:"address"`
	Email   string   `json:"email"`
	Name    string   `json:"name"`
	Phone   string   `json:"phone"`
	TaxID   string   `json:"tax_id"`
}

// FraudDetails are the fraud reports.
type FraudDetails struct {
	StripeReport string `json:"stripe_report"`
	UserReport   string `json:"user_report"`
}

// Outcome is the authorization outcome.
type Outcome struct {
	AdviceCode         string `json:"advice_code"`
	NetworkAdviceCode  string `json:"network_advice_code"`
	NetworkDeclineCode string `json:"network_decline_code"`
	NetworkStatus      string `json:"network_status"`
	Reason             string `json:"reason"`
	RiskLevel          string `json:"risk_level"`
	RiskScore          int64  `json:"risk_score"`
	Rule               string `json:"rule"`
	SellerMessage      string `json:"seller_message"`
	Type               string `json:"type"`
}

// PaymentMethodDetails describe the payment method.
type PaymentMethodDetails struct {
	Card *CardDetails `json:"card"`
	Type string       `json:"type"`
}

// Status is a feature's status.
type Status struct {
	Status string `json:"status"`
}

// CardDetails describe the card charged.
type CardDetails struct {
	AmountAuthorized         int64   `json:"amount_authorized"`
	AuthorizationCode        string  `json:"authorization_code"`
	Brand                    string  `json:"brand"`
	CaptureBefore            int64   `json:"capture_before"`
	Checks                   *Checks `json:"checks"`
	Country                  string  `json:"country"`
	ExpMonth                 int64   `json:"exp_month"`
	ExpYear                  int64   `json:"exp_year"`
	ExtendedAuthorization    *Status `json:"extended_authorization"`
	Fingerprint              string  `json:"fingerprint"`
	Funding                  string  `json:"funding"`
	IncrementalAuthorization *Status `json:"incremental_authorization"`
	Installments             *struct {
		Plan *struct {
			Count    int64  `json:"count"`
			Interval string `json:"interval"`
			Type     string `json:"type"`
		} `json:"plan"`
	} `json:"installments"`
	Last4        string  `json:"last4"`
	Mandate      string  `json:"mandate"`
	Multicapture *Status `json:"multicapture"`
	Network      string  `json:"network"`
	NetworkToken *struct {
		Used bool `json:"used"`
	} `json:"network_token"`
	NetworkTransactionID string `json:"network_transaction_id"`
	Overcapture          *struct {
		MaximumAmountCapturable int64  `json:"maximum_amount_capturable"`
		Status                  string `json:"status"`
	} `json:"overcapture"`
	RegulatedStatus string         `json:"regulated_status"`
	ThreeDSecure    map[string]any `json:"three_d_secure"`
	Wallet          map[string]any `json:"wallet"`
}

// Checks are the card checks.
type Checks struct {
	AddressLine1Check      string `json:"address_line1_check"`
	AddressPostalCodeCheck string `json:"address_postal_code_check"`
	CVCCheck               string `json:"cvc_check"`
}

// RadarOptions are the Radar options.
type RadarOptions struct {
	Session string `json:"session"`
}

// RefundList is the list of a charge's refunds.
type RefundList struct {
	Object  string    `json:"object"`
	Data    []*Refund `json:"data"`
	HasMore bool      `json:"has_more"`
	URL     string    `json:"url"`
}

// Refund is a refund.
type Refund struct {
	ID                 string `json:"id"`
	Object             string `json:"object"`
	Amount             int64  `json:"amount"`
	BalanceTransaction string `json:"balance_transaction"`
	Charge             string `json:"charge"`
	Created            int64  `json:"created"`
	Currency           string `json:"currency"`
	DestinationDetails *struct {
		Card *struct {
			Reference       string `json:"reference"`
			ReferenceStatus string `json:"reference_status"`
			ReferenceType   string `json:"reference_type"`
			Type            string `json:"type"`
		} `json:"card"`
		Type string `json:"type"`
	} `json:"destination_details"`
	Metadata               map[string]string `json:"metadata"`
	PaymentIntent          string            `json:"payment_intent"`
	Reason                 string            `json:"reason"`
	ReceiptNumber          string            `json:"receipt_number"`
	SourceTransferReversal string            `json:"source_transfer_reversal"`
	Status                 string            `json:"status"`
	TransferReversal       string            `json:"transfer_reversal"`
}

// Shipping is shipping information.
type Shipping struct {
	Address        Address `json:"address"`
	Carrier        string  `json:"carrier"`
	Name           string  `json:"name"`
	Phone          string  `json:"phone"`
	TrackingNumber string  `json:"tracking_number"`
}

// Card is the card source.
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
	Customer           string            `json:"customer"`
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

// TransferData describes a destination charge's transfer.
type TransferData struct {
	Amount      int64  `json:"amount"`
	Destination string `json:"destination"`
}
