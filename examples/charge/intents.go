package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/paykit/pay"
	"github.com/paykit/pay/balancetransaction"
	"github.com/paykit/pay/charge"
	"github.com/paykit/pay/customer"
	"github.com/paykit/pay/dispute"
	"github.com/paykit/pay/paymentintent"
	"github.com/paykit/pay/paymentmethod"
	"github.com/paykit/pay/setupintent"
)

// authenticator completes (approve) or fails the 3-D Secure step of an
// intent, as the customer does on the bank's page: paytest's
// Server.Authenticate. It is nil against the real API, where only a
// browser can.
type authenticator func(id string, approve bool) error

// returnURL is where a customer comes back to after 3-D Secure.
const returnURL = "https://shop.example/return"

// runIntents walks the PaymentIntent journeys (7 to 10) and the money side
// (11 and 12). Without auth, the steps that need a customer to
// authenticate print the page to open and stop there.
func runIntents(ctx context.Context, client *pay.Client, w io.Writer, auth authenticator) error {
	pis := paymentintent.NewClient(client)
	pms := paymentmethod.NewClient(client)
	sis := setupintent.NewClient(client)
	customers := customer.NewClient(client)

	fmt.Fprintln(w, "\n7. Pay with a PaymentIntent: the form's token becomes a payment method, then confirm")
	pm, err := pms.Create(ctx, &paymentmethod.CreateParams{Type: "card", Card: &paymentmethod.CardParams{Token: "tok_visa"}})
	if err != nil {
		return fmt.Errorf("make a payment method: %w", err)
	}
	pi, err := pis.Create(ctx, &paymentintent.CreateParams{Amount: 2500, Currency: "usd", PaymentMethod: pm.ID,
		Confirm: true, ReturnURL: returnURL})
	if err != nil {
		return fmt.Errorf("pay with a PaymentIntent: %w", err)
	}
	fmt.Fprintf(w, "   %s: %s, %s, charge %s\n", pi.ID, money(pi.AmountReceived, pi.Currency), pi.Status, refID(pi.LatestCharge))

	fmt.Fprintln(w, "\n8. A card that asks for 3-D Secure (pm_card_threeDSecure2Required)")
	pi, err = pis.Create(ctx, &paymentintent.CreateParams{Amount: 4200, Currency: "eur",
		PaymentMethod: "pm_card_threeDSecure2Required", Confirm: true, ReturnURL: returnURL})
	if err != nil {
		return fmt.Errorf("pay with a 3-D Secure card: %w", err)
	}
	if pi.Status != paymentintent.StatusRequiresAction || pi.NextAction == nil || pi.NextAction.RedirectToURL == nil {
		return fmt.Errorf("3-D Secure card: status %s, want requires_action with a redirect", pi.Status)
	}
	fmt.Fprintf(w, "   %s: %s; send the customer to the bank's page\n", pi.ID, pi.Status)
	if auth == nil {
		fmt.Fprintf(w, "   (open %s in a browser to complete it; steps 9 and 10 need paytest)\n", pi.NextAction.RedirectToURL.URL)
		return runMoney(ctx, client, w)
	}
	if err := auth(pi.ID, true); err != nil {
		return fmt.Errorf("authenticate: %w", err)
	}
	if pi, err = pis.Get(ctx, pi.ID); err != nil {
		return fmt.Errorf("get the authenticated intent: %w", err)
	}
	fmt.Fprintf(w, "   authenticated: %s, %s\n", money(pi.AmountReceived, pi.Currency), pi.Status)

	fmt.Fprintln(w, "\n9. Save a card with a SetupIntent, charge it off session later")
	cus, err := customers.Create(ctx, &customer.CreateParams{Email: "eu@example.com", Name: "Erika Mustermann"})
	if err != nil {
		return fmt.Errorf("save a customer: %w", err)
	}
	si, err := sis.Create(ctx, &setupintent.CreateParams{Customer: cus.ID, PaymentMethod: "pm_card_authenticationRequiredOnSetup",
		Confirm: true, ReturnURL: returnURL})
	if err != nil {
		return fmt.Errorf("set up a card: %w", err)
	}
	fmt.Fprintf(w, "   %s: %s (the bank asks once, on setup)\n", si.ID, si.Status)
	if err := auth(si.ID, true); err != nil {
		return fmt.Errorf("authenticate the setup: %w", err)
	}
	if si, err = sis.Get(ctx, si.ID); err != nil {
		return fmt.Errorf("get the setup: %w", err)
	}
	if si.PaymentMethod == nil {
		return errors.New("the SetupIntent has no payment method")
	}
	fmt.Fprintf(w, "   authenticated: %s, payment method %s saved on %s\n", si.Status, si.PaymentMethod.ID, cus.ID)
	pi, err = pis.Create(ctx, &paymentintent.CreateParams{Amount: 1500, Currency: "eur", Customer: cus.ID,
		PaymentMethod: si.PaymentMethod.ID, Confirm: true, OffSession: true,
		PaymentMethodTypes: offSessionTypes}, pay.IdempotencyKey("renewal-"+cus.ID+"-1"))
	if err != nil {
		return fmt.Errorf("charge the saved card off session: %w", err)
	}
	fmt.Fprintf(w, "   charged off session: %s, %s, %s\n", pi.ID, money(pi.AmountReceived, pi.Currency), pi.Status)

	fmt.Fprintln(w, "\n10. An off-session charge that needs the customer back (pm_card_authenticationRequired)")
	back, err := customers.Create(ctx, &customer.CreateParams{Email: "back@example.com", PaymentMethod: "pm_card_authenticationRequired"})
	if err != nil {
		return fmt.Errorf("save a customer: %w", err)
	}
	saved, err := pms.ListPage(ctx, &paymentmethod.ListParams{Customer: back.ID})
	if err != nil || len(saved.Data) == 0 {
		return fmt.Errorf("list the customer's payment methods: %v", err)
	}
	_, err = pis.Create(ctx, &paymentintent.CreateParams{Amount: 1500, Currency: "eur", Customer: back.ID,
		PaymentMethod: saved.Data[0].ID, Confirm: true, OffSession: true, PaymentMethodTypes: offSessionTypes})
	var perr *pay.Error
	if !errors.As(err, &perr) || perr.Code != pay.ErrorCodeAuthenticationRequired {
		return fmt.Errorf("off session with pm_card_authenticationRequired: got %v, want authentication_required", err)
	}
	failed, ok := paymentintent.FromError(err)
	if !ok {
		return errors.New("the authentication_required error carries no PaymentIntent")
	}
	fmt.Fprintf(w, "   %s: %s (%s); bring the customer back\n", failed.ID, perr.Code, failed.Status)
	pi, err = pis.Confirm(ctx, failed.ID, &paymentintent.ConfirmParams{PaymentMethod: saved.Data[0].ID, ReturnURL: returnURL})
	if err != nil {
		return fmt.Errorf("confirm on session: %w", err)
	}
	if err := auth(pi.ID, true); err != nil {
		return fmt.Errorf("authenticate on session: %w", err)
	}
	if pi, err = pis.Get(ctx, pi.ID); err != nil {
		return fmt.Errorf("get the intent: %w", err)
	}
	fmt.Fprintf(w, "   back on session, authenticated: %s, %s\n", money(pi.AmountReceived, pi.Currency), pi.Status)

	return runMoney(ctx, client, w)
}

// runMoney answers a dispute and reconciles the balance (11 and 12).
func runMoney(ctx context.Context, client *pay.Client, w io.Writer) error {
	charges := charge.NewClient(client)
	disputes := dispute.NewClient(client)
	txns := balancetransaction.NewClient(client)

	fmt.Fprintln(w, "\n11. A disputed charge answered with evidence (tok_createDispute)")
	ch, err := charges.Create(ctx, &charge.CreateParams{Amount: 3000, Currency: "usd", Source: "tok_createDispute"})
	if err != nil {
		return fmt.Errorf("charge a card that will be disputed: %w", err)
	}
	page, err := disputes.ListPage(ctx, &dispute.ListParams{Charge: ch.ID})
	if err != nil {
		return fmt.Errorf("list the charge's disputes: %w", err)
	}
	if len(page.Data) == 0 {
		return fmt.Errorf("charge %s has no dispute", ch.ID)
	}
	d := page.Data[0]
	fmt.Fprintf(w, "   %s on %s: %s, %s, reason %s\n", d.ID, ch.ID, money(d.Amount, d.Currency), d.Status, d.Reason)
	d, err = disputes.Update(ctx, d.ID, &dispute.UpdateParams{
		Evidence: &dispute.EvidenceParams{UncategorizedText: pay.String("winning_evidence")},
		Submit:   pay.Bool(true),
	})
	if err != nil {
		return fmt.Errorf("answer the dispute: %w", err)
	}
	fmt.Fprintf(w, "   evidence submitted: %s\n", d.Status)

	fmt.Fprintln(w, "\n12. The balance: gross, fees and net by type, from the balance transactions")
	type sums struct{ n, gross, fee, net int64 }
	byType := map[string]*sums{}
	matched := 0
	for t, err := range txns.List(ctx, &balancetransaction.ListParams{Currency: "usd"}) {
		if err != nil {
			return fmt.Errorf("list the balance transactions: %w", err)
		}
		s := byType[string(t.Type)]
		if s == nil {
			s = &sums{}
			byType[string(t.Type)] = s
		}
		s.n++
		s.gross += t.Amount
		s.fee += t.Fee
		s.net += t.Net
		if t.Type == "charge" && t.Source != nil {
			if _, err := charges.Get(ctx, t.Source.ID); err == nil {
				matched++
			}
		}
	}
	types := make([]string, 0, len(byType))
	for typ := range byType {
		types = append(types, typ)
	}
	sort.Strings(types)
	for _, typ := range types {
		s := byType[typ]
		fmt.Fprintf(w, "   %-11s %2d  gross %10s  fees %9s  net %10s\n", typ, s.n, money(s.gross, "usd"), money(s.fee, "usd"), money(s.net, "usd"))
	}
	fmt.Fprintf(w, "   %d charge transactions matched to their charges\n", matched)
	return nil
}

// refID is the id of an expandable charge, or "-".
func refID(c *charge.Charge) string {
	if c == nil {
		return "-"
	}
	return c.ID
}

// offSessionTypes are named on an off-session PaymentIntent: with the API's
// default (automatic payment methods, redirects allowed) a confirmation
// without a return URL is refused.
var offSessionTypes = []string{"card"}
