package phoneswap

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// End puts the original number back now (the user's "Terugzetten", or the
// helpdesk), ends the user's sessions and notifies. ErrNoSwap when none runs.
func (s *Service) End(ctx context.Context, userID, by string) error {
	sw, err := s.Active(ctx, userID)
	if err != nil {
		return err
	}
	done, err := s.revert(ctx, sw, by)
	if err != nil {
		return err
	}
	if !done {
		return ErrNoSwap
	}
	return nil
}

// revert restores the original number and then claims the swap with a
// conditional UPDATE. Restoring first makes a crash in between harmless (the
// job tries again); the claim makes sure only one process ends the sessions
// and notifies. It reports whether this call made the revert.
func (s *Service) revert(ctx context.Context, sw Swap, by string) (bool, error) {
	f, err := s.Factors.GetFactor(ctx, sw.UserID, sw.FactorID)
	if err != nil {
		return false, fmt.Errorf("phoneswap: factor of swap %s: %w", sw.ID, err)
	}
	temporary := f.Secret
	if err := s.Factors.ReplaceSecret(ctx, sw.UserID, sw.FactorID, sw.Original); err != nil {
		return false, fmt.Errorf("phoneswap: restore swap %s: %w", sw.ID, err)
	}
	res, err := s.DB.ExecContext(ctx, `UPDATE phone_swaps SET reverted_at = $1, reverted_by = $2 WHERE id = $3 AND reverted_at = 0`,
		storage.Micros(s.Now()), by, sw.ID)
	if err != nil {
		return false, fmt.Errorf("phoneswap: claim swap %s: %w", sw.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	if _, err := s.Sessions.RevokeAll(ctx, sw.UserID, ""); err != nil {
		s.Log.Error("sessions not ended after phone swap", "swap", sw.ID, "err", err)
	}
	if temporary == sw.Original {
		temporary = ""
	}
	s.notify(ctx, Event{Kind: "ended", Swap: sw, Temporary: temporary, By: by})
	return true, nil
}

// RevertDue puts back every swap whose end date has passed and returns how
// many this call reverted.
func (s *Service) RevertDue(ctx context.Context) (int, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, user_id, factor_id, original_phone, started_at, started_by, ends_at
		FROM phone_swaps WHERE reverted_at = 0 AND ends_at > 0 AND ends_at <= $1 ORDER BY ends_at`, storage.Micros(s.Now()))
	if err != nil {
		return 0, fmt.Errorf("phoneswap: due swaps: %w", err)
	}
	var due []Swap
	for rows.Next() {
		sw, err := s.scan(rows)
		if err != nil {
			rows.Close()
			return 0, err
		}
		due = append(due, sw)
	}
	rows.Close()
	n := 0
	var errs []error
	for _, sw := range due {
		done, err := s.revert(ctx, sw, "")
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if done {
			n++
		}
	}
	return n, errors.Join(errs...)
}

// Run reverts due swaps every interval until ctx ends. Several processes may
// run it at once: each swap is reverted exactly once.
func (s *Service) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := s.RevertDue(ctx); err != nil {
			s.Log.Error("phone swap reverts failed", "err", err)
		} else if n > 0 {
			s.Log.Info("phone swaps reverted", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
