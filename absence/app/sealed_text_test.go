package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/registration"
)

// TestFreeTextSealedAndShown: the notes of a sick report, the note of a
// step and the reason and notes of a correction reach the database sealed
// and the dossier shows them.
func TestFreeTextSealedAndShown(t *testing.T) {
	onEachBackend(t, func(t *testing.T, e *env) {
		hr := e.browser()
		hr.login(claims())
		emp := registerEmployee(t, hr, "1", "Sanne de Vries")
		abs := reportSick(t, hr, emp, today().AddDays(-50), "Valt vaak flauw")
		status, body, _ := hr.post("/cases/"+abs+"/steps/probleemanalyse", url.Values{"done_on": {today().AddDays(-10).String()}, "note": {"Gesprek over slaapproblemen"}})
		if status != http.StatusOK {
			t.Fatalf("step: %d\n%s", status, excerpt(body))
		}
		_, body = hr.get("/cases/" + abs)
		status, body, _ = hr.post("/cases/"+abs+"/corrections/case", url.Values{
			"first_sick_day": {today().AddDays(-50).String()}, "expected_days": {"14"}, "notes": {"Duizeligheid"},
			"reason": {"Leidinggevende noemde hartklachten"}, "seen": {formValue(t, body, seenRE)},
		})
		if status != http.StatusOK {
			t.Fatalf("correct: %d\n%s", status, excerpt(body))
		}
		mustContain(t, body, "Duizeligheid", "Gesprek over slaapproblemen", "Valt vaak flauw", "Leidinggevende noemde hartklachten")

		ctx := context.Background()
		for _, q := range []string{
			`SELECT notes FROM absence_cases`, `SELECT note FROM absence_activities`,
			`SELECT old_value || new_value || reason FROM absence_corrections`,
		} {
			rows, err := e.app.DB.QueryContext(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for rows.Next() {
				var v string
				if err := rows.Scan(&v); err != nil {
					t.Fatal(err)
				}
				n++
				for _, w := range []string{"flauw", "slaap", "Duizeligheid", "hartklachten"} {
					if strings.Contains(v, w) {
						t.Fatalf("%s holds plain text: %q", q, v)
					}
				}
			}
			rows.Close()
			if n == 0 {
				t.Fatalf("%s: no rows", q)
			}
		}
	})
}

// TestMedicalNotesOnlyWhileServing: a practice sees medical notes while it
// serves the employer; once its relation has ended it sees neither the
// dossier nor the notes, and the practice that serves now sees the notes
// of the practice before it.
func TestMedicalNotesOnlyWhileServing(t *testing.T) {
	e, hr := employerEnv(t)
	ctx := context.Background()
	abs := reportSick(t, hr, registerEmployee(t, hr, "1", "Sanne de Vries"), today().AddDays(-40), "")
	old, err := e.app.Store.CreateRelation(ctx, registration.Relation{Provider: "org-arts", Employer: "org-werkgever", Start: today().AddDays(-60)})
	if err != nil {
		t.Fatal(err)
	}
	first := e.browser()
	first.login(claims("sub", "user-arts", "org", "org-arts", "org_name", "Praktijk Oost", "domain", "bedrijfsarts",
		"roles", []string{"bedrijfsarts"}, "sid", "sid-arts"))
	if status, body, _ := first.post("/cases/"+abs+"/medical-notes", url.Values{"body": {"Hernia, fysiotherapie gestart."}}); status != http.StatusOK {
		t.Fatalf("add note: %d\n%s", status, excerpt(body))
	}
	if _, err := e.app.Store.EndRelation(ctx, old.ID, today().AddDays(-1)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.Store.CreateRelation(ctx, registration.Relation{Provider: "org-arts2", Employer: "org-werkgever", Start: today()}); err != nil {
		t.Fatal(err)
	}
	// The practice whose relation ended: nothing.
	status, body := first.get("/cases/" + abs)
	if status != http.StatusNotFound {
		t.Fatalf("ended practice: %d", status)
	}
	mustNotContain(t, body, "Hernia")
	// The practice that serves now reads the note of the practice before.
	now := e.browser()
	now.login(claims("sub", "user-arts2", "org", "org-arts2", "org_name", "Praktijk West", "domain", "bedrijfsarts",
		"roles", []string{"bedrijfsarts"}, "sid", "sid-arts2"))
	status, body = now.get("/cases/" + abs)
	if status != http.StatusOK {
		t.Fatalf("serving practice: %d", status)
	}
	mustContain(t, body, "Hernia, fysiotherapie gestart.")
	// The first practice serves again: it sees its note again.
	if _, err := e.app.Store.CreateRelation(ctx, registration.Relation{Provider: "org-arts", Employer: "org-werkgever", Start: today()}); err != nil {
		t.Fatal(err)
	}
	_, body = first.get("/cases/" + abs)
	mustContain(t, body, "Hernia, fysiotherapie gestart.")
}
