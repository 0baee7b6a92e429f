package account

import (
	"context"
	"fmt"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

var _ StandIns = (*SQLStore)(nil)

const standInColumns = `user_id, role_id, starts_at, ends_at, granted_by, granted_at`

// StandInsOf implements StandIns.
func (s *SQLStore) StandInsOf(ctx context.Context, userID string, now time.Time) ([]StandIn, error) {
	return s.standIns(ctx, `user_id = $1`, userID, now)
}

// StandInsGivenBy implements StandIns.
func (s *SQLStore) StandInsGivenBy(ctx context.Context, grantedBy string, now time.Time) ([]StandIn, error) {
	return s.standIns(ctx, `granted_by = $1`, grantedBy, now)
}

func (s *SQLStore) standIns(ctx context.Context, where, arg string, now time.Time) ([]StandIn, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+standInColumns+` FROM user_roles
		WHERE `+where+` AND ends_at > $2 ORDER BY starts_at, role_id`, arg, storage.Micros(now))
	if err != nil {
		return nil, fmt.Errorf("account: stand-ins: %w", err)
	}
	defer rows.Close()
	var out []StandIn
	for rows.Next() {
		var (
			si                    StandIn
			starts, ends, granted int64
		)
		if err := rows.Scan(&si.UserID, &si.RoleID, &starts, &ends, &si.GrantedBy, &granted); err != nil {
			return nil, err
		}
		si.Starts, si.Ends, si.GrantedAt = storage.FromMicros(starts), storage.FromMicros(ends), storage.FromMicros(granted)
		out = append(out, si)
	}
	return out, rows.Err()
}
