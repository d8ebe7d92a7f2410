package event

import (
	"github.com/paykit/pay"
	"github.com/paykit/pay/internal/check"
)

// ListParams filter List and ListPage; nil lists every event of the last
// 30 days, newest first.
type ListParams struct {
	pay.ListParams
	// Created filters by when the event happened.
	Created *pay.RangeQuery `url:"created,omitempty"`
	// DeliverySuccess, when set, lists only the events whose webhook
	// deliveries all succeeded (true) or that some endpoint has not yet
	// acknowledged (false).
	DeliverySuccess *bool `url:"delivery_success,omitempty"`
	// Type lists only events of this type ("charge.succeeded"), or of the
	// types a trailing wildcard matches ("charge.*"). Not with Types.
	Type string `url:"type,omitempty"`
	// Types lists only events of these types (at most 20, no wildcards).
	// Not with Type.
	Types []string `url:"types,omitempty"`
}

// maxTypes is the most event types the API takes in types[].
const maxTypes = 20

func (p *ListParams) validate() error {
	if p == nil {
		return nil
	}
	switch {
	case p.Type != "" && len(p.Types) > 0:
		return check.Invalid("types", "", "set type or types, not both")
	case len(p.Types) > maxTypes:
		return check.Invalid("types", "", "types takes at most 20 event types")
	}
	for _, t := range p.Types {
		if t == "" {
			return check.Invalid("types", "", "an empty event type in types")
		}
	}
	return nil
}
