package oauthstore

import (
	"context"
	"errors"
	"time"

	"github.com/ory/fosite"

	"github.com/mijnaccount/mijnaccount/storage"
)

// RevokeRefreshToken implements oauth2.TokenRevocationStorage: every refresh
// token of the request becomes inactive. The rows stay until they expire so
// that a later use is recognised as reuse.
func (s *Store) RevokeRefreshToken(ctx context.Context, requestID string) error {
	_, err := s.q(ctx).ExecContext(ctx, `UPDATE oauth_requests SET active = FALSE
		WHERE kind = 'refresh' AND request_id = $1 AND active`, requestID)
	return err
}

// RevokeAccessToken implements oauth2.TokenRevocationStorage: every access
// token of the request is deleted.
func (s *Store) RevokeAccessToken(ctx context.Context, requestID string) error {
	_, err := s.q(ctx).ExecContext(ctx, `DELETE FROM oauth_requests WHERE kind = 'access' AND request_id = $1`, requestID)
	return err
}

// RotateRefreshToken implements oauth2.RefreshTokenStorage as fosite v0.49.0
// calls it from the refresh grant, before it stores the new token pair (in the
// same transaction): the presented refresh token is deactivated, then all
// other refresh tokens of the request, and the request's access tokens are
// deleted. Deactivating the presented token is a conditional update: when a
// concurrent refresh got there first the result is fosite.ErrInactiveToken
// (and fosite.ErrNotFound for an unknown token), which fosite answers with
// invalid_request, so one refresh token never yields two token pairs.
func (s *Store) RotateRefreshToken(ctx context.Context, requestID, refreshTokenSignature string) error {
	return s.inTx(ctx, func(ctx context.Context) error {
		if err := s.deactivate(ctx, kindRefresh, refreshTokenSignature, fosite.ErrInactiveToken); err != nil {
			return err
		}
		if err := s.RevokeRefreshToken(ctx, requestID); err != nil {
			return err
		}
		return s.RevokeAccessToken(ctx, requestID)
	})
}

// RevokeSubject revokes everything issued for a user (logout everywhere, a
// helpdesk reset, a blocked account): access tokens, PKCE and OpenID Connect
// requests are deleted, authorization codes and refresh tokens deactivated.
func (s *Store) RevokeSubject(ctx context.Context, subject string) error {
	if subject == "" {
		return errors.New("oauthstore: RevokeSubject needs a subject")
	}
	return s.revokeWhere(ctx, `subject = $1`, subject)
}

// RevokeSession revokes everything issued within one login session (the
// OpenID Connect sid), as RevokeSubject does for a user. It needs the
// extractor given with WithSessionID; rows stored without one are not found.
func (s *Store) RevokeSession(ctx context.Context, sid string) error {
	if sid == "" {
		return errors.New("oauthstore: RevokeSession needs a session id")
	}
	return s.revokeWhere(ctx, `session_id = $1`, sid)
}

// EndSession is what a login session's end takes with it: the access
// tokens issued within it are deleted (introspection then says inactive)
// and its unused authorization codes deactivated. Refresh tokens stay: they
// exist only with offline_access, which is meant to outlive the session;
// RevokeSession and RevokeSubject take them too.
func (s *Store) EndSession(ctx context.Context, sid string) error {
	if sid == "" {
		return errors.New("oauthstore: EndSession needs a session id")
	}
	return s.revokeKinds(ctx, `'access'`, `'code'`, `session_id = $1`, sid)
}

// RevokeClientTokens revokes everything issued to a client, as RevokeSubject
// does for a user; for example after its secret leaked.
func (s *Store) RevokeClientTokens(ctx context.Context, clientID string) error {
	if clientID == "" {
		return errors.New("oauthstore: RevokeClientTokens needs a client id")
	}
	return s.revokeWhere(ctx, `client_id = $1`, clientID)
}

// revokeWhere revokes the rows matching cond (one $1 parameter).
func (s *Store) revokeWhere(ctx context.Context, cond string, arg string) error {
	return s.revokeKinds(ctx, `'access', 'pkce', 'oidc'`, `'code', 'refresh'`, cond, arg)
}

// revokeKinds deletes the rows of the kinds listed in deleted and
// deactivates those listed in deactivated (codes and refresh tokens, whose
// rows must stay so that a reuse is recognised), among the rows matching
// cond (one $1 parameter). The lists are SQL literals of the code.
func (s *Store) revokeKinds(ctx context.Context, deleted, deactivated, cond, arg string) error {
	return s.inTx(ctx, func(ctx context.Context) error {
		q := s.q(ctx)
		if _, err := q.ExecContext(ctx, `DELETE FROM oauth_requests WHERE kind IN (`+deleted+`) AND `+cond, arg); err != nil {
			return err
		}
		_, err := q.ExecContext(ctx, `UPDATE oauth_requests SET active = FALSE
			WHERE kind IN (`+deactivated+`) AND active AND `+cond, arg)
		return err
	})
}

// Cleanup deletes the codes, tokens, PKCE and OpenID Connect requests and
// client-assertion JTIs that expired before before, and returns how many rows
// went. Rows without expiry, which the store no longer accepts (older
// versions stored client-credentials tokens so), go as well. Run it with a
// margin (e.g. now minus a day): a deactivated refresh token or code detects
// reuse only while its row exists.
func (s *Store) Cleanup(ctx context.Context, before time.Time) (int64, error) {
	cut := storage.Micros(before)
	var total int64
	err := s.inTx(ctx, func(ctx context.Context) error {
		total = 0
		for _, query := range []string{
			`DELETE FROM oauth_requests WHERE expires_at < $1`,
			`DELETE FROM oauth_jtis WHERE expires_at < $1`,
		} {
			res, err := s.q(ctx).ExecContext(ctx, query, cut)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			total += n
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return total, nil
}
