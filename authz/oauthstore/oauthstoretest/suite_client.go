package oauthstoretest

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ory/fosite"

	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

func testClientCreateGetList(t *testing.T, s Store) {
	web := mustClient(t, s, "web")
	if web.CreatedAt.IsZero() || web.SecretRotatedAt.IsZero() {
		t.Fatalf("times not set: %+v", web)
	}
	if web.TokenEndpointAuthMethod != oauthstore.AuthClientSecretBasic || web.IDTokenSignedResponseAlg != oauthstore.AlgES256 ||
		!reflect.DeepEqual(web.ResponseTypes, []string{"code"}) {
		t.Fatalf("defaults not applied: %+v", web)
	}
	got, err := s.GetOAuthClient(ctx(t), "web")
	must(t, "GetOAuthClient", err)
	if !reflect.DeepEqual(got, *web) {
		t.Fatalf("GetOAuthClient = %+v, want %+v", got, *web)
	}

	app, err := s.CreateClient(ctx(t), oauthstore.Client{
		ID:                       "app",
		Name:                     "App",
		Public:                   true,
		FirstParty:               true,
		RedirectURIs:             []string{"http://127.0.0.1:8123/cb", "http://[::1]/cb", "http://localhost/cb"},
		PostLogoutRedirectURIs:   []string{"https://app.example.nl/bye"},
		BackchannelLogoutURI:     "https://app.example.nl/backchannel",
		GrantTypes:               []string{oauthstore.GrantAuthorizationCode},
		Audience:                 []string{"https://api.example.nl"},
		IDTokenSignedResponseAlg: oauthstore.AlgRS256,
	})
	must(t, "CreateClient(public)", err)
	if app.TokenEndpointAuthMethod != oauthstore.AuthNone || !app.SecretRotatedAt.IsZero() || app.SecretHash != nil {
		t.Fatalf("public client defaults: %+v", app)
	}
	svc, err := s.CreateClient(ctx(t), oauthstore.Client{
		ID: "batch", Name: "Batch import", SecretHash: web.SecretHash,
		GrantTypes: []string{oauthstore.GrantClientCredentials}, Scopes: []string{"import"},
		TokenEndpointAuthMethod: oauthstore.AuthClientSecretPost,
	})
	must(t, "CreateClient(service)", err)
	if svc.ResponseTypes != nil {
		t.Fatalf("client_credentials client has response types %v", svc.ResponseTypes)
	}

	fc, err := s.GetClient(ctx(t), "app")
	must(t, "GetClient", err)
	oc, ok := fc.(fosite.OpenIDConnectClient)
	if !ok || !fc.IsPublic() || oc.GetTokenEndpointAuthMethod() != "none" || !fc.GetGrantTypes().Has("authorization_code") ||
		!fc.GetResponseTypes().Has("code") || len(fc.GetHashedSecret()) != 0 || !fc.GetAudience().Has("https://api.example.nl") {
		t.Fatalf("GetClient(app) = %+v", fc)
	}
	if gotApp, _ := fc.(*oauthstore.Client); gotApp == nil || !reflect.DeepEqual(*gotApp, app) {
		t.Fatalf("GetClient(app) = %+v, want %+v", fc, app)
	}

	list, err := s.ListClients(ctx(t))
	must(t, "ListClients", err)
	var names []string
	for _, c := range list {
		names = append(names, c.Name)
	}
	if want := []string{"App", "Batch import", "Verzuim web"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("ListClients names = %v, want %v", names, want)
	}
}

func testClientDuplicate(t *testing.T, s Store) {
	mustClient(t, s, "web")
	_, err := s.CreateClient(ctx(t), webClient(t, "web"))
	wantErr(t, "CreateClient(duplicate)", err, oauthstore.ErrAlreadyExists)
}

func testClientValidation(t *testing.T, s Store) {
	hash := webClient(t, "x").SecretHash
	cases := []struct {
		name   string
		change func(c *oauthstore.Client)
		want   []string
	}{
		{"http redirect", func(c *oauthstore.Client) { c.RedirectURIs = []string{"http://example.nl/cb"} },
			[]string{`redirect_uri "http://example.nl/cb": http is only allowed for loopback hosts`}},
		{"wildcard and fragment", func(c *oauthstore.Client) {
			c.RedirectURIs = []string{"https://*.example.nl/cb", "https://example.nl/cb#x", "/relative", "custom:/cb"}
		}, []string{`redirect_uri "https://*.example.nl/cb": must not contain a wildcard`,
			`redirect_uri "https://example.nl/cb#x": must not have a fragment`,
			`redirect_uri "/relative": must be an absolute URI`,
			`redirect_uri "custom:/cb": must be an absolute URI`}},
		{"grants", func(c *oauthstore.Client) { c.GrantTypes = []string{"password", "implicit", "refresh_token"} },
			[]string{`grant_type "password": not supported`, `grant_type "implicit": not supported`,
				"refresh_token needs authorization_code", "only clients with authorization_code have redirect URIs"}},
		{"public with secret", func(c *oauthstore.Client) {
			c.Public = true
			c.TokenEndpointAuthMethod = oauthstore.AuthClientSecretBasic
		}, []string{"public clients have no secret", `token_endpoint_auth_method "client_secret_basic": public clients authenticate with "none"`}},
		{"confidential without secret", func(c *oauthstore.Client) { c.SecretHash = nil },
			[]string{"secret_hash: confidential clients need a secret"}},
		{"raw secret", func(c *oauthstore.Client) { c.SecretHash = []byte("hunter2") },
			[]string{"secret_hash: not a hash made by SecretHasher"}},
		{"confidential with none", func(c *oauthstore.Client) { c.TokenEndpointAuthMethod = oauthstore.AuthNone },
			[]string{"only public clients authenticate with none"}},
		{"public client credentials", func(c *oauthstore.Client) {
			c.Public, c.SecretHash = true, nil
			c.GrantTypes = append(c.GrantTypes, oauthstore.GrantClientCredentials)
		}, []string{"public clients cannot use client_credentials"}},
		{"alg, id, name, scope", func(c *oauthstore.Client) {
			c.IDTokenSignedResponseAlg, c.ID, c.Name = "HS256", "web client", " "
			c.Scopes = []string{"openid", "openid", `bad"scope`}
			c.ResponseTypes = []string{"token"}
		}, []string{`id_token_signed_response_alg "HS256": not supported (want ES256 or RS256)`, "id: must be",
			"name: must not be empty", `scope "openid": listed twice`, `scope "bad\"scope"`, `response_type "token"`}},
	}
	for _, tc := range cases {
		c := webClient(t, "web")
		c.SecretHash = hash
		tc.change(&c)
		err := oauthstore.ValidateClient(c)
		if err == nil {
			t.Fatalf("%s: ValidateClient accepted %+v", tc.name, c)
		}
		_, cerr := s.CreateClient(ctx(t), c)
		wantErr(t, tc.name+": CreateClient", cerr, oauthstore.ErrInvalidClient)
		for _, want := range tc.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %q does not report %q", tc.name, err, want)
			}
		}
	}
	list, err := s.ListClients(ctx(t))
	must(t, "ListClients", err)
	if len(list) != 0 {
		t.Fatalf("invalid clients were stored: %+v", list)
	}
}

func testClientNotFound(t *testing.T, s Store) {
	_, err := s.GetClient(ctx(t), "nope")
	wantErr(t, "GetClient", err, fosite.ErrNotFound)
	_, err = s.GetOAuthClient(ctx(t), "nope")
	wantErr(t, "GetOAuthClient", err, fosite.ErrNotFound)
	wantErr(t, "DeleteClient", s.DeleteClient(ctx(t), "nope"), fosite.ErrNotFound)
	hash, _ := oauthstore.HashSecret("x")
	wantErr(t, "SetClientSecret", s.SetClientSecret(ctx(t), "nope", hash), fosite.ErrNotFound)
}

func testClientSecret(t *testing.T, s Store) {
	web := mustClient(t, s, "web")
	secret, err := oauthstore.NewSecret()
	must(t, "NewSecret", err)
	hash, err := oauthstore.HashSecret(secret)
	must(t, "HashSecret", err)
	time.Sleep(2 * time.Millisecond)
	must(t, "SetClientSecret", s.SetClientSecret(ctx(t), "web", hash))
	got, err := s.GetOAuthClient(ctx(t), "web")
	must(t, "GetOAuthClient", err)
	h := oauthstore.SecretHasher{}
	if h.Compare(ctx(t), got.SecretHash, []byte(secret)) != nil || h.Compare(ctx(t), got.SecretHash, []byte("secret-of-web")) == nil {
		t.Fatal("stored hash does not match the new secret only")
	}
	if !got.SecretRotatedAt.After(web.SecretRotatedAt) {
		t.Fatalf("SecretRotatedAt %v not after %v", got.SecretRotatedAt, web.SecretRotatedAt)
	}
	wantErr(t, "SetClientSecret(raw)", s.SetClientSecret(ctx(t), "web", []byte(secret)), oauthstore.ErrInvalidClient)

	_, err = s.CreateClient(ctx(t), oauthstore.Client{ID: "app", Name: "App", Public: true,
		RedirectURIs: []string{"https://app.example.nl/cb"}, GrantTypes: []string{oauthstore.GrantAuthorizationCode}})
	must(t, "CreateClient(public)", err)
	wantErr(t, "SetClientSecret(public)", s.SetClientSecret(ctx(t), "app", hash), oauthstore.ErrInvalidClient)
}

func testClientDeleteRevokesTokens(t *testing.T, s Store) {
	web, other := mustClient(t, s, "web"), mustClient(t, s, "other")
	must(t, "create", s.CreateAccessTokenSession(ctx(t), "at-web", newRequest(web, "req-web", newSession("u1", "s1", hour()))))
	must(t, "create", s.CreateRefreshTokenSession(ctx(t), "rt-web", "at-web", newRequest(web, "req-web", newSession("u1", "s1", hour()))))
	must(t, "create", s.CreateAccessTokenSession(ctx(t), "at-other", newRequest(other, "req-other", newSession("u1", "s1", hour()))))
	must(t, "DeleteClient", s.DeleteClient(ctx(t), "web"))
	_, err := s.GetAccessTokenSession(ctx(t), "at-web", empty())
	wantErr(t, "access token of deleted client", err, fosite.ErrNotFound)
	_, err = s.GetRefreshTokenSession(ctx(t), "rt-web", empty())
	wantErr(t, "refresh token of deleted client", err, fosite.ErrNotFound)
	_, err = s.GetAccessTokenSession(ctx(t), "at-other", empty())
	must(t, "access token of other client", err)
}

// testClientUpdate: UpdateClient changes settings, keeps the id, secret and
// times, and stores nothing that fails validation.
func testClientUpdate(t *testing.T, s Store) {
	web := mustClient(t, s, "web")
	got, err := s.UpdateClient(ctx(t), "web", func(c oauthstore.Client) (oauthstore.Client, error) {
		c.RefreshTokenAbsoluteLifetime = 7 * 24 * time.Hour
		c.Name = "Verzuim (nieuw)"
		c.ID, c.SecretHash = "other", nil // ignored
		return c, nil
	})
	must(t, "UpdateClient", err)
	stored, err := s.GetOAuthClient(ctx(t), "web")
	must(t, "GetOAuthClient", err)
	if !reflect.DeepEqual(stored, got) || stored.ID != "web" || string(stored.SecretHash) != string(web.SecretHash) ||
		stored.RefreshTokenAbsoluteLifetime != 7*24*time.Hour || stored.Name != "Verzuim (nieuw)" || !stored.CreatedAt.Equal(web.CreatedAt) {
		t.Fatalf("after UpdateClient: %+v (returned %+v)", stored, got)
	}
	_, err = s.UpdateClient(ctx(t), "web", func(c oauthstore.Client) (oauthstore.Client, error) {
		c.RefreshTokenAbsoluteLifetime = time.Minute
		return c, nil
	})
	wantErr(t, "UpdateClient(invalid)", err, oauthstore.ErrInvalidClient)
	if again, _ := s.GetOAuthClient(ctx(t), "web"); again.RefreshTokenAbsoluteLifetime != 7*24*time.Hour {
		t.Fatalf("an invalid update was stored: %v", again.RefreshTokenAbsoluteLifetime)
	}
	_, err = s.UpdateClient(ctx(t), "nobody", func(c oauthstore.Client) (oauthstore.Client, error) { return c, nil })
	wantErr(t, "UpdateClient(unknown)", err, fosite.ErrNotFound)
}
