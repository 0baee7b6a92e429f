package app_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/config"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/sms/faketwilio"
	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger"
)

// enrolSMS goes through the wizard's SMS path for phone and returns the
// page after the wizard.
func enrolSMS(t *testing.T, env *apptest.Env, b *apptest.Browser, email, phone, e164 string) *apptest.Page {
	t.Helper()
	p := b.Password(email, goodPassword)
	flow := p.URL.Query().Get("flow")
	p = b.Get("/login/enrol/sms?flow=" + flow)
	p = b.Submit(p, url.Values{"phone": {phone}})
	if p.URL.Path != "/login/enrol/sms/verify" {
		t.Fatalf("after the number: %s\n%s", p.URL, p.Body)
	}
	codes := env.SMSCodes(t, e164)
	if len(codes) == 0 || codes[len(codes)-1] == "" {
		t.Fatalf("no code texted to %s", e164)
	}
	p = b.Submit(p, url.Values{"code": {codes[len(codes)-1]}})
	if p.URL.Path != "/login/enrol/recovery" {
		t.Fatalf("after the code: %s\n%s", p.URL, p.Body)
	}
	return b.Post(p.URL.String(), url.Values{"stored": {"1"}})
}

// TestSMSEnrolAndLogin: enrol a phone through the outbox, log in with an
// SMS code sent right after the password; wrong, expired and resent codes;
// every message is in the usage ledger.
func TestSMSEnrolAndLogin(t *testing.T) {
	for _, backend := range apptest.Backends {
		t.Run(backend, func(t *testing.T) {
			env := apptest.New(t, backend)
			org := env.Org(t, "Sms BV", account.Werkgever)
			u := env.UserWithoutFactor(t, org, "sms@sms.example", goodPassword)
			b := env.Browser(t)
			p := b.Password(u.Email, goodPassword)
			flow := p.URL.Query().Get("flow")
			p = b.Get("/login/enrol/sms?flow=" + flow)
			for _, tc := range []struct{ in, want string }{
				{"0612", "geen geldig mobiel nummer"},
				{"+1 415 555 0100", "niet toegestaan"},
			} {
				if bad := b.Submit(p, url.Values{"phone": {tc.in}}); !strings.Contains(bad.Body, tc.want) {
					t.Fatalf("phone %q: want %q in\n%s", tc.in, tc.want, bad.Body)
				}
			}
			if n := len(env.SMSCodes(t, "+31612345678")); n != 0 {
				t.Fatalf("a refused number got %d messages", n)
			}
			if end := enrolSMS(t, env, env.Browser(t), u.Email, "06 1234 5678", "+31612345678"); end.URL.Path != "/account" {
				t.Fatalf("after enrolling: %s", end.URL)
			}

			b = env.Browser(t)
			env.Clock.Advance(time.Minute)
			p = b.Password(u.Email, goodPassword)
			if p.URL.Path != "/login/factor/sms" || !strings.Contains(p.Body, "+31 6 •••• ••78") && !strings.Contains(p.Body, "78") {
				t.Fatalf("SMS challenge: %s\n%s", p.URL, p.Body)
			}
			codes := env.SMSCodes(t, "+31612345678")
			if len(codes) != 2 {
				t.Fatalf("the login must text one code right away, outbox has %d", len(codes))
			}
			if wrong := b.Submit(p, url.Values{"code": {"000000"}}); !strings.Contains(wrong.Body, "niet juist") {
				t.Fatalf("wrong code:\n%s", wrong.Body)
			}
			resend := b.Post("/login/factor/sms/send?flow="+p.URL.Query().Get("flow"), nil)
			if !strings.Contains(resend.Body, "30 seconden") {
				t.Fatalf("resend within 30 s must be refused:\n%s", resend.Body)
			}
			env.Clock.Advance(6 * time.Minute)
			if stale := b.Submit(p, url.Values{"code": {codes[1]}}); !strings.Contains(stale.Body, "verlopen") {
				t.Fatalf("a code after 5 minutes must be refused:\n%s", stale.Body)
			}
			resend = b.Post("/login/factor/sms/send?flow="+p.URL.Query().Get("flow"), nil)
			codes = env.SMSCodes(t, "+31612345678")
			ok := b.Submit(resend, url.Values{"code": {codes[len(codes)-1]}})
			if ok.URL.Path != "/account" {
				t.Fatalf("login with the new code: %s\n%s", ok.URL, ok.Body)
			}
			if amr := sessionAMR(t, env, u); !slices.Equal(amr, []string{"pwd", "sms"}) {
				t.Errorf("amr %v, want [pwd sms]", amr)
			}
			entries, err := ledger.NewSQLStore(env.App.DB).List(t.Context(), ledger.Filter{CustomerID: org.ID})
			if err != nil {
				t.Fatal(err)
			}
			var purposes []string
			for _, e := range entries {
				purposes = append(purposes, e.Purpose)
				if e.OrgID != org.ID || e.Provider != "outbox" || e.Segments != 1 {
					t.Errorf("ledger entry %+v", e)
				}
			}
			slices.Sort(purposes)
			if !slices.Equal(purposes, []string{"enrol", "login", "login"}) {
				t.Errorf("ledger purposes %v, want enrol + 2 login", purposes)
			}
		})
	}
}

// TestSMSLimitOffersTheAlternatives: after the per-user limit no more
// messages go out and the page names the other ways in.
func TestSMSLimitOffersTheAlternatives(t *testing.T) {
	env := apptest.New(t, "sqlite", func(c *config.Config) { c.SMS.PerUserHour = 2 })
	org := env.Org(t, "Pomp BV", account.Werkgever)
	u := env.UserWithoutFactor(t, org, "pomp@pomp.example", goodPassword)
	enrolSMS(t, env, env.Browser(t), u.Email, "+31687654321", "+31687654321")
	b := env.Browser(t)
	p := b.Password(u.Email, goodPassword) // second message this hour
	env.Clock.Advance(31 * time.Second)
	p = b.Post("/login/factor/sms/send?flow="+p.URL.Query().Get("flow"), nil)
	if !strings.Contains(p.Body, "te veel sms-codes") || !strings.Contains(p.Body, "herstelcode") {
		t.Fatalf("limit page must explain and offer alternatives:\n%s", p.Body)
	}
	if n := len(env.SMSCodes(t, "+31687654321")); n != 2 {
		t.Errorf("%d messages sent, want 2 (the limit)", n)
	}
}

// TestSMSThroughTwilio drives the real twilio-go client against the local
// fake Twilio API: a good number gets its code, a number Twilio refuses
// gives the user a clear message and nothing is billed.
func TestSMSThroughTwilio(t *testing.T) {
	fake := faketwilio.New(faketwilio.Config{AccountSID: "AC" + strings.Repeat("1", 32), AuthToken: "token" + strings.Repeat("x", 27)})
	t.Cleanup(fake.Close)
	env := apptest.NewWith(t, "sqlite", app.Options{SMSHTTPClient: fake.HTTPClient()}, func(c *config.Config) {
		c.SMS.Mode = "twilio"
		c.SMS.Twilio = config.Twilio{AccountSID: "AC" + strings.Repeat("1", 32), AuthToken: "token" + strings.Repeat("x", 27), From: "MijnAccount"}
		c.SMS.AllowedPrefixes = []string{"+31", "+1"}
	})
	org := env.Org(t, "Twilio BV", account.Werkgever)
	u := env.UserWithoutFactor(t, org, "twilio@twilio.example", goodPassword)
	b := env.Browser(t)
	p := b.Password(u.Email, goodPassword)
	flow := p.URL.Query().Get("flow")
	p = b.Get("/login/enrol/sms?flow=" + flow)
	if bad := b.Submit(p, url.Values{"phone": {faketwilio.InvalidNumber}}); !strings.Contains(bad.Body, "geen sms sturen") {
		t.Fatalf("Twilio's invalid-number answer must reach the user:\n%s", bad.Body)
	}
	p = b.Submit(p, url.Values{"phone": {"+31611112222"}})
	msgs := fake.Messages()
	if len(msgs) != 1 || msgs[0].To != "+31611112222" || msgs[0].From != "MijnAccount" {
		t.Fatalf("fake Twilio got %+v", msgs)
	}
	code := regexpFind(t, msgs[0].Body, `([0-9]{6})`)
	p = b.Submit(p, url.Values{"code": {code}})
	if p.URL.Path != "/login/enrol/recovery" {
		t.Fatalf("after the Twilio code: %s\n%s", p.URL, p.Body)
	}
	entries, _ := ledger.NewSQLStore(env.App.DB).List(t.Context(), ledger.Filter{OrgID: org.ID})
	if len(entries) != 1 || entries[0].ProviderID != msgs[0].SID || entries[0].Provider != "twilio" {
		t.Fatalf("ledger %+v, want one entry for %s", entries, msgs[0].SID)
	}
}

// TestFreshLoginsShareTheSMSCooldown: every login is a new flow, yet four
// logins of one account within a second text one code, and so do logins of
// two accounts that share a number. The others see the cooldown message;
// 30 s later a new code may be asked for.
func TestFreshLoginsShareTheSMSCooldown(t *testing.T) {
	for _, backend := range apptest.Backends {
		t.Run(backend, func(t *testing.T) {
			env := apptest.New(t, backend)
			org := env.Org(t, "Bombardement BV", account.Werkgever)
			const phone = "+31655556666"
			var users []account.User
			for _, email := range []string{"een@bombardement.example", "twee@bombardement.example"} {
				u := env.UserWithoutFactor(t, org, email, goodPassword)
				if _, err := env.App.Factors.AddFactor(t.Context(), mfa.Factor{UserID: u.ID, Kind: mfa.KindSMS, Secret: phone}); err != nil {
					t.Fatal(err)
				}
				users = append(users, u)
			}
			var pages []*apptest.Page
			var browsers []*apptest.Browser
			for i := range 5 {
				b := env.Browser(t)
				p := b.Password(users[i/4].Email, goodPassword) // four logins of the first account, one of the second
				if p.URL.Path != "/login/factor/sms" {
					t.Fatalf("login %d: %s", i+1, p.URL)
				}
				pages, browsers = append(pages, p), append(browsers, b)
			}
			if n := len(env.SMSCodes(t, phone)); n != 1 {
				t.Fatalf("%d codes texted for five logins within a second, want 1", n)
			}
			for i, p := range pages[1:] {
				if !strings.Contains(p.Body, "Wacht 30 seconden") {
					t.Fatalf("login %d must show the cooldown:\n%s", i+2, p.Body)
				}
			}
			env.Clock.Advance(30 * time.Second)
			p := browsers[4].Post("/login/factor/sms/send?flow="+pages[4].URL.Query().Get("flow"), nil)
			codes := env.SMSCodes(t, phone)
			if len(codes) != 2 {
				t.Fatalf("%d codes after asking again 30 s later, want 2", len(codes))
			}
			if p = browsers[4].Submit(p, url.Values{"code": {codes[1]}}); p.URL.Path == "/login/factor/sms" {
				t.Fatalf("the second account's code was refused:\n%s", p.Body)
			}
		})
	}
}
