package paytest

import (
	"net/http"
	"strconv"
)

// A customer's saved cards: the billing details a card carries, and
// updating a card (POST /v1/customers/{customer}/sources/{id}). Adding,
// getting, listing and deleting are in customers.go.

// cardAddress is what a card's owner can update: the cardholder's name and
// billing address.
type cardAddress struct {
	name           *string
	addressCity    *string
	addressCountry *string
	addressLine1   *string
	addressLine2   *string
	addressState   *string
	addressZip     *string
}

// sourceUpdateSpec is the params of a card update. owner and
// account_holder_* are for other source types; paytest accepts and ignores them.
var sourceUpdateSpec = spec{
	"address_city": {}, "address_country": {}, "address_line1": {}, "address_line2": {}, "address_state": {},
	"address_zip": {}, "exp_month": {}, "exp_year": {}, "expand": {kind: kArray}, "metadata": {kind: kMetadata},
	"name": {}, "owner": {kind: kIgnored}, "account_holder_name": {kind: kIgnored}, "account_holder_type": {kind: kIgnored},
}

// billingDetails is a charge's billing_details for a card charge: the
// card's name and address, as the API copies them.
func (c *card) billingDetails() billingDetailsJSON {
	return billingDetailsJSON{
		Name: c.name,
		Address: addressJSON{City: c.addressCity, Country: c.addressCountry, Line1: c.addressLine1,
			Line2: c.addressLine2, PostalCode: c.addressZip, State: c.addressState},
	}
}

// updateSource updates a customer's card. The stored card is replaced, not
// changed in place, so the charges made with it keep the details they were
// made with. POST /v1/customers/{customer}/sources/{id}.
func (st *store) updateSource(req *request) response {
	cu, e := st.liveCustomer(req.segs[1])
	if e != nil {
		return errResponse(e)
	}
	old := cu.source(req.segs[3])
	if old == nil {
		return errResponse(errNoSuch("source", req.segs[3], "id"))
	}
	p := req.p
	next := *old
	if v, ok := p.str("exp_month"); ok {
		m, err := strconv.Atoi(v)
		if err != nil || m < 1 || m > 12 {
			return errResponse(cardError("invalid_expiry_month", "exp_month", "Your card's expiration month is invalid."))
		}
		next.expMonth = m
	}
	if v, ok := p.str("exp_year"); ok {
		y, err := strconv.Atoi(v)
		if err == nil && y < 100 {
			y += 2000 // two digits, as the API accepts
		}
		if err != nil || y < st.now().Year() || y > st.now().Year()+50 {
			return errResponse(cardError("invalid_expiry_year", "exp_year", "Your card's expiration year is invalid."))
		}
		next.expYear = y
	}
	if y, m, now := next.expYear, next.expMonth, st.now(); y == now.Year() && m < int(now.Month()) {
		return errResponse(cardError("invalid_expiry_month", "exp_month", "Your card's expiration month is invalid."))
	}
	for name, f := range map[string]**string{
		"name": &next.name, "address_city": &next.addressCity, "address_country": &next.addressCountry,
		"address_line1": &next.addressLine1, "address_line2": &next.addressLine2, "address_state": &next.addressState,
		"address_zip": &next.addressZip,
	} {
		if v, ok := p.str(name); ok {
			*f = optStr(v)
		}
	}
	next.metadata = applyMetadata(copyMap(old.metadata), p)
	for i, cd := range cu.sources {
		if cd == old {
			cu.sources[i] = &next
		}
	}
	st.cards.replace(&next)
	return success(st.cardJSON(&next, req.expand))
}

// cardError is a 402 card_error about the card's own details.
func cardError(code, param, msg string) *apiError {
	return &apiError{status: http.StatusPaymentRequired, Type: "card_error", Code: code, Param: param, Message: msg, DocURL: docURL(code)}
}
