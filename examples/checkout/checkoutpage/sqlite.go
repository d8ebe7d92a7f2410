package checkoutpage

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite", pure Go
)

// SQLiteStore is a [Store] in a SQLite file: the orders, the ids of the
// events applied (each with the order it was about), and the key that
// signs the forms' nonces. Applying an event and remembering its id is one
// transaction, so a redelivered or replayed event is applied once, across
// restarts too.
type SQLiteStore struct {
	db  *sql.DB
	now func() time.Time
}

// seenEventsKept is how long an applied event's id is remembered: the API
// retries a delivery for up to three days and keeps events for 30 (a
// reconciliation replays them from the events list). An id forgotten after
// that, delivered again, still changes nothing: states only move forward.
const seenEventsKept = 30 * 24 * time.Hour

const sqliteSchema = `
CREATE TABLE IF NOT EXISTS orders (
	id         TEXT    PRIMARY KEY,
	state      TEXT    NOT NULL CHECK (state IN ('awaiting_payment', 'paid', 'failed', 'refunded')),
	charge_id  TEXT    NOT NULL DEFAULT '',
	amount     INTEGER NOT NULL DEFAULT 0,
	currency   TEXT    NOT NULL DEFAULT '',
	event_id   TEXT    NOT NULL DEFAULT '', -- the event that last moved the state
	created_at INTEGER NOT NULL,            -- Unix milliseconds
	updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS applied_events (
	id         TEXT    PRIMARY KEY,
	order_id   TEXT    NOT NULL,
	outcome    TEXT    NOT NULL,
	applied_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS applied_events_applied_at ON applied_events (applied_at);
CREATE TABLE IF NOT EXISTS secrets (
	name  TEXT PRIMARY KEY,
	value BLOB NOT NULL
);
`

// OpenSQLite opens (creating it if needed, readable by its owner only) the
// store in the SQLite file at path, and forgets the ids of events applied
// more than 30 days ago.
func OpenSQLite(ctx context.Context, path string) (*SQLiteStore, error) {
	// The file holds the nonce key: created private, before SQLite opens it.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("checkoutpage: open the store: %w", err)
	}
	f.Close()
	// WAL survives a crash; synchronous=FULL makes a commit durable before
	// the order is charged or the event acknowledged.
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)")
	if err != nil {
		return nil, fmt.Errorf("checkoutpage: open the store %s: %w", path, err)
	}
	// One connection: SQLite has one writer, and transactions queue here
	// instead of meeting SQLITE_BUSY.
	db.SetMaxOpenConns(1)
	s := &SQLiteStore{db: db, now: time.Now}
	if _, err := db.ExecContext(ctx, sqliteSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("checkoutpage: open the store %s: %w", path, err)
	}
	if _, err := db.ExecContext(ctx, `DELETE FROM applied_events WHERE applied_at < ?`,
		s.now().Add(-seenEventsKept).UnixMilli()); err != nil {
		db.Close()
		return nil, fmt.Errorf("checkoutpage: open the store %s: %w", path, err)
	}
	return s, nil
}

// Close closes the database.
func (s *SQLiteStore) Close() error { return s.db.Close() }

// Open implements [Store].
func (s *SQLiteStore) Open(ctx context.Context, id string) error {
	now := s.now().UnixMilli()
	_, err := s.db.ExecContext(ctx, `INSERT INTO orders (id, state, created_at, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`, id, string(OrderAwaitingPayment), now, now)
	if err != nil {
		return fmt.Errorf("checkoutpage: record order %s: %w", id, err)
	}
	return nil
}

// Charged implements [Store].
func (s *SQLiteStore) Charged(ctx context.Context, id string, p Payment) error {
	_, err := s.db.ExecContext(ctx, `UPDATE orders SET charge_id = ?, amount = ?, currency = ?, updated_at = ?
		WHERE id = ? AND charge_id = ''`, p.Charge, p.Amount, p.Currency, s.now().UnixMilli(), id)
	if err != nil {
		return fmt.Errorf("checkoutpage: record the charge of order %s: %w", id, err)
	}
	return nil
}

// queryer is what Get reads with: the database or a transaction.
type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func getOrder(ctx context.Context, q queryer, id string) (Order, bool, error) {
	var o Order
	var st string
	err := q.QueryRowContext(ctx, `SELECT id, state, charge_id, amount, currency, event_id FROM orders WHERE id = ?`, id).
		Scan(&o.ID, &st, &o.Charge, &o.Amount, &o.Currency, &o.Event)
	if errors.Is(err, sql.ErrNoRows) {
		return Order{}, false, nil
	}
	if err != nil {
		return Order{}, false, fmt.Errorf("checkoutpage: read order %s: %w", id, err)
	}
	o.State = OrderState(st)
	return o, true, nil
}

// Get implements [Store].
func (s *SQLiteStore) Get(ctx context.Context, id string) (Order, bool, error) {
	return getOrder(ctx, s.db, id)
}

// Apply implements [Store]: the event's id is inserted in the same
// transaction that moves the order, and a second insert of it finds it
// there (Duplicate) and changes nothing.
func (s *SQLiteStore) Apply(ctx context.Context, c Change) (Order, Outcome, error) {
	fail := func(err error) (Order, Outcome, error) {
		return Order{}, Duplicate, fmt.Errorf("checkoutpage: apply event %s: %w", c.EventID, err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	now := s.now().UnixMilli()
	res, err := tx.ExecContext(ctx, `INSERT INTO applied_events (id, order_id, outcome, applied_at) VALUES (?, ?, '', ?)
		ON CONFLICT (id) DO NOTHING`, c.EventID, c.OrderID, now)
	if err != nil {
		return fail(err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fail(err)
	} else if n == 0 {
		return Order{}, Duplicate, nil
	}
	o, ok, err := getOrder(ctx, tx, c.OrderID)
	if err != nil {
		return fail(err)
	}
	oc := UnknownOrder
	if ok && c.OrderID != "" {
		if oc = o.Apply(c); oc != OtherCharge {
			if _, err := tx.ExecContext(ctx, `UPDATE orders SET state = ?, charge_id = ?, amount = ?, currency = ?, event_id = ?, updated_at = ?
				WHERE id = ?`, string(o.State), o.Charge, o.Amount, o.Currency, o.Event, now, o.ID); err != nil {
				return fail(err)
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE applied_events SET outcome = ? WHERE id = ?`, oc.String(), c.EventID); err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	if oc == UnknownOrder {
		return Order{}, oc, nil
	}
	return o, oc, nil
}

// NonceKey returns the key that signs the forms' nonces, made (32 random
// bytes) the first time and kept in the file, so that a form served before
// a restart is still accepted after it, with its idempotency key: pass it
// to [WithNonceKey]. Instances that share the file share the key. It is a
// secret: keep the file as private as the API key.
func (s *SQLiteStore) NonceKey(ctx context.Context) ([]byte, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("checkoutpage: no random nonce key: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO secrets (name, value) VALUES ('nonce_key', ?) ON CONFLICT (name) DO NOTHING`, key); err != nil {
		return nil, fmt.Errorf("checkoutpage: store the nonce key: %w", err)
	}
	var stored []byte
	if err := s.db.QueryRowContext(ctx, `SELECT value FROM secrets WHERE name = 'nonce_key'`).Scan(&stored); err != nil {
		return nil, fmt.Errorf("checkoutpage: read the nonce key: %w", err)
	}
	return stored, nil
}
