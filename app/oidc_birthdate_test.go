package app_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
)

// TestOIDCBirthdateClaim: the standard claim birthdate (OIDC Core 5.1) is in
// the ID token and userinfo exactly when the profile scope is granted and
// the user has a birth date; it never reaches the access token,
// introspection, the audit trail or the log.
func TestOIDCBirthdateClaim(t *testing.T) {
	const birth = "1985-04-12"
	cases := []struct {
		name   string
		birth  string
		scopes []string
		want   bool
	}{
		{"present with profile and a birth date", birth, []string{"openid", "profile", "email", "org", "roles"}, true},
		{"absent without the profile scope", birth, []string{"openid", "email", "org", "roles"}, false},
		{"absent for a user without a birth date", "", []string{"openid", "profile", "email", "org", "roles"}, false},
	}
	for _, backend := range apptest.Backends {
		t.Run(backend, func(t *testing.T) {
			env := apptest.New(t, backend)
			org := env.Org(t, "Bakkerij Geboorte", account.Werkgever)
			r := newRP(t, env, "verzuim")
			for i, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					email := "werknemer" + string(rune('a'+i)) + "@geboorte.example"
					u := env.User(t, org, email, goodPassword, "werkgever/werknemer")
					if tc.birth != "" {
						if _, err := env.App.Accounts.UpdateUser(t.Context(), u.ID, func(u account.User) (account.User, error) {
							u.BirthDate = tc.birth
							return u, nil
						}); err != nil {
							t.Fatal(err)
						}
					}
					r.oauth.Scopes = tc.scopes
					a := r.authURL()
					tok, err := r.exchange(t, loginFor(t, env, env.Browser(t), r, a, email), a)
					if err != nil {
						t.Fatalf("exchange: %v", err)
					}
					raw, _ := tok.Extra("id_token").(string)
					idt, err := r.verifier.Verify(t.Context(), raw)
					if err != nil {
						t.Fatalf("ID token: %v", err)
					}
					var id map[string]any
					if err := idt.Claims(&id); err != nil {
						t.Fatal(err)
					}
					info, err := r.provider.UserInfo(t.Context(), oauth2.StaticTokenSource(tok))
					if err != nil {
						t.Fatalf("userinfo: %v", err)
					}
					var ui map[string]any
					if err := info.Claims(&ui); err != nil {
						t.Fatal(err)
					}
					for where, claims := range map[string]map[string]any{"ID token": id, "userinfo": ui} {
						got, present := claims["birthdate"]
						switch {
						case tc.want && got != birth:
							t.Errorf("%s birthdate %v, want %s", where, got, birth)
						case !tc.want && present:
							t.Errorf("%s carries birthdate %v", where, got)
						}
					}
					if at := decodeSegment(t, strings.Split(tok.AccessToken, ".")[1]); at["birthdate"] != nil {
						t.Errorf("the access token carries birthdate: %v", at)
					}
					if in := introspect(t, env, r, tok.AccessToken); in["active"] != true || in["birthdate"] != nil {
						t.Errorf("introspection %v", in)
					}
				})
			}
			var all strings.Builder
			for _, e := range auditEvents(t, env) {
				all.WriteString(e.ActorID + e.TargetID + e.OrgID + e.RequestID + e.IPHash + e.Reason + "|")
			}
			logs := env.Logs()
			if logs == "" {
				t.Fatal("nothing was logged: the log check would prove nothing")
			}
			for _, form := range []string{birth, "12-04-1985", "19850412"} {
				if strings.Contains(all.String(), form) {
					t.Errorf("the audit trail holds the birth date (%s)", form)
				}
				if strings.Contains(logs, form) {
					t.Errorf("the log holds the birth date (%s)", form)
				}
			}
		})
	}
}

// TestDiscoveryListsBirthdate: claims_supported names birthdate.
func TestDiscoveryListsBirthdate(t *testing.T) {
	env := apptest.New(t, "sqlite")
	resp, err := http.Get(env.App.Config.Issuer + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var d struct {
		Claims []string `json:"claims_supported"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&d); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(d.Claims, "birthdate") {
		t.Fatalf("claims_supported %v lacks birthdate", d.Claims)
	}
}
