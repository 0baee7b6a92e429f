package oauthstore

import (
	"context"
	"fmt"

	"github.com/ory/fosite"
)

// CreateAuthorizeCodeSession implements oauth2.AuthorizeCodeStorage.
func (s *Store) CreateAuthorizeCodeSession(ctx context.Context, signature string, r fosite.Requester) error {
	return s.put(ctx, kindCode, signature, r, "")
}

// GetAuthorizeCodeSession implements oauth2.AuthorizeCodeStorage. A code that
// was used (or revoked) returns its request together with
// fosite.ErrInvalidatedAuthorizeCode, so fosite can revoke the tokens issued
// from it.
func (s *Store) GetAuthorizeCodeSession(ctx context.Context, signature string, session fosite.Session) (fosite.Requester, error) {
	r, active, err := s.get(ctx, kindCode, signature, session)
	if err != nil {
		return nil, err
	}
	if !active {
		return r, fosite.ErrInvalidatedAuthorizeCode
	}
	return r, nil
}

// InvalidateAuthorizeCodeSession implements oauth2.AuthorizeCodeStorage. Only
// one caller can invalidate an active code: a concurrent second exchange of
// the same code gets fosite.ErrInvalidatedAuthorizeCode.
func (s *Store) InvalidateAuthorizeCodeSession(ctx context.Context, signature string) error {
	return s.deactivate(ctx, kindCode, signature, fosite.ErrInvalidatedAuthorizeCode)
}

// CreateAccessTokenSession implements oauth2.AccessTokenStorage.
func (s *Store) CreateAccessTokenSession(ctx context.Context, signature string, r fosite.Requester) error {
	return s.put(ctx, kindAccess, signature, r, "")
}

// GetAccessTokenSession implements oauth2.AccessTokenStorage. Revoked access
// tokens are deleted, so they are fosite.ErrNotFound.
func (s *Store) GetAccessTokenSession(ctx context.Context, signature string, session fosite.Session) (fosite.Requester, error) {
	r, _, err := s.get(ctx, kindAccess, signature, session)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// DeleteAccessTokenSession implements oauth2.AccessTokenStorage.
func (s *Store) DeleteAccessTokenSession(ctx context.Context, signature string) error {
	return s.remove(ctx, kindAccess, signature)
}

// CreateRefreshTokenSession implements oauth2.RefreshTokenStorage.
func (s *Store) CreateRefreshTokenSession(ctx context.Context, signature, accessSignature string, r fosite.Requester) error {
	return s.put(ctx, kindRefresh, signature, r, accessSignature)
}

// GetRefreshTokenSession implements oauth2.RefreshTokenStorage. A refresh
// token that was rotated or revoked returns its request together with
// fosite.ErrInactiveToken: fosite treats that as reuse and revokes every
// token of the request.
func (s *Store) GetRefreshTokenSession(ctx context.Context, signature string, session fosite.Session) (fosite.Requester, error) {
	r, active, err := s.get(ctx, kindRefresh, signature, session)
	if err != nil {
		return nil, err
	}
	if !active {
		return r, fmt.Errorf("oauthstore: refresh token was rotated or revoked: %w", fosite.ErrInactiveToken)
	}
	return r, nil
}

// DeleteRefreshTokenSession implements oauth2.RefreshTokenStorage.
func (s *Store) DeleteRefreshTokenSession(ctx context.Context, signature string) error {
	return s.remove(ctx, kindRefresh, signature)
}

// deactivate clears the active flag of one row. When the row is already
// inactive it returns inactive; when there is none, fosite.ErrNotFound.
func (s *Store) deactivate(ctx context.Context, k kind, key string, inactive error) error {
	q := s.q(ctx)
	res, err := q.ExecContext(ctx, `UPDATE oauth_requests SET active = FALSE WHERE kind = $1 AND key_hash = $2 AND active`,
		string(k), keyHash(key))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	var exists int
	err = q.QueryRowContext(ctx, `SELECT COUNT(*) FROM oauth_requests WHERE kind = $1 AND key_hash = $2`,
		string(k), keyHash(key)).Scan(&exists)
	switch {
	case err != nil:
		return err
	case exists == 0:
		return fmt.Errorf("oauthstore: %s: %w", k, fosite.ErrNotFound)
	}
	return inactive
}
