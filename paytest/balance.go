package paytest

// balanceTxn is a balance transaction: the money a charge or refund moved.
type balanceTxn struct {
	id           string
	seq, created int64
	amount       int64
	fee          int64
	currency     string
	source       string // the charge or refund
	typ          txnType
	status       txnStatus
}

func (t *balanceTxn) ident() (string, int64, int64) { return t.id, t.seq, t.created }

// newTxn records the money source (a charge's or a refund's id) moved:
// amount in currency, negative for money out. A charge pays the processing
// fee, 2.9% + 30.
func (st *store) newTxn(source string, typ txnType, currency string, amount int64) *balanceTxn {
	t := &balanceTxn{id: st.newID("txn_"), amount: amount, currency: currency, source: source, typ: typ, status: txnPending}
	t.seq, t.created = st.stamp()
	if typ == txnCharge {
		t.fee = (amount*29+500)/1000 + 30
	}
	st.txns.add(t)
	return t
}

func (t *balanceTxn) json() *balanceTxnJSON {
	j := &balanceTxnJSON{
		ID: t.id, Object: "balance_transaction", Amount: t.amount,
		AvailableOn: t.created + 2*24*3600, BalanceType: "payments", Created: t.created,
		Currency: t.currency, Fee: t.fee, FeeDetails: []feeDetailJSON{}, Net: t.amount - t.fee,
		ReportingCategory: string(t.typ), Source: t.source, Status: string(t.status), Type: string(t.typ),
	}
	if t.fee != 0 {
		j.FeeDetails = append(j.FeeDetails, feeDetailJSON{Amount: t.fee, Currency: t.currency, Description: "Stripe processing fees", Type: "stripe_fee"})
	}
	if t.typ == txnRefund {
		j.Description = strp("REFUND FOR CHARGE")
	}
	return j
}

// txnRef is a balance_transaction field: the id, or the object when
// expanded; nil when no money moved.
func (st *store) txnRef(id string, ex expandTree) any {
	if id == "" {
		return nil
	}
	if _, ok := ex["balance_transaction"]; ok {
		if t, ok := st.txns.get(id); ok {
			return t.json()
		}
	}
	return id
}
