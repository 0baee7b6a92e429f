package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/registration"
	"github.com/mijnaccount/mijnaccount/audit"
)

// registerWithEmail registers an employee with its own email address and
// the birth date of the test provider's default claims, so that a portal
// login with that address is linked to it.
func registerWithEmail(t *testing.T, b *browser, number, name, email string) string {
	t.Helper()
	status, body, resp := b.post("/employees", url.Values{
		"personnel_number": {number}, "name": {name}, "birth_date": {"1985-04-12"}, "email": {email},
		"contract_hours": {"36"}, "employment_start": {"2015-01-01"},
	})
	if status != http.StatusOK || !strings.Contains(resp.Request.URL.Path, "/employees/MW-") {
		t.Fatalf("register employee: %d\n%s", status, excerpt(body))
	}
	return firstID(t, resp.Request.URL.Path, "MW")
}

// recoverFully reports full recovery of abs on back (the first day at work).
func recoverFully(t *testing.T, b *browser, abs string, back date.Date) {
	t.Helper()
	status, body, _ := b.post("/cases/"+abs+"/recovery", url.Values{"kind": {"full"}, "on": {back.String()}})
	if status != http.StatusOK || !strings.Contains(body, "Volledig hersteld per "+back.Format("nl")) {
		t.Fatalf("full recovery: %d\n%s", status, excerpt(body))
	}
}

// step returns the list item of the timeline step key.
func step(t *testing.T, body, key string) string {
	t.Helper()
	i := strings.Index(body, `<li id="stap-`+key+`"`)
	if i < 0 {
		t.Fatalf("no step %s:\n%s", key, excerpt(body))
	}
	j := strings.Index(body[i:], "</li>")
	return body[i : i+j]
}

// window is the text a step shows while it is to do: opens on sick day
// 7(week−2)+1 and is due on sick day 7·week of an absence that began on
// first, moved by shift days.
func window(first date.Date, week, shift int) string {
	opens, due := first.AddDays(7*(week-2)+shift), first.AddDays(7*week-1+shift)
	return "Te doen van " + opens.Format("nl") + " tot en met " + due.Format("nl")
}

// TestSamentelling: an employee falls ill again 10 days after a full
// recovery; the new dossier adds up both absences and every later deadline
// moves by exactly those 10 days. After 40 days the timeline starts afresh.
func TestSamentelling(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	hr := e.browser()
	hr.login(claims())
	emp := registerWithEmail(t, hr, "1", "Sanne de Vries", "sanne@bakkerij.example")

	// A: 30 sick days, T−60 up to and including T−31; back at work on T−30.
	firstA, backA := today().AddDays(-60), today().AddDays(-30)
	a := reportSick(t, hr, emp, firstA, "")
	status, body, _ := hr.post("/cases/"+a+"/steps/probleemanalyse", url.Values{"done_on": {today().AddDays(-35).String()}, "note": {"Gesprek gevoerd"}})
	if status != http.StatusOK {
		t.Fatalf("mark step: %d\n%s", status, excerpt(body))
	}
	recoverFully(t, hr, a, backA)
	// B: sick again on T−20, after 10 days at work (T−30 … T−21).
	firstB := today().AddDays(-20)
	b := reportSick(t, hr, emp, firstB, "")

	status, body = hr.get("/cases/" + b)
	if status != http.StatusOK {
		t.Fatalf("dossier: %d", status)
	}
	mustContain(t, body,
		`Samengeteld met eerder verzuim: <a href="/cases/`+a+`">`+a+`</a> (`+firstA.Format("nl")+" t/m "+backA.AddDays(-1).Format("nl")+
			"), onderbreking 10 dagen; de wachttijd telt vanaf "+firstA.Format("nl")+".",
		"de dagen van een onderbreking tellen niet mee",
		"nu in week 8", // 30 + 21 sick days
		"Einde van de wachttijd (104 weken ziek): "+firstA.AddDays(7*104-1+10).Format("nl"))
	// Deadlines after the interruption: the chain's week, 10 days later than
	// counted from A's first sick day alone, not counted from B's.
	for _, s := range []struct {
		key  string
		week int
	}{{"plan_van_aanpak", 8}, {"evaluatie_14", 14}, {"uwv_melding", 42}, {"eerstejaarsevaluatie", 52}} {
		li := step(t, body, s.key)
		mustContain(t, li, window(firstA, s.week, 10))
		mustNotContain(t, li, window(firstB, s.week, 0))
	}
	// The problem analysis was marked done on A: done here too.
	li := step(t, body, "probleemanalyse")
	mustContain(t, li, `data-status="done"`, "Gedaan op "+today().AddDays(-35).Format("nl"), `<a href="/cases/`+a+`">`, "Gesprek gevoerd")
	mustNotContain(t, li, "Markeer als gedaan")
	_, en := hr.get("/cases/" + b + "?lang=en")
	mustContain(t, en, "Added up with earlier absence:", "interruption of 10 days")
	hr.get("/cases/" + b + "?lang=nl") // the language choice sticks

	// A step marked on B is recorded on B and shows on B.
	status, body, _ = hr.post("/cases/"+b+"/steps/plan_van_aanpak", url.Values{"done_on": {today().String()}})
	if status != http.StatusOK {
		t.Fatalf("mark step on B: %d\n%s", status, excerpt(body))
	}
	mustContain(t, step(t, body, "plan_van_aanpak"), `data-status="done"`)
	if acts, err := e.app.Store.Activities(ctx, b); err != nil || len(acts) != 1 || acts["plan_van_aanpak"].DoneOn.IsZero() {
		t.Fatalf("activities of B: %+v %v", acts, err)
	}
	if acts, err := e.app.Store.Activities(ctx, a); err != nil || len(acts) != 1 {
		t.Fatalf("activities of A: %+v %v", acts, err)
	}
	// A step done on A cannot be marked again on B.
	status, body, _ = hr.post("/cases/"+b+"/steps/probleemanalyse", url.Values{"done_on": {today().String()}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "al als gedaan gemarkeerd") {
		t.Fatalf("marking a step done on an earlier absence again: %d\n%s", status, step(t, body, "probleemanalyse"))
	}

	// A's dossier says where the chain goes on.
	_, body = hr.get("/cases/" + a)
	mustContain(t, body, `Dit verzuim loopt door in <a href="/cases/`+b+`">`+b+`</a> (vanaf `+firstB.Format("nl")+"), onderbreking 10 dagen.")
	mustNotContain(t, body, "Samengeteld met eerder verzuim", "Einde van de wachttijd")
	if !e.hasEvent("absence.case.chain_view", a, audit.OutcomeSuccess) || !e.hasEvent("absence.case.chain_view", b, audit.OutcomeSuccess) {
		t.Error("the use of the other absence of the chain is not audited")
	}

	// 40 days at work: a fresh timeline from the new first sick day.
	kees := registerWithEmail(t, hr, "2", "Kees Bakker", "kees@bakkerij.example")
	c := reportSick(t, hr, kees, today().AddDays(-100), "")
	recoverFully(t, hr, c, today().AddDays(-70))
	firstD := today().AddDays(-30)
	dd := reportSick(t, hr, kees, firstD, "")
	_, body = hr.get("/cases/" + dd)
	mustContain(t, body, "nu in week 5", "Einde van de wachttijd (104 weken ziek): "+firstD.AddDays(7*104-1).Format("nl"))
	mustNotContain(t, body, "Samengeteld", c)
	mustContain(t, step(t, body, "plan_van_aanpak"), window(firstD, 8, 0))
	mustContain(t, step(t, body, "probleemanalyse"), window(firstD, 6, 0))

	// An arbodienst whose relation began after A sees B only: the chain's
	// dates, but neither A's id, its dates nor what was recorded on it.
	if _, err := e.app.Store.CreateRelation(ctx, registration.Relation{Provider: "org-arbo", Employer: "org-werkgever", Start: today().AddDays(-25)}); err != nil {
		t.Fatal(err)
	}
	arbo := e.browser()
	arbo.login(claims("sub", "user-arbo", "org", "org-arbo", "org_name", "Arbo", "domain", "arbodienst", "roles", []string{"casemanager"}, "sid", "sid-arbo"))
	if status, _ := arbo.get("/cases/" + a); status != http.StatusNotFound {
		t.Fatalf("A for the arbodienst: %d", status)
	}
	status, body = arbo.get("/cases/" + b)
	if status != http.StatusOK {
		t.Fatalf("B for the arbodienst: %d", status)
	}
	mustContain(t, body, "Samengeteld met eerder verzuim: een verzuim dat u niet kunt inzien, onderbreking 10 dagen.",
		window(firstA, 14, 10), "Einde van de wachttijd (104 weken ziek): "+firstA.AddDays(7*104-1+10).Format("nl"),
		"Gedaan, vastgelegd bij een eerder verzuim dat u niet kunt inzien.")
	mustContain(t, step(t, body, "probleemanalyse"), `data-status="done"`)
	mustNotContain(t, body, a, "/cases/"+a, firstA.Format("nl"), backA.AddDays(-1).Format("nl"), today().AddDays(-35).Format("nl"),
		"Gesprek gevoerd", "de wachttijd telt vanaf")

	// The employee portal still shows only the employee's own dates.
	me := e.browser()
	me.login(claims("sub", "user-sanne", "name", "Sanne de Vries", "email", "sanne@bakkerij.example", "roles", []string{"werknemer"}, "sid", "sid-sanne"))
	status, body = me.get("/me")
	if status != http.StatusOK {
		t.Fatalf("/me %d", status)
	}
	mustContain(t, body, "Ziek sinds "+firstB.Format("nl"), firstA.Format("nl"), "hersteld per "+backA.Format("nl"))
	mustNotContain(t, body, "Samengeteld", "wachttijd", a, b, "Kees")
}
