package store

import (
	"context"
	"errors"
	"maps"
	"slices"
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/retention"
	"github.com/mijnaccount/mijnaccount/absence/rights"
)

// retentionFixture is a set of records around the retention terms, seen on
// 2026-03-02 (the test clock's day).
type retentionFixture struct {
	employed       Employee // still employed
	expiredCase    Case     // of employed: recovered 2023-01-10, with children
	keptCase       Case     // of employed: recovered 2025-01-10, in its term
	left           Employee // employment ended 2023-06-30
	leftCase       Case     // of left: recovered 2022-01-01
	leftSick       Employee // employment ended 2023-06-30, still partly sick
	openCase       Case     // of leftSick: partial recovery only
	leftRecently   Employee // employment ended 2025-12-31, no cases
	otherEmployer  Employee // of employer wg-2, ended 2020
	otherEmployers Case     // of otherEmployer, recovered 2020-03-01
}

var retentionToday = d("2026-03-02")

func retentionEmployee(t *testing.T, s *Store, employer, number, end string) Employee {
	t.Helper()
	e := Employee{Employer: employer, PersonnelNumber: number, Name: "Medewerker " + number, EmploymentStart: d("2015-01-01")}
	if end != "" {
		e.EmploymentEnd = d(end)
	}
	e, err := s.CreateEmployee(context.Background(), e)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// retentionCase stores an absence from first; recovered "" leaves it open
// with a partial recovery.
func retentionCase(t *testing.T, s *Store, e Employee, first, recovered string) Case {
	t.Helper()
	ctx := context.Background()
	c, err := s.CreateCase(ctx, Case{EmployeeID: e.ID, Employer: e.Employer, FirstSickDay: d(first)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddRecovery(ctx, Recovery{CaseID: c.ID, On: d(first).AddDays(7), Percentage: 50}); err != nil {
		t.Fatal(err)
	}
	if recovered != "" {
		if _, err := s.AddRecovery(ctx, Recovery{CaseID: c.ID, On: d(recovered), Percentage: 100}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.MarkActivity(ctx, Activity{CaseID: c.ID, Step: "probleemanalyse", DoneOn: d(first).AddDays(30)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddMedicalNote(ctx, MedicalNote{CaseID: c.ID, BodySealed: "notitie", Author: "arts-1", AuthorOrg: "arts"}); err != nil {
		t.Fatal(err)
	}
	return c
}

func newRetentionFixture(t *testing.T, s *Store) retentionFixture {
	t.Helper()
	ctx := context.Background()
	for _, o := range []string{"wg", "wg-2"} {
		if _, err := s.SeeOrg(ctx, Org{ID: o, Name: o, Domain: rights.Werkgever}); err != nil {
			t.Fatal(err)
		}
	}
	var f retentionFixture
	f.employed = retentionEmployee(t, s, "wg", "1", "")
	f.expiredCase = retentionCase(t, s, f.employed, "2022-12-01", "2023-01-10")
	f.keptCase = retentionCase(t, s, f.employed, "2024-12-01", "2025-01-10")
	f.left = retentionEmployee(t, s, "wg", "2", "2023-06-30")
	f.leftCase = retentionCase(t, s, f.left, "2021-12-01", "2022-01-01")
	f.leftSick = retentionEmployee(t, s, "wg", "3", "2023-06-30")
	f.openCase = retentionCase(t, s, f.leftSick, "2021-12-01", "")
	f.leftRecently = retentionEmployee(t, s, "wg", "4", "2025-12-31")
	f.otherEmployer = retentionEmployee(t, s, "wg-2", "1", "2020-06-30")
	f.otherEmployers = retentionCase(t, s, f.otherEmployer, "2020-02-01", "2020-03-01")
	return f
}

func dueCaseIDs(d Due) []string {
	var out []string
	for _, c := range d.Cases {
		out = append(out, c.ID)
	}
	return out
}

func dueEmployeeIDs(d Due) []string {
	var out []string
	for _, e := range d.Employees {
		out = append(out, e.ID)
	}
	return out
}

func TestRetentionPolicySetting(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if p, err := s.RetentionPolicy(ctx, "never-seen"); err != nil || p != retention.Standard {
			t.Fatalf("unknown org: %q %v", p, err)
		}
		if _, err := s.SeeOrg(ctx, Org{ID: "wg", Domain: rights.Werkgever}); err != nil {
			t.Fatal(err)
		}
		if p, err := s.RetentionPolicy(ctx, "wg"); err != nil || p != retention.Standard {
			t.Fatalf("default: %q %v", p, err)
		}
		if err := s.SetRetentionPolicy(ctx, "wg", retention.Eigenrisicodrager); err != nil {
			t.Fatal(err)
		}
		if p, err := s.RetentionPolicy(ctx, "wg"); err != nil || p != retention.Eigenrisicodrager {
			t.Fatalf("after set: %q %v", p, err)
		}
		if err := s.SetRetentionPolicy(ctx, "never-seen", retention.Standard); !errors.Is(err, ErrNotFound) {
			t.Fatalf("set on an unknown org: %v", err)
		}
		if err := s.SetRetentionPolicy(ctx, "wg", "7"); err == nil {
			t.Fatal("unknown setting stored")
		}
	})
}

func TestDueRecordsFollowTheRules(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		f := newRetentionFixture(t, s)
		due, err := s.DueRecords(ctx, "wg", retentionToday)
		if err != nil {
			t.Fatal(err)
		}
		// By expiry date: leftCase (2024-01-01), then expiredCase (2025-01-10).
		if got, want := dueCaseIDs(due), []string{f.leftCase.ID, f.expiredCase.ID}; !slices.Equal(got, want) || due.Policy != retention.Standard {
			t.Fatalf("due cases %v, want %v (policy %s)", got, want, due.Policy)
		}
		c := due.Cases[1]
		if c.EmployeeID != f.employed.ID || c.EmployeeName != "Medewerker 1" || c.FirstSickDay.String() != "2022-12-01" ||
			c.LastSickDay.String() != "2023-01-09" || c.Expires.String() != "2025-01-10" {
			t.Fatalf("due case %+v", c)
		}
		if got := dueEmployeeIDs(due); !slices.Equal(got, []string{f.left.ID}) {
			t.Fatalf("due employees %v, want only %s", got, f.left.ID)
		}
		if e := due.Employees[0]; e.Cases != 1 || e.Expires.String() != "2025-07-01" || e.EmploymentEnd.String() != "2023-06-30" || e.PersonnelNumber != "2" {
			t.Fatalf("due employee %+v", e)
		}
		// The other employer sees only its own.
		other, err := s.DueRecords(ctx, "wg-2", retentionToday)
		if err != nil || !slices.Equal(dueCaseIDs(other), []string{f.otherEmployers.ID}) || !slices.Equal(dueEmployeeIDs(other), []string{f.otherEmployer.ID}) {
			t.Fatalf("wg-2: %+v %v", other, err)
		}
		// Five years for an eigenrisicodrager: nothing of wg is due yet.
		if err := s.SetRetentionPolicy(ctx, "wg", retention.Eigenrisicodrager); err != nil {
			t.Fatal(err)
		}
		due, err = s.DueRecords(ctx, "wg", retentionToday)
		if err != nil || len(due.Cases) != 0 || len(due.Employees) != 0 || due.Policy != retention.Eigenrisicodrager {
			t.Fatalf("eigenrisicodrager: %+v %v", due, err)
		}
	})
}

// tableCounts counts the rows of every table that holds absence data.
func tableCounts(t *testing.T, s *Store) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"absence_employees", "absence_cases", "absence_recoveries", "absence_activities", "absence_medical_notes", "absence_orgs"} {
		var n int
		if err := s.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

func TestDeleteExpiredDeletesOnlyDueRecordsOfTheEmployer(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		f := newRetentionFixture(t, s)
		before := tableCounts(t, s)
		var seen []Deleted
		res, err := s.DeleteExpired(ctx, "wg", Selection{
			Cases:     []string{f.expiredCase.ID, f.keptCase.ID, f.otherEmployers.ID, "VZ-NOPE", f.leftCase.ID, f.expiredCase.ID},
			Employees: []string{f.left.ID, f.leftSick.ID, f.otherEmployer.ID, f.employed.ID},
		}, retentionToday, func(d Deleted) error {
			seen = append(seen, d)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := []Deleted{
			{Kind: retention.AbsenceCase, ID: f.leftCase.ID, EmployeeID: f.left.ID},
			{Kind: retention.EmployeeRecord, ID: f.left.ID},
			{Kind: retention.AbsenceCase, ID: f.expiredCase.ID, EmployeeID: f.employed.ID},
		}
		if !slices.Equal(res.Deleted, want) || !slices.Equal(seen, want) {
			t.Fatalf("deleted %+v (callback %+v), want %+v", res.Deleted, seen, want)
		}
		if res.Count(retention.AbsenceCase) != 2 || res.Count(retention.EmployeeRecord) != 1 {
			t.Fatalf("counts %d %d", res.Count(retention.AbsenceCase), res.Count(retention.EmployeeRecord))
		}
		skipped := map[string]Skipped{}
		for _, sk := range res.Skipped {
			skipped[sk.ID] = sk
		}
		for id, reason := range map[string]retention.Reason{
			f.leftSick.ID: retention.CaseKept, f.otherEmployer.ID: retention.NotFound, f.employed.ID: retention.Employed,
			f.keptCase.ID: retention.InTerm, f.otherEmployers.ID: retention.NotFound, "VZ-NOPE": retention.NotFound,
		} {
			if skipped[id].Reason != reason {
				t.Errorf("%s skipped as %q, want %q", id, skipped[id].Reason, reason)
			}
		}
		if len(res.Skipped) != 6 || skipped[f.keptCase.ID].Expires.String() != "2027-01-10" {
			t.Fatalf("skipped %+v", res.Skipped)
		}
		for _, id := range []string{f.expiredCase.ID, f.leftCase.ID} {
			if _, err := s.GetCase(ctx, id); !errors.Is(err, ErrNotFound) {
				t.Fatalf("case %s still there: %v", id, err)
			}
		}
		if _, err := s.GetEmployee(ctx, f.left.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("employee still there: %v", err)
		}
		// The children went with their cases, and nothing else went.
		after := tableCounts(t, s)
		for table, gone := range map[string]int{"absence_employees": 1, "absence_cases": 2, "absence_recoveries": 4,
			"absence_activities": 2, "absence_medical_notes": 2, "absence_orgs": 0} {
			if before[table]-after[table] != gone {
				t.Errorf("%s: %d rows gone, want %d", table, before[table]-after[table], gone)
			}
		}
		for _, id := range []string{f.keptCase.ID, f.openCase.ID, f.otherEmployers.ID} {
			c, err := s.GetCase(ctx, id)
			if err != nil || len(c.Recoveries) == 0 {
				t.Fatalf("case %s: %+v %v", id, c, err)
			}
			if notes, err := s.MedicalNotes(ctx, id); err != nil || len(notes) != 1 {
				t.Fatalf("notes of %s: %v %v", id, notes, err)
			}
		}
		for _, id := range []string{f.employed.ID, f.leftSick.ID, f.leftRecently.ID, f.otherEmployer.ID} {
			if _, err := s.GetEmployee(ctx, id); err != nil {
				t.Fatalf("employee %s: %v", id, err)
			}
		}
	})
}

func TestDeleteExpiredRollsBackOnFailure(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		f := newRetentionFixture(t, s)
		before := tableCounts(t, s)
		boom := errors.New("audit trail unavailable")
		calls := 0
		_, err := s.DeleteExpired(ctx, "wg", Selection{Cases: []string{f.expiredCase.ID}, Employees: []string{f.left.ID}},
			retentionToday, func(Deleted) error {
				calls++
				if calls == 3 { // after the employee record, at the last case
					return boom
				}
				return nil
			})
		if !errors.Is(err, boom) || calls != 3 {
			t.Fatalf("DeleteExpired: %v after %d calls", err, calls)
		}
		if after := tableCounts(t, s); !maps.Equal(before, after) {
			t.Fatalf("rows changed: before %v after %v", before, after)
		}
		if _, err := s.GetEmployee(ctx, f.left.ID); err != nil {
			t.Fatalf("employee gone after rollback: %v", err)
		}
		due, err := s.DueRecords(ctx, "wg", retentionToday)
		if err != nil || len(due.Cases) != 2 || len(due.Employees) != 1 {
			t.Fatalf("due after rollback: %+v %v", due, err)
		}
	})
}

func TestDeleteExpiredSkipsRecordsNoLongerDue(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		f := newRetentionFixture(t, s)
		due, err := s.DueRecords(ctx, "wg", retentionToday)
		if err != nil || len(due.Employees) != 1 {
			t.Fatalf("due: %+v %v", due, err)
		}
		// After the overview: the former employee reports sick again, and
		// the employer turns out to be eigenrisicodrager.
		if _, err := s.CreateCase(ctx, Case{EmployeeID: f.left.ID, Employer: "wg", FirstSickDay: d("2026-03-01")}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetRetentionPolicy(ctx, "wg", retention.Eigenrisicodrager); err != nil {
			t.Fatal(err)
		}
		before := tableCounts(t, s)
		res, err := s.DeleteExpired(ctx, "wg", Selection{Cases: dueCaseIDs(due), Employees: dueEmployeeIDs(due)}, retentionToday, nil)
		if err != nil || len(res.Deleted) != 0 || len(res.Skipped) != 3 {
			t.Fatalf("DeleteExpired: %+v %v", res, err)
		}
		for _, sk := range res.Skipped {
			want := retention.InTerm
			if sk.Kind == retention.EmployeeRecord {
				want = retention.CaseKept
			}
			if sk.Reason != want {
				t.Errorf("%s %s skipped as %s, want %s", sk.Kind, sk.ID, sk.Reason, want)
			}
		}
		if after := tableCounts(t, s); !maps.Equal(before, after) {
			t.Fatalf("rows changed: before %v after %v", before, after)
		}
	})
}

// TestAddedUpAbsenceIsKeptWithItsChain: an old absence followed within four
// weeks by one that is still open is neither listed nor deleted; once the
// chain has ended, both run their term from its end.
func TestAddedUpAbsenceIsKeptWithItsChain(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		e := retentionEmployee(t, s, "wg", "c-1", "")
		old := retentionCase(t, s, e, "2020-01-06", "2020-02-03")
		later := retentionCase(t, s, e, "2020-02-24", "") // 21 days at work: added up, still open
		due, err := s.DueRecords(ctx, "wg", retentionToday)
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(dueCaseIDs(due), old.ID) {
			t.Fatalf("an absence added up with an open one is listed as due: %v", dueCaseIDs(due))
		}
		res, err := s.DeleteExpired(ctx, "wg", Selection{Cases: []string{old.ID}}, retentionToday, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Deleted) != 0 || len(res.Skipped) != 1 || res.Skipped[0].Reason != retention.Chained {
			t.Fatalf("delete of a chained absence: %+v", res)
		}
		if _, err := s.GetCase(ctx, old.ID); err != nil {
			t.Fatalf("the chained absence is gone: %v", err)
		}

		if _, err := s.AddRecovery(ctx, Recovery{CaseID: later.ID, On: d("2024-05-01"), Percentage: 100}); err != nil {
			t.Fatal(err)
		}
		due, err = s.DueRecords(ctx, "wg", retentionToday)
		if err != nil {
			t.Fatal(err)
		}
		if ids := dueCaseIDs(due); slices.Contains(ids, old.ID) || slices.Contains(ids, later.ID) {
			t.Fatalf("the chain ended 2024-05-01 and is in its term until 2026-05-01: %v", ids)
		}
		due, err = s.DueRecords(ctx, "wg", d("2026-05-01"))
		if err != nil {
			t.Fatal(err)
		}
		if ids := dueCaseIDs(due); !slices.Contains(ids, old.ID) || !slices.Contains(ids, later.ID) {
			t.Fatalf("both absences are due with the chain: %v", ids)
		}
	})
}
