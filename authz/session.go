package authz

import (
	"time"

	"github.com/mohae/deepcopy"
	"github.com/ory/fosite"
	"github.com/ory/fosite/handler/openid"
	"github.com/ory/fosite/token/jwt"
)

// Session is what fosite keeps with every code and token: the ID token
// claims, the access token (JWT) claims, and the login session (sid) they
// came from. It is stored as JSON.
type Session struct {
	*openid.DefaultSession `json:"id_token"`
	AccessClaims           *jwt.JWTClaims `json:"access_claims"`
	AccessHeader           *jwt.Headers   `json:"access_header"`
	// SID is the login session's handle, the "sid" claim.
	SID string `json:"sid,omitempty"`
	// ClientID is the client the tokens were issued to.
	ClientID string `json:"client_id,omitempty"`
	// GrantedAt is when the user authorized the client: the start of the
	// refresh tokens' absolute lifetime, kept through every rotation.
	GrantedAt time.Time `json:"granted_at,omitzero"`
}

// grantedAt is GrantedAt, or for sessions stored before it existed the
// login's auth_time (never later than the grant).
func (s *Session) grantedAt() time.Time {
	if !s.GrantedAt.IsZero() {
		return s.GrantedAt
	}
	if s.DefaultSession != nil && s.DefaultSession.Claims != nil {
		return s.DefaultSession.Claims.AuthTime
	}
	return time.Time{}
}

// NewSession returns an empty session, the shape fosite decodes into.
func NewSession() *Session {
	return &Session{
		DefaultSession: &openid.DefaultSession{Claims: &jwt.IDTokenClaims{}, Headers: &jwt.Headers{}},
		AccessClaims:   &jwt.JWTClaims{Extra: map[string]any{}},
		AccessHeader:   &jwt.Headers{},
	}
}

// GetJWTClaims implements oauth2.JWTSessionContainer: the claims of the
// access token.
func (s *Session) GetJWTClaims() jwt.JWTClaimsContainer {
	if s.AccessClaims == nil {
		s.AccessClaims = &jwt.JWTClaims{Extra: map[string]any{}}
	}
	return s.AccessClaims
}

// GetJWTHeader implements oauth2.JWTSessionContainer: access tokens are
// typed "at+jwt" (RFC 9068).
func (s *Session) GetJWTHeader() *jwt.Headers {
	if s.AccessHeader == nil {
		s.AccessHeader = &jwt.Headers{}
	}
	if s.AccessHeader.Extra == nil {
		s.AccessHeader.Extra = map[string]any{}
	}
	s.AccessHeader.Extra["typ"] = "at+jwt"
	return s.AccessHeader
}

// Clone implements fosite.Session.
func (s *Session) Clone() fosite.Session {
	if s == nil {
		return nil
	}
	return deepcopy.Copy(s).(fosite.Session)
}

// SetExpiresAt and GetExpiresAt are the embedded session's; they are named
// here so the type's method set is plain to read.
func (s *Session) SetExpiresAt(key fosite.TokenType, exp time.Time) {
	s.DefaultSession.SetExpiresAt(key, exp)
}

// GetExpiresAt implements fosite.Session.
func (s *Session) GetExpiresAt(key fosite.TokenType) time.Time {
	return s.DefaultSession.GetExpiresAt(key)
}

// SessionID reads the login session id ("sid") of a fosite session, for
// the token store (oauthstore.WithSessionID).
func SessionID(s fosite.Session) string {
	if ss, ok := s.(*Session); ok {
		return ss.SID
	}
	return ""
}
