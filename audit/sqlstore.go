package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// SQLStore is the audit trail in the audit_events table of a SQLite or
// PostgreSQL database migrated with Migrations.
type SQLStore struct {
	db *storage.DB
}

var _ Store = (*SQLStore)(nil)

// NewSQLStore returns the store on db, which must be the audit database.
func NewSQLStore(db *storage.DB) *SQLStore {
	return &SQLStore{db: db}
}

// appendLockKey is the PostgreSQL advisory lock that serializes appenders
// across processes.
var appendLockKey = func() int64 {
	h := fnv.New64a()
	h.Write([]byte("mijnaccount.audit_events.append"))
	return int64(h.Sum64())
}()

const selectEvents = `SELECT seq, at, actor_id, action, target_type, target_id, org_id, outcome,
	request_id, ip_hash, reason, prev_hash, hash FROM audit_events`

// Append implements Store. On PostgreSQL the transaction first takes an
// advisory lock; SQLite transactions take the write lock at BEGIN. Either way
// reading the newest event and inserting the next one cannot interleave with
// another appender.
func (s *SQLStore) Append(ctx context.Context, e Event) (Event, error) {
	e.Time = storage.FromMicros(storage.Micros(e.Time))
	if err := e.Validate(); err != nil {
		return Event{}, err
	}
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if s.db.Dialect == storage.Postgres {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, appendLockKey); err != nil {
				return fmt.Errorf("lock: %w", err)
			}
		}
		var last int64
		prev := GenesisHash
		err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1`).Scan(&last, &prev)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("read newest event: %w", err)
		}
		e.Seq = last + 1
		e.PrevHash = prev
		e.Hash = e.ComputeHash()
		_, err = tx.ExecContext(ctx, `INSERT INTO audit_events (seq, at, actor_id, action, target_type,
			target_id, org_id, outcome, request_id, ip_hash, reason, prev_hash, hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			e.Seq, storage.Micros(e.Time), e.ActorID, e.Action, e.TargetType,
			e.TargetID, e.OrgID, string(e.Outcome), e.RequestID, e.IPHash, e.Reason, e.PrevHash, e.Hash)
		if err != nil {
			return fmt.Errorf("insert event %d: %w", e.Seq, err)
		}
		return nil
	})
	if err != nil {
		return Event{}, fmt.Errorf("audit: append: %w", err)
	}
	return e, nil
}

// Iterate implements Store. Rows are streamed: fn runs while the query is
// open, so it should not take long.
func (s *SQLStore) Iterate(ctx context.Context, since time.Time, fn func(Event) error) error {
	query, args := selectEvents+` ORDER BY seq`, []any(nil)
	if !since.IsZero() {
		query, args = selectEvents+` WHERE at >= $1 ORDER BY seq`, []any{storage.Micros(since)}
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("audit: read events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			e       Event
			at      int64
			outcome string
		)
		if err := rows.Scan(&e.Seq, &at, &e.ActorID, &e.Action, &e.TargetType, &e.TargetID, &e.OrgID,
			&outcome, &e.RequestID, &e.IPHash, &e.Reason, &e.PrevHash, &e.Hash); err != nil {
			return fmt.Errorf("audit: read events: %w", err)
		}
		e.Time = storage.FromMicros(at)
		e.Outcome = Outcome(outcome)
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("audit: read events: %w", err)
	}
	return nil
}

// Verify implements Store. It reads the trail in one query, so it checks one
// consistent snapshot even while events are being appended.
func (s *SQLStore) Verify(ctx context.Context) (Report, error) {
	v := newVerifier()
	if err := s.Iterate(ctx, time.Time{}, v.check); err != nil {
		return Report{}, err
	}
	return v.report, nil
}
