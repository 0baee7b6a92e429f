package apptest

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/sms"
)

// Secret returns the authenticator-app secret Env.User gave email.
func (e *Env) Secret(email string) (string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	s, ok := e.secrets[strings.ToLower(email)]
	return s, ok
}

// GiveTOTP enrols an authenticator app and a recovery code for u, as the
// wizard would, and returns the app's secret.
func (e *Env) GiveTOTP(t *testing.T, u account.User) string {
	t.Helper()
	const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	if _, err := e.App.Factors.AddFactor(context.Background(), mfa.Factor{UserID: u.ID, Kind: mfa.KindTOTP, Secret: secret}); err != nil {
		t.Fatal(err)
	}
	e.GiveRecoveryCode(t, u)
	e.mu.Lock()
	e.secrets[strings.ToLower(u.Email)] = secret
	e.mu.Unlock()
	return secret
}

// GiveRecoveryCode stores a new recovery code for u and returns it.
func (e *Env) GiveRecoveryCode(t *testing.T, u account.User) string {
	t.Helper()
	code, err := mfa.IssueRecoveryCode(context.Background(), e.App.Factors, u.ID, e.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// TOTPCode moves the clock to the next 30-second step (so no code is ever
// offered twice) and returns the app's code for secret.
func (e *Env) TOTPCode(t *testing.T, secret string) string {
	t.Helper()
	e.Clock.Advance(30 * time.Second)
	code, err := totp.GenerateCode(secret, e.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// SMSCodes returns the codes texted to phone, oldest first, read from the
// SMS outbox.
func (e *Env) SMSCodes(t *testing.T, phone string) []string {
	t.Helper()
	all, err := sms.ReadOutbox(sms.OutboxPath(e.DataDir))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range all {
		if m.To == phone {
			out = append(out, sixDigits.FindString(m.Body))
		}
	}
	return out
}

var (
	sixDigits   = regexp.MustCompile(`\b[0-9]{6}\b`)
	totpSecret  = regexp.MustCompile(`id="totp-secret">([A-Z2-7 ]+)<`)
	recoveryRE  = regexp.MustCompile(`<code>([A-Z2-7]{5}(?:-[A-Z2-7]{5}){3})</code>`)
	flowParamRE = regexp.MustCompile(`flow=([a-z0-9]+)`)
)

// EnrolTOTP goes through the wizard from its first page p: chooses the
// authenticator app, answers with a code, keeps the recovery code. It
// returns the page after the wizard, the app's secret and the recovery code.
func (b *Browser) EnrolTOTP(p *Page) (end *Page, secret, recovery string) {
	b.t.Helper()
	if p.URL.Path != "/login/enrol" {
		b.t.Fatalf("not the enrolment wizard: %s\n%s", p.URL, p.Body)
	}
	flow := flowParamRE.FindStringSubmatch(p.URL.RawQuery)[1]
	p = b.Get("/login/enrol/totp?flow=" + flow)
	m := totpSecret.FindStringSubmatch(p.Body)
	if m == nil {
		b.t.Fatalf("no secret on %s:\n%s", p.URL, p.Body)
	}
	secret = strings.ReplaceAll(m[1], " ", "")
	p = b.Submit(p, url.Values{"code": {b.env.TOTPCode(b.t, secret)}})
	if p.URL.Path != "/login/enrol/recovery" {
		b.t.Fatalf("after the app code: %s\n%s", p.URL, p.Body)
	}
	recovery = recoveryRE.FindStringSubmatch(p.Body)[1]
	p = b.Post(p.URL.String(), url.Values{"stored": {"1"}})
	return p, secret, recovery
}
