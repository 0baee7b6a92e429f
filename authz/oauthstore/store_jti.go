package oauthstore

import (
	"context"
	"fmt"
	"time"

	"github.com/ory/fosite"

	"github.com/mijnaccount/mijnaccount/storage"
)

// ClientAssertionJWTValid implements fosite.ClientManager: fosite.ErrJTIKnown
// when jti was seen and has not expired yet, nil otherwise.
func (s *Store) ClientAssertionJWTValid(ctx context.Context, jti string) error {
	var n int
	err := s.q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM oauth_jtis WHERE jti = $1 AND expires_at >= $2`,
		jti, s.micros()).Scan(&n)
	if err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("oauthstore: client assertion replayed: %w", fosite.ErrJTIKnown)
	}
	return nil
}

// SetClientAssertionJWT implements fosite.ClientManager: it removes expired
// JTIs, then records jti until exp. A JTI that is still recorded is
// fosite.ErrJTIKnown; of two concurrent calls with one JTI only one succeeds.
func (s *Store) SetClientAssertionJWT(ctx context.Context, jti string, exp time.Time) error {
	return s.inTx(ctx, func(ctx context.Context) error {
		q := s.q(ctx)
		if _, err := q.ExecContext(ctx, `DELETE FROM oauth_jtis WHERE expires_at < $1`, s.micros()); err != nil {
			return err
		}
		res, err := q.ExecContext(ctx, `INSERT INTO oauth_jtis (jti, expires_at) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING`,
			jti, storage.Micros(exp))
		if err != nil {
			return err
		}
		return expectOne(res, fmt.Errorf("oauthstore: client assertion replayed: %w", fosite.ErrJTIKnown))
	})
}
