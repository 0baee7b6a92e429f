package session

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// DefaultExpiryGrace is how long a record outlives its session when
// Options.ExpiryGrace is not set.
const DefaultExpiryGrace = 24 * time.Hour

const (
	// expiryKey is the sorted set of every session's handle, scored by its
	// deadline in Unix milliseconds. A score may be earlier than the real
	// deadline (use moves the deadline, and the score follows lazily when a
	// sweep finds the session alive) but never later.
	expiryKey = "session-expiry"
	// claimPrefix marks a session a sweep is ending, so that of several
	// instances only one records and ends it.
	claimPrefix = "session-ending:"
	// claimTTL bounds a claim: a sweep that died half-way leaves the session
	// to the sweeps after it. It is far longer than one ending takes.
	claimTTL = 5 * time.Minute
	// sweepBatch is how many due sessions one round reads; sweepRounds
	// bounds the rounds of one SweepExpired.
	sweepBatch  = 100
	sweepRounds = 50
)

// schedule puts the session in the expiry index at its deadline. The index
// lives as long as its longest-kept record.
func (m *Manager) schedule(ctx context.Context, s Session, now time.Time) error {
	ttl := s.remaining(now) + m.grace
	if ttl <= 0 {
		ttl = m.grace
	}
	if err := m.kv.SortedAdd(ctx, expiryKey, s.Handle, s.deadline().UnixMilli(), ttl); err != nil {
		return fmt.Errorf("session: expiry index: %w", err)
	}
	return nil
}

// SweepExpired ends the sessions whose idle timeout or absolute end has
// passed, the way Revoke ends one: the OnEnd listeners are told (so relying
// parties receive their back-channel logout) and the session leaves every
// index. It returns how many sessions this call ended.
//
// Every instance may run it at once: a session is claimed in the store
// before it is ended, so each expired session is recorded and ended once.
// record is called for each claimed session before it ends (to audit it);
// when record fails the session is released and left for the next sweep.
// Errors (the store or record failing) are joined and returned; the sessions
// that could be ended are ended regardless.
func (m *Manager) SweepExpired(ctx context.Context, record func(context.Context, Session) error) (int, error) {
	ended := 0
	var errs []error
	for range sweepRounds {
		now := m.now()
		handles, err := m.kv.SortedUpTo(ctx, expiryKey, now.UnixMilli(), sweepBatch)
		if err != nil {
			return ended, errors.Join(append(errs, fmt.Errorf("session: expiry index: %w", err))...)
		}
		progress := 0
		for _, h := range handles {
			done, did, err := m.expire(ctx, h, now, record)
			if err != nil {
				errs = append(errs, err)
			}
			if did {
				ended++
			}
			if done {
				progress++
			}
		}
		// A short batch was the last; a batch in which nothing moved holds
		// only sessions claimed elsewhere or failing now: the next sweep
		// tries them again.
		if len(handles) < sweepBatch || progress == 0 {
			break
		}
	}
	return ended, errors.Join(errs...)
}

// expire handles one due handle of the expiry index. done reports that the
// handle left the due part of the index (ended, rescheduled or dropped), and
// ended that this call ended the session.
func (m *Manager) expire(ctx context.Context, handle string, now time.Time, record func(context.Context, Session) error) (done, ended bool, err error) {
	s, err := m.get(ctx, handle)
	switch {
	case errors.Is(err, ErrNoSession): // ended already, or kept past the grace
		return true, false, m.unschedule(ctx, handle)
	case err != nil:
		return false, false, err
	case s.alive(now): // used since it was scheduled: its deadline moved on
		return true, false, m.schedule(ctx, s, now)
	}
	claim := claimPrefix + handle
	ok, err := m.kv.SetNX(ctx, claim, []byte(storage.RandomString(16)), claimTTL)
	if err != nil {
		return false, false, fmt.Errorf("session: claim: %w", err)
	}
	if !ok {
		return false, false, nil // another sweep is ending it
	}
	// Read again under the claim: a sweep whose claim has lapsed may have
	// ended it meanwhile.
	if s, err = m.get(ctx, handle); errors.Is(err, ErrNoSession) {
		return true, false, m.unschedule(ctx, handle)
	} else if err != nil {
		return false, false, m.release(ctx, claim, err)
	}
	if err := record(ctx, s); err != nil {
		return false, false, m.release(ctx, claim, fmt.Errorf("session: record expiry: %w", err))
	}
	ended, err = m.finish(ctx, s, true)
	if err != nil && !ended {
		return false, false, m.release(ctx, claim, err)
	}
	return err == nil, ended, err
}

// unschedule drops a handle from the expiry index.
func (m *Manager) unschedule(ctx context.Context, handle string) error {
	if err := m.kv.SortedRemove(ctx, expiryKey, handle); err != nil {
		return fmt.Errorf("session: expiry index: %w", err)
	}
	return nil
}

// release gives up a claim after cause, so the next sweep may try again.
func (m *Manager) release(ctx context.Context, claim string, cause error) error {
	if err := m.kv.Delete(ctx, claim); err != nil {
		return errors.Join(cause, fmt.Errorf("session: release claim: %w", err))
	}
	return cause
}
