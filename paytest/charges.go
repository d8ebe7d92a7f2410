package paytest

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// charge is a stored charge.
type charge struct {
	id                        string
	seq, created              int64
	amount                    int64
	amountCaptured            int64
	amountRefunded            int64
	currency                  string
	txnID                     string
	captured, paid, refunded  bool
	status                    chargeStatus
	customer                  string
	paymentIntent             string // the intent that made it, or ""
	card                      *card
	description               *string
	receiptEmail              *string
	receiptURL                *string
	statementDescriptor       *string
	statementDescriptorSuffix *string
	transferGroup             *string
	failureCode               *string
	failureMessage            *string
	fraud                     map[string]string
	metadata                  map[string]string
	outcome                   *outcomeJSON
	shipping                  *shippingJSON
	refunds                   []*refund // oldest first
	dispute                   *dispute  // nil: not disputed
}

func (c *charge) ident() (string, int64, int64) { return c.id, c.seq, c.created }

var (
	chargeCreateSpec = spec{
		"amount": {kind: kInt}, "currency": {}, "customer": {}, "source": {}, "capture": {kind: kBool},
		"description": {}, "receipt_email": {}, "metadata": {kind: kMetadata}, "expand": {kind: kArray},
		"shipping":             {kind: kHash, sub: shippingSpec},
		"statement_descriptor": {}, "statement_descriptor_suffix": {}, "transfer_group": {},
		// Accepted as the API does, but not modelled by paytest.
		"application_fee": {kind: kIgnored}, "application_fee_amount": {kind: kIgnored}, "card": {kind: kIgnored},
		"destination": {kind: kIgnored}, "on_behalf_of": {kind: kIgnored}, "radar_options": {kind: kIgnored},
		"transfer_data": {kind: kIgnored},
	}
	chargeUpdateSpec = spec{
		"customer": {}, "description": {}, "receipt_email": {}, "metadata": {kind: kMetadata}, "expand": {kind: kArray},
		"shipping":       {kind: kHash, sub: shippingSpec},
		"fraud_details":  {kind: kHash, sub: spec{"user_report": {}}},
		"transfer_group": {},
	}
	chargeCaptureSpec = spec{
		"amount": {kind: kInt}, "receipt_email": {}, "statement_descriptor": {}, "statement_descriptor_suffix": {},
		"expand": {kind: kArray}, "application_fee": {kind: kIgnored}, "application_fee_amount": {kind: kIgnored},
		"transfer_data": {kind: kIgnored}, "transfer_group": {},
	}
	chargeListSpec = listSpec.with(spec{"customer": {}, "payment_intent": {}, "transfer_group": {}})
)

func (st *store) chargeJSON(c *charge, ex expandTree) *chargeJSON {
	j := &chargeJSON{
		ID: c.id, Object: "charge",
		Amount: c.amount, AmountCaptured: c.amountCaptured, AmountRefunded: c.amountRefunded,
		BillingDetails:                c.card.billingDetails(),
		CalculatedStatementDescriptor: strp("PAYTEST"),
		Captured:                      c.captured,
		Created:                       c.created,
		Currency:                      c.currency,
		Description:                   c.description,
		Disputed:                      c.dispute != nil,
		FailureCode:                   c.failureCode,
		FailureMessage:                c.failureMessage,
		FraudDetails:                  nonNil(c.fraud),
		Metadata:                      nonNil(c.metadata),
		Outcome:                       c.outcome,
		Paid:                          c.paid,
		PaymentMethod:                 strp(c.card.id),
		PaymentMethodDetails:          c.card.paymentMethodDetails(c.amount),
		ReceiptEmail:                  c.receiptEmail,
		ReceiptURL:                    c.receiptURL,
		Refunded:                      c.refunded,
		Shipping:                      c.shipping,
		Source:                        st.chargeSource(c),
		StatementDescriptor:           c.statementDescriptor,
		StatementDescriptorSuffix:     c.statementDescriptorSuffix,
		Status:                        string(c.status),
		TransferGroup:                 c.transferGroup,
	}
	j.BalanceTransaction = st.txnRef(c.txnID, ex)
	if c.paymentIntent != "" {
		j.PaymentIntent = c.paymentIntent
		if sub, ok := ex["payment_intent"]; ok {
			if pi, ok := st.paymentIntents.get(c.paymentIntent); ok {
				j.PaymentIntent = st.piJSON(pi, sub)
			}
		}
	}
	if c.customer != "" {
		j.Customer = st.customerRef(c.customer, ex)
	}
	// The charge's refunds, newest first, as the API embeds them.
	refunds := &listJSON{Object: "list", Data: []any{}, URL: "/v1/charges/" + c.id + "/refunds"}
	sub := ex["refunds"]["data"]
	for i := len(c.refunds) - 1; i >= 0; i-- {
		if len(refunds.Data) == 10 {
			refunds.HasMore = true
			break
		}
		refunds.Data = append(refunds.Data, st.refundJSON(c.refunds[i], sub))
	}
	j.Refunds = refunds
	return j
}

// chargeSource is a charge's source: the card it was made with, or nil
// for a charge made with a payment method (by a PaymentIntent).
func (st *store) chargeSource(c *charge) *cardJSON {
	if c.paymentIntent != "" || strings.HasPrefix(c.card.id, "pm_") {
		return nil
	}
	return st.cardJSON(c.card, nil)
}

// customerRef is a customer reference: its id, or the object when
// expanded (the deleted stub for a deleted customer).
func (st *store) customerRef(id string, ex expandTree) any {
	sub, expanded := ex["customer"]
	if !expanded {
		return id
	}
	cu, ok := st.customers.get(id)
	if !ok {
		return id
	}
	if cu.deleted {
		return deletedJSON{ID: cu.id, Object: "customer", Deleted: true}
	}
	return st.customerJSON(cu, sub)
}

// chargeShape is a charge's JSON.
func chargeShape(st *store, c *charge, ex expandTree) any { return st.chargeJSON(c, ex) }

// createCharge is POST /v1/charges: the params checked and read, then
// chargeCard.
func (st *store) createCharge(req *request) response {
	p := req.p
	if _, ok := p.str("amount"); !ok {
		return errResponse(errMissingParam("amount"))
	}
	cur, ok := p.str("currency")
	if !ok || cur == "" {
		return errResponse(errMissingParam("currency"))
	}
	currency, e := checkCurrency("currency", cur)
	if e != nil {
		return errResponse(e)
	}
	amount, _ := p.int("amount")
	if e := checkAmount("amount", amount, currency); e != nil {
		return errResponse(e)
	}
	c := &charge{amount: amount, currency: currency, metadata: applyMetadata(nil, p), fraud: map[string]string{}}
	if e := st.applyChargeFields(c, p); e != nil {
		return errResponse(e)
	}
	for _, name := range []string{"statement_descriptor", "statement_descriptor_suffix"} {
		v, _ := p.str(name)
		if utf8.RuneCountInString(v) > 22 {
			return errResponse(invalidRequest(400, "", name, "The statement descriptor must be at most 22 characters."))
		}
	}
	if v, _ := p.str("statement_descriptor"); v != "" {
		c.statementDescriptor = &v
	}
	if v, _ := p.str("statement_descriptor_suffix"); v != "" {
		c.statementDescriptorSuffix = &v
	}
	capture := true
	if v, ok := p.str("capture"); ok {
		capture = v == "true"
	}

	var cust *customer
	if id, _ := p.str("customer"); id != "" {
		cust, _ = st.customers.get(id)
		if cust == nil || cust.deleted {
			return errResponse(errNoSuch("customer", id, "customer"))
		}
		c.customer = cust.id
	}
	src, _ := p.str("source")
	switch {
	case src != "":
		if tc, ok := testToken(src); ok {
			c.card = st.newCard(tc, "")
			break
		}
		if cust != nil && strings.HasPrefix(src, "card_") {
			c.card = cust.source(src)
			if c.card == nil {
				return errResponse(invalidRequest(400, "missing", "source", fmt.Sprintf("Customer %s does not have a linked source with ID %s.", cust.id, src)))
			}
			break
		}
		kind := "source"
		if strings.HasPrefix(src, "tok_") || strings.HasPrefix(src, "card_") {
			kind = "token"
		}
		return errResponse(errNoSuch(kind, src, "source"))
	case cust != nil:
		c.card = cust.source(cust.defaultSource)
		if c.card == nil {
			return errResponse(invalidRequest(400, "missing", "customer", "Cannot charge a customer that has no active card"))
		}
	default:
		return errResponse(invalidRequest(400, "parameter_missing", "source", "Must provide source or customer."))
	}

	if e := st.chargeCard(c, capture); e != nil {
		return errResponse(e)
	}
	return success(st.chargeJSON(c, req.expand))
}

// cardOutcome is what the card network and Radar make of a charge of cd:
// the charge's outcome and, when it is declined, how. seq (the charge's)
// varies the risk score of a normal charge.
func cardOutcome(cd *card, seq int64) (*outcomeJSON, *decline) {
	if d := cd.tc.decline; d != nil {
		o := &outcomeJSON{NetworkStatus: strp("declined_by_network"), Reason: strp(d.declineCode), RiskLevel: "normal",
			RiskScore: 40, SellerMessage: strp(declineSellerMessage(d)), Type: d.outcomeType}
		if d.outcomeType == "blocked" {
			o.NetworkStatus, o.Reason, o.RiskLevel, o.RiskScore = strp("not_sent_to_network"), strp("highest_risk_level"), "highest", 95
		}
		return o, d
	}
	o := &outcomeJSON{NetworkStatus: strp("approved_by_network"), RiskLevel: "normal", RiskScore: 20 + int(seq%40),
		SellerMessage: strp("Payment complete."), Type: "authorized"}
	if cd.tc.riskLevel == "elevated" {
		o.Reason, o.RiskLevel, o.RiskScore = strp("elevated_risk_level"), "elevated", 70
	}
	return o, nil
}

// chargeCard makes the charge c describes: amount, currency, card and
// customer (an id, or "") set, and any of the optional fields (description,
// metadata, shipping...). It gives c its id and outcome and stores it,
// captured (with its balance transaction) if capture. A declined charge is
// stored too, failed, as the API does: the error is the 402 card_error
// naming it. It emits charge.succeeded or charge.failed and, when the
// card disputes its charges (tok_createDispute) and c is captured, opens
// the dispute (charge.dispute.created, charge.dispute.funds_withdrawn).
func (st *store) chargeCard(c *charge, capture bool) *apiError {
	c.seq, c.created = st.stamp()
	c.id = st.newID("ch_")
	if c.fraud == nil {
		c.fraud = map[string]string{}
	}
	outcome, d := cardOutcome(c.card, c.seq)
	c.outcome = outcome
	if d != nil {
		setStatus(chargeTransitions, &c.status, chargeFailed)
		c.failureCode, c.failureMessage = strp(d.code), strp(d.message)
		st.charges.add(c)
		st.emit(evChargeFailed, st.chargeObject(c.id), nil)
		return d.cardError(c.id)
	}
	setStatus(chargeTransitions, &c.status, chargeSucceeded)
	c.paid = true
	c.receiptURL = strp("https://pay.stripe.com/receipts/payment/" + st.ids.str(40))
	if capture {
		c.captured, c.amountCaptured = true, c.amount
		c.txnID = st.newTxn(c.id, txnCharge, c.currency, c.amount).id
	}
	st.charges.add(c)
	st.emit(evChargeSucceeded, st.chargeObject(c.id), nil)
	st.disputeIfDisputing(c)
	return nil
}

// applyChargeFields sets the params a charge's create and update share.
func (st *store) applyChargeFields(c *charge, p params) *apiError {
	if v, ok := p.str("description"); ok {
		c.description = optStr(v)
	}
	if e := setEmail(p, "receipt_email", "receipt_email", &c.receiptEmail); e != nil {
		return e
	}
	if v, ok := p.str("transfer_group"); ok {
		c.transferGroup = optStr(v)
	}
	if p.has("shipping") {
		sh, e := parseShipping(p.sub("shipping"), "shipping")
		if e != nil {
			return e
		}
		c.shipping = sh
	}
	return nil
}

func (st *store) updateCharge(req *request) response {
	c, e := st.charges.find(req.segs[1], "id")
	if e != nil {
		return errResponse(e)
	}
	changed := st.watch(evChargeUpdated, func() any { return st.chargeObject(c.id) })
	p := req.p
	next := *c
	if e := st.applyChargeFields(&next, p); e != nil {
		return errResponse(e)
	}
	if id, ok := p.str("customer"); ok && id != "" {
		if _, e := st.liveCustomerParam(id); e != nil {
			return errResponse(e)
		}
		next.customer = id
	}
	if p.has("fraud_details") {
		fd := p.sub("fraud_details")
		report, ok := fd.str("user_report")
		if !ok && !fd.n.leaf {
			return errResponse(errMissingParam("fraud_details[user_report]"))
		}
		next.fraud = map[string]string{}
		for k, v := range c.fraud {
			next.fraud[k] = v
		}
		switch report {
		case "fraudulent", "safe":
			next.fraud["user_report"] = report
		case "":
			delete(next.fraud, "user_report")
		default:
			return errResponse(invalidRequest(400, "", "fraud_details[user_report]",
				fmt.Sprintf("Invalid fraud_details[user_report]: must be one of fraudulent or safe (got %q)", report)))
		}
	}
	next.metadata = applyMetadata(copyMap(c.metadata), p)
	*c = next
	changed()
	return success(st.chargeJSON(c, req.expand))
}

// captureCharge is POST /v1/charges/{id}/capture: the checks, the params
// that change the charge, then capture.
func (st *store) captureCharge(req *request) response {
	c, e := st.charges.find(req.segs[1], "id")
	if e != nil {
		return errResponse(e)
	}
	p := req.p
	var amount *int64
	if v, ok := p.int("amount"); ok {
		amount = &v
	}
	if e := c.checkCapture(amount); e != nil {
		return errResponse(e)
	}
	if e := setEmail(p, "receipt_email", "receipt_email", &c.receiptEmail); e != nil {
		return errResponse(e)
	}
	if v, ok := p.str("statement_descriptor"); ok {
		c.statementDescriptor = optStr(v)
	}
	if v, ok := p.str("statement_descriptor_suffix"); ok {
		c.statementDescriptorSuffix = optStr(v)
	}
	if v, ok := p.str("transfer_group"); ok {
		c.transferGroup = optStr(v)
	}
	if e := st.capture(c, amount); e != nil {
		return errResponse(e)
	}
	return success(st.chargeJSON(c, req.expand))
}

// checkCapture reports why c cannot be captured for amount (nil: all of
// it), as the API's 400; nil if it can.
func (c *charge) checkCapture(amount *int64) *apiError {
	switch {
	case c.status == chargeFailed:
		return invalidRequest(400, "", "", fmt.Sprintf("Charge %s has failed and cannot be captured.", c.id))
	case c.refunded:
		return invalidRequest(400, "charge_already_refunded", "", fmt.Sprintf("Charge %s has already been refunded.", c.id))
	case c.captured:
		return invalidRequest(400, "charge_already_captured", "", fmt.Sprintf("Charge %s has already been captured.", c.id))
	}
	if amount != nil {
		if *amount > c.amount {
			return invalidRequest(400, "amount_too_large", "amount", fmt.Sprintf(
				"Amount to capture (%s) is greater than the amount authorized (%s).", formatAmount(c.currency, *amount), formatAmount(c.currency, c.amount)))
		}
		if e := checkAmount("amount", *amount, c.currency); e != nil {
			return e
		}
	}
	return nil
}

// capture captures amount of the uncaptured charge c (nil: all of it),
// moving the money (a balance transaction); the rest of a partial capture
// is released, as a refund that moves none. It answers checkCapture's
// error, changing nothing, when c cannot be captured. It emits
// charge.captured, and opens the dispute of a card that disputes its
// charges (see chargeCard).
func (st *store) capture(c *charge, amount *int64) *apiError {
	if e := c.checkCapture(amount); e != nil {
		return e
	}
	n := c.amount
	if amount != nil {
		n = *amount
	}
	c.captured, c.amountCaptured = true, n
	c.txnID = st.newTxn(c.id, txnCharge, c.currency, n).id
	if rest := c.amount - n; rest > 0 {
		st.addRefund(c, rest, nil, nil, false)
	}
	st.emit(evChargeCaptured, st.chargeObject(c.id), nil)
	st.disputeIfDisputing(c)
	return nil
}

// chargeListFilter reads the filters of GET /v1/charges: customer,
// payment_intent and transfer_group.
func chargeListFilter(_ *store, req *request) (func(*charge) bool, *apiError) {
	p := req.p
	customer, _ := p.str("customer")
	pi, hasPI := p.str("payment_intent")
	group, hasGroup := p.str("transfer_group")
	return func(c *charge) bool {
		return (customer == "" || c.customer == customer) &&
			(!hasPI || pi == "" || c.paymentIntent == pi) &&
			(!hasGroup || (c.transferGroup != nil && *c.transferGroup == group))
	}, nil
}

// listChargeRefunds lists one charge's refunds. GET /v1/charges/{id}/refunds.
func (st *store) listChargeRefunds(req *request) response {
	c, e := st.charges.find(req.segs[1], "id")
	if e != nil {
		return errResponse(e)
	}
	page, more, e := listPage(c.refunds, req.p, "refund", st.refunds.seq, nil)
	if e != nil {
		return errResponse(e)
	}
	return success(listOf(st, page, more, "/v1/charges/"+c.id+"/refunds", req.expand["data"], refundShape))
}

func parseShipping(p params, name string) (*shippingJSON, *apiError) {
	if p.n.leaf {
		return nil, nil // shipping= unsets
	}
	n, _ := p.str("name")
	if n == "" {
		return nil, errMissingParam(name + "[name]")
	}
	if !p.has("address") || p.sub("address").n.leaf {
		return nil, errMissingParam(name + "[address]")
	}
	sh := &shippingJSON{Name: n, Address: parseAddress(p.sub("address"))}
	if v, _ := p.str("carrier"); v != "" {
		sh.Carrier = &v
	}
	if v, _ := p.str("phone"); v != "" {
		sh.Phone = &v
	}
	if v, _ := p.str("tracking_number"); v != "" {
		sh.TrackingNumber = &v
	}
	return sh, nil
}

func parseAddress(p params) addressJSON {
	get := func(k string) *string {
		v, _ := p.str(k)
		return optStr(v)
	}
	return addressJSON{City: get("city"), Country: get("country"), Line1: get("line1"), Line2: get("line2"),
		PostalCode: get("postal_code"), State: get("state")}
}

// setEmail reads the email param key (named param in errors) into *dst,
// the one email check of every endpoint: absent leaves *dst, "" clears it,
// an address that is not one is the API's 400 email_invalid.
func setEmail(p params, key, param string, dst **string) *apiError {
	v, ok := p.str(key)
	if !ok {
		return nil
	}
	if v != "" && !validEmail(v) {
		return invalidRequest(400, "email_invalid", param, "Invalid email address: "+v)
	}
	*dst = optStr(v)
	return nil
}

func validEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && at < len(s)-1 && !strings.ContainsAny(s, " \t\r\n") && strings.Count(s, "@") == 1
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
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
