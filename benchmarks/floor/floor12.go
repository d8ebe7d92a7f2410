package floor

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// Charge12 is the charge as an application that reads only what it needs
// declares it: the twelve fields most apps read, with the customer as the
// id string and the card's brand and last4 through the nested objects.
// encoding/json skips every other member of the object.
type Charge12 struct {
	ID                   string `json:"id"`
	Object               string `json:"object"`
	Amount               int64  `json:"amount"`
	AmountRefunded       int64  `json:"amount_refunded"`
	Currency             string `json:"currency"`
	Customer             string `json:"customer"`
	Description          string `json:"description"`
	Paid                 bool   `json:"paid"`
	Status               string `json:"status"`
	Created              int64  `json:"created"`
	PaymentMethodDetails *struct {
		Card *struct {
			Brand string `json:"brand"`
			Last4 string `json:"last4"`
		} `json:"card"`
	} `json:"payment_method_details"`
}

// Page12 is a list object of twelve-field charges.
type Page12 struct {
	Object  string      `json:"object"`
	URL     string      `json:"url"`
	HasMore bool        `json:"has_more"`
	Data    []*Charge12 `json:"data"`
}

// CreateCharge12 creates a charge and decodes the twelve fields.
// POST /v1/charges.
func (c *Client) CreateCharge12(ctx context.Context, form url.Values) (*Charge12, error) {
	ch := new(Charge12)
	if err := c.do(ctx, http.MethodPost, "/v1/charges", form, ch); err != nil {
		return nil, err
	}
	return ch, nil
}

// ListCharges12 fetches one page of twelve-field charges. GET /v1/charges.
func (c *Client) ListCharges12(ctx context.Context, customer string, limit int, startingAfter string) (*Page12, error) {
	q := url.Values{"limit": {strconv.Itoa(limit)}}
	if customer != "" {
		q.Set("customer", customer)
	}
	if startingAfter != "" {
		q.Set("starting_after", startingAfter)
	}
	p := new(Page12)
	if err := c.do(ctx, http.MethodGet, "/v1/charges", q, p); err != nil {
		return nil, err
	}
	return p, nil
}
