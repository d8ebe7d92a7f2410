package paytest

import (
	"fmt"
	"slices"
)

// SetupIntents: /v1/setup_intents. A SetupIntent saves a payment method
// for later, authenticated now: once it succeeds (usage off_session, the
// default) the payment method is attached to the customer and set up, so
// pm_card_authenticationRequiredOnSetup then pays off session.

// setupIntent is a stored SetupIntent.
type setupIntent struct {
	id                 string
	seq, created       int64
	status             siStatus
	clientSecret       string
	customer           string
	pm                 *paymentMethod
	usage              string
	returnURL          string
	methodTypes        []string
	automatic          *automaticPMJSON
	nextAction         *nextActionJSON
	lastError          *apiError
	cancellationReason string
	description        *string
	metadata           map[string]string
}

func (si *setupIntent) ident() (string, int64, int64) { return si.id, si.seq, si.created }

var (
	siNotModelled = spec{
		"allowed_payment_method_types": {kind: kIgnored}, "confirmation_token": {kind: kIgnored},
		"excluded_payment_method_types": {kind: kIgnored}, "mandate_data": {kind: kIgnored},
		"payment_method_options": {kind: kIgnored}, "use_stripe_sdk": {kind: kIgnored},
	}
	siCreateSpec = siNotModelled.with(spec{
		"customer": {}, "payment_method": {}, "payment_method_types": {kind: kArray}, "usage": {}, "confirm": {kind: kBool},
		"return_url": {}, "description": {}, "metadata": {kind: kMetadata}, "expand": {kind: kArray},
		"payment_method_data":       {kind: kHash, sub: pmDataSpec},
		"automatic_payment_methods": {kind: kHash, sub: spec{"enabled": {kind: kBool}, "allow_redirects": {}}},
		"attach_to_self":            {kind: kIgnored}, "customer_account": {kind: kIgnored}, "flow_directions": {kind: kIgnored},
		"on_behalf_of": {kind: kIgnored}, "payment_method_configuration": {kind: kIgnored}, "single_use": {kind: kIgnored},
	})
	siUpdateSpec = spec{
		"customer": {}, "payment_method": {}, "payment_method_types": {kind: kArray}, "description": {},
		"metadata": {kind: kMetadata}, "expand": {kind: kArray}, "payment_method_data": {kind: kHash, sub: pmDataSpec},
		"allowed_payment_method_types": {kind: kIgnored}, "attach_to_self": {kind: kIgnored}, "customer_account": {kind: kIgnored},
		"excluded_payment_method_types": {kind: kIgnored}, "flow_directions": {kind: kIgnored},
		"payment_method_configuration": {kind: kIgnored}, "payment_method_options": {kind: kIgnored},
	}
	siConfirmSpec = siNotModelled.with(spec{
		"payment_method": {}, "return_url": {}, "client_secret": {}, "expand": {kind: kArray},
		"payment_method_data": {kind: kHash, sub: pmDataSpec},
	})
	siCancelSpec    = spec{"cancellation_reason": {}, "expand": {kind: kArray}}
	siListSpec      = listSpec.with(spec{"customer": {}, "payment_method": {}, "attach_to_self": {kind: kIgnored}, "customer_account": {kind: kIgnored}})
	siUsages        = []string{"off_session", "on_session"}
	siCancelReasons = []string{"abandoned", "requested_by_customer", "duplicate"}
)

type siJSON struct {
	ID                      string            `json:"id"`
	Object                  string            `json:"object"`
	Application             *string           `json:"application"`
	AutomaticPaymentMethods *automaticPMJSON  `json:"automatic_payment_methods"`
	CancellationReason      *string           `json:"cancellation_reason"`
	ClientSecret            string            `json:"client_secret"`
	Created                 int64             `json:"created"`
	Customer                any               `json:"customer"`
	Description             *string           `json:"description"`
	FlowDirections          []string          `json:"flow_directions"`
	LastSetupError          *apiError         `json:"last_setup_error"`
	LatestAttempt           *string           `json:"latest_attempt"`
	Livemode                bool              `json:"livemode"`
	Mandate                 *string           `json:"mandate"`
	Metadata                map[string]string `json:"metadata"`
	NextAction              *nextActionJSON   `json:"next_action"`
	OnBehalfOf              *string           `json:"on_behalf_of"`
	PaymentMethod           any               `json:"payment_method"`
	PaymentMethodOptions    map[string]any    `json:"payment_method_options"`
	PaymentMethodTypes      []string          `json:"payment_method_types"`
	SingleUseMandate        *string           `json:"single_use_mandate"`
	Status                  string            `json:"status"`
	Usage                   string            `json:"usage"`
}

func (st *store) siJSON(si *setupIntent, ex expandTree) *siJSON {
	j := &siJSON{
		ID: si.id, Object: "setup_intent", AutomaticPaymentMethods: si.automatic,
		CancellationReason: optStr(si.cancellationReason), ClientSecret: si.clientSecret, Created: si.created,
		Description: si.description, LastSetupError: si.lastError, Metadata: nonNil(si.metadata),
		NextAction: si.nextAction, PaymentMethodTypes: si.methodTypes, Status: string(si.status), Usage: si.usage,
		PaymentMethodOptions: map[string]any{"card": map[string]any{"mandate_options": nil, "network": nil, "request_three_d_secure": "automatic"}},
	}
	if si.customer != "" {
		j.Customer = st.customerRef(si.customer, ex)
	}
	if si.pm != nil {
		j.PaymentMethod = si.pm.id
		if sub, ok := ex["payment_method"]; ok {
			j.PaymentMethod = st.pmJSON(si.pm, sub)
		}
	}
	return j
}

// siShape is a SetupIntent's JSON.
func siShape(st *store, si *setupIntent, ex expandTree) any { return st.siJSON(si, ex) }

func (st *store) siObject(id string) any {
	if si, ok := st.setupIntents.get(id); ok {
		return st.siJSON(si, nil)
	}
	return nil
}

func (st *store) siError(si *setupIntent, e *apiError) *apiError {
	out := *e
	out.SetupIntent = st.siJSON(si, nil)
	return &out
}

// checkSetupConfirm reports why si cannot be confirmed, as the API's 400.
func (st *store) checkSetupConfirm(si *setupIntent) *apiError {
	if !slices.Contains(siConfirmable, si.status) {
		return st.siError(si, invalidRequest(400, "setup_intent_unexpected_state", "", fmt.Sprintf(
			"You cannot confirm this SetupIntent because it has a status of %s. Only a SetupIntent with one of the following statuses may be confirmed: %s.",
			si.status, joinStatuses(siConfirmable))))
	}
	if si.pm == nil {
		return st.siError(si, invalidRequest(400, "setup_intent_unexpected_state", "payment_method",
			"You cannot confirm this SetupIntent because it's missing a payment method. Update the SetupIntent with a payment method and then confirm it again."))
	}
	return nil
}

// confirmSI confirms si (checked): a card that would be declined fails it
// (402 card_error, with the intent embedded); one that asks for
// authentication on setup moves it to requires_action; otherwise it
// succeeds (setUpSI).
func (st *store) confirmSI(si *setupIntent, base string) *apiError {
	tc := si.pm.card.tc
	if d := tc.decline; d != nil && !tc.attachOK {
		return st.failSI(si, d.cardError(""))
	}
	if tc.auth != authNever {
		setStatus(siTransitions, &si.status, siRequiresAction)
		si.nextAction = nextAction(si.id, si.returnURL, base)
		st.emit(evSIRequiresAction, st.siObject(si.id), nil)
		return nil
	}
	st.setUpSI(si)
	return nil
}

// setUpSI completes si: its payment method is attached to its customer
// and, for usage off_session, set up for off-session payments. It emits
// payment_method.attached (when newly attached) and setup_intent.succeeded.
func (st *store) setUpSI(si *setupIntent) {
	if si.customer != "" {
		st.attachPM(si.pm, si.customer) // checked: it can be saved
	}
	if si.usage == "off_session" {
		si.pm.setUp = true
	}
	si.nextAction, si.lastError = nil, nil
	setStatus(siTransitions, &si.status, siSucceeded)
	st.emit(evSISucceeded, st.siObject(si.id), nil)
}

// failSI records the failure e of si's attempt, as failPI does.
func (st *store) failSI(si *setupIntent, e *apiError) *apiError {
	last := *e
	last.PaymentMethod = st.pmJSON(si.pm, nil)
	si.lastError = &last
	si.pm, si.nextAction = nil, nil
	setStatus(siTransitions, &si.status, siRequiresPaymentMethod)
	st.emit(evSISetupFailed, st.siObject(si.id), nil)
	out := st.siError(si, e)
	out.PaymentMethod = last.PaymentMethod
	return out
}

// createSetupIntent is POST /v1/setup_intents.
func (st *store) createSetupIntent(req *request) response {
	p := req.p
	si := &setupIntent{usage: "off_session", methodTypes: []string{"card"}}
	if v, ok, e := enumParam(p, "usage", siUsages); e != nil {
		return errResponse(e)
	} else if ok {
		si.usage = v
	}
	if v, ok := p.str("description"); ok {
		si.description = optStr(v)
	}
	if p.has("payment_method_types") {
		si.methodTypes = p.list("payment_method_types")
	}
	var e *apiError
	if si.automatic, e = automaticPMParam(p); e != nil {
		return errResponse(e)
	}
	si.metadata = applyMetadata(nil, p)
	confirm := p.bool("confirm")
	if v, _ := p.str("return_url"); v != "" {
		if !confirm {
			return errResponse(invalidRequest(400, "", "return_url", "You may only specify a `return_url` when confirming a SetupIntent (confirm=true)."))
		}
		if e := checkReturnURL(v, "return_url"); e != nil {
			return errResponse(e)
		}
		si.returnURL = v
	}
	if id, _ := p.str("customer"); id != "" {
		cu, e := st.liveCustomerParam(id)
		if e != nil {
			return errResponse(e)
		}
		si.customer = cu.id
	}
	if confirm && !hasPaymentMethod(p) {
		return errResponse(invalidRequest(400, "setup_intent_unexpected_state", "payment_method",
			"You cannot confirm this SetupIntent because it's missing a payment method. Update the SetupIntent with a payment method and then confirm it again."))
	}
	pm, e := st.piPaymentMethod(p, si.customer)
	if e != nil {
		return errResponse(e)
	}
	si.pm = pm
	si.seq, si.created = st.stamp()
	si.id = st.newID("seti_")
	si.clientSecret = si.id + "_secret_" + st.ids.str(25)
	if pm != nil {
		setStatus(siTransitions, &si.status, siRequiresConfirmation)
	} else {
		setStatus(siTransitions, &si.status, siRequiresPaymentMethod)
	}
	st.setupIntents.add(si)
	st.emit(evSICreated, st.siObject(si.id), nil)
	if confirm {
		if e := st.confirmSI(si, req.base); e != nil {
			return errResponse(e)
		}
	}
	return success(st.siJSON(si, req.expand))
}

// updateSetupIntent is POST /v1/setup_intents/{id}.
func (st *store) updateSetupIntent(req *request) response {
	si, e := st.setupIntents.find(req.args["id"], "id")
	if e != nil {
		return errResponse(e)
	}
	p := req.p
	if si.status == siSucceeded || si.status == siCanceled {
		for _, name := range []string{"customer", "payment_method", "payment_method_data", "payment_method_types"} {
			if p.has(name) {
				return errResponse(st.siError(si, invalidRequest(400, "setup_intent_unexpected_state", name, fmt.Sprintf(
					"You cannot update %s on this SetupIntent because it has a status of %s.", name, si.status))))
			}
		}
	}
	next := *si
	if v, ok := p.str("description"); ok {
		next.description = optStr(v)
	}
	if p.has("payment_method_types") {
		next.methodTypes = p.list("payment_method_types")
	}
	if id, ok := p.str("customer"); ok && id != "" {
		cu, e := st.liveCustomerParam(id)
		if e != nil {
			return errResponse(e)
		}
		next.customer = cu.id
	}
	if hasPaymentMethod(p) {
		pm, e := st.piPaymentMethod(p, next.customer)
		if e != nil {
			return errResponse(e)
		}
		next.pm, next.nextAction = pm, nil
		setStatus(siTransitions, &next.status, siRequiresConfirmation)
	}
	next.metadata = applyMetadata(copyMap(si.metadata), p)
	*si = next
	return success(st.siJSON(si, req.expand))
}

// confirmSetupIntent is POST /v1/setup_intents/{id}/confirm.
func (st *store) confirmSetupIntent(req *request) response {
	si, e := st.setupIntents.find(req.args["id"], "id")
	if e != nil {
		return errResponse(e)
	}
	p := req.p
	if v, ok := p.str("client_secret"); ok && v != si.clientSecret {
		return errResponse(invalidRequest(400, "", "client_secret",
			"The client_secret provided does not match the client_secret associated with the SetupIntent."))
	}
	if !slices.Contains(siConfirmable, si.status) {
		return errResponse(st.checkSetupConfirm(si))
	}
	next := *si
	if v, ok := p.str("return_url"); ok && v != "" {
		if e := checkReturnURL(v, "return_url"); e != nil {
			return errResponse(e)
		}
		next.returnURL = v
	}
	if hasPaymentMethod(p) {
		pm, e := st.piPaymentMethod(p, next.customer)
		if e != nil {
			return errResponse(e)
		}
		next.pm = pm
	}
	if e := st.checkSetupConfirm(&next); e != nil {
		return errResponse(e)
	}
	*si = next
	if e := st.confirmSI(si, req.base); e != nil {
		return errResponse(e)
	}
	return success(st.siJSON(si, req.expand))
}

// cancelSetupIntent is POST /v1/setup_intents/{id}/cancel.
func (st *store) cancelSetupIntent(req *request) response {
	si, e := st.setupIntents.find(req.args["id"], "id")
	if e != nil {
		return errResponse(e)
	}
	if !slices.Contains(siCancelable, si.status) {
		return errResponse(st.siError(si, invalidRequest(400, "setup_intent_unexpected_state", "", fmt.Sprintf(
			"You cannot cancel this SetupIntent because it has a status of %s. Only a SetupIntent with one of the following statuses may be canceled: %s.",
			si.status, joinStatuses(siCancelable)))))
	}
	reason, _, e := enumParam(req.p, "cancellation_reason", siCancelReasons)
	if e != nil {
		return errResponse(e)
	}
	setStatus(siTransitions, &si.status, siCanceled)
	si.cancellationReason, si.nextAction = reason, nil
	st.emit(evSICanceled, st.siObject(si.id), nil)
	return success(st.siJSON(si, req.expand))
}

// setupIntentListFilter reads the filters of GET /v1/setup_intents:
// customer and payment_method.
func setupIntentListFilter(_ *store, req *request) (func(*setupIntent) bool, *apiError) {
	customer, _ := req.p.str("customer")
	pm, _ := req.p.str("payment_method")
	return func(si *setupIntent) bool {
		return (customer == "" || si.customer == customer) && (pm == "" || (si.pm != nil && si.pm.id == pm))
	}, nil
}
