package app_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/config"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// Account lockout must not be a weapon: these tests play the attacks of
// docs/accounts.md ("Throttling") against the real handlers, each browser
// with its own cookie jar.

// attack makes n wrong-password attempts on email from a browser of its own,
// far enough apart that each one is verified and counted.
func attack(t *testing.T, env *apptest.Env, email string, n int) {
	t.Helper()
	b := env.Browser(t)
	for i := range n {
		env.Clock.Advance(16 * time.Minute)
		if p := b.Password(email, fmt.Sprintf("geraden-wachtwoord-%d", i)); p.Status != 200 {
			t.Fatalf("attempt %d was not counted: %d", i+1, p.Status)
		}
	}
}

// loggedInOnce logs in fully with b (so b gets its device cookie) and out again.
func loggedInOnce(t *testing.T, b *apptest.Browser, email string) {
	t.Helper()
	if p := b.Login(email, goodPassword); p.URL.Path != "/account" {
		t.Fatalf("first login: %s %d\n%s", p.URL, p.Status, p.Body)
	}
	if p := b.Submit(b.Get("/account"), nil); p.URL.Path != "/logout" {
		t.Fatalf("logout: %s", p.URL)
	}
}

func hasEvent(t *testing.T, env *apptest.Env, action, target string) bool {
	t.Helper()
	for _, e := range auditEvents(t, env) {
		if e.Action == action && e.TargetID == target {
			return true
		}
	}
	return false
}

// TestOwnerWithDeviceCookieLogsInWhileAddressIsLocked: failures from
// elsewhere lock the address for browsers without a device cookie only.
func TestOwnerWithDeviceCookieLogsInWhileAddressIsLocked(t *testing.T) {
	for _, backend := range apptest.Backends {
		t.Run(backend, func(t *testing.T) {
			env := apptest.New(t, backend)
			org := env.Org(t, "Slot BV", account.Werkgever)
			u := env.User(t, org, "eigenaar@slot.example", goodPassword)
			owner := env.Browser(t)
			loggedInOnce(t, owner, u.Email)

			attack(t, env, u.Email, 12)
			if p := env.Browser(t).Password(u.Email, goodPassword); p.Status != 429 {
				t.Fatalf("a browser without a device cookie during the lock: %d", p.Status)
			}
			if p := owner.Login(u.Email, goodPassword); p.URL.Path != "/account" {
				t.Fatalf("the owner's own browser is locked out by someone else's failures: %d %s", p.Status, p.URL)
			}
		})
	}
}

// TestRightPasswordDuringLockIsNeverAFailure: an attempt refused for a lock
// is neither verified nor counted, so the owner trying the right password
// neither extends the lock nor hears "wrong password" — also when the
// failures that locked are older than the key-value store remembers.
func TestRightPasswordDuringLockIsNeverAFailure(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Wacht BV", account.Werkgever)
	u := env.User(t, org, "wacht@wacht.example", goodPassword)

	attack(t, env, u.Email, 10)
	for range 3 {
		env.Clock.Advance(4 * time.Minute)
		if p := env.Browser(t).Password(u.Email, goodPassword); p.Status != 429 {
			t.Fatalf("right password during the lock: %d", p.Status)
		}
	}
	if got := env.Reload(t, u).FailedLogins; got != 10 {
		t.Fatalf("attempts during the lock were counted: %d failures, want 10", got)
	}
	env.Clock.Advance(3*time.Minute + 30*time.Second) // 15½ minutes after the last failure
	if p := env.Browser(t).Login(u.Email, goodPassword); p.URL.Path != "/account" {
		t.Fatalf("the lock was extended by the owner's attempts: %d %s", p.Status, p.URL)
	}

	// Nine failures, a day of quiet (the store forgets them), one more: the
	// tenth failure on the user record must not lock the owner out either.
	attack(t, env, u.Email, 9)
	env.Clock.Advance(25 * time.Hour)
	attack(t, env, u.Email, 1)
	if p := env.Browser(t).Login(u.Email, goodPassword); p.URL.Path != "/account" {
		t.Fatalf("the owner's right password after an old run of failures: %d %s\n%s", p.Status, p.URL, p.Body)
	}
}

// TestFailuresWithoutPasswordNeverLockForGood: a hundred wrong passwords
// close the password to browsers without a device cookie, never
// the account: the owner's browser goes on, and its login reopens the rest.
func TestFailuresWithoutPasswordNeverLockForGood(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Honderd BV", account.Werkgever)
	u := env.User(t, org, "honderd@honderd.example", goodPassword)
	owner := env.Browser(t)
	loggedInOnce(t, owner, u.Email)

	attack(t, env, u.Email, 100)
	if got := env.Reload(t, u); got.PermanentlyLocked {
		t.Fatalf("someone without the password locked the account for good (%d failures)", got.FailedLogins)
	}
	for range 10 {
		env.Clock.Advance(time.Hour)
		if p := env.Browser(t).Password(u.Email, goodPassword); p.Status != 429 {
			t.Fatalf("after 100 failures a new browser must not get a guess: %d", p.Status)
		}
	}
	if got := env.Reload(t, u).FailedLogins; got != 100 {
		t.Fatalf("refused attempts were counted: %d", got)
	}
	if !hasEvent(t, env, "login.restricted", u.ID) {
		t.Fatal("closing the password to new browsers is not audited")
	}
	if mails := env.Mails(t, u.Email); len(mails) != 1 || mails[0].Purpose != "login_restricted" {
		t.Fatalf("the owner is told once, with the way out: %+v", mails)
	}
	if p := owner.Login(u.Email, goodPassword); p.URL.Path != "/account" {
		t.Fatalf("the owner's browser after 100 failures elsewhere: %d %s", p.Status, p.URL)
	}
	if p := env.Browser(t).Login(u.Email, goodPassword); p.URL.Path != "/account" {
		t.Fatalf("after the owner's login new browsers may try again: %d %s", p.Status, p.URL)
	}
}

// TestIPFailuresNeverRefuseRightPassword: one IP past its failure limit (an
// office behind NAT, or everybody behind a load balancer whose address is
// not trusted) still logs in with the right password; each further failure
// from it puts the address it tried into back-off, the same for known and
// unknown addresses.
func TestIPFailuresNeverRefuseRightPassword(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Kantoor BV", account.Werkgever)
	u := env.User(t, org, "collega@kantoor.example", goodPassword)
	env.User(t, org, "bekend@kantoor.example", goodPassword)
	b := env.Browser(t)
	for i := range 60 {
		b.Password(fmt.Sprintf("gok%d@kantoor.example", i), "fout-wachtwoord")
	}
	if p := b.Login(u.Email, goodPassword); p.URL.Path != "/account" {
		t.Fatalf("a right password from an IP with 60 failures: %d %s", p.Status, p.URL)
	}

	answer := func(email string) (int, string) {
		p := env.Browser(t).Password(email, "fout-wachtwoord")
		body := strings.ReplaceAll(p.Body, email, "EMAIL")
		return p.Status, requestID.ReplaceAllString(flowID.ReplaceAllString(body, "ID"), "REQ")
	}
	s1, b1 := answer("bekend@kantoor.example")
	s2, b2 := answer("onbekend@kantoor.example")
	if s1 != s2 || b1 != b2 || s1 != 200 {
		t.Fatalf("known and unknown addresses answer differently past the IP limit:\n%d %s\n----\n%d %s", s1, b1, s2, b2)
	}
	s1, _ = answer("bekend@kantoor.example")
	s2, _ = answer("onbekend@kantoor.example")
	if s1 != 429 || s2 != 429 {
		t.Fatalf("a failure past the IP limit must put the address into back-off: %d %d", s1, s2)
	}
}

// TestTemporaryLockIsAudited: the 15-minute lock of an address writes an
// event with ids only, like the permanent one.
func TestTemporaryLockIsAudited(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Spoor BV", account.Werkgever)
	u := env.User(t, org, "spoor@spoor.example", goodPassword)
	attack(t, env, u.Email, 9)
	if hasEvent(t, env, "login.locked", u.ID) {
		t.Fatal("locked before the tenth failure")
	}
	attack(t, env, u.Email, 1)
	for _, e := range auditEvents(t, env) {
		if e.Action == "login.locked" && e.TargetID == u.ID {
			if e.ActorID != "" || e.OrgID != org.ID || e.Outcome != "denied" || e.TargetType != "user" {
				t.Fatalf("lock event %+v", e)
			}
			return
		}
	}
	t.Fatal("the temporary lock wrote no audit event")
}

// TestDeviceCookieLosesTrustAfterTenFailures: a stolen device cookie buys
// ten guesses at most; then that browser is one of the untrusted again.
func TestDeviceCookieLosesTrustAfterTenFailures(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Koekje BV", account.Werkgever)
	u := env.User(t, org, "koekje@koekje.example", goodPassword)
	other := env.User(t, org, "ander@koekje.example", goodPassword)
	b := env.Browser(t)
	loggedInOnce(t, b, u.Email)

	// The cookie is this account's only: another address is untrusted there.
	attack(t, env, other.Email, 10)
	if p := b.Password(other.Email, goodPassword); p.Status != 429 {
		t.Fatalf("a device cookie of one account must not help another: %d", p.Status)
	}

	for i := range 10 {
		env.Clock.Advance(16 * time.Minute)
		if p := b.Password(u.Email, fmt.Sprintf("vergeten-%d", i)); p.Status != 200 {
			t.Fatalf("device failure %d: %d", i+1, p.Status)
		}
	}
	if !hasEvent(t, env, "login.device_revoked", u.ID) {
		t.Fatal("revoking the device cookie is not audited")
	}
	if got := env.Reload(t, u); got.PermanentlyLocked || !got.LockedUntil.IsZero() {
		t.Fatalf("device failures must not lock the account: %+v", got)
	}
	attack(t, env, u.Email, 10)
	if p := b.Password(u.Email, goodPassword); p.Status != 429 {
		t.Fatalf("a revoked device cookie still passes the address lock: %d", p.Status)
	}
}

// TestResetBrowserIsTrustedWhileAttackGoesOn: an owner without a device
// cookie, kept out by an attack that renews the address lock, gets in by
// resetting the password: that browser proved the mailbox and is trusted.
func TestResetBrowserIsTrustedWhileAttackGoesOn(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Herstel BV", account.Werkgever)
	u := env.User(t, org, "herstel@herstel.example", goodPassword)
	attack(t, env, u.Email, 12)

	b := env.Browser(t)
	if p := b.Password(u.Email, goodPassword); p.Status != 429 {
		t.Fatalf("the owner's new browser during the attack: %d", p.Status)
	}
	b.Submit(b.Get("/password/forgot"), url.Values{"email": {u.Email}})
	link := resetLinkMailed(t, env, u.Email)
	const renewed = "Nieuw-voorjaar-wachtwoord"
	if p := b.Submit(b.Get(link), url.Values{"new_password": {renewed}, "repeat_password": {renewed}}); p.Status != 200 {
		t.Fatalf("reset: %d\n%s", p.Status, p.Body)
	}
	attack(t, env, u.Email, 1) // the attack goes on
	if p := b.Login(u.Email, renewed); p.URL.Path != "/account" {
		t.Fatalf("after the reset the owner's browser is still locked out: %d %s", p.Status, p.URL)
	}
}

// TestPasswordStepFailsClosedWithoutRedis: with the store of the counters
// and device revocations gone, no password is checked, a trusted browser's
// included: the answer is 503, never a login.
func TestPasswordStepFailsClosedWithoutRedis(t *testing.T) {
	port := storagetest.FreePort(t)
	stop := storagetest.StartRedis(t, port)
	env := apptest.New(t, "postgres", func(c *config.Config) {
		c.Redis.URL = fmt.Sprintf("redis://127.0.0.1:%d/0", port)
	})
	org := env.Org(t, "Uitval BV", account.Werkgever)
	u := env.User(t, org, "uitval@uitval.example", goodPassword)
	b := env.Browser(t)
	loggedInOnce(t, b, u.Email)
	form := b.Get("/login")
	stop()
	p := b.Submit(form, url.Values{"email": {u.Email}, "password": {goodPassword}})
	if p.Status != 503 || p.URL.Path != "/login" {
		t.Fatalf("password step with Redis down: %d at %s", p.Status, p.URL)
	}
}
