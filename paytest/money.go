package paytest

import (
	"fmt"
	"strings"
)

// currencies are the ISO codes the API accepts for card charges.
var currencies = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Fields(`usd aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bhd bif bmd bnd bob brl bsd
		bwp byn bzd cad cdf chf clp cny cop crc cve czk djf dkk dop dzd egp etb eur fjd fkp gbp gel gip gmd gnf gtq gyd hkd
		hnl htg huf idr ils inr isk jmd jod jpy kes kgs khr kmf krw kwd kyd kzt lak lbp lkr lrd lsl mad mdl mga mkd mmk mnt
		mop mur mvr mwk mxn myr mzn nad ngn nio nok npr nzd omr pab pen pgk php pkr pln pyg qar ron rsd rub rwf sar sbd scr
		sek sgd shp sle sos srd std szl thb tjs tnd top try ttd twd tzs uah ugx uyu uzs vnd vuv wst xaf xcd xof xpf yer zar zmw`) {
		m[c] = true
	}
	return m
}()

// zeroDecimal currencies have no minor unit: amount 500 is ¥500.
var zeroDecimal = map[string]bool{
	"bif": true, "clp": true, "djf": true, "gnf": true, "jpy": true, "kmf": true, "krw": true, "mga": true,
	"pyg": true, "rwf": true, "ugx": true, "vnd": true, "vuv": true, "xaf": true, "xof": true, "xpf": true,
}

// minimumAmount is the smallest charge the API accepts per currency; others
// need at least 1.
var minimumAmount = map[string]int64{
	"usd": 50, "aed": 200, "aud": 50, "bgn": 100, "brl": 50, "cad": 50, "chf": 50, "czk": 1500, "dkk": 250,
	"eur": 50, "gbp": 30, "hkd": 400, "huf": 17500, "inr": 50, "jpy": 50, "mxn": 1000, "myr": 200, "nok": 300,
	"nzd": 50, "pln": 200, "ron": 200, "sek": 300, "sgd": 50, "thb": 1000,
}

// maxAmount is the largest amount the API accepts.
const maxAmount = 99999999

var currencySymbols = map[string]string{"usd": "$", "eur": "€", "gbp": "£", "jpy": "¥", "aud": "A$", "cad": "CA$"}

// formatAmount writes an amount as the API's messages do: $5.00.
func formatAmount(currency string, amount int64) string {
	sym, ok := currencySymbols[currency]
	var num string
	if zeroDecimal[currency] {
		num = fmt.Sprint(amount)
	} else {
		num = fmt.Sprintf("%d.%02d", amount/100, amount%100)
	}
	if !ok {
		return num + " " + strings.ToUpper(currency)
	}
	return sym + num
}

func checkCurrency(param, v string) (string, *apiError) {
	c := strings.ToLower(v)
	if !currencies[c] {
		return "", invalidRequest(400, "", param, fmt.Sprintf("Invalid currency: %s. Stripe currently supports these currencies: usd, eur, gbp, jpy, ... (see https://stripe.com/docs/currencies).", v))
	}
	return c, nil
}

// checkAmount checks an amount to charge or capture.
func checkAmount(param string, amount int64, currency string) *apiError {
	if amount < 0 {
		return invalidRequest(400, "parameter_invalid_integer", param, "Invalid positive integer")
	}
	if min := max(minimumAmount[currency], 1); amount < min {
		return invalidRequest(400, "amount_too_small", param, fmt.Sprintf("Amount must be at least %s %s", formatAmount(currency, min), currency))
	}
	if amount > maxAmount {
		return invalidRequest(400, "amount_too_large", param, fmt.Sprintf("Amount must be no more than %s", formatAmount(currency, maxAmount)))
	}
	return nil
}
