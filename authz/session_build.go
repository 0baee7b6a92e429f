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
// client_id, scope, acr, sid, and of the identity claims only the ids,
// domain and roles, see accessClaims),
// and the algorithm the client asked for.
func (p *Provider) userSession(s session.Session, id Identity, client *oauthstore.Client, scopes fosite.Arguments, requestedAt time.Time) *Session {
	sess := NewSession()
	sess.Subject, sess.SID, sess.ClientID = id.User.ID, s.Handle, client.ID
	sess.GrantedAt = p.opts.Now().UTC()
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
	a.Extra = accessClaims(identityClaims)
	a.Extra["client_id"] = client.ID
	a.Extra["sid"] = s.Handle
	a.Extra["acr"] = s.ACR
	return sess
}

// personalClaims are the identity claims that describe the person or
// name the organisation: they go into the ID token and userinfo, which only
// the client reads, never into the access token, which travels to resource
// servers (RFC 9068 §6: the token's content is visible to whoever holds it,
// so it should carry no more than the resource needs).
var personalClaims = []string{"name", "email", "email_verified", "org_name", "birthdate"}

// accessClaims returns the identity claims without the personal ones: the
// access token keeps the ids, domain and roles that decide access.
func accessClaims(identity map[string]any) map[string]any {
	out := maps.Clone(identity)
	for _, k := range personalClaims {
		delete(out, k)
	}
	return out
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
