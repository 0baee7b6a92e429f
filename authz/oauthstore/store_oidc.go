package oauthstore

import (
	"context"
	"reflect"

	"github.com/ory/fosite"
)

// CreateOpenIDConnectSession implements openid.OpenIDConnectRequestStorage.
// fosite passes the authorization code itself; only its hash is stored.
func (s *Store) CreateOpenIDConnectSession(ctx context.Context, authorizeCode string, r fosite.Requester) error {
	return s.put(ctx, kindOIDC, authorizeCode, r, "")
}

// GetOpenIDConnectSession implements openid.OpenIDConnectRequestStorage: the
// stored authorization request, or fosite.ErrNotFound (which is
// openid.ErrNoSessionFound). Its session is a new value of the type of
// r's session, so the session of the token request is left as it is.
func (s *Store) GetOpenIDConnectSession(ctx context.Context, authorizeCode string, r fosite.Requester) (fosite.Requester, error) {
	var like fosite.Session
	if r != nil {
		like = r.GetSession()
	}
	req, _, err := s.get(ctx, kindOIDC, authorizeCode, s.emptyLike(like))
	if err != nil {
		return nil, err
	}
	return req, nil
}

// DeleteOpenIDConnectSession implements openid.OpenIDConnectRequestStorage.
func (s *Store) DeleteOpenIDConnectSession(ctx context.Context, authorizeCode string) error {
	return s.remove(ctx, kindOIDC, authorizeCode)
}

// CreatePKCERequestSession implements pkce.PKCERequestStorage.
func (s *Store) CreatePKCERequestSession(ctx context.Context, signature string, r fosite.Requester) error {
	return s.put(ctx, kindPKCE, signature, r, "")
}

// GetPKCERequestSession implements pkce.PKCERequestStorage.
func (s *Store) GetPKCERequestSession(ctx context.Context, signature string, session fosite.Session) (fosite.Requester, error) {
	req, _, err := s.get(ctx, kindPKCE, signature, session)
	if err != nil {
		return nil, err
	}
	return req, nil
}

// DeletePKCERequestSession implements pkce.PKCERequestStorage.
func (s *Store) DeletePKCERequestSession(ctx context.Context, signature string) error {
	return s.remove(ctx, kindPKCE, signature)
}

// emptyLike returns a new, zero session of the same type as like (a pointer
// to a struct), or the configured empty session.
func (s *Store) emptyLike(like fosite.Session) fosite.Session {
	if !isNil(like) {
		if t := reflect.TypeOf(like); t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct {
			if sess, ok := reflect.New(t.Elem()).Interface().(fosite.Session); ok {
				return sess
			}
		}
	}
	return s.newSession()
}
