package main

import (
	"bytes"
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/go-webauthn/webauthn/protocol"

	"github.com/mijnaccount/mijnaccount/app"
	"github.com/mijnaccount/mijnaccount/config"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/webauthn"
)

const testU2FAppID = "https://login.example.nl"

// u2fEnv is tempEnv with an AppID and one user in an organisation that
// allows the given factors (all when empty).
func u2fEnv(t *testing.T, factors string) (env []string, userID string) {
	t.Helper()
	env, _ = tempEnv(t)
	env = append(env, "MIJNACCOUNT_WEBAUTHN_U2F_APPID="+testU2FAppID)
	args := []string{"--name", "Bakkerij Sleutel", "--domain", "werkgever"}
	if factors != "" {
		args = append(args, "--factors", factors)
	}
	orgID := createOrg(t, env, args...)
	out := runOK(t, env, "user", "create", "--org", orgID, "--email", "sleutel@bakkerij.example", "--name", "Sam Sleutel",
		"--password", "Kwik-Kwek-Kwak-2026", "--output", "json")
	var u struct{ ID string }
	if err := json.Unmarshal([]byte(out), &u); err != nil || u.ID == "" {
		t.Fatalf("user create output %q: %v", out, err)
	}
	return env, u.ID
}

// u2fPublicKey returns a fresh raw P-256 public key (0x04||X||Y).
func u2fPublicKey(t *testing.T) []byte {
	t.Helper()
	k, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k.PublicKey().Bytes()
}

// openApp opens the application on env, for looking at what a command stored.
func openApp(t *testing.T, env []string) *app.App {
	t.Helper()
	cfg, err := config.Load("", env)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func TestImportU2FStoresAnAppIDKeyAndAuditsIt(t *testing.T) {
	env, userID := u2fEnv(t, "")
	handle := bytes.Repeat([]byte{0xfb}, 64) // 0xfb… encodes with '-' and '_' in base64url
	pub := u2fPublicKey(t)
	out := runOK(t, env, "user", "import-u2f", "--user", userID, "--key-handle", base64.RawURLEncoding.EncodeToString(handle),
		"--public-key", base64.URLEncoding.EncodeToString(pub), "--counter", "41", "--name", "Oude sleutel", "--output", "json")
	var res u2fImportResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	if res.UserID != userID || res.AppID != testU2FAppID || res.SignCount != 41 || res.Name != "Oude sleutel" ||
		res.CredentialID != base64.RawURLEncoding.EncodeToString(handle) || res.FactorID == "" {
		t.Fatalf("result %+v", res)
	}

	a := openApp(t, env)
	factors, err := a.Factors.ListFactors(context.Background(), userID)
	if err != nil || len(factors) != 1 {
		t.Fatalf("factors %v, %v; want the imported key", factors, err)
	}
	f := factors[0]
	if f.ID != res.FactorID || f.Kind != mfa.KindWebAuthn || f.Name != "Oude sleutel" || f.SignCount != 41 || !f.Default {
		t.Fatalf("factor %+v", f)
	}
	var cred webauthn.Credential
	if err := json.Unmarshal(f.Credential, &cred); err != nil {
		t.Fatal(err)
	}
	if cred.AttestationFormat != string(protocol.AttestationFormatFIDOUniversalSecondFactor) ||
		!bytes.Equal(cred.ID, handle) || !bytes.Equal(cred.PublicKey, pub) || cred.SignCount != 41 {
		t.Fatalf("credential %+v; want a fido-u2f record of the key handle and raw public key", cred)
	}

	e := cliEvent(t, a, "mfa.factor.imported", f.ID)
	if e.ActorID != "cli" || e.TargetType != "factor" || e.Reason != mfa.KindWebAuthn {
		t.Fatalf("audit event %+v", e)
	}
	raw, _ := json.Marshal(e)
	if strings.Contains(string(raw), "Oude sleutel") || strings.Contains(string(raw), res.CredentialID) {
		t.Fatalf("audit event holds more than ids: %s", raw)
	}
}

func TestImportU2FDefaultsTheNameAndCounter(t *testing.T) {
	env, userID := u2fEnv(t, "")
	out := runOK(t, env, "user", "import-u2f", "--user", userID, "--key-handle", "a2V5LWhhbmRsZQ",
		"--public-key", base64.RawURLEncoding.EncodeToString(u2fPublicKey(t)), "--output", "json")
	var res u2fImportResult
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Name != defaultU2FKeyName || res.SignCount != 0 {
		t.Fatalf("result %+v (%v)", res, err)
	}
}

func TestImportU2FRefusesBadInput(t *testing.T) {
	env, userID := u2fEnv(t, "")
	pub := base64.RawURLEncoding.EncodeToString(u2fPublicKey(t))
	handle := "a2V5LWhhbmRsZQ"
	runOK(t, env, "user", "import-u2f", "--user", userID, "--key-handle", "YWxyZWFkeQ", "--public-key", pub)
	offCurve := append([]byte{4}, bytes.Repeat([]byte{1}, 64)...)
	noAppID, otherUser := tempEnvWithUser(t)
	for _, tc := range []struct {
		name string
		env  []string
		args []string
		want string
	}{
		{"missing user", env, []string{"--key-handle", handle, "--public-key", pub}, "--user is required"},
		{"unknown user", env, []string{"--user", "nobody", "--key-handle", handle, "--public-key", pub}, `no user "nobody"`},
		{"key handle not base64url", env, []string{"--user", userID, "--key-handle", "a+b/c", "--public-key", pub}, "--key-handle is not base64url"},
		{"empty key handle", env, []string{"--user", userID, "--public-key", pub}, "--key-handle is not base64url"},
		{"key handle too long", env, []string{"--user", userID, "--key-handle", base64.RawURLEncoding.EncodeToString(make([]byte, 1024)),
			"--public-key", pub}, "--key-handle must be 1 to 1023 bytes, got 1024"},
		{"public key not base64url", env, []string{"--user", userID, "--key-handle", handle, "--public-key", "!!"}, "--public-key is not base64url"},
		{"compressed point", env, []string{"--user", userID, "--key-handle", handle,
			"--public-key", base64.RawURLEncoding.EncodeToString(make([]byte, 33))}, "65-byte uncompressed P-256 point (0x04||X||Y), got 33 bytes"},
		{"point off the curve", env, []string{"--user", userID, "--key-handle", handle,
			"--public-key", base64.RawURLEncoding.EncodeToString(offCurve)}, "--public-key is not a point on the P-256 curve"},
		{"name on two lines", env, []string{"--user", userID, "--key-handle", handle, "--public-key", pub, "--name", "a\nb"}, "--name must be"},
		{"negative counter", env, []string{"--user", userID, "--key-handle", handle, "--public-key", pub, "--counter", "-1"}, "invalid argument"},
		{"key handle already registered", env, []string{"--user", userID, "--key-handle", "YWxyZWFkeQ==", "--public-key", pub}, "already registered"},
		{"no AppID configured", noAppID, []string{"--user", otherUser, "--key-handle", handle, "--public-key", pub}, "webauthn.u2f_appid is not configured"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := run(t, tc.env, append([]string{"user", "import-u2f"}, tc.args...)...)
			if code != 2 || !strings.Contains(stderr, tc.want) || out != "" {
				t.Fatalf("exit %d, stdout %q, stderr %q; want 2 and %q", code, out, stderr, tc.want)
			}
		})
	}
	factors, err := openApp(t, env).Factors.ListFactors(context.Background(), userID)
	if err != nil || len(factors) != 1 {
		t.Fatalf("factors %v, %v; want only the first import", factors, err)
	}
}

func TestImportU2FRefusesWhenTheOrganisationDisallowsKeys(t *testing.T) {
	env, userID := u2fEnv(t, "totp,sms")
	code, _, stderr := run(t, env, "user", "import-u2f", "--user", userID, "--key-handle", "a2V5LWhhbmRsZQ",
		"--public-key", base64.RawURLEncoding.EncodeToString(u2fPublicKey(t)))
	if code != 2 || !strings.Contains(stderr, "does not allow security keys") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if factors, err := openApp(t, env).Factors.ListFactors(context.Background(), userID); err != nil || len(factors) != 0 {
		t.Fatalf("factors %v, %v; want none", factors, err)
	}
}

// tempEnvWithUser is tempEnv without an AppID, with one user.
func tempEnvWithUser(t *testing.T) ([]string, string) {
	t.Helper()
	env, _ := tempEnv(t)
	orgID := createOrg(t, env, "--name", "Bakkerij Zonder AppID", "--domain", "werkgever")
	out := runOK(t, env, "user", "create", "--org", orgID, "--email", "zonder@bakkerij.example", "--name", "Zo Zonder",
		"--password", "Kwik-Kwek-Kwak-2026", "--output", "json")
	var u struct{ ID string }
	if err := json.Unmarshal([]byte(out), &u); err != nil || u.ID == "" {
		t.Fatalf("user create output %q: %v", out, err)
	}
	return env, u.ID
}
