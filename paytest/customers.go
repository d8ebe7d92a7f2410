package paytest

import (
	"fmt"
	"net"
	"strings"
	"unicode/utf8"
)

// customer is a stored customer.
type customer struct {
	id                  string
	seq, created        int64
	deleted             bool
	address             *addressJSON
	balance             int64
	description         *string
	email               *string
	name                *string
	phone               *string
	invoicePrefix       string
	nextInvoiceSequence int64
	metadata            map[string]string
	preferredLocales    []string
	shipping            *customerShippingJSON
	taxExempt           string
	customerExtras
	defaultSource string
	sources       []*card // oldest first
	// defaultPaymentMethod is invoice_settings[default_payment_method].
	defaultPaymentMethod string
}

func (c *customer) ident() (string, int64, int64) { return c.id, c.seq, c.created }

func (c *customer) source(id string) *card {
	for _, cd := range c.sources {
		if cd.id == id {
			return cd
		}
	}
	return nil
}

var (
	customerShippingSpec = spec{"address": {kind: kHash, sub: addressSpec}, "name": {}, "phone": {}}
	customerFieldsSpec   = spec{
		"address": {kind: kHash, sub: addressSpec}, "balance": {kind: kInt}, "description": {}, "email": {},
		"expand": {kind: kArray}, "invoice_prefix": {}, "metadata": {kind: kMetadata}, "name": {},
		"next_invoice_sequence": {kind: kInt}, "phone": {}, "preferred_locales": {kind: kArray},
		"shipping": {kind: kHash, sub: customerShippingSpec}, "source": {}, "tax_exempt": {},
		"business_name": {}, "cash_balance": {kind: kHash, sub: cashBalanceSpec}, "individual_name": {},
		"invoice_settings": {kind: kHash, sub: invoiceSettingsSpec}, "tax": {kind: kHash, sub: customerTaxSpec},
	}
	customerCreateSpec = customerFieldsSpec.with(spec{
		"payment_method": {}, "tax_id_data": {kind: kHashes, sub: taxIDDataSpec}, "test_clock": {},
	})
	customerUpdateSpec = customerFieldsSpec.with(spec{
		"default_source": {}, "bank_account": {kind: kIgnored}, "card": {kind: kIgnored},
		"default_alipay_account": {kind: kIgnored}, "default_bank_account": {kind: kIgnored}, "default_card": {kind: kIgnored},
	})
	customerListSpec = listSpec.with(spec{"email": {}, "test_clock": {}})
	sourceCreateSpec = spec{"source": {}, "metadata": {kind: kMetadata}, "expand": {kind: kArray}, "validate": {kind: kBool}}
	sourceListSpec   = listSpec.with(spec{"object": {}})
	expandOnlySpec   = spec{"expand": {kind: kArray}}
	deleteSpec       = spec{}
)

// customerShape is a customer's JSON: the deleted stub for a deleted one.
func customerShape(st *store, c *customer, ex expandTree) any {
	if c.deleted {
		return deletedJSON{ID: c.id, Object: "customer", Deleted: true}
	}
	return st.customerJSON(c, ex)
}

// cardShape is a card's JSON.
func cardShape(st *store, c *card, ex expandTree) any { return st.cardJSON(c, ex) }

func (st *store) customerJSON(c *customer, ex expandTree) *customerJSON {
	j := &customerJSON{
		ID: c.id, Object: "customer", Address: c.address, Balance: c.balance, Created: c.created,
		Description: c.description, Email: c.email, InvoicePrefix: c.invoicePrefix,
		Metadata: nonNil(c.metadata), Name: c.name, NextInvoiceSequence: c.nextInvoiceSequence, Phone: c.phone,
		PreferredLocales: c.preferredLocales, Shipping: c.shipping, TaxExempt: c.taxExempt,
		BusinessName: c.businessName, IndividualName: c.individualName, InvoiceSettings: c.invoiceSettingsJSON(),
	}
	if j.PreferredLocales == nil {
		j.PreferredLocales = []string{}
	}
	if c.defaultSource != "" {
		j.DefaultSource = c.defaultSource
		if sub, ok := ex["default_source"]; ok {
			j.DefaultSource = st.cardJSON(c.source(c.defaultSource), sub)
		}
	}
	if sub, ok := ex["sources"]; ok {
		l := &listJSON{Object: "list", Data: []any{}, URL: "/v1/customers/" + c.id + "/sources"}
		for i := len(c.sources) - 1; i >= 0; i-- {
			if len(l.Data) == 10 {
				l.HasMore = true
				break
			}
			l.Data = append(l.Data, st.cardJSON(c.sources[i], sub["data"]))
		}
		j.Sources = l
	}
	return j
}

func (st *store) cardJSON(c *card, ex expandTree) *cardJSON {
	j := c.json()
	if c.customer != "" {
		j.Customer = st.customerRef(c.customer, ex)
	}
	return j
}

// newCard makes a card from a test token, saved on customer when not "".
func (st *store) newCard(tc testCard, customer string) *card {
	c := &card{id: st.newID("card_"), customer: customer, tc: tc, expMonth: 12, expYear: st.now().Year() + 3}
	c.seq, c.created = st.stamp()
	if customer != "" {
		st.cards.add(c)
	}
	return c
}

// attach saves the card of a token on cu. A card that would be declined
// cannot be saved, as the API verifies cards it attaches.
func (st *store) attach(cu *customer, token, param string) (*card, *apiError) {
	tc, ok := testToken(token)
	if !ok {
		return nil, errNoSuch("token", token, param)
	}
	if d := tc.decline; d != nil && !tc.attachOK {
		return nil, d.cardError("")
	}
	cd := st.newCard(tc, cu.id)
	cu.sources = append(cu.sources, cd)
	return cd, nil
}

func (st *store) liveCustomer(id string) (*customer, *apiError) {
	c, _ := st.customers.get(id)
	if c == nil || c.deleted {
		return nil, errNoSuch("customer", id, "id")
	}
	return c, nil
}

// applyCustomerFields sets the params a customer's create and update share.
func applyCustomerFields(c *customer, p params) *apiError {
	if e := setEmail(p, "email", "email", &c.email); e != nil {
		return e
	}
	for name, f := range map[string]**string{"name": &c.name, "description": &c.description, "phone": &c.phone} {
		if v, ok := p.str(name); ok {
			*f = optStr(v)
		}
	}
	if v, ok := p.int("balance"); ok {
		c.balance = v
	}
	if v, ok := p.int("next_invoice_sequence"); ok {
		c.nextInvoiceSequence = v
	}
	if v, ok := p.str("invoice_prefix"); ok && v != "" {
		c.invoicePrefix = v
	}
	if v, ok := p.str("tax_exempt"); ok {
		switch v {
		case "", "none", "exempt", "reverse":
			c.taxExempt = v
			if v == "" {
				c.taxExempt = "none"
			}
		default:
			return invalidRequest(400, "", "tax_exempt", fmt.Sprintf("Invalid tax_exempt: must be one of none, exempt, or reverse (got %q)", v))
		}
	}
	if p.has("preferred_locales") {
		c.preferredLocales = p.list("preferred_locales")
	}
	if p.has("address") {
		a := p.sub("address")
		if a.n.leaf {
			c.address = nil
		} else {
			addr := parseAddress(a)
			c.address = &addr
		}
	}
	if p.has("shipping") {
		s := p.sub("shipping")
		if s.n.leaf {
			c.shipping = nil
		} else {
			sh, e := parseShipping(s, "shipping")
			if e != nil {
				return e
			}
			c.shipping = &customerShippingJSON{Address: sh.Address, Name: sh.Name, Phone: sh.Phone}
		}
	}
	c.metadata = applyMetadata(copyMap(c.metadata), p)
	return applyCustomerExtras(c, p)
}

func (st *store) createCustomer(req *request) response {
	p := req.p
	c := &customer{id: st.newID("cus_"), invoicePrefix: st.ids.from("0123456789ABCDEF", 8), nextInvoiceSequence: 1, taxExempt: "none"}
	if e := applyCustomerFields(c, p); e != nil {
		return errResponse(e)
	}
	var pm *paymentMethod
	if id, _ := p.str("payment_method"); id != "" {
		var e *apiError
		if pm, e = st.paymentMethodParam(id, "payment_method"); e != nil {
			return errResponse(e)
		}
		if pm.customer != "" {
			return errResponse(invalidRequest(400, "", "payment_method", "The payment method you provided has already been attached to a customer."))
		}
		if d := pm.card.tc.decline; d != nil && !pm.card.tc.attachOK {
			return errResponse(d.cardError(""))
		}
	}
	if e := st.applyDefaultPaymentMethod(c, p, pm); e != nil {
		return errResponse(e)
	}
	if tok, _ := p.str("source"); tok != "" {
		cd, e := st.attach(c, tok, "source")
		if e != nil {
			return errResponse(e)
		}
		c.defaultSource = cd.id
	}
	c.seq, c.created = st.stamp()
	st.customers.add(c)
	st.emit(evCustomerCreated, st.customerObject(c.id), nil)
	if pm != nil {
		st.attachPM(pm, c.id) // checked above: it cannot fail
	}
	return success(st.customerJSON(c, req.expand))
}

func (st *store) updateCustomer(req *request) response {
	c, e := st.liveCustomer(req.segs[1])
	if e != nil {
		return errResponse(e)
	}
	changed := st.watch(evCustomerUpdated, func() any { return st.customerObject(c.id) })
	p := req.p
	next := *c
	if e := applyCustomerFields(&next, p); e != nil {
		return errResponse(e)
	}
	next.sources = append([]*card(nil), c.sources...)
	if tok, _ := p.str("source"); tok != "" {
		// As the API does: the new card replaces the default source, and the
		// old default is deleted.
		cd, e := st.attach(&next, tok, "source")
		if e != nil {
			return errResponse(e)
		}
		if old := next.defaultSource; old != "" {
			next.sources = removeCard(next.sources, old)
			st.cards.remove(old)
		}
		next.defaultSource = cd.id
	}
	if id, ok := p.str("default_source"); ok && id != "" {
		if next.source(id) == nil {
			return errResponse(errNoSuch("source", id, "default_source"))
		}
		next.defaultSource = id
	}
	if e := st.applyDefaultPaymentMethod(&next, p, nil); e != nil {
		return errResponse(e)
	}
	*c = next
	changed()
	return success(st.customerJSON(c, req.expand))
}

// applyDefaultPaymentMethod sets invoice_settings[default_payment_method]:
// a payment method attached to c, or attaching (the create's
// payment_method), or "" to unset.
func (st *store) applyDefaultPaymentMethod(c *customer, p params, attaching *paymentMethod) *apiError {
	id, ok := p.sub("invoice_settings").str("default_payment_method")
	if !ok {
		return nil
	}
	if id != "" && (attaching == nil || attaching.id != id) {
		const param = "invoice_settings[default_payment_method]"
		pm, found := st.paymentMethods.get(id)
		if !found {
			return errNoSuch("PaymentMethod", id, param)
		}
		if pm.customer != c.id {
			return invalidRequest(400, "", param, fmt.Sprintf(
				"The customer does not have a payment method with the ID %s. The payment method must be attached to the customer.", id))
		}
	}
	c.defaultPaymentMethod = id
	return nil
}

func (st *store) deleteCustomer(req *request) response {
	c, e := st.liveCustomer(req.segs[1])
	if e != nil {
		return errResponse(e)
	}
	before := st.customerObject(c.id)
	c.deleted = true
	for _, cd := range c.sources {
		st.cards.remove(cd.id)
	}
	st.emit(evCustomerDeleted, before, nil)
	return success(deletedJSON{ID: c.id, Object: "customer", Deleted: true})
}

// customerListFilter reads the filters of GET /v1/customers: email, and
// test_clock (paytest has no test clocks). Deleted customers are not listed.
func customerListFilter(_ *store, req *request) (func(*customer) bool, *apiError) {
	p := req.p
	email, hasEmail := p.str("email")
	if clock, _ := p.str("test_clock"); clock != "" {
		return nil, errNoSuch("test clock", clock, "test_clock")
	}
	return func(c *customer) bool {
		return !c.deleted && (!hasEmail || (c.email != nil && *c.email == email))
	}, nil
}

// addSource saves a card on a customer. POST /v1/customers/{id}/sources.
func (st *store) addSource(req *request) response {
	c, e := st.liveCustomer(req.segs[1])
	if e != nil {
		return errResponse(e)
	}
	tok, _ := req.p.str("source")
	if tok == "" {
		return errResponse(errMissingParam("source"))
	}
	changed := st.watch(evCustomerUpdated, func() any { return st.customerObject(c.id) })
	cd, e := st.attach(c, tok, "source")
	if e != nil {
		return errResponse(e)
	}
	cd.metadata = applyMetadata(nil, req.p)
	if c.defaultSource == "" {
		c.defaultSource = cd.id
	}
	changed()
	return success(st.cardJSON(cd, req.expand))
}

// getSource returns a customer's card. GET /v1/customers/{id}/sources/{card}.
func (st *store) getSource(req *request) response {
	c, e := st.liveCustomer(req.segs[1])
	if e != nil {
		return errResponse(e)
	}
	cd := c.source(req.segs[3])
	if cd == nil {
		return errResponse(errNoSuch("source", req.segs[3], "id"))
	}
	return success(st.cardJSON(cd, req.expand))
}

// deleteSource removes a customer's card; if it was the default, the
// customer is left with no default (default_source null), as the API does.
// DELETE /v1/customers/{id}/sources/{card}.
func (st *store) deleteSource(req *request) response {
	c, e := st.liveCustomer(req.segs[1])
	if e != nil {
		return errResponse(e)
	}
	id := req.segs[3]
	if c.source(id) == nil {
		return errResponse(errNoSuch("source", id, "id"))
	}
	changed := st.watch(evCustomerUpdated, func() any { return st.customerObject(c.id) })
	c.sources = removeCard(c.sources, id)
	st.cards.remove(id)
	if c.defaultSource == id {
		c.defaultSource = ""
	}
	changed()
	return success(deletedJSON{ID: id, Object: "card", Deleted: true})
}

// listSources lists a customer's cards. GET /v1/customers/{id}/sources.
func (st *store) listSources(req *request) response {
	c, e := st.liveCustomer(req.segs[1])
	if e != nil {
		return errResponse(e)
	}
	obj, _ := req.p.str("object")
	url := "/v1/customers/" + c.id + "/sources"
	page, more, e := listPage(c.sources, req.p, "source", func(id string) (int64, bool) {
		if cd := c.source(id); cd != nil {
			return cd.seq, true
		}
		return 0, false
	}, func(*card) bool { return obj == "" || obj == "card" })
	if e != nil {
		return errResponse(e)
	}
	return success(listOf(st, page, more, url, req.expand["data"], cardShape))
}

func removeCard(cards []*card, id string) []*card {
	out := cards[:0:0]
	for _, c := range cards {
		if c.id != id {
			out = append(out, c)
		}
	}
	return out
}

func (c *card) ident() (string, int64, int64) { return c.id, c.seq, c.created }

// The customer params beyond the basics: business_name, individual_name,
// invoice_settings, tax, tax_id_data, test_clock, payment_method,
// cash_balance and next_invoice_sequence. paytest validates them as the API
// does and stores those that show on the customer object (business_name,
// individual_name, invoice_settings). It has no payment methods and no test
// clocks, so naming one is the API's "No such ..." 400; tax, tax IDs and
// cash balance settings are checked but not kept (the API shows them only
// when expanded).

// customerExtras are the stored fields of those params.
type customerExtras struct {
	businessName     *string
	individualName   *string
	invoiceFooter    *string
	customFields     []customFieldJSON
	renderingOptions *renderingOptionsJSON
}

type customFieldJSON struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type renderingOptionsJSON struct {
	AmountTaxDisplay *string `json:"amount_tax_display"`
	Template         *string `json:"template"`
}

var (
	invoiceSettingsSpec = spec{
		"custom_fields":          {kind: kHashes, sub: spec{"name": {}, "value": {}}},
		"default_payment_method": {},
		"footer":                 {},
		"rendering_options":      {kind: kHash, sub: spec{"amount_tax_display": {}, "template": {}}},
	}
	customerTaxSpec = spec{"ip_address": {}, "validate_location": {}}
	taxIDDataSpec   = spec{"type": {}, "value": {}}
	cashBalanceSpec = spec{"settings": {kind: kHash, sub: spec{"reconciliation_mode": {}}}}
)

// taxIDTypes are the tax ID types the API accepts in tax_id_data.
var taxIDTypes = func() map[string]bool {
	m := map[string]bool{}
	for _, t := range strings.Fields(`ad_nrt ae_trn al_tin am_tin ao_tin ar_cuit au_abn au_arn aw_tin az_tin ba_tin bb_tin
		bd_bin bf_ifu bg_uic bh_vat bj_ifu bo_tin br_cnpj br_cpf bs_tin by_tin ca_bn ca_gst_hst ca_pst_bc ca_pst_mb
		ca_pst_sk ca_qst cd_nif ch_uid ch_vat cl_tin cm_niu cn_tin co_nit cr_tin cv_nif de_stn do_rcn ec_ruc eg_tin
		es_cif et_tin eu_oss_vat eu_vat fo_vat gb_vat ge_vat gi_tin gn_nif hk_br hr_oib hu_tin ic_nif id_npwp il_vat
		in_gst is_vat it_cf jp_cn jp_rn jp_trn ke_pin kg_tin kh_tin kr_brn kz_bin la_tin li_uid li_vat lk_vat ma_vat
		md_vat me_pib mk_vat mr_nif mx_rfc my_frp my_itn my_sst ng_tin no_vat no_voec np_pan nz_gst om_vat pe_ruc
		ph_tin pl_nip py_ruc ro_tin rs_pib ru_inn ru_kpp sa_vat sg_gst sg_uen si_tin sn_ninea sr_fin sv_nit th_vat
		tj_tin tr_tin tw_vat tz_vat ua_vat ug_tin us_ein uy_ruc uz_tin uz_vat ve_rif vn_tin za_vat zm_tin zw_tin`) {
		m[t] = true
	}
	return m
}()

func (c *customer) invoiceSettingsJSON() invoiceSettingsJSON {
	j := invoiceSettingsJSON{Footer: c.invoiceFooter, DefaultPaymentMethod: optStr(c.defaultPaymentMethod)}
	if c.customFields != nil {
		j.CustomFields = c.customFields
	}
	if c.renderingOptions != nil {
		j.RenderingOptions = c.renderingOptions
	}
	return j
}

func errEnum(param, v string, allowed ...string) *apiError {
	return invalidRequest(400, "", param, fmt.Sprintf("Invalid %s: must be one of %s (got %q)", param, strings.Join(allowed, ", "), v))
}

func oneOf(v string, allowed ...string) bool {
	for _, a := range allowed {
		if v == a {
			return true
		}
	}
	return false
}

// maxLen checks a string param's length in characters.
func maxLen(param, v string, n int) *apiError {
	if utf8.RuneCountInString(v) > n {
		return invalidRequest(400, "", param, fmt.Sprintf("Invalid string: %s must be at most %d characters.", param, n))
	}
	return nil
}

// applyCustomerExtras validates and applies the params above to c (a copy
// of the stored customer on update). The create-only ones (tax_id_data,
// test_clock, payment_method) only reach it on create: the update spec
// rejects them as unknown.
func applyCustomerExtras(c *customer, p params) *apiError {
	for name, f := range map[string]**string{"business_name": &c.businessName, "individual_name": &c.individualName} {
		if v, ok := p.str(name); ok {
			if e := maxLen(name, v, 150); e != nil {
				return e
			}
			*f = optStr(v)
		}
	}
	if v, ok := p.int("next_invoice_sequence"); ok && v < 1 {
		return invalidRequest(400, "parameter_invalid_integer", "next_invoice_sequence", "This value must be greater than or equal to 1.")
	}
	if v, _ := p.str("test_clock"); v != "" {
		return errNoSuch("test clock", v, "test_clock")
	}
	if e := applyInvoiceSettings(c, p); e != nil {
		return e
	}
	if t := p.sub("tax"); t.n != nil && !t.n.leaf {
		if v, ok := t.str("ip_address"); ok && v != "" && net.ParseIP(v) == nil {
			return invalidRequest(400, "", "tax[ip_address]", "Invalid IP address: "+v)
		}
		if v, ok := t.str("validate_location"); ok {
			allowed := []string{"deferred", "immediately"}
			if c.created != 0 { // update
				allowed = []string{"auto", "deferred", "immediately"}
			}
			if !oneOf(v, allowed...) {
				return errEnum("tax[validate_location]", v, allowed...)
			}
		}
	}
	if ids := p.sub("tax_id_data"); ids.n != nil && !ids.n.leaf {
		for _, k := range ids.n.sortedKeys() {
			name := "tax_id_data[" + k + "]"
			el := params{ids.n.kids[k]}
			typ, _ := el.str("type")
			if typ == "" {
				return errMissingParam(name + "[type]")
			}
			if !taxIDTypes[typ] {
				return invalidRequest(400, "", name+"[type]", fmt.Sprintf("Invalid %s[type]: %q is not a supported tax ID type.", name, typ))
			}
			if v, _ := el.str("value"); v == "" {
				return errMissingParam(name + "[value]")
			}
		}
	}
	if mode, ok := p.sub("cash_balance").sub("settings").str("reconciliation_mode"); ok {
		if !oneOf(mode, "automatic", "manual", "merchant_default") {
			return errEnum("cash_balance[settings][reconciliation_mode]", mode, "automatic", "manual", "merchant_default")
		}
	}
	return nil
}

func applyInvoiceSettings(c *customer, p params) *apiError {
	is := p.sub("invoice_settings")
	if is.n == nil || is.n.leaf {
		return nil // invoice_settings= (empty) changes nothing
	}
	if v, ok := is.str("footer"); ok {
		if e := maxLen("invoice_settings[footer]", v, 5000); e != nil {
			return e
		}
		c.invoiceFooter = optStr(v)
	}
	if cf := is.n.child("custom_fields"); cf != nil {
		if cf.leaf {
			c.customFields = nil
		} else {
			if len(cf.kids) > 4 {
				return invalidRequest(400, "", "invoice_settings[custom_fields]", "You can have at most 4 custom fields.")
			}
			fields := []customFieldJSON{}
			for _, k := range cf.sortedKeys() {
				name := "invoice_settings[custom_fields][" + k + "]"
				el := params{cf.kids[k]}
				n, _ := el.str("name")
				v, _ := el.str("value")
				switch {
				case n == "":
					return errMissingParam(name + "[name]")
				case v == "":
					return errMissingParam(name + "[value]")
				}
				if e := maxLen(name+"[name]", n, 40); e != nil {
					return e
				}
				if e := maxLen(name+"[value]", v, 140); e != nil {
					return e
				}
				fields = append(fields, customFieldJSON{Name: n, Value: v})
			}
			c.customFields = fields
		}
	}
	if ro := is.n.child("rendering_options"); ro != nil {
		if ro.leaf {
			c.renderingOptions = nil
		} else {
			rp := params{ro}
			opts := &renderingOptionsJSON{}
			if c.renderingOptions != nil {
				*opts = *c.renderingOptions
			}
			if v, ok := rp.str("amount_tax_display"); ok {
				if !oneOf(v, "", "exclude_tax", "include_inclusive_tax") {
					return errEnum("invoice_settings[rendering_options][amount_tax_display]", v, "exclude_tax", "include_inclusive_tax")
				}
				opts.AmountTaxDisplay = optStr(v)
			}
			if v, ok := rp.str("template"); ok {
				opts.Template = optStr(v)
			}
			c.renderingOptions = opts
		}
	}
	return nil
}

type invoiceSettingsJSON struct {
	CustomFields         any     `json:"custom_fields"`
	DefaultPaymentMethod *string `json:"default_payment_method"`
	Footer               *string `json:"footer"`
	RenderingOptions     any     `json:"rendering_options"`
}

type customerJSON struct {
	ID                  string                `json:"id"`
	Object              string                `json:"object"`
	Address             *addressJSON          `json:"address"`
	Balance             int64                 `json:"balance"`
	BusinessName        *string               `json:"business_name,omitempty"`
	Created             int64                 `json:"created"`
	Currency            *string               `json:"currency"`
	DefaultSource       any                   `json:"default_source"`
	Delinquent          bool                  `json:"delinquent"`
	Description         *string               `json:"description"`
	Discount            any                   `json:"discount"`
	Email               *string               `json:"email"`
	IndividualName      *string               `json:"individual_name,omitempty"`
	InvoicePrefix       string                `json:"invoice_prefix"`
	InvoiceSettings     invoiceSettingsJSON   `json:"invoice_settings"`
	Livemode            bool                  `json:"livemode"`
	Metadata            map[string]string     `json:"metadata"`
	Name                *string               `json:"name"`
	NextInvoiceSequence int64                 `json:"next_invoice_sequence"`
	Phone               *string               `json:"phone"`
	PreferredLocales    []string              `json:"preferred_locales"`
	Shipping            *customerShippingJSON `json:"shipping"`
	Sources             *listJSON             `json:"sources,omitempty"`
	TaxExempt           string                `json:"tax_exempt"`
	TestClock           *string               `json:"test_clock"`
}
