package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/app"
	"github.com/mijnaccount/mijnaccount/absence/config"
	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/secretbox"
	"github.com/mijnaccount/mijnaccount/storage"
)

// retentionCLIFixture stores records around the terms in the command's
// database: ids of the expired ones and of those that must stay.
type retentionCLIFixture struct {
	expiredCase, formerCase, former string
	keptCase, otherCase, other      string
}

func newRetentionCLIFixture(t *testing.T, dir string) retentionCLIFixture {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, "sqlite:"+filepath.Join(dir, "absence.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := store.New(db, nil, cliKeyring(t, dir))
	today, err := retentionToday()
	if err != nil {
		t.Fatal(err)
	}
	ago := func(days int) date.Date { return today.AddDays(-days) }
	employee := func(employer, number, name string, end date.Date) string {
		e, err := s.CreateEmployee(ctx, store.Employee{Employer: employer, PersonnelNumber: number, Name: name,
			EmploymentStart: ago(20 * 365), EmploymentEnd: end})
		if err != nil {
			t.Fatal(err)
		}
		return e.ID
	}
	absence := func(employee, employer string, first, recovered date.Date) string {
		c, err := s.CreateCase(ctx, store.Case{EmployeeID: employee, Employer: employer, FirstSickDay: first})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddRecovery(ctx, store.Recovery{CaseID: c.ID, On: recovered, Percentage: 100}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddMedicalNote(ctx, store.MedicalNote{CaseID: c.ID, BodySealed: "notitie", Author: "arts"}); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	var f retentionCLIFixture
	working := employee("org-wg", "1", "Sanne de Vries", date.Date{})
	f.expiredCase = absence(working, "org-wg", ago(3*365+30), ago(3*365))
	f.keptCase = absence(working, "org-wg", ago(200), ago(100))
	f.former = employee("org-wg", "2", "Kees Bakker", ago(4*365))
	f.formerCase = absence(f.former, "org-wg", ago(6*365), ago(6*365-20))
	f.other = employee("org-wg2", "1", "Piet Slager", ago(10*365))
	f.otherCase = absence(f.other, "org-wg2", ago(11*365), ago(11*365-20))
	return f
}

func TestRetentionCommands(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"ABSENCE_DATA_DIR": dir}
	if code, _, errOut := runCmd(t, vars, "migrate"); code != 0 {
		t.Fatalf("migrate: %s", errOut)
	}
	for _, org := range [][]string{{"org-wg", "werkgever"}, {"org-wg2", "werkgever"}, {"org-arbo", "arbodienst"}} {
		if code, _, errOut := runCmd(t, vars, "org", "register", "--id", org[0], "--domain", org[1]); code != 0 {
			t.Fatalf("org register: %s", errOut)
		}
	}
	f := newRetentionCLIFixture(t, dir)

	for name, args := range map[string][]string{
		"no employer":         {"retention", "list"},
		"unknown employer":    {"retention", "list", "--employer", "org-nope"},
		"not an employer":     {"retention", "list", "--employer", "org-arbo"},
		"delete without all":  {"retention", "delete", "--employer", "org-wg"},
		"unknown subcommand":  {"retention", "purge", "--employer", "org-wg"},
		"no subcommand":       {"retention"},
		"list takes no --all": {"retention", "list", "--employer", "org-wg", "--all-due"},
	} {
		if code, _, _ := runCmd(t, vars, args...); code != 2 {
			t.Errorf("%s: exit %d, want 2", name, code)
		}
	}

	code, out, errOut := runCmd(t, vars, "retention", "list", "--employer", "org-wg", "--output", "json")
	if code != 0 {
		t.Fatalf("list: %d %s", code, errOut)
	}
	var list retentionListJSON
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("list printed %q: %v", out, err)
	}
	var cases []string
	for _, c := range list.Cases {
		cases = append(cases, c.ID)
	}
	slices.Sort(cases)
	want := []string{f.expiredCase, f.formerCase}
	slices.Sort(want)
	if !slices.Equal(cases, want) || len(list.Employees) != 1 || list.Employees[0].ID != f.former || list.Employees[0].Cases != 1 || list.Policy != "standard" {
		t.Fatalf("list: %+v", list)
	}
	if strings.Contains(out, "Kees") || strings.Contains(out, "Sanne") {
		t.Fatalf("list prints names: %s", out)
	}
	code, out, _ = runCmd(t, vars, "retention", "list", "--employer", "org-wg")
	if code != 0 || !strings.Contains(out, f.expiredCase) || !strings.Contains(out, "term standard") {
		t.Fatalf("list as text: %d %s", code, out)
	}

	// A dry run deletes nothing.
	code, out, errOut = runCmd(t, vars, "retention", "delete", "--employer", "org-wg", "--all-due", "--dry-run", "--output", "json")
	var res retentionDeleteJSON
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || !res.DryRun || len(res.Deleted) != 3 {
		t.Fatalf("dry run: %d %s %s", code, out, errOut)
	}
	code, out, _ = runCmd(t, vars, "retention", "list", "--employer", "org-wg", "--output", "json")
	if code != 0 || !strings.Contains(out, f.expiredCase) || !strings.Contains(out, f.former) {
		t.Fatalf("records gone after a dry run: %s", out)
	}

	code, out, errOut = runCmd(t, vars, "retention", "delete", "--employer", "org-wg", "--all-due", "--output", "json")
	res = retentionDeleteJSON{}
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || res.DryRun || len(res.Deleted) != 3 || len(res.Skipped) != 0 {
		t.Fatalf("delete: %d %s %s", code, out, errOut)
	}
	// The other employer's expired records and the case in its term stay.
	code, out, _ = runCmd(t, vars, "retention", "list", "--employer", "org-wg2", "--output", "json")
	if code != 0 || !strings.Contains(out, f.otherCase) || !strings.Contains(out, f.other) {
		t.Fatalf("other employer: %s", out)
	}
	db, err := storage.Open(context.Background(), "sqlite:"+filepath.Join(dir, "absence.db"))
	if err != nil {
		t.Fatal(err)
	}
	s := store.New(db, nil, cliKeyring(t, dir))
	if _, err := s.GetCase(context.Background(), f.keptCase); err != nil {
		t.Fatalf("case in its term: %v", err)
	}
	for _, id := range []string{f.expiredCase, f.formerCase} {
		if _, err := s.GetCase(context.Background(), id); err == nil {
			t.Fatalf("case %s still there", id)
		}
	}
	db.Close()
	code, out, _ = runCmd(t, vars, "retention", "delete", "--employer", "org-wg", "--all-due")
	if code != 0 || !strings.Contains(out, "deleted 0 records of org-wg") {
		t.Fatalf("second delete: %d %s", code, out)
	}

	got := map[string]bool{}
	for _, e := range cliEvents(t, dir) {
		if e.ActorID == "cli" && e.OrgID == "org-wg" {
			got[e.Action+" "+e.TargetID] = true
		}
		if strings.HasPrefix(e.Action, "absence.retention.delete") && e.OrgID != "org-wg" {
			t.Fatalf("deletion audited at another employer: %+v", e)
		}
	}
	for _, w := range []string{"absence.retention.view org-wg", "absence.retention.delete_case " + f.expiredCase,
		"absence.retention.delete_case " + f.formerCase, "absence.retention.delete_employee " + f.former} {
		if !got[w] {
			t.Errorf("no audit event %q", w)
		}
	}
}

// cliKeyring is the keyring the commands use with ABSENCE_DATA_DIR=dir (kept
// in dir, made on first use).
func cliKeyring(t *testing.T, dir string) secretbox.Keyring {
	t.Helper()
	kr, _, err := app.BSNKeys(config.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return kr
}
