package oidclogin_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/oidclogin"
)

// TestDiscoveryMustNameTheConfiguredIssuer: a discovery document served at
// the configured issuer's address that names another issuer is refused
// (OpenID Connect Discovery 1.0 section 4.3; ASVS 5.0 10.5.3), so a server
// cannot pass off another provider's metadata as its own.
func TestDiscoveryMustNameTheConfiguredIssuer(t *testing.T) {
	claimed := ""
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/openid-configuration" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"issuer": claimed, "authorization_endpoint": claimed + "/authorize", "token_endpoint": claimed + "/token",
			"jwks_uri": claimed + "/jwks", "response_types_supported": []string{"code"},
			"subject_types_supported": []string{"public"}, "id_token_signing_alg_values_supported": []string{"ES256"},
		})
	}))
	t.Cleanup(srv.Close)
	for _, tc := range []struct {
		claimed string
		ok      bool
	}{
		{srv.URL, true},
		{"https://login.evil.example", false},
		{srv.URL + "/", false},
	} {
		claimed = tc.claimed
		c, err := oidclogin.New(oidclogin.Config{Issuer: srv.URL, ClientID: "absence", ClientSecret: "geheim", RedirectURL: redirectURL})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Ping(context.Background()); (err == nil) != tc.ok {
			t.Errorf("discovery naming issuer %q: ping error %v, want ok %v", tc.claimed, err, tc.ok)
		}
	}
}
