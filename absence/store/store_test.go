package store

import (
	"context"
	"errors"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/registration"
	"github.com/mijnaccount/mijnaccount/absence/rights"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

var d = date.MustParse

// each runs fn on a fresh store on every SQL backend.
func each(t *testing.T, fn func(t *testing.T, s *Store)) {
	for name, open := range storagetest.Backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clock := storagetest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
			fn(t, New(open(t, Migrations), clock.Now, testKeyring(t)))
		})
	}
}

func TestMigrationsTwiceAndOwnTable(t *testing.T) {
	for name, open := range storagetest.Backends() {
		t.Run(name, func(t *testing.T) {
			db := open(t, Migrations)
			applied, err := db.Migrate(context.Background(), Migrations)
			if err != nil || len(applied) != 0 {
				t.Fatalf("second migrate: %v %v", applied, err)
			}
			var n int
			if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM absence_schema_migrations`).Scan(&n); err != nil || n == 0 {
				t.Fatalf("absence_schema_migrations: %d %v", n, err)
			}
			// The store must not depend on Mijn Account's own schema.
			var m int
			err = db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM schema_migrations`).Scan(&m)
			if err == nil {
				t.Fatal("the absence migrations created Mijn Account's schema_migrations table")
			}
		})
	}
}

func TestOrgs(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		o, err := s.SeeOrg(ctx, Org{ID: "org-a", Name: "Bakkerij A", Domain: rights.Werkgever})
		if err != nil || o.Domain != rights.Werkgever || o.Name != "Bakkerij A" {
			t.Fatalf("SeeOrg: %+v %v", o, err)
		}
		// Another domain for the same id does not overwrite what is known.
		o, err = s.SeeOrg(ctx, Org{ID: "org-a", Name: "Andere naam", Domain: rights.Bedrijfsarts})
		if err != nil || o.Domain != rights.Werkgever || o.Name != "Bakkerij A" {
			t.Fatalf("SeeOrg with another domain: %+v %v", o, err)
		}
		o, err = s.SeeOrg(ctx, Org{ID: "org-a", Name: "Bakkerij A BV", Domain: rights.Werkgever})
		if err != nil || o.Name != "Bakkerij A BV" {
			t.Fatalf("rename: %+v %v", o, err)
		}
		o, err = s.RegisterOrg(ctx, Org{ID: "org-a", Domain: rights.Arbodienst})
		if err != nil || o.Domain != rights.Arbodienst || o.Name != "Bakkerij A BV" {
			t.Fatalf("RegisterOrg: %+v %v", o, err)
		}
		if _, err := s.RegisterOrg(ctx, Org{ID: "org-b", Domain: "gemeente"}); err == nil {
			t.Fatal("unknown domain registered")
		}
		if _, err := s.GetOrg(ctx, "org-x"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("GetOrg missing: %v", err)
		}
		list, err := s.ListOrgs(ctx)
		if err != nil || len(list) != 1 {
			t.Fatalf("ListOrgs: %v %v", list, err)
		}
	})
}

func TestRelations(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		r, err := s.CreateRelation(ctx, registration.Relation{Provider: "arbo", Employer: "wg", Start: d("2026-01-01")})
		if err != nil || !regexp.MustCompile(`^DR-[A-Z2-7]{8}$`).MatchString(r.ID) {
			t.Fatalf("CreateRelation: %+v %v", r, err)
		}
		if _, err := s.CreateRelation(ctx, registration.Relation{Provider: "arbo", Employer: "wg", Start: d("2026-01-01"), End: d("2025-12-31")}); err == nil {
			t.Fatal("relation ending before its start")
		}
		if _, err := s.CreateRelation(ctx, registration.Relation{Provider: "wg", Employer: "wg", Start: d("2026-01-01")}); err == nil {
			t.Fatal("relation with itself")
		}
		if _, err := s.CreateRelation(ctx, registration.Relation{Provider: "arts", Employer: "wg-2", Start: d("2026-02-01")}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.EndRelation(ctx, r.ID, d("2025-01-01")); err == nil {
			t.Fatal("ended before its start")
		}
		ended, err := s.EndRelation(ctx, r.ID, d("2026-06-30"))
		if err != nil || ended.End.String() != "2026-06-30" {
			t.Fatalf("EndRelation: %+v %v", ended, err)
		}
		of, err := s.RelationsOf(ctx, "wg")
		if err != nil || len(of) != 1 || of[0].End.String() != "2026-06-30" || of[0].Provider != "arbo" {
			t.Fatalf("RelationsOf: %+v %v", of, err)
		}
		all, err := s.Relations(ctx)
		if err != nil || len(all) != 2 {
			t.Fatalf("Relations: %+v %v", all, err)
		}
		if _, err := s.EndRelation(ctx, "DR-NOPE", d("2026-06-30")); !errors.Is(err, ErrNotFound) {
			t.Fatalf("EndRelation missing: %v", err)
		}
	})
}

func newEmployee(t *testing.T, s *Store, employer, number string) Employee {
	t.Helper()
	e, err := s.CreateEmployee(context.Background(), Employee{
		Employer: employer, PersonnelNumber: number, Name: "Sanne de Vries", BirthDate: d("1985-04-12"),
		Email: "sanne@bakkerij.example", ContractMinutes: 32 * 60, EmploymentStart: d("2020-01-01"),
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestEmployees(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		e := newEmployee(t, s, "wg", "1001")
		if !regexp.MustCompile(`^MW-[A-Z2-7]{8}$`).MatchString(e.ID) {
			t.Fatalf("id %q", e.ID)
		}
		if _, err := s.CreateEmployee(ctx, Employee{Employer: "wg", PersonnelNumber: "1001", Name: "Ander"}); !errors.Is(err, ErrConflict) {
			t.Fatalf("duplicate personnel number: %v", err)
		}
		// The same number at another employer is fine.
		newEmployee(t, s, "wg-2", "1001")
		got, err := s.GetEmployee(ctx, e.ID)
		if err != nil || got.Name != "Sanne de Vries" || got.BirthDate.String() != "1985-04-12" || got.ContractMinutes != 1920 ||
			!got.EmploymentEnd.IsZero() || got.CreatedAt.IsZero() {
			t.Fatalf("GetEmployee: %+v %v", got, err)
		}
		got.EmploymentEnd = d("2026-12-31")
		got.Name = "Sanne de Vries-Jansen"
		upd, err := s.UpdateEmployee(ctx, got)
		if err != nil || upd.Name != "Sanne de Vries-Jansen" || upd.EmploymentEnd.String() != "2026-12-31" {
			t.Fatalf("UpdateEmployee: %+v %v", upd, err)
		}
		second := newEmployee(t, s, "wg", "1002")
		second.PersonnelNumber = "1001"
		if _, err := s.UpdateEmployee(ctx, second); !errors.Is(err, ErrConflict) {
			t.Fatalf("update to a taken number: %v", err)
		}
		list, err := s.Employees(ctx, "wg")
		if err != nil || len(list) != 2 {
			t.Fatalf("Employees: %v %v", list, err)
		}
		if _, err := s.GetEmployee(ctx, "MW-NOPE"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("GetEmployee missing: %v", err)
		}
		// A preset id and a sealed value are stored as given.
		preset, err := s.CreateEmployee(ctx, Employee{ID: NewEmployeeID(), Employer: "wg", PersonnelNumber: "1003", Name: "Met BSN", BSNSealed: "v1.k1.opaque"})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.GetEmployee(ctx, preset.ID); err != nil || got.BSNSealed != "v1.k1.opaque" {
			t.Fatalf("sealed BSN: %+v %v", got, err)
		}
	})
}

func TestCasesAndRecovery(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		e := newEmployee(t, s, "wg", "1001")
		c, err := s.CreateCase(ctx, Case{EmployeeID: e.ID, Employer: "wg", FirstSickDay: d("2026-02-02"), ExpectedDays: 14, Notes: "rugklachten", ReportedBy: "user-1"})
		if err != nil || !regexp.MustCompile(`^VZ-[A-Z2-7]{8}$`).MatchString(c.ID) {
			t.Fatalf("CreateCase: %+v %v", c, err)
		}
		if _, err := s.CreateCase(ctx, Case{EmployeeID: e.ID, Employer: "wg", FirstSickDay: d("2026-02-20")}); !errors.Is(err, ErrConflict) {
			t.Fatalf("a second open absence: %v", err)
		}
		if _, err := s.AddRecovery(ctx, Recovery{CaseID: c.ID, On: d("2026-01-01"), Percentage: 50}); !errors.Is(err, ErrConflict) {
			t.Fatalf("recovery before the first sick day: %v", err)
		}
		if _, err := s.AddRecovery(ctx, Recovery{CaseID: c.ID, On: d("2026-02-16"), Percentage: 50, ReportedBy: "user-1"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddRecovery(ctx, Recovery{CaseID: c.ID, On: d("2026-02-10"), Percentage: 80}); !errors.Is(err, ErrConflict) {
			t.Fatalf("recovery before an earlier report: %v", err)
		}
		got, err := s.GetCase(ctx, c.ID)
		if err != nil || !got.Open() || got.WorkingPercentage() != 50 || len(got.Recoveries) != 1 || got.Notes != "rugklachten" {
			t.Fatalf("after partial recovery: %+v %v", got, err)
		}
		if _, err := s.AddRecovery(ctx, Recovery{CaseID: c.ID, On: d("2026-03-02"), Percentage: 100, ReportedBy: "user-1"}); err != nil {
			t.Fatal(err)
		}
		got, err = s.GetCase(ctx, c.ID)
		if err != nil || got.Open() || got.RecoveredOn.String() != "2026-03-02" || got.WorkingPercentage() != 100 {
			t.Fatalf("after full recovery: %+v %v", got, err)
		}
		if p := got.Period(); p.Start.String() != "2026-02-02" || p.End.String() != "2026-03-01" {
			t.Fatalf("Period: %+v", p)
		}
		if _, err := s.AddRecovery(ctx, Recovery{CaseID: c.ID, On: d("2026-03-03"), Percentage: 100}); !errors.Is(err, ErrConflict) {
			t.Fatalf("recovery of a closed absence: %v", err)
		}
		// A new absence may not start within the closed one (2026-02-02 to
		// 2026-03-01); the day back at work is fine.
		for _, first := range []string{"2026-02-02", "2026-02-10", "2026-03-01"} {
			if _, err := s.CreateCase(ctx, Case{EmployeeID: e.ID, Employer: "wg", FirstSickDay: d(first)}); !errors.Is(err, ErrWithinEarlierAbsence) || !errors.Is(err, ErrConflict) {
				t.Fatalf("an absence from %s within the closed one: %v", first, err)
			}
		}
		if list, err := s.CasesOfEmployee(ctx, e.ID); err != nil || len(list) != 1 {
			t.Fatalf("refused absences were stored: %d %v", len(list), err)
		}
		// A closed absence leaves room for a new one.
		c2, err := s.CreateCase(ctx, Case{EmployeeID: e.ID, Employer: "wg", FirstSickDay: d("2026-03-10")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddRecovery(ctx, Recovery{CaseID: c2.ID, On: d("2026-03-10"), Percentage: 100}); !errors.Is(err, ErrConflict) {
			t.Fatalf("full recovery on the first sick day: %v", err)
		}
		list, err := s.CasesOfEmployee(ctx, e.ID)
		if err != nil || len(list) != 2 || list[0].ID != c2.ID || len(list[1].Recoveries) != 2 {
			t.Fatalf("CasesOfEmployee: %+v %v", list, err)
		}
		byEmployer, err := s.CasesOfEmployer(ctx, "wg")
		if err != nil || len(byEmployer) != 2 {
			t.Fatalf("CasesOfEmployer: %v %v", byEmployer, err)
		}
		if _, err := s.GetCase(ctx, "VZ-NOPE"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("GetCase missing: %v", err)
		}
		if _, err := s.AddRecovery(ctx, Recovery{CaseID: "VZ-NOPE", On: d("2026-03-10"), Percentage: 100}); !errors.Is(err, ErrNotFound) {
			t.Fatalf("AddRecovery missing: %v", err)
		}
	})
}

// TestConcurrentRecoveriesCloseOnce races full recovery reports: exactly
// one closes the absence.
func TestConcurrentRecoveriesCloseOnce(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		e := newEmployee(t, s, "wg", "1001")
		c, err := s.CreateCase(ctx, Case{EmployeeID: e.ID, Employer: "wg", FirstSickDay: d("2026-02-02")})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok := 0
		for range 4 {
			wg.Go(func() {
				_, err := s.AddRecovery(ctx, Recovery{CaseID: c.ID, On: d("2026-02-20"), Percentage: 100})
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					ok++
				} else if !errors.Is(err, ErrConflict) {
					t.Errorf("AddRecovery: %v", err)
				}
			})
		}
		wg.Wait()
		if ok != 1 {
			t.Fatalf("%d reports closed the absence", ok)
		}
	})
}

func TestActivitiesAndMedicalNotes(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		e := newEmployee(t, s, "wg", "1001")
		c, err := s.CreateCase(ctx, Case{EmployeeID: e.ID, Employer: "wg", FirstSickDay: d("2026-01-05")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.MarkActivity(ctx, Activity{CaseID: c.ID, Step: "probleemanalyse", DoneOn: d("2026-02-10"), Note: "gesprek gevoerd", DoneBy: "user-1"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.MarkActivity(ctx, Activity{CaseID: c.ID, Step: "probleemanalyse", DoneOn: d("2026-02-11")}); !errors.Is(err, ErrConflict) {
			t.Fatalf("marked twice: %v", err)
		}
		acts, err := s.Activities(ctx, c.ID)
		if err != nil || len(acts) != 1 || acts["probleemanalyse"].Note != "gesprek gevoerd" || acts["probleemanalyse"].DoneOn.String() != "2026-02-10" {
			t.Fatalf("Activities: %+v %v", acts, err)
		}
		if _, err := s.AddMedicalNote(ctx, MedicalNote{CaseID: c.ID, BodySealed: "Hernia L4-L5, fysiotherapie gestart.", Author: "arts-1", AuthorOrg: "arts"}); err != nil {
			t.Fatal(err)
		}
		notes, err := s.MedicalNotes(ctx, c.ID)
		if err != nil || len(notes) != 1 || notes[0].BodySealed != "Hernia L4-L5, fysiotherapie gestart." || notes[0].AuthorOrg != "arts" {
			t.Fatalf("MedicalNotes: %+v %v", notes, err)
		}
		if err := s.Ping(ctx); err != nil {
			t.Fatal(err)
		}
	})
}
