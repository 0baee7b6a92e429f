package app_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
)

// TestRecoveryCodeLogsInOnceAndStartsOver: the code ends every other session,
// mails the user, works once, and sends the user through the wizard again
// to a new code; the session says "rec".
func TestRecoveryCodeLogsInOnceAndStartsOver(t *testing.T) {
	for _, backend := range apptest.Backends {
		t.Run(backend, func(t *testing.T) {
			env := apptest.New(t, backend)
			org := env.Org(t, "Herstel BV", account.Werkgever)
			u := env.UserWithoutFactor(t, org, "kwijt@herstel.example", goodPassword)
			first := env.Browser(t)
			p, _, code := first.EnrolTOTP(first.Password(u.Email, goodPassword))
			if p.URL.Path != "/account" {
				t.Fatalf("enrolment: %s", p.URL)
			}
			mailsBefore := len(env.Mails(t, u.Email))

			b := env.Browser(t)
			p = b.Password(u.Email, goodPassword)
			p = b.Get("/login/factor/recovery?flow=" + p.URL.Query().Get("flow"))
			if wrong := b.Submit(p, url.Values{"code": {"AAAAA-AAAAA-AAAAA-AAAAA"}}); !strings.Contains(wrong.Body, "niet juist of al gebruikt") {
				t.Fatalf("wrong recovery code:\n%s", wrong.Body)
			}
			p = b.Submit(p, url.Values{"code": {strings.ToLower(strings.ReplaceAll(code, "-", " "))}})
			if p.URL.Path != "/login/enrol" || !strings.Contains(p.Body, "ingelogd met uw herstelcode") {
				t.Fatalf("after the recovery code: %s\n%s", p.URL, p.Body)
			}
			if got := first.Get("/account"); got.URL.Path == "/account" {
				t.Fatal("the other session must end when the recovery code is used")
			}
			if mails := env.Mails(t, u.Email); len(mails) <= mailsBefore {
				t.Fatal("no mail about the recovery code")
			}
			if got := b.Get("/account"); got.URL.Path == "/account" {
				t.Fatal("no session before a new factor is enrolled")
			}
			p = b.Password(u.Email, goodPassword) // the flow was replaced by the /account visit
			if p.URL.Path != "/login/factor/totp" {
				// The recovered flow was given up; the code is used up either way.
				t.Fatalf("new login: %s", p.URL)
			}
			p = b.Get("/login/factor/recovery?flow=" + p.URL.Query().Get("flow"))
			if again := b.Submit(p, url.Values{"code": {code}}); !strings.Contains(again.Body, "niet juist of al gebruikt") {
				t.Fatalf("a used recovery code must not work again:\n%s", again.Body)
			}
		})
	}
}

// TestRecoveryThenNewFactorAndCode walks the whole recovery path to the end.
func TestRecoveryThenNewFactorAndCode(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Opnieuw BV", account.Werkgever)
	u := env.User(t, org, "opnieuw@herstel.example", goodPassword)
	oldSecret, _ := env.Secret(u.Email)
	code := env.GiveRecoveryCode(t, u)
	b := env.Browser(t)
	p := b.Password(u.Email, goodPassword)
	p = b.Get("/login/factor/recovery?flow=" + p.URL.Query().Get("flow"))
	p = b.Submit(p, url.Values{"code": {code}})
	if !strings.Contains(p.Body, "Authenticator-app instellen") {
		t.Fatalf("after recovery a new app must be offered although one exists:\n%s", p.Body)
	}
	end, newSecret, newCode := b.EnrolTOTP(p)
	if end.URL.Path != "/account" || newCode == code {
		t.Fatalf("after re-enrolment: %s, new code %q", end.URL, newCode)
	}
	if amr := sessionAMR(t, env, u); !slices.Equal(amr, []string{"pwd", "rec"}) {
		t.Errorf("amr %v, want [pwd rec]", amr)
	}
	factors, _ := env.App.Factors.ListFactors(t.Context(), u.ID)
	if len(factors) != 1 || factors[0].Secret != newSecret || newSecret == oldSecret {
		t.Fatalf("the new app must replace the lost one: %d factors", len(factors))
	}
	b2 := env.Browser(t)
	p = b2.Password(u.Email, goodPassword)
	if old := b2.Submit(p, url.Values{"code": {env.TOTPCode(t, oldSecret)}}); old.URL.Path == "/account" {
		t.Fatal("the lost app's code still works")
	}
}
