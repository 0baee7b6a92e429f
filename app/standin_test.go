package app_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
)

// TestStandInRoleOnlyInsideItsPeriod: an org admin gives a colleague the hr
// role for a week from tomorrow; the colleague's ID token has it only inside
// that week, and both see the stand-in in the portal.
func TestStandInRoleOnlyInsideItsPeriod(t *testing.T) {
	env := apptest.New(t, "sqlite")
	org := env.Org(t, "Vervang BV", account.Werkgever)
	admin := env.User(t, org, "admin@vervang.example", goodPassword, "werkgever/hr", "platform/org-admin")
	colleague := env.User(t, org, "collega@vervang.example", goodPassword, "werkgever/leidinggevende")
	other := env.Org(t, "Arbo Vervang", account.Arbodienst)
	outsider := env.User(t, other, "buiten@vervang.example", goodPassword)
	r := newRP(t, env, "verzuim")

	b := env.Browser(t)
	b.Login(admin.Email, goodPassword)
	day := func(d time.Duration) string { return env.Clock.Now().Add(d).In(amsterdamTZ(t)).Format(time.DateOnly) }
	give := func(user, role, from, until string) *apptest.Page {
		return b.Post("/account/standins", url.Values{"user": {user}, "role": {role}, "starts": {from}, "ends": {until}})
	}
	if p := give(outsider.ID, "werkgever/hr", day(24*time.Hour), day(8*24*time.Hour)); !strings.Contains(p.Body, "eigen organisatie") {
		t.Fatalf("a user of another org must be refused:\n%s", p.Body)
	}
	if p := give(colleague.ID, "arbodienst/casemanager", day(24*time.Hour), day(8*24*time.Hour)); !strings.Contains(p.Body, "domein van uw organisatie") {
		t.Fatalf("a role of another domain must be refused:\n%s", p.Body)
	}
	if p := give(colleague.ID, "werkgever/hr", day(8*24*time.Hour), day(24*time.Hour)); !strings.Contains(p.Body, "periode") {
		t.Fatalf("an end before the start must be refused:\n%s", p.Body)
	}
	if p := give(colleague.ID, "werkgever/hr", day(24*time.Hour), day(8*24*time.Hour)); !strings.Contains(p.Body, "De vervanging is opgeslagen") {
		t.Fatalf("stand-in:\n%s", p.Body)
	}
	if p := b.Get("/account/standins"); !strings.Contains(p.Body, `id="standins-given"`) || !strings.Contains(p.Body, "hr") {
		t.Errorf("the giver must see the stand-in:\n%s", p.Body)
	}

	roles := func() []string {
		a := r.authURL()
		cb := loginFor(t, env, env.Browser(t), r, a, colleague.Email)
		tok, err := r.exchange(t, cb, a)
		if err != nil {
			t.Fatalf("exchange (callback %s): %v", cb, err)
		}
		idt, err := r.verifier.Verify(t.Context(), tok.Extra("id_token").(string))
		if err != nil {
			t.Fatal(err)
		}
		var c idClaims
		_ = idt.Claims(&c)
		return c.Roles
	}
	if got := roles(); slices.Contains(got, "hr") {
		t.Errorf("before the period: roles %v", got)
	}
	env.Clock.Advance(2 * 24 * time.Hour)
	if got := roles(); !slices.Contains(got, "hr") || !slices.Contains(got, "leidinggevende") {
		t.Errorf("inside the period: roles %v", got)
	}
	cb := env.Browser(t)
	cb.Login(colleague.Email, goodPassword)
	if p := cb.Get("/account/standins"); !strings.Contains(p.Body, `id="standins-mine"`) || !strings.Contains(p.Body, "actief") {
		t.Errorf("the colleague must see the stand-in:\n%s", p.Body)
	}
	env.Clock.Advance(8 * 24 * time.Hour)
	if got := roles(); slices.Contains(got, "hr") {
		t.Errorf("after the period: roles %v", got)
	}
}

func amsterdamTZ(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
