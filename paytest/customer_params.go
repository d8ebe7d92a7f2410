package paytest

import (
	"fmt"
	"net"
	"strings"
	"unicode/utf8"
)

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
