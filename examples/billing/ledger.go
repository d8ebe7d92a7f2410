package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite", pure Go
)

// state is where one attempt to charge a customer for a period stands.
type state string

// The states of an attempt. Only pending is ever sent again, and always with
// its own key; the others are answers, and a new try of a refused customer is
// a new attempt with a new key.
const (
	// statePending: the row was written before the request was sent, and no
	// definitive answer has been recorded yet. The charge may or may not
	// exist at the API.
	statePending state = "pending"
	// stateCharged: the API took the payment: the PaymentIntent succeeded
	// (or is processing, or authorized: IntentStatus says which).
	stateCharged state = "charged"
	// stateDeclined: the card was declined (code); the API stored the
	// decline under the key, so a retry needs a new attempt.
	stateDeclined state = "declined"
	// stateNeedsCustomer: the bank wants the customer to authenticate
	// (authentication_required): bring them back on session to confirm
	// PaymentIntent.
	stateNeedsCustomer state = "needs_customer"
	// stateFailed: the API refused the request for another reason than the
	// card (a deleted customer, a payment method detached since): code says
	// which.
	stateFailed state = "failed"
)

// attempt is one row of the ledger: one try at charging one customer for
// one period, under one idempotency key.
type attempt struct {
	Customer string
	Period   string
	// Number counts the tries of this customer for this period, from 1.
	Number   int
	Key      string
	Amount   int64
	Currency string
	// PaymentMethod is the customer's default payment method when the row
	// was written: every send of the key charges it, whatever the customer
	// saved since.
	PaymentMethod string
	State         state
	answer
	// CreatedAt is when the row was written, before the first send.
	CreatedAt time.Time
	// KeySentAt is when the key was last sent as a new request: the start
	// of the 24 hours in which the API remembers it. It is CreatedAt, until a
	// lookup past that window finds no charge and the key is sent afresh.
	KeySentAt time.Time
	UpdatedAt time.Time
}

// answer is what the API answered an attempt, as the ledger records it.
type answer struct {
	// PaymentIntent is the PaymentIntent the API made under the key, and
	// IntentStatus its status then (succeeded, processing, requires_capture,
	// requires_payment_method after a decline, requires_action, canceled).
	PaymentIntent string
	IntentStatus  string
	// ChargeID is the PaymentIntent's latest charge: the successful one, or
	// the failed charge of a decline.
	ChargeID string
	// Code is the decline code (or error code) of a refused attempt.
	Code    string
	Message string
}

// ledger is the job's own record of what it charged, in a SQLite file. It is
// safe for concurrent use: every statement goes through one connection.
type ledger struct {
	db *sql.DB
}

const schema = `
CREATE TABLE IF NOT EXISTS attempts (
	customer        TEXT    NOT NULL,
	period          TEXT    NOT NULL,
	attempt         INTEGER NOT NULL CHECK (attempt >= 1),
	idempotency_key TEXT    NOT NULL UNIQUE,
	amount          INTEGER NOT NULL,
	currency        TEXT    NOT NULL,
	payment_method  TEXT    NOT NULL DEFAULT '',
	state           TEXT    NOT NULL CHECK (state IN ('pending', 'charged', 'declined', 'needs_customer', 'failed')),
	payment_intent  TEXT    NOT NULL DEFAULT '',
	intent_status   TEXT    NOT NULL DEFAULT '',
	charge_id       TEXT    NOT NULL DEFAULT '',
	code            TEXT    NOT NULL DEFAULT '',
	message         TEXT    NOT NULL DEFAULT '',
	created_at      INTEGER NOT NULL, -- Unix milliseconds, the job's clock
	key_sent_at     INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL,
	PRIMARY KEY (customer, period, attempt)
);
CREATE INDEX IF NOT EXISTS attempts_period_state ON attempts (period, state);
`

// schemaVersion is the ledger's PRAGMA user_version: 1 was the ledger of
// the job that charged with /v1/charges, 2 adds the PaymentIntent columns.
const schemaVersion = 2

// migrations bring a ledger of version i+1 to version i+2.
var migrations = []string{
	`ALTER TABLE attempts ADD COLUMN payment_method TEXT NOT NULL DEFAULT '';
	 ALTER TABLE attempts ADD COLUMN payment_intent TEXT NOT NULL DEFAULT '';
	 ALTER TABLE attempts ADD COLUMN intent_status TEXT NOT NULL DEFAULT '';`,
}

// openLedger opens (creating it if needed) the ledger in the SQLite file at
// path.
func openLedger(ctx context.Context, path string) (*ledger, error) {
	// WAL keeps a crash from corrupting the file; synchronous=FULL makes
	// every commit durable before the request it precedes is sent.
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	// One connection: SQLite has one writer anyway, and this way the
	// workers queue here instead of meeting SQLITE_BUSY.
	db.SetMaxOpenConns(1)
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	return &ledger{db: db}, nil
}

// migrate creates the schema in a new file, or brings an older ledger's up
// to schemaVersion, in one transaction.
func migrate(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var version, tables int
	if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'attempts'`).Scan(&tables); err != nil {
		return err
	}
	switch {
	case tables == 0:
		if _, err := tx.ExecContext(ctx, schema); err != nil {
			return err
		}
	case version > schemaVersion:
		return fmt.Errorf("the ledger's schema is version %d, newer than this program's (%d)", version, schemaVersion)
	default:
		for _, m := range migrations[max(version, 1)-1:] {
			if _, err := tx.ExecContext(ctx, m); err != nil {
				return err
			}
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, schemaVersion)); err != nil {
		return err
	}
	return tx.Commit()
}

// Close closes the database.
func (l *ledger) Close() error { return l.db.Close() }

func millis(t time.Time) int64 { return t.UnixMilli() }

func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// insertPending writes a new attempt in state pending. It is called before
// the request is sent, so that a crash at any later point leaves a row to
// resume from.
func (l *ledger) insertPending(ctx context.Context, a *attempt) error {
	_, err := l.db.ExecContext(ctx, `INSERT INTO attempts
		(customer, period, attempt, idempotency_key, amount, currency, payment_method, state, created_at, key_sent_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
		a.Customer, a.Period, a.Number, a.Key, a.Amount, a.Currency, a.PaymentMethod,
		millis(a.CreatedAt), millis(a.KeySentAt), millis(a.CreatedAt))
	if err != nil {
		return fmt.Errorf("ledger: write pending attempt %s: %w", a.Key, err)
	}
	return nil
}

// record writes the answer to a pending attempt. A row that is no longer
// pending is left alone (an answer is recorded once).
func (l *ledger) record(ctx context.Context, key string, s state, ans answer, now time.Time) error {
	if s == statePending {
		return errors.New("ledger: pending is not an answer")
	}
	_, err := l.db.ExecContext(ctx, `UPDATE attempts
		SET state = ?, payment_intent = ?, intent_status = ?, charge_id = ?, code = ?, message = ?, updated_at = ?
		WHERE idempotency_key = ? AND state = 'pending'`,
		string(s), ans.PaymentIntent, ans.IntentStatus, ans.ChargeID, ans.Code, ans.Message, millis(now), key)
	if err != nil {
		return fmt.Errorf("ledger: record %s for %s: %w", s, key, err)
	}
	return nil
}

// settle records that the customer paid, on session, the PaymentIntent of
// an attempt that needed them: it moves needs_customer to charged, once.
func (l *ledger) settle(ctx context.Context, key string, ans answer, now time.Time) error {
	_, err := l.db.ExecContext(ctx, `UPDATE attempts
		SET state = 'charged', payment_intent = ?, intent_status = ?, charge_id = ?, code = '', message = '', updated_at = ?
		WHERE idempotency_key = ? AND state = 'needs_customer'`,
		ans.PaymentIntent, ans.IntentStatus, ans.ChargeID, millis(now), key)
	if err != nil {
		return fmt.Errorf("ledger: settle %s: %w", key, err)
	}
	return nil
}

// restartKeyWindow notes that the key of a pending attempt is about to be
// sent as a new request, the API having forgotten it: its 24 hours start again.
func (l *ledger) restartKeyWindow(ctx context.Context, key string, now time.Time) error {
	_, err := l.db.ExecContext(ctx, `UPDATE attempts SET key_sent_at = ?, updated_at = ?
		WHERE idempotency_key = ? AND state = 'pending'`, millis(now), millis(now), key)
	if err != nil {
		return fmt.Errorf("ledger: restart the key window of %s: %w", key, err)
	}
	return nil
}

const attemptColumns = `customer, period, attempt, idempotency_key, amount, currency, payment_method, state,
	payment_intent, intent_status, charge_id, code, message, created_at, key_sent_at, updated_at`

func scanAttempt(rows *sql.Rows) (*attempt, error) {
	var a attempt
	var st string
	var created, sent, updated int64
	if err := rows.Scan(&a.Customer, &a.Period, &a.Number, &a.Key, &a.Amount, &a.Currency, &a.PaymentMethod, &st,
		&a.PaymentIntent, &a.IntentStatus, &a.ChargeID, &a.Code, &a.Message, &created, &sent, &updated); err != nil {
		return nil, err
	}
	a.State = state(st)
	a.CreatedAt, a.KeySentAt, a.UpdatedAt = fromMillis(created), fromMillis(sent), fromMillis(updated)
	return &a, nil
}

func (l *ledger) query(ctx context.Context, q string, args ...any) ([]*attempt, error) {
	rows, err := l.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	defer rows.Close()
	var out []*attempt
	for rows.Next() {
		a, err := scanAttempt(rows)
		if err != nil {
			return nil, fmt.Errorf("ledger: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	return out, nil
}

// latest returns the last attempt of each customer for period, by customer id.
func (l *ledger) latest(ctx context.Context, period string) (map[string]*attempt, error) {
	list, err := l.query(ctx, `SELECT `+attemptColumns+` FROM attempts a
		WHERE period = ? AND attempt = (SELECT MAX(attempt) FROM attempts b
			WHERE b.customer = a.customer AND b.period = a.period)`, period)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*attempt, len(list))
	for _, a := range list {
		out[a.Customer] = a
	}
	return out, nil
}

// attempts returns every attempt for period, by customer then attempt.
func (l *ledger) attempts(ctx context.Context, period string) ([]*attempt, error) {
	return l.query(ctx, `SELECT `+attemptColumns+` FROM attempts
		WHERE period = ? ORDER BY customer, attempt`, period)
}

// get returns the attempt with key, or nil when there is none.
func (l *ledger) get(ctx context.Context, key string) (*attempt, error) {
	list, err := l.query(ctx, `SELECT `+attemptColumns+` FROM attempts WHERE idempotency_key = ?`, key)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return list[0], nil
}
