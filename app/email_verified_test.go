package app_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
)

// TestEmailVerifiedOnlyWhenProven: email_verified in the ID token and
// userinfo is false for an address nobody proved, and true once the user
// followed a link mailed to it — the invitation, a password reset or the
// confirmation link mailed to users created with a password — and the user
// record says when and how. A changed address is unproven again.
func TestEmailVerifiedOnlyWhenProven(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Bewijs BV", account.Werkgever)
	r := newRP(t, env, "verzuim")
	var last *oauth2.Token // the access token of the last login
	claims := func(t *testing.T, email, pw string) (idToken, userinfo bool) {
		t.Helper()
		a := r.authURL()
		tok, err := r.exchange(t, loginWith(t, env, env.Browser(t), r, a, email, pw), a)
		if err != nil {
			t.Fatalf("login of %s: %v", email, err)
		}
		raw, _ := tok.Extra("id_token").(string)
		idt, err := r.verifier.Verify(t.Context(), raw)
		if err != nil {
			t.Fatal(err)
		}
		var c struct {
			Email         string `json:"email"`
			EmailVerified *bool  `json:"email_verified"`
		}
		if err := idt.Claims(&c); err != nil || c.EmailVerified == nil || c.Email != email {
			t.Fatalf("ID token of %s: email %q, email_verified %v (%v)", email, c.Email, c.EmailVerified, err)
		}
		info, err := r.provider.UserInfo(t.Context(), oauth2.StaticTokenSource(tok))
		if err != nil {
			t.Fatal(err)
		}
		last = tok
		return *c.EmailVerified, info.EmailVerified
	}
	want := func(t *testing.T, step, email, pw string, verified bool) {
		t.Helper()
		if id, ui := claims(t, email, pw); id != verified || ui != verified {
			t.Errorf("%s: email_verified in ID token %v, userinfo %v; want %v", step, id, ui, verified)
		}
	}
	stored := func(t *testing.T, u account.User, by account.EmailProof) {
		t.Helper()
		got := env.Reload(t, u)
		if got.EmailVerifiedBy != by || got.EmailVerified() != (by != "") || (by != "" && !got.EmailVerifiedAt.Equal(env.Clock.Now().UTC().Truncate(time.Microsecond))) {
			t.Errorf("%s stored as verified %v by %q at %v; want by %q at %v", u.Email, got.EmailVerified(), got.EmailVerifiedBy,
				got.EmailVerifiedAt, by, env.Clock.Now())
		}
	}
	// unproven makes an active user with a password and an app, as the
	// operator's `user create --password` does, with nothing proven.
	unproven := func(t *testing.T, email string) account.User {
		t.Helper()
		hash, err := env.App.Hasher.Hash(goodPassword)
		if err != nil {
			t.Fatal(err)
		}
		u, err := env.App.Accounts.CreateUser(t.Context(), account.User{Email: email, Name: "Zonder Bewijs", OrgID: org.ID,
			Status: account.StatusActive, PasswordHash: hash, Lang: "nl"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		env.GiveTOTP(t, u)
		return u
	}

	t.Run("confirmation link", func(t *testing.T) {
		u := unproven(t, "bevestig@bewijs.example")
		if err := env.App.Invites.SendConfirmation(t.Context(), "", u); err != nil {
			t.Fatal(err)
		}
		want(t, "before confirming", u.Email, goodPassword, false)
		stored(t, u, "")
		link := lastLink(t, env, u.Email, "email/confirm")
		b := env.Browser(t)
		page := b.Get(link)
		if page.Status != 200 {
			t.Fatalf("confirmation page: %d\n%s", page.Status, page.Body)
		}
		stored(t, u, "") // showing the page (a mail scanner's fetch) proves nothing
		if done := b.Submit(page, url.Values{}); done.Status != 200 {
			t.Fatalf("confirming: %d\n%s", done.Status, done.Body)
		}
		stored(t, u, account.EmailByConfirmation)
		want(t, "after confirming", u.Email, goodPassword, true)
		if again := b.Get(link); again.Status != 410 {
			t.Errorf("a used confirmation link must be dead: %d", again.Status)
		}
		mails := env.Mails(t, u.Email)
		if len(mails) == 0 || mails[0].Purpose != "email_confirmation" || !strings.Contains(mails[0].Subject, "Bevestig uw e-mailadres") {
			t.Errorf("confirmation mail: %+v", mails)
		}
	})

	t.Run("password reset", func(t *testing.T) {
		u := unproven(t, "reset@bewijs.example")
		want(t, "before the reset", u.Email, goodPassword, false)
		b := env.Browser(t)
		b.Submit(b.Get("/password/forgot"), url.Values{"email": {u.Email}})
		link := resetLinkMailed(t, env, u.Email)
		const newPassword = "Nieuw-herfst-wachtwoord"
		if p := b.Submit(b.Get(link), url.Values{"new_password": {newPassword}, "repeat_password": {newPassword}}); p.Status != 200 {
			t.Fatalf("reset: %d\n%s", p.Status, p.Body)
		}
		stored(t, u, account.EmailByReset)
		want(t, "after the reset", u.Email, newPassword, true)
	})

	t.Run("invitation", func(t *testing.T) {
		u := invited(t, env, org, "uitgenodigd@bewijs.example", "1985-04-23")
		stored(t, u, "")
		b := env.Browser(t)
		pw := b.Submit(b.Get(lastLink(t, env, u.Email, "invite")), url.Values{"email": {u.Email}, "birthdate": {"23-04-1985"}})
		if done := b.Submit(pw, url.Values{"new_password": {goodPassword}, "repeat_password": {goodPassword}}); done.Status != 200 {
			t.Fatalf("accepting: %d\n%s", done.Status, done.Body)
		}
		stored(t, u, account.EmailByInvitation)
		env.GiveTOTP(t, env.Reload(t, u))
		want(t, "after the invitation", u.Email, goodPassword, true)

		// A new address is unproven until its own link is followed.
		if _, err := env.App.Accounts.UpdateUser(t.Context(), u.ID, func(u account.User) (account.User, error) {
			u.Email = "verhuisd@bewijs.example"
			return u, nil
		}); err != nil {
			t.Fatal(err)
		}
		stored(t, u, "")
		info, err := r.provider.UserInfo(t.Context(), oauth2.StaticTokenSource(last))
		if err != nil || info.Email != "verhuisd@bewijs.example" || info.EmailVerified {
			t.Errorf("userinfo after an address change: %+v, %v", info, err)
		}
	})
}
