package oauthstore_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ory/fosite"

	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

func validClients(t *testing.T) []oauthstore.Client {
	t.Helper()
	hash, err := oauthstore.HashSecret("s3cr3t-with-enough-entropy-for-a-test")
	if err != nil {
		t.Fatal(err)
	}
	return []oauthstore.Client{
		{ID: "web", Name: "Web", SecretHash: hash, RedirectURIs: []string{"https://web.example.nl/cb?x=1"},
			GrantTypes: []string{"authorization_code", "refresh_token"}, Scopes: []string{"openid", "urn:example:read"}},
		{ID: "cli", Name: "CLI", Public: true, GrantTypes: []string{"authorization_code"},
			RedirectURIs:           []string{"http://127.0.0.1:9876/cb", "http://[::1]/cb", "http://localhost:1/"},
			PostLogoutRedirectURIs: []string{"http://localhost/bye"}, IDTokenSignedResponseAlg: "RS256"},
		{ID: "svc", Name: "Service", SecretHash: hash, GrantTypes: []string{"client_credentials"},
			TokenEndpointAuthMethod: "client_secret_post", Audience: []string{"https://api.example.nl"},
			BackchannelLogoutURI: "https://svc.example.nl/logout"},
	}
}

func TestValidateClientAccepts(t *testing.T) {
	for _, c := range validClients(t) {
		if err := oauthstore.ValidateClient(c); err != nil {
			t.Errorf("ValidateClient(%s): %v", c.ID, err)
		}
	}
}

func TestValidateClientReportsEveryProblem(t *testing.T) {
	c := validClients(t)[0]
	c.RedirectURIs = []string{"http://example.nl/cb", "https://example.nl/*"}
	c.GrantTypes = append(c.GrantTypes, "password")
	c.IDTokenSignedResponseAlg = "none"
	err := oauthstore.ValidateClient(c)
	if !errors.Is(err, oauthstore.ErrInvalidClient) {
		t.Fatalf("error %v is not ErrInvalidClient", err)
	}
	var problems []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var p *oauthstore.Problem
		if !errors.As(e, &p) {
			t.Fatalf("%v is not a *Problem", e)
		}
		problems = append(problems, p.Error())
	}
	want := []string{
		`grant_type "password": not supported (want authorization_code, refresh_token or client_credentials)`,
		`redirect_uri "http://example.nl/cb": http is only allowed for loopback hosts`,
		`redirect_uri "https://example.nl/*": must not contain a wildcard '*'`,
		`id_token_signed_response_alg "none": not supported (want ES256 or RS256)`,
	}
	if !slices.Equal(problems, want) {
		t.Fatalf("problems =\n%q\nwant\n%q", problems, want)
	}
}

func TestClientGetters(t *testing.T) {
	clients := validClients(t)
	web, cli, svc := &clients[0], &clients[1], &clients[2]
	if web.GetTokenEndpointAuthMethod() != "client_secret_basic" || cli.GetTokenEndpointAuthMethod() != "none" ||
		svc.GetTokenEndpointAuthMethod() != "client_secret_post" {
		t.Fatal("token endpoint auth method defaults")
	}
	if web.GetIDTokenSignedResponseAlg() != "ES256" || cli.GetIDTokenSignedResponseAlg() != "RS256" {
		t.Fatal("ID token alg defaults")
	}
	if !web.GetResponseTypes().ExactOne("code") || web.GetJSONWebKeys() != nil || len(web.GetRequestURIs()) != 0 {
		t.Fatal("response types or keys")
	}
	if !slices.Contains(web.GetResponseModes(), fosite.ResponseModeFormPost) || slices.Contains(web.GetResponseModes(), fosite.ResponseModeFragment) {
		t.Fatal("response modes")
	}
}

func TestValidateClientRefreshTokenAbsoluteLifetime(t *testing.T) {
	web, svc := validClients(t)[0], validClients(t)[2]
	if web.GetRefreshTokenAbsoluteLifetime() != oauthstore.DefaultRefreshTokenAbsoluteLifetime {
		t.Fatalf("default absolute lifetime %v", web.GetRefreshTokenAbsoluteLifetime())
	}
	for _, tc := range []struct {
		client oauthstore.Client
		d      time.Duration
		ok     bool
	}{
		{web, 0, true},
		{web, time.Hour, true},
		{web, 365 * 24 * time.Hour, true},
		{web, 59 * time.Minute, false},
		{web, 366 * 24 * time.Hour, false},
		{web, time.Hour + time.Millisecond, false},
		{web, -time.Hour, false},
		{svc, 24 * time.Hour, false}, // no refresh_token grant
	} {
		c := tc.client
		c.RefreshTokenAbsoluteLifetime = tc.d
		err := oauthstore.ValidateClient(c)
		if (err == nil) != tc.ok {
			t.Errorf("%s with absolute lifetime %v: %v", c.ID, tc.d, err)
		}
		if err != nil && !strings.Contains(err.Error(), "refresh_token_absolute_lifetime") {
			t.Errorf("%s with %v: the problem must name the field: %v", c.ID, tc.d, err)
		}
	}
}
