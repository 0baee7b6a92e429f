package app_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/mfa"
)

// TestEnrolRefusesNumbersThatAreNotMobile: the wizard names the problem for
// a landline, a premium-rate, a VoIP and a foreign number, and texts none
// of them.
func TestEnrolRefusesNumbersThatAreNotMobile(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Vast BV", account.Werkgever)
	u := env.UserWithoutFactor(t, org, "vast@vast.example", goodPassword)
	b := env.Browser(t)
	p := b.Password(u.Email, goodPassword)
	p = b.Get("/login/enrol/sms?flow=" + p.URL.Query().Get("flow"))
	for _, tc := range []struct{ in, e164, want string }{
		{"020 123 4567", "", "geldig mobiel nummer"}, // no country code
		{"+31 20 123 4567", "+31201234567", "geen mobiel nummer"},
		{"+31 900 123 4567", "+319001234567", "geen mobiel nummer"},
		{"+31 85 123 4567", "+31851234567", "geen mobiel nummer"},
		{"+49 30 12345678", "+493012345678", "geen mobiel nummer"},
		{"+44 7911 123456", "+447911123456", "niet toegestaan"},
	} {
		bad := b.Submit(p, url.Values{"phone": {tc.in}})
		if bad.URL.Path != "/login/enrol/sms" || !strings.Contains(bad.Body, tc.want) {
			t.Fatalf("phone %q: want %q on the form, got %s\n%s", tc.in, tc.want, bad.URL, bad.Body)
		}
		if tc.e164 != "" && len(env.SMSCodes(t, tc.e164)) != 0 {
			t.Fatalf("phone %q was texted", tc.in)
		}
	}
}

// TestStoredLandlineGetsNoCode: an SMS factor stored before numbers were
// checked for their type (a landline) gets no code at login: the page says
// the number cannot receive text messages and offers the other ways in, and
// the refusal is audited with ids only.
func TestStoredLandlineGetsNoCode(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Oud BV", account.Werkgever)
	u := env.UserWithoutFactor(t, org, "oud@oud.example", goodPassword)
	const landline = "+31201234567"
	if _, err := env.App.Factors.AddFactor(t.Context(), mfa.Factor{UserID: u.ID, Kind: mfa.KindSMS, Secret: landline}); err != nil {
		t.Fatal(err)
	}
	b := env.Browser(t)
	p := b.Password(u.Email, goodPassword)
	if p.URL.Path != "/login/factor/sms" || !strings.Contains(p.Body, "Naar dit nummer kunnen we geen sms sturen") ||
		!strings.Contains(p.Body, "Herstelcode gebruiken") {
		t.Fatalf("login with a stored landline: %s\n%s", p.URL, p.Body)
	}
	if n := len(env.SMSCodes(t, landline)); n != 0 {
		t.Fatalf("%d messages to a landline", n)
	}
	if ev := findEvent(t, env, "mfa.sms.number_refused", u.ID); ev.OrgID != org.ID {
		t.Errorf("audit event %+v", ev)
	}
	noPersonalData(t, env, landline, "201234567")
	if logs := env.Logs(); strings.Contains(logs, "201234567") || !strings.Contains(logs, "fixed_line") {
		t.Errorf("the log must name the kind of number and never the number:\n%s", logs)
	}
}
