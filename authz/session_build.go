package authz

import (
	"maps"
	"time"

	"github.com/ory/fosite"

	"github.com/mijnaccount/mijnaccount/account/session"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// userSession builds the fosite session for a user's tokens: ID token
// claims (with auth_time, acr, amr, sid, the scoped identity claims and the
// user-only claims such as birthdate), the access token's claims (RFC 9068:
// client_id, scope, the same identity claims without the user-only ones),
// and the algorithm the client asked for.
func (p *Provider) userSession(s session.Session, id Identity, client *oauthstore.Client, scopes fosite.Arguments, requestedAt time.Time) *Session {
	sess := NewSession()
	sess.Subject, sess.SID, sess.ClientID = id.User.ID, s.Handle, client.ID
	identityClaims := id.claims(scopes)

	c := sess.DefaultSession.Claims
	c.Subject = id.User.ID
	c.Issuer = p.opts.Issuer
	c.AuthTime = s.AuthTime.UTC()
	c.RequestedAt = requestedAt.UTC()
	c.AuthenticationContextClassReference = s.ACR
	c.AuthenticationMethodsReferences = append([]string(nil), s.AMR...)
	c.Extra = maps.Clone(identityClaims)
	maps.Copy(c.Extra, id.userOnlyClaims(scopes))
	c.Extra["sid"] = s.Handle
	if client.GetIDTokenSignedResponseAlg() == AlgRS256 {
		sess.DefaultSession.Headers.Extra = map[string]any{algHeader: AlgRS256}
	}

	a := sess.AccessClaims
	a.Subject = id.User.ID
	a.Extra = maps.Clone(identityClaims)
	a.Extra["client_id"] = client.ID
	a.Extra["sid"] = s.Handle
	a.Extra["acr"] = s.ACR
	return sess
}

// clientSession is the session of a client-credentials token: the client
// is the subject and there is no user.
func clientSession(client fosite.Client) *Session {
	sess := NewSession()
	sess.Subject, sess.ClientID = client.GetID(), client.GetID()
	sess.DefaultSession.Claims.Subject = client.GetID()
	sess.AccessClaims.Subject = client.GetID()
	sess.AccessClaims.Extra["client_id"] = client.GetID()
	return sess
}
