package paytest

import (
	"fmt"
)

// refund is a stored refund.
type refund struct {
	id           string
	seq, created int64
	amount       int64
	charge       string
	currency     string
	customer     string
	card         string
	txnID        string
	metadata     map[string]string
	reason       *string
	reversal     bool // an uncaptured amount released, not money returned
	status       refundStatus

	instructionsEmail string
}

func (r *refund) ident() (string, int64, int64) { return r.id, r.seq, r.created }

var (
	refundCreateSpec = spec{
		"charge": {}, "amount": {kind: kInt}, "reason": {}, "metadata": {kind: kMetadata}, "expand": {kind: kArray},
		"payment_intent": {}, "currency": {}, "customer": {},
		"instructions_email": {}, "origin": {},
		"refund_application_fee": {kind: kBool}, "reverse_transfer": {kind: kBool},
	}
	refundUpdateSpec = spec{"metadata": {kind: kMetadata}, "expand": {kind: kArray}}
	refundListSpec   = listSpec.with(spec{"charge": {}, "payment_intent": {}})
)

// refundShape is a refund's JSON.
func refundShape(st *store, r *refund, ex expandTree) any { return st.refundJSON(r, ex) }

func (st *store) refundJSON(r *refund, ex expandTree) *refundJSON {
	j := &refundJSON{
		ID: r.id, Object: "refund", Amount: r.amount, Charge: r.charge, Created: r.created, Currency: r.currency,
		Customer: optStr(r.customer), Metadata: nonNil(r.metadata), PaymentMethod: optStr(r.card),
		Reason: r.reason, Status: string(r.status), InstructionsEmail: optStr(r.instructionsEmail),
	}
	j.DestinationDetails.Type = "card"
	j.DestinationDetails.Card.Type = "refund"
	if r.reversal {
		j.DestinationDetails.Card.Type = "reversal"
	}
	j.BalanceTransaction = st.txnRef(r.txnID, ex)
	if c, ok := st.charges.get(r.charge); ok {
		if _, exp := ex["charge"]; exp {
			j.Charge = st.chargeJSON(c, ex["charge"])
		}
		if c.paymentIntent != "" {
			j.PaymentIntent = c.paymentIntent
			if pi, ok := st.paymentIntents.get(c.paymentIntent); ok && ex["payment_intent"] != nil {
				j.PaymentIntent = st.piJSON(pi, ex["payment_intent"])
			}
		}
	}
	return j
}

// addRefund refunds amount of c, with no checks and no events (see
// refundCharge). Money moves (a balance transaction) only for a captured
// charge; otherwise the authorisation is released.
func (st *store) addRefund(c *charge, amount int64, reason *string, metadata map[string]string, captured bool) *refund {
	r := &refund{
		id: st.newID("re_"), amount: amount, charge: c.id, currency: c.currency, customer: c.customer,
		card: c.card.id, metadata: metadata, reason: reason, reversal: !captured,
	}
	r.seq, r.created = st.stamp()
	setStatus(refundTransitions, &r.status, refundSucceeded) // card refunds succeed at once
	if captured {
		r.txnID = st.newTxn(r.id, txnRefund, c.currency, -amount).id
	}
	c.refunds = append(c.refunds, r)
	c.amountRefunded += amount
	c.refunded = c.amountRefunded >= c.amount
	st.refunds.add(r)
	return r
}

// refundInput is what a refund of a charge asks for.
type refundInput struct {
	amount            *int64 // nil: what is left to refund
	reason            *string
	metadata          map[string]string
	instructionsEmail string
}

// checkRefund reports why c cannot be refunded as in asks, as the API's
// 400; nil if it can. It does not look at the reason, checked with the
// params.
func (c *charge) checkRefund(in refundInput) *apiError {
	switch {
	case c.status == chargeFailed:
		return invalidRequest(400, "", "charge", fmt.Sprintf("Charge %s has failed and cannot be refunded.", c.id))
	case c.refunded:
		return invalidRequest(400, "charge_already_refunded", "charge", fmt.Sprintf("Charge %s has already been refunded.", c.id))
	case c.dispute != nil && !c.dispute.refundable():
		return invalidRequest(400, "charge_disputed", "charge", fmt.Sprintf("Charge %s has been charged back.", c.id))
	}
	if in.amount == nil {
		return nil
	}
	v, remaining := *in.amount, c.amount-c.amountRefunded
	if v < 1 {
		return invalidRequest(400, "parameter_invalid_integer", "amount", "Invalid positive integer")
	}
	if !c.captured && v != c.amount {
		return invalidRequest(400, "", "amount",
			"You cannot partially refund an uncaptured charge. Instead, capture the charge for an amount less than the original amount")
	}
	if v > remaining {
		msg := fmt.Sprintf("Refund amount (%s) is greater than charge amount (%s)", formatAmount(c.currency, v), formatAmount(c.currency, c.amount))
		if c.amountRefunded > 0 {
			msg = fmt.Sprintf("Refund amount (%s) is greater than unrefunded amount on charge (%s)", formatAmount(c.currency, v), formatAmount(c.currency, remaining))
		}
		return invalidRequest(400, "amount_too_large", "amount", msg)
	}
	return nil
}

// refundCharge refunds c as in asks: money back (a balance transaction)
// for a captured charge, the authorisation released for an uncaptured one.
// It answers checkRefund's error, changing nothing, when c cannot be
// refunded so. It emits refund.created, then charge.refunded with the
// charge as it now is.
func (st *store) refundCharge(c *charge, in refundInput) (*refund, *apiError) {
	if e := c.checkRefund(in); e != nil {
		return nil, e
	}
	amount := c.amount - c.amountRefunded
	if in.amount != nil {
		amount = *in.amount
	}
	r := st.addRefund(c, amount, in.reason, in.metadata, c.captured)
	r.instructionsEmail = in.instructionsEmail
	st.emit(evRefundCreated, st.refundObject(r.id), nil)
	st.emit(evChargeRefunded, st.chargeObject(c.id), nil)
	return r, nil
}

func (st *store) createRefund(req *request) response {
	p := req.p
	extra, e := st.checkRefundExtras(p)
	if e != nil {
		return errResponse(e)
	}
	id, _ := p.str("charge")
	if piID, _ := p.str("payment_intent"); piID != "" {
		pi, e := st.paymentIntents.find(piID, "payment_intent")
		if e != nil {
			return errResponse(e)
		}
		c, ok := st.charges.get(pi.latestCharge)
		if !ok || c.status != chargeSucceeded {
			return errResponse(invalidRequest(400, "", "payment_intent", fmt.Sprintf("This PaymentIntent (%s) does not have a successful charge to refund.", pi.id)))
		}
		if id != "" && id != c.id {
			return errResponse(invalidRequest(400, "", "charge", fmt.Sprintf("The charge %s does not belong to the PaymentIntent %s.", id, pi.id)))
		}
		id = c.id
	}
	if id == "" {
		return errResponse(invalidRequest(400, "parameter_missing", "charge",
			"One of the following params should be provided for this request: payment_intent or charge."))
	}
	c, e := st.charges.find(id, "charge")
	if e != nil {
		return errResponse(e)
	}
	if e := extra.checkCharge(c); e != nil {
		return errResponse(e)
	}
	var reason *string
	if v, ok := p.str("reason"); ok && v != "" {
		switch v {
		case "duplicate", "fraudulent", "requested_by_customer":
			reason = &v
		default:
			return errResponse(invalidRequest(400, "", "reason",
				fmt.Sprintf("Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer (got %q)", v)))
		}
	}
	in := refundInput{reason: reason, metadata: applyMetadata(nil, p), instructionsEmail: extra.instructionsEmail}
	if v, ok := p.int("amount"); ok {
		in.amount = &v
	}
	r, e := st.refundCharge(c, in)
	if e != nil {
		return errResponse(e)
	}
	return success(st.refundJSON(r, req.expand))
}

func (st *store) updateRefund(req *request) response {
	r, e := st.refunds.find(req.segs[1], "id")
	if e != nil {
		return errResponse(e)
	}
	changed := st.watch(evRefundUpdated, func() any { return st.refundObject(r.id) })
	r.metadata = applyMetadata(copyMap(r.metadata), req.p)
	changed()
	return success(st.refundJSON(r, req.expand))
}

// refundListFilter reads the filters of GET /v1/refunds: charge, and
// payment_intent (the intent of the refunded charge).
func refundListFilter(st *store, req *request) (func(*refund) bool, *apiError) {
	charge, _ := req.p.str("charge")
	pi, _ := req.p.str("payment_intent")
	return func(r *refund) bool {
		if charge != "" && r.charge != charge {
			return false
		}
		if pi == "" {
			return true
		}
		c, ok := st.charges.get(r.charge)
		return ok && c.paymentIntent == pi
	}, nil
}

// Refund cancel (POST /v1/refunds/{id}/cancel) and the refund create params
// that are not about a charge: currency, customer, origin, instructions_email.
//
// Card refunds succeed at once in the API and in paytest, so no paytest
// refund is ever requires_action, the only status that can be canceled:
// cancel always answers the API's 400 for a refund in another status.

// refundExtras is what the optional refund create params asked for.
type refundExtras struct {
	currency          string
	customer          string
	instructionsEmail string
}

// checkRefundExtras validates currency, customer, origin and
// instructions_email before the charge is looked at.
func (st *store) checkRefundExtras(p params) (*refundExtras, *apiError) {
	x := &refundExtras{}
	if v, ok := p.str("currency"); ok && v != "" {
		c, e := checkCurrency("currency", v)
		if e != nil {
			return nil, e
		}
		x.currency = c
	}
	if v, ok := p.str("customer"); ok && v != "" {
		if _, e := st.liveCustomerParam(v); e != nil {
			return nil, e
		}
		x.customer = v
	}
	if v, ok := p.str("instructions_email"); ok && v != "" {
		if !validEmail(v) {
			return nil, invalidRequest(400, "email_invalid", "instructions_email", "Invalid email address: "+v)
		}
		x.instructionsEmail = v
	}
	origin, hasOrigin := p.str("origin")
	if !hasOrigin {
		return x, nil
	}
	if origin != "customer_balance" {
		return nil, invalidRequest(400, "", "origin", fmt.Sprintf("Invalid origin: must be customer_balance (got %q)", origin))
	}
	// A refund from a customer's cash balance: no charge, a customer,
	// a currency and an amount.
	for _, name := range []string{"charge", "payment_intent"} {
		if v, _ := p.str(name); v != "" {
			return nil, invalidRequest(400, "", "origin", "origin=customer_balance refunds a customer's cash balance and cannot be combined with "+name+".")
		}
	}
	for _, name := range []string{"customer", "currency", "amount"} {
		if v, _ := p.str(name); v == "" {
			return nil, errMissingParam(name)
		}
	}
	if n, _ := p.int("amount"); n < 1 {
		return nil, invalidRequest(400, "parameter_invalid_integer", "amount", "Invalid positive integer")
	}
	// paytest models no cash balances: every customer's is zero.
	return nil, invalidRequest(400, "balance_insufficient", "amount",
		fmt.Sprintf("Customer %s does not have enough %s in its cash balance to refund.", x.customer, x.currency))
}

// checkCharge checks the extras against the charge being refunded.
func (x *refundExtras) checkCharge(c *charge) *apiError {
	if x.currency != "" && x.currency != c.currency {
		return invalidRequest(400, "", "currency",
			fmt.Sprintf("The currency (%s) does not match the currency of charge %s (%s).", x.currency, c.id, c.currency))
	}
	if x.customer != "" && x.customer != c.customer {
		return invalidRequest(400, "", "customer",
			fmt.Sprintf("Charge %s does not belong to customer %s.", c.id, x.customer))
	}
	return nil
}

// liveCustomerParam finds a customer named in a param (400 when missing).
func (st *store) liveCustomerParam(id string) (*customer, *apiError) {
	c, _ := st.customers.get(id)
	if c == nil || c.deleted {
		return nil, errNoSuch("customer", id, "customer")
	}
	return c, nil
}

// cancelRefund cancels a refund that requires action; no paytest refund
// does, so this answers the API's 400. POST /v1/refunds/{id}/cancel.
func (st *store) cancelRefund(req *request) response {
	r, e := st.refunds.find(req.segs[1], "id")
	if e != nil {
		return errResponse(e)
	}
	if r.status != refundRequiresAction {
		return errResponse(invalidRequest(400, "", "",
			fmt.Sprintf("Refund %s cannot be canceled because its status is %s. Only a refund with status requires_action can be canceled.", r.id, r.status)))
	}
	changed := st.watch(evRefundUpdated, func() any { return st.refundObject(r.id) })
	setStatus(refundTransitions, &r.status, refundCanceled)
	changed()
	return success(st.refundJSON(r, req.expand))
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
