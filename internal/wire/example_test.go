package wire_test

import (
	"encoding/json"
	"fmt"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/paykit/pay/internal/wire"
)

// Account is an expandable type: the API sends its bare id, or the whole
// object when the field is expanded.
type Account struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// plainAccount has Account's fields and none of its methods.
type plainAccount Account

// UnmarshalJSONFrom decodes an id, null or the object in the v2 stream.
func (a *Account) UnmarshalJSONFrom(d *jsontext.Decoder) error {
	return wire.Expandable(d, a, (*plainAccount)(a), func(a *Account) *string { return &a.ID })
}

// UnmarshalJSON hands encoding/json's bytes to v2 once.
func (a *Account) UnmarshalJSON(b []byte) error { return wire.Unmarshal(b, a) }

func ExampleExpandable() {
	var v struct {
		Bare     *Account `json:"bare"`
		Expanded *Account `json:"expanded"`
		Null     *Account `json:"null"`
	}
	// encoding/json (v1) works too: each Account's UnmarshalJSON makes one v2 pass.
	err := json.Unmarshal([]byte(`{"bare":"acct_1","expanded":{"id":"acct_2","name":"Jenny"},"null":null}`), &v)
	fmt.Println(err, *v.Bare, *v.Expanded, v.Null)
	// Output: <nil> {acct_1 } {acct_2 Jenny} <nil>
}
