package paytest

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"strings"
)

// testCard is what a test token stands for.
type testCard struct {
	brand   string // the card object's brand, "Visa"
	network string // payment_method_details.card.brand, "visa"
	number  string
	funding string
	country string
	decline *decline // nil: charges succeed
	// attachOK lets a declining card be saved on a customer; it fails only
	// when charged (tok_chargeCustomerFail).
	attachOK bool
	cvcCheck string
	// zipCheck and line1Check are the address checks, "" (null) when the
	// card has none; riskLevel is a charge's outcome risk_level when it
	// succeeds, "" for normal.
	zipCheck   string
	line1Check string
	riskLevel  string
	// auth is when the card's bank asks for 3-D Secure (payment methods
	// only: a charge made with /v1/charges cannot authenticate).
	auth authRule
	// dispute, when set, disputes every charge of the card once it is
	// captured (tok_createDispute...; see disputes.go).
	dispute *disputeCase
}

// authRule is when a card asks for authentication (3-D Secure).
type authRule int

const (
	authNever authRule = iota
	// authAlways asks on every payment and setup; off session (where
	// nobody can authenticate) the payment fails with
	// authentication_required.
	authAlways
	// authUnlessSetUp asks on setup and on every payment until the
	// payment method is set up for off-session use (a SetupIntent, or a
	// PaymentIntent with setup_future_usage=off_session), and then never.
	authUnlessSetUp
	// authOnSession asks on session (payments and setups) and never off
	// session, as if the card had been set up.
	authOnSession
)

// decline is how a declined charge fails: the card_error and the outcome.
type decline struct {
	code        string // error code and failure_code
	declineCode string // error decline_code and outcome reason
	message     string
	param       string
	outcomeType string // issuer_declined or blocked
}

// cardError is the API's 402 card_error for d, naming the failed charge
// (or none, "", when a card could not be saved).
func (d *decline) cardError(chargeID string) *apiError {
	return &apiError{status: http.StatusPaymentRequired, Type: "card_error", Charge: chargeID,
		Code: d.code, DeclineCode: d.declineCode, Message: d.message, Param: d.param, DocURL: docURL(d.code)}
}

func (c testCard) last4() string { return c.number[len(c.number)-4:] }

// fingerprint is stable per card number, as the API's is per account.
func (c testCard) fingerprint() string {
	sum := sha256.Sum256([]byte("paytest:" + c.number))
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 16)
	for i := range b {
		b[i] = alphabet[int(sum[i])%len(alphabet)]
	}
	return string(b)
}

func visa(number string, d *decline) testCard {
	return testCard{brand: "Visa", network: "visa", number: number, funding: "credit", country: "US", decline: d, cvcCheck: "pass"}
}

// with returns c changed by f, for the tokens that differ from a plain card
// in a field or two.
func with(c testCard, f func(*testCard)) testCard {
	f(&c)
	return c
}

var (
	declinedGeneric = &decline{code: "card_declined", declineCode: "generic_decline", message: "Your card was declined.", outcomeType: "issuer_declined"}
	// blockedByRadar is how the API declines a charge Radar blocks: a
	// card_declined error with decline code fraudulent, never sent to the
	// network, outcome type blocked and risk level highest.
	blockedByRadar = &decline{code: "card_declined", declineCode: "fraudulent", message: "Your card was declined.", outcomeType: "blocked"}
)

// testTokens are the documented test tokens paytest honours.
var testTokens = map[string]testCard{
	"tok_visa":           visa("4242424242424242", nil),
	"tok_visa_debit":     {brand: "Visa", network: "visa", number: "4000056655665556", funding: "debit", country: "US", cvcCheck: "pass"},
	"tok_mastercard":     {brand: "MasterCard", network: "mastercard", number: "5555555555554444", funding: "credit", country: "US", cvcCheck: "pass"},
	"tok_amex":           {brand: "American Express", network: "amex", number: "371449635398431", funding: "credit", country: "US", cvcCheck: "pass"},
	"tok_discover":       {brand: "Discover", network: "discover", number: "6011111111111117", funding: "credit", country: "US", cvcCheck: "pass"},
	"tok_jcb":            {brand: "JCB", network: "jcb", number: "3530111333300000", funding: "credit", country: "JP", cvcCheck: "pass"},
	"tok_unionpay":       {brand: "UnionPay", network: "unionpay", number: "6200000000000005", funding: "credit", country: "CN", cvcCheck: "pass"},
	"tok_us":             visa("4000000760000002", nil),
	"tok_chargeDeclined": visa("4000000000000002", declinedGeneric),
	"tok_chargeDeclinedInsufficientFunds": visa("4000000000009995", &decline{code: "card_declined", declineCode: "insufficient_funds",
		message: "Your card has insufficient funds.", outcomeType: "issuer_declined"}),
	"tok_chargeDeclinedLostCard": visa("4000000000009987", &decline{code: "card_declined", declineCode: "lost_card",
		message: "Your card was declined.", outcomeType: "issuer_declined"}),
	"tok_chargeDeclinedStolenCard": visa("4000000000009979", &decline{code: "card_declined", declineCode: "stolen_card",
		message: "Your card was declined.", outcomeType: "issuer_declined"}),
	"tok_chargeDeclinedExpiredCard": visa("4000000000000069", &decline{code: "expired_card", declineCode: "expired_card",
		message: "Your card has expired.", param: "exp_month", outcomeType: "issuer_declined"}),
	"tok_chargeDeclinedIncorrectCvc": func() testCard {
		c := visa("4000000000000127", &decline{code: "incorrect_cvc", declineCode: "incorrect_cvc",
			message: "Your card's security code is incorrect.", param: "cvc", outcomeType: "issuer_declined"})
		c.cvcCheck = "fail"
		return c
	}(),
	"tok_chargeDeclinedProcessingError": visa("4000000000000119", &decline{code: "processing_error", declineCode: "processing_error",
		message: "An error occurred while processing your card. Try again in a little bit.", outcomeType: "issuer_declined"}),
	"tok_chargeDeclinedFraudulent": visa("4100000000000019", blockedByRadar),
	"tok_chargeDeclinedVelocityLimitExceeded": visa("4000000000006975", &decline{code: "card_declined", declineCode: "card_velocity_exceeded",
		message: "Your card was declined for making repeated attempts too frequently or exceeding its amount limit.", outcomeType: "issuer_declined"}),

	// Radar and the card checks. Without Radar rules of its own, an account
	// lets a charge whose CVC or address check fails succeed; the checks
	// say what failed.
	"tok_radarBlock":        visa("4100000000000019", blockedByRadar),
	"tok_riskLevelHighest":  visa("4000000000004954", blockedByRadar),
	"tok_riskLevelElevated": with(visa("4000000000009235", nil), func(c *testCard) { c.riskLevel = "elevated" }),
	"tok_cvcCheckFail":      with(visa("4000000000000101", nil), func(c *testCard) { c.cvcCheck = "fail" }),
	"tok_avsFail":           with(visa("4000000000000010", nil), func(c *testCard) { c.zipCheck, c.line1Check = "fail", "fail" }),
	"tok_avsZipFail":        with(visa("4000000000000036", nil), func(c *testCard) { c.zipCheck, c.line1Check = "fail", "pass" }),
	"tok_avsLine1Fail":      with(visa("4000000000000028", nil), func(c *testCard) { c.zipCheck, c.line1Check = "pass", "fail" }),
	// Disputes: the charge succeeds, and is disputed once captured.
	"tok_createDispute":                   with(visa("4000000000000259", nil), func(c *testCard) { c.dispute = &disputeCase{reason: "fraudulent"} }),
	"tok_createDisputeProductNotReceived": with(visa("4000000000002685", nil), func(c *testCard) { c.dispute = &disputeCase{reason: "product_not_received"} }),
	"tok_createDisputeInquiry":            with(visa("4000000000001976", nil), func(c *testCard) { c.dispute = &disputeCase{reason: "general", inquiry: true} }),
	"tok_chargeCustomerFail": func() testCard {
		c := visa("4000000000000341", declinedGeneric)
		c.attachOK = true
		return c
	}(),
}

// authCards are the test cards that ask for 3-D Secure, by the name of
// their test payment method after pm_card_.
var authCards = map[string]testCard{
	"authenticationRequired":                   with(visa("4000002760003184", nil), func(c *testCard) { c.auth = authAlways }),
	"threeDSecure2Required":                    with(visa("4000000000003220", nil), func(c *testCard) { c.auth = authAlways }),
	"authenticationRequiredOnSetup":            with(visa("4000002500003155", nil), func(c *testCard) { c.auth = authUnlessSetUp }),
	"authenticationRequiredSetupForOffSession": with(visa("4000003800000446", nil), func(c *testCard) { c.auth = authOnSession }),
	// Authenticated, then declined: it can be saved, and its payments
	// fail after the customer authenticates.
	"authenticationRequiredChargeDeclinedInsufficientFunds": with(visa("4000008260003178", &decline{code: "card_declined",
		declineCode: "insufficient_funds", message: "Your card has insufficient funds.", outcomeType: "issuer_declined"}),
		func(c *testCard) { c.auth, c.attachOK = authAlways, true }),
}

// testPaymentMethod returns the card of a test payment method:
// pm_card_<name> is the card of tok_<name> (pm_card_visa is tok_visa's,
// pm_card_chargeDeclined tok_chargeDeclined's), or one of authCards.
func testPaymentMethod(name string) (testCard, bool) {
	rest, ok := strings.CutPrefix(name, "pm_card_")
	if !ok || rest == "" {
		return testCard{}, false
	}
	if tc, ok := authCards[rest]; ok {
		return tc, true
	}
	return testToken("tok_" + rest)
}

// testToken returns the card of a test token. The current documentation
// names the decline tokens tok_visa_chargeDeclined...; they stand for the
// same cards as the older tok_chargeDeclined... names.
func testToken(tok string) (testCard, bool) {
	if rest, ok := strings.CutPrefix(tok, "tok_visa_chargeDeclined"); ok {
		tok = "tok_chargeDeclined" + rest
	}
	tc, ok := testTokens[tok]
	return tc, ok
}

// card is a stored card: a customer's saved source, or the card a charge
// was made with.
type card struct {
	id       string
	customer string // "" when not saved on a customer
	tc       testCard
	expMonth int
	expYear  int
	metadata map[string]string
	seq      int64
	created  int64
	cardAddress
}

func (c *card) json() *cardJSON {
	return &cardJSON{
		ID:       c.id,
		Object:   "card",
		Brand:    c.tc.brand,
		Country:  strp(c.tc.country),
		Customer: optStr(c.customer),
		CVCCheck: strp(c.tc.cvcCheck),
		ExpMonth: c.expMonth,

		AddressLine1Check: optStr(c.tc.line1Check),
		AddressZipCheck:   optStr(c.tc.zipCheck),
		ExpYear:           c.expYear,
		Fingerprint:       strp(c.tc.fingerprint()),
		Funding:           c.tc.funding,
		Last4:             c.tc.last4(),
		Metadata:          nonNil(c.metadata),

		Name:           c.name,
		AddressCity:    c.addressCity,
		AddressCountry: c.addressCountry,
		AddressLine1:   c.addressLine1,
		AddressLine2:   c.addressLine2,
		AddressState:   c.addressState,
		AddressZip:     c.addressZip,
	}
}

func (c *card) paymentMethodDetails(amount int64) *pmdJSON {
	d := &pmdCardJSON{
		AmountAuthorized:         &amount,
		Brand:                    c.tc.network,
		Checks:                   &checksJSON{CVCCheck: strp(c.tc.cvcCheck), AddressLine1Check: optStr(c.tc.line1Check), AddressPostalCodeCheck: optStr(c.tc.zipCheck)},
		Country:                  strp(c.tc.country),
		ExpMonth:                 c.expMonth,
		ExpYear:                  c.expYear,
		ExtendedAuthorization:    statusJSON{"disabled"},
		Fingerprint:              strp(c.tc.fingerprint()),
		Funding:                  c.tc.funding,
		IncrementalAuthorization: statusJSON{"unavailable"},
		Last4:                    c.tc.last4(),
		Multicapture:             statusJSON{"unavailable"},
		Network:                  c.tc.network,
		RegulatedStatus:          strp("unregulated"),
	}
	d.Overcapture.Status = "unavailable"
	d.Overcapture.MaximumAmountCapturable = amount
	return &pmdJSON{Card: d, Type: "card"}
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func declineSellerMessage(d *decline) string {
	if d.outcomeType == "blocked" {
		return "Stripe blocked this payment."
	}
	if d.declineCode == "generic_decline" {
		return "The bank did not return any further details with this decline."
	}
	return fmt.Sprintf("The bank returned the decline code `%s`.", d.declineCode)
}
