package store

import (
	"context"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// rawColumns returns every value of the free-text columns as the database
// holds them.
func rawColumns(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT notes FROM absence_cases`,
		`SELECT note FROM absence_activities`,
		`SELECT old_value || '|' || new_value || '|' || reason FROM absence_corrections`,
		`SELECT unlink_reason FROM absence_portal_links`,
	} {
		vals, err := queryAll(context.Background(), s.db.DB, func(sc storage.Scanner) (string, error) {
			var v string
			return v, sc.Scan(&v)
		}, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		out = append(out, vals...)
	}
	return out
}

// assertNoPlaintext fails when a raw column holds one of words.
func assertNoPlaintext(t *testing.T, s *Store, words ...string) {
	t.Helper()
	raw := rawColumns(t, s)
	if len(raw) == 0 {
		t.Fatal("no free text stored")
	}
	for _, v := range raw {
		for _, w := range words {
			if strings.Contains(v, w) {
				t.Fatalf("plain text %q in the database: %q", w, v)
			}
		}
	}
}

func TestFreeTextIsSealedAtRest(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		e := correctionEmployee(t, s, "1")
		c, err := s.CreateCase(ctx, Case{EmployeeID: e.ID, Employer: "wg", FirstSickDay: d("2026-02-02"),
			Notes: "Rugklachten na val", ReportedBy: "s-hr"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.MarkActivity(ctx, Activity{CaseID: c.ID, Step: "probleemanalyse", DoneOn: d("2026-02-20"),
			Note: "Gesprek over burn-out", DoneBy: "s-hr"}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.CorrectCase(ctx, CaseCorrection{CaseID: c.ID, FirstSickDay: d("2026-02-02"), Notes: "Migraine-aanvallen",
			Reason: "Werknemer belde over depressie", By: "s-hr", Today: d("2026-03-02")}); err != nil {
			t.Fatal(err)
		}
		assertNoPlaintext(t, s, "Rugklachten", "burn-out", "Migraine", "depressie")

		got, err := s.GetCase(ctx, c.ID)
		if err != nil || got.Notes != "Migraine-aanvallen" || len(got.Corrections) != 1 {
			t.Fatalf("GetCase: %+v %v", got, err)
		}
		cr := got.Corrections[0]
		if cr.Field != FieldNotes || cr.Old != "Rugklachten na val" || cr.New != "Migraine-aanvallen" || cr.Reason != "Werknemer belde over depressie" {
			t.Fatalf("correction: %+v", cr)
		}
		acts, err := s.Activities(ctx, c.ID)
		if err != nil || acts["probleemanalyse"].Note != "Gesprek over burn-out" {
			t.Fatalf("Activities: %+v %v", acts, err)
		}
		list, err := s.CasesOfEmployer(ctx, "wg")
		if err != nil || len(list) != 1 || list[0].Notes != "Migraine-aanvallen" {
			t.Fatalf("CasesOfEmployer: %+v %v", list, err)
		}

		// A sealed text copied to another absence does not open there.
		other, err := s.CreateCase(ctx, Case{EmployeeID: correctionEmployee(t, s, "2").ID, Employer: "wg",
			FirstSickDay: d("2026-02-10"), Notes: "Kort", ReportedBy: "s-hr"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE absence_cases SET notes = (SELECT notes FROM absence_cases WHERE id = $1) WHERE id = $2`,
			c.ID, other.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetCase(ctx, other.ID); err == nil {
			t.Fatal("a sealed note moved to another absence opened")
		}
	})
}

func TestFreeTextNeedsAKeyring(t *testing.T) {
	s := New(storagetest.OpenSQLite(t, Migrations), nil, testKeyring(t))
	e := correctionEmployee(t, s, "1")
	none := New(s.db, nil, s.kr)
	none.kr.Current = ""
	if _, err := none.CreateCase(context.Background(), Case{EmployeeID: e.ID, Employer: "wg", FirstSickDay: d("2026-02-02"),
		Notes: "Griep", ReportedBy: "s-hr"}); err == nil {
		t.Fatal("notes stored without a key")
	}
}

// migrationsUpTo is the migration set up to and including version last.
func migrationsUpTo(t *testing.T, last int) storage.Migrations {
	t.Helper()
	sub := fstest.MapFS{}
	for _, dialect := range []string{"sqlite", "postgres"} {
		list, err := Migrations.List(storage.Dialect(dialect))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range list {
			if m.Version <= last {
				sub[dialect+"/"+m.Name] = &fstest.MapFile{Data: []byte(m.SQL), Mode: fs.ModePerm}
			}
		}
	}
	return storage.Migrations{FS: sub, Table: Migrations.Table}
}

// TestLegacyPlainTextIsSealedOnce: rows written before migration 0008 hold
// plain text; after the migration SealLegacyText seals each of them once,
// the readers show the text, and a second run finds nothing to do.
func TestLegacyPlainTextIsSealedOnce(t *testing.T) {
	for name, open := range storagetest.Backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := open(t, migrationsUpTo(t, 7))
			at := storage.Micros(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
			for _, q := range []struct {
				sql  string
				args []any
			}{
				{`INSERT INTO absence_employees (id, employer_org, personnel_number, name, birth_date, email, contract_minutes,
					employment_start, employment_end, created_at, updated_at) VALUES ('MW-OLD', 'wg', '1', 'Sanne', '1985-04-12', '', 0, '2020-01-01', '', $1, $1)`, []any{at}},
				{`INSERT INTO absence_cases (id, employee_id, employer_org, first_sick_day, expected_days, notes, recovered_on,
					reported_by, reported_at, updated_at) VALUES ('VZ-OLD', 'MW-OLD', 'wg', '2026-02-02', 0, 'Oude notitie over hernia', '', 's-hr', $1, $1)`, []any{at}},
				{`INSERT INTO absence_cases (id, employee_id, employer_org, first_sick_day, expected_days, notes, recovered_on,
					reported_by, reported_at, updated_at) VALUES ('VZ-NONE', 'MW-OLD', 'wg', '2025-02-02', 0, '', '2025-02-10', 's-hr', $1, $1)`, []any{at}},
				{`INSERT INTO absence_activities (case_id, step, done_on, note, done_by, done_at)
					VALUES ('VZ-OLD', 'probleemanalyse', '2026-02-20', 'Stap met zwangerschap', 's-hr', $1)`, []any{at}},
				{`INSERT INTO absence_corrections (id, case_id, field, old_value, new_value, reason, corrected_by, corrected_at)
					VALUES ('CR-OLD', 'VZ-OLD', 'notes', 'Eerst: longontsteking', 'Oude notitie over hernia', 'Reden: chemo', 's-hr', $1)`, []any{at}},
				{`INSERT INTO absence_corrections (id, case_id, field, old_value, new_value, reason, corrected_by, corrected_at)
					VALUES ('CR-OLD', 'VZ-OLD', 'expected_days', '14', '0', 'Reden: chemo', 's-hr', $1)`, []any{at}},
				{`INSERT INTO absence_portal_links (id, employee_id, employer_org, issuer, subject, linked_at, unlinked_at, unlinked_by, unlink_reason)
					VALUES ('PL-OLD', 'MW-OLD', 'wg', 'iss', 'sub', $1, $1, 's-hr', 'Verkeerde persoon: Jan')`, []any{at}},
			} {
				if _, err := db.ExecContext(ctx, q.sql, q.args...); err != nil {
					t.Fatalf("%s: %v", q.sql, err)
				}
			}
			if _, err := db.Migrate(ctx, Migrations); err != nil {
				t.Fatal(err)
			}
			kr := testKeyring(t)
			s := New(db, nil, kr)
			// Before sealing, the readers refuse the plain text rather than show it as sealed text.
			if _, err := s.GetCase(ctx, "VZ-OLD"); err == nil {
				t.Fatal("plain text read as if sealed")
			}
			// Two instances start at once: each row is sealed by exactly one.
			var wg sync.WaitGroup
			counts, errs := make([]int, 2), make([]error, 2)
			for i := range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					counts[i], errs[i] = New(db, nil, kr).SealLegacyText(ctx)
				}()
			}
			wg.Wait()
			if errs[0] != nil || errs[1] != nil || counts[0]+counts[1] != 5 {
				t.Fatalf("SealLegacyText: %v %v", counts, errs)
			}
			assertNoPlaintext(t, s, "hernia", "zwangerschap", "longontsteking", "chemo", "Jan")
			c, err := s.GetCase(ctx, "VZ-OLD")
			if err != nil || c.Notes != "Oude notitie over hernia" || len(c.Corrections) != 2 {
				t.Fatalf("GetCase: %+v %v", c, err)
			}
			for _, cr := range c.Corrections {
				if cr.Reason != "Reden: chemo" || (cr.Field == FieldNotes && (cr.Old != "Eerst: longontsteking" || cr.New != "Oude notitie over hernia")) ||
					(cr.Field == FieldExpectedDays && (cr.Old != "14" || cr.New != "0")) {
					t.Fatalf("correction: %+v", cr)
				}
			}
			acts, err := s.Activities(ctx, "VZ-OLD")
			if err != nil || acts["probleemanalyse"].Note != "Stap met zwangerschap" {
				t.Fatalf("Activities: %+v %v", acts, err)
			}
			var reason string
			if err := db.QueryRowContext(ctx, `SELECT unlink_reason FROM absence_portal_links WHERE id = 'PL-OLD'`).Scan(&reason); err != nil {
				t.Fatal(err)
			}
			if text, err := s.openText(reason, portalReasonAD("PL-OLD")); err != nil || text != "Verkeerde persoon: Jan" {
				t.Fatalf("portal reason: %q %v", text, err)
			}
			if again, err := s.SealLegacyText(ctx); err != nil || again != 0 {
				t.Fatalf("second run: %d %v", again, err)
			}
			if c, err := s.GetCase(ctx, "VZ-OLD"); err != nil || c.Notes != "Oude notitie over hernia" {
				t.Fatalf("after the second run: %+v %v", c, err)
			}
		})
	}
}
