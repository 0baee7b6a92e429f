package app_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
)

const goodPassword = "Lente-wandeling-2026"

func TestLoginAndLogout(t *testing.T) {
	for _, backend := range apptest.Backends {
		t.Run(backend, func(t *testing.T) {
			env := apptest.New(t, backend)
			org := env.Org(t, "Bakkerij De Korrel", account.Werkgever)
			env.User(t, org, "Anna.deVries@korrel.example", goodPassword, "werkgever/hr")
			b := env.Browser(t)

			p := b.Login("anna.devries@KORREL.example", goodPassword)
			if p.URL.Path != "/account" || !strings.Contains(p.Body, "Bakkerij De Korrel") || !strings.Contains(p.Body, "hr") {
				t.Fatalf("after login: %s %d\n%s", p.URL, p.Status, p.Body)
			}
			p = b.Submit(b.Get("/account"), nil) // the first form on the portal is the logout
			if p.URL.Path != "/logout" {
				t.Fatalf("after logout: %s", p.URL)
			}
			if p := b.Get("/account"); p.URL.Path != "/login" {
				t.Fatalf("portal after logout must ask for a login, got %s", p.URL)
			}
		})
	}
}

// TestNoUserEnumeration: unknown users, wrong passwords and blocked users get
// the same status and the same page.
func TestNoUserEnumeration(t *testing.T) {
	for _, backend := range apptest.Backends {
		t.Run(backend, func(t *testing.T) {
			env := apptest.New(t, backend)
			org := env.Org(t, "Arbo Noord", account.Arbodienst)
			env.User(t, org, "known@arbo.example", goodPassword)
			blocked := env.User(t, org, "blocked@arbo.example", goodPassword)
			if _, err := env.App.Accounts.UpdateUser(t.Context(), blocked.ID, func(u account.User) (account.User, error) {
				u.Status = account.StatusBlocked
				return u, nil
			}); err != nil {
				t.Fatal(err)
			}
			answer := func(email, pw string) (int, string) {
				p := env.Browser(t).Login(email, pw)
				body := strings.ReplaceAll(p.Body, email, "EMAIL")
				body = flowID.ReplaceAllString(body, "ID")
				body = requestID.ReplaceAllString(body, "REQ")
				return p.Status, body
			}
			s1, b1 := answer("nobody@arbo.example", goodPassword)
			s2, b2 := answer("known@arbo.example", "wrong-password-123")
			s3, b3 := answer("blocked@arbo.example", goodPassword)
			if s1 != s2 || s2 != s3 || b1 != b2 || b2 != b3 {
				t.Fatalf("answers differ:\nunknown %d\nwrong %d\nblocked %d\n%s\n----\n%s", s1, s2, s3, b1, b2)
			}
			if !strings.Contains(b1, "De combinatie van e-mailadres en wachtwoord is onjuist.") {
				t.Fatalf("generic failure text missing:\n%s", b1)
			}
		})
	}
}

func TestTemporaryPasswordMustBeChanged(t *testing.T) {
	for _, backend := range apptest.Backends {
		t.Run(backend, func(t *testing.T) {
			env := apptest.New(t, backend)
			org := env.Org(t, "Verzekeraar Zuid", account.Verzekeraar)
			u := env.User(t, org, "tijdelijk@zuid.example", "Tijdelijk-wachtwoord-1")
			secret, _ := env.Secret(u.Email)
			if _, err := env.App.Accounts.UpdateUser(t.Context(), u.ID, func(u account.User) (account.User, error) {
				u.MustChangePassword = true
				return u, nil
			}); err != nil {
				t.Fatal(err)
			}
			b := env.Browser(t)
			p := b.Login("tijdelijk@zuid.example", "Tijdelijk-wachtwoord-1")
			if p.URL.Path != "/login/password" {
				t.Fatalf("a temporary password must lead to the change page, got %s", p.URL)
			}
			if p := b.Get("/account"); p.URL.Path == "/account" {
				t.Fatal("no session may exist before the temporary password is changed")
			}
			p = b.Login("tijdelijk@zuid.example", "Tijdelijk-wachtwoord-1")
			bad := b.Submit(p, url.Values{"new_password": {"kort"}, "repeat_password": {"kort"}})
			if bad.Status != 422 || !strings.Contains(bad.Body, "minimaal") {
				t.Fatalf("a too short password must be refused with the policy text: %d\n%s", bad.Status, bad.Body)
			}
			p = b.Submit(bad, url.Values{"new_password": {goodPassword}, "repeat_password": {goodPassword}})
			if p.URL.Path != "/login/factor/totp" {
				t.Fatalf("after the change the second factor is next, got %s\n%s", p.URL, p.Body)
			}
			p = b.Submit(p, url.Values{"code": {env.TOTPCode(t, secret)}})
			if p.URL.Path != "/account" {
				t.Fatalf("after the code: %s\n%s", p.URL, p.Body)
			}
			if env.Reload(t, u).MustChangePassword {
				t.Fatal("flag must be cleared")
			}
			if p := env.Browser(t).Login("tijdelijk@zuid.example", goodPassword); p.URL.Path != "/account" {
				t.Fatalf("login with the new password: %s", p.URL)
			}
		})
	}
}

func TestThrottlingBacksOffAndLocks(t *testing.T) {
	for _, backend := range apptest.Backends {
		t.Run(backend, func(t *testing.T) {
			env := apptest.New(t, backend)
			org := env.Org(t, "Bedrijfsartsen BV", account.Bedrijfsarts)
			u := env.User(t, org, "arts@ba.example", goodPassword)
			b := env.Browser(t)
			for i := 1; i <= 3; i++ {
				if p := b.Login("arts@ba.example", "fout-wachtwoord-"+string(rune('a'+i))); p.Status != 200 {
					t.Fatalf("failure %d: status %d", i, p.Status)
				}
			}
			// After three failures the next attempt must wait, even with the right password.
			if p := b.Login("arts@ba.example", goodPassword); p.Status != 429 || p.Header.Get("Retry-After") == "" {
				t.Fatalf("4th attempt without waiting: %d", p.Status)
			}
			// The same holds for an unknown address: nothing tells them apart.
			for i := 0; i < 3; i++ {
				b.Login("ghost@ba.example", "fout")
			}
			if p := b.Login("ghost@ba.example", "fout"); p.Status != 429 {
				t.Fatalf("unknown address not throttled alike: %d", p.Status)
			}
			env.Clock.Advance(2 * time.Second)
			if p := b.Login("arts@ba.example", goodPassword); p.URL.Path != "/account" {
				t.Fatalf("after the back-off the right password works: %d %s", p.Status, p.URL)
			}
			if got := env.Reload(t, u); got.FailedLogins != 0 {
				t.Fatalf("success resets the counter, got %d", got.FailedLogins)
			}
			// Ten failures in a row: the address is locked for 15 minutes for
			// browsers without a device cookie (b got one at its login).
			b = env.Browser(t)
			for i := 0; i < 10; i++ {
				env.Clock.Advance(10 * time.Minute)
				b.Login("arts@ba.example", "nog-steeds-fout")
			}
			if got := env.Reload(t, u); got.FailedLogins != 10 || !got.LockedUntil.IsZero() {
				t.Fatalf("ten wrong passwords are counted, and lock the address, not the account: %+v", got)
			}
			if p := b.Login("arts@ba.example", goodPassword); p.Status != 429 {
				t.Fatalf("locked address: %d", p.Status)
			}
			env.Clock.Advance(15 * time.Minute)
			if p := b.Login("arts@ba.example", goodPassword); p.URL.Path != "/account" {
				t.Fatalf("after the lock the right password works: %d %s", p.Status, p.URL)
			}
		})
	}
}

// TestPermanentLockAfterHundredWrongCodes: the lock only the helpdesk
// lifts comes from wrong second-factor answers alone, which only someone who
// knew the password can give; every tenth locks the account for 15 minutes.
func TestPermanentLockAfterHundredWrongCodes(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Werkgever Oost", account.Werkgever)
	u := env.User(t, org, "p@oost.example", goodPassword)
	b := env.Browser(t)
	for flow := 0; flow < 20; flow++ {
		env.Clock.Advance(16 * time.Minute)
		p := b.Password(u.Email, goodPassword)
		if p.URL.Path != "/login/factor/totp" {
			t.Fatalf("flow %d: %d %s", flow+1, p.Status, p.URL)
		}
		for i := 0; i < 5; i++ {
			p = b.Submit(p, url.Values{"code": {"00000" + string(rune('0'+i))}})
		}
		if got := env.Reload(t, u).FactorFailures; got != 5*(flow+1) {
			t.Fatalf("after flow %d: %d wrong codes counted", flow+1, got)
		}
		if flow == 1 && !hasEvent(t, env, "login.factor_locked", u.ID) {
			t.Fatal("the temporary lock after ten wrong codes is not audited")
		}
	}
	if got := env.Reload(t, u); !got.PermanentlyLocked {
		t.Fatalf("100 wrong codes must lock permanently: %d counted", got.FactorFailures)
	}
	if !hasEvent(t, env, "user.locked", u.ID) {
		t.Fatal("the permanent lock is not audited")
	}
	if mails := env.Mails(t, "p@oost.example"); len(mails) != 1 || mails[0].Purpose != "account_blocked" {
		t.Fatalf("the user is told once by mail that the account is locked: %+v", mails)
	}
	env.Clock.Advance(48 * time.Hour)
	if p := b.Login("p@oost.example", goodPassword); p.URL.Path == "/account" || !strings.Contains(p.Body, "onjuist") {
		t.Fatalf("a permanently locked account must not log in, and must look like a wrong password: %s", p.URL)
	}
}
