package oauthstoretest

import (
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/ory/fosite"
	"github.com/ory/fosite/handler/openid"
)

// empty returns a session as fosite passes it to a Get method: new and empty.
func empty() *openid.DefaultSession { return &openid.DefaultSession{} }

func testAuthorizeCode(t *testing.T, s Store) {
	web := mustClient(t, s, "web")
	_, err := s.GetAuthorizeCodeSession(ctx(t), "code-sig", empty())
	wantErr(t, "GetAuthorizeCodeSession(unknown)", err, fosite.ErrNotFound)
	wantErr(t, "InvalidateAuthorizeCodeSession(unknown)", s.InvalidateAuthorizeCodeSession(ctx(t), "code-sig"), fosite.ErrNotFound)

	must(t, "CreateAuthorizeCodeSession", s.CreateAuthorizeCodeSession(ctx(t), "code-sig", newRequest(web, "req-1", newSession("u1", "s1", hour()))))
	r, err := s.GetAuthorizeCodeSession(ctx(t), "code-sig", empty())
	must(t, "GetAuthorizeCodeSession", err)
	if r.GetID() != "req-1" || r.GetClient().GetID() != "web" || sessionOf(t, r).Subject != "u1" {
		t.Fatalf("GetAuthorizeCodeSession = %+v", r)
	}

	must(t, "InvalidateAuthorizeCodeSession", s.InvalidateAuthorizeCodeSession(ctx(t), "code-sig"))
	r, err = s.GetAuthorizeCodeSession(ctx(t), "code-sig", empty())
	wantErr(t, "GetAuthorizeCodeSession(used)", err, fosite.ErrInvalidatedAuthorizeCode)
	if r == nil || r.GetID() != "req-1" || r.GetClient() == nil {
		t.Fatalf("invalidated code must come with its request, got %+v", r)
	}
	wantErr(t, "InvalidateAuthorizeCodeSession(again)", s.InvalidateAuthorizeCodeSession(ctx(t), "code-sig"),
		fosite.ErrInvalidatedAuthorizeCode)
}

// testAuthorizeCodeInvalidateOnce: of concurrent exchanges of one code only
// one may invalidate it.
func testAuthorizeCodeInvalidateOnce(t *testing.T, s Store) {
	web := mustClient(t, s, "web")
	must(t, "CreateAuthorizeCodeSession", s.CreateAuthorizeCodeSession(ctx(t), "code-sig", newRequest(web, "req-1", newSession("u1", "s1", hour()))))
	if n := concurrently(8, func() error { return s.InvalidateAuthorizeCodeSession(ctx(t), "code-sig") }); n != 1 {
		t.Fatalf("%d concurrent invalidations succeeded, want 1", n)
	}
}

// concurrently runs fn n times at once and returns how many returned nil.
func concurrently(n int, fn func() error) int {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		ok    int
		start = make(chan struct{})
	)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if fn() == nil {
				mu.Lock()
				ok++
				mu.Unlock()
			}
		}()
	}
	close(start)
	wg.Wait()
	return ok
}

func testAccessToken(t *testing.T, s Store) {
	web := mustClient(t, s, "web")
	must(t, "CreateAccessTokenSession", s.CreateAccessTokenSession(ctx(t), "at-sig", newRequest(web, "req-1", newSession("u1", "s1", hour()))))
	r, err := s.GetAccessTokenSession(ctx(t), "at-sig", empty())
	must(t, "GetAccessTokenSession", err)
	if r.GetID() != "req-1" || sessionOf(t, r).Subject != "u1" {
		t.Fatalf("GetAccessTokenSession = %+v", r)
	}
	_, err = s.GetAccessTokenSession(ctx(t), "other-sig", empty())
	wantErr(t, "GetAccessTokenSession(unknown)", err, fosite.ErrNotFound)
	must(t, "DeleteAccessTokenSession", s.DeleteAccessTokenSession(ctx(t), "at-sig"))
	_, err = s.GetAccessTokenSession(ctx(t), "at-sig", empty())
	wantErr(t, "GetAccessTokenSession(deleted)", err, fosite.ErrNotFound)
	must(t, "DeleteAccessTokenSession(again)", s.DeleteAccessTokenSession(ctx(t), "at-sig"))
}

func testRefreshToken(t *testing.T, s Store) {
	web := mustClient(t, s, "web")
	must(t, "CreateRefreshTokenSession", s.CreateRefreshTokenSession(ctx(t), "rt-sig", "at-sig", newRequest(web, "req-1", newSession("u1", "s1", hour()))))
	r, err := s.GetRefreshTokenSession(ctx(t), "rt-sig", empty())
	must(t, "GetRefreshTokenSession", err)
	if r.GetID() != "req-1" || sessionOf(t, r).Subject != "u1" {
		t.Fatalf("GetRefreshTokenSession = %+v", r)
	}
	// Token revocation passes no session; the request must still come back.
	r, err = s.GetRefreshTokenSession(ctx(t), "rt-sig", nil)
	must(t, "GetRefreshTokenSession(nil session)", err)
	if r.GetSession() == nil || r.GetSession().GetSubject() != "u1" || r.GetClient().GetID() != "web" {
		t.Fatalf("GetRefreshTokenSession(nil session) = %+v", r)
	}
	must(t, "DeleteRefreshTokenSession", s.DeleteRefreshTokenSession(ctx(t), "rt-sig"))
	_, err = s.GetRefreshTokenSession(ctx(t), "rt-sig", empty())
	wantErr(t, "GetRefreshTokenSession(deleted)", err, fosite.ErrNotFound)
}

func testPKCE(t *testing.T, s Store) {
	web := mustClient(t, s, "web")
	req := newRequest(web, "req-1", newSession("u1", "s1", hour()))
	req.Form.Set("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
	req.Form.Set("code_challenge_method", "S256")
	must(t, "CreatePKCERequestSession", s.CreatePKCERequestSession(ctx(t), "code-sig", req))
	r, err := s.GetPKCERequestSession(ctx(t), "code-sig", empty())
	must(t, "GetPKCERequestSession", err)
	if r.GetRequestForm().Get("code_challenge") != "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" ||
		r.GetRequestForm().Get("code_challenge_method") != "S256" || r.GetClient().GetID() != "web" {
		t.Fatalf("GetPKCERequestSession = %+v", r)
	}
	must(t, "DeletePKCERequestSession", s.DeletePKCERequestSession(ctx(t), "code-sig"))
	_, err = s.GetPKCERequestSession(ctx(t), "code-sig", empty())
	wantErr(t, "GetPKCERequestSession(deleted)", err, fosite.ErrNotFound)
}

func testOpenIDConnectSession(t *testing.T, s Store) {
	web := mustClient(t, s, "web")
	must(t, "CreateOpenIDConnectSession", s.CreateOpenIDConnectSession(ctx(t), "the-code", newRequest(web, "req-1", newSession("u1", "s1", hour()))))
	tokenReq := newRequest(web, "req-1", newSession("u1", "s1", hour().Add(time.Hour)))
	before := sessionOf(t, tokenReq).Clone()
	r, err := s.GetOpenIDConnectSession(ctx(t), "the-code", tokenReq)
	must(t, "GetOpenIDConnectSession", err)
	if !r.GetGrantedScopes().Has("openid") || sessionOf(t, r).IDTokenClaims().Subject != "u1" ||
		sessionOf(t, r).IDTokenClaims().Nonce != "n-0S6_WzA2Mj" {
		t.Fatalf("GetOpenIDConnectSession = %+v", r)
	}
	if !reflect.DeepEqual(tokenReq.GetSession(), before) {
		t.Fatal("GetOpenIDConnectSession changed the session of the token request")
	}
	_, err = s.GetOpenIDConnectSession(ctx(t), "other-code", tokenReq)
	wantErr(t, "GetOpenIDConnectSession(unknown)", err, openid.ErrNoSessionFound)
	must(t, "DeleteOpenIDConnectSession", s.DeleteOpenIDConnectSession(ctx(t), "the-code"))
	_, err = s.GetOpenIDConnectSession(ctx(t), "the-code", tokenReq)
	wantErr(t, "GetOpenIDConnectSession(deleted)", err, fosite.ErrNotFound)
}

// testSessionRoundTrip: what fosite stores comes back whole, into the
// session fosite passes.
func testSessionRoundTrip(t *testing.T, s Store) {
	web := mustClient(t, s, "web")
	sess := newSession("u1", "s1", hour())
	sess.SetExpiresAt(fosite.AccessToken, hour().Add(-30*time.Minute))
	req := newRequest(web, "req-1", sess)
	must(t, "CreateAccessTokenSession", s.CreateAccessTokenSession(ctx(t), "at-sig", req))

	into := empty()
	r, err := s.GetAccessTokenSession(ctx(t), "at-sig", into)
	must(t, "GetAccessTokenSession", err)
	if r.GetSession() != into {
		t.Fatal("the request does not carry the session passed in")
	}
	if !reflect.DeepEqual(into, sess) {
		t.Fatalf("session = %+v / %+v, want %+v / %+v", into, into.Claims, sess, sess.Claims)
	}
	if !r.GetRequestedAt().Equal(req.RequestedAt) || r.GetID() != req.ID ||
		!reflect.DeepEqual(r.GetRequestedScopes(), req.RequestedScope) || !reflect.DeepEqual(r.GetGrantedScopes(), req.GrantedScope) ||
		!reflect.DeepEqual(r.GetRequestedAudience(), req.RequestedAudience) || !reflect.DeepEqual(r.GetGrantedAudience(), req.GrantedAudience) ||
		!reflect.DeepEqual(r.GetRequestForm(), req.Form) {
		t.Fatalf("request = %+v, want %+v", r, req)
	}
	c, ok := r.GetClient().(interface{ GetRedirectURIs() []string })
	if !ok || !reflect.DeepEqual(c.GetRedirectURIs(), web.RedirectURIs) {
		t.Fatalf("client not loaded from the client table: %+v", r.GetClient())
	}
}

func testFormWithoutCredentials(t *testing.T, s Store) {
	web := mustClient(t, s, "web")
	req := newRequest(web, "req-1", newSession("u1", "s1", hour()))
	for _, k := range []string{"password", "client_secret", "code", "refresh_token", "code_verifier", "client_assertion", "new_password"} {
		req.Form.Set(k, "geheim-"+k)
	}
	must(t, "CreateRefreshTokenSession", s.CreateRefreshTokenSession(ctx(t), "rt-sig", "at-sig", req))
	r, err := s.GetRefreshTokenSession(ctx(t), "rt-sig", empty())
	must(t, "GetRefreshTokenSession", err)
	form := r.GetRequestForm()
	for k := range form {
		if k != "redirect_uri" && k != "nonce" && k != "scope" {
			t.Errorf("form field %q was stored", k)
		}
	}
	if form.Get("redirect_uri") != "https://web.example.nl/callback" || form.Get("nonce") == "" {
		t.Fatalf("form = %v", form)
	}
}
