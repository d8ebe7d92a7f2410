// Package balancetransaction reads the balance transactions of an
// account: /v1/balance_transactions. Every change to your balance is one:
// a charge (its Amount, the Fee taken and the Net that reaches you), a
// refund, a dispute's withdrawal and reinstatement, a payout, a fee.
//
// Add up a month's charges, net of fees:
//
//	bts := balancetransaction.NewClient(pay.NewClient(os.Getenv("STRIPE_SECRET_KEY")))
//	var gross, fees, net int64
//	for bt, err := range bts.List(ctx, &balancetransaction.ListParams{
//		Type:    balancetransaction.TypeCharge,
//		Created: &pay.RangeQuery{GTE: monthStart, LT: monthEnd},
//	}) {
//		if err != nil {
//			return err
//		}
//		gross, fees, net = gross+bt.Amount, fees+bt.Fee, net+bt.Net
//	}
//
// A charge's own transaction is the one its BalanceTransaction names
// (pay.Expand("balance_transaction") on the charge gets it in the same
// call); Source names the object behind a transaction.
//
// [BalanceTransaction] is an alias of [charge.BalanceTransaction], the type
// of a charge's expanded balance transaction, so both decode to the same
// type.
package balancetransaction
