package app_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/app"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
	"github.com/mijnaccount/mijnaccount/config"
)

// tokenBench is the product on SQLite with a machine client that holds one
// live access token and one it revoked, answering requests in-process.
type tokenBench struct {
	handler         http.Handler
	clientID        string
	secret          string
	live, revoked   string
	otherID, otherS string // a second client, to whom neither token belongs
}

func newTokenBench(f *testing.F) *tokenBench {
	cfg := config.Defaults()
	cfg.DataDir = f.TempDir()
	cfg.Log.Level = "error"
	a, err := app.OpenWith(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = a.Close() })
	b := &tokenBench{handler: a.Server.Handler()}
	register := func(id string) string {
		secret, err := oauthstore.NewSecret()
		if err != nil {
			f.Fatal(err)
		}
		hash, err := oauthstore.HashSecret(secret)
		if err != nil {
			f.Fatal(err)
		}
		if _, err := a.OAuth.CreateClient(context.Background(), oauthstore.Client{ID: id, Name: id, SecretHash: hash,
			GrantTypes: []string{oauthstore.GrantClientCredentials}, Scopes: []string{"reports:sms"}}); err != nil {
			f.Fatal(err)
		}
		return secret
	}
	b.clientID, b.otherID = "boekhouding", "rooster"
	b.secret, b.otherS = register(b.clientID), register(b.otherID)
	b.live, b.revoked = b.issue(f), b.issue(f)
	if status, _ := b.post(f, "/oauth2/revoke", url.Values{"token": {b.revoked}}, b.clientID, b.secret); status != http.StatusOK {
		f.Fatalf("revoke: %d", status)
	}
	return b
}

func (b *tokenBench) issue(f *testing.F) string {
	status, body := b.post(f, "/oauth2/token", url.Values{"grant_type": {"client_credentials"}, "scope": {"reports:sms"}}, b.clientID, b.secret)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if status != http.StatusOK || json.Unmarshal(body, &tok) != nil || tok.AccessToken == "" {
		f.Fatalf("client credentials: %d %s", status, body)
	}
	return tok.AccessToken
}

func (b *tokenBench) post(tb testing.TB, path string, form url.Values, user, password string) (int, []byte) {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(user, password)
	return b.serve(tb, req)
}

func (b *tokenBench) serve(tb testing.TB, req *http.Request) (int, []byte) {
	w := httptest.NewRecorder()
	b.handler.ServeHTTP(w, req)
	body, err := io.ReadAll(w.Result().Body)
	if err != nil {
		tb.Fatal(err)
	}
	return w.Code, body
}

// bearer returns the token an Authorization header carries by RFC 6750
// section 2.1 ("Bearer" in any case, one space, the token), or "".
func bearer(header string) string {
	if len(header) > 7 && strings.EqualFold(header[:7], "bearer ") {
		return header[7:]
	}
	return ""
}

// FuzzAccessToken: an access token is accepted only when it is, byte for
// byte, one the provider issued and has not revoked. Whatever the fuzzer puts
// in an Authorization header or in the token of an introspection request:
//   - the reports API (bearer, scope reports:sms) answers 200 only for the
//     live token sent as "Bearer <token>", else 401, never anything else;
//   - userinfo never answers 200 (the live token has no user: 403), and
//     401 for anything else;
//   - introspection, by the token's client or another, says active only
//     for the live token, and always for it when its own client asks; the
//     answer is always 200 JSON with a boolean active.
func FuzzAccessToken(f *testing.F) {
	b := newTokenBench(f)
	head, rest, _ := strings.Cut(b.live, ".")
	flipped := []byte(b.live)
	flipped[len(flipped)-3] ^= 1
	for _, s := range []struct{ header, token, hint string }{
		{"Bearer " + b.live, b.live, "access_token"},
		{"bearer " + b.live, b.live, ""},
		{"Bearer " + b.revoked, b.revoked, "access_token"},
		{"Bearer  " + b.live, " " + b.live, "refresh_token"},
		{"Bearer " + b.live + " ", b.live + "\n", ""},
		{"Basic " + b.live, string(flipped), ""},
		{"Bearer " + string(flipped), b.live[:len(b.live)-1], ""},
		{"Bearer " + head + "." + rest + "A", b.live + "=", ""},
		{"Bearer eyJhbGciOiJub25lIn0." + strings.SplitN(b.live, ".", 3)[1] + ".", "eyJhbGciOiJub25lIn0." + strings.SplitN(b.live, ".", 3)[1] + ".", ""},
		{"Bearer eyJhbGciOiJIUzI1NiJ9.e30.", "not.a.jwt", ""},
		{"Bearer ory_at_x.y", "ory_at_x.y", "access_token"},
		{"", "", ""},
	} {
		f.Add(s.header, s.token, s.hint)
	}
	f.Fuzz(func(t *testing.T, header, token, hint string) {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/reports/sms?month=2026-07", nil)
		req.Header.Set("Authorization", header)
		status, body := b.serve(t, req)
		switch {
		case bearer(header) == b.live:
			if status != http.StatusOK {
				t.Fatalf("reports API with the live token: %d %s", status, body)
			}
		case status != http.StatusUnauthorized:
			t.Fatalf("reports API with Authorization %q: %d %s", header, status, body)
		}

		req = httptest.NewRequest(http.MethodGet, "/userinfo", nil)
		req.Header.Set("Authorization", header)
		status, body = b.serve(t, req)
		want := http.StatusUnauthorized
		if bearer(header) == b.live {
			want = http.StatusForbidden
		}
		if status != want {
			t.Fatalf("userinfo with Authorization %q: %d, want %d: %s", header, status, want, body)
		}

		form := url.Values{"token": {token}}
		if hint != "" {
			form.Set("token_type_hint", hint)
		}
		for _, c := range []struct{ id, secret string }{{b.clientID, b.secret}, {b.otherID, b.otherS}} {
			status, body := b.post(t, "/oauth2/introspect", form, c.id, c.secret)
			var answer struct {
				Active *bool `json:"active"`
			}
			if status != http.StatusOK || json.Unmarshal(body, &answer) != nil || answer.Active == nil {
				t.Fatalf("introspection of %q by %s: %d %s", token, c.id, status, body)
			}
			// Any authenticated client may introspect any token (fosite's
			// default; see docs/security.md): active is asserted only for
			// the live token, whoever asks.
			if *answer.Active && token != b.live {
				t.Fatalf("introspection of %q by %s: active", token, c.id)
			}
			if !*answer.Active && token == b.live && c.id == b.clientID {
				t.Fatalf("introspection of the live token by its client: inactive")
			}
		}
	})
}
