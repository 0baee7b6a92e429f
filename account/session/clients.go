package session

import (
	"context"
	"fmt"
)

// clientsPrefix keys the set of client ids of a session (AddClient).
const clientsPrefix = "session-clients:"

// AddClient notes that the client clientID was given an authorization code
// in the session s, so that the OnEnd listeners hear of it (in
// Session.Clients) when the session ends, even after the client's tokens
// expired. The note lives as long as the session can, plus the grace.
func (m *Manager) AddClient(ctx context.Context, s Session, clientID string) error {
	ttl := s.Expires.Sub(m.now()) + m.grace
	if ttl <= 0 {
		return ErrNoSession
	}
	if err := m.kv.SetAdd(ctx, clientsPrefix+s.Handle, clientID, ttl); err != nil {
		return fmt.Errorf("session: clients: %w", err)
	}
	return nil
}
