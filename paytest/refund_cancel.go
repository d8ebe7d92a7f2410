package paytest

import "fmt"

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
