package oauthstore_test

import (
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"testing"

	"github.com/go-jose/go-jose/v3"
	"github.com/ory/fosite"
)

// TestFositeCodeFlow: code + PKCE S256 gives tokens and a signed ID token; a
// replayed code is refused and revokes what the code gave.
func TestFositeCodeFlow(t *testing.T) {
	h := newHarness(t)
	v, challenge := verifier(t)
	code, err := h.authorize(t, url.Values{"code_challenge": {challenge}, "code_challenge_method": {"S256"}})
	if err != nil {
		t.Fatalf("authorize: %v", err)
	}
	resp, err := h.exchange(t, code, v)
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	at, rt := resp.GetAccessToken(), refreshToken(t, resp)
	if !h.active(t, at, fosite.AccessToken) || !h.active(t, rt, fosite.RefreshToken) {
		t.Fatal("fresh tokens do not introspect as active")
	}
	checkIDToken(t, h, resp)

	_, err = h.exchange(t, code, v)
	if !errors.Is(err, fosite.ErrInvalidGrant) {
		t.Fatalf("second exchange of a code: %v, want invalid_grant", err)
	}
	if h.active(t, at, fosite.AccessToken) {
		t.Fatal("access token still active after its code was replayed")
	}
	if _, err := h.refresh(t, rt); !errors.Is(err, fosite.ErrInvalidGrant) {
		t.Fatalf("refresh after code replay: %v, want invalid_grant", err)
	}
}

func checkIDToken(t *testing.T, h *harness, resp fosite.AccessResponder) {
	t.Helper()
	raw, _ := resp.GetExtra("id_token").(string)
	jws, err := jose.ParseSigned(raw)
	if err != nil {
		t.Fatalf("id_token: %v", err)
	}
	if alg := jws.Signatures[0].Header.Algorithm; alg != "ES256" {
		t.Fatalf("id_token alg = %s, want ES256", alg)
	}
	payload, err := jws.Verify(&h.key.PublicKey)
	if err != nil {
		t.Fatalf("id_token signature: %v", err)
	}
	var claims struct {
		Iss, Sub, Nonce string
		Aud             []string
	}
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	if claims.Iss != issuer || claims.Sub != "user-1" || claims.Nonce != "nonce-0123456789" || !slices.Contains(claims.Aud, "web") {
		t.Fatalf("id_token claims = %+v", claims)
	}
}

// TestFositePKCEEnforced: no challenge, the plain method or a wrong verifier
// are refused.
func TestFositePKCEEnforced(t *testing.T) {
	h := newHarness(t)
	if _, err := h.authorize(t, nil); err == nil {
		t.Fatal("authorization without PKCE was accepted")
	}
	v, _ := verifier(t)
	if _, err := h.authorize(t, url.Values{"code_challenge": {v}, "code_challenge_method": {"plain"}}); err == nil {
		t.Fatal("plain PKCE was accepted")
	}
	_, challenge := verifier(t)
	code, err := h.authorize(t, url.Values{"code_challenge": {challenge}, "code_challenge_method": {"S256"}})
	if err != nil {
		t.Fatalf("authorize: %v", err)
	}
	if _, err := h.exchange(t, code, v); !errors.Is(err, fosite.ErrInvalidGrant) {
		t.Fatalf("exchange with the wrong verifier: %v, want invalid_grant", err)
	}
}

// codeTokens runs a complete code flow and returns the token response.
func codeTokens(t *testing.T, h *harness) fosite.AccessResponder {
	t.Helper()
	v, challenge := verifier(t)
	code, err := h.authorize(t, url.Values{"code_challenge": {challenge}, "code_challenge_method": {"S256"}})
	if err != nil {
		t.Fatalf("authorize: %v", err)
	}
	resp, err := h.exchange(t, code, v)
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	return resp
}

// TestFositeRefreshRotation: a refresh rotates both tokens; presenting the old
// refresh token again is refused and revokes the new pair.
func TestFositeRefreshRotation(t *testing.T) {
	h := newHarness(t)
	first := codeTokens(t, h)
	at1, rt1 := first.GetAccessToken(), refreshToken(t, first)

	second, err := h.refresh(t, rt1)
	if err != nil {
		t.Fatalf("refresh: %v", err)
	}
	at2, rt2 := second.GetAccessToken(), refreshToken(t, second)
	if rt2 == rt1 || at2 == at1 {
		t.Fatal("refresh did not issue new tokens")
	}
	if h.active(t, at1, fosite.AccessToken) || h.active(t, rt1, fosite.RefreshToken) {
		t.Fatal("the rotated tokens are still active")
	}
	if !h.active(t, at2, fosite.AccessToken) || !h.active(t, rt2, fosite.RefreshToken) {
		t.Fatal("the new tokens are not active")
	}

	if _, err := h.refresh(t, rt1); !errors.Is(err, fosite.ErrInvalidGrant) {
		t.Fatalf("reuse of a rotated refresh token: %v, want invalid_grant", err)
	}
	if h.active(t, at2, fosite.AccessToken) || h.active(t, rt2, fosite.RefreshToken) {
		t.Fatal("refresh token reuse did not revoke the new tokens")
	}
	if _, err := h.refresh(t, rt2); !errors.Is(err, fosite.ErrInvalidGrant) {
		t.Fatalf("refresh with a token revoked for reuse: %v, want invalid_grant", err)
	}
}

// TestFositeRevocation: revoking a refresh token revokes the access token of
// the same grant.
func TestFositeRevocation(t *testing.T) {
	h := newHarness(t)
	resp := codeTokens(t, h)
	at, rt := resp.GetAccessToken(), refreshToken(t, resp)
	if err := h.revoke(t, rt); err != nil {
		t.Fatalf("revoke: %v", err)
	}
	if h.active(t, at, fosite.AccessToken) || h.active(t, rt, fosite.RefreshToken) {
		t.Fatal("tokens still active after revocation")
	}
}

// TestFositeRevokeSubject: RevokeSubject ends what a user was issued.
func TestFositeRevokeSubject(t *testing.T) {
	h := newHarness(t)
	resp := codeTokens(t, h)
	if err := h.store.RevokeSubject(t.Context(), "user-1"); err != nil {
		t.Fatal(err)
	}
	if h.active(t, resp.GetAccessToken(), fosite.AccessToken) {
		t.Fatal("access token still active after RevokeSubject")
	}
	if _, err := h.refresh(t, refreshToken(t, resp)); !errors.Is(err, fosite.ErrInvalidGrant) {
		t.Fatalf("refresh after RevokeSubject: %v, want invalid_grant", err)
	}
}

// TestFositeClientCredentials: client_secret_post works; a wrong secret or the
// wrong authentication method is invalid_client.
func TestFositeClientCredentials(t *testing.T) {
	h := newHarness(t)
	form := url.Values{"grant_type": {"client_credentials"}, "scope": {"absence.import"},
		"client_id": {"batch"}, "client_secret": {h.batch}}
	resp, err := h.token(t, form, "", "")
	if err != nil {
		t.Fatalf("client_credentials: %v", err)
	}
	if !h.active(t, resp.GetAccessToken(), fosite.AccessToken) || resp.GetExtra("refresh_token") != nil {
		t.Fatalf("client_credentials response: %+v", resp.ToMap())
	}

	form.Set("client_secret", h.batch+"x")
	if _, err := h.token(t, form, "", ""); !errors.Is(err, fosite.ErrInvalidClient) {
		t.Fatalf("wrong secret: %v, want invalid_client", err)
	}
	form.Del("client_id")
	form.Del("client_secret")
	if _, err := h.token(t, form, "batch", h.batch); !errors.Is(err, fosite.ErrInvalidClient) {
		t.Fatalf("Basic auth for a client_secret_post client: %v, want invalid_client", err)
	}
	if _, err := h.exchange(t, "not-a-code", "v"); err == nil {
		t.Fatal("unknown code accepted")
	}
	wrong := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x"}}
	if _, err := h.token(t, wrong, "web", h.webSecret+"x"); !errors.Is(err, fosite.ErrInvalidClient) {
		t.Fatalf("wrong secret for web: %v, want invalid_client", err)
	}
}
