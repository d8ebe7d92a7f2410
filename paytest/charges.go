package paytest

import (
	"fmt"
	"net/http"
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
	status                    string
	customer                  string
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
		Source:                        st.cardJSON(c.card, nil),
		StatementDescriptor:           c.statementDescriptor,
		StatementDescriptorSuffix:     c.statementDescriptorSuffix,
		Status:                        c.status,
		TransferGroup:                 c.transferGroup,
	}
	if c.txnID != "" {
		j.BalanceTransaction = c.txnID
		if _, ok := ex["balance_transaction"]; ok {
			j.BalanceTransaction = st.txns[c.txnID].json()
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

// customerRef is a customer reference: its id, or the object when
// expanded (the deleted stub for a deleted customer).
func (st *store) customerRef(id string, ex expandTree) any {
	sub, expanded := ex["customer"]
	if !expanded {
		return id
	}
	cu := st.customers[id]
	if cu == nil {
		return id
	}
	if cu.deleted {
		return deletedJSON{ID: cu.id, Object: "customer", Deleted: true}
	}
	return st.customerJSON(cu, sub)
}

func (st *store) getCharge(req *request) response {
	c := st.charges[req.segs[1]]
	if c == nil {
		return errResponse(errNoSuch("charge", req.segs[1], "id"))
	}
	return success(st.chargeJSON(c, req.expand))
}

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
		cust = st.customers[id]
		if cust == nil || cust.deleted {
			return errResponse(errNoSuch("customer", id, "customer"))
		}
		c.customer = cust.id
	}
	src, _ := p.str("source")
	switch {
	case src != "":
		if tc, ok := testTokens[src]; ok {
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

	c.seq, c.created = st.stamp()
	c.id = newID("ch_")
	if d := c.card.tc.decline; d != nil {
		c.status = "failed"
		c.failureCode, c.failureMessage = strp(d.code), strp(d.message)
		c.outcome = declineOutcome(d)
		st.addCharge(c)
		return errResponse(&apiError{status: http.StatusPaymentRequired, Type: "card_error", Charge: c.id,
			Code: d.code, DeclineCode: d.declineCode, Message: d.message, Param: d.param, DocURL: docURL(d.code)})
	}
	c.status, c.paid = "succeeded", true
	c.receiptURL = strp("https://pay.stripe.com/receipts/payment/" + randomString(40))
	c.outcome = &outcomeJSON{NetworkStatus: strp("approved_by_network"), RiskLevel: "normal", RiskScore: 20 + int(c.seq%40),
		SellerMessage: strp("Payment complete."), Type: "authorized"}
	if c.card.tc.riskLevel == "elevated" {
		c.outcome.Reason, c.outcome.RiskLevel, c.outcome.RiskScore = strp("elevated_risk_level"), "elevated", 70
	}
	if capture {
		c.captured, c.amountCaptured = true, amount
		c.txnID = st.newTxn(c.id, "charge", currency, amount)
	}
	st.addCharge(c)
	return success(st.chargeJSON(c, req.expand))
}

func declineOutcome(d *decline) *outcomeJSON {
	o := &outcomeJSON{NetworkStatus: strp("declined_by_network"), Reason: strp(d.declineCode), RiskLevel: "normal",
		RiskScore: 40, SellerMessage: strp(declineSellerMessage(d)), Type: d.outcomeType}
	if d.outcomeType == "blocked" {
		o.NetworkStatus, o.Reason, o.RiskLevel, o.RiskScore = strp("not_sent_to_network"), strp("highest_risk_level"), "highest", 95
	}
	return o
}

func (st *store) addCharge(c *charge) {
	st.charges[c.id] = c
	st.chargeList = append(st.chargeList, c)
}

// applyChargeFields sets the params a charge's create and update share.
func (st *store) applyChargeFields(c *charge, p params) *apiError {
	if v, ok := p.str("description"); ok {
		c.description = optStr(v)
	}
	if v, ok := p.str("receipt_email"); ok {
		if v != "" && !validEmail(v) {
			return invalidRequest(400, "email_invalid", "receipt_email", fmt.Sprintf("Invalid email address: %s", v))
		}
		c.receiptEmail = optStr(v)
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
	c := st.charges[req.segs[1]]
	if c == nil {
		return errResponse(errNoSuch("charge", req.segs[1], "id"))
	}
	p := req.p
	next := *c
	if e := st.applyChargeFields(&next, p); e != nil {
		return errResponse(e)
	}
	if id, ok := p.str("customer"); ok && id != "" {
		cu := st.customers[id]
		if cu == nil || cu.deleted {
			return errResponse(errNoSuch("customer", id, "customer"))
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
	return success(st.chargeJSON(c, req.expand))
}

func (st *store) captureCharge(req *request) response {
	c := st.charges[req.segs[1]]
	if c == nil {
		return errResponse(errNoSuch("charge", req.segs[1], "id"))
	}
	p := req.p
	switch {
	case c.status == "failed":
		return errResponse(invalidRequest(400, "", "", fmt.Sprintf("Charge %s has failed and cannot be captured.", c.id)))
	case c.refunded:
		return errResponse(invalidRequest(400, "charge_already_refunded", "", fmt.Sprintf("Charge %s has already been refunded.", c.id)))
	case c.captured:
		return errResponse(invalidRequest(400, "charge_already_captured", "", fmt.Sprintf("Charge %s has already been captured.", c.id)))
	}
	amount := c.amount
	if v, ok := p.int("amount"); ok {
		if v > c.amount {
			return errResponse(invalidRequest(400, "amount_too_large", "amount", fmt.Sprintf(
				"Amount to capture (%s) is greater than the amount authorized (%s).", formatAmount(c.currency, v), formatAmount(c.currency, c.amount))))
		}
		if e := checkAmount("amount", v, c.currency); e != nil {
			return errResponse(e)
		}
		amount = v
	}
	if v, ok := p.str("receipt_email"); ok {
		if v != "" && !validEmail(v) {
			return errResponse(invalidRequest(400, "email_invalid", "receipt_email", fmt.Sprintf("Invalid email address: %s", v)))
		}
		c.receiptEmail = optStr(v)
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
	c.captured, c.amountCaptured = true, amount
	c.txnID = st.newTxn(c.id, "charge", c.currency, amount)
	if rest := c.amount - amount; rest > 0 {
		// The uncaptured rest is released, as a refund without money moved.
		st.addRefund(c, rest, nil, nil, false)
	}
	return success(st.chargeJSON(c, req.expand))
}

func (st *store) listCharges(req *request) response {
	p := req.p
	customer, _ := p.str("customer")
	pi, hasPI := p.str("payment_intent")
	group, hasGroup := p.str("transfer_group")
	page, more, e := listPage(st.chargeList, p, "charge", st.chargeSeq, func(c *charge) bool {
		return (customer == "" || c.customer == customer) &&
			(!hasPI || pi == "") &&
			(!hasGroup || (c.transferGroup != nil && *c.transferGroup == group))
	})
	if e != nil {
		return errResponse(e)
	}
	l := &listJSON{Object: "list", Data: []any{}, HasMore: more, URL: "/v1/charges"}
	for _, c := range page {
		l.Data = append(l.Data, st.chargeJSON(c, req.expand["data"]))
	}
	return success(l)
}

func (st *store) chargeSeq(id string) (int64, bool) {
	if c := st.charges[id]; c != nil {
		return c.seq, true
	}
	return 0, false
}

// listChargeRefunds lists one charge's refunds. GET /v1/charges/{id}/refunds.
func (st *store) listChargeRefunds(req *request) response {
	c := st.charges[req.segs[1]]
	if c == nil {
		return errResponse(errNoSuch("charge", req.segs[1], "id"))
	}
	url := "/v1/charges/" + c.id + "/refunds"
	page, more, e := listPage(c.refunds, req.p, "refund", st.refundSeq, nil)
	if e != nil {
		return errResponse(e)
	}
	l := &listJSON{Object: "list", Data: []any{}, HasMore: more, URL: url}
	for _, r := range page {
		l.Data = append(l.Data, st.refundJSON(r, req.expand["data"]))
	}
	return success(l)
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
