package app_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/registration"
	"github.com/mijnaccount/mijnaccount/audit"
)

var extensionRE = regexp.MustCompile(`<li id="(VL-[A-Z2-7]{8})"`)

// extensionIDs lists the extensions on a dossier page, in order.
func extensionIDs(body string) []string {
	var out []string
	for _, m := range extensionRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// todo is how a step that is still to do shows its window.
func todo(opens, due date.Date) string {
	return "Te doen van " + opens.Format("nl") + " tot en met " + due.Format("nl")
}

func extensionForm(kind string, start date.Date, weeks int, decided date.Date, reference string) url.Values {
	v := url.Values{"kind": {kind}, "weeks": {strconv.Itoa(weeks)}, "decided_on": {decided.String()}, "reference": {reference}}
	if !start.IsZero() {
		v.Set("start", start.String())
	}
	return v
}

// TestLoonsanctieMovesTheWaitingTimeAndTheWIAStep: a loonsanctie of 52
// weeks moves the end of the waiting time and the eindevaluatie / WIA
// application by exactly 364 days, adds evaluations, shows while it runs,
// and a bekorting moves them back.
func TestLoonsanctieMovesTheWaitingTimeAndTheWIAStep(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	hr := e.loginAs()
	emp := registerWithEmail(t, hr, "1", "Sanne de Vries", "sanne@bakkerij.example")
	first := today().AddDays(-770) // week 111
	end104 := first.AddDays(7*104 - 1)
	abs := reportSick(t, hr, emp, first, "")

	_, body := hr.get("/cases/" + abs)
	mustContain(t, body, `<h2 id="verlenging">Verlenging loondoorbetaling</h2>`, "Er is geen verlenging vastgelegd.",
		"Einde van de wachttijd (104 weken ziek): "+end104.Format("nl"), `id="verlenging-vastleggen"`,
		`id="extension-start" name="start" type="date" value="`+end104.AddDays(1).String()+`"`,
		"uiterlijk op "+first.AddDays(7*91-1).Format("nl")+" zijn afgesproken")
	wia := step(t, body, "eindevaluatie")
	mustContain(t, wia, "week 91–104", todo(first.AddDays(7*90), end104))
	uwv := step(t, body, "uwv_melding")
	if status, _, _ := hr.post("/cases/"+abs+"/steps/evaluatie_104", url.Values{"done_on": {today().String()}}); status != http.StatusNotFound {
		t.Fatalf("evaluatie_104 without an extension: %d", status)
	}

	status, body, resp := hr.post("/cases/"+abs+"/extensions",
		extensionForm("loonsanctie", end104.AddDays(1), 52, today().AddDays(-50), "UWV 2025/123-A"))
	if status != http.StatusOK || resp.Request.URL.Path != "/cases/"+abs {
		t.Fatalf("add loonsanctie: %d %s\n%s", status, resp.Request.URL, excerpt(body))
	}
	end := end104.AddDays(364)
	ids := extensionIDs(body)
	if len(ids) != 1 {
		t.Fatalf("extensions on the page: %v", ids)
	}
	ls := ids[0]
	mustContain(t, body, "De verlenging is vastgelegd.",
		"Einde van de wachttijd, verlengd: "+end.Format("nl")+" (de 104 weken eindigen op "+end104.Format("nl")+").",
		"De 104 weken eindigen op "+end104.Format("nl")+"; met de verlenging eindigen de loondoorbetaling en de wachttijd op "+end.Format("nl")+", 52 weken later.",
		`<div class="notice notice-warning" role="note" id="extension-running-`+ls+`"><p>Loonsanctie loopt van `+end104.AddDays(1).Format("nl")+" tot en met "+end.Format("nl")+".",
		"52 weken, "+end104.AddDays(1).Format("nl")+" t/m "+end.Format("nl"), "Loopt nu",
		"Besluit of afspraak van "+today().AddDays(-50).Format("nl")+" · kenmerk UWV 2025/123-A",
		`action="/cases/`+abs+`/extensions/`+ls+`/shorten"`)
	// Exactly 52 weeks later; the steps before the 104 weeks stay.
	wia = step(t, body, "eindevaluatie")
	mustContain(t, wia, "week 143–156", todo(first.AddDays(7*90+364), end))
	mustContain(t, body, "Eindevaluatie en WIA-aanvraag: te doen van "+first.AddDays(7*90+364).Format("nl")+" tot en met "+end.Format("nl")+" (week 143–156).")
	if got := step(t, body, "uwv_melding"); got != uwv {
		t.Fatalf("uwv_melding changed:\n%s\n%s", uwv, got)
	}
	// The evaluations go on every six weeks until the window opens.
	mustContain(t, body, `id="stap-evaluatie_92"`, `id="stap-evaluatie_140"`)
	mustNotContain(t, body, `id="stap-evaluatie_146"`)
	if status, body, _ := hr.post("/cases/"+abs+"/steps/evaluatie_104", url.Values{"done_on": {today().String()}}); status != http.StatusOK {
		t.Fatalf("mark evaluatie_104: %d\n%s", status, excerpt(body))
	}
	list, err := e.app.Store.WageExtensionsOfEmployee(ctx, emp)
	if err != nil || len(list[abs]) != 1 || list[abs][0].ID != ls || list[abs][0].CreatedBy != "user-hr" || list[abs][0].Weeks != 52 {
		t.Fatalf("stored: %+v %v", list, err)
	}

	// A bekorting to its own last day is refused; the date stays in the form.
	status, body, _ = hr.post("/cases/"+abs+"/extensions/"+ls+"/shorten", url.Values{"end": {end.String()}})
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("shorten to the last day: %d", status)
	}
	mustContain(t, body, "De nieuwe laatste dag moet binnen de loonsanctie liggen", `<details class="manual" id="bekorting-`+ls+`" open>`,
		`id="end-`+ls+`" name="end" type="date" value="`+end.String()+`"`)
	// Bekorting: the loonsanctie ends in ten days, and the dates follow.
	short := today().AddDays(10)
	status, body, _ = hr.post("/cases/"+abs+"/extensions/"+ls+"/shorten", url.Values{"end": {short.String()}})
	if status != http.StatusOK {
		t.Fatalf("shorten: %d\n%s", status, excerpt(body))
	}
	mustContain(t, body, "De bekorting is vastgelegd.", "Bekort: eindigt op "+short.Format("nl")+" in plaats van "+end.Format("nl")+".",
		"Einde van de wachttijd, verlengd: "+short.Format("nl"), "op "+short.Format("nl")+", 53 dagen later.")
	mustContain(t, step(t, body, "eindevaluatie"), todo(short.AddDays(-97), short))

	// Audited with ids only.
	var creates, shortens int
	for _, ev := range e.events() {
		switch ev.Action {
		case "absence.extension.create", "absence.extension.shorten":
			if ev.TargetType != "wage_extension" || ev.TargetID != ls || ev.OrgID != "org-werkgever" || ev.ActorID != "user-hr" ||
				ev.Outcome != audit.OutcomeSuccess {
				t.Errorf("event %+v", ev)
			}
			if ev.Action == "absence.extension.create" {
				creates++
			} else {
				shortens++
			}
		}
	}
	if creates != 1 || shortens != 1 {
		t.Errorf("events: %d creates, %d shortenings", creates, shortens)
	}
	auditFreeOf(t, e, "UWV 2025/123-A", "2025/123", short.String(), end.String())

	_, en := hr.get("/cases/" + abs + "?lang=en")
	mustContain(t, en, "Extended wage payment", "Wage sanction (loonsanctie)", "Shortened: ends on "+short.Format("en"))
}

// TestVoluntaryExtensionAfterWeek91IsRefused: a vrijwillige verlenging must
// be agreed by the end of week 91; refusals keep the input and store
// nothing.
func TestVoluntaryExtensionAfterWeek91IsRefused(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	hr := e.loginAs()
	emp := registerWithEmail(t, hr, "1", "Sanne de Vries", "sanne@bakkerij.example")
	first := today().AddDays(-7 * 95) // week 96
	week91 := first.AddDays(7*91 - 1)
	end104 := first.AddDays(7*104 - 1)
	abs := reportSick(t, hr, emp, first, "")

	for _, tc := range []struct {
		name    string
		form    url.Values
		message string
		kept    []string
	}{
		{"agreed today, in week 96", extensionForm("vrijwillige_verlenging", date.Date{}, 13, today(), "UWV-77"),
			"Een vrijwillige verlenging moet uiterlijk aan het einde van week 91 zijn afgesproken",
			[]string{`value="vrijwillige_verlenging" checked`, `name="weeks" type="number" value="13"`, `value="UWV-77"`, `value="` + today().String() + `"`}},
		{"agreed the day after week 91", extensionForm("vrijwillige_verlenging", end104.AddDays(1), 13, week91.AddDays(1), ""),
			"Een vrijwillige verlenging moet uiterlijk aan het einde van week 91 zijn afgesproken",
			[]string{`value="` + week91.AddDays(1).String() + `"`, `value="` + end104.AddDays(1).String() + `"`}},
		{"no kind", extensionForm("", date.Date{}, 13, week91, ""), "Kies loonsanctie of vrijwillige verlenging.", []string{`value="13"`}},
		{"free text as reference", extensionForm("vrijwillige_verlenging", date.Date{}, 13, week91, "burn-out: rust"),
			"Vul alleen het kenmerk van de brief in", []string{`value="burn-out: rust"`}},
		{"53 weeks", extensionForm("vrijwillige_verlenging", date.Date{}, 53, week91, ""), "Vul een aantal weken van 1 tot en met 52 in.", []string{`value="53"`}},
		{"beginning within the 104 weeks", extensionForm("vrijwillige_verlenging", end104, 13, week91, ""),
			"Een verlenging begint pas na het einde van de 104 weken.", []string{`value="` + end104.String() + `"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := hr.post("/cases/"+abs+"/extensions", tc.form)
			if status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d\n%s", status, excerpt(body))
			}
			mustContain(t, body, `<details class="manual" id="verlenging-vastleggen" open>`, `id="form-errors"`, tc.message)
			mustContain(t, body, tc.kept...)
		})
	}
	if list, err := e.app.Store.WageExtensionsOfEmployee(ctx, emp); err != nil || len(list) != 0 {
		t.Fatalf("stored after refusals: %+v %v", list, err)
	}
	if e.hasEvent("absence.extension.create", "", audit.OutcomeSuccess) {
		t.Fatal("a refused extension was audited as created")
	}

	// Agreed on the last day of week 91: 13 weeks more, and the WIA
	// application moves by 91 days.
	status, body, _ := hr.post("/cases/"+abs+"/extensions", extensionForm("vrijwillige_verlenging", date.Date{}, 13, week91, ""))
	if status != http.StatusOK {
		t.Fatalf("agreed in week 91: %d\n%s", status, excerpt(body))
	}
	end := end104.AddDays(91)
	mustContain(t, body, "Vrijwillige verlenging</strong> · 13 weken, "+end104.AddDays(1).Format("nl")+" t/m "+end.Format("nl"),
		"Einde van de wachttijd, verlengd: "+end.Format("nl"), ", 13 weken later.")
	mustContain(t, step(t, body, "eindevaluatie"), "week 104–117", todo(first.AddDays(7*90+91), end))
	mustNotContain(t, body, "extension-running-") // it begins after the 104 weeks
	if !e.hasEvent("absence.extension.create", extensionIDs(body)[0], audit.OutcomeSuccess) {
		t.Fatal("the extension is not audited")
	}
}

// TestExtensionRights: the employer's and the arbodienst's users who may
// write to the dossier enter and shorten extensions; the others see them
// only; a provider outside its relation gets 404.
func TestExtensionRights(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	hr := e.loginAs()
	emp := registerWithEmail(t, hr, "1", "Sanne de Vries", "sanne@bakkerij.example")
	setManager(t, e, emp, "user-lg") // the leidinggevende below leads her team
	first := today().AddDays(-770)
	abs := reportSick(t, hr, emp, first, "")
	status, body, _ := hr.post("/cases/"+abs+"/extensions", extensionForm("loonsanctie", date.Date{}, 20, today(), "UWV 1"))
	if status != http.StatusOK {
		t.Fatalf("add: %d\n%s", status, excerpt(body))
	}
	ls := extensionIDs(body)[0]
	for _, p := range []string{"org-arbo", "org-arts", "org-verz"} {
		if _, err := e.app.Store.CreateRelation(ctx, registration.Relation{Provider: p, Employer: "org-werkgever", Start: today().AddDays(-40)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.app.Store.CreateRelation(ctx, registration.Relation{Provider: "org-arbo-oud", Employer: "org-werkgever",
		Start: today().AddDays(-900), End: today().AddDays(-800)}); err != nil {
		t.Fatal(err)
	}
	// Another employee's absence of the same employer, to shorten through.
	other := reportSick(t, hr, registerWithEmail(t, hr, "2", "Kees Bakker", "kees@bakkerij.example"), first, "")
	user := func(sub, org, domain, role string) map[string]any {
		return claims("sub", sub, "org", org, "org_name", org, "domain", domain, "roles", []string{role}, "sid", "sid-"+sub)
	}
	for _, tc := range []struct {
		name   string
		claims map[string]any
		want   int // answer to the posts: 200 may write, 403 may not, 404 out of reach
	}{
		{"leidinggevende", claims("sub", "user-lg", "roles", []string{"leidinggevende"}, "sid", "sid-lg"), http.StatusOK},
		{"arbodienst casemanager", user("user-cm", "org-arbo", "arbodienst", "casemanager"), http.StatusOK},
		{"arbodienst planner", user("user-pl", "org-arbo", "arbodienst", "planner"), http.StatusForbidden},
		{"bedrijfsarts", user("user-ba", "org-arts", "bedrijfsarts", "bedrijfsarts"), http.StatusForbidden},
		{"verzekeraar", user("user-vz", "org-verz", "verzekeraar", "schadebehandelaar"), http.StatusForbidden},
		{"werknemer", claims("sub", "user-wn", "roles", []string{"werknemer"}, "sid", "sid-wn"), http.StatusForbidden},
		{"arbodienst after its relation ended", user("user-oud", "org-arbo-oud", "arbodienst", "casemanager"), http.StatusNotFound},
		{"arbodienst without a relation", user("user-x", "org-arbo-x", "arbodienst", "casemanager"), http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := e.browser()
			b.login(tc.claims)
			status, body := b.get("/cases/" + abs)
			switch tc.want {
			case http.StatusOK:
				mustContain(t, body, `id="verlenging-vastleggen"`, "/extensions/"+ls+"/shorten", ls)
			case http.StatusForbidden:
				if status == http.StatusOK {
					mustContain(t, body, "Verlenging loondoorbetaling", ls, "20 weken")
				}
				mustNotContain(t, body, `id="verlenging-vastleggen"`, "/shorten")
			case http.StatusNotFound:
				if status != http.StatusNotFound {
					t.Fatalf("dossier: %d", status)
				}
			}
			before := e.countEvents("absence.extension.create")
			status, body, _ = b.post("/cases/"+abs+"/extensions", extensionForm("loonsanctie", date.Date{}, 1, today(), ""))
			if status != tc.want {
				t.Fatalf("add: %d, want %d\n%s", status, tc.want, excerpt(body))
			}
			if created := e.countEvents("absence.extension.create") - before; created != map[bool]int{true: 1, false: 0}[tc.want == http.StatusOK] {
				t.Fatalf("%d create events", created)
			}
			// A bekorting posted to a later day than the end: refused (422)
			// for those who may write, before anything else for the others.
			want := tc.want
			if want == http.StatusOK {
				want = http.StatusUnprocessableEntity
			}
			if status, _, _ = b.post("/cases/"+abs+"/extensions/"+ls+"/shorten", url.Values{"end": {today().AddDays(400).String()}}); status != want {
				t.Fatalf("shorten: %d, want %d", status, want)
			}
		})
	}
	// An extension shortened through another employee's absence is not
	// found there.
	if status, _, _ := hr.post("/cases/"+other+"/extensions/"+ls+"/shorten", url.Values{"end": {today().String()}}); status != http.StatusNotFound {
		t.Fatalf("shorten through another absence: %d", status)
	}
	list, err := e.app.Store.WageExtensionsOfEmployee(ctx, emp)
	if err != nil || len(list[abs]) != 3 || !list[abs][0].ShortenedTo.IsZero() {
		t.Fatalf("stored: %+v %v", list, err)
	}
	for _, ev := range e.events() {
		if strings.HasPrefix(ev.Action, "absence.extension.") && (ev.TargetType != "wage_extension" || !strings.HasPrefix(ev.TargetID, "VL-")) {
			t.Errorf("event %+v", ev)
		}
	}
	auditFreeOf(t, e, "UWV 1")
}

// TestExtensionOnAnEarlierAbsence: an extension recorded on an absence that
// a later one continues counts on the later dossier, where it is shortened;
// an arbodienst that cannot see the earlier absence sees the extension's
// period but not its reference or decision date.
func TestExtensionOnAnEarlierAbsence(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	hr := e.loginAs()
	emp := registerWithEmail(t, hr, "1", "Sanne de Vries", "sanne@bakkerij.example")
	setManager(t, e, emp, "user-lg") // the leidinggevende below leads her team
	first := today().AddDays(-770)
	end104 := first.AddDays(7*104 - 1)
	a := reportSick(t, hr, emp, first, "")
	if status, body, _ := hr.post("/cases/"+a+"/extensions", extensionForm("loonsanctie", date.Date{}, 52, today().AddDays(-60), "UWV 9")); status != http.StatusOK {
		t.Fatalf("add: %d\n%s", status, excerpt(body))
	}
	recoverFully(t, hr, a, today().AddDays(-20))
	b := reportSick(t, hr, emp, today().AddDays(-10), "") // 10 days at work: one chain
	end := end104.AddDays(364)                            // the 104 weeks ended within a

	_, body := hr.get("/cases/" + a)
	mustNotContain(t, body, `id="verlenging-vastleggen"`, "/shorten") // the chain goes on in b
	_, body = hr.get("/cases/" + b)
	ls := extensionIDs(body)[0]
	mustContain(t, body, "Einde van de wachttijd, verlengd: "+end.Format("nl"), `id="verlenging-vastleggen"`,
		"kenmerk UWV 9 · vastgelegd bij <a href=\"/cases/"+a+"\">"+a+"</a>", "/extensions/"+ls+"/shorten")
	if status, body, _ := hr.post("/cases/"+a+"/extensions", extensionForm("loonsanctie", date.Date{}, 1, today(), "")); status != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Dit verzuim loopt door in een later verzuim; leg de verlenging daar vast.") {
		t.Fatalf("add on the earlier absence: %d\n%s", status, excerpt(body))
	}

	if _, err := e.app.Store.CreateRelation(ctx, registration.Relation{Provider: "org-arbo", Employer: "org-werkgever", Start: today().AddDays(-15)}); err != nil {
		t.Fatal(err)
	}
	arbo := arbodienst(e)
	status, body := arbo.get("/cases/" + b)
	if status != http.StatusOK {
		t.Fatalf("dossier for the arbodienst: %d", status)
	}
	mustContain(t, body, ls, "52 weken, ", "Vastgelegd bij een eerder verzuim dat u niet kunt inzien.", "Einde van de wachttijd, verlengd: "+end.Format("nl"))
	mustNotContain(t, body, "UWV 9", today().AddDays(-60).Format("nl"), a)
	status, body, _ = arbo.post("/cases/"+b+"/extensions/"+ls+"/shorten", url.Values{"end": {today().String()}})
	if status != http.StatusOK {
		t.Fatalf("shorten by the arbodienst: %d\n%s", status, excerpt(body))
	}
	mustContain(t, body, "Bekort: eindigt op "+today().Format("nl"))
	if !e.hasEvent("absence.extension.shorten", ls, audit.OutcomeSuccess) {
		t.Fatal("the shortening is not audited")
	}
}
