package webauthn_test

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"github.com/mijnaccount/mijnaccount/mfa/webauthn"
)

func TestRegisterThenLogin(t *testing.T) {
	for _, store := range stores {
		for _, format := range []string{"none", "fido-u2f"} {
			t.Run(store+"/"+format, func(t *testing.T) {
				e := newEnv(t, store)
				u := newUser("u1")
				key := newSoftKey(t, testRPID)
				cred := e.register(t, &u, key, format)

				if !bytes.Equal(cred.ID, key.id) {
					t.Errorf("credential id = %x, want the key's %x", cred.ID, key.id)
				}
				if cred.AttestationFormat != format {
					t.Errorf("attestation format = %q, want %q", cred.AttestationFormat, format)
				}
				wantType := map[string]string{"none": "none", "fido-u2f": "basic_full"}[format]
				if cred.AttestationType != wantType {
					t.Errorf("attestation type = %q, want %q", cred.AttestationType, wantType)
				}
				if len(cred.PublicKey) == 0 || cred.SignCount != 0 {
					t.Errorf("public key %x, sign count %d", cred.PublicKey, cred.SignCount)
				}
				if !slices.Equal(cred.Transports, []string{"usb", "nfc"}) {
					t.Errorf("transports = %v", cred.Transports)
				}
				if format == "none" && !bytes.Equal(cred.AAGUID, testAAGUID) {
					t.Errorf("aaguid = %x", cred.AAGUID)
				}

				for want := uint32(1); want <= 2; want++ {
					res, err := e.login(t, u, key)
					if err != nil {
						t.Fatalf("login %d: %v", want, err)
					}
					if !bytes.Equal(res.CredentialID, key.id) || res.SignCount != want || res.CloneWarning || res.UsedAppID {
						t.Fatalf("login %d: result %+v", want, res)
					}
					u.Credentials[0].SignCount = res.SignCount
				}
			})
		}
	}
}

func TestSeveralKeysPerUser(t *testing.T) {
	e := newEnv(t, "memory")
	u := newUser("u1")
	a, b := newSoftKey(t, testRPID), newSoftKey(t, testRPID)
	e.register(t, &u, a, "none")
	e.register(t, &u, b, "fido-u2f")
	for _, key := range []*softKey{a, b} {
		res, err := e.login(t, u, key)
		if err != nil || !bytes.Equal(res.CredentialID, key.id) {
			t.Fatalf("login with key %x: %+v, %v", key.id[:4], res, err)
		}
	}
}

func TestRegistrationOptions(t *testing.T) {
	e := newEnv(t, "memory")
	u := newUser("u1")
	k1, k2 := newSoftKey(t, testRPID), newSoftKey(t, testRPID)
	e.register(t, &u, k1, "none")
	e.register(t, &u, k2, "fido-u2f")

	c, err := e.svc.BeginRegistration(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	o := options(t, c)
	sel, _ := o["authenticatorSelection"].(map[string]any)
	if sel["userVerification"] != "discouraged" || sel["residentKey"] != "discouraged" || sel["requireResidentKey"] != false {
		t.Errorf("authenticatorSelection = %v", sel)
	}
	if _, ok := sel["authenticatorAttachment"]; ok {
		t.Errorf("attachment restricted: %v", sel)
	}
	if o["attestation"] != "none" {
		t.Errorf("attestation = %v", o["attestation"])
	}
	rp, _ := o["rp"].(map[string]any)
	if rp["id"] != testRPID || rp["name"] != "Mijn Account" {
		t.Errorf("rp = %v", rp)
	}
	user, _ := o["user"].(map[string]any)
	if user["id"] != b64([]byte("u1")) || user["name"] != "u1@example.nl" || user["displayName"] != "Gebruiker u1" {
		t.Errorf("user = %v", user)
	}
	if got, want := ids(t, o["excludeCredentials"]), []string{b64(k1.id), b64(k2.id)}; !slices.Equal(got, want) {
		t.Errorf("excludeCredentials = %v, want %v", got, want)
	}
	if _, ok := o["extensions"]; ok {
		t.Errorf("extensions without an AppID: %v", o["extensions"])
	}
	if c.ID == "" || o["challenge"] == "" {
		t.Errorf("ceremony %q, challenge %v", c.ID, o["challenge"])
	}
}

func TestRegisteringAKeyTwiceFails(t *testing.T) {
	e := newEnv(t, "memory")
	u := newUser("u1")
	key := newSoftKey(t, testRPID)
	e.register(t, &u, key, "none")
	c, err := e.svc.BeginRegistration(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	// An authenticator that ignores excludeCredentials.
	_, err = e.svc.FinishRegistration(t.Context(), c.ID, u, create(t, c.Options, testOrigin, key, "none"))
	if !errors.Is(err, webauthn.ErrInvalidResponse) {
		t.Fatalf("err = %v, want ErrInvalidResponse", err)
	}
}

func TestInvalidRegistrationResponses(t *testing.T) {
	cases := []struct {
		name   string
		format string
		muts   []mutator
	}{
		{"wrong origin", "none", []mutator{withOrigin("http://evil.localhost:8080")}},
		{"wrong challenge", "none", []mutator{withChallenge(b64(make([]byte, 32)))}},
		{"assertion type", "none", []mutator{withType("webauthn.get")}},
		{"other relying party", "none", []mutator{withRPIDHashOf("example.com")}},
		{"no user presence", "none", []mutator{func(p *params) { p.flags &^= flagUP }}},
		{"bad attestation signature", "fido-u2f", []mutator{withBadSignature()}},
		{"tampered authenticator data", "fido-u2f", []mutator{withTamperedAuthData()}},
		{"unrequested extension output", "none", []mutator{withExtResults(map[string]any{"credProps": map[string]any{"rk": true}})}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "memory")
			u := newUser("u1")
			c, err := e.svc.BeginRegistration(t.Context(), u)
			if err != nil {
				t.Fatal(err)
			}
			resp := create(t, c.Options, testOrigin, newSoftKey(t, testRPID), tc.format, tc.muts...)
			_, err = e.svc.FinishRegistration(t.Context(), c.ID, u, resp)
			if !errors.Is(err, webauthn.ErrInvalidResponse) || errors.Is(err, webauthn.ErrNoCeremony) {
				t.Fatalf("err = %v, want only ErrInvalidResponse", err)
			}
		})
	}
}

func TestGarbageRegistrationResponse(t *testing.T) {
	for _, body := range []string{"", "{", "null", `{"id":"x","rawId":"x","type":"public-key"}`, "[1,2]"} {
		e := newEnv(t, "memory")
		u := newUser("u1")
		c, err := e.svc.BeginRegistration(t.Context(), u)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.FinishRegistration(t.Context(), c.ID, u, []byte(body)); !errors.Is(err, webauthn.ErrInvalidResponse) {
			t.Errorf("body %q: err = %v, want ErrInvalidResponse", body, err)
		}
	}
}
