package app_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/config"
)

// smsLogin logs in with the password and the SMS code texted to phone.
func smsLogin(t *testing.T, env *apptest.Env, email, phone string) *apptest.Browser {
	t.Helper()
	b := env.Browser(t)
	p := b.Password(email, goodPassword)
	if p.URL.Path != "/login/factor/sms" {
		t.Fatalf("SMS challenge expected: %s", p.URL)
	}
	codes := env.SMSCodes(t, phone)
	if len(codes) == 0 {
		t.Fatalf("no code texted to %s", phone)
	}
	if p = b.Submit(p, url.Values{"code": {codes[len(codes)-1]}}); p.URL.Path != "/account" {
		t.Fatalf("login with the code sent to %s: %s\n%s", phone, p.URL, p.Body)
	}
	return b
}

// TestPhoneSwap: a temporary number, verified by SMS, with an end date;
// all sessions end; codes go to the temporary number until the job puts
// the original back; both numbers and the mailbox are told; early revert.
func TestPhoneSwap(t *testing.T) {
	for _, backend := range apptest.Backends {
		t.Run(backend, func(t *testing.T) {
			// Redis counts its windows in real time, whatever the test's clock says:
			// room for every message this test sends.
			env := apptest.New(t, backend, func(c *config.Config) { c.SMS.PerUserHour, c.SMS.PerUserDay = 50, 50 })
			org := env.Org(t, "Verlof BV", account.Werkgever)
			u := env.UserWithoutFactor(t, org, "verlof@verlof.example", goodPassword)
			const own, temp = "+31611110000", "+31622220000"
			enrolSMS(t, env, env.Browser(t), u.Email, own, own)
			env.Clock.Advance(time.Minute)
			b := smsLogin(t, env, u.Email, own)

			p := b.Post("/account/security/swap", nil)
			if p.URL.Path != "/login/enrol/sms" || !strings.Contains(p.Body, "Tijdelijk ander nummer") || !strings.Contains(p.Body, `name="until"`) {
				t.Fatalf("swap form: %s\n%s", p.URL, p.Body)
			}
			tooLate := env.Clock.Now().Add(100 * 24 * time.Hour).Format(time.DateOnly)
			if bad := b.Submit(p, url.Values{"phone": {temp}, "until": {tooLate}}); !strings.Contains(bad.Body, "uiterlijk 90 dagen") {
				t.Fatalf("an end beyond 90 days must be refused:\n%s", bad.Body)
			}
			until := env.Clock.Now().Add(10 * 24 * time.Hour).Format(time.DateOnly)
			p = b.Submit(p, url.Values{"phone": {temp}, "until": {until}})
			codes := env.SMSCodes(t, temp)
			p = b.Submit(p, url.Values{"code": {codes[len(codes)-1]}})
			if !strings.Contains(p.Body, "gaan nu naar het tijdelijke nummer") {
				t.Fatalf("after verifying the temporary number:\n%s", p.Body)
			}
			if got := b.Get("/account"); got.URL.Path == "/account" {
				t.Fatal("the session survived the swap")
			}
			mails := env.Mails(t, u.Email)
			if !strings.Contains(mails[len(mails)-1].Text, "tijdelijk naar een ander mobiel nummer") {
				t.Errorf("no mail about the swap: %q", mails[len(mails)-1].Text)
			}
			if len(env.SMSCodes(t, own)) < 3 { // enrol + login + the notice
				t.Errorf("the own number was not told")
			}

			env.Clock.Advance(time.Minute)
			b = smsLogin(t, env, u.Email, temp) // the code goes to the temporary number
			if p := b.Get("/account/security"); !strings.Contains(p.Body, `id="phone-swap"`) {
				t.Errorf("the security page must show the running swap:\n%s", p.Body)
			}

			// The job puts the own number back after the end date, once.
			env.Clock.Advance(11 * 24 * time.Hour)
			if n, err := env.App.Swaps.RevertDue(t.Context()); n != 1 || err != nil {
				t.Fatalf("revert: %d %v", n, err)
			}
			if n, _ := env.App.Swaps.RevertDue(t.Context()); n != 0 {
				t.Fatal("a swap was reverted twice")
			}
			b = smsLogin(t, env, u.Email, own)

			// A second swap without an end date, ended early by the user.
			p = b.Post("/account/security/swap", nil)
			p = b.Submit(p, url.Values{"phone": {temp}})
			codes = env.SMSCodes(t, temp)
			b.Submit(p, url.Values{"code": {codes[len(codes)-1]}})
			env.Clock.Advance(time.Minute)
			b = smsLogin(t, env, u.Email, temp)
			if p := b.Post("/account/security/swap/end", nil); !strings.Contains(p.Body, "eigen mobiele nummer wordt weer gebruikt") {
				t.Fatalf("early revert:\n%s", p.Body)
			}
			env.Clock.Advance(time.Minute)
			smsLogin(t, env, u.Email, own)
		})
	}
}
