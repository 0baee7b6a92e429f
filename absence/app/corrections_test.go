package app_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/registration"
	"github.com/mijnaccount/mijnaccount/audit"
)

var (
	seenRE     = regexp.MustCompile(`name="seen" value="(\d+)"`)
	recoveryRE = regexp.MustCompile(`name="recovery" value="(HM-[A-Z2-7]{8})"`)
)

// formValue returns the first submatch of re in body.
func formValue(t *testing.T, body string, re *regexp.Regexp) string {
	t.Helper()
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no %s in page:\n%s", re, excerpt(body))
	}
	return m[1]
}

// history returns the correction history list of a dossier page.
func history(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, `<ul class="sessions" id="corrections">`)
	if i < 0 {
		t.Fatalf("no correction history:\n%s", excerpt(body))
	}
	j := strings.Index(body[i:], "</ul>")
	return body[i : i+j]
}

// auditFreeOf fails when an audit event holds one of the values, or when a
// correction event holds more than the case id.
func auditFreeOf(t *testing.T, e *env, values ...string) {
	t.Helper()
	for _, ev := range e.events() {
		for _, field := range []string{ev.ActorID, ev.Action, ev.TargetType, ev.TargetID, ev.OrgID, ev.Reason} {
			for _, v := range values {
				if v != "" && strings.Contains(field, v) {
					t.Errorf("audit event %s holds %q", ev.Action, v)
				}
			}
		}
		if strings.HasPrefix(ev.Action, "absence.case.corrected") || strings.HasPrefix(ev.Action, "absence.recovery.") {
			if ev.TargetType != "absence" || !strings.HasPrefix(ev.TargetID, "VZ-") || ev.Reason != "" {
				t.Errorf("correction event: %+v", ev)
			}
		}
	}
}

// TestCorrectFirstSickDay: the first sick day moves back two weeks; the
// dossier, the Poortwachter dates and the employee portal follow, and the
// history says what changed and why.
func TestCorrectFirstSickDay(t *testing.T) {
	e, hr := employerEnv(t)
	ctx := context.Background()
	emp := registerWithEmail(t, hr, "1", "Sanne de Vries", "sanne@bakkerij.example")
	old, fixed := today().AddDays(-30), today().AddDays(-44)
	abs := reportSick(t, hr, emp, old, "Griep")

	_, body := hr.get("/cases/" + abs)
	mustContain(t, body, `<details class="manual" id="corrigeren">`, `action="/cases/`+abs+`/corrections/case"`,
		`id="first-sick-day">`+old.Format("nl"))
	mustNotContain(t, body, `id="corrections"`, "/corrections/recovery") // no history yet, no recovery to correct
	mustContain(t, step(t, body, "probleemanalyse"), window(old, 6, 0))
	reason := "Eerste ziektedag verkeerd overgenomen"
	status, body, resp := hr.post("/cases/"+abs+"/corrections/case", url.Values{
		"first_sick_day": {fixed.String()}, "expected_days": {"21"}, "notes": {"Griep"}, "reason": {reason},
		"seen": {formValue(t, body, seenRE)},
	})
	if status != http.StatusOK || resp.Request.URL.Path != "/cases/"+abs {
		t.Fatalf("correct: %d %s\n%s", status, resp.Request.URL, excerpt(body))
	}
	mustContain(t, body, "De ziekmelding is gecorrigeerd.", `id="first-sick-day">`+fixed.Format("nl"), "21 dagen", "nu in week 7")
	for _, s := range []struct {
		key  string
		week int
	}{{"probleemanalyse", 6}, {"plan_van_aanpak", 8}, {"uwv_melding", 42}} {
		li := step(t, body, s.key)
		mustContain(t, li, window(fixed, s.week, 0))
		mustNotContain(t, li, window(old, s.week, 0))
	}
	h := history(t, body)
	mustContain(t, body, `<h2 id="correcties">Correcties</h2>`)
	mustContain(t, h, "Eerste ziektedag:</strong> "+old.Format("nl")+" → "+fixed.Format("nl"),
		"Verwachte duur:</strong> 14 dagen → 21 dagen", "Reden: "+reason)
	mustNotContain(t, h, "Toelichting") // unchanged values are not listed
	c, err := e.app.Store.GetCase(ctx, abs)
	if err != nil || !c.FirstSickDay.Equal(fixed) || c.ExpectedDays != 21 || len(c.Corrections) != 2 || c.Corrections[0].By != "user-hr" {
		t.Fatalf("stored: %+v %v", c, err)
	}
	_, en := hr.get("/cases/" + abs + "?lang=en")
	mustContain(t, history(t, en), "First day of sickness:</strong> "+old.Format("en"), "Reason: "+reason)
	hr.get("/cases/" + abs + "?lang=nl")

	// The same values again: nothing to correct.
	status, body, _ = hr.post("/cases/"+abs+"/corrections/case", url.Values{
		"first_sick_day": {fixed.String()}, "expected_days": {"21"}, "notes": {"Griep"}, "reason": {"Nog eens"},
	})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "U hebt niets gewijzigd.") {
		t.Fatalf("unchanged correction: %d\n%s", status, excerpt(body))
	}

	// The employee sees the corrected date in the portal, not the history.
	me := e.browser()
	me.login(claims("sub", "user-sanne", "name", "Sanne de Vries", "email", "sanne@bakkerij.example", "roles", []string{"werknemer"}, "sid", "sid-sanne"))
	_, body = me.get("/me")
	mustContain(t, body, "Ziek sinds "+fixed.Format("nl"))
	mustNotContain(t, body, "Ziek sinds "+old.Format("nl"), reason, "Correcties", "Corrigeren")
	if status, _, _ := me.post("/cases/"+abs+"/corrections/case", url.Values{"first_sick_day": {old.String()}, "reason": {"x"}}); status != http.StatusForbidden {
		t.Fatalf("an employee corrects: %d", status)
	}

	if !e.hasEvent("absence.case.corrected", abs, audit.OutcomeSuccess) {
		t.Error("the correction is not audited")
	}
	auditFreeOf(t, e, reason, old.String(), fixed.String(), old.Format("nl"), fixed.Format("nl"), "Griep")
}

// TestWithdrawFullRecovery: a full recovery reported by mistake is
// withdrawn; the case is open again and recovery can be reported again.
func TestWithdrawFullRecovery(t *testing.T) {
	e, hr := employerEnv(t)
	emp := registerWithEmail(t, hr, "1", "Sanne de Vries", "sanne@bakkerij.example")
	abs := reportSick(t, hr, emp, today().AddDays(-20), "")
	back := today().AddDays(-5)
	recoverFully(t, hr, abs, back)

	_, body := hr.get("/cases/" + abs)
	mustContain(t, body, "U trekt deze herstelmelding in: Volledig hersteld per "+back.Format("nl")+". Het verzuim gaat daarmee weer open.")
	mustNotContain(t, body, `id="full-recovery"`)
	reason := "Per ongeluk hersteld gemeld"
	status, body, _ := hr.post("/cases/"+abs+"/corrections/recovery/withdraw", url.Values{
		"recovery": {formValue(t, body, recoveryRE)}, "reason": {reason},
	})
	if status != http.StatusOK {
		t.Fatalf("withdraw: %d\n%s", status, excerpt(body))
	}
	mustContain(t, body, "De herstelmelding is ingetrokken.", `id="case-status">`, "Ziek, nu in week 3", `id="full-recovery"`,
		"Nog geen herstel gemeld.")
	mustContain(t, history(t, body), "Herstelmelding:</strong> Volledig hersteld per "+back.Format("nl")+" → ingetrokken", "Reden: "+reason)
	if !e.hasEvent("absence.recovery.withdrawn", abs, audit.OutcomeSuccess) {
		t.Error("the withdrawal is not audited")
	}

	// Recovery is reported again, and its date corrected.
	recoverFully(t, hr, abs, today().AddDays(-3))
	_, body = hr.get("/cases/" + abs)
	status, body, _ = hr.post("/cases/"+abs+"/corrections/recovery", url.Values{
		"recovery": {formValue(t, body, recoveryRE)}, "recovery_on": {today().AddDays(-2).String()}, "recovery_percentage": {"100"},
		"reason": {"Een dag later begonnen"},
	})
	if status != http.StatusOK {
		t.Fatalf("correct the recovery: %d\n%s", status, excerpt(body))
	}
	mustContain(t, body, "De herstelmelding is gecorrigeerd.", "Volledig hersteld per "+today().AddDays(-2).Format("nl")+".")
	mustContain(t, history(t, body), "Volledig hersteld per "+today().AddDays(-3).Format("nl")+" → Volledig hersteld per "+today().AddDays(-2).Format("nl"))
	if !e.hasEvent("absence.recovery.corrected", abs, audit.OutcomeSuccess) {
		t.Error("the recovery correction is not audited")
	}
	auditFreeOf(t, e, reason, back.String(), back.Format("nl"), "Een dag later")
}

// TestWithdrawRefusedWhileAnotherAbsenceIsOpen: the earlier absence cannot
// open again; the page says why, keeps the reason, and nothing changes.
func TestWithdrawRefusedWhileAnotherAbsenceIsOpen(t *testing.T) {
	e, hr := employerEnv(t)
	ctx := context.Background()
	emp := registerWithEmail(t, hr, "1", "Sanne de Vries", "sanne@bakkerij.example")
	a := reportSick(t, hr, emp, today().AddDays(-90), "")
	recoverFully(t, hr, a, today().AddDays(-60))
	reportSick(t, hr, emp, today().AddDays(-10), "")
	before, err := e.app.Store.GetCase(ctx, a)
	if err != nil {
		t.Fatal(err)
	}

	_, body := hr.get("/cases/" + a)
	reason := "Hersteldatum klopte niet"
	status, body, _ := hr.post("/cases/"+a+"/corrections/recovery/withdraw", url.Values{
		"recovery": {formValue(t, body, recoveryRE)}, "reason": {reason},
	})
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("withdraw: %d\n%s", status, excerpt(body))
	}
	mustContain(t, body, `<details class="manual" id="corrigeren" open>`, "Controleer de volgende punten",
		"De medewerker heeft al een ander verzuim dat nog loopt.", ">"+reason+"</textarea>")
	after, err := e.app.Store.GetCase(ctx, a)
	if err != nil || !after.RecoveredOn.Equal(before.RecoveredOn) || len(after.Recoveries) != 1 || len(after.Corrections) != 0 ||
		!after.UpdatedAt.Equal(before.UpdatedAt) {
		t.Fatalf("the refused withdrawal changed the case: %+v %v", after, err)
	}
	if e.hasEvent("absence.recovery.withdrawn", a, audit.OutcomeSuccess) {
		t.Error("a refused withdrawal is audited as done")
	}
}

// TestCorrectionNeedsAReason: without a reason nothing is corrected and
// everything entered is shown again.
func TestCorrectionNeedsAReason(t *testing.T) {
	e, hr := employerEnv(t)
	ctx := context.Background()
	emp := registerWithEmail(t, hr, "1", "Sanne de Vries", "sanne@bakkerij.example")
	abs := reportSick(t, hr, emp, today().AddDays(-10), "Griep")
	fixed := today().AddDays(-12)
	status, body, _ := hr.post("/cases/"+abs+"/corrections/case", url.Values{
		"first_sick_day": {fixed.String()}, "expected_days": {"30"}, "notes": {"Andere toelichting"}, "reason": {" "},
	})
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("without reason: %d\n%s", status, excerpt(body))
	}
	mustContain(t, body, `id="corrigeren" open`, "Dit veld is verplicht.", `id="correct-case-reason-error"`,
		`value="`+fixed.String()+`"`, `value="30"`, ">Andere toelichting</textarea>")
	status, body, _ = hr.post("/cases/"+abs+"/corrections/case", url.Values{
		"first_sick_day": {today().AddDays(1).String()}, "notes": {"Griep"}, "reason": {"Verkeerde datum"},
	})
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("in the future: %d", status)
	}
	mustContain(t, body, "Deze datum mag niet in de toekomst liggen.", ">Verkeerde datum</textarea>")
	c, err := e.app.Store.GetCase(ctx, abs)
	if err != nil || !c.FirstSickDay.Equal(today().AddDays(-10)) || c.Notes != "Griep" || c.ExpectedDays != 14 || len(c.Corrections) != 0 {
		t.Fatalf("the refused corrections changed the case: %+v %v", c, err)
	}
}

// TestCorrectionRights: who may correct what, and a provider only within
// its relation.
func TestCorrectionRights(t *testing.T) {
	e, hr := employerEnv(t)
	ctx := context.Background()
	emp := registerWithEmail(t, hr, "1", "Sanne de Vries", "sanne@bakkerij.example")
	setManager(t, e, emp, "user-lg") // the leidinggevende below leads her team
	abs := reportSick(t, hr, emp, today().AddDays(-30), "")
	status, body, _ := hr.post("/cases/"+abs+"/recovery", url.Values{"kind": {"partial"}, "percentage": {"50"}, "on": {today().AddDays(-5).String()}})
	if status != http.StatusOK {
		t.Fatalf("partial recovery: %d\n%s", status, excerpt(body))
	}
	status, body, _ = hr.post("/cases/"+abs+"/corrections/case", url.Values{"first_sick_day": {today().AddDays(-30).String()},
		"expected_days": {"14"}, "notes": {"Griep"}, "reason": {"Toelichting vergeten"}})
	if status != http.StatusOK {
		t.Fatalf("correct the notes: %d\n%s", status, excerpt(body))
	}
	for _, p := range []string{"org-arbo", "org-arts", "org-verz"} {
		if _, err := e.app.Store.CreateRelation(ctx, registration.Relation{Provider: p, Employer: "org-werkgever", Start: today().AddDays(-40)}); err != nil {
			t.Fatal(err)
		}
	}
	// A relation that ended before the absence began.
	if _, err := e.app.Store.CreateRelation(ctx, registration.Relation{Provider: "org-arbo-oud", Employer: "org-werkgever",
		Start: today().AddDays(-400), End: today().AddDays(-100)}); err != nil {
		t.Fatal(err)
	}
	user := func(sub, org, domain, role string) map[string]any {
		return claims("sub", sub, "org", org, "org_name", org, "domain", domain, "roles", []string{role}, "sid", "sid-"+sub)
	}
	for i, tc := range []struct {
		name           string
		claims         map[string]any
		caseForm       bool // sees and may post the sick report correction
		recoveryForm   bool // sees and may post the recovery corrections
		outOfReach     bool // 404 everywhere
		historyVisible bool
	}{
		{"leidinggevende", claims("sub", "user-lg", "roles", []string{"leidinggevende"}, "sid", "sid-lg"), true, true, false, true},
		{"hr", claims("sub", "user-hr2", "sid", "sid-hr2"), true, true, false, true},
		{"arbodienst casemanager", user("user-cm", "org-arbo", "arbodienst", "casemanager"), true, true, false, true},
		{"arbodienst planner", user("user-pl", "org-arbo", "arbodienst", "planner"), false, false, false, true},
		{"bedrijfsarts", user("user-ba", "org-arts", "bedrijfsarts", "bedrijfsarts"), false, true, false, true},
		{"verzekeraar", user("user-vz", "org-verz", "verzekeraar", "schadebehandelaar"), false, false, false, true},
		{"arbodienst after its relation ended", user("user-oud", "org-arbo-oud", "arbodienst", "casemanager"), false, false, true, false},
		{"arbodienst without a relation", user("user-x", "org-arbo-x", "arbodienst", "casemanager"), false, false, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := e.browser()
			b.login(tc.claims)
			status, body := b.get("/cases/" + abs)
			if tc.outOfReach {
				if status != http.StatusNotFound {
					t.Fatalf("dossier out of reach: %d", status)
				}
			} else if status != http.StatusOK {
				t.Fatalf("dossier: %d", status)
			}
			if tc.historyVisible {
				mustContain(t, body, `id="corrections"`) // the corrections made by the rows before
			}
			if tc.caseForm != strings.Contains(body, "/corrections/case") ||
				tc.recoveryForm != strings.Contains(body, "/corrections/recovery/withdraw") {
				t.Fatalf("forms shown: case %v recovery %v\n%s", strings.Contains(body, "/corrections/case"),
					strings.Contains(body, "/corrections/recovery/withdraw"), excerpt(body))
			}
			c, err := e.app.Store.GetCase(ctx, abs)
			if err != nil {
				t.Fatal(err)
			}
			want := func(allowed bool) int {
				switch {
				case tc.outOfReach:
					return http.StatusNotFound
				case allowed:
					return http.StatusOK
				}
				return http.StatusForbidden
			}
			days := 20 + i
			status, body, _ = b.post("/cases/"+abs+"/corrections/case", url.Values{"first_sick_day": {c.FirstSickDay.String()},
				"expected_days": {strconv.Itoa(days)}, "reason": {"Verwachte duur bijgesteld"}})
			if status != want(tc.caseForm) {
				t.Fatalf("case correction: %d, want %d\n%s", status, want(tc.caseForm), excerpt(body))
			}
			pct := 30 + i
			status, body, _ = b.post("/cases/"+abs+"/corrections/recovery", url.Values{"recovery": {c.LastRecovery().ID},
				"recovery_on": {c.LastRecovery().On.String()}, "recovery_percentage": {strconv.Itoa(pct)}, "reason": {"Percentage bijgesteld"}})
			if status != want(tc.recoveryForm) {
				t.Fatalf("recovery correction: %d, want %d\n%s", status, want(tc.recoveryForm), excerpt(body))
			}
			status, _, _ = b.post("/cases/"+abs+"/corrections/recovery/withdraw", url.Values{"recovery": {c.LastRecovery().ID}})
			if wantW := want(tc.recoveryForm); wantW == http.StatusOK && status != http.StatusUnprocessableEntity || wantW != http.StatusOK && status != wantW {
				t.Fatalf("withdrawal without a reason: %d", status)
			}
			after, err := e.app.Store.GetCase(ctx, abs)
			if err != nil {
				t.Fatal(err)
			}
			if (after.ExpectedDays == days) != tc.caseForm || (after.WorkingPercentage() == pct) != tc.recoveryForm ||
				len(after.Recoveries) != 1 {
				t.Fatalf("after: expected days %d, working %d%%, %d reports", after.ExpectedDays, after.WorkingPercentage(), len(after.Recoveries))
			}
			if tc.caseForm {
				mustContain(t, history(t, body), "Percentage bijgesteld")
			}
		})
	}
	// The werkgever's own users and the casemanager corrected; their events hold ids only.
	for _, sub := range []string{"user-lg", "user-hr2", "user-cm"} {
		found := false
		for _, ev := range e.events() {
			found = found || ev.Action == "absence.case.corrected" && ev.ActorID == sub && ev.TargetID == abs
		}
		if !found {
			t.Errorf("no absence.case.corrected event of %s", sub)
		}
	}
	auditFreeOf(t, e, "Verwachte duur bijgesteld", "Percentage bijgesteld")
}
