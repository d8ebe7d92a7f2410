package paytest

import (
	"fmt"
	"strings"
)

// PaymentMethods: card payment methods made from test tokens, test card
// numbers or the test payment method names (pm_card_visa), attached to and
// detached from customers. /v1/payment_methods and
// /v1/customers/{customer}/payment_methods.

// paymentMethod is a stored payment method. Its card (whose id is the
// payment method's) is what charges made with it carry.
type paymentMethod struct {
	id             string
	seq, created   int64
	card           *card
	customer       string // "" until attached
	email, phone   *string
	allowRedisplay string
	metadata       map[string]string
	// setUp is set once a SetupIntent (usage off_session) or a
	// PaymentIntent with setup_future_usage=off_session has authenticated
	// it for off-session payments.
	setUp bool
}

func (pm *paymentMethod) ident() (string, int64, int64) { return pm.id, pm.seq, pm.created }

var (
	pmBillingSpec = spec{"address": {kind: kHash, sub: addressSpec}, "email": {}, "name": {}, "phone": {}, "tax_id": {}}
	pmCardSpec    = spec{"token": {}, "number": {}, "exp_month": {kind: kInt}, "exp_year": {kind: kInt}, "cvc": {},
		"networks": {kind: kHash, sub: spec{"preferred": {}}}}
	// pmDataSpec is a payment method's own params, as create takes them
	// and as payment_method_data does on an intent.
	pmDataSpec = spec{
		"type": {}, "card": {kind: kHash, sub: pmCardSpec}, "billing_details": {kind: kHash, sub: pmBillingSpec},
		"metadata": {kind: kMetadata}, "allow_redisplay": {}, "radar_options": {kind: kIgnored},
		// The other types' details: accepted, and refused by type.
		"acss_debit": {kind: kIgnored}, "au_becs_debit": {kind: kIgnored}, "bacs_debit": {kind: kIgnored},
		"boleto": {kind: kIgnored}, "eps": {kind: kIgnored}, "fpx": {kind: kIgnored}, "ideal": {kind: kIgnored},
		"klarna": {kind: kIgnored}, "naver_pay": {kind: kIgnored}, "nz_bank_account": {kind: kIgnored},
		"p24": {kind: kIgnored}, "payto": {kind: kIgnored}, "sepa_debit": {kind: kIgnored}, "sofort": {kind: kIgnored},
		"upi": {kind: kIgnored}, "us_bank_account": {kind: kIgnored},
	}
	pmCreateSpec = pmDataSpec.with(spec{"expand": {kind: kArray}, "customer": {}, "payment_method": {}, "custom": {kind: kIgnored}})
	pmUpdateSpec = spec{
		"billing_details": {kind: kHash, sub: pmBillingSpec}, "metadata": {kind: kMetadata}, "allow_redisplay": {},
		"card":   {kind: kHash, sub: spec{"exp_month": {kind: kInt}, "exp_year": {kind: kInt}, "networks": {kind: kHash, sub: spec{"preferred": {}}}}},
		"expand": {kind: kArray}, "payto": {kind: kIgnored}, "us_bank_account": {kind: kIgnored},
	}
	pmAttachSpec         = spec{"customer": {}, "customer_account": {kind: kIgnored}, "expand": {kind: kArray}}
	pmListSpec           = listSpec.with(spec{"customer": {}, "type": {}, "allow_redisplay": {}, "customer_account": {kind: kIgnored}})
	customerPMListSpec   = listSpec.with(spec{"type": {}, "allow_redisplay": {}})
	allowRedisplayValues = []string{"always", "limited", "unspecified"}
)

type pmJSON struct {
	ID             string             `json:"id"`
	Object         string             `json:"object"`
	AllowRedisplay string             `json:"allow_redisplay"`
	BillingDetails billingDetailsJSON `json:"billing_details"`
	Card           *pmCardJSON        `json:"card"`
	Created        int64              `json:"created"`
	Customer       any                `json:"customer"`
	Livemode       bool               `json:"livemode"`
	Metadata       map[string]string  `json:"metadata"`
	Type           string             `json:"type"`
}

type pmCardJSON struct {
	Brand             string      `json:"brand"`
	Checks            *checksJSON `json:"checks"`
	Country           *string     `json:"country"`
	DisplayBrand      *string     `json:"display_brand"`
	ExpMonth          int         `json:"exp_month"`
	ExpYear           int         `json:"exp_year"`
	Fingerprint       *string     `json:"fingerprint"`
	Funding           string      `json:"funding"`
	GeneratedFrom     any         `json:"generated_from"`
	Last4             string      `json:"last4"`
	Networks          pmNetworks  `json:"networks"`
	RegulatedStatus   *string     `json:"regulated_status"`
	ThreeDSecureUsage struct {
		Supported bool `json:"supported"`
	} `json:"three_d_secure_usage"`
	Wallet any `json:"wallet"`
}

type pmNetworks struct {
	Available []string `json:"available"`
	Preferred *string  `json:"preferred"`
}

func (st *store) pmJSON(pm *paymentMethod, ex expandTree) *pmJSON {
	c := pm.card
	bd := c.billingDetails()
	bd.Email, bd.Phone = pm.email, pm.phone
	j := &pmJSON{
		ID: pm.id, Object: "payment_method", AllowRedisplay: pm.allowRedisplay, BillingDetails: bd,
		Created: pm.created, Metadata: nonNil(pm.metadata), Type: "card",
		Card: &pmCardJSON{
			Brand:        c.tc.network,
			Checks:       &checksJSON{CVCCheck: strp(c.tc.cvcCheck), AddressLine1Check: optStr(c.tc.line1Check), AddressPostalCodeCheck: optStr(c.tc.zipCheck)},
			Country:      strp(c.tc.country),
			DisplayBrand: strp(strings.ReplaceAll(c.tc.network, " ", "_")),
			ExpMonth:     c.expMonth, ExpYear: c.expYear,
			Fingerprint: strp(c.tc.fingerprint()), Funding: c.tc.funding, Last4: c.tc.last4(),
			Networks:        pmNetworks{Available: []string{c.tc.network}},
			RegulatedStatus: strp("unregulated"),
		},
	}
	j.Card.ThreeDSecureUsage.Supported = true
	if pm.customer != "" {
		j.Customer = st.customerRef(pm.customer, ex)
	}
	return j
}

// pmShape is a payment method's JSON.
func pmShape(st *store, pm *paymentMethod, ex expandTree) any { return st.pmJSON(pm, ex) }

func (st *store) pmObject(id string) any {
	if pm, ok := st.paymentMethods.get(id); ok {
		return st.pmJSON(pm, nil)
	}
	return nil
}

// newPaymentMethod stores a payment method for the card tc.
func (st *store) newPaymentMethod(tc testCard) *paymentMethod {
	pm := &paymentMethod{id: st.newID("pm_"), allowRedisplay: "unspecified"}
	pm.seq, pm.created = st.stamp()
	pm.card = &card{id: pm.id, tc: tc, expMonth: 12, expYear: st.now().Year() + 3, seq: pm.seq, created: pm.created}
	st.paymentMethods.add(pm)
	return pm
}

// paymentMethodParam resolves the payment method a param names: a stored
// one, or a new one for a test payment method name (pm_card_visa), as the
// API makes one each time such a name is used.
func (st *store) paymentMethodParam(id, param string) (*paymentMethod, *apiError) {
	if pm, ok := st.paymentMethods.get(id); ok {
		return pm, nil
	}
	if tc, ok := testPaymentMethod(id); ok {
		return st.newPaymentMethod(tc), nil
	}
	return nil, errNoSuch("PaymentMethod", id, param)
}

// cardOfParams reads card[token], or card[number] with card[exp_month]
// and card[exp_year], into the test card they stand for. A number that is
// not a test card's is refused as the API refuses a number in test mode.
func (st *store) cardOfParams(p params, prefix string) (testCard, *apiError) {
	if tok, ok := p.str("token"); ok {
		tc, ok := testToken(tok)
		if !ok {
			return testCard{}, errNoSuch("token", tok, prefix+"[token]")
		}
		return tc, nil
	}
	number, ok := p.str("number")
	if !ok {
		return testCard{}, errMissingParam(prefix + "[number]")
	}
	for _, name := range []string{"exp_month", "exp_year"} {
		if !p.has(name) {
			return testCard{}, errMissingParam(prefix + "[" + name + "]")
		}
	}
	if tc, ok := cardByNumber(strings.ReplaceAll(number, " ", "")); ok {
		return tc, nil
	}
	return testCard{}, cardError("incorrect_number", prefix+"[number]", "Your card number is incorrect.")
}

// cardByNumber finds the test card with number.
func cardByNumber(number string) (testCard, bool) {
	for _, tc := range authCards {
		if tc.number == number {
			return tc, true
		}
	}
	for _, tc := range testTokens {
		if tc.number == number {
			return tc, true
		}
	}
	return testCard{}, false
}

// createPaymentMethodFrom makes a payment method of the params p (create's,
// or an intent's payment_method_data) with names prefixed by prefix.
func (st *store) createPaymentMethodFrom(p params, prefix string) (*paymentMethod, *apiError) {
	name := func(n string) string {
		if prefix == "" {
			return n
		}
		return prefix + "[" + n + "]"
	}
	typ, _ := p.str("type")
	if typ == "" {
		return nil, errMissingParam(name("type"))
	}
	if typ != "card" {
		return nil, invalidRequest(400, "", name("type"), fmt.Sprintf("paytest makes card payment methods only (got type %q).", typ))
	}
	if !p.has("card") || p.sub("card").n.leaf {
		return nil, errMissingParam(name("card"))
	}
	tc, e := st.cardOfParams(p.sub("card"), name("card"))
	if e != nil {
		return nil, e
	}
	redisplay, ok := p.str("allow_redisplay")
	if ok && !oneOf(redisplay, allowRedisplayValues...) {
		return nil, errEnum(name("allow_redisplay"), redisplay, allowRedisplayValues...)
	}
	pm := &paymentMethod{card: &card{}}
	if e := applyBillingDetails(pm, p, name("billing_details")); e != nil {
		return nil, e
	}
	made := st.newPaymentMethod(tc)
	made.card.cardAddress = pm.card.cardAddress
	made.email, made.phone = pm.email, pm.phone
	if redisplay != "" {
		made.allowRedisplay = redisplay
	}
	made.metadata = applyMetadata(nil, p)
	if c := p.sub("card"); c.has("exp_month") {
		m, _ := c.int("exp_month")
		y, _ := c.int("exp_year")
		made.card.expMonth, made.card.expYear = int(m), int(y)
	}
	return made, nil
}

// applyBillingDetails reads billing_details into pm (email, phone) and the
// card's name and address, which charges copy.
func applyBillingDetails(pm *paymentMethod, p params, name string) *apiError {
	if !p.has("billing_details") {
		return nil
	}
	bd := p.sub("billing_details")
	if bd.n.leaf {
		pm.card.cardAddress, pm.email, pm.phone = cardAddress{}, nil, nil
		return nil
	}
	if e := setEmail(bd, "email", name+"[email]", &pm.email); e != nil {
		return e
	}
	if v, ok := bd.str("phone"); ok {
		pm.phone = optStr(v)
	}
	a := pm.card.cardAddress
	if v, ok := bd.str("name"); ok {
		a.name = optStr(v)
	}
	if bd.has("address") {
		ad := parseAddress(bd.sub("address"))
		a.addressCity, a.addressCountry, a.addressLine1 = ad.City, ad.Country, ad.Line1
		a.addressLine2, a.addressState, a.addressZip = ad.Line2, ad.State, ad.PostalCode
	}
	pm.card.cardAddress = a
	return nil
}

// createPaymentMethod is POST /v1/payment_methods.
func (st *store) createPaymentMethod(req *request) response {
	p := req.p
	if v, _ := p.str("payment_method"); v != "" {
		return errResponse(invalidRequest(400, "", "payment_method", "paytest does not clone payment methods (a Connect feature)."))
	}
	if v, _ := p.str("customer"); v != "" {
		return errResponse(invalidRequest(400, "", "customer", "customer can only be used together with payment_method, to clone a payment method (a Connect feature)."))
	}
	pm, e := st.createPaymentMethodFrom(p, "")
	if e != nil {
		return errResponse(e)
	}
	return success(st.pmJSON(pm, req.expand))
}

// updatePaymentMethod is POST /v1/payment_methods/{id}.
func (st *store) updatePaymentMethod(req *request) response {
	pm, e := st.paymentMethods.find(req.args["id"], "id")
	if e != nil {
		return errResponse(e)
	}
	p := req.p
	next := *pm
	cd := *pm.card
	next.card = &cd
	if e := applyBillingDetails(&next, p, "billing_details"); e != nil {
		return errResponse(e)
	}
	if v, ok := p.str("allow_redisplay"); ok {
		if !oneOf(v, allowRedisplayValues...) {
			return errResponse(errEnum("allow_redisplay", v, allowRedisplayValues...))
		}
		next.allowRedisplay = v
	}
	if c := p.sub("card"); c.n != nil && !c.n.leaf {
		if m, ok := c.int("exp_month"); ok {
			if m < 1 || m > 12 {
				return errResponse(cardError("invalid_expiry_month", "card[exp_month]", "Your card's expiration month is invalid."))
			}
			cd.expMonth = int(m)
		}
		if y, ok := c.int("exp_year"); ok {
			if int(y) < st.now().Year() || y > 9999 {
				return errResponse(cardError("invalid_expiry_year", "card[exp_year]", "Your card's expiration year is invalid."))
			}
			cd.expYear = int(y)
		}
	}
	next.metadata = applyMetadata(copyMap(pm.metadata), p)
	*pm = next
	return success(st.pmJSON(pm, req.expand))
}

// attachPaymentMethod is POST /v1/payment_methods/{id}/attach.
func (st *store) attachPaymentMethod(req *request) response {
	pm, e := st.paymentMethods.find(req.args["id"], "id")
	if e != nil {
		return errResponse(e)
	}
	id, _ := req.p.str("customer")
	if id == "" {
		return errResponse(errMissingParam("customer"))
	}
	cu, e := st.liveCustomerParam(id)
	if e != nil {
		return errResponse(e)
	}
	if e := st.attachPM(pm, cu.id); e != nil {
		return errResponse(e)
	}
	return success(st.pmJSON(pm, req.expand))
}

// attachPM saves pm on the customer with id, as the API verifies a card it
// attaches: a card that would be declined is refused (402). Attaching it
// to the customer it is on changes nothing. It emits
// payment_method.attached.
func (st *store) attachPM(pm *paymentMethod, customer string) *apiError {
	switch pm.customer {
	case customer:
		return nil
	case "":
	default:
		return invalidRequest(400, "", "", "The payment method you provided has already been attached to a customer.")
	}
	if d := pm.card.tc.decline; d != nil && !pm.card.tc.attachOK {
		return d.cardError("")
	}
	pm.customer = customer
	pm.card.customer = customer
	st.emit(evPaymentMethodAttached, st.pmObject(pm.id), nil)
	return nil
}

// detachPaymentMethod is POST /v1/payment_methods/{id}/detach. A detached
// payment method is no longer set up for off-session payments, and stops
// being its customer's default.
func (st *store) detachPaymentMethod(req *request) response {
	pm, e := st.paymentMethods.find(req.args["id"], "id")
	if e != nil {
		return errResponse(e)
	}
	if pm.customer == "" {
		return errResponse(invalidRequest(400, "", "", "The payment method you provided is not attached to a customer so detachment is impossible."))
	}
	if cu, ok := st.customers.get(pm.customer); ok && cu.defaultPaymentMethod == pm.id {
		cu.defaultPaymentMethod = ""
	}
	pm.customer, pm.card.customer, pm.setUp = "", "", false
	st.emit(evPaymentMethodDetached, st.pmObject(pm.id), nil)
	return success(st.pmJSON(pm, req.expand))
}

// paymentMethodListFilter reads the filters of GET /v1/payment_methods:
// customer, type and allow_redisplay.
func paymentMethodListFilter(st *store, req *request) (func(*paymentMethod) bool, *apiError) {
	customer, _ := req.p.str("customer")
	if customer != "" {
		if _, ok := st.customers.get(customer); !ok {
			return nil, errNoSuch("customer", customer, "customer")
		}
	}
	return pmFilter(req.p, customer)
}

func pmFilter(p params, customer string) (func(*paymentMethod) bool, *apiError) {
	typ, _ := p.str("type")
	redisplay, hasRedisplay := p.str("allow_redisplay")
	if hasRedisplay && !oneOf(redisplay, allowRedisplayValues...) {
		return nil, errEnum("allow_redisplay", redisplay, allowRedisplayValues...)
	}
	return func(pm *paymentMethod) bool {
		return (customer == "" || pm.customer == customer) && (typ == "" || typ == "card") &&
			(!hasRedisplay || pm.allowRedisplay == redisplay)
	}, nil
}

// listCustomerPaymentMethods is GET /v1/customers/{id}/payment_methods.
func (st *store) listCustomerPaymentMethods(req *request) response {
	cu, e := st.customers.find(req.args["id"], "id")
	if e != nil {
		return errResponse(e)
	}
	keep, e := pmFilter(req.p, cu.id)
	if e != nil {
		return errResponse(e)
	}
	page, more, e := st.paymentMethods.page(req.p, keep)
	if e != nil {
		return errResponse(e)
	}
	return success(listOf(st, page, more, "/v1/customers/"+cu.id+"/payment_methods", req.expand["data"], pmShape))
}

// getCustomerPaymentMethod is GET /v1/customers/{id}/payment_methods/{pm}.
func (st *store) getCustomerPaymentMethod(req *request) response {
	cu, e := st.customers.find(req.args["id"], "id")
	if e != nil {
		return errResponse(e)
	}
	pm, ok := st.paymentMethods.get(req.args["pm"])
	if !ok || pm.customer != cu.id {
		return errResponse(errNoSuch("PaymentMethod", req.args["pm"], "id"))
	}
	return success(st.pmJSON(pm, req.expand))
}
