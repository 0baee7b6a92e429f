package app_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/mfa"
)

// TestSecurityPageNeedsAFreshFactor: changes on the portal page only follow
// a factor proven in the last 5 minutes; an older session is asked again.
func TestSecurityPageNeedsAFreshFactor(t *testing.T) {
	for _, backend := range apptest.Backends {
		t.Run(backend, func(t *testing.T) {
			env := apptest.New(t, backend)
			org := env.Org(t, "Portaal BV", account.Werkgever)
			u := env.User(t, org, "portaal@portaal.example", goodPassword)
			secret, _ := env.Secret(u.Email)
			b := env.Browser(t)
			b.Login(u.Email, goodPassword)
			p := b.Get("/account/security")
			if !strings.Contains(p.Body, "Authenticator-app") || !strings.Contains(p.Body, "Manier toevoegen") {
				t.Fatalf("fresh session must list the app and offer changes:\n%s", p.Body)
			}
			env.Clock.Advance(6 * time.Minute)
			p = b.Get("/account/security")
			if strings.Contains(p.Body, `action="/account/security/add"`) || !strings.Contains(p.Body, "Bevestigen dat ik het ben") {
				t.Fatalf("after 6 minutes changes must wait for a new proof:\n%s", p.Body)
			}
			// A change posted anyway leads to the factor question, not the change.
			p = b.Post("/account/security/recovery", nil)
			if p.URL.Path != "/login/factor/totp" || !strings.Contains(p.Body, "Bevestig eerst dat u het bent") {
				t.Fatalf("stale change: %s\n%s", p.URL, p.Body)
			}
			p = b.Submit(p, url.Values{"code": {env.TOTPCode(t, secret)}})
			if p.URL.Path != "/account/security" || !strings.Contains(p.Body, "Manier toevoegen") {
				t.Fatalf("after re-authentication: %s\n%s", p.URL, p.Body)
			}
			// A new recovery code, shown once.
			p = b.Post("/account/security/recovery", nil)
			code := regexpFind(t, p.Body, `<code>([A-Z2-7]{5}(?:-[A-Z2-7]{5}){3})</code>`)
			p = b.Post(p.URL.String(), url.Values{"stored": {"1"}})
			if p.URL.Path != "/account/security" || !strings.Contains(p.Body, "nieuwe herstelcode is klaar") {
				t.Fatalf("after the new code: %s\n%s", p.URL, p.Body)
			}
			norm, _ := mfa.NormalizeRecoveryCode(code)
			if err := env.App.Factors.UseRecoveryCode(t.Context(), u.ID, mfa.HashRecoveryCode(u.ID, norm)); err != nil {
				t.Errorf("the shown code is not the stored one: %v", err)
			}
		})
	}
}

// TestAddRemoveAndChangePhone: add a phone in the portal, make it the
// default, refuse removing the last factor, change the number (all
// sessions end, the old number is gone).
func TestAddRemoveAndChangePhone(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Wissel BV", account.Werkgever)
	u := env.User(t, org, "wissel@wissel.example", goodPassword)
	b := env.Browser(t)
	other := env.Browser(t)
	b.Login(u.Email, goodPassword)
	other.Login(u.Email, goodPassword)

	p := b.Post("/account/security/add", nil)
	if p.URL.Path != "/login/enrol" || strings.Contains(p.Body, "Authenticator-app instellen") {
		t.Fatalf("add: %s (a second app must not be offered)\n%s", p.URL, p.Body)
	}
	flow := p.URL.Query().Get("flow")
	p = b.Post("/login/enrol/sms?flow="+flow, url.Values{"phone": {"+32470123456"}})
	codes := env.SMSCodes(t, "+32470123456")
	p = b.Submit(p, url.Values{"code": {codes[len(codes)-1]}})
	if p.URL.Path != "/account/security" || !strings.Contains(p.Body, "De manier is toegevoegd") {
		t.Fatalf("after adding the phone: %s\n%s", p.URL, p.Body)
	}
	factors, _ := env.App.Factors.ListFactors(t.Context(), u.ID)
	if len(factors) != 2 {
		t.Fatalf("%d factors after adding", len(factors))
	}
	app, phone := factors[0], factors[1]
	if p = b.Post("/account/security/default", url.Values{"factor": {phone.ID}}); !strings.Contains(p.Body, "standaardmanier is gewijzigd") {
		t.Fatalf("default:\n%s", p.Body)
	}
	if p = b.Post("/account/security/remove", url.Values{"factor": {app.ID}}); !strings.Contains(p.Body, "De manier is verwijderd") {
		t.Fatalf("remove:\n%s", p.Body)
	}
	if p = b.Post("/account/security/remove", url.Values{"factor": {phone.ID}}); !strings.Contains(p.Body, "laatste manier niet verwijderen") {
		t.Fatalf("removing the last factor must be refused:\n%s", p.Body)
	}
	if p = b.Post("/account/security/remove", url.Values{"factor": {"not-mine"}}); p.Status != 404 {
		t.Fatalf("unknown factor: %d", p.Status)
	}

	p = b.Post("/account/security/phone", nil)
	if p.URL.Path != "/login/enrol/sms" || !strings.Contains(p.Body, "Mobiel nummer wijzigen") {
		t.Fatalf("phone change: %s\n%s", p.URL, p.Body)
	}
	p = b.Submit(p, url.Values{"phone": {"+4915112345678"}})
	codes = env.SMSCodes(t, "+4915112345678")
	p = b.Submit(p, url.Values{"code": {codes[len(codes)-1]}})
	if !strings.Contains(p.Body, "U bent op al uw apparaten uitgelogd") {
		t.Fatalf("after the phone change:\n%s", p.Body)
	}
	for name, br := range map[string]*apptest.Browser{"this": b, "other": other} {
		if got := br.Get("/account"); got.URL.Path == "/account" {
			t.Errorf("%s session survived the phone change", name)
		}
	}
	f, err := env.App.Factors.GetFactor(t.Context(), u.ID, phone.ID)
	if err != nil || f.Secret != "+4915112345678" {
		t.Fatalf("phone after the change: %v", err)
	}
	mails := env.Mails(t, u.Email)
	if len(mails) < 4 {
		t.Errorf("every change mails the user; got %d mails", len(mails))
	}
}

// TestOrgPolicyDropsAFactor: a factor the organisation no longer allows is
// asked for once more as proof, never to finish a login; after it the user
// goes through the wizard, which offers only what is allowed.
func TestOrgPolicyDropsAFactor(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Beleid BV", account.Werkgever)
	u := env.User(t, org, "beleid@beleid.example", goodPassword)
	secret, _ := env.Secret(u.Email)
	if _, err := env.App.Accounts.UpdateOrg(t.Context(), org.ID, func(o account.Org) (account.Org, error) {
		o.AllowedFactors = []string{account.FactorWebAuthn, account.FactorSMS}
		return o, nil
	}); err != nil {
		t.Fatal(err)
	}
	b := env.Browser(t)
	p := b.Password(u.Email, goodPassword)
	flow := p.URL.Query().Get("flow")
	if p.URL.Path != "/login/factor/totp" || !strings.Contains(p.Body, "niet meer toe") {
		t.Fatalf("a dropped factor must be proven before the wizard: %s\n%s", p.URL, p.Body)
	}
	if got := b.Get("/login/enrol?flow=" + flow); got.URL.Path != "/login/factor/totp" {
		t.Fatalf("the wizard opened before the proof: %s", got.URL)
	}
	p = b.Submit(p, url.Values{"code": {env.TOTPCode(t, secret)}})
	if p.URL.Path != "/login/enrol" || !strings.Contains(p.Body, "niet meer toe") {
		t.Fatalf("after the app code: %s\n%s", p.URL, p.Body)
	}
	if strings.Contains(p.Body, "Authenticator-app instellen") || !strings.Contains(p.Body, "Sms instellen") {
		t.Fatalf("the wizard must offer only allowed factors:\n%s", p.Body)
	}
	if got := b.Get("/login/factor/totp?flow=" + flow); got.URL.Path != "/login/enrol" {
		t.Fatalf("the disallowed app's challenge must not be reachable again: %s", got.URL)
	}
	if list, err := env.App.Sessions.List(t.Context(), u.ID); err != nil || len(list) != 0 {
		t.Fatalf("%d sessions on the disallowed app (%v)", len(list), err)
	}
}
