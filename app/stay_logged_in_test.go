package app_test

import (
	"html"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
)

// stayLogin logs in with "stay logged in" ticked (or not) and the
// authenticator app, and returns the page it ends on.
func stayLogin(t *testing.T, env *apptest.Env, b *apptest.Browser, email string, stay bool) *apptest.Page {
	t.Helper()
	form := url.Values{"email": {email}, "password": {goodPassword}}
	if stay {
		form.Set("stay", "1")
	}
	p := b.Submit(b.Get("/login"), form)
	secret, _ := env.Secret(email)
	if p.URL.Path != "/login/factor/totp" {
		t.Fatalf("after the password: %s", p.URL)
	}
	return b.Submit(p, url.Values{"code": {env.TOTPCode(t, secret)}})
}

// "Stay logged in" no longer stretches a session past the AAL2 limits
// (24 hours overall, the organisation's idle timeout of at most 1 hour); it
// remembers the address on this browser for the next login.
func TestStayLoggedInKeepsTheAAL2Limits(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Blijf BV", account.Werkgever, func(o *account.Org) { o.StayLoggedIn = 24 * time.Hour })
	u := env.User(t, org, "blijf@blijf.example", goodPassword)

	b := env.Browser(t)
	if p := stayLogin(t, env, b, u.Email, true); p.URL.Path != "/account" {
		t.Fatalf("login: %s", p.URL)
	}
	// In constant use, the session ends 24 hours after the login.
	used := time.Duration(0)
	for used+20*time.Minute < 24*time.Hour {
		env.Clock.Advance(20 * time.Minute)
		used += 20 * time.Minute
		if p := b.Get("/account"); p.URL.Path != "/account" {
			t.Fatalf("the session ended after %v of use", used)
		}
	}
	env.Clock.Advance(20 * time.Minute)
	if p := b.Get("/account"); p.URL.Path != "/login" {
		t.Fatalf("24h20m after the login the portal answered %s, want the login", p.URL)
	}

	// The login form remembers the address and the choice.
	p := b.Get("/login")
	if !strings.Contains(p.Body, `value="`+html.EscapeString(u.Email)+`"`) || !strings.Contains(p.Body, `name="stay" value="1" aria-describedby="stay-hint" checked`) {
		t.Fatalf("the login form does not remember the address:\n%s", p.Body)
	}
	if other := env.Browser(t).Get("/login"); strings.Contains(other.Body, u.Email) {
		t.Fatal("another browser sees the remembered address")
	}

	// Unused, it ends at the organisation's idle timeout (30 minutes).
	if p := stayLogin(t, env, b, u.Email, true); p.URL.Path != "/account" {
		t.Fatalf("second login: %s", p.URL)
	}
	env.Clock.Advance(31 * time.Minute)
	if p := b.Get("/account"); p.URL.Path != "/login" {
		t.Fatalf("after 31 idle minutes the portal answered %s, want the login", p.URL)
	}

	// A login without the box forgets the address.
	if p := stayLogin(t, env, b, u.Email, false); p.URL.Path != "/account" {
		t.Fatalf("third login: %s", p.URL)
	}
	b.Submit(b.Get("/account"), nil) // log out
	if p := b.Get("/login"); strings.Contains(p.Body, u.Email) {
		t.Fatal("the address is still remembered after a login without stay logged in")
	}
}

// The authorization endpoint sees the same limits: a stay-logged-in session
// gives codes silently (prompt=none) while in use, and not after 24 hours or
// after the idle timeout: the relying party's user must log in again.
func TestAuthorizeRefusesSessionsPastTheAAL2Limits(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Verzuim BV", account.Werkgever, func(o *account.Org) { o.StayLoggedIn = 24 * time.Hour })
	u := env.User(t, org, "lang@verzuim.example", goodPassword)
	r := newRP(t, env, "verzuim")
	host := hostOf(r.srv.URL)
	silent := func(b *apptest.Browser) string {
		t.Helper()
		a := r.authURL(oauth2.SetAuthURLParam("prompt", "none"))
		cb, p := callback(t, b, host, func() *apptest.Page { return b.Get(a.URL) })
		if cb == nil {
			t.Fatalf("prompt=none did not return to the client: %s", p.URL)
		}
		if cb.Query().Get("code") != "" {
			return "code"
		}
		return cb.Query().Get("error")
	}

	b := env.Browser(t)
	if p := stayLogin(t, env, b, u.Email, true); p.URL.Path != "/account" {
		t.Fatalf("login: %s", p.URL)
	}
	for used := 25 * time.Minute; used < 24*time.Hour; used += 25 * time.Minute {
		env.Clock.Advance(25 * time.Minute)
		if got := silent(b); got != "code" {
			t.Fatalf("after %v in use: %s", used, got)
		}
	}
	env.Clock.Advance(25 * time.Minute) // past 24 hours
	if got := silent(b); got != "login_required" {
		t.Fatalf("past 24 hours: %s, want login_required", got)
	}

	b = env.Browser(t)
	stayLogin(t, env, b, u.Email, true)
	env.Clock.Advance(31 * time.Minute)
	if got := silent(b); got != "login_required" {
		t.Fatalf("after 31 idle minutes: %s, want login_required", got)
	}
}
