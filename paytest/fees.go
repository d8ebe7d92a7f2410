package paytest

// The fee model: what paytest takes from the money a charge, a refund or a
// dispute moves, and when it becomes available. The API's fees depend on
// the account's country and pricing; paytest's are fixed, so a test can
// compute them:
//
//   - A card charge pays 2.9% of the captured amount, rounded half up to
//     the currency's minor unit, plus a fixed 30 minor units (0.30) in
//     currencies with a minor unit, and no fixed part in zero-decimal
//     currencies (jpy, krw, ...): 2000 usd pays 58 + 30 = 88, net 1912;
//     1000 jpy pays 29. One fee detail, type stripe_fee, "Stripe processing
//     fees".
//   - A refund moves the refunded amount back (a negative amount) with no
//     fee: the processing fee of the charge is not returned, as in the API.
//   - A dispute withdraws the disputed amount (negative) and pays a dispute
//     fee of 1500 minor units (15.00; ¥1500 in zero-decimal currencies),
//     type adjustment, reporting category dispute, one fee detail
//     stripe_fee "Dispute fee": 2000 usd disputed is amount -2000, fee 1500,
//     net -3500. A dispute that is won reinstates the amount and returns the
//     dispute fee (type adjustment, reporting category dispute_reversal,
//     amount 2000, fee -1500, net 3500), so a won dispute leaves the balance
//     as it was; a lost one keeps both. Inquiries (warning_* disputes) move
//     no money.
//   - Every transaction is available at midnight UTC two days after the day
//     it was made (available_on), and its status is pending until then and
//     available from then on, on the server's clock (Server.SetClock).

const (
	// cardFeePerMille is the percentage part of a card charge's fee, in
	// tenths of a percent: 2.9%.
	cardFeePerMille = 29
	// cardFeeFixed is the fixed part, in minor units, for currencies with
	// a minor unit.
	cardFeeFixed = 30
	// disputeFee is what a dispute costs, in the currency's smallest unit.
	disputeFee = 1500
	// availableAfterDays is how many days after its day a transaction's
	// funds become available, at midnight UTC.
	availableAfterDays = 2
)

// feeDetail is one fee of a balance transaction.
type feeDetail struct {
	amount      int64
	description string
}

// cardFee is the processing fee of a card charge of amount (captured) in
// currency: 2.9% rounded half up, plus 30 minor units unless the currency
// is zero-decimal.
func cardFee(currency string, amount int64) int64 {
	fee := (amount*cardFeePerMille + 500) / 1000
	if !zeroDecimal[currency] {
		fee += cardFeeFixed
	}
	return fee
}

// availableOn is when the funds of a transaction made at created (Unix
// seconds) become available: midnight UTC, availableAfterDays days after
// created's day.
func availableOn(created int64) int64 {
	const day = 24 * 3600
	return (created/day + availableAfterDays) * day
}
