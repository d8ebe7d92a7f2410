package dispute

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/paykit/pay"
	"github.com/paykit/pay/form"
	"github.com/paykit/pay/internal/check"
)

// UpdateParams are the params of Update; nil changes nothing. Evidence is
// staged until Submit is true: then it is sent to the card issuer, and can
// no longer be changed.
type UpdateParams struct {
	// Evidence sets evidence fields; nil fields are left as they are.
	Evidence *EvidenceParams `url:"evidence,omitempty"`
	// Metadata sets keys; an empty value unsets a key, and a non-nil empty
	// Metadata{} unsets all.
	Metadata pay.Metadata `url:"metadata"`
	// Submit true submits the evidence now (staged and given here); false
	// or nil stages it. Evidence can be submitted once.
	Submit *bool `url:"submit,omitempty"`
}

// EvidenceParams are a dispute's evidence fields. Text fields are capped at
// 20,000 characters (the explanations and logs) or 5,000 (names,
// addresses, dates, ids); the file fields take the id of a file upload
// (file_...) made with purpose dispute_evidence. A pointer to "" clears a
// field.
type EvidenceParams struct {
	AccessActivityLog            *string                 `url:"access_activity_log,omitempty"`
	BillingAddress               *string                 `url:"billing_address,omitempty"`
	CancellationPolicy           *string                 `url:"cancellation_policy,omitempty"`
	CancellationPolicyDisclosure *string                 `url:"cancellation_policy_disclosure,omitempty"`
	CancellationRebuttal         *string                 `url:"cancellation_rebuttal,omitempty"`
	CustomerCommunication        *string                 `url:"customer_communication,omitempty"`
	CustomerEmailAddress         *string                 `url:"customer_email_address,omitempty"`
	CustomerName                 *string                 `url:"customer_name,omitempty"`
	CustomerPurchaseIP           *string                 `url:"customer_purchase_ip,omitempty"`
	CustomerSignature            *string                 `url:"customer_signature,omitempty"`
	DuplicateChargeDocumentation *string                 `url:"duplicate_charge_documentation,omitempty"`
	DuplicateChargeExplanation   *string                 `url:"duplicate_charge_explanation,omitempty"`
	DuplicateChargeID            *string                 `url:"duplicate_charge_id,omitempty"`
	EnhancedEvidence             *EnhancedEvidenceParams `url:"enhanced_evidence,omitempty"`
	ProductDescription           *string                 `url:"product_description,omitempty"`
	Receipt                      *string                 `url:"receipt,omitempty"`
	RefundPolicy                 *string                 `url:"refund_policy,omitempty"`
	RefundPolicyDisclosure       *string                 `url:"refund_policy_disclosure,omitempty"`
	RefundRefusalExplanation     *string                 `url:"refund_refusal_explanation,omitempty"`
	ServiceDate                  *string                 `url:"service_date,omitempty"`
	ServiceDocumentation         *string                 `url:"service_documentation,omitempty"`
	ShippingAddress              *string                 `url:"shipping_address,omitempty"`
	ShippingCarrier              *string                 `url:"shipping_carrier,omitempty"`
	ShippingDate                 *string                 `url:"shipping_date,omitempty"`
	ShippingDocumentation        *string                 `url:"shipping_documentation,omitempty"`
	ShippingTrackingNumber       *string                 `url:"shipping_tracking_number,omitempty"`
	UncategorizedFile            *string                 `url:"uncategorized_file,omitempty"`
	// UncategorizedText is any other evidence or statement. In test mode
	// "winning_evidence" wins the dispute on submit and "losing_evidence"
	// loses it.
	UncategorizedText *string `url:"uncategorized_text,omitempty"`
}

// EnhancedEvidenceParams are the evidence of the card networks' programs.
type EnhancedEvidenceParams struct {
	MastercardCompliance    *ComplianceEvidenceParams  `url:"mastercard_compliance,omitempty"`
	VisaCompellingEvidence3 *CompellingEvidence3Params `url:"visa_compelling_evidence_3,omitempty"`
	VisaCompliance          *ComplianceEvidenceParams  `url:"visa_compliance,omitempty"`
}

// ComplianceEvidenceParams acknowledge the fee of countering a compliance
// dispute; the API refuses the evidence without it.
type ComplianceEvidenceParams struct {
	FeeAcknowledged *bool `url:"fee_acknowledged,omitempty"`
}

// CompellingEvidence3Params are Visa Compelling Evidence 3.0 evidence: the
// disputed transaction and exactly two prior undisputed transactions.
type CompellingEvidence3Params struct {
	DisputedTransaction         *DisputedTransactionParams `url:"disputed_transaction,omitempty"`
	PriorUndisputedTransactions PriorTransactions          `url:"prior_undisputed_transactions,omitempty"`
}

// DisputedTransactionParams describe the disputed transaction of Compelling
// Evidence 3.0.
type DisputedTransactionParams struct {
	CustomerAccountID         *string `url:"customer_account_id,omitempty"`
	CustomerDeviceFingerprint *string `url:"customer_device_fingerprint,omitempty"`
	CustomerDeviceID          *string `url:"customer_device_id,omitempty"`
	CustomerEmailAddress      *string `url:"customer_email_address,omitempty"`
	CustomerPurchaseIP        *string `url:"customer_purchase_ip,omitempty"`
	// MerchandiseOrServices is "merchandise" or "services".
	MerchandiseOrServices string                 `url:"merchandise_or_services,omitempty"`
	ProductDescription    *string                `url:"product_description,omitempty"`
	ShippingAddress       *ShippingAddressParams `url:"shipping_address,omitempty"`
}

// PriorTransactions are the prior undisputed transactions of Compelling
// Evidence 3.0, sent as prior_undisputed_transactions[0][charge], ...
// A []PriorTransactionParams literal is one.
type PriorTransactions []PriorTransactionParams

// EncodeValues adds the transactions to v under key, each under its index.
func (ts PriorTransactions) EncodeValues(key string, v *url.Values) error {
	for i := range ts {
		vals, err := form.Encode(&ts[i])
		if err != nil {
			return err
		}
		scope := key + "[" + strconv.Itoa(i) + "]"
		for k, vs := range vals {
			head, rest, _ := strings.Cut(k, "[")
			if rest != "" {
				rest = "[" + rest
			}
			for _, s := range vs {
				v.Add(scope+"["+head+"]"+rest, s)
			}
		}
	}
	return nil
}

// PriorTransactionParams describe a prior undisputed transaction of
// Compelling Evidence 3.0; Charge is required.
type PriorTransactionParams struct {
	Charge                    string                 `url:"charge"`
	CustomerAccountID         *string                `url:"customer_account_id,omitempty"`
	CustomerDeviceFingerprint *string                `url:"customer_device_fingerprint,omitempty"`
	CustomerDeviceID          *string                `url:"customer_device_id,omitempty"`
	CustomerEmailAddress      *string                `url:"customer_email_address,omitempty"`
	CustomerPurchaseIP        *string                `url:"customer_purchase_ip,omitempty"`
	ProductDescription        *string                `url:"product_description,omitempty"`
	ShippingAddress           *ShippingAddressParams `url:"shipping_address,omitempty"`
}

// ShippingAddressParams are the shipping address of a Compelling Evidence
// 3.0 transaction.
type ShippingAddressParams struct {
	City       *string `url:"city,omitempty"`
	Country    *string `url:"country,omitempty"`
	Line1      *string `url:"line1,omitempty"`
	Line2      *string `url:"line2,omitempty"`
	PostalCode *string `url:"postal_code,omitempty"`
	State      *string `url:"state,omitempty"`
}

// The API's longest evidence texts.
const (
	maxLongText  = 20000
	maxShortText = 5000
)

func (p *UpdateParams) validate() error {
	if p == nil || p.Evidence == nil {
		return nil
	}
	return p.Evidence.validate()
}

func (e *EvidenceParams) validate() error {
	for _, f := range []struct {
		name string
		v    *string
		max  int
	}{
		{"access_activity_log", e.AccessActivityLog, maxLongText},
		{"billing_address", e.BillingAddress, maxShortText},
		{"cancellation_policy_disclosure", e.CancellationPolicyDisclosure, maxLongText},
		{"cancellation_rebuttal", e.CancellationRebuttal, maxLongText},
		{"customer_email_address", e.CustomerEmailAddress, maxShortText},
		{"customer_name", e.CustomerName, maxShortText},
		{"customer_purchase_ip", e.CustomerPurchaseIP, maxShortText},
		{"duplicate_charge_explanation", e.DuplicateChargeExplanation, maxLongText},
		{"duplicate_charge_id", e.DuplicateChargeID, maxShortText},
		{"product_description", e.ProductDescription, maxLongText},
		{"refund_policy_disclosure", e.RefundPolicyDisclosure, maxLongText},
		{"refund_refusal_explanation", e.RefundRefusalExplanation, maxLongText},
		{"service_date", e.ServiceDate, maxShortText},
		{"shipping_address", e.ShippingAddress, maxShortText},
		{"shipping_carrier", e.ShippingCarrier, maxShortText},
		{"shipping_date", e.ShippingDate, maxShortText},
		{"shipping_tracking_number", e.ShippingTrackingNumber, maxShortText},
		{"uncategorized_text", e.UncategorizedText, maxLongText},
	} {
		if f.v != nil && len([]rune(*f.v)) > f.max {
			return check.Invalid("evidence["+f.name+"]", "",
				fmt.Sprintf("evidence[%s] is %d characters long; the API takes at most %d", f.name, len([]rune(*f.v)), f.max))
		}
	}
	ce3 := (*CompellingEvidence3Params)(nil)
	if e.EnhancedEvidence != nil {
		ce3 = e.EnhancedEvidence.VisaCompellingEvidence3
	}
	if ce3 == nil {
		return nil
	}
	const scope = "evidence[enhanced_evidence][visa_compelling_evidence_3]"
	if dt := ce3.DisputedTransaction; dt != nil {
		switch dt.MerchandiseOrServices {
		case "", "merchandise", "services":
		default:
			return check.Invalid(scope+"[disputed_transaction][merchandise_or_services]", "",
				`merchandise_or_services must be "merchandise" or "services", not `+fmt.Sprintf("%q", dt.MerchandiseOrServices))
		}
	}
	for i, pt := range ce3.PriorUndisputedTransactions {
		if pt.Charge == "" {
			return check.Missing(fmt.Sprintf("%s[prior_undisputed_transactions][%d][charge]", scope, i))
		}
	}
	return nil
}

// ListParams filter List and ListPage; nil lists every dispute, newest
// first.
type ListParams struct {
	pay.ListParams
	// Charge lists only the disputes of this charge.
	Charge string `url:"charge,omitempty"`
	// Created filters by creation time.
	Created *pay.RangeQuery `url:"created,omitempty"`
	// PaymentIntent lists only the disputes of this PaymentIntent.
	PaymentIntent string `url:"payment_intent,omitempty"`
}
