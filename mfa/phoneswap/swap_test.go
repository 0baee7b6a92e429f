package phoneswap_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/session"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/phoneswap"
	"github.com/mijnaccount/mijnaccount/secretbox"
	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/memkv"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

const original, temporary = "+31612345678", "+31687654321"

type env struct {
	db       *storage.DB
	keys     secretbox.Keyring
	factors  *mfa.SQLStore
	sessions *session.Manager
	clock    *storagetest.Clock
	user     string
	mu       sync.Mutex
	events   []phoneswap.Event
}

func newEnv(t *testing.T, db *storage.DB) *env {
	t.Helper()
	key, _ := secretbox.GenerateKey()
	keys, err := secretbox.ParseKeyring("k1:" + base64.StdEncoding.EncodeToString(key))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{db: db, keys: keys, clock: storagetest.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))}
	e.factors = mfa.NewSQLStore(db, keys, e.clock.Now)
	e.sessions, err = session.NewManager(session.Options{KV: memkv.New(e.clock.Now), HashKey: bytes.Repeat([]byte("h"), 32),
		BlockKey: bytes.Repeat([]byte("b"), 32), Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	accounts := account.NewSQLStore(db)
	org, err := accounts.CreateOrg(t.Context(), account.Org{Name: "Wissel BV", Domain: account.Werkgever})
	if err != nil {
		t.Fatal(err)
	}
	u, err := accounts.CreateUser(t.Context(), account.User{Email: storage.RandomString(6) + "@wissel.example", Name: "W",
		OrgID: org.ID, Status: account.StatusActive}, nil)
	if err != nil {
		t.Fatal(err)
	}
	e.user = u.ID
	if _, err := e.factors.AddFactor(t.Context(), mfa.Factor{UserID: u.ID, Kind: mfa.KindSMS, Secret: original}); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) service() *phoneswap.Service {
	return &phoneswap.Service{DB: e.db, Keys: e.keys, Factors: e.factors, Sessions: e.sessions, Now: e.clock.Now,
		Log: slog.New(slog.DiscardHandler), Notify: func(_ context.Context, ev phoneswap.Event) {
			e.mu.Lock()
			e.events = append(e.events, ev)
			e.mu.Unlock()
		}}
}

func (e *env) phone(t *testing.T) string {
	t.Helper()
	fs, _ := e.factors.ListFactors(t.Context(), e.user)
	return fs[0].Secret
}

func (e *env) kinds() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for _, ev := range e.events {
		out = append(out, ev.Kind)
	}
	return out
}

func TestSwap(t *testing.T) {
	for name, open := range storagetest.Backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			t.Run("StartThenRevertAtEndDate", func(t *testing.T) { testStartRevert(t, newEnv(t, open(t))) })
			t.Run("RevertExactlyOnceAcrossProcesses", func(t *testing.T) { testOnce(t, newEnv(t, open(t))) })
			t.Run("EarlyEndAndBadInput", func(t *testing.T) { testEarlyAndInvalid(t, newEnv(t, open(t))) })
		})
	}
}

func testStartRevert(t *testing.T, e *env) {
	s := e.service()
	_, _ = e.sessions.Start(t.Context(), httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil),
		session.Session{UserID: e.user}, session.Policy{})
	end := e.clock.Now().Add(14 * 24 * time.Hour)
	if _, err := s.Start(t.Context(), e.user, temporary, end, e.user); err != nil {
		t.Fatal(err)
	}
	if e.phone(t) != temporary {
		t.Fatal("the SMS factor must hold the temporary number")
	}
	if list, _ := e.sessions.List(t.Context(), e.user); len(list) != 0 {
		t.Errorf("%d sessions survived the start", len(list))
	}
	var raw string
	_ = e.db.QueryRowContext(t.Context(), `SELECT original_phone FROM phone_swaps`).Scan(&raw)
	if strings.Contains(raw, "612345678") {
		t.Fatal("the original number is stored in clear")
	}
	if _, err := s.Start(t.Context(), e.user, "+31600000000", end, e.user); !errors.Is(err, phoneswap.ErrActive) {
		t.Errorf("second swap: %v, want ErrActive", err)
	}
	if n, err := s.RevertDue(t.Context()); n != 0 || err != nil {
		t.Fatalf("before the end: %d %v", n, err)
	}
	// A restart: a new service on the same database finds the pending revert.
	e.clock.Advance(14*24*time.Hour + time.Minute)
	if n, err := e.service().RevertDue(t.Context()); n != 1 || err != nil {
		t.Fatalf("at the end: %d %v", n, err)
	}
	if e.phone(t) != original {
		t.Fatal("the original number is not back")
	}
	if got := e.kinds(); len(got) != 2 || got[0] != "started" || got[1] != "ended" {
		t.Errorf("notifications %v", got)
	}
	if _, err := s.Active(t.Context(), e.user); !errors.Is(err, phoneswap.ErrNoSwap) {
		t.Errorf("after the revert: %v", err)
	}
}

func testOnce(t *testing.T, e *env) {
	if _, err := e.service().Start(t.Context(), e.user, temporary, e.clock.Now().Add(time.Hour), e.user); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(2 * time.Hour)
	var wg sync.WaitGroup
	total := make(chan int, 4)
	for range 4 {
		wg.Go(func() {
			n, err := e.service().RevertDue(context.WithoutCancel(t.Context()))
			if err != nil {
				t.Error(err)
			}
			total <- n
		})
	}
	wg.Wait()
	close(total)
	sum := 0
	for n := range total {
		sum += n
	}
	if sum != 1 || e.phone(t) != original {
		t.Errorf("%d reverts across 4 processes, want 1; phone back: %v", sum, e.phone(t) == original)
	}
	if got := e.kinds(); len(got) != 2 {
		t.Errorf("notifications %v, want one start and one end", got)
	}
}

func testEarlyAndInvalid(t *testing.T, e *env) {
	s := e.service()
	for _, end := range []time.Time{e.clock.Now().Add(-time.Hour), e.clock.Now().Add(91 * 24 * time.Hour)} {
		if _, err := s.Start(t.Context(), e.user, temporary, end, e.user); !errors.Is(err, phoneswap.ErrInvalid) {
			t.Errorf("end %v: %v", end, err)
		}
	}
	if _, err := s.Start(t.Context(), e.user, original, time.Time{}, e.user); !errors.Is(err, phoneswap.ErrInvalid) {
		t.Errorf("same number: %v", err)
	}
	if e.phone(t) != original {
		t.Fatal("a refused swap changed the number")
	}
	if err := s.End(t.Context(), e.user, e.user); !errors.Is(err, phoneswap.ErrNoSwap) {
		t.Errorf("end without swap: %v", err)
	}
	if _, err := s.Start(t.Context(), e.user, temporary, time.Time{}, e.user); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(400 * 24 * time.Hour)
	if n, _ := s.RevertDue(t.Context()); n != 0 {
		t.Error("a swap without an end date must not end by itself")
	}
	if err := s.End(t.Context(), e.user, "helpdesk-1"); err != nil || e.phone(t) != original {
		t.Fatalf("early end: %v", err)
	}
}
