package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLedger_KeepsAttemptsAcrossReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "billing.db")
	l, err := openLedger(ctx, path)
	require.NoError(t, err)
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	a := &attempt{Customer: "cus_1", Period: "2026-12", Number: 1, Key: attemptKey("2026-12", "cus_1", 1),
		Amount: 1500, Currency: "usd", PaymentMethod: "pm_1", CreatedAt: now, KeySentAt: now}
	require.NoError(t, l.insertPending(ctx, a))
	require.NoError(t, l.record(ctx, a.Key, stateDeclined, answer{PaymentIntent: "pi_1", IntentStatus: "requires_payment_method",
		ChargeID: "ch_1", Code: "generic_decline", Message: "Your card was declined."}, now.Add(time.Second)))
	b := &attempt{Customer: "cus_1", Period: "2026-12", Number: 2, Key: attemptKey("2026-12", "cus_1", 2),
		Amount: 1500, Currency: "usd", CreatedAt: now.Add(time.Hour), KeySentAt: now.Add(time.Hour)}
	require.NoError(t, l.insertPending(ctx, b))
	require.NoError(t, l.Close())

	l = openTestLedger(t, path)
	latest, err := l.latest(ctx, "2026-12")
	require.NoError(t, err)
	require.Len(t, latest, 1)
	got := latest["cus_1"]
	assert.Equal(t, 2, got.Number)
	assert.Equal(t, statePending, got.State)
	assert.Equal(t, "billing-2026-12-cus_1-2", got.Key)
	assert.Equal(t, now.Add(time.Hour), got.CreatedAt)
	assert.Empty(t, got.PaymentIntent, "a pending attempt has no answer yet")

	first, err := l.get(ctx, a.Key)
	require.NoError(t, err)
	assert.Equal(t, stateDeclined, first.State)
	assert.Equal(t, "ch_1", first.ChargeID)
	assert.Equal(t, "pi_1", first.PaymentIntent)
	assert.Equal(t, "requires_payment_method", first.IntentStatus)
	assert.Equal(t, "generic_decline", first.Code)
	assert.Equal(t, now.Add(time.Second), first.UpdatedAt)

	none, err := l.latest(ctx, "2026-11")
	require.NoError(t, err)
	assert.Empty(t, none)
}

func TestLedger_RecordsAnAnswerOnce(t *testing.T) {
	ctx := context.Background()
	l := openTestLedger(t, "")
	now := time.Now()
	a := &attempt{Customer: "cus_1", Period: "2026-12", Number: 1, Key: "k1", Amount: 1500, Currency: "usd", CreatedAt: now, KeySentAt: now}
	require.NoError(t, l.insertPending(ctx, a))
	require.NoError(t, l.record(ctx, "k1", stateCharged, answer{PaymentIntent: "pi_1", IntentStatus: "succeeded", ChargeID: "ch_1"}, now))
	require.NoError(t, l.record(ctx, "k1", stateDeclined, answer{PaymentIntent: "pi_2", ChargeID: "ch_2", Code: "generic_decline"}, now))
	require.Error(t, l.record(ctx, "k1", statePending, answer{}, now))
	got, err := l.get(ctx, "k1")
	require.NoError(t, err)
	assert.Equal(t, stateCharged, got.State)
	assert.Equal(t, "ch_1", got.ChargeID)
	assert.Equal(t, "pi_1", got.PaymentIntent)

	later := now.Add(48 * time.Hour)
	require.NoError(t, l.restartKeyWindow(ctx, "k1", later))
	got, err = l.get(ctx, "k1")
	require.NoError(t, err)
	assert.Equal(t, a.KeySentAt.UnixMilli(), got.KeySentAt.UnixMilli(), "an answered attempt is not sent again")
}

func TestLedger_RefusesADuplicateKeyOrAttempt(t *testing.T) {
	ctx := context.Background()
	l := openTestLedger(t, "")
	now := time.Now()
	a := &attempt{Customer: "cus_1", Period: "2026-12", Number: 1, Key: "k1", Amount: 1500, Currency: "usd", CreatedAt: now, KeySentAt: now}
	require.NoError(t, l.insertPending(ctx, a))
	assert.Error(t, l.insertPending(ctx, a), "the same attempt twice")
	other := *a
	other.Number = 2
	assert.Error(t, l.insertPending(ctx, &other), "the same key for another attempt")
}

// TestLedger_OpensALedgerOfTheChargesJob opens a file the job wrote when it
// charged with /v1/charges (schema version 1, no PaymentIntent columns):
// its rows stay, and the new columns are there, empty.
func TestLedger_OpensALedgerOfTheChargesJob(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, `CREATE TABLE attempts (
		customer TEXT NOT NULL, period TEXT NOT NULL, attempt INTEGER NOT NULL, idempotency_key TEXT NOT NULL UNIQUE,
		amount INTEGER NOT NULL, currency TEXT NOT NULL, state TEXT NOT NULL, charge_id TEXT NOT NULL DEFAULT '',
		code TEXT NOT NULL DEFAULT '', message TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL,
		key_sent_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (customer, period, attempt));
		INSERT INTO attempts VALUES ('cus_1', '2026-11', 1, 'billing-2026-11-cus_1-1', 1500, 'usd', 'charged', 'ch_1', '', '', 1, 1, 1);`)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	l := openTestLedger(t, path)
	got, err := l.get(ctx, "billing-2026-11-cus_1-1")
	require.NoError(t, err)
	require.NotNil(t, got)
	assert.Equal(t, stateCharged, got.State)
	assert.Equal(t, "ch_1", got.ChargeID)
	assert.Empty(t, got.PaymentIntent)
	require.NoError(t, l.Close())

	// Opened again, it is not migrated twice.
	l = openTestLedger(t, path)
	_, err = l.get(ctx, "billing-2026-11-cus_1-1")
	require.NoError(t, err)
}
