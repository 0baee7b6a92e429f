package app_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/registration"
	"github.com/mijnaccount/mijnaccount/audit"
)

// chainViews counts the audit events that used absence id for another
// absence's week or timeline.
func (e *env) chainViews(id string) int {
	n := 0
	for _, ev := range e.events() {
		if ev.Action == "absence.case.chain_view" && ev.TargetID == id && ev.Outcome == audit.OutcomeSuccess {
			n++
		}
	}
	return n
}

// TestEmployeePageShowsTheChainsWeek: the employee page counts the week of
// an open absence over its samentelling chain, as the dossier does, and
// says that it is added up; a provider sees that week without the earlier
// absence out of its reach. An absence after 40 days at work counts alone.
func TestEmployeePageShowsTheChainsWeek(t *testing.T) {
	e, hr := employerEnv(t)
	emp := registerWithEmail(t, hr, "1", "Sanne de Vries", "sanne@bakkerij.example")
	// A: T−60 up to and including T−31, back at work on T−30; B from T−20
	// after 10 days at work. The chain has 30 + 21 sick days: week 8; B
	// alone would be in week 3.
	firstA, backA := today().AddDays(-60), today().AddDays(-30)
	a := reportSick(t, hr, emp, firstA, "")
	recoverFully(t, hr, a, backA)
	b := reportSick(t, hr, emp, today().AddDays(-20), "")

	_, dossier := hr.get("/cases/" + b)
	mustContain(t, dossier, "nu in week 8")
	before := e.chainViews(a)
	status, body := hr.get("/employees/" + emp)
	if status != http.StatusOK {
		t.Fatalf("employee page: %d", status)
	}
	mustContain(t, body, "Ziek, week 8</span>", `id="week-added-up">(samengeteld met eerder verzuim)`)
	mustNotContain(t, body, "Ziek, week 3")
	if got := e.chainViews(a); got != before+1 {
		t.Errorf("the use of the earlier absence on the employee page: %d audit events, want %d", got, before+1)
	}
	_, en := hr.get("/employees/" + emp + "?lang=en")
	mustContain(t, en, "Sick, week 8</span>", "(added up with earlier absence)")
	hr.get("/employees/" + emp + "?lang=nl")

	// 40 days at work: the new absence counts alone and is not added up.
	kees := registerWithEmail(t, hr, "2", "Kees Bakker", "kees@bakkerij.example")
	c := reportSick(t, hr, kees, today().AddDays(-100), "")
	recoverFully(t, hr, c, today().AddDays(-70))
	reportSick(t, hr, kees, today().AddDays(-30), "")
	_, body = hr.get("/employees/" + kees)
	mustContain(t, body, "Ziek, week 5</span>")
	mustNotContain(t, body, "samengeteld", `id="week-added-up"`)

	// An arbodienst whose relation began after A: the chain's week, but
	// neither A's id nor its dates.
	if _, err := e.app.Store.CreateRelation(context.Background(), registration.Relation{Provider: "org-arbo", Employer: "org-werkgever",
		Start: today().AddDays(-25)}); err != nil {
		t.Fatal(err)
	}
	arbo := arbodienst(e)
	status, body = arbo.get("/employees/" + emp)
	if status != http.StatusOK {
		t.Fatalf("employee page for the arbodienst: %d", status)
	}
	mustContain(t, body, b, "Ziek, week 8</span>", "(samengeteld met eerder verzuim)")
	mustNotContain(t, body, a, firstA.Format("nl"), backA.Format("nl"), backA.AddDays(-1).Format("nl"))
}
