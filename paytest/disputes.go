package paytest

import (
	"fmt"
	"unicode/utf8"
)

// Disputes. A card whose testCard has a dispute (tok_createDispute,
// tok_createDisputeProductNotReceived, tok_createDisputeInquiry and their
// pm_card_ names) disputes each of its charges as soon as it is captured:
// a chargeback withdraws the amount and the dispute fee (fees.go) and
// waits for evidence (needs_response); an inquiry moves no money
// (warning_needs_response). POST /v1/disputes/{id} stages evidence and,
// with submit=true, submits it: in test mode the uncategorized_text
// "winning_evidence" wins the dispute (the funds and the fee come back)
// and "losing_evidence" loses it, at once; other evidence leaves it
// under_review. POST /v1/disputes/{id}/close accepts the loss.

// disputeCase is how a test card's charges are disputed.
type disputeCase struct {
	reason  string // the dispute's reason: fraudulent, product_not_received, general
	inquiry bool   // an inquiry (warning_*), not a chargeback
}

// dispute is a stored dispute.
type dispute struct {
	id           string
	seq, created int64
	amount       int64
	currency     string
	charge       string
	reason       string
	inquiry      bool
	network      string // the card's network, "visa"
	status       disputeStatus
	evidence     map[string]string // the text and file fields set
	enhanced     map[string]any    // enhanced_evidence, as rendered
	dueBy        int64
	pastDue      bool
	submissions  int64
	txns         []string // the withdrawal, and the reinstatement when won
	metadata     map[string]string
}

func (d *dispute) ident() (string, int64, int64) { return d.id, d.seq, d.created }

// refundable reports whether the disputed charge can still be refunded:
// an inquiry's can, a chargeback's cannot.
func (d *dispute) refundable() bool { return d.inquiry }

// evidenceDays is how long evidence can be sent: due_by is the end
// (23:59:59 UTC) of the day evidenceDays days after the dispute's.
const evidenceDays = 7

func evidenceDueBy(created int64) int64 {
	const day = 24 * 3600
	return (created/day+evidenceDays+1)*day - 1
}

// The evidence fields: the texts with their longest length, and the files
// (the id of a file upload; paytest keeps the id as sent, unchecked, as it
// has no files).
var (
	evidenceTexts = map[string]int{
		"access_activity_log": 20000, "billing_address": 5000, "cancellation_policy_disclosure": 20000,
		"cancellation_rebuttal": 20000, "customer_email_address": 5000, "customer_name": 5000,
		"customer_purchase_ip": 5000, "duplicate_charge_explanation": 20000, "duplicate_charge_id": 5000,
		"product_description": 20000, "refund_policy_disclosure": 20000, "refund_refusal_explanation": 20000,
		"service_date": 5000, "shipping_address": 5000, "shipping_carrier": 5000, "shipping_date": 5000,
		"shipping_tracking_number": 5000, "uncategorized_text": 20000,
	}
	evidenceFiles = []string{
		"cancellation_policy", "customer_communication", "customer_signature", "duplicate_charge_documentation",
		"receipt", "refund_policy", "service_documentation", "shipping_documentation", "uncategorized_file",
	}
)

// maxEvidenceChars is the API's limit on the evidence texts together.
const maxEvidenceChars = 150000

var (
	ce3TxnSpec = spec{
		"customer_account_id": {}, "customer_device_fingerprint": {}, "customer_device_id": {},
		"customer_email_address": {}, "customer_purchase_ip": {}, "product_description": {},
		"shipping_address": {kind: kHash, sub: addressSpec},
	}
	complianceSpec = spec{"fee_acknowledged": {kind: kBool}}
	enhancedSpec   = spec{
		"mastercard_compliance": {kind: kHash, sub: complianceSpec},
		"visa_compliance":       {kind: kHash, sub: complianceSpec},
		"visa_compelling_evidence_3": {kind: kHash, sub: spec{
			"disputed_transaction":          {kind: kHash, sub: ce3TxnSpec.with(spec{"merchandise_or_services": {}})},
			"prior_undisputed_transactions": {kind: kHashes, sub: ce3TxnSpec.with(spec{"charge": {}})},
		}},
	}
	evidenceSpec = func() spec {
		s := spec{"enhanced_evidence": {kind: kHash, sub: enhancedSpec}}
		for name := range evidenceTexts {
			s[name] = field{}
		}
		for _, name := range evidenceFiles {
			s[name] = field{}
		}
		return s
	}()
	disputeUpdateSpec = spec{
		"evidence": {kind: kHash, sub: evidenceSpec}, "metadata": {kind: kMetadata}, "submit": {kind: kBool},
		"expand": {kind: kArray},
	}
	disputeListSpec = listSpec.with(spec{"charge": {}, "payment_intent": {}})
)

type disputeJSON struct {
	ID                       string                     `json:"id"`
	Object                   string                     `json:"object"`
	Amount                   int64                      `json:"amount"`
	BalanceTransactions      []*balanceTxnJSON          `json:"balance_transactions"`
	Charge                   any                        `json:"charge"`
	Created                  int64                      `json:"created"`
	Currency                 string                     `json:"currency"`
	EnhancedEligibilityTypes []string                   `json:"enhanced_eligibility_types"`
	Evidence                 map[string]any             `json:"evidence"`
	EvidenceDetails          disputeEvidenceDetailsJSON `json:"evidence_details"`
	IsChargeRefundable       bool                       `json:"is_charge_refundable"`
	Livemode                 bool                       `json:"livemode"`
	Metadata                 map[string]string          `json:"metadata"`
	PaymentIntent            *string                    `json:"payment_intent"`
	PaymentMethodDetails     disputePMDJSON             `json:"payment_method_details"`
	Reason                   string                     `json:"reason"`
	Status                   string                     `json:"status"`
}

type disputeEvidenceDetailsJSON struct {
	DueBy               *int64         `json:"due_by"`
	EnhancedEligibility map[string]any `json:"enhanced_eligibility"`
	HasEvidence         bool           `json:"has_evidence"`
	PastDue             bool           `json:"past_due"`
	SubmissionCount     int64          `json:"submission_count"`
}

type disputePMDJSON struct {
	Card *disputeCardJSON `json:"card"`
	Type string           `json:"type"`
}

type disputeCardJSON struct {
	Brand             string  `json:"brand"`
	CaseType          string  `json:"case_type"`
	Network           string  `json:"network"`
	NetworkReasonCode *string `json:"network_reason_code"`
}

// networkReasonCodes are the card networks' reason codes of the reasons
// paytest's disputes have.
var networkReasonCodes = map[string]map[string]string{
	"visa":       {"fraudulent": "10.4", "product_not_received": "13.1"},
	"mastercard": {"fraudulent": "4837", "product_not_received": "4855"},
	"amex":       {"fraudulent": "F29", "product_not_received": "C08"},
}

// disputeShape is a dispute's JSON.
func disputeShape(st *store, d *dispute, ex expandTree) any { return st.disputeJSON(d, ex) }

func (st *store) disputeJSON(d *dispute, ex expandTree) *disputeJSON {
	due := d.dueBy
	j := &disputeJSON{
		ID: d.id, Object: "dispute", Amount: d.amount, BalanceTransactions: []*balanceTxnJSON{},
		Charge: d.charge, Created: d.created, Currency: d.currency, EnhancedEligibilityTypes: []string{},
		Evidence: d.evidenceJSON(),
		EvidenceDetails: disputeEvidenceDetailsJSON{DueBy: &due, EnhancedEligibility: map[string]any{},
			HasEvidence: d.hasEvidence(), PastDue: d.pastDue, SubmissionCount: d.submissions},
		IsChargeRefundable: d.refundable(), Metadata: nonNil(d.metadata),
		Reason: d.reason, Status: string(d.status), PaymentIntent: optStr(st.chargeIntent(d.charge)),
	}
	caseType := "chargeback"
	if d.inquiry {
		caseType = "inquiry"
	}
	var code *string
	if c, ok := networkReasonCodes[d.network][d.reason]; ok {
		code = strp(c)
	}
	j.PaymentMethodDetails = disputePMDJSON{Type: "card",
		Card: &disputeCardJSON{Brand: d.network, CaseType: caseType, Network: d.network, NetworkReasonCode: code}}
	for _, id := range d.txns {
		if t, ok := st.txns.get(id); ok {
			j.BalanceTransactions = append(j.BalanceTransactions, st.txnJSON(t, nil))
		}
	}
	if sub, ok := ex["charge"]; ok {
		if c, ok := st.charges.get(d.charge); ok {
			j.Charge = st.chargeJSON(c, sub)
		}
	}
	return j
}

func (d *dispute) evidenceJSON() map[string]any {
	out := map[string]any{"enhanced_evidence": d.enhanced}
	for name := range evidenceTexts {
		out[name] = optStr(d.evidence[name])
	}
	for _, name := range evidenceFiles {
		out[name] = optStr(d.evidence[name])
	}
	return out
}

func (d *dispute) hasEvidence() bool { return len(d.evidence) > 0 || len(d.enhanced) > 0 }

// disputeObject is a dispute's unexpanded JSON, for events.
func (st *store) disputeObject(id string) any {
	if d, ok := st.disputes.get(id); ok {
		return st.disputeJSON(d, nil)
	}
	return nil
}

// disputeIfDisputing opens the dispute of the captured charge c when its
// card disputes its charges (and c has none yet): for a chargeback, the
// funds and the dispute fee are withdrawn at once. It emits
// charge.dispute.created and, for a chargeback,
// charge.dispute.funds_withdrawn.
func (st *store) disputeIfDisputing(c *charge) {
	dc := c.card.tc.dispute
	if dc == nil || !c.captured || c.dispute != nil {
		return
	}
	d := &dispute{
		id: st.newID("dp_"), amount: c.amountCaptured, currency: c.currency, charge: c.id,
		reason: dc.reason, inquiry: dc.inquiry, network: c.card.tc.network,
		evidence: map[string]string{}, enhanced: map[string]any{},
	}
	d.seq, d.created = st.stamp()
	d.dueBy = evidenceDueBy(d.created)
	if d.inquiry {
		setStatus(disputeTransitions, &d.status, disputeWarningNeedsResponse)
	} else {
		setStatus(disputeTransitions, &d.status, disputeNeedsResponse)
		d.txns = append(d.txns, st.disputeTxn(d, false).id)
	}
	c.dispute = d
	st.disputes.add(d)
	st.emit(evDisputeCreated, st.disputeObject(d.id), nil)
	if !d.inquiry {
		st.emit(evDisputeFundsWithdrawn, st.disputeObject(d.id), nil)
	}
}

// errDisputeClosed is the 400 of a change to a dispute that is over.
func errDisputeClosed() *apiError {
	return invalidRequest(400, "", "", "This dispute is already closed.")
}

// checkEvidence reports why d takes no evidence (nor a submission) now, as
// the API's 400; nil if it does.
func (d *dispute) checkEvidence() *apiError {
	switch {
	case d.status.closed():
		return errDisputeClosed()
	case d.status == disputeUnderReview || d.status == disputeWarningUnderReview:
		return invalidRequest(400, "", "evidence", "This dispute's evidence has already been submitted and can no longer be changed.")
	}
	return nil
}

// checkClose reports why d cannot be closed, as the API's 400; nil if it
// can.
func (d *dispute) checkClose() *apiError {
	switch {
	case d.status.closed():
		return errDisputeClosed()
	case d.status == disputeUnderReview || d.status == disputeWarningUnderReview:
		return invalidRequest(400, "", "", "This dispute's evidence has been submitted: it is under review and can no longer be closed.")
	}
	return nil
}

// evidenceUpdate is the evidence an update sets: text and file fields
// ("" clears one) and the enhanced evidence to merge (nil: none given;
// clearEnhanced: enhanced_evidence= cleared it all).
type evidenceUpdate struct {
	fields        map[string]string
	enhanced      map[string]any
	clearEnhanced bool
}

// readEvidence reads and checks the evidence param against d's evidence.
func (st *store) readEvidence(d *dispute, p params) (evidenceUpdate, *apiError) {
	in := evidenceUpdate{fields: map[string]string{}}
	if p.n == nil || p.n.leaf { // none, or evidence=: nothing changes
		return in, nil
	}
	for name, max := range evidenceTexts {
		if v, ok := p.str(name); ok {
			if utf8.RuneCountInString(v) > max {
				return in, invalidRequest(400, "", "evidence["+name+"]",
					fmt.Sprintf("Invalid string: evidence[%s] must be at most %d characters long.", name, max))
			}
			in.fields[name] = v
		}
	}
	for _, name := range evidenceFiles {
		if v, ok := p.str(name); ok {
			in.fields[name] = v
		}
	}
	total := 0
	for name := range evidenceTexts {
		v, ok := in.fields[name]
		if !ok {
			v = d.evidence[name]
		}
		total += utf8.RuneCountInString(v)
	}
	if total > maxEvidenceChars {
		return in, invalidRequest(400, "", "evidence",
			fmt.Sprintf("The combined character count of all evidence fields is limited to %d (got %d).", maxEvidenceChars, total))
	}
	if !p.has("enhanced_evidence") {
		return in, nil
	}
	ee := p.sub("enhanced_evidence")
	if ee.n.leaf {
		in.clearEnhanced = true
		return in, nil
	}
	const ce3 = "evidence[enhanced_evidence][visa_compelling_evidence_3]"
	v3 := ee.sub("visa_compelling_evidence_3")
	if v3.n != nil && !v3.n.leaf {
		if dt := v3.sub("disputed_transaction"); dt.n != nil {
			switch m, _ := dt.str("merchandise_or_services"); m {
			case "", "merchandise", "services":
			default:
				return in, invalidRequest(400, "", ce3+"[disputed_transaction][merchandise_or_services]",
					fmt.Sprintf("Invalid merchandise_or_services: must be one of merchandise or services (got %q)", m))
			}
		}
		if prior := v3.n.child("prior_undisputed_transactions"); prior != nil && !prior.leaf {
			for _, k := range prior.sortedKeys() {
				param := ce3 + "[prior_undisputed_transactions][" + k + "][charge]"
				id, _ := params{prior.kids[k]}.str("charge")
				if id == "" {
					return in, errMissingParam(param)
				}
				if _, e := st.charges.find(id, param); e != nil {
					return in, e
				}
			}
		}
	}
	in.enhanced, _ = enhancedValue(ee.n, "").(map[string]any)
	return in, nil
}

// enhancedValue is a param node of enhanced_evidence as the dispute
// renders it: fee_acknowledged a boolean, prior_undisputed_transactions an
// array, "" nil (cleared).
func enhancedValue(n *node, key string) any {
	if n.leaf {
		switch {
		case key == "fee_acknowledged":
			return n.val == "true"
		case n.val == "":
			return nil
		}
		return n.val
	}
	if key == "prior_undisputed_transactions" {
		out := []any{}
		for _, k := range n.sortedKeys() {
			out = append(out, enhancedValue(n.kids[k], ""))
		}
		return out
	}
	m := map[string]any{}
	for k, c := range n.kids {
		m[k] = enhancedValue(c, k)
	}
	return m
}

// mergeEnhanced merges src into dst: hashes key by key, a nil value
// removes its key, anything else replaces.
func mergeEnhanced(dst, src map[string]any) map[string]any {
	out := make(map[string]any, len(dst))
	for k, v := range dst {
		out[k] = v
	}
	for k, v := range src {
		sm, ok1 := v.(map[string]any)
		dm, ok2 := out[k].(map[string]any)
		switch {
		case v == nil:
			delete(out, k)
		case ok1 && ok2:
			out[k] = mergeEnhanced(dm, sm)
		case ok1:
			out[k] = mergeEnhanced(nil, sm)
		default:
			out[k] = v
		}
	}
	return out
}

// apply stages in's evidence on d.
func (d *dispute) apply(in evidenceUpdate) {
	ev := copyMap(d.evidence)
	for k, v := range in.fields {
		if v == "" {
			delete(ev, k)
		} else {
			ev[k] = v
		}
	}
	d.evidence = ev
	if in.clearEnhanced {
		d.enhanced = map[string]any{}
	}
	if in.enhanced != nil {
		d.enhanced = mergeEnhanced(d.enhanced, in.enhanced)
	}
}

// updateDispute is POST /v1/disputes/{id}: metadata (at any time), and
// evidence staged or, with submit=true, submitted (only while the dispute
// waits for it). It emits charge.dispute.updated when the dispute changed,
// then decides a submitted dispute (see decide).
func (st *store) updateDispute(req *request) response {
	d, e := st.disputes.find(req.args["id"], "id")
	if e != nil {
		return errResponse(e)
	}
	p := req.p
	submit := false
	if v, ok := p.str("submit"); ok {
		submit = v == "true"
	}
	var in evidenceUpdate
	if p.has("evidence") || submit {
		if e := d.checkEvidence(); e != nil {
			return errResponse(e)
		}
		if in, e = st.readEvidence(d, p.sub("evidence")); e != nil {
			return errResponse(e)
		}
	}
	changed := st.watch(evDisputeUpdated, func() any { return st.disputeObject(d.id) })
	d.apply(in)
	d.metadata = applyMetadata(copyMap(d.metadata), p)
	if submit {
		d.submissions++
		d.pastDue = st.now().Unix() > d.dueBy
		to := disputeUnderReview
		if d.inquiry {
			to = disputeWarningUnderReview
		}
		setStatus(disputeTransitions, &d.status, to)
	}
	changed()
	if submit {
		st.decide(d)
	}
	return success(st.disputeJSON(d, req.expand))
}

// decide settles a dispute whose evidence was just submitted, as the API's
// test mode does: uncategorized_text winning_evidence wins it (an inquiry
// closes), losing_evidence loses it (an inquiry stays under review);
// anything else leaves it under review. A won chargeback gets its funds
// and fee back. It emits charge.dispute.closed, then, when won,
// charge.dispute.funds_reinstated.
func (st *store) decide(d *dispute) {
	switch text := d.evidence["uncategorized_text"]; {
	case text == "winning_evidence" && d.inquiry:
		setStatus(disputeTransitions, &d.status, disputeWarningClosed)
		st.emit(evDisputeClosed, st.disputeObject(d.id), nil)
	case text == "winning_evidence":
		setStatus(disputeTransitions, &d.status, disputeWon)
		d.txns = append(d.txns, st.disputeTxn(d, true).id)
		st.emit(evDisputeClosed, st.disputeObject(d.id), nil)
		st.emit(evDisputeFundsReinstated, st.disputeObject(d.id), nil)
	case text == "losing_evidence" && !d.inquiry:
		setStatus(disputeTransitions, &d.status, disputeLost)
		st.emit(evDisputeClosed, st.disputeObject(d.id), nil)
	}
}

// closeDispute is POST /v1/disputes/{id}/close: the dispute is accepted
// as lost (an inquiry closes), and the funds stay withdrawn. It emits
// charge.dispute.closed.
func (st *store) closeDispute(req *request) response {
	d, e := st.disputes.find(req.args["id"], "id")
	if e != nil {
		return errResponse(e)
	}
	if e := d.checkClose(); e != nil {
		return errResponse(e)
	}
	to := disputeLost
	if d.inquiry {
		to = disputeWarningClosed
	}
	setStatus(disputeTransitions, &d.status, to)
	st.emit(evDisputeClosed, st.disputeObject(d.id), nil)
	return success(st.disputeJSON(d, req.expand))
}

// disputeListFilter reads the filters of GET /v1/disputes: charge, and
// payment_intent (the intent of the disputed charge).
func disputeListFilter(st *store, req *request) (func(*dispute) bool, *apiError) {
	charge, _ := req.p.str("charge")
	pi, _ := req.p.str("payment_intent")
	return func(d *dispute) bool {
		return (charge == "" || d.charge == charge) && (pi == "" || st.chargeIntent(d.charge) == pi)
	}, nil
}

// chargeIntent is the PaymentIntent of the charge with id, or "".
func (st *store) chargeIntent(id string) string {
	if c, ok := st.charges.get(id); ok {
		return c.paymentIntent
	}
	return ""
}
