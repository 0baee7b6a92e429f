package oauthstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"strings"

	"github.com/ory/fosite"

	"github.com/mijnaccount/mijnaccount/storage"
)

// kind is what a row of oauth_requests holds.
type kind string

const (
	kindCode    kind = "code"    // authorization code, by code signature
	kindAccess  kind = "access"  // access token, by token signature
	kindRefresh kind = "refresh" // refresh token, by token signature
	kindPKCE    kind = "pkce"    // PKCE challenge, by code signature
	kindOIDC    kind = "oidc"    // OpenID Connect request, by authorization code
)

// tokenType is the session expiry that applies to a kind.
func (k kind) tokenType() fosite.TokenType {
	switch k {
	case kindAccess:
		return fosite.AccessToken
	case kindRefresh:
		return fosite.RefreshToken
	}
	return fosite.AuthorizeCode
}

// keyHash is how a signature or code is stored: hex SHA-256.
func keyHash(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// droppedFormFields are never stored: credentials and tokens. fosite already
// sanitises requests before storing them; this guards against a future caller
// or a configured whitelist that does not.
var droppedFormFields = map[string]bool{
	"password": true, "client_secret": true, "client_assertion": true, "assertion": true,
	"code": true, "code_verifier": true, "refresh_token": true, "access_token": true, "token": true,
	"subject_token": true, "actor_token": true,
}

// storedForm returns the url-encoded form to store.
func storedForm(form url.Values) string {
	keep := url.Values{}
	for k, v := range form {
		lk := strings.ToLower(k)
		if droppedFormFields[lk] || strings.Contains(lk, "password") || strings.Contains(lk, "secret") {
			continue
		}
		keep[k] = v
	}
	return keep.Encode()
}

// isNil reports whether a session is nil or a nil pointer.
func isNil(sess fosite.Session) bool {
	if sess == nil {
		return true
	}
	v := reflect.ValueOf(sess)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// put stores r as a row of kind k under key. accessKey is the signature of
// the access token a refresh token was issued with.
func (s *Store) put(ctx context.Context, k kind, key string, r fosite.Requester, accessKey string) error {
	if r == nil || r.GetClient() == nil {
		return errors.New("oauthstore: request without client")
	}
	sess := r.GetSession()
	var subject, sid string
	var expires int64
	if !isNil(sess) {
		subject = sess.GetSubject()
		expires = storage.Micros(sess.GetExpiresAt(k.tokenType()))
		if s.sessionID != nil {
			sid = s.sessionID(sess)
		}
	}
	if expires <= 0 {
		// Fail closed: a token that is not stored cannot be issued, and
		// one stored without expiry would be valid forever.
		return fmt.Errorf("oauthstore: %s without expiry: %w", k, ErrNoExpiry)
	}
	sessJSON, err := json.Marshal(sess)
	if err != nil {
		return fmt.Errorf("oauthstore: encode session: %w", err)
	}
	if accessKey != "" {
		accessKey = keyHash(accessKey)
	}
	_, err = s.q(ctx).ExecContext(ctx, `INSERT INTO oauth_requests (kind, key_hash, request_id, client_id, subject,
		session_id, requested_scopes, granted_scopes, requested_audience, granted_audience, form, session,
		access_key_hash, requested_at, expires_at, active)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, TRUE)`,
		string(k), keyHash(key), r.GetID(), r.GetClient().GetID(), subject, sid,
		joinList(r.GetRequestedScopes()), joinList(r.GetGrantedScopes()),
		joinList(r.GetRequestedAudience()), joinList(r.GetGrantedAudience()),
		storedForm(r.GetRequestForm()), string(sessJSON), accessKey,
		storage.Micros(r.GetRequestedAt()), expires)
	if storage.IsUniqueViolation(err) {
		return fmt.Errorf("oauthstore: %s: %w", k, ErrAlreadyExists)
	}
	return err
}

// get loads the row of kind k under key as a request whose session is
// session, hydrated from the stored JSON (a new one when session is nil), and
// reports whether the row is active. A missing row is fosite.ErrNotFound.
func (s *Store) get(ctx context.Context, k kind, key string, session fosite.Session) (*fosite.Request, bool, error) {
	q := s.q(ctx)
	var (
		r                                  fosite.Request
		clientID, rs, gs, ra, ga, form, js string
		requestedAt                        int64
		active                             bool
	)
	err := q.QueryRowContext(ctx, `SELECT request_id, client_id, requested_scopes, granted_scopes, requested_audience,
		granted_audience, form, session, requested_at, active FROM oauth_requests WHERE kind = $1 AND key_hash = $2`,
		string(k), keyHash(key)).Scan(&r.ID, &clientID, &rs, &gs, &ra, &ga, &form, &js, &requestedAt, &active)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, fmt.Errorf("oauthstore: %s: %w", k, fosite.ErrNotFound)
	}
	if err != nil {
		return nil, false, err
	}
	client, err := getClient(ctx, q, clientID)
	if err != nil {
		return nil, false, err
	}
	r.Client = &client
	if r.Form, err = url.ParseQuery(form); err != nil {
		return nil, false, fmt.Errorf("oauthstore: decode stored form: %w", err)
	}
	if isNil(session) {
		session = s.newSession()
	}
	if err := json.Unmarshal([]byte(js), session); err != nil {
		return nil, false, fmt.Errorf("oauthstore: decode session into %T: %w", session, err)
	}
	r.Session = session
	r.RequestedAt = storage.FromMicros(requestedAt)
	r.RequestedScope, r.GrantedScope = splitList(rs), splitList(gs)
	r.RequestedAudience, r.GrantedAudience = splitList(ra), splitList(ga)
	return &r, active, nil
}

// remove deletes the row of kind k under key; a missing row is not an error.
func (s *Store) remove(ctx context.Context, k kind, key string) error {
	_, err := s.q(ctx).ExecContext(ctx, `DELETE FROM oauth_requests WHERE kind = $1 AND key_hash = $2`, string(k), keyHash(key))
	return err
}
