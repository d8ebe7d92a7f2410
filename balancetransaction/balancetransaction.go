package balancetransaction

import "github.com/paykit/pay/charge"

// BalanceTransaction is a balance transaction object: one change to your
// balance (a charge, a refund, a dispute's withdrawal, a payout, a fee...),
// with its gross Amount, the Fee taken, the Net, and when the funds become
// available. It is an alias of [charge.BalanceTransaction], the type a
// charge's and a refund's expanded balance_transaction decode into, so an
// expanded charge and [Client.Get] give values of the same type.
type BalanceTransaction = charge.BalanceTransaction

// Fee is one fee of a balance transaction's FeeDetails; see [charge.Fee].
// The amounts of a transaction's fees add up to its Fee.
type Fee = charge.Fee

// Type is the kind of a balance transaction (BalanceTransaction.Type), and
// the type filter of [ListParams]. It is a string, as the field of
// [charge.BalanceTransaction] is, so the constants below compare with it
// directly: bt.Type == balancetransaction.TypeCharge.
type Type = string

// The balance transaction types of the API reference.
const (
	TypeAdjustment                        Type = "adjustment"
	TypeAdvance                           Type = "advance"
	TypeAdvanceFunding                    Type = "advance_funding"
	TypeAnticipationRepayment             Type = "anticipation_repayment"
	TypeApplicationFee                    Type = "application_fee"
	TypeApplicationFeeRefund              Type = "application_fee_refund"
	TypeCharge                            Type = "charge"
	TypeClimateOrderPurchase              Type = "climate_order_purchase"
	TypeClimateOrderRefund                Type = "climate_order_refund"
	TypeConnectCollectionTransfer         Type = "connect_collection_transfer"
	TypeContribution                      Type = "contribution"
	TypeFeeCreditFunding                  Type = "fee_credit_funding"
	TypeInboundTransfer                   Type = "inbound_transfer"
	TypeInboundTransferReversal           Type = "inbound_transfer_reversal"
	TypeIssuingAuthorizationHold          Type = "issuing_authorization_hold"
	TypeIssuingAuthorizationRelease       Type = "issuing_authorization_release"
	TypeIssuingDispute                    Type = "issuing_dispute"
	TypeIssuingTransaction                Type = "issuing_transaction"
	TypeObligationOutbound                Type = "obligation_outbound"
	TypeObligationReversalInbound         Type = "obligation_reversal_inbound"
	TypePayment                           Type = "payment"
	TypePaymentFailureRefund              Type = "payment_failure_refund"
	TypePaymentNetworkReserveHold         Type = "payment_network_reserve_hold"
	TypePaymentNetworkReserveRelease      Type = "payment_network_reserve_release"
	TypePaymentRefund                     Type = "payment_refund"
	TypePaymentReversal                   Type = "payment_reversal"
	TypePaymentUnreconciled               Type = "payment_unreconciled"
	TypePayout                            Type = "payout"
	TypePayoutCancel                      Type = "payout_cancel"
	TypePayoutFailure                     Type = "payout_failure"
	TypePayoutMinimumBalanceHold          Type = "payout_minimum_balance_hold"
	TypePayoutMinimumBalanceRelease       Type = "payout_minimum_balance_release"
	TypeRefund                            Type = "refund"
	TypeRefundFailure                     Type = "refund_failure"
	TypeReserveHold                       Type = "reserve_hold"
	TypeReserveRelease                    Type = "reserve_release"
	TypeReserveTransaction                Type = "reserve_transaction"
	TypeReservedFunds                     Type = "reserved_funds"
	TypeStripeBalancePaymentDebit         Type = "stripe_balance_payment_debit"
	TypeStripeBalancePaymentDebitReversal Type = "stripe_balance_payment_debit_reversal"
	TypeStripeFee                         Type = "stripe_fee"
	TypeStripeFxFee                       Type = "stripe_fx_fee"
	TypeTaxFee                            Type = "tax_fee"
	TypeTaxFund                           Type = "tax_fund"
	TypeTopup                             Type = "topup"
	TypeTopupReversal                     Type = "topup_reversal"
	TypeTransfer                          Type = "transfer"
	TypeTransferCancel                    Type = "transfer_cancel"
	TypeTransferFailure                   Type = "transfer_failure"
	TypeTransferRefund                    Type = "transfer_refund"
)

// Status is whether a balance transaction's funds are available yet
// (BalanceTransaction.Status): a string, as the field is.
type Status = string

// The balance transaction statuses.
const (
	// StatusAvailable: the funds are in the available balance, to be paid out.
	StatusAvailable Status = "available"
	// StatusPending: the funds become available on AvailableOn.
	StatusPending Status = "pending"
)

// ReportingCategory is the reporting category of a balance transaction
// (BalanceTransaction.ReportingCategory), a grouping of types made for
// reports: a string, as the field is. The constants are the categories a
// card business meets most; the API has more.
type ReportingCategory = string

// Common reporting categories.
const (
	ReportingCategoryCharge           ReportingCategory = "charge"
	ReportingCategoryRefund           ReportingCategory = "refund"
	ReportingCategoryDispute          ReportingCategory = "dispute"
	ReportingCategoryDisputeReversal  ReportingCategory = "dispute_reversal"
	ReportingCategoryFee              ReportingCategory = "fee"
	ReportingCategoryPayout           ReportingCategory = "payout"
	ReportingCategoryPayoutReversal   ReportingCategory = "payout_reversal"
	ReportingCategoryOtherAdjustment  ReportingCategory = "other_adjustment"
	ReportingCategoryChargeFailure    ReportingCategory = "charge_failure"
	ReportingCategoryRefundFailure    ReportingCategory = "refund_failure"
	ReportingCategoryTransfer         ReportingCategory = "transfer"
	ReportingCategoryTransferReversal ReportingCategory = "transfer_reversal"
)

// FeeType is the kind of one fee (Fee.Type): a string, as the field is.
type FeeType = string

// The fee types.
const (
	FeeTypeApplicationFee              FeeType = "application_fee"
	FeeTypePaymentMethodPassthroughFee FeeType = "payment_method_passthrough_fee"
	FeeTypeStripeFee                   FeeType = "stripe_fee"
	FeeTypeTax                         FeeType = "tax"
	FeeTypeWithheldTax                 FeeType = "withheld_tax"
)
