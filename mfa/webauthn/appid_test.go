package webauthn_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/mijnaccount/mijnaccount/mfa/webauthn"
)

// legacyUser has one key registered through the U2F JavaScript API under
// testAppID, stored as LegacyU2FCredential makes it (and as JSON).
func legacyUser(t *testing.T, signCount uint32) (webauthn.User, *softKey) {
	t.Helper()
	key := newSoftKey(t, testAppID)
	key.counter = signCount
	cred, err := webauthn.LegacyU2FCredential(key.id, key.rawPublicKey(t), signCount)
	if err != nil {
		t.Fatal(err)
	}
	var stored webauthn.Credential
	mustUnmarshal(t, mustJSON(t, cred), &stored)
	u := newUser("u1")
	u.Credentials = []webauthn.Credential{stored}
	return u, key
}

func TestAppIDInLoginOptions(t *testing.T) {
	e := newEnv(t, "memory", withAppID)
	u, _ := legacyUser(t, 0)
	c, err := e.svc.BeginLogin(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	ext, _ := options(t, c)["extensions"].(map[string]any)
	if ext["appid"] != testAppID {
		t.Fatalf("extensions = %v, want appid %q", ext, testAppID)
	}
}

func TestAppIDOnlyForUsersWithLegacyKeys(t *testing.T) {
	// go-webauthn sends the extension only when a fido-u2f key is allowed.
	e := newEnv(t, "memory", withAppID)
	u := newUser("u1")
	e.register(t, &u, newSoftKey(t, testRPID), "none")
	c, err := e.svc.BeginLogin(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	if ext, ok := options(t, c)["extensions"]; ok {
		t.Fatalf("extensions = %v, want none", ext)
	}
}

func TestLegacyU2FKeyLogsInThroughAppID(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newEnv(t, store, withAppID)
			u, key := legacyUser(t, 41)
			res, err := e.login(t, u, key)
			if err != nil {
				t.Fatal(err)
			}
			if !res.UsedAppID || res.SignCount != 42 || res.CloneWarning || !bytes.Equal(res.CredentialID, key.id) {
				t.Fatalf("result %+v", res)
			}
		})
	}
}

func TestLegacyU2FKeyNeedsTheAppIDResult(t *testing.T) {
	cases := map[string][]mutator{
		"no extension results":         {withExtResults(map[string]any{})},
		"appid false":                  {withExtResults(map[string]any{"appid": false})},
		"appid claimed, rp id signed":  {withRPIDHashOf(testRPID)},
		"appid claimed, other appid":   {withRPIDHashOf("https://evil.example/appid.json")},
		"appid result, bad signature":  {withBadSignature()},
		"appid result, tampered count": {withTamperedAuthData()},
	}
	for name, muts := range cases {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, "memory", withAppID)
			u, key := legacyUser(t, 0)
			if _, err := e.login(t, u, key, muts...); !errors.Is(err, webauthn.ErrInvalidResponse) {
				t.Fatalf("err = %v, want ErrInvalidResponse", err)
			}
		})
	}
}

func TestLegacyU2FKeyWithoutConfiguredAppID(t *testing.T) {
	e := newEnv(t, "memory")
	u, key := legacyUser(t, 0)
	// The client claims the AppID although it was not offered.
	_, err := e.login(t, u, key, withRPIDHashOf(testAppID), withExtResults(map[string]any{"appid": true}))
	if !errors.Is(err, webauthn.ErrInvalidResponse) {
		t.Fatalf("err = %v, want ErrInvalidResponse", err)
	}
}

func TestWebAuthnKeyNextToLegacyKey(t *testing.T) {
	// With the appid extension sent, the browser reports {"appid": false}
	// for a key registered through WebAuthn; that key logs in as usual.
	e := newEnv(t, "memory", withAppID)
	u, _ := legacyUser(t, 0)
	key := newSoftKey(t, testRPID)
	e.register(t, &u, key, "none")
	c, err := e.svc.BeginLogin(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	resp := get(t, c.Options, testOrigin, key)
	if !bytes.Contains(resp, []byte(`"appid":false`)) {
		t.Fatalf("the soft browser did not answer the appid extension: %s", resp)
	}
	res, err := e.svc.FinishLogin(t.Context(), c.ID, u, resp)
	if err != nil || res.UsedAppID {
		t.Fatalf("result %+v, err %v", res, err)
	}
}

func TestAppIDExcludeAtRegistration(t *testing.T) {
	e := newEnv(t, "memory", withAppID)
	u, key := legacyUser(t, 0)
	c, err := e.svc.BeginRegistration(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	o := options(t, c)
	ext, _ := o["extensions"].(map[string]any)
	if ext["appidExclude"] != testAppID {
		t.Errorf("extensions = %v, want appidExclude", ext)
	}
	if got := ids(t, o["excludeCredentials"]); len(got) != 1 || got[0] != b64(key.id) {
		t.Errorf("excludeCredentials = %v", got)
	}
}

func TestLegacyU2FCredentialChecksItsInput(t *testing.T) {
	key := newSoftKey(t, testAppID)
	pub := key.rawPublicKey(t)
	if _, err := webauthn.LegacyU2FCredential(key.id, pub[:64], 0); err == nil {
		t.Error("short public key accepted")
	}
	bad := bytes.Clone(pub)
	bad[64] ^= 0x01 // no longer on the curve
	if _, err := webauthn.LegacyU2FCredential(key.id, bad, 0); err == nil {
		t.Error("point off the curve accepted")
	}
	if _, err := webauthn.LegacyU2FCredential(nil, pub, 0); err == nil {
		t.Error("empty key handle accepted")
	}
	cred, err := webauthn.LegacyU2FCredential(key.id, pub, 7)
	if err != nil || cred.AttestationFormat != "fido-u2f" || cred.SignCount != 7 || !bytes.Equal(cred.PublicKey, pub) {
		t.Fatalf("%+v, %v", cred, err)
	}
}
