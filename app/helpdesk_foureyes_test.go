package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/helpdesk"
	"github.com/mijnaccount/mijnaccount/app/apptest"
)

var requestParam = `name="request" value="([a-z0-9]+)"`

func TestHelpdeskFourEyesFactorReset(t *testing.T) {
	for _, backend := range apptest.Backends {
		t.Run(backend, func(t *testing.T) {
			w := newHDWorld(t, backend, func(o *account.Org) { o.FourEyesFactorReset = true })
			worker, workerBrowser := w.loggedIn(t, w.employer, "vier@noord.example")
			first, a := w.loggedIn(t, w.arbo, "eerste@arbo-noord.example", roleHelpdesk)
			second, b := w.loggedIn(t, w.platform, "tweede@platform.example", roleHelpdesk)

			if p := a.Get("/helpdesk/users/" + worker.ID + "/reset-factors"); !strings.Contains(p.Body, "vier-ogenprincipe") {
				t.Fatalf("the form does not say the reset becomes a request:\n%s", p.Body)
			}
			p := act(a, worker.ID, helpdesk.ResetFactors, "Nieuwe telefoon, teruggebeld", "INC-1")
			if !strings.Contains(p.Body, "Het verzoek is opgeslagen") {
				t.Fatalf("after the request:\n%s", p.Body)
			}
			if factorCount(t, w.env, worker) != 1 || workerBrowser.Get("/account").URL.Path != "/account" {
				t.Fatal("a request alone changed the account")
			}
			if text := lastMail(t, w.env, worker.Email, "helpdesk_action"); !strings.Contains(text, "goedkeuren") {
				t.Fatalf("request mail:\n%s", text)
			}
			if e := findEvent(t, w.env, "helpdesk.factors_reset_requested", worker.ID); e.ActorID != first.ID || e.Reason != "INC-1" {
				t.Fatalf("request event %+v", e)
			}
			// A second request while one waits is refused.
			if p := act(a, worker.ID, helpdesk.ResetFactors, "Nogmaals", ""); p.Status != 409 {
				t.Fatalf("second request: %d", p.Status)
			}
			page := a.Get("/helpdesk/users/" + worker.ID)
			reqID := regexpFind(t, page.Body, requestParam)
			if strings.Contains(page.Body, "/approve") {
				t.Fatal("the requester is offered the approval")
			}
			// The requester cannot approve, not even by posting.
			if p := act(a, worker.ID, helpdesk.Approve, "Zelf goedkeuren", "", "request", reqID); p.Status != 403 || factorCount(t, w.env, worker) != 1 {
				t.Fatalf("requester approving: %d, %d factors", p.Status, factorCount(t, w.env, worker))
			}
			if e := findEvent(t, w.env, "helpdesk.factors_reset_approved", worker.ID); e.ActorID != first.ID || e.Outcome != "denied" {
				t.Fatalf("the refused own approval is audited as %+v", e)
			}
			// The pending request is listed for the other helpdesk user.
			if p := b.Get("/helpdesk"); !strings.Contains(p.Body, worker.Email) {
				t.Fatalf("pending list of the second helpdesk user:\n%s", p.Body)
			}
			p = act(b, worker.ID, helpdesk.Approve, "Gecontroleerd met het ticket", "INC-2", "request", reqID)
			if !strings.Contains(p.Body, "goedgekeurd en uitgevoerd") || factorCount(t, w.env, worker) != 0 {
				t.Fatalf("after the approval: %d factors\n%s", factorCount(t, w.env, worker), p.Body)
			}
			if workerBrowser.Get("/account").URL.Path != "/login" {
				t.Fatal("the approved reset left the session alive")
			}
			if e := findEvent(t, w.env, "helpdesk.factors_reset_approved", worker.ID); e.ActorID != second.ID || e.Reason != "INC-2" {
				t.Fatalf("approval event %+v", e)
			}
			if e := findEvent(t, w.env, "helpdesk.factors_reset", worker.ID); e.ActorID != second.ID || e.Reason != "INC-1" {
				t.Fatalf("reset event %+v", e)
			}
			// Used once: approving again finds nothing.
			if p := act(b, worker.ID, helpdesk.Approve, "Nog eens", "", "request", reqID); p.Status != 404 {
				t.Fatalf("approving a decided request: %d", p.Status)
			}

			// Reject: nothing happens.
			w.env.GiveTOTP(t, w.env.Reload(t, worker))
			act(a, worker.ID, helpdesk.ResetFactors, "Weer een verzoek", "")
			reqID = regexpFind(t, b.Get("/helpdesk/users/"+worker.ID).Body, requestParam)
			p = act(b, worker.ID, helpdesk.Reject, "Niet de echte gebruiker", "", "request", reqID)
			if !strings.Contains(p.Body, "afgewezen") || factorCount(t, w.env, worker) != 1 {
				t.Fatalf("after the rejection: %d factors\n%s", factorCount(t, w.env, worker), p.Body)
			}
			if p := act(b, worker.ID, helpdesk.Approve, "Toch", "", "request", reqID); p.Status != 404 || factorCount(t, w.env, worker) != 1 {
				t.Fatalf("approving a rejected request: %d", p.Status)
			}
			findEvent(t, w.env, "helpdesk.factors_reset_rejected", worker.ID)
			noPersonalData(t, w.env, worker.Email, "teruggebeld", "echte gebruiker")
		})
	}
}

func TestOrgAdminActsOnOwnOrgOnly(t *testing.T) {
	w := newHDWorld(t, "sqlite", func(o *account.Org) { o.FourEyesFactorReset = true })
	colleague, colleagueBrowser := w.loggedIn(t, w.employer, "collega@noord.example")
	parentUser := w.env.User(t, w.arbo, "arbo@arbo-noord.example", goodPassword)
	stranger := w.env.User(t, w.e2, "vreemd@zuid.example", goodPassword)
	admin, b := w.loggedIn(t, w.employer, "beheer@noord.example", roleOrgAdmin)

	if p := b.Get("/helpdesk"); p.Status != 200 || !strings.Contains(p.Body, "van uw organisatie") {
		t.Fatalf("org admin console: %d\n%s", p.Status, p.Body)
	}
	if p := b.Get("/account/users"); !strings.Contains(p.Body, `href="/helpdesk/users/`+colleague.ID+`"`) {
		t.Fatalf("the users list does not link to the user page:\n%s", p.Body)
	}
	// Users of the admin's own organisation only: not the arbodienst above, not another.
	sameNotFound(t, "parent org", b.Get("/helpdesk/users/"+parentUser.ID), b.Get("/helpdesk/users/"+stranger.ID), parentUser.ID, stranger.ID)
	sameNotFound(t, "act elsewhere", act(b, stranger.ID, helpdesk.RevokeSessions, "x", ""), act(b, "nobody", helpdesk.RevokeSessions, "x", ""), stranger.ID, "nobody")

	p := b.Get("/helpdesk/users/" + colleague.ID)
	if p.Status != 200 || !strings.Contains(p.Body, `id="events-unavailable"`) || !strings.Contains(p.Body, colleague.Email) {
		t.Fatalf("org admin's view of a colleague: %d", p.Status)
	}
	p = act(b, colleague.ID, helpdesk.RevokeSessions, "Laptop kwijt", "")
	if !strings.Contains(p.Body, "overal uitgelogd") || colleagueBrowser.Get("/account").URL.Path != "/login" {
		t.Fatalf("org admin revoking sessions:\n%s", p.Body)
	}
	if e := findEvent(t, w.env, "helpdesk.sessions_revoked", colleague.ID); e.ActorID != admin.ID {
		t.Fatalf("event %+v", e)
	}
	if text := lastMail(t, w.env, colleague.Email, "helpdesk_action"); !strings.Contains(text, "De beheerder van uw organisatie heeft") {
		t.Fatalf("mail names the admin:\n%s", text)
	}
	// In a four-eyes organisation the admin's reset is a request the admin
	// cannot approve; the arbodienst's helpdesk can.
	act(b, colleague.ID, helpdesk.ResetFactors, "Telefoon kwijt", "")
	reqID := regexpFind(t, b.Get("/helpdesk/users/"+colleague.ID).Body, requestParam)
	if p := act(b, colleague.ID, helpdesk.Approve, "Zelf", "", "request", reqID); p.Status != 403 || factorCount(t, w.env, colleague) != 1 {
		t.Fatalf("org admin approving: %d", p.Status)
	}
	_, desk := w.loggedIn(t, w.arbo, "helpdesk@arbo-noord.example", roleHelpdesk)
	act(desk, colleague.ID, helpdesk.Approve, "Gecontroleerd", "", "request", reqID)
	if factorCount(t, w.env, colleague) != 0 {
		t.Fatal("the helpdesk's approval of the admin's request did not reset")
	}
	// An org admin does not act on their own account here.
	if p := b.Get("/helpdesk/users/" + admin.ID + "/revoke-sessions"); p.Status != 403 {
		t.Fatalf("own account: %d", p.Status)
	}
	if _, err := w.env.App.Accounts.GetUser(context.Background(), admin.ID); err != nil {
		t.Fatal(err)
	}
}
