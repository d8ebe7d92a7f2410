package checkoutpage

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit/pay"
)

func TestSQLiteStore_KeepsOrdersAndAppliedEventsAcrossReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "checkout.db")
	st, err := OpenSQLite(ctx, path)
	require.NoError(t, err)
	require.NoError(t, st.Open(ctx, "order1"))
	require.NoError(t, st.Open(ctx, "order2"))
	require.NoError(t, st.Charged(ctx, "order1", Payment{Charge: "ch_1", Amount: 1999, Currency: "usd"}))
	paid := Change{EventID: "evt_1", OrderID: "order1", To: OrderPaid, Payment: Payment{Charge: "ch_1", Amount: 1999, Currency: "usd"}}
	o, oc, err := st.Apply(ctx, paid)
	require.NoError(t, err)
	assert.Equal(t, Moved, oc)
	want := Order{ID: "order1", State: OrderPaid, Charge: "ch_1", Amount: 1999, Currency: "usd", Event: "evt_1"}
	assert.Equal(t, want, o)
	_, oc, err = st.Apply(ctx, Change{EventID: "evt_stranger", OrderID: "nobody", To: OrderPaid})
	require.NoError(t, err)
	assert.Equal(t, UnknownOrder, oc)
	require.NoError(t, st.Close())

	st = openStore(t, path)
	got, ok, err := st.Get(ctx, "order1")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, want, got)
	got, ok, err = st.Get(ctx, "order2")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, Order{ID: "order2", State: OrderAwaitingPayment}, got)
	_, ok, err = st.Get(ctx, "order3")
	require.NoError(t, err)
	assert.False(t, ok)

	// Applied before the reopen: a duplicate now, whatever it asks.
	for _, c := range []Change{paid, {EventID: "evt_1", OrderID: "order2", To: OrderPaid}, {EventID: "evt_stranger", OrderID: "nobody", To: OrderPaid}} {
		_, oc, err = st.Apply(ctx, c)
		require.NoError(t, err)
		assert.Equal(t, Duplicate, oc, "%+v", c)
	}
	got, _, _ = st.Get(ctx, "order2")
	assert.Equal(t, OrderAwaitingPayment, got.State, "a duplicate moved another order")

	// Another event for the same state changes nothing; one for another
	// charge of the order is refused; a refund moves it on.
	_, oc, err = st.Apply(ctx, Change{EventID: "evt_2", OrderID: "order1", To: OrderPaid, Payment: paid.Payment})
	require.NoError(t, err)
	assert.Equal(t, Unchanged, oc)
	_, oc, err = st.Apply(ctx, Change{EventID: "evt_3", OrderID: "order1", To: OrderRefunded, Payment: Payment{Charge: "ch_other"}})
	require.NoError(t, err)
	assert.Equal(t, OtherCharge, oc)
	o, oc, err = st.Apply(ctx, Change{EventID: "evt_4", OrderID: "order1", To: OrderRefunded, Payment: paid.Payment})
	require.NoError(t, err)
	assert.Equal(t, Moved, oc)
	assert.Equal(t, OrderRefunded, o.State)
	assert.Equal(t, "evt_4", o.Event)

	// Open again keeps the state and the charge.
	require.NoError(t, st.Open(ctx, "order1"))
	require.NoError(t, st.Charged(ctx, "order1", Payment{Charge: "ch_later", Amount: 1, Currency: "eur"}))
	got, _, _ = st.Get(ctx, "order1")
	assert.Equal(t, OrderRefunded, got.State)
	assert.Equal(t, "ch_1", got.Charge)
}

func TestSQLiteStore_ForgetsEventsAfter30Days(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "checkout.db")
	st, err := OpenSQLite(ctx, path)
	require.NoError(t, err)
	require.NoError(t, st.Open(ctx, "order1"))
	st.now = func() time.Time { return time.Now().Add(-31 * 24 * time.Hour) }
	_, _, err = st.Apply(ctx, Change{EventID: "evt_old", OrderID: "order1", To: OrderFailed})
	require.NoError(t, err)
	st.now = time.Now
	_, _, err = st.Apply(ctx, Change{EventID: "evt_new", OrderID: "order1", To: OrderFailed})
	require.NoError(t, err)
	require.NoError(t, st.Close())

	st = openStore(t, path)
	_, oc, err := st.Apply(ctx, Change{EventID: "evt_new", OrderID: "order1", To: OrderFailed})
	require.NoError(t, err)
	assert.Equal(t, Duplicate, oc)
	_, oc, err = st.Apply(ctx, Change{EventID: "evt_old", OrderID: "order1", To: OrderFailed})
	require.NoError(t, err)
	assert.Equal(t, Unchanged, oc, "forgotten, the old event is applied by the rule: it changes nothing")
}

func TestSQLiteStore_NonceKeyIsKeptAndTheFileIsPrivate(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "checkout.db")
	st := openStore(t, path)
	key, err := st.NonceKey(ctx)
	require.NoError(t, err)
	assert.Len(t, key, 32)
	again, err := st.NonceKey(ctx)
	require.NoError(t, err)
	assert.Equal(t, key, again)
	require.NoError(t, st.Close())

	reopened, err := openStore(t, path).NonceKey(ctx)
	require.NoError(t, err)
	assert.Equal(t, key, reopened)
	other, err := openStore(t, "").NonceKey(ctx)
	require.NoError(t, err)
	assert.NotEqual(t, key, other, "each file makes its own key")

	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
}

func TestSQLiteStore_RefusesAPathItCannotOpen(t *testing.T) {
	_, err := OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "missing", "dir", "checkout.db"))
	assert.Error(t, err)
}

func TestNew_RefusesNoStore(t *testing.T) {
	_, err := New(nil, openStore(t, ""))
	assert.Error(t, err)
	_, err = New(pay.NewClient("sk_test_x"), nil)
	assert.ErrorIs(t, err, errNoStore)
}
