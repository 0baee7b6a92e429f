package oauthstoretest

import (
	"testing"
	"time"

	"github.com/ory/fosite"

	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// issue stores an access and a refresh token (and, when code is set, an
// authorization code with its PKCE and OpenID Connect requests) for request id.
func issue(t *testing.T, s Store, client fosite.Client, id, subject, sid, code string, exp time.Time) {
	t.Helper()
	req := func() *fosite.Request { return newRequest(client, id, newSession(subject, sid, exp)) }
	must(t, "CreateAccessTokenSession", s.CreateAccessTokenSession(ctx(t), "at-"+id, req()))
	must(t, "CreateRefreshTokenSession", s.CreateRefreshTokenSession(ctx(t), "rt-"+id, "at-"+id, req()))
	if code != "" {
		must(t, "CreateAuthorizeCodeSession", s.CreateAuthorizeCodeSession(ctx(t), code, req()))
		must(t, "CreatePKCERequestSession", s.CreatePKCERequestSession(ctx(t), code, req()))
		must(t, "CreateOpenIDConnectSession", s.CreateOpenIDConnectSession(ctx(t), code, req()))
	}
}

// wantAccess checks whether the access token of request id is still there.
func wantAccess(t *testing.T, s Store, sig string, present bool) {
	t.Helper()
	_, err := s.GetAccessTokenSession(ctx(t), sig, empty())
	if present {
		must(t, "GetAccessTokenSession("+sig+")", err)
	} else {
		wantErr(t, "GetAccessTokenSession("+sig+")", err, fosite.ErrNotFound)
	}
}

// wantRefresh checks whether a refresh token is active; an inactive one must
// come back with its request.
func wantRefresh(t *testing.T, s Store, sig string, active bool) {
	t.Helper()
	r, err := s.GetRefreshTokenSession(ctx(t), sig, empty())
	if active {
		must(t, "GetRefreshTokenSession("+sig+")", err)
		return
	}
	wantErr(t, "GetRefreshTokenSession("+sig+")", err, fosite.ErrInactiveToken)
	if r == nil || r.GetID() == "" || r.GetClient() == nil {
		t.Fatalf("inactive refresh token %s must come with its request, got %+v", sig, r)
	}
}

func testRevokeByRequestID(t *testing.T, s Store) {
	web := mustClient(t, s, "web")
	issue(t, s, web, "a", "u1", "s1", "", hour())
	issue(t, s, web, "b", "u1", "s1", "", hour())
	must(t, "RevokeAccessToken", s.RevokeAccessToken(ctx(t), "a"))
	wantAccess(t, s, "at-a", false)
	wantRefresh(t, s, "rt-a", true)
	must(t, "RevokeRefreshToken", s.RevokeRefreshToken(ctx(t), "a"))
	wantRefresh(t, s, "rt-a", false)
	wantAccess(t, s, "at-b", true)
	wantRefresh(t, s, "rt-b", true)
	must(t, "RevokeAccessToken(unknown)", s.RevokeAccessToken(ctx(t), "nope"))
	must(t, "RevokeRefreshToken(unknown)", s.RevokeRefreshToken(ctx(t), "nope"))
}

// testRefreshRotationAndReuse follows fosite v0.49.0's refresh grant: rotate,
// store the new pair under the same request id; on reuse of the old token,
// delete it and revoke the request's refresh and access tokens.
func testRefreshRotationAndReuse(t *testing.T, s Store) {
	web := mustClient(t, s, "web")
	issue(t, s, web, "x", "u1", "s1", "", hour())
	must(t, "RotateRefreshToken", s.RotateRefreshToken(ctx(t), "x", "rt-x"))
	wantRefresh(t, s, "rt-x", false)
	wantAccess(t, s, "at-x", false)
	next := newRequest(web, "x", newSession("u1", "s1", hour()))
	must(t, "CreateAccessTokenSession", s.CreateAccessTokenSession(ctx(t), "at-x2", next))
	must(t, "CreateRefreshTokenSession", s.CreateRefreshTokenSession(ctx(t), "rt-x2", "at-x2", next))
	wantRefresh(t, s, "rt-x2", true)
	wantAccess(t, s, "at-x2", true)

	wantErr(t, "RotateRefreshToken(used)", s.RotateRefreshToken(ctx(t), "x", "rt-x"), fosite.ErrInactiveToken)
	wantErr(t, "RotateRefreshToken(unknown)", s.RotateRefreshToken(ctx(t), "x", "rt-nope"), fosite.ErrNotFound)
	wantRefresh(t, s, "rt-x2", true)

	// Reuse of rt-x, as fosite handles it.
	old, err := s.GetRefreshTokenSession(ctx(t), "rt-x", empty())
	wantErr(t, "GetRefreshTokenSession(reused)", err, fosite.ErrInactiveToken)
	must(t, "DeleteRefreshTokenSession", s.DeleteRefreshTokenSession(ctx(t), "rt-x"))
	must(t, "RevokeRefreshToken", s.RevokeRefreshToken(ctx(t), old.GetID()))
	must(t, "RevokeAccessToken", s.RevokeAccessToken(ctx(t), old.GetID()))
	wantRefresh(t, s, "rt-x2", false)
	wantAccess(t, s, "at-x2", false)
}

// testRefreshRotateOnce: of concurrent refreshes with one token only one may
// rotate it.
func testRefreshRotateOnce(t *testing.T, s Store) {
	web := mustClient(t, s, "web")
	issue(t, s, web, "x", "u1", "s1", "", hour())
	if n := concurrently(8, func() error { return s.RotateRefreshToken(ctx(t), "x", "rt-x") }); n != 1 {
		t.Fatalf("%d concurrent rotations succeeded, want 1", n)
	}
}

func testTransaction(t *testing.T, s Store) {
	web := mustClient(t, s, "web")
	tctx, err := s.BeginTX(ctx(t))
	must(t, "BeginTX", err)
	must(t, "CreateAccessTokenSession", s.CreateAccessTokenSession(tctx, "at-rolled-back", newRequest(web, "a", newSession("u1", "s1", hour()))))
	if _, err := s.GetAccessTokenSession(tctx, "at-rolled-back", empty()); err != nil {
		t.Fatalf("the transaction does not see its own write: %v", err)
	}
	must(t, "Rollback", s.Rollback(tctx))
	wantAccess(t, s, "at-rolled-back", false)

	tctx, err = s.BeginTX(ctx(t))
	must(t, "BeginTX", err)
	must(t, "CreateAccessTokenSession", s.CreateAccessTokenSession(tctx, "at-committed", newRequest(web, "b", newSession("u1", "s1", hour()))))
	must(t, "Commit", s.Commit(tctx))
	wantAccess(t, s, "at-committed", true)
}

func testJTIReplay(t *testing.T, s Store) {
	must(t, "ClientAssertionJWTValid(new)", s.ClientAssertionJWTValid(ctx(t), "jti-1"))
	must(t, "SetClientAssertionJWT", s.SetClientAssertionJWT(ctx(t), "jti-1", time.Now().Add(time.Hour)))
	wantErr(t, "ClientAssertionJWTValid(used)", s.ClientAssertionJWTValid(ctx(t), "jti-1"), fosite.ErrJTIKnown)
	wantErr(t, "SetClientAssertionJWT(used)", s.SetClientAssertionJWT(ctx(t), "jti-1", time.Now().Add(time.Hour)), fosite.ErrJTIKnown)

	must(t, "SetClientAssertionJWT(expired)", s.SetClientAssertionJWT(ctx(t), "jti-2", time.Now().Add(-time.Minute)))
	must(t, "ClientAssertionJWTValid(expired)", s.ClientAssertionJWTValid(ctx(t), "jti-2"))
	must(t, "SetClientAssertionJWT(after expiry)", s.SetClientAssertionJWT(ctx(t), "jti-2", time.Now().Add(time.Hour)))
	wantErr(t, "ClientAssertionJWTValid(reused)", s.ClientAssertionJWTValid(ctx(t), "jti-2"), fosite.ErrJTIKnown)
}

func testCleanup(t *testing.T, s Store) {
	web := mustClient(t, s, "web")
	now := time.Now()
	issue(t, s, web, "old", "u1", "s1", "code-old", now.Add(-time.Hour))
	issue(t, s, web, "new", "u1", "s1", "code-new", now.Add(time.Hour))
	for _, kind := range []struct {
		name   string
		create func() error
	}{
		{"access token", func() error {
			return s.CreateAccessTokenSession(ctx(t), "at-forever", newRequest(web, "forever", newSession("u1", "s1", time.Time{})))
		}},
		{"refresh token", func() error {
			return s.CreateRefreshTokenSession(ctx(t), "rt-forever", "", newRequest(web, "forever", newSession("u1", "s1", time.Time{})))
		}},
		{"code", func() error {
			return s.CreateAuthorizeCodeSession(ctx(t), "code-forever", newRequest(web, "forever", newSession("u1", "s1", time.Time{})))
		}},
	} {
		wantErr(t, kind.name+" without expiry", kind.create(), oauthstore.ErrNoExpiry)
	}
	must(t, "SetClientAssertionJWT", s.SetClientAssertionJWT(ctx(t), "jti-new", now.Add(time.Hour)))
	must(t, "SetClientAssertionJWT", s.SetClientAssertionJWT(ctx(t), "jti-old", now.Add(-time.Minute)))

	n, err := s.Cleanup(ctx(t), now)
	must(t, "Cleanup", err)
	if n != 6 { // access, refresh, code, pkce, oidc of "old" and jti-old
		t.Fatalf("Cleanup removed %d rows, want 6", n)
	}
	wantAccess(t, s, "at-old", false)
	_, err = s.GetRefreshTokenSession(ctx(t), "rt-old", empty())
	wantErr(t, "expired refresh token", err, fosite.ErrNotFound)
	_, err = s.GetAuthorizeCodeSession(ctx(t), "code-old", empty())
	wantErr(t, "expired code", err, fosite.ErrNotFound)
	_, err = s.GetPKCERequestSession(ctx(t), "code-old", empty())
	wantErr(t, "expired PKCE request", err, fosite.ErrNotFound)
	wantAccess(t, s, "at-new", true)
	_, err = s.GetOpenIDConnectSession(ctx(t), "code-new", newRequest(web, "new", empty()))
	must(t, "OpenID Connect request not expired", err)
	wantErr(t, "JTI not expired", s.ClientAssertionJWTValid(ctx(t), "jti-new"), fosite.ErrJTIKnown)
}

func testRevokeSubject(t *testing.T, s Store) {
	web := mustClient(t, s, "web")
	issue(t, s, web, "a", "u1", "s1", "code-a", hour())
	issue(t, s, web, "b", "u1", "s2", "", hour())
	issue(t, s, web, "c", "u2", "s3", "code-c", hour())
	if err := s.RevokeSubject(ctx(t), ""); err == nil {
		t.Fatal("RevokeSubject(\"\") was accepted")
	}
	must(t, "RevokeSubject", s.RevokeSubject(ctx(t), "u1"))
	for _, id := range []string{"a", "b"} {
		wantAccess(t, s, "at-"+id, false)
		wantRefresh(t, s, "rt-"+id, false)
	}
	r, err := s.GetAuthorizeCodeSession(ctx(t), "code-a", empty())
	wantErr(t, "code of revoked subject", err, fosite.ErrInvalidatedAuthorizeCode)
	if r == nil {
		t.Fatal("revoked code must come with its request")
	}
	_, err = s.GetPKCERequestSession(ctx(t), "code-a", empty())
	wantErr(t, "PKCE request of revoked subject", err, fosite.ErrNotFound)
	_, err = s.GetOpenIDConnectSession(ctx(t), "code-a", newRequest(web, "a", empty()))
	wantErr(t, "OpenID Connect request of revoked subject", err, fosite.ErrNotFound)

	wantAccess(t, s, "at-c", true)
	wantRefresh(t, s, "rt-c", true)
	_, err = s.GetAuthorizeCodeSession(ctx(t), "code-c", empty())
	must(t, "code of other subject", err)
}

func testRevokeSession(t *testing.T, s Store) {
	web := mustClient(t, s, "web")
	issue(t, s, web, "a", "u1", "s1", "code-a", hour())
	issue(t, s, web, "b", "u1", "s2", "", hour())
	if err := s.RevokeSession(ctx(t), ""); err == nil {
		t.Fatal("RevokeSession(\"\") was accepted")
	}
	must(t, "RevokeSession", s.RevokeSession(ctx(t), "s1"))
	wantAccess(t, s, "at-a", false)
	wantRefresh(t, s, "rt-a", false)
	_, err := s.GetAuthorizeCodeSession(ctx(t), "code-a", empty())
	wantErr(t, "code of revoked session", err, fosite.ErrInvalidatedAuthorizeCode)
	wantAccess(t, s, "at-b", true)
	wantRefresh(t, s, "rt-b", true)
}

func testEndSession(t *testing.T, s Store) {
	web := mustClient(t, s, "web")
	issue(t, s, web, "a", "u1", "s1", "code-a", hour())
	issue(t, s, web, "b", "u1", "s2", "code-b", hour())
	if err := s.EndSession(ctx(t), ""); err == nil {
		t.Fatal("EndSession(\"\") was accepted")
	}
	must(t, "EndSession", s.EndSession(ctx(t), "s1"))
	wantAccess(t, s, "at-a", false)
	wantRefresh(t, s, "rt-a", true) // offline_access outlives the session
	_, err := s.GetAuthorizeCodeSession(ctx(t), "code-a", empty())
	wantErr(t, "code of an ended session", err, fosite.ErrInvalidatedAuthorizeCode)
	wantAccess(t, s, "at-b", true)
	if _, err := s.GetAuthorizeCodeSession(ctx(t), "code-b", empty()); err != nil {
		t.Fatalf("code of another session: %v", err)
	}
}

func testRevokeClientTokens(t *testing.T, s Store) {
	web, other := mustClient(t, s, "web"), mustClient(t, s, "other")
	issue(t, s, web, "a", "u1", "s1", "", hour())
	issue(t, s, other, "b", "u1", "s1", "", hour())
	must(t, "RevokeClientTokens", s.RevokeClientTokens(ctx(t), "web"))
	wantAccess(t, s, "at-a", false)
	wantRefresh(t, s, "rt-a", false)
	wantAccess(t, s, "at-b", true)
	wantRefresh(t, s, "rt-b", true)
}
