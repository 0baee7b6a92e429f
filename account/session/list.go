package session

import (
	"context"
	"errors"
	"fmt"
	"sort"
)

// List returns the user's live sessions, newest first.
func (m *Manager) List(ctx context.Context, userID string) ([]Session, error) {
	handles, err := m.kv.SetMembers(ctx, userPrefix+userID)
	if err != nil {
		return nil, fmt.Errorf("session: index: %w", err)
	}
	now := m.now()
	var out []Session
	for _, h := range handles {
		s, err := m.get(ctx, h)
		if errors.Is(err, ErrNoSession) || (err == nil && !s.alive(now)) {
			_ = m.kv.SetRemove(ctx, userPrefix+userID, h) // expired: tidy the index
			continue
		}
		if err != nil {
			return nil, err
		}
		if s.UserID == userID {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CreatedAt.After(out[j].CreatedAt) })
	return out, nil
}

// Revoke ends the user's session with handle. A handle that is not one of the
// user's live sessions is ErrNoSession, so nobody can end another's session.
func (m *Manager) Revoke(ctx context.Context, userID, handle string) error {
	s, err := m.live(ctx, handle)
	if err != nil {
		return err
	}
	if s.UserID != userID {
		return ErrNoSession
	}
	return m.end(ctx, s, true)
}

// RevokeAll ends every session of the user except the one with handle except
// ("" ends all) and returns how many it ended; then it runs the OnRevokeAll
// hooks.
func (m *Manager) RevokeAll(ctx context.Context, userID, except string) (int, error) {
	list, err := m.List(ctx, userID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range list {
		if s.Handle == except {
			continue
		}
		if err := m.end(ctx, s, true); err != nil {
			return n, err
		}
		n++
	}
	for _, fn := range m.onRevokeAll {
		if err := fn(ctx, userID); err != nil {
			return n, err
		}
	}
	return n, nil
}
