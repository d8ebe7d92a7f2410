package paytest

import "fmt"

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

func (st *store) refundJSON(r *refund, ex expandTree) *refundJSON {
	j := &refundJSON{
		ID: r.id, Object: "refund", Amount: r.amount, Charge: r.charge, Created: r.created, Currency: r.currency,
		Customer: optStr(r.customer), Metadata: nonNil(r.metadata), PaymentMethod: optStr(r.card),
		Reason: r.reason, Status: "succeeded", InstructionsEmail: optStr(r.instructionsEmail),
	}
	j.DestinationDetails.Type = "card"
	j.DestinationDetails.Card.Type = "refund"
	if r.reversal {
		j.DestinationDetails.Card.Type = "reversal"
	}
	if r.txnID != "" {
		j.BalanceTransaction = r.txnID
		if _, ok := ex["balance_transaction"]; ok {
			j.BalanceTransaction = st.txns[r.txnID].json()
		}
	}
	if sub, ok := ex["charge"]; ok {
		if c := st.charges[r.charge]; c != nil {
			j.Charge = st.chargeJSON(c, sub)
		}
	}
	return j
}

// addRefund refunds amount of c. Money moves (a balance transaction) only
// for a captured charge; otherwise the authorisation is released.
func (st *store) addRefund(c *charge, amount int64, reason *string, metadata map[string]string, captured bool) *refund {
	r := &refund{
		id: newID("re_"), amount: amount, charge: c.id, currency: c.currency, customer: c.customer,
		card: c.card.id, metadata: metadata, reason: reason, reversal: !captured,
	}
	r.seq, r.created = st.stamp()
	if captured {
		r.txnID = st.newTxn(r.id, "refund", c.currency, -amount)
	}
	c.refunds = append(c.refunds, r)
	c.amountRefunded += amount
	c.refunded = c.amountRefunded >= c.amount
	st.refunds[r.id] = r
	st.refundList = append(st.refundList, r)
	return r
}

func (st *store) createRefund(req *request) response {
	p := req.p
	extra, e := st.checkRefundExtras(p)
	if e != nil {
		return errResponse(e)
	}
	id, _ := p.str("charge")
	if id == "" {
		if pi, _ := p.str("payment_intent"); pi != "" {
			return errResponse(errNoSuch("payment_intent", pi, "payment_intent"))
		}
		return errResponse(invalidRequest(400, "parameter_missing", "charge",
			"One of the following params should be provided for this request: payment_intent or charge."))
	}
	c := st.charges[id]
	if c == nil {
		return errResponse(errNoSuch("charge", id, "charge"))
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
	switch {
	case c.status == "failed":
		return errResponse(invalidRequest(400, "", "charge", fmt.Sprintf("Charge %s has failed and cannot be refunded.", c.id)))
	case c.refunded:
		return errResponse(invalidRequest(400, "charge_already_refunded", "charge", fmt.Sprintf("Charge %s has already been refunded.", c.id)))
	}
	remaining := c.amount - c.amountRefunded
	amount := remaining
	if v, ok := p.int("amount"); ok {
		if v < 1 {
			return errResponse(invalidRequest(400, "parameter_invalid_integer", "amount", "Invalid positive integer"))
		}
		if !c.captured && v != c.amount {
			return errResponse(invalidRequest(400, "", "amount",
				"You cannot partially refund an uncaptured charge. Instead, capture the charge for an amount less than the original amount"))
		}
		if v > remaining {
			msg := fmt.Sprintf("Refund amount (%s) is greater than charge amount (%s)", formatAmount(c.currency, v), formatAmount(c.currency, c.amount))
			if c.amountRefunded > 0 {
				msg = fmt.Sprintf("Refund amount (%s) is greater than unrefunded amount on charge (%s)", formatAmount(c.currency, v), formatAmount(c.currency, remaining))
			}
			return errResponse(invalidRequest(400, "amount_too_large", "amount", msg))
		}
		amount = v
	}
	r := st.addRefund(c, amount, reason, applyMetadata(nil, p), c.captured)
	r.instructionsEmail = extra.instructionsEmail
	return success(st.refundJSON(r, req.expand))
}

func (st *store) getRefund(req *request) response {
	r := st.refunds[req.segs[1]]
	if r == nil {
		return errResponse(errNoSuch("refund", req.segs[1], "id"))
	}
	return success(st.refundJSON(r, req.expand))
}

func (st *store) updateRefund(req *request) response {
	r := st.refunds[req.segs[1]]
	if r == nil {
		return errResponse(errNoSuch("refund", req.segs[1], "id"))
	}
	r.metadata = applyMetadata(copyMap(r.metadata), req.p)
	return success(st.refundJSON(r, req.expand))
}

func (st *store) listRefunds(req *request) response {
	p := req.p
	charge, _ := p.str("charge")
	pi, _ := p.str("payment_intent")
	page, more, e := listPage(st.refundList, p, "refund", st.refundSeq, func(r *refund) bool {
		return (charge == "" || r.charge == charge) && pi == ""
	})
	if e != nil {
		return errResponse(e)
	}
	l := &listJSON{Object: "list", Data: []any{}, HasMore: more, URL: "/v1/refunds"}
	for _, r := range page {
		l.Data = append(l.Data, st.refundJSON(r, req.expand["data"]))
	}
	return success(l)
}

func (st *store) refundSeq(id string) (int64, bool) {
	if r := st.refunds[id]; r != nil {
		return r.seq, true
	}
	return 0, false
}
