package app_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/helpdesk"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/phoneswap"
)

// The numbers of the four-eyes cases: the user's own, the temporary one the
// requester proves, and one an approver tries to slip in.
const (
	feOwn      = "+31622220001"
	feTemp     = "+31622220002"
	feTampered = "+31699990009"
)

// fourEyesCase is one action that removes, replaces or redirects a factor.
type fourEyesCase struct {
	name   string
	action helpdesk.Action
	audit  string
	// setup prepares the user (who has an app and an SMS factor for feOwn).
	setup func(t *testing.T, env *apptest.Env, u account.User)
	// ask carries the action out as b, as far as the form goes, and returns
	// the last page.
	ask func(t *testing.T, env *apptest.Env, b *apptest.Browser, u account.User) *apptest.Page
	// done reports whether the action took effect, exactly as asked.
	done func(t *testing.T, env *apptest.Env, u account.User) bool
}

// swapUntil is the end date the swap cases ask for.
func swapUntil(env *apptest.Env) string {
	return env.Clock.Now().Add(10 * 24 * time.Hour).Format(time.DateOnly)
}

// askSwap asks for a temporary number as the helpdesk does: the number and
// end date, then the code the user reads out.
func askSwap(until string) func(t *testing.T, env *apptest.Env, b *apptest.Browser, u account.User) *apptest.Page {
	return func(t *testing.T, env *apptest.Env, b *apptest.Browser, u account.User) *apptest.Page {
		t.Helper()
		before := len(env.SMSCodes(t, feTemp))
		if p := act(b, u.ID, helpdesk.StartSwap, "Gebruiker belde: ziek thuis", "INC-10", "phone", feTemp, "until", until); p.Status != 200 {
			return p // refused before a code was texted
		}
		codes := env.SMSCodes(t, feTemp)
		if len(codes) != before+1 {
			t.Fatalf("%d codes texted to the temporary number, want %d", len(codes), before+1)
		}
		return act(b, u.ID, helpdesk.StartSwap, "Gebruiker belde: ziek thuis", "INC-10", "phone", feTemp, "until", until,
			"code", codes[len(codes)-1])
	}
}

// swappedTo reports whether the user's codes go to feTemp until the end
// date asked for ("" for none).
func swappedTo(until string) func(t *testing.T, env *apptest.Env, u account.User) bool {
	return func(t *testing.T, env *apptest.Env, u account.User) bool {
		t.Helper()
		sw, err := env.App.Swaps.Active(t.Context(), u.ID)
		if errors.Is(err, phoneswap.ErrNoSwap) {
			return false
		}
		if err != nil {
			t.Fatal(err)
		}
		want, err := phoneswap.ParseEnd(until, env.Clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		if sms := factorOfKind(t, env, u, mfa.KindSMS); sms.Secret != feTemp || !sw.EndsAt.Equal(want) {
			t.Fatalf("swap to another number or end than asked: ends %v, want %v", sw.EndsAt, want)
		}
		return true
	}
}

func fourEyesCases() []fourEyesCase {
	return []fourEyesCase{
		{name: "remove factor", action: helpdesk.RemoveFactor, audit: "helpdesk.factor_removed",
			ask: func(t *testing.T, env *apptest.Env, b *apptest.Browser, u account.User) *apptest.Page {
				return act(b, u.ID, helpdesk.RemoveFactor, "Oude telefoon weg", "INC-10", "factor", factorOfKind(t, env, u, mfa.KindSMS).ID)
			},
			done: func(t *testing.T, env *apptest.Env, u account.User) bool {
				return factorCount(t, env, u) == 1 && factorOfKind(t, env, u, mfa.KindTOTP).ID != ""
			}},
		{name: "reset", action: helpdesk.ResetFactors, audit: "helpdesk.factors_reset",
			ask: func(t *testing.T, env *apptest.Env, b *apptest.Browser, u account.User) *apptest.Page {
				return act(b, u.ID, helpdesk.ResetFactors, "Alles kwijt", "INC-10")
			},
			done: func(t *testing.T, env *apptest.Env, u account.User) bool { return factorCount(t, env, u) == 0 }},
		{name: "temporary number", action: helpdesk.StartSwap, audit: "helpdesk.phone_swap_started",
			ask: func(t *testing.T, env *apptest.Env, b *apptest.Browser, u account.User) *apptest.Page {
				return askSwap(swapUntil(env))(t, env, b, u)
			},
			done: func(t *testing.T, env *apptest.Env, u account.User) bool { return swappedTo(swapUntil(env))(t, env, u) }},
		// The helpdesk changes a number for good with a swap without an end.
		{name: "phone change", action: helpdesk.StartSwap, audit: "helpdesk.phone_swap_started",
			ask: askSwap(""), done: swappedTo("")},
		{name: "own number back", action: helpdesk.EndSwap, audit: "helpdesk.phone_swap_ended",
			setup: func(t *testing.T, env *apptest.Env, u account.User) {
				if _, err := env.App.Swaps.Start(t.Context(), u.ID, feTemp, time.Time{}, u.ID); err != nil {
					t.Fatal(err)
				}
			},
			ask: func(t *testing.T, env *apptest.Env, b *apptest.Browser, u account.User) *apptest.Page {
				return act(b, u.ID, helpdesk.EndSwap, "Terug van verlof", "INC-10")
			},
			done: func(t *testing.T, env *apptest.Env, u account.User) bool {
				_, err := env.App.Swaps.Active(t.Context(), u.ID)
				return errors.Is(err, phoneswap.ErrNoSwap) && factorOfKind(t, env, u, mfa.KindSMS).Secret == feOwn
			}},
	}
}

// TestFactorActionsWithoutFourEyes: with four eyes off, each action takes
// effect at once, as it always did.
func TestFactorActionsWithoutFourEyes(t *testing.T) {
	for _, tc := range fourEyesCases() {
		t.Run(tc.name, func(t *testing.T) {
			w := newHDWorld(t, "sqlite")
			u := w.env.User(t, w.employer, "gebruiker@noord.example", goodPassword)
			addPhone(t, w.env, u, feOwn)
			if tc.setup != nil {
				tc.setup(t, w.env, u)
			}
			desk, b := w.loggedIn(t, w.arbo, "alleen@arbo-noord.example", roleHelpdesk)
			p := tc.ask(t, w.env, b, u)
			if !tc.done(t, w.env, u) || strings.Contains(p.Body, "Het verzoek is opgeslagen") {
				t.Fatalf("without four eyes the action did not take effect at once: %d\n%s", p.Status, p.Body)
			}
			if e := findEvent(t, w.env, tc.audit, u.ID); e.ActorID != desk.ID || e.Reason != "INC-10" || e.Outcome != "success" {
				t.Fatalf("audit event %+v", e)
			}
		})
	}
}

// TestFactorActionsWithFourEyes: with four eyes on, each action is a
// request that changes nothing until a second helpdesk user in scope
// approves it — never the requester, an org admin or a helpdesk user who
// does not serve the organisation — and then takes effect exactly as it was
// asked for, whatever the approver posts.
func TestFactorActionsWithFourEyes(t *testing.T) {
	for _, backend := range apptest.Backends {
		for _, tc := range fourEyesCases() {
			t.Run(backend+"/"+tc.name, func(t *testing.T) {
				w := newHDWorld(t, backend, func(o *account.Org) { o.FourEyesFactorReset = true })
				env := w.env
				u := env.User(t, w.employer, "gebruiker@noord.example", goodPassword)
				phone := addPhone(t, env, u, feOwn)
				if tc.setup != nil {
					tc.setup(t, env, u)
				}
				requester, first := w.loggedIn(t, w.arbo, "eerste@arbo-noord.example", roleHelpdesk)
				approver, second := w.loggedIn(t, w.platform, "tweede@platform.example", roleHelpdesk)
				_, outsider := w.loggedIn(t, w.arbo2, "zuid@arbo-zuid.example", roleHelpdesk)
				_, admin := w.loggedIn(t, w.employer, "beheer@noord.example", roleOrgAdmin)

				if p := first.Get("/helpdesk/users/" + u.ID + "/" + string(tc.action) + "?factor=" + phone.ID); !strings.Contains(p.Body, "vier-ogenprincipe") {
					t.Fatalf("the form does not say the action becomes a request:\n%s", p.Body)
				}
				if p := tc.ask(t, env, first, u); !strings.Contains(p.Body, "Het verzoek is opgeslagen") {
					t.Fatalf("after asking: %d\n%s", p.Status, p.Body)
				}
				if tc.done(t, env, u) {
					t.Fatal("a request alone took effect")
				}
				if e := findEvent(t, env, tc.audit+"_requested", u.ID); e.ActorID != requester.ID || e.Reason != "INC-10" {
					t.Fatalf("request event %+v", e)
				}
				if text := lastMail(t, env, u.Email, "helpdesk_action"); !strings.Contains(text, "goedkeuren") {
					t.Fatalf("request mail:\n%s", text)
				}
				if p := tc.ask(t, env, first, u); p.Status != 409 {
					t.Fatalf("a second request while one waits: %d", p.Status)
				}
				reqID := regexpFind(t, first.Get("/helpdesk/users/"+u.ID).Body, requestParam)

				// Whatever an approver posts besides the request is ignored.
				otherFactor := factorOfKind(t, env, u, mfa.KindTOTP).ID
				approve := func(b *apptest.Browser) *apptest.Page {
					return act(b, u.ID, helpdesk.Approve, "Teruggebeld op bekend nummer", "INC-11", "request", reqID,
						"factor", otherFactor, "phone", feTampered, "until", "")
				}
				if p := approve(first); p.Status != 403 || tc.done(t, env, u) {
					t.Fatalf("the requester approving: %d", p.Status)
				}
				if e := findEvent(t, env, tc.audit+"_approved", u.ID); e.ActorID != requester.ID || e.Outcome != "denied" {
					t.Fatalf("the requester's approval is audited as %+v", e)
				}
				if p := approve(admin); p.Status != 403 || tc.done(t, env, u) {
					t.Fatalf("an org admin approving: %d", p.Status)
				}
				if p := approve(outsider); p.Status != 404 || tc.done(t, env, u) {
					t.Fatalf("a helpdesk user out of scope approving: %d", p.Status)
				}
				if p := second.Get("/helpdesk"); !strings.Contains(p.Body, u.Email) {
					t.Fatalf("the request is not listed for the second helpdesk user:\n%s", p.Body)
				}
				if p := approve(second); !strings.Contains(p.Body, "goedgekeurd en uitgevoerd") || !tc.done(t, env, u) {
					t.Fatalf("after the approval: %d\n%s", p.Status, p.Body)
				}
				if e := findEvent(t, env, tc.audit+"_approved", u.ID); e.ActorID != approver.ID || e.Reason != "INC-11" {
					t.Fatalf("approval event %+v", e)
				}
				if e := findEvent(t, env, tc.audit, u.ID); e.ActorID != approver.ID || e.Reason != "INC-10" {
					t.Fatalf("action event %+v", e)
				}
				if p := approve(second); p.Status != 404 {
					t.Fatalf("approving a decided request: %d", p.Status)
				}
				if len(env.SMSCodes(t, feTampered)) != 0 {
					t.Fatal("a code went to the number the approver posted")
				}
				noPersonalData(t, env, u.Email, feOwn, feTemp, feTampered, "ziek thuis", "Teruggebeld")
			})
		}
	}
}

// TestOrgAdminAsksButNeverApproves: in a four-eyes organisation an org
// admin's factor action is a request like anyone's, and the admin cannot
// approve another admin's request either.
func TestOrgAdminAsksButNeverApproves(t *testing.T) {
	w := newHDWorld(t, "sqlite", func(o *account.Org) { o.FourEyesFactorReset = true })
	env := w.env
	u := env.User(t, w.employer, "collega@noord.example", goodPassword)
	phone := addPhone(t, env, u, feOwn)
	_, admin := w.loggedIn(t, w.employer, "beheer@noord.example", roleOrgAdmin)
	_, admin2 := w.loggedIn(t, w.employer, "beheer2@noord.example", roleOrgAdmin)

	if p := act(admin, u.ID, helpdesk.RemoveFactor, "Telefoon kwijt", "", "factor", phone.ID); !strings.Contains(p.Body, "Het verzoek is opgeslagen") || factorCount(t, env, u) != 2 {
		t.Fatalf("org admin removing a factor: %d factors\n%s", factorCount(t, env, u), p.Body)
	}
	if page := admin2.Get("/helpdesk/users/" + u.ID); strings.Contains(page.Body, "/approve") || strings.Contains(page.Body, "/reject") {
		t.Fatal("an org admin is offered to decide another's request")
	}
	reqID := regexpFind(t, admin.Get("/helpdesk/users/"+u.ID).Body, requestParam)
	if p := act(admin2, u.ID, helpdesk.Approve, "Akkoord", "", "request", reqID); p.Status != 403 || factorCount(t, env, u) != 2 {
		t.Fatalf("another org admin approving: %d", p.Status)
	}
	if p := act(admin2, u.ID, helpdesk.Reject, "Niet akkoord", "", "request", reqID); p.Status != 403 {
		t.Fatalf("another org admin rejecting: %d", p.Status)
	}
	// The admin may withdraw their own request.
	if p := act(admin, u.ID, helpdesk.Reject, "Toch niet", "", "request", reqID); !strings.Contains(p.Body, "afgewezen") {
		t.Fatalf("withdrawing: %d\n%s", p.Status, p.Body)
	}
	if text := lastMail(t, env, u.Email, "helpdesk_action"); !strings.Contains(text, "afgewezen") {
		t.Fatalf("rejection mail:\n%s", text)
	}
	findEvent(t, env, "helpdesk.factor_removed_rejected", u.ID)
}
