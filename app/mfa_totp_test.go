package app_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
)

// sessionAMR returns the AMR of the user's newest session.
func sessionAMR(t *testing.T, env *apptest.Env, u account.User) []string {
	t.Helper()
	list, err := env.App.Sessions.List(t.Context(), u.ID)
	if err != nil || len(list) == 0 {
		t.Fatalf("sessions of %s: %d, %v", u.Email, len(list), err)
	}
	newest := list[0]
	for _, s := range list {
		if s.CreatedAt.After(newest.CreatedAt) {
			newest = s
		}
	}
	return newest.AMR
}

// TestWizardEnrolsTheAppAndHandsOutARecoveryCode: the first login has no
// way around the wizard, a wrong code is refused, the recovery code needs a
// confirmation, and the session records password + app.
func TestWizardEnrolsTheAppAndHandsOutARecoveryCode(t *testing.T) {
	for _, backend := range apptest.Backends {
		t.Run(backend, func(t *testing.T) {
			env := apptest.New(t, backend)
			org := env.Org(t, "Wizard BV", account.Werkgever)
			u := env.UserWithoutFactor(t, org, "eerste@wizard.example", goodPassword)
			b := env.Browser(t)
			p := b.Password(u.Email, goodPassword)
			if p.URL.Path != "/login/enrol" || !strings.Contains(p.Body, "kost uw organisatie geld") {
				t.Fatalf("first login must show the wizard with the SMS cost: %s\n%s", p.URL, p.Body)
			}
			if strings.Contains(strings.ToLower(p.Body), "e-mail instellen") {
				t.Fatal("email must never be offered as a factor")
			}
			// Skipping ahead is impossible: no session, and the challenge pages send back.
			if got := b.Get("/account"); got.URL.Path == "/account" {
				t.Fatal("a session exists before a factor was enrolled")
			}
			p = b.Password(u.Email, goodPassword)
			flow := p.URL.Query().Get("flow")
			if got := b.Get("/login/factor/totp?flow=" + flow); got.URL.Path != "/login/enrol" {
				t.Fatalf("a challenge without a factor must return to the wizard: %s", got.URL)
			}
			p = b.Get("/login/enrol/totp?flow=" + flow)
			secret := strings.ReplaceAll(regexpFind(t, p.Body, `id="totp-secret">([A-Z2-7 ]+)<`), " ", "")
			if !strings.Contains(p.Body, "<svg") {
				t.Fatal("no QR code on the app page")
			}
			if again := b.Get("/login/enrol/totp?flow=" + flow); !strings.Contains(again.Body, groups(secret)) {
				t.Fatal("reloading the page must show the same secret")
			}
			bad := b.Submit(p, url.Values{"code": {"000000"}})
			if !strings.Contains(bad.Body, "niet juist") || bad.URL.Path != "/login/enrol/totp" {
				t.Fatalf("wrong code: %s\n%s", bad.URL, bad.Body)
			}
			p = b.Submit(p, url.Values{"code": {env.TOTPCode(t, secret)}})
			if p.URL.Path != "/login/enrol/recovery" {
				t.Fatalf("after the app: %s\n%s", p.URL, p.Body)
			}
			code := regexpFind(t, p.Body, `<code>([A-Z2-7]{5}(?:-[A-Z2-7]{5}){3})</code>`)
			dl := b.Get("/login/enrol/recovery/download?flow=" + flow)
			if !strings.Contains(dl.Body, code) || !strings.Contains(dl.Header.Get("Content-Disposition"), "attachment") {
				t.Fatalf("download: %s %q", dl.Header.Get("Content-Disposition"), dl.Body)
			}
			if again := b.Post(p.URL.String(), url.Values{}); !strings.Contains(again.Body, "Bevestig dat u de herstelcode") {
				t.Fatal("continuing without confirming must be refused")
			}
			if again := b.Get(p.URL.String()); !strings.Contains(again.Body, code) {
				t.Fatal("the recovery code changed before it was confirmed")
			}
			end := b.Post(p.URL.String(), url.Values{"stored": {"1"}})
			if end.URL.Path != "/account" {
				t.Fatalf("after the wizard: %s", end.URL)
			}
			if amr := sessionAMR(t, env, u); !slices.Equal(amr, []string{"pwd", "otp"}) {
				t.Errorf("amr %v, want [pwd otp]", amr)
			}
			mails := env.Mails(t, u.Email)
			if len(mails) == 0 || mails[len(mails)-1].Purpose != "security_notice" {
				t.Errorf("no mail about the new factor: %+v", mails)
			}
			// The next login asks for the app, and the code of an earlier step is refused.
			b2 := env.Browser(t)
			p = b2.Password(u.Email, goodPassword)
			if p.URL.Path != "/login/factor/totp" {
				t.Fatalf("second login: %s", p.URL)
			}
			used := env.TOTPCode(t, secret)
			if ok := b2.Submit(p, url.Values{"code": {used}}); ok.URL.Path != "/account" {
				t.Fatalf("login with the app: %s\n%s", ok.URL, ok.Body)
			}
			b3 := env.Browser(t)
			p = b3.Password(u.Email, goodPassword)
			if replay := b3.Submit(p, url.Values{"code": {used}}); !strings.Contains(replay.Body, "al gebruikt") {
				t.Fatalf("a used code must be refused as used:\n%s", replay.Body)
			}
		})
	}
}

// TestWrongCodesCountAndEndTheFlow: five wrong app codes end the login and
// count toward the account lock like wrong passwords.
func TestWrongCodesCountAndEndTheFlow(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Raad BV", account.Werkgever)
	u := env.User(t, org, "raden@raad.example", goodPassword)
	b := env.Browser(t)
	p := b.Password(u.Email, goodPassword)
	for i := range 4 {
		p = b.Submit(p, url.Values{"code": {"12345" + string(rune('0'+i))}})
		if !strings.Contains(p.Body, "niet juist") {
			t.Fatalf("attempt %d: %s", i+1, p.Body)
		}
	}
	p = b.Submit(p, url.Values{"code": {"123459"}})
	if !strings.Contains(p.Body, "te veel onjuiste codes") {
		t.Fatalf("fifth wrong code must end the flow:\n%s", p.Body)
	}
	if got := env.Reload(t, u).FactorFailures; got != 5 {
		t.Errorf("factor failures %d, want 5", got)
	}
	secret, _ := env.Secret(u.Email)
	if again := b.Post(p.URL.String(), url.Values{"code": {env.TOTPCode(t, secret)}}); again.URL.Path == "/account" || !strings.Contains(again.Body, "verlopen") {
		t.Fatal("the ended flow still accepted a code")
	}
	if p := b.Login(u.Email, goodPassword); p.URL.Path != "/account" {
		t.Fatalf("a new login with the right code: %s", p.URL)
	}
	if got := env.Reload(t, u).FactorFailures; got != 0 {
		t.Errorf("a successful login must reset the counter, got %d", got)
	}
}
