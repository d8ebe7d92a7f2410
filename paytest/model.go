package paytest

// The JSON shapes that several objects share (address, shipping, card,
// billing details, list, deleted); each object's own shape is in its
// resource's file (chargeJSON in charges.go, ...). Fields are declared id,
// object, then in alphabetical order, as the API writes them; pointers and
// `any` are null when unset, as the API reports nullable fields.

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

type deletedJSON struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Deleted bool   `json:"deleted"`
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
