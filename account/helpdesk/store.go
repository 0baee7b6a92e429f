package helpdesk

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// Status is where a stored action stands.
type Status string

// The statuses of a stored action.
const (
	StatusDone     Status = "done"     // carried out
	StatusPending  Status = "pending"  // a four-eyes request waiting for approval
	StatusApproved Status = "approved" // a request that was approved (and carried out)
	StatusRejected Status = "rejected" // a request that was turned down
	StatusExpired  Status = "expired"  // a request nobody decided on in time
)

// Record is one helpdesk action with the reason its actor gave (table
// helpdesk_actions). Reason is shown to nobody.
type Record struct {
	ID        string
	ActorID   string // user id, or CLIActor
	UserID    string // the user acted on
	OrgID     string // the user's organisation
	Action    Action
	FactorID  string // for RemoveFactor
	RequestID string // for ApproveReset and RejectReset: the request decided
	Reason    string
	Ticket    string
	Status    Status
	DecidedBy string
	DecidedAt time.Time
	CreatedAt time.Time
}

// Store keeps helpdesk actions in the main database.
type Store struct {
	DB  *storage.DB
	Now func() time.Time
}

const recordColumns = `id, actor_id, target_user_id, org_id, action, factor_id, request_id, reason, ticket, status,
	decided_by, decided_at, created_at`

func (s *Store) now() time.Time { return storage.FromMicros(storage.Micros(s.Now())) }

// Add stores a record with a new id and the current time and returns it.
func (s *Store) Add(ctx context.Context, rec Record) (Record, error) {
	return s.insert(ctx, s.DB, rec)
}

func (s *Store) insert(ctx context.Context, q interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}, rec Record) (Record, error) {
	rec.ID, rec.CreatedAt = storage.NewID(), s.now()
	_, err := q.ExecContext(ctx, `INSERT INTO helpdesk_actions (`+recordColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		rec.ID, rec.ActorID, rec.UserID, rec.OrgID, string(rec.Action), rec.FactorID, rec.RequestID, rec.Reason, rec.Ticket,
		string(rec.Status), rec.DecidedBy, storage.Micros(rec.DecidedAt), storage.Micros(rec.CreatedAt))
	if storage.IsUniqueViolation(err) {
		return Record{}, ErrAlreadyPending
	}
	if err != nil {
		return Record{}, fmt.Errorf("helpdesk: store action: %w", err)
	}
	return rec, nil
}

// Request stores rec as a pending request. Requests older than ttl for the
// same user and action are marked expired first; a live one makes this
// ErrAlreadyPending.
func (s *Store) Request(ctx context.Context, rec Record, ttl time.Duration) (Record, error) {
	rec.Status, rec.DecidedBy, rec.DecidedAt = StatusPending, "", time.Time{}
	var out Record
	err := s.DB.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE helpdesk_actions SET status = 'expired'
			WHERE target_user_id = $1 AND action = $2 AND status = 'pending' AND created_at < $3`,
			rec.UserID, string(rec.Action), storage.Micros(s.now().Add(-ttl))); err != nil {
			return err
		}
		var err error
		out, err = s.insert(ctx, tx, rec)
		return err
	})
	return out, err
}

func scanRecord(row interface{ Scan(...any) error }) (Record, error) {
	var (
		r                    Record
		action, status       string
		decidedAt, createdAt int64
	)
	err := row.Scan(&r.ID, &r.ActorID, &r.UserID, &r.OrgID, &action, &r.FactorID, &r.RequestID, &r.Reason, &r.Ticket,
		&status, &r.DecidedBy, &decidedAt, &createdAt)
	r.Action, r.Status = Action(action), Status(status)
	r.DecidedAt, r.CreatedAt = storage.FromMicros(decidedAt), storage.FromMicros(createdAt)
	return r, err
}

// Pending returns the user's live request for action, or ErrNoRequest.
func (s *Store) Pending(ctx context.Context, userID string, action Action, ttl time.Duration) (Record, error) {
	r, err := scanRecord(s.DB.QueryRowContext(ctx, `SELECT `+recordColumns+` FROM helpdesk_actions
		WHERE target_user_id = $1 AND action = $2 AND status = 'pending' AND created_at >= $3`,
		userID, string(action), storage.Micros(s.now().Add(-ttl))))
	if errors.Is(err, sql.ErrNoRows) {
		return Record{}, ErrNoRequest
	}
	return r, err
}

// ListPending returns every live request, oldest first.
func (s *Store) ListPending(ctx context.Context, ttl time.Duration) ([]Record, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+recordColumns+` FROM helpdesk_actions
		WHERE status = 'pending' AND created_at >= $1 ORDER BY created_at, id`, storage.Micros(s.now().Add(-ttl)))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Decide closes the live request id with status (approved or rejected) by
// decider. Only one decision wins: a request already decided, expired or
// missing is ErrNoRequest.
func (s *Store) Decide(ctx context.Context, id, decider string, status Status, ttl time.Duration) error {
	if status != StatusApproved && status != StatusRejected {
		return fmt.Errorf("helpdesk: %q is not a decision", status)
	}
	now := s.now()
	res, err := s.DB.ExecContext(ctx, `UPDATE helpdesk_actions SET status = $1, decided_by = $2, decided_at = $3
		WHERE id = $4 AND status = 'pending' AND created_at >= $5`,
		string(status), decider, storage.Micros(now), id, storage.Micros(now.Add(-ttl)))
	if err != nil {
		return fmt.Errorf("helpdesk: decide request: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return ErrNoRequest
	}
	return nil
}

// ForUser returns the user's records, newest first (for tests and operators;
// no page shows reasons).
func (s *Store) ForUser(ctx context.Context, userID string) ([]Record, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+recordColumns+` FROM helpdesk_actions
		WHERE target_user_id = $1 ORDER BY created_at DESC, id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
