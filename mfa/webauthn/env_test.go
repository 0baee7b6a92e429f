package webauthn_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/webauthn"
	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/memkv"
	"github.com/mijnaccount/mijnaccount/storage/rediskv"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

const (
	testRPID   = "localhost"
	testOrigin = "http://localhost:8080"
	testAppID  = "https://login.example.nl/u2f/appid.json"
)

// stores are the KV backends the ceremony tests run on.
var stores = []string{"memory", "redis"}

type clock = storagetest.Clock

func newClock() *clock { return storagetest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)) }

// env is a Service on a fresh store. The service and the in-memory store
// have separate clocks, so the store's TTL and the service's own expiry
// check can be tested apart.
type env struct {
	svc     *webauthn.Service
	kv      storage.KV
	clock   *clock // the service's clock
	kvClock *clock // the in-memory store's clock; nil on Redis
}

func newEnv(t *testing.T, store string, mutate ...func(*webauthn.Config)) *env {
	t.Helper()
	e := &env{clock: newClock()}
	switch store {
	case "memory":
		e.kvClock = newClock()
		e.kv = memkv.New(e.kvClock.Now)
	case "redis":
		kv, err := rediskv.Open(t.Context(), storagetest.RedisURL(), storagetest.RedisPrefix(t))
		if err != nil {
			t.Fatal(err)
		}
		e.kv = kv
	default:
		t.Fatalf("unknown store %q", store)
	}
	t.Cleanup(func() { e.kv.Close() })
	cfg := webauthn.Config{
		RPID:    testRPID,
		RPName:  "Mijn Account",
		Origins: []string{testOrigin},
		KV:      e.kv,
		Now:     e.clock.Now,
	}
	for _, m := range mutate {
		m(&cfg)
	}
	svc, err := webauthn.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.svc = svc
	return e
}

func withAppID(c *webauthn.Config) { c.U2FAppID = testAppID }

func newUser(id string) webauthn.User {
	return webauthn.User{ID: id, Name: id + "@example.nl", DisplayName: "Gebruiker " + id}
}

// register adds key to u through a full registration ceremony.
func (e *env) register(t *testing.T, u *webauthn.User, key *softKey, format string) webauthn.Credential {
	t.Helper()
	ctx := t.Context()
	c, err := e.svc.BeginRegistration(ctx, *u)
	if err != nil {
		t.Fatal(err)
	}
	cred, err := e.svc.FinishRegistration(ctx, c.ID, *u, create(t, c.Options, testOrigin, key, format))
	if err != nil {
		t.Fatalf("register: %v", err)
	}
	// Store it the way the caller does: as JSON.
	var stored webauthn.Credential
	mustUnmarshal(t, mustJSON(t, cred), &stored)
	u.Credentials = append(u.Credentials, stored)
	return stored
}

// login runs a full login ceremony with key.
func (e *env) login(t *testing.T, u webauthn.User, key *softKey, muts ...mutator) (webauthn.LoginResult, error) {
	t.Helper()
	ctx := t.Context()
	c, err := e.svc.BeginLogin(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	return e.svc.FinishLogin(ctx, c.ID, u, get(t, c.Options, testOrigin, key, muts...))
}

// options decodes a ceremony's options into a generic map.
func options(t *testing.T, c webauthn.Ceremony) map[string]any {
	t.Helper()
	var o struct {
		PublicKey map[string]any `json:"publicKey"`
	}
	mustUnmarshal(t, c.Options, &o)
	if o.PublicKey == nil {
		t.Fatalf("options have no publicKey: %s", c.Options)
	}
	return o.PublicKey
}

// failingKV is a store whose Set and Take fail on demand.
type failingKV struct {
	storage.KV
	mu       sync.Mutex
	failSet  bool
	failTake bool
}

var errStoreDown = errors.New("store down")

func (f *failingKV) fail(set, take bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failSet, f.failTake = set, take
}

func (f *failingKV) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	f.mu.Lock()
	fail := f.failSet
	f.mu.Unlock()
	if fail {
		return errStoreDown
	}
	return f.KV.Set(ctx, key, value, ttl)
}

func (f *failingKV) Take(ctx context.Context, key string) ([]byte, error) {
	f.mu.Lock()
	fail := f.failTake
	f.mu.Unlock()
	if fail {
		return nil, errStoreDown
	}
	return f.KV.Take(ctx, key)
}

// ids lists the "id" members of a credential descriptor list.
func ids(t *testing.T, list any) []string {
	t.Helper()
	raw, _ := json.Marshal(list)
	var descs []struct {
		ID string `json:"id"`
	}
	mustUnmarshal(t, raw, &descs)
	out := make([]string, len(descs))
	for i, d := range descs {
		out[i] = d.ID
	}
	return out
}
