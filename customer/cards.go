package customer

import (
	"context"
	"iter"

	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/api"
	"github.com/paykit/pay/internal/check"
)

// The saved-card calls a user would put behind an interface to fake them
// in tests.
var _ interface {
	CreateCard(context.Context, string, *CreateCardParams, ...pay.RequestOption) (*Card, error)
	GetCard(context.Context, string, string, ...pay.RequestOption) (*Card, error)
	UpdateCard(context.Context, string, string, *UpdateCardParams, ...pay.RequestOption) (*Card, error)
	DeleteCard(context.Context, string, string, ...pay.RequestOption) (*Card, error)
	ListCards(context.Context, string, *ListCardsParams, ...pay.RequestOption) iter.Seq2[*Card, error]
	ListCardsPage(context.Context, string, *ListCardsParams, ...pay.RequestOption) (*pay.Page[Card], error)
} = (*Client)(nil)

// CreateCardParams are the params of [Client.CreateCard].
type CreateCardParams struct {
	// Source is the card's token from your checkout form (such as
	// "tok_visa"). Required.
	Source string `url:"source,omitempty"`
	// Metadata is attached to the card.
	Metadata pay.Metadata `url:"metadata"`
}

// UpdateCardParams are the params of [Client.UpdateCard]. A nil field is
// left unchanged; a pointer to "" clears it. The card number cannot change:
// save a new card instead.
type UpdateCardParams struct {
	// Name is the cardholder's name.
	Name *string `url:"name,omitempty"`
	// ExpMonth is the expiry month, 1 to 12.
	ExpMonth *int64 `url:"exp_month,omitempty"`
	// ExpYear is the four-digit expiry year.
	ExpYear        *int64  `url:"exp_year,omitempty"`
	AddressLine1   *string `url:"address_line1,omitempty"`
	AddressLine2   *string `url:"address_line2,omitempty"`
	AddressCity    *string `url:"address_city,omitempty"`
	AddressState   *string `url:"address_state,omitempty"`
	AddressZip     *string `url:"address_zip,omitempty"`
	AddressCountry *string `url:"address_country,omitempty"`
	// Metadata sets keys; an empty value unsets a key, and a non-nil empty
	// Metadata{} unsets all.
	Metadata pay.Metadata `url:"metadata"`
}

// ListCardsParams are the params of [Client.ListCards] and
// [Client.ListCardsPage].
type ListCardsParams struct {
	pay.ListParams
}

// validate asks for the token: a card is saved from one.
func (p *CreateCardParams) validate() error {
	if p == nil || p.Source == "" {
		return check.Missing("source")
	}
	return nil
}

// listCardsQuery is what ListCards sends: the caller's params (copied, never
// modified) and object=card, so that only cards are listed.
type listCardsQuery struct {
	ListCardsParams
	Object string `url:"object"`
}

const (
	cardsPattern = basePath + "/{customer}/sources"
	cardPattern  = cardsPattern + "/{id}"
)

// CreateCard saves a card on a customer, from the card's token in
// params.Source; the customer can then be charged with it by id
// (charge.CreateParams{Customer: cus.ID, Source: card.ID}). The first card
// saved becomes the customer's default; [Client.Update] with DefaultSource
// picks another. POST /v1/customers/{customer}/sources.
func (c *Client) CreateCard(ctx context.Context, customerID string, params *CreateCardParams, opts ...pay.RequestOption) (*Card, error) {
	return api.Post[Card](ctx, c.core(), api.Path(cardsPattern, customerID), params, params.validate(), opts)
}

// GetCard retrieves one of a customer's saved cards.
// GET /v1/customers/{customer}/sources/{id}.
func (c *Client) GetCard(ctx context.Context, customerID, cardID string, opts ...pay.RequestOption) (*Card, error) {
	return api.Get[Card](ctx, c.core(), api.Path(cardPattern, customerID, cardID), opts)
}

// UpdateCard changes a saved card's holder name, expiry, billing address or
// metadata; nil params change nothing.
// POST /v1/customers/{customer}/sources/{id}.
func (c *Client) UpdateCard(ctx context.Context, customerID, cardID string, params *UpdateCardParams, opts ...pay.RequestOption) (*Card, error) {
	return api.Post[Card](ctx, c.core(), api.Path(cardPattern, customerID, cardID), params, params.validate(), opts)
}

// DeleteCard removes a saved card from a customer. It returns the deleted
// card, with Deleted set and only ID and Object known. Deleting the default
// card leaves the customer without a default source (DefaultSource nil).
// DELETE /v1/customers/{customer}/sources/{id}.
func (c *Client) DeleteCard(ctx context.Context, customerID, cardID string, opts ...pay.RequestOption) (*Card, error) {
	return api.Delete[Card](ctx, c.core(), api.Path(cardPattern, customerID, cardID), opts)
}

// ListCards returns an iterator over a customer's saved cards (params may be
// nil), fetching pages as the loop needs them, with the guarantees of
// [Client.List]. It lists cards only (object=card), not the customer's
// other sources. GET /v1/customers/{customer}/sources.
func (c *Client) ListCards(ctx context.Context, customerID string, params *ListCardsParams, opts ...pay.RequestOption) iter.Seq2[*Card, error] {
	path := api.Path(cardsPattern, customerID)
	if err := path.Err(); err != nil {
		return func(yield func(*Card, error) bool) { yield(nil, err) }
	}
	return pay.List(ctx, c.core(), path.String(), cardsQuery(params), cardCursor, opts...)
}

// ListCardsPage fetches one page of a customer's saved cards.
// GET /v1/customers/{customer}/sources.
func (c *Client) ListCardsPage(ctx context.Context, customerID string, params *ListCardsParams, opts ...pay.RequestOption) (*pay.Page[Card], error) {
	path := api.Path(cardsPattern, customerID)
	if err := path.Err(); err != nil {
		return nil, err
	}
	return pay.GetPage[Card](ctx, c.core(), path.String(), cardsQuery(params), opts...)
}

func cardsQuery(params *ListCardsParams) *listCardsQuery {
	q := &listCardsQuery{Object: "card"}
	if params != nil {
		q.ListCardsParams = *params
	}
	return q
}

func cardCursor(c *Card) string { return c.ID }

func (p *UpdateCardParams) validate() error {
	if p == nil {
		return nil
	}
	if p.ExpMonth != nil && (*p.ExpMonth < 1 || *p.ExpMonth > 12) {
		return check.Invalid("exp_month", pay.ErrorCodeParameterInvalidInteger, "exp_month must be 1 to 12")
	}
	if p.ExpYear != nil && *p.ExpYear < 1 {
		return check.Invalid("exp_year", pay.ErrorCodeParameterInvalidInteger, "exp_year must be a four-digit year")
	}
	return nil
}
