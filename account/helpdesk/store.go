package helpdesk

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mijnaccount/mijnaccount/secretbox"
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
	FactorID  string    // for RemoveFactor
	RequestID string    // for Approve and Reject: the request decided
	Phone     string    // for a StartSwap request: the temporary number (sealed in the table)
	Until     time.Time // for a StartSwap request: the optional end
	Reason    string
	Ticket    string
	Status    Status
	DecidedBy string
	DecidedAt time.Time
	CreatedAt time.Time
}

// Store keeps helpdesk actions in the main database.
type Store struct {
	DB *storage.DB
	// Keys seals the phone number a request keeps, like every phone number
	// at rest; needed only for temporary number requests.
	Keys secretbox.Keyring
	Now  func() time.Time
}

const recordColumns = `id, actor_id, target_user_id, org_id, action, factor_id, request_id, reason, ticket, status,
	decided_by, decided_at, created_at, phone, ends_at`

// phoneAD binds a sealed number to its row, so a sealed value copied into
// another row does not open.
func phoneAD(id string) []byte { return []byte("helpdesk-request:" + id) }

func (s *Store) now() time.Time { return storage.FromMicros(storage.Micros(s.Now())) }

// Add stores a record with a new id and the current time and returns it.
func (s *Store) Add(ctx context.Context, rec Record) (Record, error) {
	return s.insert(ctx, s.DB, rec)
}

func (s *Store) insert(ctx context.Context, q storage.Querier, rec Record) (Record, error) {
	rec.ID, rec.CreatedAt = storage.NewID(), s.now()
	sealed := ""
	if rec.Phone != "" {
		var err error
		if sealed, err = s.Keys.Seal([]byte(rec.Phone), phoneAD(rec.ID)); err != nil {
			return Record{}, fmt.Errorf("helpdesk: seal number: %w", err)
		}
	}
	_, err := q.ExecContext(ctx, `INSERT INTO helpdesk_actions (`+recordColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		rec.ID, rec.ActorID, rec.UserID, rec.OrgID, string(rec.Action), rec.FactorID, rec.RequestID, rec.Reason, rec.Ticket,
		string(rec.Status), rec.DecidedBy, storage.Micros(rec.DecidedAt), storage.Micros(rec.CreatedAt),
		sealed, microsOrZero(rec.Until))
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

func microsOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return storage.Micros(t)
}

func (s *Store) scanRecord(row storage.Scanner) (Record, error) {
	var (
		r                           Record
		action, status, sealed      string
		decidedAt, createdAt, until int64
	)
	err := row.Scan(&r.ID, &r.ActorID, &r.UserID, &r.OrgID, &action, &r.FactorID, &r.RequestID, &r.Reason, &r.Ticket,
		&status, &r.DecidedBy, &decidedAt, &createdAt, &sealed, &until)
	if err != nil {
		return Record{}, err
	}
	r.Action, r.Status = Action(action), Status(status)
	r.DecidedAt, r.CreatedAt = storage.FromMicros(decidedAt), storage.FromMicros(createdAt)
	if until != 0 {
		r.Until = storage.FromMicros(until)
	}
	if sealed != "" {
		raw, err := s.Keys.Open(sealed, phoneAD(r.ID))
		if err != nil {
			return Record{}, fmt.Errorf("helpdesk: open number of request %s: %w", r.ID, err)
		}
		r.Phone = string(raw)
	}
	return r, nil
}

func (s *Store) one(row *sql.Row) (Record, error) {
	r, err := s.scanRecord(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Record{}, ErrNoRequest
	}
	return r, err
}

func (s *Store) all(rows *sql.Rows, err error) ([]Record, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		r, err := s.scanRecord(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Pending returns the user's live request for action, or ErrNoRequest.
func (s *Store) Pending(ctx context.Context, userID string, action Action, ttl time.Duration) (Record, error) {
	return s.one(s.DB.QueryRowContext(ctx, `SELECT `+recordColumns+` FROM helpdesk_actions
		WHERE target_user_id = $1 AND action = $2 AND status = 'pending' AND created_at >= $3`,
		userID, string(action), storage.Micros(s.now().Add(-ttl))))
}

// Live returns the live request id, or ErrNoRequest when it does not exist,
// was decided or has expired.
func (s *Store) Live(ctx context.Context, id string, ttl time.Duration) (Record, error) {
	return s.one(s.DB.QueryRowContext(ctx, `SELECT `+recordColumns+` FROM helpdesk_actions
		WHERE id = $1 AND status = 'pending' AND created_at >= $2`, id, storage.Micros(s.now().Add(-ttl))))
}

// PendingFor returns the user's live requests, oldest first.
func (s *Store) PendingFor(ctx context.Context, userID string, ttl time.Duration) ([]Record, error) {
	return s.all(s.DB.QueryContext(ctx, `SELECT `+recordColumns+` FROM helpdesk_actions
		WHERE target_user_id = $1 AND status = 'pending' AND created_at >= $2 ORDER BY created_at, id`,
		userID, storage.Micros(s.now().Add(-ttl))))
}

// ListPending returns every live request, oldest first.
func (s *Store) ListPending(ctx context.Context, ttl time.Duration) ([]Record, error) {
	return s.all(s.DB.QueryContext(ctx, `SELECT `+recordColumns+` FROM helpdesk_actions
		WHERE status = 'pending' AND created_at >= $1 ORDER BY created_at, id`, storage.Micros(s.now().Add(-ttl))))
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
	return s.all(s.DB.QueryContext(ctx, `SELECT `+recordColumns+` FROM helpdesk_actions
		WHERE target_user_id = $1 ORDER BY created_at DESC, id`, userID))
}
