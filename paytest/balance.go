package paytest

import "fmt"

// balanceTxn is a balance transaction: the money a charge, refund or
// dispute moved (see fees.go for the fees).
type balanceTxn struct {
	id           string
	seq, created int64
	amount       int64
	fee          int64 // the sum of fees
	fees         []feeDetail
	currency     string
	source       string // the charge, refund or dispute
	typ          txnType
	category     string // reporting_category
	description  *string
}

func (t *balanceTxn) ident() (string, int64, int64) { return t.id, t.seq, t.created }

// newTxn records the money source (a charge's or a refund's id) moved:
// amount in currency, negative for money out. A charge pays the card
// processing fee (cardFee); a refund pays none.
func (st *store) newTxn(source string, typ txnType, currency string, amount int64) *balanceTxn {
	t := &balanceTxn{amount: amount, currency: currency, source: source, typ: typ, category: string(typ)}
	switch typ {
	case txnCharge:
		t.fees = []feeDetail{{amount: cardFee(currency, amount), description: "Stripe processing fees"}}
	case txnRefund:
		t.description = strp("REFUND FOR CHARGE")
	}
	return st.addTxn(t)
}

// addTxn stores t, giving it its id, creation time and fee.
func (st *store) addTxn(t *balanceTxn) *balanceTxn {
	for _, f := range t.fees {
		t.fee += f.amount
	}
	t.id = st.newID("txn_")
	t.seq, t.created = st.stamp()
	st.txns.add(t)
	return t
}

// txnJSON is t's JSON; its status is available once available_on has
// passed on the server's clock. ex may expand source.
func (st *store) txnJSON(t *balanceTxn, ex expandTree) *balanceTxnJSON {
	avail := availableOn(t.created)
	status := txnPending
	if st.now().Unix() >= avail {
		status = txnAvailable
	}
	fee := t.fee
	j := &balanceTxnJSON{
		ID: t.id, Object: "balance_transaction", Amount: t.amount,
		AvailableOn: avail, BalanceType: "payments", Created: t.created,
		Currency: t.currency, Description: t.description, Fee: fee, FeeDetails: []feeDetailJSON{}, Net: t.amount - fee,
		ReportingCategory: t.category, Source: t.source, Status: string(status), Type: string(t.typ),
	}
	for _, f := range t.fees {
		j.FeeDetails = append(j.FeeDetails, feeDetailJSON{Amount: f.amount, Currency: t.currency, Description: f.description, Type: "stripe_fee"})
	}
	if sub, ok := ex["source"]; ok {
		j.Source = st.txnSource(t.source, sub)
	}
	return j
}

// txnSource is a transaction's expanded source: the charge, refund or
// dispute (its id when paytest has no such object).
func (st *store) txnSource(id string, ex expandTree) any {
	if c, ok := st.charges.get(id); ok {
		return st.chargeJSON(c, ex)
	}
	if r, ok := st.refunds.get(id); ok {
		return st.refundJSON(r, ex)
	}
	if d, ok := st.disputes.get(id); ok {
		return st.disputeJSON(d, ex)
	}
	return id
}

// txnShape is a balance transaction's JSON.
func txnShape(st *store, t *balanceTxn, ex expandTree) any { return st.txnJSON(t, ex) }

// txnRef is a balance_transaction field: the id, or the object when
// expanded; nil when no money moved.
func (st *store) txnRef(id string, ex expandTree) any {
	if id == "" {
		return nil
	}
	if sub, ok := ex["balance_transaction"]; ok {
		if t, ok := st.txns.get(id); ok {
			return st.txnJSON(t, sub)
		}
	}
	return id
}

var txnListSpec = listSpec.with(spec{"type": {}, "source": {}, "payout": {}, "currency": {}})

// txnListFilter reads the filters of GET /v1/balance_transactions: type,
// source, currency and payout (paytest makes no payouts: naming one is the
// API's "No such payout"); the list itself does created.
func txnListFilter(_ *store, req *request) (func(*balanceTxn) bool, *apiError) {
	p := req.p
	typ, _ := p.str("type")
	source, _ := p.str("source")
	if po, _ := p.str("payout"); po != "" {
		return nil, errNoSuch("payout", po, "payout")
	}
	cur, _ := p.str("currency")
	if cur != "" {
		c, e := checkCurrency("currency", cur)
		if e != nil {
			return nil, e
		}
		cur = c
	}
	return func(t *balanceTxn) bool {
		return (typ == "" || string(t.typ) == typ) && (source == "" || t.source == source) && (cur == "" || t.currency == cur)
	}, nil
}

// disputeTxn records the money a dispute moves: the withdrawal (amount out
// and the dispute fee) or, when won, the reinstatement (amount back and
// the fee returned).
func (st *store) disputeTxn(d *dispute, reinstate bool) *balanceTxn {
	t := &balanceTxn{amount: -d.amount, currency: d.currency, source: d.id, typ: txnAdjustment, category: "dispute",
		fees:        []feeDetail{{amount: disputeFee, description: "Dispute fee"}},
		description: strp(fmt.Sprintf("Chargeback withdrawal for %s", d.charge))}
	if reinstate {
		t.amount, t.category = d.amount, "dispute_reversal"
		t.fees[0].amount = -disputeFee
		t.description = strp(fmt.Sprintf("Chargeback reversal for %s", d.charge))
	}
	return st.addTxn(t)
}

type feeDetailJSON struct {
	Amount      int64   `json:"amount"`
	Application *string `json:"application"`
	Currency    string  `json:"currency"`
	Description string  `json:"description"`
	Type        string  `json:"type"`
}

type balanceTxnJSON struct {
	ID                string          `json:"id"`
	Object            string          `json:"object"`
	Amount            int64           `json:"amount"`
	AvailableOn       int64           `json:"available_on"`
	BalanceType       string          `json:"balance_type"`
	Created           int64           `json:"created"`
	Currency          string          `json:"currency"`
	Description       *string         `json:"description"`
	ExchangeRate      *float64        `json:"exchange_rate"`
	Fee               int64           `json:"fee"`
	FeeDetails        []feeDetailJSON `json:"fee_details"`
	Net               int64           `json:"net"`
	ReportingCategory string          `json:"reporting_category"`
	Source            any             `json:"source"`
	Status            string          `json:"status"`
	Type              string          `json:"type"`
}
