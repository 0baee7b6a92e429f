package app_test

import (
	"context"
	"html"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/helpdesk"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/mfa"
)

// addPhone gives u an SMS factor for phone.
func addPhone(t *testing.T, env *apptest.Env, u account.User, phone string) mfa.Factor {
	t.Helper()
	f, err := env.App.Factors.AddFactor(context.Background(), mfa.Factor{UserID: u.ID, Kind: mfa.KindSMS, Secret: phone})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// lastMail returns the newest mail to addr, or fails.
func lastMail(t *testing.T, env *apptest.Env, addr, purpose string) string {
	t.Helper()
	mails := env.Mails(t, addr)
	for i := len(mails) - 1; i >= 0; i-- {
		if mails[i].Purpose == purpose {
			return mails[i].Text
		}
	}
	t.Fatalf("no %s mail to %s among %d", purpose, addr, len(mails))
	return ""
}

func factorCount(t *testing.T, env *apptest.Env, u account.User) int {
	t.Helper()
	fs, err := env.App.Factors.ListFactors(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return len(fs)
}

func TestHelpdeskResetFactorsMakesTheUserEnrolAgain(t *testing.T) {
	for _, backend := range apptest.Backends {
		t.Run(backend, func(t *testing.T) {
			w := newHDWorld(t, backend)
			worker, workerBrowser := w.loggedIn(t, w.employer, "reset@noord.example")
			desk, b := w.loggedIn(t, w.arbo, "helpdesk@arbo-noord.example", roleHelpdesk)
			const reason = "Belde op, nieuwe telefoon, identiteit gecontroleerd via terugbellen"

			// No reason: refused, nothing done.
			p := act(b, worker.ID, helpdesk.ResetFactors, "  ", "INC-4711")
			if p.Status != 422 || !strings.Contains(p.Body, "Vul de reden in") || factorCount(t, w.env, worker) != 1 {
				t.Fatalf("reset without reason: %d\n%s", p.Status, p.Body)
			}
			// A ticket that looks like a phone number is refused too.
			if p := act(b, worker.ID, helpdesk.ResetFactors, reason, "0612345678"); p.Status != 422 || factorCount(t, w.env, worker) != 1 {
				t.Fatalf("reset with a phone number as ticket: %d", p.Status)
			}

			p = act(b, worker.ID, helpdesk.ResetFactors, reason, "INC-4711")
			if p.URL.Path != "/helpdesk/users/"+worker.ID || !strings.Contains(p.Body, "De tweestapsverificatie is gereset") {
				t.Fatalf("after the reset: %s %d\n%s", p.URL, p.Status, p.Body)
			}
			if n := factorCount(t, w.env, worker); n != 0 {
				t.Fatalf("%d factors left", n)
			}
			if has, _ := w.env.App.Factors.HasRecoveryCode(context.Background(), worker.ID); has {
				t.Fatal("the recovery code is still there")
			}
			if p := workerBrowser.Get("/account"); p.URL.Path != "/login" {
				t.Fatalf("the user's session lives on: %s", p.URL)
			}
			// The next login goes through the enrolment wizard, with a new recovery code.
			p = w.env.Browser(t).Password(worker.Email, goodPassword)
			if p.URL.Path != "/login/enrol" {
				t.Fatalf("next login goes to %s, not the wizard", p.URL)
			}
			if text := lastMail(t, w.env, worker.Email, "helpdesk_action"); !strings.Contains(text, "tweestapsverificatie van uw account gereset") {
				t.Fatalf("mail to the user:\n%s", text)
			}
			e := findEvent(t, w.env, "helpdesk.factors_reset", worker.ID)
			if e.ActorID != desk.ID || e.Reason != "INC-4711" || e.OrgID != w.employer.ID || e.Outcome != "success" {
				t.Fatalf("audit event %+v", e)
			}
			noPersonalData(t, w.env, worker.Email, desk.Email, "terugbellen", "Gebruiker")
			recs, err := (&helpdesk.Store{DB: w.env.App.DB, Now: w.env.Clock.Now}).ForUser(context.Background(), worker.ID)
			if err != nil || len(recs) != 1 || recs[0].Reason != reason || recs[0].ActorID != desk.ID || recs[0].Ticket != "INC-4711" {
				t.Fatalf("stored actions %+v, %v", recs, err)
			}
		})
	}
}

// TestHelpdeskActionWaitsForAFreshFactor: after five minutes the action
// first asks the helpdesk user's own factor, then happens.
func TestHelpdeskActionWaitsForAFreshFactor(t *testing.T) {
	w := newHDWorld(t, "sqlite")
	worker, workerBrowser := w.loggedIn(t, w.employer, "oud@noord.example")
	desk, b := w.loggedIn(t, w.arbo, "helpdesk@arbo-noord.example", roleHelpdesk)
	w.env.Clock.Advance(6 * time.Minute)
	if p := b.Get("/helpdesk/users/" + worker.ID + "/revoke-sessions"); !strings.Contains(p.Body, "bevestigt u eerst met uw eigen tweede stap") {
		t.Fatalf("the form does not say a factor comes first:\n%s", p.Body)
	}
	p := act(b, worker.ID, helpdesk.RevokeSessions, "Telefoon gestolen", "")
	if p.URL.Path != "/login/factor/totp" {
		t.Fatalf("stale factor: %s\n%s", p.URL, p.Body)
	}
	if workerBrowser.Get("/account").URL.Path != "/account" {
		t.Fatal("the sessions ended before the factor was proven")
	}
	secret, _ := w.env.Secret(desk.Email)
	p = b.Submit(p, url.Values{"code": {w.env.TOTPCode(t, secret)}})
	if p.URL.Path != "/helpdesk/users/"+worker.ID || !strings.Contains(p.Body, "overal uitgelogd") {
		t.Fatalf("after the factor: %s\n%s", p.URL, p.Body)
	}
	if workerBrowser.Get("/account").URL.Path != "/login" {
		t.Fatal("the sessions did not end after the factor was proven")
	}
	findEvent(t, w.env, "helpdesk.sessions_revoked", worker.ID)
	lastMail(t, w.env, worker.Email, "helpdesk_action")
	// The kept action was used once: going back does nothing more.
	if p := b.Get("/helpdesk/resume/" + "unknown"); p.Status != 404 {
		t.Fatalf("unknown draft: %d", p.Status)
	}
}

func TestHelpdeskRemoveFactorUnlockAndLinks(t *testing.T) {
	w := newHDWorld(t, "sqlite")
	worker := w.env.User(t, w.employer, "divers@noord.example", goodPassword)
	phone := addPhone(t, w.env, worker, "+31612345678")
	desk, b := w.loggedIn(t, w.arbo, "helpdesk@arbo-noord.example", roleHelpdesk)

	// Remove one factor; the last one cannot go.
	p := b.Get("/helpdesk/users/" + worker.ID + "/remove-factor?factor=" + phone.ID)
	if p.Status != 200 || !strings.Contains(html.UnescapeString(p.Body), "+31 6 ** ** ** 78") {
		t.Fatalf("remove form: %d\n%s", p.Status, p.Body)
	}
	p = act(b, worker.ID, helpdesk.RemoveFactor, "Oud nummer", "", "factor", phone.ID)
	if factorCount(t, w.env, worker) != 1 || !strings.Contains(p.Body, "De manier is verwijderd") {
		t.Fatalf("after removing the phone: %d factors\n%s", factorCount(t, w.env, worker), p.Body)
	}
	findEvent(t, w.env, "helpdesk.factor_removed", worker.ID)
	fs, _ := w.env.App.Factors.ListFactors(context.Background(), worker.ID)
	if p := act(b, worker.ID, helpdesk.RemoveFactor, "Laatste", "", "factor", fs[0].ID); p.Status != 409 || factorCount(t, w.env, worker) != 1 {
		t.Fatalf("removing the last factor: %d", p.Status)
	}

	// Unlock: three wrong passwords make the address wait, and the account
	// is locked for good; after the unlock the user logs in at once.
	for i := 0; i < 3; i++ {
		w.env.Browser(t).Password(worker.Email, "fout-wachtwoord")
	}
	if _, err := w.env.App.Accounts.UpdateUser(context.Background(), worker.ID, func(u account.User) (account.User, error) {
		u.PermanentlyLocked, u.FailedLogins = true, 100
		return u, nil
	}); err != nil {
		t.Fatal(err)
	}
	if p := w.env.Browser(t).Login(worker.Email, goodPassword); p.URL.Path == "/account" {
		t.Fatal("a locked user logged in")
	}
	if p := b.Get("/helpdesk/users/" + worker.ID); !strings.Contains(p.Body, "/unlock") {
		t.Fatalf("no unlock offered for a locked user:\n%s", p.Body)
	}
	act(b, worker.ID, helpdesk.Unlock, "Gebruiker belde, identiteit gecontroleerd", "INC-9")
	if p := w.env.Browser(t).Login(worker.Email, goodPassword); p.URL.Path != "/account" {
		t.Fatalf("after the unlock the login ends on %s\n%s", p.URL, p.Body)
	}
	if e := findEvent(t, w.env, "helpdesk.unlocked", worker.ID); e.ActorID != desk.ID || e.Reason != "INC-9" {
		t.Fatalf("unlock event %+v", e)
	}
	if text := lastMail(t, w.env, worker.Email, "helpdesk_action"); !strings.Contains(text, "ontgrendeld") {
		t.Fatalf("unlock mail:\n%s", text)
	}

	// A password reset link by mail; the link works.
	act(b, worker.ID, helpdesk.PasswordReset, "Wachtwoord vergeten, belde op", "")
	link := regexpFind(t, lastMail(t, w.env, worker.Email, "password_reset"), `(http://\S+/password/reset/\S+)`)
	if p := w.env.Browser(t).Get(link); p.Status != 200 || !strings.Contains(p.Body, "new_password") {
		t.Fatalf("reset link: %d", p.Status)
	}
	if e := findEvent(t, w.env, "helpdesk.password_reset_sent", worker.ID); e.ActorID != desk.ID {
		t.Fatalf("reset event %+v", e)
	}

	// A new invitation for an invited user (and not for an active one).
	invited, err := w.env.App.Accounts.CreateUser(context.Background(), account.User{Email: "nieuw@noord.example", Name: "Nieuw",
		OrgID: w.employer.ID, Status: account.StatusInvited, Lang: "nl"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	act(b, invited.ID, helpdesk.ResendInvitation, "Uitnodiging kwijt", "")
	if text := lastMail(t, w.env, invited.Email, "invitation"); !strings.Contains(text, "/invite/") {
		t.Fatalf("invitation mail:\n%s", text)
	}
	findEvent(t, w.env, "helpdesk.invitation_resent", invited.ID)
	if p := act(b, worker.ID, helpdesk.ResendInvitation, "Fout", ""); p.Status != 409 {
		t.Fatalf("invitation for an active user: %d", p.Status)
	}
	noPersonalData(t, w.env, worker.Email, invited.Email, desk.Email, "Wachtwoord vergeten", "31612345678")
}
