package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/session"
	"github.com/mijnaccount/mijnaccount/app"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/config"
	"github.com/mijnaccount/mijnaccount/mail"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// helpdeskEnv is tempEnv with Redis, so sessions started here are seen by
// the command, and one user with an authenticator app.
func helpdeskEnv(t *testing.T) (env []string, dir string, a *app.App, u account.User) {
	t.Helper()
	env, dir = tempEnv(t)
	env = append(env, "MIJNACCOUNT_REDIS_URL="+storagetest.RedisURL(), "MIJNACCOUNT_REDIS_PREFIX="+storagetest.RedisPrefix(t))
	orgID := createOrg(t, env, "--name", "Bakkerij Helpdesk", "--domain", "werkgever")
	out := runOK(t, env, "user", "create", "--org", orgID, "--email", "hulp@bakkerij.example", "--name", "Hulp Vrager",
		"--password", "Kwik-Kwek-Kwak-2026", "--output", "json")
	if err := json.Unmarshal([]byte(out), &u); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load("", env)
	if err != nil {
		t.Fatal(err)
	}
	if a, err = app.Open(context.Background(), cfg, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.Factors.AddFactor(context.Background(), mfa.Factor{UserID: u.ID, Kind: mfa.KindTOTP, Secret: "JBSWY3DPEHPK3PXP"}); err != nil {
		t.Fatal(err)
	}
	return env, dir, a, u
}

// cliEvent returns the audit event with action on target, or fails.
func cliEvent(t *testing.T, a *app.App, action, target string) audit.Event {
	t.Helper()
	var found *audit.Event
	err := audit.NewSQLStore(a.AuditDB).Iterate(context.Background(), time.Time{}, func(e audit.Event) error {
		if e.Action == action && e.TargetID == target {
			found = &e
		}
		return nil
	})
	if err != nil || found == nil {
		t.Fatalf("no audit event %s on %s (%v)", action, target, err)
	}
	return *found
}

func TestHelpdeskCommandUsageErrors(t *testing.T) {
	env, _ := tempEnv(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"helpdesk", "reset-factors", "--reason", "x"}, "--user is required"},
		{[]string{"helpdesk", "unlock", "--user", "u1"}, "--reason is required"},
		{[]string{"helpdesk", "revoke-sessions", "--user", "u1", "--reason", "x", "--ticket", "jan@example.nl"}, "--ticket must be"},
		{[]string{"helpdesk", "revoke-sessions", "--user", "nobody", "--reason", "x"}, `no user "nobody"`},
		{[]string{"helpdesk", "unlock", "--user", "u1", "--reason", "x", "--force"}, "unknown flag"},
		{[]string{"helpdesk", "four-eyes", "org", "maybe"}, "want on or off"},
	} {
		code, _, stderr := run(t, env, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}

func TestHelpdeskCommandsActAndAudit(t *testing.T) {
	env, dir, a, u := helpdeskEnv(t)
	ctx := context.Background()
	rec := httptest.NewRecorder()
	if _, err := a.Sessions.Start(ctx, rec, httptest.NewRequest("GET", "/", nil), session.Session{UserID: u.ID, OrgID: u.OrgID}, session.Policy{}); err != nil {
		t.Fatal(err)
	}

	// revoke-sessions ends the session started above.
	out := runOK(t, env, "helpdesk", "revoke-sessions", "--user", u.ID, "--reason", "Laptop gestolen", "--ticket", "INC-7", "--output", "json")
	var res helpdeskResult
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Status != "done" || res.SessionsEnded != 1 {
		t.Fatalf("revoke-sessions printed %q (%v)", out, err)
	}
	if list, _ := a.Sessions.List(ctx, u.ID); len(list) != 0 {
		t.Fatalf("%d sessions left", len(list))
	}
	if e := cliEvent(t, a, "helpdesk.sessions_revoked", u.ID); e.ActorID != "cli" || e.Reason != "INC-7" {
		t.Fatalf("event %+v", e)
	}

	// unlock lifts a permanent lock.
	if _, err := a.Accounts.UpdateUser(ctx, u.ID, func(x account.User) (account.User, error) {
		x.PermanentlyLocked, x.FailedLogins = true, 100
		return x, nil
	}); err != nil {
		t.Fatal(err)
	}
	runOK(t, env, "helpdesk", "unlock", "--user", u.ID, "--reason", "Teruggebeld")
	if got, _ := a.Accounts.GetUser(ctx, u.ID); got.PermanentlyLocked || got.FailedLogins != 0 {
		t.Fatalf("still locked: %+v", got)
	}
	cliEvent(t, a, "helpdesk.unlocked", u.ID)

	// four-eyes on: reset-factors becomes a request.
	runOK(t, env, "helpdesk", "four-eyes", u.OrgID, "on")
	out = runOK(t, env, "helpdesk", "reset-factors", "--user", u.ID, "--reason", "Nieuwe telefoon", "--output", "json")
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Status != "pending" || res.RequestID == "" {
		t.Fatalf("reset-factors with four eyes printed %q", out)
	}
	if fs, _ := a.Factors.ListFactors(ctx, u.ID); len(fs) != 1 {
		t.Fatal("a request alone removed the factors")
	}
	if code, _, stderr := run(t, env, "helpdesk", "reset-factors", "--user", u.ID, "--reason", "Nog eens"); code != 1 || !strings.Contains(stderr, "already waiting") {
		t.Fatalf("second request: exit %d, %q", code, stderr)
	}

	// four-eyes off: reset-factors removes the factors at once.
	runOK(t, env, "helpdesk", "four-eyes", u.OrgID, "off")
	if _, err := a.Factors.DeleteAllFactors(ctx, u.ID); err != nil { // start from one factor again
		t.Fatal(err)
	}
	if _, err := a.Factors.AddFactor(ctx, mfa.Factor{UserID: u.ID, Kind: mfa.KindTOTP, Secret: "JBSWY3DPEHPK3PXP"}); err != nil {
		t.Fatal(err)
	}
	out = runOK(t, env, "helpdesk", "reset-factors", "--user", u.ID, "--reason", "Telefoon kwijt", "--ticket", "INC-8")
	if !strings.Contains(out, "done") || !strings.Contains(out, "factors removed: 1") {
		t.Fatalf("reset-factors printed %q", out)
	}
	if fs, _ := a.Factors.ListFactors(ctx, u.ID); len(fs) != 0 {
		t.Fatalf("%d factors left", len(fs))
	}
	if e := cliEvent(t, a, "helpdesk.factors_reset", u.ID); e.ActorID != "cli" || e.Reason != "INC-8" {
		t.Fatalf("event %+v", e)
	}
	mails, err := mail.ReadOutbox(mail.OutboxPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range mails {
		if m.To == u.Email && m.Purpose == "helpdesk_action" {
			n++
		}
	}
	if n != 4 { // sessions revoked, unlocked, reset requested, reset
		t.Fatalf("%d helpdesk mails to the user, want 4", n)
	}
}
