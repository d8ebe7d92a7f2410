package paytest

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// PaymentIntents: /v1/payment_intents. An intent moves through the states
// of piTransitions (states.go); its confirmation charges the payment
// method through chargeCard, so the charges it makes are ordinary charges
// (with payment_intent set), refundable, listed and searchable.

// paymentIntent is a stored PaymentIntent.
type paymentIntent struct {
	id                 string
	seq, created       int64
	amount             int64
	amountCapturable   int64
	amountReceived     int64
	currency           string
	status             piStatus
	clientSecret       string
	customer           string
	pm                 *paymentMethod
	latestCharge       string
	captureMethod      string
	confirmationMethod string
	setupFutureUsage   string
	returnURL          string
	methodTypes        []string
	automatic          *automaticPMJSON
	nextAction         *nextActionJSON
	lastError          *apiError
	cancellationReason string
	canceledAt         int64
	description        *string
	receiptEmail       *string
	statementDesc      *string
	statementSuffix    *string
	transferGroup      *string
	metadata           map[string]string
	shipping           *shippingJSON
}

func (pi *paymentIntent) ident() (string, int64, int64) { return pi.id, pi.seq, pi.created }

var (
	// piNotModelled are the real params paytest accepts and ignores.
	piNotModelled = spec{
		"allowed_payment_method_types": {kind: kIgnored}, "amount_details": {kind: kIgnored}, "confirmation_token": {kind: kIgnored},
		"excluded_payment_method_types": {kind: kIgnored}, "hooks": {kind: kIgnored}, "mandate": {kind: kIgnored},
		"mandate_data": {kind: kIgnored}, "payment_details": {kind: kIgnored}, "payment_method_options": {kind: kIgnored},
		"radar_options": {kind: kIgnored}, "use_stripe_sdk": {kind: kIgnored},
	}
	piCreateSpec = piNotModelled.with(spec{
		"amount": {kind: kInt}, "currency": {}, "customer": {}, "payment_method": {}, "payment_method_types": {kind: kArray},
		"confirm": {kind: kBool}, "off_session": {}, "error_on_requires_action": {kind: kBool}, "setup_future_usage": {},
		"capture_method": {}, "confirmation_method": {}, "return_url": {}, "receipt_email": {}, "description": {},
		"statement_descriptor": {}, "statement_descriptor_suffix": {}, "metadata": {kind: kMetadata},
		"shipping":                  {kind: kHash, sub: shippingSpec},
		"automatic_payment_methods": {kind: kHash, sub: spec{"enabled": {kind: kBool}, "allow_redirects": {}}},
		"payment_method_data":       {kind: kHash, sub: pmDataSpec}, "transfer_group": {}, "expand": {kind: kArray},
		"application_fee_amount": {kind: kIgnored}, "customer_account": {kind: kIgnored}, "on_behalf_of": {kind: kIgnored},
		"payment_method_configuration": {kind: kIgnored}, "transfer_data": {kind: kIgnored},
	})
	piUpdateSpec = spec{
		"amount": {kind: kInt}, "currency": {}, "customer": {}, "description": {}, "metadata": {kind: kMetadata},
		"payment_method": {}, "payment_method_types": {kind: kArray}, "receipt_email": {}, "setup_future_usage": {},
		"shipping": {kind: kHash, sub: shippingSpec}, "statement_descriptor": {}, "statement_descriptor_suffix": {},
		"capture_method": {}, "transfer_group": {}, "expand": {kind: kArray},
		"payment_method_data":          {kind: kHash, sub: pmDataSpec},
		"allowed_payment_method_types": {kind: kIgnored}, "amount_details": {kind: kIgnored}, "application_fee_amount": {kind: kIgnored},
		"customer_account": {kind: kIgnored}, "excluded_payment_method_types": {kind: kIgnored}, "hooks": {kind: kIgnored},
		"payment_details": {kind: kIgnored}, "payment_method_configuration": {kind: kIgnored},
		"payment_method_options": {kind: kIgnored}, "transfer_data": {kind: kIgnored},
	}
	piConfirmSpec = piNotModelled.with(spec{
		"payment_method": {}, "return_url": {}, "off_session": {}, "error_on_requires_action": {kind: kBool},
		"setup_future_usage": {}, "capture_method": {}, "receipt_email": {}, "shipping": {kind: kHash, sub: shippingSpec},
		"client_secret": {}, "payment_method_data": {kind: kHash, sub: pmDataSpec}, "payment_method_types": {kind: kArray},
		"amount_to_confirm": {kind: kIgnored}, "expand": {kind: kArray},
	})
	piCaptureSpec = spec{
		"amount_to_capture": {kind: kInt}, "metadata": {kind: kMetadata}, "statement_descriptor": {},
		"statement_descriptor_suffix": {}, "expand": {kind: kArray}, "final_capture": {kind: kIgnored},
		"application_fee_amount": {kind: kIgnored}, "amount_details": {kind: kIgnored}, "hooks": {kind: kIgnored},
		"payment_details": {kind: kIgnored}, "transfer_data": {kind: kIgnored},
	}
	piCancelSpec = spec{"cancellation_reason": {}, "expand": {kind: kArray}}
	piListSpec   = listSpec.with(spec{"customer": {}, "customer_account": {kind: kIgnored}})

	captureMethods      = []string{"automatic", "automatic_async", "manual"}
	confirmationMethods = []string{"automatic", "manual"}
	futureUsages        = []string{"off_session", "on_session"}
	piCancelReasons     = []string{"duplicate", "fraudulent", "requested_by_customer", "abandoned"}
)

type piJSON struct {
	ID                        string            `json:"id"`
	Object                    string            `json:"object"`
	Amount                    int64             `json:"amount"`
	AmountCapturable          int64             `json:"amount_capturable"`
	AmountDetails             map[string]any    `json:"amount_details"`
	AmountReceived            int64             `json:"amount_received"`
	Application               *string           `json:"application"`
	ApplicationFeeAmount      *int64            `json:"application_fee_amount"`
	AutomaticPaymentMethods   *automaticPMJSON  `json:"automatic_payment_methods"`
	CanceledAt                *int64            `json:"canceled_at"`
	CancellationReason        *string           `json:"cancellation_reason"`
	CaptureMethod             string            `json:"capture_method"`
	ClientSecret              string            `json:"client_secret"`
	ConfirmationMethod        string            `json:"confirmation_method"`
	Created                   int64             `json:"created"`
	Currency                  string            `json:"currency"`
	Customer                  any               `json:"customer"`
	Description               *string           `json:"description"`
	LastPaymentError          *apiError         `json:"last_payment_error"`
	LatestCharge              any               `json:"latest_charge"`
	Livemode                  bool              `json:"livemode"`
	Metadata                  map[string]string `json:"metadata"`
	NextAction                *nextActionJSON   `json:"next_action"`
	OnBehalfOf                *string           `json:"on_behalf_of"`
	PaymentMethod             any               `json:"payment_method"`
	PaymentMethodOptions      map[string]any    `json:"payment_method_options"`
	PaymentMethodTypes        []string          `json:"payment_method_types"`
	Processing                any               `json:"processing"`
	ReceiptEmail              *string           `json:"receipt_email"`
	Review                    *string           `json:"review"`
	SetupFutureUsage          *string           `json:"setup_future_usage"`
	Shipping                  *shippingJSON     `json:"shipping"`
	Source                    *string           `json:"source"`
	StatementDescriptor       *string           `json:"statement_descriptor"`
	StatementDescriptorSuffix *string           `json:"statement_descriptor_suffix"`
	Status                    string            `json:"status"`
	TransferData              any               `json:"transfer_data"`
	TransferGroup             *string           `json:"transfer_group"`
}

type automaticPMJSON struct {
	AllowRedirects string `json:"allow_redirects,omitempty"`
	Enabled        bool   `json:"enabled"`
}

// nextActionJSON is an intent's next_action.
type nextActionJSON struct {
	Type          string            `json:"type"`
	RedirectToURL *redirectJSON     `json:"redirect_to_url,omitempty"`
	UseStripeSDK  map[string]string `json:"use_stripe_sdk,omitempty"`
}

type redirectJSON struct {
	ReturnURL string `json:"return_url"`
	URL       string `json:"url"`
}

func (st *store) piJSON(pi *paymentIntent, ex expandTree) *piJSON {
	j := &piJSON{
		ID: pi.id, Object: "payment_intent", Amount: pi.amount, AmountCapturable: pi.amountCapturable,
		AmountDetails: map[string]any{"tip": map[string]any{}}, AmountReceived: pi.amountReceived,
		AutomaticPaymentMethods: pi.automatic, CaptureMethod: pi.captureMethod, ClientSecret: pi.clientSecret,
		ConfirmationMethod: pi.confirmationMethod, Created: pi.created, Currency: pi.currency,
		Description: pi.description, LastPaymentError: pi.lastError, Metadata: nonNil(pi.metadata),
		NextAction: pi.nextAction, PaymentMethodTypes: pi.methodTypes,
		PaymentMethodOptions: map[string]any{"card": map[string]any{"installments": nil, "mandate_options": nil,
			"network": nil, "request_three_d_secure": "automatic"}},
		ReceiptEmail: pi.receiptEmail, SetupFutureUsage: optStr(pi.setupFutureUsage), Shipping: pi.shipping,
		StatementDescriptor: pi.statementDesc, StatementDescriptorSuffix: pi.statementSuffix,
		Status: string(pi.status), TransferGroup: pi.transferGroup, CancellationReason: optStr(pi.cancellationReason),
	}
	if pi.canceledAt != 0 {
		j.CanceledAt = &pi.canceledAt
	}
	if pi.customer != "" {
		j.Customer = st.customerRef(pi.customer, ex)
	}
	if pi.pm != nil {
		j.PaymentMethod = pi.pm.id
		if sub, ok := ex["payment_method"]; ok {
			j.PaymentMethod = st.pmJSON(pi.pm, sub)
		}
	}
	if pi.latestCharge != "" {
		j.LatestCharge = pi.latestCharge
		if sub, ok := ex["latest_charge"]; ok {
			if c, ok := st.charges.get(pi.latestCharge); ok {
				j.LatestCharge = st.chargeJSON(c, sub)
			}
		}
	}
	return j
}

// piShape is a PaymentIntent's JSON.
func piShape(st *store, pi *paymentIntent, ex expandTree) any { return st.piJSON(pi, ex) }

func (st *store) piObject(id string) any {
	if pi, ok := st.paymentIntents.get(id); ok {
		return st.piJSON(pi, nil)
	}
	return nil
}

// piError is e with the intent embedded, as the API's errors about an
// intent carry it.
func (st *store) piError(pi *paymentIntent, e *apiError) *apiError {
	out := *e
	out.PaymentIntent = st.piJSON(pi, nil)
	return &out
}

// automaticPMParam reads automatic_payment_methods (enabled required,
// allow_redirects always or never), nil when absent: for PaymentIntents
// and SetupIntents alike.
func automaticPMParam(p params) (*automaticPMJSON, *apiError) {
	a := p.sub("automatic_payment_methods")
	if a.n == nil || a.n.leaf {
		return nil, nil
	}
	enabled, _ := a.str("enabled")
	if enabled == "" {
		return nil, errMissingParam("automatic_payment_methods[enabled]")
	}
	out := &automaticPMJSON{Enabled: enabled == "true"}
	if v, ok := a.str("allow_redirects"); ok {
		if !oneOf(v, "always", "never") {
			return nil, errEnum("automatic_payment_methods[allow_redirects]", v, "always", "never")
		}
		out.AllowRedirects = v
	}
	return out, nil
}

// checkReturnURL checks a return_url: an absolute http or https URL.
func checkReturnURL(v, param string) *apiError {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalidRequest(400, "url_invalid", param, "Not a valid URL")
	}
	return nil
}

// enumParam reads the param name, checked against allowed; ok is false
// when it is absent or empty.
func enumParam(p params, name string, allowed []string) (string, bool, *apiError) {
	v, ok := p.str(name)
	if !ok || v == "" {
		return "", false, nil
	}
	if !oneOf(v, allowed...) {
		return "", false, errEnum(name, v, allowed...)
	}
	return v, true, nil
}

// offSessionParam reads off_session: a boolean, or one_off or recurring
// (which mean true).
func offSessionParam(p params) (bool, bool, *apiError) {
	v, ok := p.str("off_session")
	if !ok || v == "" {
		return false, false, nil
	}
	switch v {
	case "true", "one_off", "recurring":
		return true, true, nil
	case "false":
		return false, true, nil
	}
	return false, false, invalidRequest(400, "", "off_session", fmt.Sprintf("Invalid off_session: must be a boolean, one_off or recurring (got %q)", v))
}

// piPaymentMethod resolves the payment method of an intent's params:
// payment_method (an id or a test payment method name) or
// payment_method_data (a new one), or nil when neither is set. It must
// not belong to a customer other than customer.
func (st *store) piPaymentMethod(p params, customer string) (*paymentMethod, *apiError) {
	id, _ := p.str("payment_method")
	hasData := p.has("payment_method_data") && !p.sub("payment_method_data").n.leaf
	var pm *paymentMethod
	var e *apiError
	switch {
	case id != "" && hasData:
		return nil, invalidRequest(400, "", "payment_method_data", "You may only specify one of these parameters: payment_method, payment_method_data.")
	case id != "":
		pm, e = st.paymentMethodParam(id, "payment_method")
	case hasData:
		pm, e = st.createPaymentMethodFrom(p.sub("payment_method_data"), "payment_method_data")
	default:
		return nil, nil
	}
	if e != nil {
		return nil, e
	}
	if pm.customer != "" && pm.customer != customer {
		return nil, invalidRequest(400, "", "payment_method", fmt.Sprintf(
			"The PaymentMethod %s does not belong to the Customer you supplied. Please use a PaymentMethod that belongs to this Customer.", pm.id))
	}
	return pm, nil
}

// confirmation is what a confirm (or create with confirm=true) asks for.
type confirmation struct {
	off, errorOnAction bool
	base               string // the server's base URL, for the 3-D Secure page
}

// checkConfirm reports why pi cannot be confirmed as cf asks, as the
// API's 400 (with the intent embedded); nil if it can.
func (st *store) checkConfirm(pi *paymentIntent, cf confirmation) *apiError {
	if !slices.Contains(piConfirmable, pi.status) {
		return st.piError(pi, invalidRequest(400, "payment_intent_unexpected_state", "", fmt.Sprintf(
			"You cannot confirm this PaymentIntent because it has a status of %s. Only a PaymentIntent with one of the following statuses may be confirmed: %s.",
			pi.status, joinStatuses(piConfirmable))))
	}
	if pi.pm == nil {
		return st.piError(pi, invalidRequest(400, "payment_intent_unexpected_state", "payment_method",
			"You cannot confirm this PaymentIntent because it's missing a payment method. Update the PaymentIntent with a payment method and then confirm it again."))
	}
	if cf.off && pi.setupFutureUsage == "on_session" {
		return st.piError(pi, invalidRequest(400, "", "setup_future_usage",
			"You cannot confirm with `off_session=true` when `setup_future_usage` is `on_session`: a payment method is set up for on-session use with the customer present."))
	}
	return nil
}

func joinStatuses[S ~string](ss []S) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return strings.Join(out, ", ")
}

// needsAuth reports whether a payment with pm asks the customer to
// authenticate: on session (off false) or off session.
func (pm *paymentMethod) needsAuth(off bool) bool {
	switch pm.card.tc.auth {
	case authAlways:
		return true
	case authUnlessSetUp:
		return !pm.setUp
	case authOnSession:
		return !off
	}
	return false
}

// authenticationRequired is how an off-session payment fails when the
// card's bank asks for authentication.
var authenticationRequired = &decline{code: "authentication_required", declineCode: "authentication_required",
	message: "Your card was declined. This transaction requires authentication.", outcomeType: "issuer_declined"}

// confirmPI confirms pi (checked with checkConfirm): a card that asks for
// authentication moves it to requires_action, or fails it off session
// (authentication_required) or with error_on_requires_action; otherwise
// the payment method is charged. The error is the 402 card_error, with the
// intent embedded.
func (st *store) confirmPI(pi *paymentIntent, cf confirmation) *apiError {
	if pi.pm.needsAuth(cf.off) {
		if cf.off || cf.errorOnAction {
			return st.chargePI(pi, authenticationRequired)
		}
		setStatus(piTransitions, &pi.status, piRequiresAction)
		pi.nextAction = nextAction(pi.id, pi.returnURL, cf.base)
		st.emit(evPIRequiresAction, st.piObject(pi.id), nil)
		return nil
	}
	return st.chargePI(pi, nil)
}

// nextAction is the 3-D Secure step of the intent id: the page paytest
// serves, and the return URL, or use_stripe_sdk without one.
func nextAction(id, returnURL, base string) *nextActionJSON {
	page := base + threeDSPath + id
	if returnURL == "" {
		return &nextActionJSON{Type: "use_stripe_sdk", UseStripeSDK: map[string]string{"type": "three_d_secure_redirect", "stripe_js": page}}
	}
	return &nextActionJSON{Type: "redirect_to_url", RedirectToURL: &redirectJSON{URL: page, ReturnURL: returnURL}}
}

// chargePI charges pi's payment method for its amount (declined as forced
// says when not nil): a charge named by the intent, captured unless the
// capture method is manual. A decline moves pi back to
// requires_payment_method with last_payment_error set and answers the 402
// with the intent embedded. It emits the charge's events, then
// payment_intent.succeeded, .amount_capturable_updated or .payment_failed.
func (st *store) chargePI(pi *paymentIntent, forced *decline) *apiError {
	cd := pi.pm.card
	if forced != nil {
		cp := *cd
		cp.tc.decline = forced
		cd = &cp
	}
	c := &charge{
		amount: pi.amount, currency: pi.currency, customer: pi.customer, card: cd, paymentIntent: pi.id,
		description: pi.description, receiptEmail: pi.receiptEmail, statementDescriptor: pi.statementDesc,
		statementDescriptorSuffix: pi.statementSuffix, transferGroup: pi.transferGroup, shipping: pi.shipping,
		metadata: copyMap(pi.metadata),
	}
	capture := pi.captureMethod != "manual"
	e := st.chargeCard(c, capture)
	pi.latestCharge = c.id
	pi.nextAction = nil
	if e != nil {
		return st.failPI(pi, e)
	}
	pi.lastError = nil
	if pi.setupFutureUsage != "" && pi.customer != "" {
		st.attachPM(pi.pm, pi.customer) // a card that charges can be saved
		if pi.setupFutureUsage == "off_session" {
			pi.pm.setUp = true
		}
	}
	if capture {
		setStatus(piTransitions, &pi.status, piSucceeded)
		pi.amountReceived = pi.amount
		st.emit(evPISucceeded, st.piObject(pi.id), nil)
		return nil
	}
	setStatus(piTransitions, &pi.status, piRequiresCapture)
	pi.amountCapturable = pi.amount
	st.emit(evPIAmountCapturableUpdated, st.piObject(pi.id), nil)
	return nil
}

// failPI records the failure e of pi's payment attempt: pi goes back to
// requires_payment_method, without its payment method, with e (and the
// payment method) as last_payment_error. It emits
// payment_intent.payment_failed and returns e with the intent embedded.
func (st *store) failPI(pi *paymentIntent, e *apiError) *apiError {
	last := *e
	last.PaymentMethod = st.pmJSON(pi.pm, nil)
	pi.lastError = &last
	pi.pm = nil
	pi.nextAction = nil
	setStatus(piTransitions, &pi.status, piRequiresPaymentMethod)
	st.emit(evPIPaymentFailed, st.piObject(pi.id), nil)
	out := st.piError(pi, e)
	out.PaymentMethod = last.PaymentMethod
	return out
}

// piFields reads the params create and update share into pi.
func (st *store) piFields(pi *paymentIntent, p params) *apiError {
	if v, ok := p.str("description"); ok {
		pi.description = optStr(v)
	}
	if e := setEmail(p, "receipt_email", "receipt_email", &pi.receiptEmail); e != nil {
		return e
	}
	for _, name := range []string{"statement_descriptor", "statement_descriptor_suffix"} {
		v, ok := p.str(name)
		if !ok {
			continue
		}
		if utf8.RuneCountInString(v) > 22 {
			return invalidRequest(400, "", name, "The statement descriptor must be at most 22 characters.")
		}
		if name == "statement_descriptor" {
			pi.statementDesc = optStr(v)
		} else {
			pi.statementSuffix = optStr(v)
		}
	}
	if v, ok := p.str("transfer_group"); ok {
		pi.transferGroup = optStr(v)
	}
	if p.has("shipping") {
		sh, e := parseShipping(p.sub("shipping"), "shipping")
		if e != nil {
			return e
		}
		pi.shipping = sh
	}
	if v, ok, e := enumParam(p, "capture_method", captureMethods); e != nil {
		return e
	} else if ok {
		pi.captureMethod = v
	}
	if v, ok := p.str("setup_future_usage"); ok {
		if v != "" && !oneOf(v, futureUsages...) {
			return errEnum("setup_future_usage", v, futureUsages...)
		}
		pi.setupFutureUsage = v
	}
	if p.has("payment_method_types") {
		pi.methodTypes = p.list("payment_method_types")
	}
	pi.metadata = applyMetadata(copyMap(pi.metadata), p)
	return nil
}

// amountParams reads amount and currency (required when required).
func amountParams(p params, required bool) (amount int64, currency string, e *apiError) {
	if _, ok := p.str("amount"); !ok && required {
		return 0, "", errMissingParam("amount")
	}
	cur, ok := p.str("currency")
	if required && (!ok || cur == "") {
		return 0, "", errMissingParam("currency")
	}
	if cur != "" {
		if currency, e = checkCurrency("currency", cur); e != nil {
			return 0, "", e
		}
	}
	amount, _ = p.int("amount")
	return amount, currency, nil
}

// createPaymentIntent is POST /v1/payment_intents.
func (st *store) createPaymentIntent(req *request) response {
	p := req.p
	amount, currency, e := amountParams(p, true)
	if e != nil {
		return errResponse(e)
	}
	if e := checkAmount("amount", amount, currency); e != nil {
		return errResponse(e)
	}
	pi := &paymentIntent{amount: amount, currency: currency, captureMethod: "automatic_async",
		confirmationMethod: "automatic", methodTypes: []string{"card"}}
	if e := st.piFields(pi, p); e != nil {
		return errResponse(e)
	}
	if v, ok, e := enumParam(p, "confirmation_method", confirmationMethods); e != nil {
		return errResponse(e)
	} else if ok {
		pi.confirmationMethod = v
	}
	if pi.automatic, e = automaticPMParam(p); e != nil {
		return errResponse(e)
	}
	confirm := p.bool("confirm")
	off, hasOff, e := offSessionParam(p)
	if e != nil {
		return errResponse(e)
	}
	if hasOff && !confirm {
		return errResponse(invalidRequest(400, "", "off_session", "You may only specify `off_session` when confirming a PaymentIntent (confirm=true)."))
	}
	if p.bool("error_on_requires_action") && !confirm {
		return errResponse(invalidRequest(400, "", "error_on_requires_action", "You may only specify `error_on_requires_action` when confirming a PaymentIntent (confirm=true)."))
	}
	if v, _ := p.str("return_url"); v != "" {
		if !confirm {
			return errResponse(invalidRequest(400, "", "return_url", "You may only specify a `return_url` when confirming a PaymentIntent (confirm=true)."))
		}
		if e := checkReturnURL(v, "return_url"); e != nil {
			return errResponse(e)
		}
		pi.returnURL = v
	}
	if id, _ := p.str("customer"); id != "" {
		cu, e := st.liveCustomerParam(id)
		if e != nil {
			return errResponse(e)
		}
		pi.customer = cu.id
	}
	if off && pi.setupFutureUsage == "on_session" {
		return errResponse(invalidRequest(400, "", "setup_future_usage",
			"You cannot confirm with `off_session=true` when `setup_future_usage` is `on_session`: a payment method is set up for on-session use with the customer present."))
	}
	if confirm && !hasPaymentMethod(p) {
		return errResponse(invalidRequest(400, "payment_intent_unexpected_state", "payment_method",
			"You cannot confirm this PaymentIntent because it's missing a payment method. Update the PaymentIntent with a payment method and then confirm it again."))
	}
	pm, e := st.piPaymentMethod(p, pi.customer)
	if e != nil {
		return errResponse(e)
	}
	pi.pm = pm
	pi.seq, pi.created = st.stamp()
	pi.id = st.newID("pi_")
	pi.clientSecret = pi.id + "_secret_" + st.ids.str(25)
	if pm != nil {
		setStatus(piTransitions, &pi.status, piRequiresConfirmation)
	} else {
		setStatus(piTransitions, &pi.status, piRequiresPaymentMethod)
	}
	st.paymentIntents.add(pi)
	st.emit(evPICreated, st.piObject(pi.id), nil)
	if confirm {
		if e := st.confirmPI(pi, confirmation{off: off, errorOnAction: p.bool("error_on_requires_action"), base: req.base}); e != nil {
			return errResponse(e)
		}
	}
	return success(st.piJSON(pi, req.expand))
}

func hasPaymentMethod(p params) bool {
	id, _ := p.str("payment_method")
	return id != "" || (p.has("payment_method_data") && !p.sub("payment_method_data").n.leaf)
}

// updatePaymentIntent is POST /v1/payment_intents/{id}. What changes the
// payment (amount, currency, customer, payment method, capture method,
// setup_future_usage) can change only before it is made.
func (st *store) updatePaymentIntent(req *request) response {
	pi, e := st.paymentIntents.find(req.args["id"], "id")
	if e != nil {
		return errResponse(e)
	}
	p := req.p
	for _, name := range []string{"amount", "currency", "customer", "payment_method", "payment_method_data", "capture_method", "setup_future_usage", "payment_method_types"} {
		if p.has(name) && !slices.Contains(piUpdatable, pi.status) {
			return errResponse(st.piError(pi, invalidRequest(400, "payment_intent_unexpected_state", name, fmt.Sprintf(
				"You cannot update %s on this PaymentIntent because it has a status of %s. It can be updated only with one of the following statuses: %s.",
				name, pi.status, joinStatuses(piUpdatable)))))
		}
	}
	next := *pi
	if e := st.piFields(&next, p); e != nil {
		return errResponse(e)
	}
	amount, currency, e := amountParams(p, false)
	if e != nil {
		return errResponse(e)
	}
	if currency != "" {
		next.currency = currency
	}
	if p.has("amount") {
		next.amount = amount
	}
	if p.has("amount") || currency != "" {
		if e := checkAmount("amount", next.amount, next.currency); e != nil {
			return errResponse(e)
		}
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
		next.pm = pm
		next.nextAction = nil
		setStatus(piTransitions, &next.status, piRequiresConfirmation)
	}
	*pi = next
	return success(st.piJSON(pi, req.expand))
}

// confirmPaymentIntent is POST /v1/payment_intents/{id}/confirm.
func (st *store) confirmPaymentIntent(req *request) response {
	pi, e := st.paymentIntents.find(req.args["id"], "id")
	if e != nil {
		return errResponse(e)
	}
	p := req.p
	if v, ok := p.str("client_secret"); ok && v != pi.clientSecret {
		return errResponse(invalidRequest(400, "", "client_secret",
			"The client_secret provided does not match the client_secret associated with the PaymentIntent."))
	}
	off, _, e := offSessionParam(p)
	if e != nil {
		return errResponse(e)
	}
	// Checked on a copy: a refused confirm changes nothing.
	next := *pi
	if e := st.piFields(&next, subset(p, "receipt_email", "shipping", "capture_method", "setup_future_usage", "payment_method_types")); e != nil {
		return errResponse(e)
	}
	if v, ok := p.str("return_url"); ok && v != "" {
		if e := checkReturnURL(v, "return_url"); e != nil {
			return errResponse(e)
		}
		next.returnURL = v
	}
	cf := confirmation{off: off, errorOnAction: p.bool("error_on_requires_action"), base: req.base}
	if !slices.Contains(piConfirmable, next.status) {
		return errResponse(st.checkConfirm(pi, cf))
	}
	if hasPaymentMethod(p) {
		pm, e := st.piPaymentMethod(p, next.customer)
		if e != nil {
			return errResponse(e)
		}
		next.pm = pm
	}
	if e := st.checkConfirm(&next, cf); e != nil {
		return errResponse(e)
	}
	*pi = next
	if e := st.confirmPI(pi, cf); e != nil {
		return errResponse(e)
	}
	return success(st.piJSON(pi, req.expand))
}

// subset is p with only the named params.
func subset(p params, names ...string) params {
	n := &node{kids: map[string]*node{}}
	for _, name := range names {
		if c := p.n.child(name); c != nil {
			n.kids[name] = c
		}
	}
	return params{n}
}

// capturePaymentIntent is POST /v1/payment_intents/{id}/capture.
func (st *store) capturePaymentIntent(req *request) response {
	pi, e := st.paymentIntents.find(req.args["id"], "id")
	if e != nil {
		return errResponse(e)
	}
	p := req.p
	if pi.status != piRequiresCapture {
		return errResponse(st.piError(pi, invalidRequest(400, "payment_intent_unexpected_state", "", fmt.Sprintf(
			"This PaymentIntent could not be captured because it has a status of %s. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.",
			pi.status))))
	}
	n := pi.amountCapturable
	if v, ok := p.int("amount_to_capture"); ok {
		if v > pi.amountCapturable {
			return errResponse(st.piError(pi, invalidRequest(400, "amount_too_large", "amount_to_capture", fmt.Sprintf(
				"The amount_to_capture (%s) is greater than the amount capturable (%s).", formatAmount(pi.currency, v), formatAmount(pi.currency, pi.amountCapturable)))))
		}
		if e := checkAmount("amount_to_capture", v, pi.currency); e != nil {
			return errResponse(e)
		}
		n = v
	}
	next := *pi
	if e := st.piFields(&next, subset(p, "statement_descriptor", "statement_descriptor_suffix", "metadata")); e != nil {
		return errResponse(e)
	}
	c, ok := st.charges.get(pi.latestCharge)
	if !ok {
		return errResponse(invalidRequest(500, "", "", "paytest: the PaymentIntent's charge is missing"))
	}
	if e := st.capture(c, &n); e != nil {
		return errResponse(st.piError(pi, e))
	}
	*pi = next
	setStatus(piTransitions, &pi.status, piSucceeded)
	pi.amountCapturable, pi.amountReceived = 0, n
	st.emit(evPISucceeded, st.piObject(pi.id), nil)
	return success(st.piJSON(pi, req.expand))
}

// cancelPaymentIntent is POST /v1/payment_intents/{id}/cancel. An
// authorised, uncaptured charge is released (refunded, no money moved).
func (st *store) cancelPaymentIntent(req *request) response {
	pi, e := st.paymentIntents.find(req.args["id"], "id")
	if e != nil {
		return errResponse(e)
	}
	if !slices.Contains(piCancelable, pi.status) {
		return errResponse(st.piError(pi, invalidRequest(400, "payment_intent_unexpected_state", "", fmt.Sprintf(
			"You cannot cancel this PaymentIntent because it has a status of %s. Only a PaymentIntent with one of the following statuses may be canceled: %s.",
			pi.status, joinStatuses(piCancelable)))))
	}
	reason, _, e := enumParam(req.p, "cancellation_reason", piCancelReasons)
	if e != nil {
		return errResponse(e)
	}
	if pi.status == piRequiresCapture {
		if c, ok := st.charges.get(pi.latestCharge); ok && !c.captured {
			st.addRefund(c, c.amount-c.amountRefunded, nil, nil, false)
			st.emit(evChargeRefunded, st.chargeObject(c.id), nil)
		}
		pi.amountCapturable = 0
	}
	setStatus(piTransitions, &pi.status, piCanceled)
	pi.cancellationReason, pi.canceledAt, pi.nextAction = reason, st.now().Unix(), nil
	st.emit(evPICanceled, st.piObject(pi.id), nil)
	return success(st.piJSON(pi, req.expand))
}

// paymentIntentListFilter reads the filter of GET /v1/payment_intents:
// customer.
func paymentIntentListFilter(_ *store, req *request) (func(*paymentIntent) bool, *apiError) {
	customer, _ := req.p.str("customer")
	return func(pi *paymentIntent) bool { return customer == "" || pi.customer == customer }, nil
}

var piSearchFields = map[string]searchField{
	"amount":   {kind: sNumeric},
	"created":  {kind: sNumeric},
	"currency": {kind: sString},
	"customer": {kind: sToken},
	"metadata": {kind: sToken},
	"status":   {kind: sString},
}

// paymentIntentSearch is how GET /v1/payment_intents/search searches.
var paymentIntentSearch = searchable[*paymentIntent]{resource: "payment_intents", fields: piSearchFields,
	value: func(pi *paymentIntent, field, key string) (string, bool) {
		switch field {
		case "amount":
			return strconv.FormatInt(pi.amount, 10), true
		case "created":
			return strconv.FormatInt(pi.created, 10), true
		case "currency":
			return pi.currency, true
		case "customer":
			return pi.customer, pi.customer != ""
		case "metadata":
			v, ok := pi.metadata[key]
			return v, ok
		case "status":
			return string(pi.status), true
		}
		return "", false
	}}
