package helpdesk_test

import (
	"context"
	"encoding/base64"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/helpdesk"
	"github.com/mijnaccount/mijnaccount/account/session"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/secretbox"
	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// fixture is a Service on a real database with fakes for what leaves it.
type fixture struct {
	svc      *helpdesk.Service
	accounts *account.SQLStore
	factors  *mfa.SQLStore
	sessions *fakeSessions
	audit    *fakeAudit
	clock    *storagetest.Clock
	org      account.Org
	user     account.User
}

func newFixture(t *testing.T, db *storage.DB, fourEyes bool) *fixture {
	t.Helper()
	ctx := context.Background()
	key, _ := secretbox.GenerateKey()
	keys, err := secretbox.ParseKeyring("k1:" + base64.StdEncoding.EncodeToString(key))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{clock: storagetest.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)),
		accounts: account.NewSQLStore(db), sessions: &fakeSessions{}, audit: &fakeAudit{}}
	f.factors = mfa.NewSQLStore(db, keys, f.clock.Now)
	if f.org, err = f.accounts.CreateOrg(ctx, account.Org{Name: "Werkgever", Domain: account.Werkgever, FourEyesFactorReset: fourEyes}); err != nil {
		t.Fatal(err)
	}
	if f.user, err = f.accounts.CreateUser(ctx, account.User{Email: "jan@werkgever.example", Name: "Jan", OrgID: f.org.ID, Status: account.StatusActive}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := f.factors.AddFactor(ctx, mfa.Factor{UserID: f.user.ID, Kind: mfa.KindTOTP, Secret: "JBSWY3DPEHPK3PXP"}); err != nil {
		t.Fatal(err)
	}
	f.svc = &helpdesk.Service{Accounts: f.accounts, Factors: f.factors, Sessions: f.sessions, Invites: fakeInvites{},
		Store: &helpdesk.Store{DB: db, Keys: keys, Now: f.clock.Now}, Mail: &fakeMail{}, Audit: f.audit,
		Log: slog.New(slog.DiscardHandler), Now: f.clock.Now}
	return f
}

func (f *fixture) do(a helpdesk.Actor, action helpdesk.Action, requestID string) (helpdesk.Result, error) {
	return f.svc.Do(context.Background(), a, helpdesk.Request{Action: action, UserID: f.user.ID, RequestID: requestID, Reason: "reden", Ticket: "T-1"})
}

func (f *fixture) factorCount(t *testing.T) int {
	fs, err := f.factors.ListFactors(context.Background(), f.user.ID)
	if err != nil {
		t.Fatal(err)
	}
	return len(fs)
}

var (
	deskA = helpdesk.Actor{ID: "desk-a", Helpdesk: true}
	deskB = helpdesk.Actor{ID: "desk-b", Helpdesk: true}
	admin = helpdesk.Actor{ID: "admin-c"}
)

func TestFourEyesRules(t *testing.T) {
	for name, open := range storagetest.Backends() {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, open(t), true)
			res, err := f.do(admin, helpdesk.ResetFactors, "")
			if err != nil || !res.Pending || f.factorCount(t) != 1 {
				t.Fatalf("admin's request: %+v, %v, %d factors", res, err, f.factorCount(t))
			}
			if _, err := f.do(deskA, helpdesk.ResetFactors, ""); !errors.Is(err, helpdesk.ErrAlreadyPending) {
				t.Fatalf("second request: %v", err)
			}
			if _, err := f.do(admin, helpdesk.Approve, res.RequestID); !errors.Is(err, helpdesk.ErrNotAllowed) {
				t.Fatalf("org admin approving: %v", err)
			}
			if _, err := f.do(helpdesk.Actor{ID: "other-admin"}, helpdesk.Reject, res.RequestID); !errors.Is(err, helpdesk.ErrNotAllowed) {
				t.Fatalf("another admin rejecting: %v", err)
			}
			if _, err := f.do(deskA, helpdesk.Approve, "wrong-id"); !errors.Is(err, helpdesk.ErrNoRequest) {
				t.Fatalf("approving another id: %v", err)
			}
			if _, err := f.do(deskA, helpdesk.Approve, res.RequestID); err != nil || f.factorCount(t) != 0 {
				t.Fatalf("approval: %v, %d factors", err, f.factorCount(t))
			}
			if f.sessions.revoked != 1 {
				t.Fatalf("sessions ended %d times", f.sessions.revoked)
			}

			// A helpdesk user's own request; the requester withdraws it.
			res, _ = f.do(deskA, helpdesk.ResetFactors, "")
			if _, err := f.do(deskA, helpdesk.Approve, res.RequestID); !errors.Is(err, helpdesk.ErrOwnRequest) {
				t.Fatalf("own approval: %v", err)
			}
			if !f.audit.has("helpdesk.factors_reset_approved", audit.OutcomeDenied) {
				t.Fatal("a refused own approval is not audited as denied")
			}
			if _, err := f.do(deskA, helpdesk.Reject, res.RequestID); err != nil {
				t.Fatalf("withdrawing: %v", err)
			}
			if _, err := f.do(deskB, helpdesk.Approve, res.RequestID); !errors.Is(err, helpdesk.ErrNoRequest) {
				t.Fatalf("approving a withdrawn request: %v", err)
			}

			// Requests expire.
			res, _ = f.do(deskA, helpdesk.ResetFactors, "")
			f.clock.Advance(helpdesk.DefaultPendingTTL + time.Minute)
			if _, err := f.do(deskB, helpdesk.Approve, res.RequestID); !errors.Is(err, helpdesk.ErrNoRequest) {
				t.Fatalf("approving an expired request: %v", err)
			}
			if res2, err := f.do(deskA, helpdesk.ResetFactors, ""); err != nil || !res2.Pending || res2.RequestID == res.RequestID {
				t.Fatalf("a new request after expiry: %+v, %v", res2, err)
			}
		})
	}
}

// TestApprovalRace: of two helpdesk users approving at once, one resets.
func TestApprovalRace(t *testing.T) {
	f := newFixture(t, storagetest.OpenSQLite(t), true)
	res, _ := f.do(admin, helpdesk.ResetFactors, "")
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, a := range []helpdesk.Actor{deskA, deskB} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.do(a, helpdesk.Approve, res.RequestID)
		}()
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) || f.sessions.revoked != 1 {
		t.Fatalf("errors %v, %v; sessions ended %d times: want exactly one approval", errs[0], errs[1], f.sessions.revoked)
	}
}

func TestInputAndSelf(t *testing.T) {
	f := newFixture(t, storagetest.OpenSQLite(t), false)
	ctx := context.Background()
	for _, tc := range []struct{ reason, ticket, field string }{
		{"", "", "reason"}, {"  \n ", "", "reason"}, {strings.Repeat("x", helpdesk.MaxReason+1), "", "reason"},
		{"ok", "jan@example.nl", "ticket"}, {"ok", "0612345678", "ticket"}, {"ok", "INC 12", "ticket"},
		{"ok", strings.Repeat("A", helpdesk.MaxTicket+1), "ticket"}, {"bel\x00", "", "reason"},
	} {
		_, err := f.svc.Do(ctx, deskA, helpdesk.Request{Action: helpdesk.ResetFactors, UserID: f.user.ID, Reason: tc.reason, Ticket: tc.ticket})
		ies := helpdesk.InputErrors(err)
		if !errors.Is(err, helpdesk.ErrInvalidInput) || len(ies) != 1 || ies[0].Field != tc.field {
			t.Errorf("reason %q ticket %q: %v, want a %s error", tc.reason, tc.ticket, err, tc.field)
		}
	}
	if f.factorCount(t) != 1 || len(f.audit.events) != 0 {
		t.Fatalf("refused input changed something: %d factors, %d events", f.factorCount(t), len(f.audit.events))
	}
	if _, err := f.svc.Do(ctx, helpdesk.Actor{ID: f.user.ID, Helpdesk: true}, helpdesk.Request{Action: helpdesk.ResetFactors,
		UserID: f.user.ID, Reason: "zelf"}); !errors.Is(err, helpdesk.ErrSelf) || f.factorCount(t) != 1 {
		t.Fatalf("acting on oneself: %v", err)
	}
	// An action done but not audited says so.
	f.audit.fail = errors.New("audit store down")
	res, err := f.do(deskA, helpdesk.ResetFactors, "")
	if !errors.Is(err, helpdesk.ErrNotRecorded) || res.FactorsRemoved != 1 {
		t.Fatalf("unaudited reset: %+v, %v", res, err)
	}
}

type fakeSessions struct {
	mu      sync.Mutex
	revoked int
}

func (s *fakeSessions) List(context.Context, string) ([]session.Session, error) { return nil, nil }
func (s *fakeSessions) RevokeAll(context.Context, string, string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revoked++
	return 1, nil
}

type fakeInvites struct{}

func (fakeInvites) Invite(context.Context, string, account.User) error    { return nil }
func (fakeInvites) SendReset(context.Context, string, account.User) error { return nil }

type fakeMail struct{}

func (*fakeMail) Send(context.Context, string, string, string, map[string]any) error { return nil }

type fakeAudit struct {
	mu     sync.Mutex
	events []audit.Event
	fail   error
}

func (a *fakeAudit) Record(_ context.Context, e audit.Event) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.fail != nil {
		return a.fail
	}
	a.events = append(a.events, e)
	return nil
}

func (a *fakeAudit) has(action string, outcome audit.Outcome) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, e := range a.events {
		if e.Action == action && e.Outcome == outcome {
			return true
		}
	}
	return false
}
