package webauthn_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/go-webauthn/webauthn/protocol"

	"github.com/mijnaccount/mijnaccount/mfa/webauthn"
)

func TestLoginOptions(t *testing.T) {
	e := newEnv(t, "memory")
	u := newUser("u1")
	k1, k2 := newSoftKey(t, testRPID), newSoftKey(t, testRPID)
	e.register(t, &u, k1, "none")
	e.register(t, &u, k2, "none")

	c, err := e.svc.BeginLogin(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	o := options(t, c)
	if o["userVerification"] != "discouraged" || o["rpId"] != testRPID {
		t.Errorf("userVerification %v, rpId %v", o["userVerification"], o["rpId"])
	}
	if got, want := ids(t, o["allowCredentials"]), []string{b64(k1.id), b64(k2.id)}; !slices.Equal(got, want) {
		t.Errorf("allowCredentials = %v, want %v", got, want)
	}
	if _, ok := o["extensions"]; ok {
		t.Errorf("extensions without an AppID: %v", o["extensions"])
	}
}

func TestBeginLoginWithoutKeys(t *testing.T) {
	e := newEnv(t, "memory")
	if _, err := e.svc.BeginLogin(t.Context(), newUser("u1")); !errors.Is(err, webauthn.ErrNoCredentials) {
		t.Fatalf("err = %v, want ErrNoCredentials", err)
	}
}

func TestLoginWithoutUserVerification(t *testing.T) {
	// The software key never sets UV: a second factor must not need it.
	e := newEnv(t, "memory")
	u := newUser("u1")
	key := newSoftKey(t, testRPID)
	e.register(t, &u, key, "none")
	if _, err := e.login(t, u, key, func(p *params) { p.flags = flagUP }); err != nil {
		t.Fatal(err)
	}
}

func TestInvalidLoginResponses(t *testing.T) {
	cases := []struct {
		name string
		muts []mutator
	}{
		{"wrong origin", []mutator{withOrigin("https://evil.example")}},
		{"wrong challenge", []mutator{withChallenge(b64(make([]byte, 32)))}},
		{"creation type", []mutator{withType("webauthn.create")}},
		{"other relying party", []mutator{withRPIDHashOf("example.com")}},
		{"bad signature", []mutator{withBadSignature()}},
		{"tampered authenticator data", []mutator{withTamperedAuthData()}},
		{"no user presence", []mutator{func(p *params) { p.flags &^= flagUP }}},
		{"unrequested appid output", []mutator{withExtResults(map[string]any{"appid": true})}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "memory")
			u := newUser("u1")
			key := newSoftKey(t, testRPID)
			e.register(t, &u, key, "none")
			_, err := e.login(t, u, key, tc.muts...)
			if !errors.Is(err, webauthn.ErrInvalidResponse) || errors.Is(err, webauthn.ErrNoCeremony) {
				t.Fatalf("err = %v, want only ErrInvalidResponse", err)
			}
			var pe *protocol.Error
			if !errors.As(err, &pe) {
				t.Errorf("go-webauthn's error is not wrapped: %v", err)
			}
		})
	}
}

func TestLoginWithAnotherUsersKey(t *testing.T) {
	e := newEnv(t, "memory")
	alice, bob := newUser("alice"), newUser("bob")
	ka, kb := newSoftKey(t, testRPID), newSoftKey(t, testRPID)
	e.register(t, &alice, ka, "none")
	e.register(t, &bob, kb, "none")

	c, err := e.svc.BeginLogin(t.Context(), alice)
	if err != nil {
		t.Fatal(err)
	}
	// Bob's key answers Alice's challenge (as if allowCredentials were ignored).
	resp := get(t, fakeAllow(t, c.Options, kb), testOrigin, kb)
	if _, err := e.svc.FinishLogin(t.Context(), c.ID, alice, resp); !errors.Is(err, webauthn.ErrInvalidResponse) {
		t.Fatalf("err = %v, want ErrInvalidResponse", err)
	}
}

// fakeAllow adds key to the options' allowCredentials, for a client that
// does not follow them.
func fakeAllow(t *testing.T, opts []byte, key *softKey) []byte {
	t.Helper()
	return []byte(strings.Replace(string(opts), `"allowCredentials":[`, `"allowCredentials":[{"type":"public-key","id":"`+b64(key.id)+`"},`, 1))
}

func TestGarbageLoginResponse(t *testing.T) {
	for _, body := range []string{"", "{", "null", `{"id":"x","rawId":"x","type":"public-key"}`, `"text"`} {
		e := newEnv(t, "memory")
		u := newUser("u1")
		e.register(t, &u, newSoftKey(t, testRPID), "none")
		c, err := e.svc.BeginLogin(t.Context(), u)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.FinishLogin(t.Context(), c.ID, u, []byte(body)); !errors.Is(err, webauthn.ErrInvalidResponse) {
			t.Errorf("body %q: err = %v, want ErrInvalidResponse", body, err)
		}
	}
}

func TestSignCounter(t *testing.T) {
	cases := []struct {
		name          string
		stored, sent  uint32
		wantWarning   bool
		wantSignCount uint32
	}{
		{"increased", 10, 11, false, 11},
		{"went back", 10, 5, true, 10},
		{"unchanged", 10, 10, true, 10},
		{"dropped to zero", 10, 0, true, 10},
		{"key without a counter", 0, 0, false, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "memory")
			u := newUser("u1")
			key := newSoftKey(t, testRPID)
			e.register(t, &u, key, "none")
			u.Credentials[0].SignCount = tc.stored
			res, err := e.login(t, u, key, withCounter(tc.sent))
			if err != nil {
				t.Fatal(err)
			}
			if res.CloneWarning != tc.wantWarning || res.SignCount != tc.wantSignCount {
				t.Fatalf("result %+v, want clone warning %v and sign count %d", res, tc.wantWarning, tc.wantSignCount)
			}
		})
	}
}

func TestCredentialIDString(t *testing.T) {
	if got := webauthn.CredentialIDString([]byte{0xfb, 0xff, 0x01}); got != "-_8B" {
		t.Fatalf("got %q", got)
	}
}
