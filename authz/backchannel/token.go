package backchannel

import (
	"crypto/rand"
	"time"
)

// EventBackchannelLogout is the member of a logout token's "events" claim
// that makes it a logout token.
const EventBackchannelLogout = "http://schemas.openid.net/event/backchannel-logout"

// TokenLifetime is how long a logout token is valid: exp is iat plus this.
const TokenLifetime = 2 * time.Minute

// logoutClaims returns the claims of the logout token for one client: iss,
// aud (the client id), iat, exp, a random jti, the event, and sub and sid
// when known. A logout token never carries a nonce.
func logoutClaims(issuer, clientID, subject, sid string, now time.Time) map[string]any {
	iat := now.Unix()
	claims := map[string]any{
		"iss":    issuer,
		"aud":    clientID,
		"iat":    iat,
		"exp":    iat + int64(TokenLifetime/time.Second),
		"jti":    rand.Text(),
		"events": map[string]any{EventBackchannelLogout: map[string]any{}},
	}
	if subject != "" {
		claims["sub"] = subject
	}
	if sid != "" {
		claims["sid"] = sid
	}
	return claims
}
