package app_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/config"
	"github.com/mijnaccount/mijnaccount/mfa"
)

// giveFactor stores a factor for u directly, as an earlier enrolment would have.
func giveFactor(t *testing.T, env *apptest.Env, u account.User, f mfa.Factor) mfa.Factor {
	t.Helper()
	f.UserID = u.ID
	f, err := env.App.Factors.AddFactor(t.Context(), f)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// allowOnly changes the organisation's factor policy.
func allowOnly(t *testing.T, env *apptest.Env, org account.Org, kinds ...string) {
	t.Helper()
	if _, err := env.App.Accounts.UpdateOrg(t.Context(), org.ID, func(o account.Org) (account.Org, error) {
		o.AllowedFactors = kinds
		return o, nil
	}); err != nil {
		t.Fatal(err)
	}
}

// TestDisallowedFactorIsNoWayAroundTheSecondFactor: a user whose only factor
// (SMS) the organisation no longer allows must not be able to enrol a new
// factor with the password alone. The wizard opens only after the SMS code;
// the login ends on the newly enrolled, allowed factor.
func TestDisallowedFactorIsNoWayAroundTheSecondFactor(t *testing.T) {
	for _, backend := range apptest.Backends {
		t.Run(backend, func(t *testing.T) {
			env := apptest.New(t, backend)
			org := env.Org(t, "Beleid SMS BV", account.Werkgever)
			u := env.UserWithoutFactor(t, org, "sms-beleid@beleid.example", goodPassword)
			phone := giveFactor(t, env, u, mfa.Factor{Kind: mfa.KindSMS, Secret: "+31612345678", Default: true})
			allowOnly(t, env, org, account.FactorTOTP)

			// The attacker knows the password, not the phone.
			b := env.Browser(t)
			p := b.Password(u.Email, goodPassword)
			flow := p.URL.Query().Get("flow")
			if p.URL.Path != "/login/factor/sms" {
				t.Fatalf("after the password alone: %s, want the SMS challenge of the phone the user holds\n%s", p.URL, p.Body)
			}
			for _, path := range []string{"/login/enrol", "/login/enrol/totp"} {
				if got := b.Get(path + "?flow=" + flow); strings.HasPrefix(got.URL.Path, "/login/enrol") || strings.Contains(got.Body, `id="totp-secret"`) {
					t.Fatalf("%s opened after the password alone: %s", path, got.URL)
				}
			}
			if got := b.Post("/login/enrol/totp?flow="+flow, url.Values{"code": {"123456"}}); strings.HasPrefix(got.URL.Path, "/login/enrol") {
				t.Fatalf("an app answer was taken after the password alone: %s", got.URL)
			}
			if got := b.Get("/account"); got.URL.Path == "/account" {
				t.Fatal("a session after the password alone")
			}
			if fs, _ := env.App.Factors.ListFactors(t.Context(), u.ID); len(fs) != 1 {
				t.Fatalf("%d factors after the password alone, want the phone only", len(fs))
			}

			// The user with the phone: the code first, then the wizard.
			env.Clock.Advance(31 * time.Second) // past the resend cooldown of the attacker's flow
			b = env.Browser(t)
			p = b.Password(u.Email, goodPassword)
			codes := env.SMSCodes(t, "+31612345678")
			if len(codes) == 0 {
				t.Fatal("no SMS code sent to the held phone")
			}
			p = b.Submit(p, url.Values{"code": {codes[len(codes)-1]}})
			if p.URL.Path != "/login/enrol" || !strings.Contains(p.Body, "niet meer toe") {
				t.Fatalf("after the SMS code: %s\n%s", p.URL, p.Body)
			}
			if strings.Contains(p.Body, "/login/enrol/sms?") {
				t.Fatal("the wizard offers the disallowed SMS")
			}
			if list, err := env.App.Sessions.List(t.Context(), u.ID); err != nil || len(list) != 0 {
				t.Fatalf("%d sessions on the disallowed factor before an allowed one is enrolled (%v)", len(list), err)
			}
			end, _, _ := b.EnrolTOTP(b.Get("/login/enrol?flow=" + p.URL.Query().Get("flow")))
			if end.URL.Path != "/account" {
				t.Fatalf("after enrolling the app: %s", end.URL)
			}
			if amr := sessionAMR(t, env, u); !slices.Equal(amr, []string{"pwd", "otp"}) {
				t.Errorf("amr %v, want [pwd otp]", amr)
			}
			e := findEvent(t, env, "mfa.factor.disallowed_proven", phone.ID)
			if e.ActorID != u.ID || e.Reason != mfa.KindSMS || e.OrgID != org.ID {
				t.Errorf("audit event %+v", e)
			}
		})
	}
}

// TestOnlyAKeyWithKeysOff: a user who holds only a security key on a server
// with security keys off cannot prove it; the recovery code opens the
// wizard, and without one the page sends the user to the helpdesk.
func TestOnlyAKeyWithKeysOff(t *testing.T) {
	onIP := func(c *config.Config) { c.Issuer = strings.Replace(c.Issuer, "localhost", "127.0.0.1", 1) }
	env := apptest.New(t, "sqlite", onIP)
	org := env.Org(t, "Sleutel Uit BV", account.Werkgever)
	key := func(id string) mfa.Factor {
		return mfa.Factor{Kind: mfa.KindWebAuthn, Name: "Sleutel", Credential: []byte(`{}`), CredentialID: id, Default: true}
	}

	withCode := env.UserWithoutFactor(t, org, "met-code@sleutel.example", goodPassword)
	giveFactor(t, env, withCode, key("a2V5LTE"))
	code := env.GiveRecoveryCode(t, withCode)
	b := env.Browser(t)
	p := b.Password(withCode.Email, goodPassword)
	flow := p.URL.Query().Get("flow")
	if p.URL.Path != "/login/factor/recovery" || !strings.Contains(p.Body, "helpdesk") {
		t.Fatalf("after the password: %s, want the recovery code page\n%s", p.URL, p.Body)
	}
	if got := b.Get("/login/enrol/totp?flow=" + flow); strings.HasPrefix(got.URL.Path, "/login/enrol") {
		t.Fatalf("the wizard opened after the password alone: %s", got.URL)
	}
	p = b.Submit(p, url.Values{"code": {code}})
	if p.URL.Path != "/login/enrol" {
		t.Fatalf("after the recovery code: %s\n%s", p.URL, p.Body)
	}
	if end, _, _ := b.EnrolTOTP(p); end.URL.Path != "/account" {
		t.Fatalf("after enrolling the app: %s", end.URL)
	}
	if amr := sessionAMR(t, env, withCode); !slices.Equal(amr, []string{"pwd", "rec"}) {
		t.Errorf("amr %v, want [pwd rec]", amr)
	}

	without := env.UserWithoutFactor(t, org, "zonder-code@sleutel.example", goodPassword)
	giveFactor(t, env, without, key("a2V5LTI"))
	b = env.Browser(t)
	p = b.Password(without.Email, goodPassword)
	flow = p.URL.Query().Get("flow")
	if !strings.Contains(p.Body, "helpdesk van uw organisatie") || strings.HasPrefix(p.URL.Path, "/login/enrol") {
		t.Fatalf("without a recovery code: %s, want the helpdesk page\n%s", p.URL, p.Body)
	}
	for _, path := range []string{"/login/enrol?flow=", "/login/enrol/totp?flow=", "/login/factor/recovery?flow="} {
		if got := b.Get(path + flow); !strings.Contains(got.Body, "inlogpoging is verlopen") {
			t.Fatalf("%s after the helpdesk page: %s\n%s", path, got.URL, got.Body)
		}
	}
	if fs, _ := env.App.Factors.ListFactors(t.Context(), without.ID); len(fs) != 1 {
		t.Fatalf("%d factors, want the key only", len(fs))
	}
	if e := findEvent(t, env, "mfa.factor.none_provable", without.ID); e.ActorID != without.ID || e.Outcome != "denied" {
		t.Errorf("audit event %+v", e)
	}

	// A user without any factor still gets the wizard after the password.
	fresh := env.UserWithoutFactor(t, org, "nieuw@sleutel.example", goodPassword)
	b = env.Browser(t)
	if end, _, _ := b.EnrolTOTP(b.Password(fresh.Email, goodPassword)); end.URL.Path != "/account" {
		t.Fatalf("a new user's wizard ended at %s", end.URL)
	}

	// An organisation that allows only security keys, on a server with keys
	// off: nothing can be enrolled, and the page says so (no redirect loop).
	keysOnly := env.Org(t, "Alleen Sleutels BV", account.Werkgever, func(o *account.Org) {
		o.AllowedFactors = []string{account.FactorWebAuthn}
	})
	stuck := env.UserWithoutFactor(t, keysOnly, "vast@sleutel.example", goodPassword)
	b = env.Browser(t)
	if p := b.Password(stuck.Email, goodPassword); !strings.Contains(p.Body, "helpdesk van uw organisatie") {
		t.Fatalf("nothing to enrol: %s\n%s", p.URL, p.Body)
	}
	if e := findEvent(t, env, "mfa.enrol.nothing_allowed", stuck.ID); e.Outcome != "denied" {
		t.Errorf("audit event %+v", e)
	}
}

// TestReauthWithOnlyDisallowedFactors: a live session whose factors the
// organisation no longer allows cannot refresh its proof with them; the page
// says to log in again (where the held factor opens the wizard).
func TestReauthWithOnlyDisallowedFactors(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Herbevestig BV", account.Werkgever)
	u := env.User(t, org, "herbevestig@beleid.example", goodPassword)
	b := env.Browser(t)
	b.Login(u.Email, goodPassword)
	allowOnly(t, env, org, account.FactorSMS)
	env.Clock.Advance(6 * time.Minute)
	p := b.Post("/account/security/recovery", nil)
	if !strings.Contains(p.Body, "Log uit en opnieuw in") || strings.HasPrefix(p.URL.Path, "/login/factor/") && strings.Contains(p.Body, `name="code"`) {
		t.Fatalf("re-authentication without an allowed factor: %s\n%s", p.URL, p.Body)
	}
	if got := b.Get("/account"); got.URL.Path != "/account" {
		t.Fatalf("the session must stay: %s", got.URL)
	}
}

// TestWizardClosesOnceTheUserHasAFactor: a wizard opened while the user had
// no factor does not stay open after a factor was enrolled elsewhere (the
// user's own browser, say): the same flow now asks for that factor.
func TestWizardClosesOnceTheUserHasAFactor(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Wachtend BV", account.Werkgever)
	u := env.UserWithoutFactor(t, org, "wachtend@beleid.example", goodPassword)
	b := env.Browser(t)
	p := b.Password(u.Email, goodPassword)
	if p.URL.Path != "/login/enrol" {
		t.Fatalf("a user without a factor: %s", p.URL)
	}
	flow := p.URL.Query().Get("flow")
	env.GiveTOTP(t, u)
	if got := b.Get("/login/enrol/totp?flow=" + flow); got.URL.Path != "/login/factor/totp" || strings.Contains(got.Body, `id="totp-secret"`) {
		t.Fatalf("the old flow after a factor was enrolled: %s", got.URL)
	}
}
