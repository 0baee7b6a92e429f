package app_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
)

var linkIn = regexp.MustCompile(`https?://[^\s"<]+/(invite|password/reset|email/confirm)/[a-z0-9]+`)

// lastLink returns the newest link of kind mailed to addr.
func lastLink(t *testing.T, env *apptest.Env, addr, kind string) string {
	t.Helper()
	mails := env.Mails(t, addr)
	for i := len(mails) - 1; i >= 0; i-- {
		for _, m := range linkIn.FindAllString(mails[i].Text, -1) {
			if strings.Contains(m, "/"+kind+"/") {
				return m
			}
		}
	}
	t.Fatalf("no %s link mailed to %s (%d mails)", kind, addr, len(mails))
	return ""
}

// resetLinkMailed waits for the password-reset mail to addr, which is sent
// after the forgot-password answer, and returns its link.
func resetLinkMailed(t *testing.T, env *apptest.Env, addr string) string {
	t.Helper()
	for i := 0; i < 50 && len(env.Mails(t, addr)) == 0; i++ {
		time.Sleep(20 * time.Millisecond)
	}
	return lastLink(t, env, addr, "password/reset")
}

func invited(t *testing.T, env *apptest.Env, org account.Org, email, birth string) account.User {
	t.Helper()
	u, err := env.App.Accounts.CreateUser(t.Context(), account.User{Email: email, Name: "Nieuwe Collega", OrgID: org.ID, BirthDate: birth, Status: account.StatusInvited, Lang: "nl"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := env.App.Invites.Invite(t.Context(), "", u); err != nil {
		t.Fatal(err)
	}
	return u
}

func TestInvitationValidationPasswordLogin(t *testing.T) {
	for _, backend := range apptest.Backends {
		t.Run(backend, func(t *testing.T) {
			env := apptest.New(t, backend)
			org := env.Org(t, "Kinderopvang Zon", account.Werkgever)
			u := invited(t, env, org, "nieuw@zon.example", "1985-04-23")
			link := lastLink(t, env, "nieuw@zon.example", "invite")
			b := env.Browser(t)

			page := b.Get(link)
			if page.Status != 200 || !strings.Contains(page.Body, "Geboortedatum") {
				t.Fatalf("invitation page: %d\n%s", page.Status, page.Body)
			}
			wrongBirth := b.Submit(page, url.Values{"email": {"nieuw@zon.example"}, "birthdate": {"24-04-1985"}})
			wrongEmail := b.Submit(page, url.Values{"email": {"ander@zon.example"}, "birthdate": {"23-04-1985"}})
			if wrongBirth.Status != 200 || strings.ReplaceAll(wrongBirth.Body, "nieuw@zon.example", "E") != strings.ReplaceAll(wrongEmail.Body, "ander@zon.example", "E") {
				t.Fatal("a wrong birth date and a wrong email must get the same answer")
			}
			pw := b.Submit(page, url.Values{"email": {"Nieuw@Zon.example"}, "birthdate": {"23-04-1985"}})
			if !strings.HasSuffix(pw.URL.Path, "/password") {
				t.Fatalf("right answers lead to the password page: %s\n%s", pw.URL, pw.Body)
			}
			if other := env.Browser(t).Get(pw.URL.String()); strings.HasSuffix(other.URL.Path, "/password") {
				t.Fatal("another browser must not reach the password step without answering")
			}
			done := b.Submit(pw, url.Values{"new_password": {goodPassword}, "repeat_password": {goodPassword}})
			if done.Status != 200 || !strings.Contains(done.Body, "/login") {
				t.Fatalf("after setting the password: %d\n%s", done.Status, done.Body)
			}
			if got := env.Reload(t, u); got.Status != account.StatusActive || got.PasswordHash == "" {
				t.Fatalf("user after invitation: %+v", got)
			}
			if again := b.Get(link); again.Status != 410 {
				t.Fatalf("a used invitation link must be dead: %d", again.Status)
			}
			// The first login of an invited user is the enrolment wizard.
			if p, _, _ := b.EnrolTOTP(b.Password("nieuw@zon.example", goodPassword)); p.URL.Path != "/account" {
				t.Fatalf("login after invitation: %s", p.URL)
			}
		})
	}
}

func TestInvitationVoidedAfterFiveWrongAnswersAndExpires(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Arbo West", account.Arbodienst)
	invited(t, env, org, "a@west.example", "1990-01-01")
	link := lastLink(t, env, "a@west.example", "invite")
	b := env.Browser(t)
	for i := 0; i < 5; i++ {
		b.Post(strings.TrimPrefix(link, env.Server.URL), url.Values{"email": {"a@west.example"}, "birthdate": {"02-01-1990"}})
	}
	p := b.Post(strings.TrimPrefix(link, env.Server.URL), url.Values{"email": {"a@west.example"}, "birthdate": {"01-01-1990"}})
	if p.Status != 410 {
		t.Fatalf("after five wrong answers even the right ones are refused: %d", p.Status)
	}

	invited(t, env, org, "b@west.example", "")
	link = lastLink(t, env, "b@west.example", "invite")
	env.Clock.Advance(7*24*time.Hour + time.Minute)
	if p := b.Get(link); p.Status != 410 {
		t.Fatalf("an invitation older than 7 days must be refused: %d", p.Status)
	}
}

func TestPasswordResetKeepsTheLoginAndEndsSessions(t *testing.T) {
	for _, backend := range apptest.Backends {
		t.Run(backend, func(t *testing.T) {
			env := apptest.New(t, backend)
			org := env.Org(t, "Werkgever Reset", account.Werkgever)
			env.User(t, org, "vergeten@reset.example", goodPassword)
			old := env.Browser(t)
			if p := old.Login("vergeten@reset.example", goodPassword); p.URL.Path != "/account" {
				t.Fatal("setup login failed")
			}
			b := env.Browser(t)
			known := b.Submit(b.Get("/password/forgot"), url.Values{"email": {"vergeten@reset.example"}})
			unknown := b.Submit(b.Get("/password/forgot"), url.Values{"email": {"niemand@reset.example"}})
			if known.Status != unknown.Status || requestID.ReplaceAllString(known.Body, "") != requestID.ReplaceAllString(unknown.Body, "") {
				t.Fatal("the forgot-password answer must not tell whether the address is known")
			}
			link := resetLinkMailed(t, env, "vergeten@reset.example")
			if len(env.Mails(t, "niemand@reset.example")) != 0 {
				t.Fatal("no mail to an unknown address")
			}
			form := b.Get(link)
			p := b.Submit(form, url.Values{"new_password": {"Nieuw-herfst-wachtwoord"}, "repeat_password": {"Nieuw-herfst-wachtwoord"}})
			if p.Status != 200 {
				t.Fatalf("reset: %d\n%s", p.Status, p.Body)
			}
			if p := old.Get("/account"); p.URL.Path != "/login" {
				t.Fatal("a reset must end the sessions that existed")
			}
			if p := b.Get(link); p.Status != 410 {
				t.Fatal("a reset link works once")
			}
			// A reset replaces the password only: the second factor is still asked.
			if p := env.Browser(t).Password("vergeten@reset.example", "Nieuw-herfst-wachtwoord"); p.URL.Path != "/login/factor/totp" {
				t.Fatalf("after a reset the login must still ask for the second factor; it went to %s", p.URL)
			}
			if p := env.Browser(t).Login("vergeten@reset.example", "Nieuw-herfst-wachtwoord"); p.URL.Path != "/account" {
				t.Fatalf("login with the new password: %s", p.URL)
			}
		})
	}
}
