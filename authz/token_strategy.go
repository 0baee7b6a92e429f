package authz

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/ory/fosite"
	"github.com/ory/fosite/handler/oauth2"
	"github.com/ory/fosite/token/jwt"

	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// tokenStrategy is fosite's core token strategy — JWT access tokens (RFC
// 9068), HMAC refresh tokens and authorization codes — with every expiry on
// the provider's clock (Options.Now).
//
// fosite v0.49.0 stamps expiries in each grant handler from the wall clock
// and checks them there again; a handler that forgets to, or a session
// replaced after the stamp (as the client-credentials grant did), leaves a
// token that never expires. Here the expiry is set when a token is made,
// from one clock, whatever the grant, and a token is refused when its
// stored expiry is missing or has passed:
//   - access tokens: exp and iat from the provider's clock, aud the granted
//     audience or else the client id (RFC 9068 §3: aud is required and
//     names a resource; absent a resource indicator the client is the
//     default audience);
//   - refresh tokens: the sliding lifetime, capped at the client's
//     absolute lifetime since the original grant (Session.GrantedAt);
//   - codes: see codeStorage, which stamps them as they are stored.
type tokenStrategy struct {
	jwt        *oauth2.DefaultJWTStrategy
	hmac       *oauth2.HMACSHAStrategy
	signer     jwt.Signer
	now        func() time.Time
	accessTTL  time.Duration
	refreshTTL time.Duration
}

var _ oauth2.CoreStrategy = (*tokenStrategy)(nil)

// The prefixes fosite's HMACSHAStrategy puts before refresh tokens and codes.
const (
	refreshTokenPrefix = "ory_rt_"
	codePrefix         = "ory_ac_"
)

// clock is the provider's time, in whole seconds as JWTs carry it.
func (s *tokenStrategy) clock() time.Time { return s.now().UTC().Truncate(time.Second) }

// unexpired refuses a token whose stored expiry is missing or not after now.
func (s *tokenStrategy) unexpired(r fosite.Requester, tt fosite.TokenType) error {
	exp := r.GetSession().GetExpiresAt(tt)
	if exp.IsZero() {
		return fosite.ErrTokenExpired.WithHintf("The %s has no expiry.", tokenName(tt))
	}
	if !s.now().Before(exp) {
		return fosite.ErrTokenExpired.WithHintf("The %s expired at %s.", tokenName(tt), exp.UTC().Format(time.RFC3339))
	}
	return nil
}

func tokenName(tt fosite.TokenType) string {
	switch tt {
	case fosite.AccessToken:
		return "access token"
	case fosite.RefreshToken:
		return "refresh token"
	}
	return "authorization code"
}

// AccessTokenSignature implements oauth2.AccessTokenStrategy.
func (s *tokenStrategy) AccessTokenSignature(ctx context.Context, token string) string {
	return s.jwt.AccessTokenSignature(ctx, token)
}

// GenerateAccessToken implements oauth2.AccessTokenStrategy: a JWT that
// expires the access token lifetime from now.
func (s *tokenStrategy) GenerateAccessToken(ctx context.Context, r fosite.Requester) (string, string, error) {
	sess, ok := r.GetSession().(*Session)
	if !ok {
		return "", "", errors.New("authz: access token for a session of another type")
	}
	now := s.clock()
	sess.SetExpiresAt(fosite.AccessToken, now.Add(s.accessTTL))
	if sess.AccessClaims == nil {
		sess.AccessClaims = &jwt.JWTClaims{Extra: map[string]any{}}
	}
	// A refreshed session carries the claims of the first token: iat is
	// this token's.
	sess.AccessClaims.IssuedAt = now
	aud := r.GetGrantedAudience()
	if len(aud) == 0 {
		aud = fosite.Arguments{r.GetClient().GetID()}
	}
	return s.jwt.GenerateAccessToken(ctx, withAudience{Requester: r, aud: aud})
}

// withAudience is a request whose access token names aud.
type withAudience struct {
	fosite.Requester
	aud fosite.Arguments
}

func (w withAudience) GetGrantedAudience() fosite.Arguments { return w.aud }

// timeClaimErrors are the claim checks jwt.ParseWithClaims makes against the
// wall clock after it verified the signature; the provider's clock decides.
const timeClaimErrors = jwt.ValidationErrorExpired | jwt.ValidationErrorIssuedAt | jwt.ValidationErrorNotValidYet

// ValidateAccessToken implements oauth2.AccessTokenStrategy: the signature
// must be one of ours, and both the stored expiry and the token's exp must
// lie after now.
func (s *tokenStrategy) ValidateAccessToken(ctx context.Context, r fosite.Requester, token string) error {
	if err := s.unexpired(r, fosite.AccessToken); err != nil {
		return err
	}
	t, err := s.signer.Decode(ctx, token)
	var ve *jwt.ValidationError
	if err != nil && (!errors.As(err, &ve) || ve.Errors&^timeClaimErrors != 0 || t == nil) {
		return fosite.ErrTokenSignatureMismatch.WithWrap(err).WithDebug(err.Error())
	}
	if !t.Claims.VerifyExpiresAt(s.now().Unix(), true) {
		return fosite.ErrTokenExpired.WithHint("The access token expired.")
	}
	return nil
}

// RefreshTokenSignature implements oauth2.RefreshTokenStrategy.
func (s *tokenStrategy) RefreshTokenSignature(ctx context.Context, token string) string {
	return s.hmac.RefreshTokenSignature(ctx, token)
}

// GenerateRefreshToken implements oauth2.RefreshTokenStrategy: the token
// expires the sliding lifetime from now, but never after the end of its
// absolute lifetime.
func (s *tokenStrategy) GenerateRefreshToken(ctx context.Context, r fosite.Requester) (string, string, error) {
	exp := s.clock().Add(s.refreshTTL)
	if end := absoluteEnd(r); end.Before(exp) {
		exp = end
	}
	r.GetSession().SetExpiresAt(fosite.RefreshToken, exp)
	return s.hmac.GenerateRefreshToken(ctx, r)
}

// ValidateRefreshToken implements oauth2.RefreshTokenStrategy. A refresh
// token past its expiry or its grant's absolute lifetime (as the client has
// it now) is fosite.ErrTokenExpired, which fosite answers with
// invalid_grant.
func (s *tokenStrategy) ValidateRefreshToken(ctx context.Context, r fosite.Requester, token string) error {
	if err := s.unexpired(r, fosite.RefreshToken); err != nil {
		return err
	}
	if !s.now().Before(absoluteEnd(r)) {
		return fosite.ErrTokenExpired.WithHint("The refresh token reached the end of its absolute lifetime; the user must log in again.")
	}
	return s.hmac.Enigma.Validate(ctx, strings.TrimPrefix(token, refreshTokenPrefix))
}

// absoluteEnd is when the refresh tokens of r's grant stop, whatever their
// rotations: the original grant's time plus the client's absolute refresh
// token lifetime. A grant of unknown time ends at once.
func absoluteEnd(r fosite.Requester) time.Time {
	sess, ok := r.GetSession().(*Session)
	if !ok {
		return time.Time{}
	}
	start := sess.grantedAt()
	if start.IsZero() {
		return time.Time{}
	}
	lifetime := oauthstore.DefaultRefreshTokenAbsoluteLifetime
	if c, ok := r.GetClient().(*oauthstore.Client); ok {
		lifetime = c.GetRefreshTokenAbsoluteLifetime()
	}
	return start.Add(lifetime)
}

// AuthorizeCodeSignature implements oauth2.AuthorizeCodeStrategy.
func (s *tokenStrategy) AuthorizeCodeSignature(ctx context.Context, token string) string {
	return s.hmac.AuthorizeCodeSignature(ctx, token)
}

// GenerateAuthorizeCode implements oauth2.AuthorizeCodeStrategy. fosite
// sets the code's expiry after this; codeStorage replaces it.
func (s *tokenStrategy) GenerateAuthorizeCode(ctx context.Context, r fosite.Requester) (string, string, error) {
	return s.hmac.GenerateAuthorizeCode(ctx, r)
}

// ValidateAuthorizeCode implements oauth2.AuthorizeCodeStrategy.
func (s *tokenStrategy) ValidateAuthorizeCode(ctx context.Context, r fosite.Requester, token string) error {
	if err := s.unexpired(r, fosite.AuthorizeCode); err != nil {
		return err
	}
	return s.hmac.Enigma.Validate(ctx, strings.TrimPrefix(token, codePrefix))
}
