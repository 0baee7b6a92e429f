package app_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/audit"
)

var relationIDRE = regexp.MustCompile(`DR-[A-Z2-7]{8}`)

// relationIDs returns the relation ids on a page, in page order.
func relationIDs(body string) []string {
	var out []string
	for _, id := range relationIDRE.FindAllString(body, -1) {
		if len(out) == 0 || out[len(out)-1] != id {
			out = append(out, id)
		}
	}
	return out
}

// loginAs logs a new browser in with claims changed by kv.
func (e *env) loginAs(kv ...any) *browser {
	b := e.browser()
	if status, _ := b.login(claims(kv...)); status != http.StatusOK {
		e.t.Fatalf("login %v: %d", kv, status)
	}
	return b
}

func contactpersoon(e *env) *browser {
	return e.loginAs("sub", "user-contact", "roles", []string{"contactpersoon"}, "sid", "sid-contact")
}

func arbodienst(e *env) *browser {
	return e.loginAs("sub", "user-arbo", "org", "org-arbo", "org_name", "ArboNed Test", "domain", "arbodienst",
		"roles", []string{"casemanager"}, "sid", "sid-arbo")
}

// TestContactpersoonManagesRelations: the employer's contactpersoon records
// a relation, which lets the arbodienst see the sick employee, and ends it,
// after which the arbodienst sees nothing. It runs on SQLite and on
// PostgreSQL with Redis.
func TestContactpersoonManagesRelations(t *testing.T) {
	onEachBackend(t, contactpersoonManagesRelations)
}

func contactpersoonManagesRelations(t *testing.T, e *env) {
	hr := e.browser()
	hr.login(claims())
	sick := registerEmployee(t, hr, "1", "Sanne de Vries")
	registerEmployee(t, hr, "2", "Kees Bakker")
	abs := reportSick(t, hr, sick, today().AddDays(-10), "Griep")
	arbo := arbodienst(e)
	e.loginAs("sub", "user-other", "org", "org-werkgever-2", "org_name", "Slagerij Test", "sid", "sid-other")
	contact := contactpersoon(e)

	status, body := contact.get("/relations")
	if status != http.StatusOK {
		t.Fatalf("/relations: %d", status)
	}
	mustContain(t, body, "Er is geen dienstverlening vastgelegd", `action="/relations"`, `<option value="org-arbo">ArboNed Test (Arbodienst)</option>`,
		`name="start" type="date" value="`+today().String()+`"`)
	mustNotContain(t, body, "org-werkgever-2", "Slagerij Test")

	// Bad input: a clear message, and what was entered is shown again.
	for _, tc := range []struct {
		name    string
		form    url.Values
		message string
		kept    []string
	}{
		{"no provider", url.Values{"start": {"2026-01-05"}}, "Kies een dienstverlener.", []string{`value="2026-01-05"`}},
		{"unknown provider", url.Values{"provider": {"org-nope"}, "start": {today().String()}}, "Deze dienstverlener is niet bekend", nil},
		{"an employer as provider", url.Values{"provider": {"org-werkgever-2"}, "start": {today().String()}}, "is een werkgever en kan geen dienstverlener zijn", nil},
		{"itself as provider", url.Values{"provider": {"org-werkgever"}, "start": {today().String()}}, "is een werkgever en kan geen dienstverlener zijn", nil},
		{"end before start", url.Values{"provider": {"org-arbo"}, "start": {today().String()}, "end": {today().AddDays(-1).String()}},
			"De laatste dag ligt vóór de eerste dag", []string{`<option value="org-arbo" selected>`, `value="` + today().AddDays(-1).String() + `"`}},
		{"no valid start", url.Values{"provider": {"org-arbo"}, "start": {"31-02-2026"}}, "geldige datum", []string{`value="31-02-2026"`, `<option value="org-arbo" selected>`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := contact.post("/relations", tc.form)
			if status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", status)
			}
			mustContain(t, body, "Controleer de volgende punten", tc.message)
			mustContain(t, body, tc.kept...)
		})
	}

	// Record the relation from a month ago: the arbodienst sees the sick
	// employee, and only that one.
	status, body, _ = contact.post("/relations", url.Values{"provider": {"org-arbo"}, "start": {today().AddDays(-30).String()}, "end": {""}})
	if status != http.StatusOK {
		t.Fatalf("add relation: %d\n%s", status, excerpt(body))
	}
	mustContain(t, body, "De dienstverlening is vastgelegd.", "ArboNed Test", "Loopt", today().AddDays(-30).Format("nl")+" – geen einddatum")
	ids := relationIDs(body)
	if len(ids) != 1 {
		t.Fatalf("relation ids on the page: %v", ids)
	}
	rel := ids[0]
	_, body = arbo.get("/employees")
	mustContain(t, body, "Sanne de Vries")
	mustNotContain(t, body, "Kees")
	if status, _ := arbo.get("/cases/" + abs); status != http.StatusOK {
		t.Fatalf("dossier for the arbodienst within the relation: %d", status)
	}

	// A second relation with the same provider overlapping this one is refused.
	status, body, _ = contact.post("/relations", url.Values{"provider": {"org-arbo"}, "start": {today().AddDays(5).String()}})
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("overlapping relation: %d", status)
	}
	mustContain(t, body, "heeft in (een deel van) deze periode al dienstverlening", `value="`+today().AddDays(5).String()+`"`)

	// Who may not manage relations.
	_, body = hr.get("/relations")
	mustContain(t, body, "ArboNed Test", "Een contactpersoon van uw organisatie legt de dienstverlening vast")
	mustNotContain(t, body, `action="/relations"`, `/end"`)
	for name, b := range map[string]*browser{"hr": hr, "arbodienst": arbo} {
		if status, _, _ := b.post("/relations", url.Values{"provider": {"org-arbo"}, "start": {today().AddDays(400).String()}}); status != http.StatusForbidden {
			t.Errorf("%s adds a relation: %d, want 403", name, status)
		}
		if status, _, _ := b.post("/relations/"+rel+"/end", url.Values{"end": {today().String()}}); status != http.StatusForbidden {
			t.Errorf("%s ends a relation: %d, want 403", name, status)
		}
	}
	_, body = arbo.get("/relations")
	mustContain(t, body, "Bakkerij De Korenschoof", "Loopt", "De werkgever legt de dienstverlening vast")
	mustNotContain(t, body, `action="/relations`)
	otherContact := e.loginAs("sub", "user-other-contact", "org", "org-werkgever-2", "org_name", "Slagerij Test",
		"roles", []string{"contactpersoon"}, "sid", "sid-other-contact")
	if status, body, _ := otherContact.post("/relations/"+rel+"/end", url.Values{"end": {today().String()}}); status != http.StatusNotFound || strings.Contains(body, "ArboNed") {
		t.Fatalf("another employer ends the relation: %d, want 404", status)
	}
	if status, _, _ := contact.post("/relations/DR-AAAAAAAA/end", url.Values{"end": {today().String()}}); status != http.StatusNotFound {
		t.Fatalf("unknown relation: %d, want 404", status)
	}

	// Ending before the start is refused, with the date kept in the open form.
	early := today().AddDays(-31).String()
	status, body, _ = contact.post("/relations/"+rel+"/end", url.Values{"end": {early}})
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("end before start: %d", status)
	}
	mustContain(t, body, "De laatste dag ligt vóór de eerste dag", `id="end-`+rel+`" name="end" type="date" value="`+early+`"`, "<details class=\"manual\" open>")

	// End it yesterday: access ends at once.
	status, body, _ = contact.post("/relations/"+rel+"/end", url.Values{"end": {today().AddDays(-1).String()}})
	if status != http.StatusOK {
		t.Fatalf("end relation: %d\n%s", status, excerpt(body))
	}
	mustContain(t, body, "De dienstverlener heeft vanaf nu geen toegang meer", "Beëindigd", today().AddDays(-1).Format("nl"))
	mustNotContain(t, body, `action="/relations/`+rel+`/end"`)
	_, body = arbo.get("/employees")
	mustNotContain(t, body, "Sanne")
	for _, p := range []string{"/employees/" + sick, "/cases/" + abs} {
		if status, _ := arbo.get(p); status != http.StatusNotFound {
			t.Fatalf("%s after the relation ended: %d", p, status)
		}
	}
	if status, body, _ := contact.post("/relations/"+rel+"/end", url.Values{"end": {today().String()}}); status != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Deze dienstverlening is al beëindigd") {
		t.Fatalf("ending an ended relation: %d", status)
	}

	// A planned relation, ended later than today: the provider keeps access
	// up to that day.
	status, body, _ = contact.post("/relations", url.Values{"provider": {"org-arbo"}, "start": {today().AddDays(10).String()}})
	if status != http.StatusOK {
		t.Fatalf("planned relation: %d\n%s", status, excerpt(body))
	}
	mustContain(t, body, "Gepland")
	var planned string
	for _, id := range relationIDs(body) {
		if id != rel {
			planned = id
		}
	}
	status, body, _ = contact.post("/relations/"+planned+"/end", url.Values{"end": {today().AddDays(40).String()}})
	if status != http.StatusOK {
		t.Fatalf("end planned relation: %d\n%s", status, excerpt(body))
	}
	mustContain(t, body, "De dienstverlener houdt toegang tot en met die dag", today().AddDays(40).Format("nl"))

	// Every change and every view is audited, with ids only.
	for _, want := range []struct{ action, target string }{
		{"absence.relation.create", rel}, {"absence.relation.end", rel}, {"absence.relation.create", planned},
		{"absence.relation.end", planned}, {"absence.relations.view", "org-werkgever"}, {"absence.relations.view", "org-arbo"},
	} {
		if !e.hasEvent(want.action, want.target, audit.OutcomeSuccess) {
			t.Errorf("no audit event %s on %s", want.action, want.target)
		}
	}
	creates := 0
	for _, ev := range e.events() {
		if ev.Action == "absence.relation.create" {
			creates++
			if ev.ActorID != "user-contact" || ev.OrgID != "org-werkgever" || ev.TargetType != "relation" {
				t.Errorf("create event %+v", ev)
			}
		}
		for _, field := range []string{ev.ActorID, ev.TargetID, ev.OrgID, ev.Reason} {
			if strings.Contains(field, "Arbo") || strings.Contains(field, "Bakkerij") || strings.Contains(field, today().AddDays(-1).String()) {
				t.Fatalf("names or dates in audit event %+v", ev)
			}
		}
	}
	if creates != 2 {
		t.Errorf("%d create events, want 2 (refused adds are not changes)", creates)
	}

	_, body = contact.get("/relations?lang=en")
	mustContain(t, body, "Add a service provider", "Ended", "Planned")
}

// TestRelationsWithoutKnownProviders: with no provider organisation known
// yet the page says how one becomes known instead of offering an empty choice.
func TestRelationsWithoutKnownProviders(t *testing.T) {
	e := newEnv(t)
	contact := contactpersoon(e)
	status, body := contact.get("/relations")
	if status != http.StatusOK {
		t.Fatalf("/relations: %d", status)
	}
	mustContain(t, body, `id="no-providers"`, "Er zijn nog geen dienstverleners bekend")
	mustNotContain(t, body, `<select id="provider"`)
	mustContain(t, body, `href="/relations" aria-current="page"`)
}

// TestRoleMatrixShowsRelationManage: the role matrix page and its CSV list
// relation.manage, granted to contactpersoon only and never to a provider.
func TestRoleMatrixShowsRelationManage(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(claims())
	_, body := b.get("/roles")
	mustContain(t, body, "Dienstverleners beheren", "relation.manage")
	resp, err := b.c.Get(e.url + "/roles.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	recs, err := csv.NewReader(resp.Body).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("CSV: %v %v", recs, err)
	}
	col := slices.Index(recs[0], "relation.manage")
	if col < 0 {
		t.Fatalf("CSV header %v lacks relation.manage", recs[0])
	}
	want := map[string]string{"werkgever/contactpersoon": "ja", "werkgever/hr": "nee", "werkgever/werknemer": "nee",
		"arbodienst/casemanager": "-", "bedrijfsarts/bedrijfsarts": "-", "verzekeraar/schadebehandelaar": "-"}
	for _, rec := range recs[1:] {
		if w, ok := want[rec[0]+"/"+rec[1]]; ok && rec[col] != w {
			t.Errorf("%s/%s relation.manage = %q, want %q", rec[0], rec[1], rec[col], w)
		}
	}
}
