package webauthn_test

import (
	"errors"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/webauthn"
	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/memkv"
)

// begunLogin registers a key for a new user and begins a login.
func begunLogin(t *testing.T, e *env) (webauthn.User, *softKey, webauthn.Ceremony) {
	t.Helper()
	u := newUser("u1")
	key := newSoftKey(t, testRPID)
	e.register(t, &u, key, "none")
	c, err := e.svc.BeginLogin(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	return u, key, c
}

func TestCeremonyIsStoredServerSide(t *testing.T) {
	e := newEnv(t, "memory")
	_, _, c := begunLogin(t, e)
	ttl, err := e.kv.TTL(t.Context(), "webauthn-ceremony:"+c.ID)
	if err != nil || ttl != 5*time.Minute {
		t.Fatalf("ceremony key TTL = %v, %v; want 5m", ttl, err)
	}
}

func TestCeremonyIsSingleUse(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newEnv(t, store)
			u, key, c := begunLogin(t, e)
			resp := get(t, c.Options, testOrigin, key)
			if _, err := e.svc.FinishLogin(t.Context(), c.ID, u, resp); err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.FinishLogin(t.Context(), c.ID, u, resp); !errors.Is(err, webauthn.ErrNoCeremony) {
				t.Fatalf("replayed login: err = %v, want ErrNoCeremony", err)
			}

			r, err := e.svc.BeginRegistration(t.Context(), u)
			if err != nil {
				t.Fatal(err)
			}
			reg := create(t, r.Options, testOrigin, newSoftKey(t, testRPID), "none")
			if _, err := e.svc.FinishRegistration(t.Context(), r.ID, u, reg); err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.FinishRegistration(t.Context(), r.ID, u, reg); !errors.Is(err, webauthn.ErrNoCeremony) {
				t.Fatalf("replayed registration: err = %v, want ErrNoCeremony", err)
			}
		})
	}
}

func TestFailedFinishUsesTheCeremonyUp(t *testing.T) {
	e := newEnv(t, "memory")
	u, key, c := begunLogin(t, e)
	if _, err := e.svc.FinishLogin(t.Context(), c.ID, u, get(t, c.Options, testOrigin, key, withBadSignature())); !errors.Is(err, webauthn.ErrInvalidResponse) {
		t.Fatalf("err = %v, want ErrInvalidResponse", err)
	}
	if _, err := e.svc.FinishLogin(t.Context(), c.ID, u, get(t, c.Options, testOrigin, key)); !errors.Is(err, webauthn.ErrNoCeremony) {
		t.Fatalf("second try: err = %v, want ErrNoCeremony", err)
	}
}

func TestCeremonyExpiresInTheStore(t *testing.T) {
	e := newEnv(t, "memory")
	u, key, c := begunLogin(t, e)
	e.kvClock.Advance(5*time.Minute + time.Second)
	if _, err := e.svc.FinishLogin(t.Context(), c.ID, u, get(t, c.Options, testOrigin, key)); !errors.Is(err, webauthn.ErrNoCeremony) {
		t.Fatalf("err = %v, want ErrNoCeremony", err)
	}
}

func TestCeremonyExpiresByTheServiceClock(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newEnv(t, store)
			u, key, c := begunLogin(t, e)
			e.clock.Advance(5 * time.Minute) // the store still holds it
			if _, err := e.svc.FinishLogin(t.Context(), c.ID, u, get(t, c.Options, testOrigin, key)); !errors.Is(err, webauthn.ErrNoCeremony) {
				t.Fatalf("err = %v, want ErrNoCeremony", err)
			}
		})
	}
}

func TestCeremonyJustBeforeExpiry(t *testing.T) {
	e := newEnv(t, "memory")
	u, key, c := begunLogin(t, e)
	e.kvClock.Advance(5*time.Minute - time.Second)
	e.clock.Advance(5*time.Minute - time.Second)
	if _, err := e.svc.FinishLogin(t.Context(), c.ID, u, get(t, c.Options, testOrigin, key)); err != nil {
		t.Fatal(err)
	}
}

func TestCeremonyIsBoundToTheUser(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newEnv(t, store)
			alice, key, c := begunLogin(t, e)
			// Bob, with the same key record (so only the binding can stop it).
			bob := newUser("bob")
			bob.Credentials = alice.Credentials
			resp := get(t, c.Options, testOrigin, key)
			if _, err := e.svc.FinishLogin(t.Context(), c.ID, bob, resp); !errors.Is(err, webauthn.ErrNoCeremony) {
				t.Fatalf("err = %v, want ErrNoCeremony", err)
			}
		})
	}
}

func TestCeremonyIsBoundToItsKind(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newEnv(t, store)
			u, key, _ := begunLogin(t, e)
			r, err := e.svc.BeginRegistration(t.Context(), u)
			if err != nil {
				t.Fatal(err)
			}
			// A well-formed assertion for the registration ceremony's challenge.
			resp := get(t, loginShaped(t, r, key), testOrigin, key)
			if _, err := e.svc.FinishLogin(t.Context(), r.ID, u, resp); !errors.Is(err, webauthn.ErrNoCeremony) {
				t.Fatalf("registration ceremony used for login: err = %v, want ErrNoCeremony", err)
			}

			l, err := e.svc.BeginLogin(t.Context(), u)
			if err != nil {
				t.Fatal(err)
			}
			reg := create(t, registrationShaped(t, l), testOrigin, newSoftKey(t, testRPID), "none")
			if _, err := e.svc.FinishRegistration(t.Context(), l.ID, u, reg); !errors.Is(err, webauthn.ErrNoCeremony) {
				t.Fatalf("login ceremony used for registration: err = %v, want ErrNoCeremony", err)
			}
		})
	}
}

// loginShaped turns registration options into login options with the same
// challenge, allowing key.
func loginShaped(t *testing.T, c webauthn.Ceremony, key *softKey) []byte {
	o := options(t, c)
	return mustJSON(t, map[string]any{"publicKey": map[string]any{
		"challenge":        o["challenge"],
		"rpId":             testRPID,
		"allowCredentials": []any{map[string]any{"type": "public-key", "id": b64(key.id)}},
	}})
}

// registrationShaped turns login options into registration options with the
// same challenge.
func registrationShaped(t *testing.T, c webauthn.Ceremony) []byte {
	o := options(t, c)
	return mustJSON(t, map[string]any{"publicKey": map[string]any{
		"challenge": o["challenge"],
		"rp":        map[string]any{"id": testRPID},
	}})
}

func TestUnknownCeremonyIDs(t *testing.T) {
	e := newEnv(t, "memory")
	u, key, c := begunLogin(t, e)
	resp := get(t, c.Options, testOrigin, key)
	for _, id := range []string{"", "nope", storage.RandomString(24), c.ID + "a", "webauthn-ceremony:" + c.ID, "../" + c.ID[3:]} {
		if _, err := e.svc.FinishLogin(t.Context(), id, u, resp); !errors.Is(err, webauthn.ErrNoCeremony) {
			t.Errorf("id %q: err = %v, want ErrNoCeremony", id, err)
		}
	}
	// None of them touched the real ceremony.
	if _, err := e.svc.FinishLogin(t.Context(), c.ID, u, resp); err != nil {
		t.Fatal(err)
	}
}

func TestStoreFailureIsNotAMissingCeremony(t *testing.T) {
	kv := &failingKV{KV: memkv.New(time.Now)}
	e := newEnv(t, "memory", func(c *webauthn.Config) { c.KV = kv })
	u, key, c := begunLogin(t, e)

	kv.fail(false, true)
	_, err := e.svc.FinishLogin(t.Context(), c.ID, u, get(t, c.Options, testOrigin, key))
	if err == nil || !errors.Is(err, errStoreDown) || errors.Is(err, webauthn.ErrNoCeremony) || errors.Is(err, webauthn.ErrInvalidResponse) {
		t.Fatalf("finish with a failing store: err = %v", err)
	}
	_, err = e.svc.FinishRegistration(t.Context(), c.ID, u, []byte("{}"))
	if err == nil || !errors.Is(err, errStoreDown) || errors.Is(err, webauthn.ErrNoCeremony) {
		t.Fatalf("finish registration with a failing store: err = %v", err)
	}

	kv.fail(true, false)
	if _, err := e.svc.BeginLogin(t.Context(), u); !errors.Is(err, errStoreDown) {
		t.Fatalf("begin login with a failing store: err = %v", err)
	}
	if _, err := e.svc.BeginRegistration(t.Context(), u); !errors.Is(err, errStoreDown) {
		t.Fatalf("begin registration with a failing store: err = %v", err)
	}
}

func TestConcurrentFinishesOnlyOneWins(t *testing.T) {
	for _, store := range stores {
		t.Run(store, func(t *testing.T) {
			e := newEnv(t, store)
			u, key, c := begunLogin(t, e)
			resp := get(t, c.Options, testOrigin, key)
			const n = 8
			errs := make(chan error, n)
			for range n {
				go func() {
					_, err := e.svc.FinishLogin(t.Context(), c.ID, u, resp)
					errs <- err
				}()
			}
			wins := 0
			for range n {
				switch err := <-errs; {
				case err == nil:
					wins++
				case !errors.Is(err, webauthn.ErrNoCeremony):
					t.Errorf("unexpected error: %v", err)
				}
			}
			if wins != 1 {
				t.Fatalf("%d finishes succeeded, want 1", wins)
			}
		})
	}
}
