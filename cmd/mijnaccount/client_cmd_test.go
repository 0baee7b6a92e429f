package main

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ory/fosite"

	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
	"github.com/mijnaccount/mijnaccount/storage"
)

// clientJSON is the JSON the client commands print.
type clientJSON struct {
	ClientID      string   `json:"client_id"`
	Secret        string   `json:"secret"`
	Public        bool     `json:"public"`
	FirstParty    bool     `json:"first_party"`
	GrantTypes    []string `json:"grant_types"`
	ResponseTypes []string `json:"response_types"`
	Scopes        []string `json:"scopes"`
	AuthMethod    string   `json:"token_endpoint_auth_method"`
	IDTokenAlg    string   `json:"id_token_signed_response_alg"`
}

// decodeClient parses one printed client and also returns its keys.
func decodeClient(t *testing.T, out string) (clientJSON, map[string]json.RawMessage) {
	t.Helper()
	var c clientJSON
	var keys map[string]json.RawMessage
	if err := errors.Join(json.Unmarshal([]byte(out), &c), json.Unmarshal([]byte(out), &keys)); err != nil {
		t.Fatalf("client output %q: %v", out, err)
	}
	if strings.Contains(out, "sha256$") || keys["secret_hash"] != nil {
		t.Fatalf("output holds the secret hash: %s", out)
	}
	return c, keys
}

// storedClient reads a client straight from the database the CLI used.
func storedClient(t *testing.T, dir, id string) (oauthstore.Client, error) {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, "sqlite:"+filepath.Join(dir, "mijnaccount.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return oauthstore.New(db, nil).GetOAuthClient(ctx, id)
}

func mustStoredClient(t *testing.T, dir, id string) oauthstore.Client {
	t.Helper()
	c, err := storedClient(t, dir, id)
	if err != nil {
		t.Fatalf("client %q: %v", id, err)
	}
	return c
}

func verifies(hash []byte, secret string) bool {
	return oauthstore.SecretHasher{}.Compare(context.Background(), hash, []byte(secret)) == nil
}

var textSecret = regexp.MustCompile(`(?m)^    ([A-Za-z0-9_-]{43,})$`)

// secretFromText finds the secret in the text output of create or rotate-secret.
func secretFromText(t *testing.T, out string) string {
	t.Helper()
	m := textSecret.FindStringSubmatch(out)
	if m == nil || !strings.Contains(out, "shown only this once") {
		t.Fatalf("no secret with its notice in %q", out)
	}
	if strings.Contains(out, "sha256$") {
		t.Fatalf("text output holds the secret hash: %q", out)
	}
	return m[1]
}

func TestClientCreateConfidentialShowsSecretOnceAndStoresHash(t *testing.T) {
	env, dir := tempEnv(t)
	out := runOK(t, env, "client", "create", "--id", "portaal", "--name", "Verzuimportaal",
		"--redirect-uri", "https://portaal.example.nl/cb", "--grant", "authorization_code", "--grant", "refresh_token",
		"--scope", "openid,profile, email,org,roles,offline_access", "--first-party",
		"--auth-method", "client_secret_post", "--id-token-alg", "RS256", "--output", "json")
	c, _ := decodeClient(t, out)
	if c.ClientID != "portaal" || len(c.Secret) < 43 || c.Public || !c.FirstParty {
		t.Fatalf("created client = %+v", c)
	}
	s := mustStoredClient(t, dir, "portaal")
	if !verifies(s.SecretHash, c.Secret) || verifies(s.SecretHash, c.Secret+"x") {
		t.Fatal("stored hash does not verify exactly the printed secret")
	}
	if !slices.Equal(s.GrantTypes, []string{"authorization_code", "refresh_token"}) || !slices.Contains(s.Scopes, "offline_access") ||
		!slices.Contains(s.Scopes, "email") || s.TokenEndpointAuthMethod != "client_secret_post" || s.IDTokenSignedResponseAlg != "RS256" ||
		!slices.Equal(s.ResponseTypes, []string{"code"}) || !s.FirstParty {
		t.Fatalf("stored client = %+v", s)
	}

	// Defaults, and a new secret every time.
	out = runOK(t, env, "client", "create", "--id", "rapportage", "--name", "Rapportage",
		"--redirect-uri", "https://rapportage.example.nl/cb", "--output", "json")
	d, _ := decodeClient(t, out)
	if len(d.Secret) < 43 || d.Secret == c.Secret {
		t.Fatalf("second secret %q, first %q", d.Secret, c.Secret)
	}
	if !slices.Equal(d.GrantTypes, []string{"authorization_code"}) || !slices.Equal(d.Scopes, []string{"openid", "profile", "email", "org", "roles"}) ||
		!slices.Equal(d.ResponseTypes, []string{"code"}) || d.AuthMethod != "client_secret_basic" || d.IDTokenAlg != "ES256" || d.FirstParty {
		t.Fatalf("defaults = %+v", d)
	}
	if verifies(mustStoredClient(t, dir, "rapportage").SecretHash, c.Secret) {
		t.Fatal("the second client accepts the first client's secret")
	}

	audit := runOK(t, env, "audit", "export")
	if !strings.Contains(audit, `"action":"client.created","target_type":"oauth_client","target_id":"portaal"`) ||
		strings.Contains(audit, c.Secret) || strings.Contains(audit, "sha256$") {
		t.Fatalf("audit trail = %s", audit)
	}
}

func TestClientCreateTextOutputShowsSecretButNeverHash(t *testing.T) {
	env, dir := tempEnv(t)
	out := runOK(t, env, "client", "create", "--id", "portaal", "--name", "Verzuimportaal", "--redirect-uri", "https://portaal.example.nl/cb")
	secret := secretFromText(t, out)
	if !verifies(mustStoredClient(t, dir, "portaal").SecretHash, secret) {
		t.Fatalf("printed secret %q does not verify", secret)
	}
	list := runOK(t, env, "client", "list")
	if !strings.Contains(list, "portaal") || !strings.Contains(list, "confidential") || strings.Contains(list, secret) || strings.Contains(list, "sha256$") {
		t.Fatalf("client list = %q", list)
	}
	list = runOK(t, env, "client", "list", "--output", "json")
	if strings.Contains(list, secret) || strings.Contains(list, "sha256$") || strings.Contains(list, `"secret"`) {
		t.Fatalf("client list JSON = %s", list)
	}
}

func TestClientCreatePublicHasNoSecret(t *testing.T) {
	env, dir := tempEnv(t)
	out := runOK(t, env, "client", "create", "--id", "app", "--name", "Mobiele app", "--public",
		"--redirect-uri", "http://127.0.0.1:8765/cb,https://app.example.nl/cb", "--output", "json")
	c, keys := decodeClient(t, out)
	if _, ok := keys["secret"]; ok || !c.Public || c.AuthMethod != "none" {
		t.Fatalf("public client output = %s", out)
	}
	if s := mustStoredClient(t, dir, "app"); len(s.SecretHash) != 0 || !s.Public || s.TokenEndpointAuthMethod != "none" {
		t.Fatalf("stored public client = %+v", s)
	}
	text := runOK(t, env, "client", "create", "--id", "spa", "--name", "SPA", "--public", "--redirect-uri", "https://spa.example.nl/cb")
	if textSecret.MatchString(text) || strings.Contains(text, "shown only this once") {
		t.Fatalf("public client text output shows a secret: %q", text)
	}
	list := runOK(t, env, "client", "list")
	if !strings.Contains(list, "app") || !strings.Contains(list, "public") || !strings.Contains(list, "http://127.0.0.1:8765/cb") {
		t.Fatalf("client list = %q", list)
	}
	out = runOK(t, env, "client", "list", "--output", "json")
	var clients []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &clients); err != nil || len(clients) != 2 {
		t.Fatalf("client list JSON = %s (%v)", out, err)
	}
	for _, c := range clients {
		if _, ok := c["secret"]; ok {
			t.Fatalf("listed client has a secret: %s", out)
		}
	}
}

func TestClientCreateRefusesBadInputAndStoresNothing(t *testing.T) {
	env, _ := tempEnv(t)
	base := []string{"client", "create", "--id", "portaal", "--name", "Portaal"}
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"http redirect", []string{"--redirect-uri", "http://example.nl/cb"},
			[]string{`redirect_uri "http://example.nl/cb": http is only allowed for loopback hosts (--redirect-uri)`}},
		{"wildcard redirect", []string{"--redirect-uri", "https://*.example.nl/cb"}, []string{`redirect_uri "https://*.example.nl/cb": must not contain a wildcard`}},
		{"unknown grant", []string{"--redirect-uri", "https://example.nl/cb", "--grant", "authorization_code,implicit"}, []string{`grant_type "implicit": not supported`}},
		{"public client credentials", []string{"--public", "--grant", "client_credentials"}, []string{"grant_types: public clients cannot use client_credentials"}},
		{"missing redirect", nil, []string{"redirect_uris: authorization_code needs at least one redirect URI"}},
		{"public with secret method", []string{"--public", "--redirect-uri", "https://example.nl/cb", "--auth-method", "client_secret_basic"}, []string{`token_endpoint_auth_method "client_secret_basic"`}},
		{"unknown alg", []string{"--redirect-uri", "https://example.nl/cb", "--id-token-alg", "HS256"}, []string{`id_token_signed_response_alg "HS256"`}},
		{"every problem at once", []string{"--redirect-uri", "http://example.nl/cb", "--grant", "authorization_code,password", "--scope", "openid,openid"},
			[]string{`redirect_uri "http://example.nl/cb"`, `grant_type "password"`, `scope "openid": listed twice`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := run(t, env, append(slices.Clone(base), tc.args...)...)
			if code != 2 || out != "" {
				t.Fatalf("exit %d, stdout %q, stderr %q; want 2 and no output", code, out, stderr)
			}
			for _, want := range tc.want {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr %q lacks %q", stderr, want)
				}
			}
		})
	}
	for _, tc := range []struct{ id, want string }{{"", "id: must be 1 to 128 characters"}, {"app~1", "audit trail"}, {"12345678", "audit trail"}} {
		code, _, stderr := run(t, env, "client", "create", "--id", tc.id, "--name", "X", "--redirect-uri", "https://example.nl/cb")
		if code != 2 || !strings.Contains(stderr, "--id") || !strings.Contains(stderr, tc.want) {
			t.Errorf("id %q: exit %d, stderr %q; want 2 and %q", tc.id, code, stderr, tc.want)
		}
	}
	if out := runOK(t, env, "client", "list", "--output", "json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("refused clients were stored: %s", out)
	}
	if out := runOK(t, env, "audit", "export"); strings.Contains(out, "client.created") {
		t.Fatalf("refused clients were audited: %s", out)
	}
}

func TestClientDuplicateIDIsRefusedAndKeepsTheFirst(t *testing.T) {
	env, dir := tempEnv(t)
	first, _ := decodeClient(t, runOK(t, env, "client", "create", "--id", "portaal", "--name", "Eerste",
		"--redirect-uri", "https://portaal.example.nl/cb", "--output", "json"))
	code, out, stderr := run(t, env, "client", "create", "--id", "portaal", "--name", "Tweede", "--redirect-uri", "https://ander.example.nl/cb")
	if code != 2 || out != "" || !strings.Contains(stderr, `"portaal" already exists`) {
		t.Fatalf("duplicate id: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if s := mustStoredClient(t, dir, "portaal"); s.Name != "Eerste" || !verifies(s.SecretHash, first.Secret) {
		t.Fatalf("the first client was changed: %+v", s)
	}
}

func TestClientDelete(t *testing.T) {
	env, dir := tempEnv(t)
	runOK(t, env, "client", "create", "--id", "portaal", "--name", "Portaal", "--redirect-uri", "https://portaal.example.nl/cb")
	runOK(t, env, "client", "create", "--id", "app", "--name", "App", "--public", "--redirect-uri", "https://app.example.nl/cb")
	out := runOK(t, env, "client", "delete", "portaal")
	if !strings.Contains(out, `Deleted client "portaal"`) {
		t.Fatalf("delete output %q", out)
	}
	if _, err := storedClient(t, dir, "portaal"); !errors.Is(err, fosite.ErrNotFound) {
		t.Fatalf("deleted client still loads: %v", err)
	}
	mustStoredClient(t, dir, "app")
	code, _, stderr := run(t, env, "client", "delete", "portaal")
	if code != 1 || !strings.Contains(stderr, `no client "portaal"`) {
		t.Fatalf("delete of an unknown client: exit %d, stderr %q; want 1", code, stderr)
	}
	if audit := runOK(t, env, "audit", "export"); !strings.Contains(audit, `"action":"client.deleted","target_type":"oauth_client","target_id":"portaal"`) ||
		strings.Count(audit, "client.deleted") != 1 {
		t.Fatalf("audit trail = %s", audit)
	}
}

func TestClientRotateSecret(t *testing.T) {
	env, dir := tempEnv(t)
	old, _ := decodeClient(t, runOK(t, env, "client", "create", "--id", "portaal", "--name", "Portaal",
		"--redirect-uri", "https://portaal.example.nl/cb", "--output", "json"))
	out := runOK(t, env, "client", "rotate-secret", "portaal", "--output", "json")
	rotated, keys := decodeClient(t, out)
	if len(keys) != 2 || rotated.ClientID != "portaal" || len(rotated.Secret) < 43 || rotated.Secret == old.Secret {
		t.Fatalf("rotate-secret output %s", out)
	}
	hash := mustStoredClient(t, dir, "portaal").SecretHash
	if !verifies(hash, rotated.Secret) || verifies(hash, old.Secret) {
		t.Fatal("after rotation the stored hash must verify the new secret and not the old one")
	}
	text := secretFromText(t, runOK(t, env, "client", "rotate-secret", "portaal"))
	hash = mustStoredClient(t, dir, "portaal").SecretHash
	if text == rotated.Secret || !verifies(hash, text) || verifies(hash, rotated.Secret) {
		t.Fatal("text-mode rotation did not replace the secret")
	}
	code, _, stderr := run(t, env, "client", "rotate-secret", "nope")
	if code != 1 || !strings.Contains(stderr, `no client "nope"`) {
		t.Fatalf("rotate-secret of an unknown client: exit %d, stderr %q; want 1", code, stderr)
	}
	audit := runOK(t, env, "audit", "export")
	if strings.Count(audit, `"action":"client.secret_rotated","target_type":"oauth_client","target_id":"portaal"`) != 2 ||
		strings.Contains(audit, rotated.Secret) || strings.Contains(audit, text) {
		t.Fatalf("audit trail = %s", audit)
	}
}

func TestClientRotateSecretRefusedForPublicClient(t *testing.T) {
	env, dir := tempEnv(t)
	runOK(t, env, "client", "create", "--id", "app", "--name", "App", "--public", "--redirect-uri", "https://app.example.nl/cb")
	code, out, stderr := run(t, env, "client", "rotate-secret", "app")
	if code != 2 || out != "" || !strings.Contains(stderr, "public") {
		t.Fatalf("rotate-secret of a public client: exit %d, stdout %q, stderr %q; want 2", code, out, stderr)
	}
	if s := mustStoredClient(t, dir, "app"); len(s.SecretHash) != 0 || !s.SecretRotatedAt.IsZero() {
		t.Fatalf("public client got a secret: %+v", s)
	}
	if audit := runOK(t, env, "audit", "export"); strings.Contains(audit, "client.secret_rotated") {
		t.Fatalf("refused rotation was audited: %s", audit)
	}
}

func TestClientRefreshTokenLifetime(t *testing.T) {
	env, dir := tempEnv(t)
	out := runOK(t, env, "client", "create", "--id", "portaal", "--name", "Portaal", "--redirect-uri", "https://portaal.example.nl/cb",
		"--grant", "authorization_code,refresh_token", "--refresh-token-lifetime", "720h", "--output", "json")
	if _, keys := decodeClient(t, out); string(keys["refresh_token_absolute_lifetime"]) != `"720h0m0s"` {
		t.Fatalf("create output %s", out)
	}
	if s := mustStoredClient(t, dir, "portaal"); s.RefreshTokenAbsoluteLifetime != 720*time.Hour {
		t.Fatalf("stored lifetime %v", s.RefreshTokenAbsoluteLifetime)
	}
	out = runOK(t, env, "client", "update", "portaal", "--refresh-token-lifetime", "48h")
	if !strings.Contains(out, `Updated client "portaal"`) || !strings.Contains(out, "48h0m0s") {
		t.Fatalf("update output %q", out)
	}
	if s := mustStoredClient(t, dir, "portaal"); s.RefreshTokenAbsoluteLifetime != 48*time.Hour || s.Name != "Portaal" {
		t.Fatalf("after update %+v", s)
	}
	runOK(t, env, "client", "update", "portaal", "--refresh-token-lifetime", "0")
	if s := mustStoredClient(t, dir, "portaal"); s.RefreshTokenAbsoluteLifetime != 0 || s.GetRefreshTokenAbsoluteLifetime() != oauthstore.DefaultRefreshTokenAbsoluteLifetime {
		t.Fatalf("0 must restore the default: %+v", s)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"client", "update", "portaal", "--refresh-token-lifetime", "30m"}, "refresh_token_absolute_lifetime: must be between 1h0m0s and 8760h0m0s (365 days) (--refresh-token-lifetime)"},
		{[]string{"client", "update", "portaal", "--refresh-token-lifetime", "9000h"}, "must be between"},
		{[]string{"client", "update", "portaal"}, "nothing to change"},
		{[]string{"client", "create", "--id", "batch", "--name", "Batch", "--grant", "client_credentials", "--refresh-token-lifetime", "24h"},
			"only clients with the refresh_token grant"},
	} {
		code, out, stderr := run(t, env, tc.args...)
		if code != 2 || out != "" || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and %q", tc.args, code, out, stderr, tc.want)
		}
	}
	if s := mustStoredClient(t, dir, "portaal"); s.RefreshTokenAbsoluteLifetime != 0 {
		t.Fatalf("a refused update was stored: %v", s.RefreshTokenAbsoluteLifetime)
	}
	if code, _, stderr := run(t, env, "client", "update", "nope", "--refresh-token-lifetime", "24h"); code != 1 || !strings.Contains(stderr, `no client "nope"`) {
		t.Errorf("update of an unknown client: exit %d, %q", code, stderr)
	}
	if audit := runOK(t, env, "audit", "export"); strings.Count(audit, `"action":"client.updated","target_type":"oauth_client","target_id":"portaal"`) != 2 {
		t.Fatalf("audit trail = %s", audit)
	}
}
