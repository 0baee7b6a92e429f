package store

import (
	"context"
	"errors"
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/rights"
)

func importEmployee(number, name string) Employee {
	return Employee{ID: NewEmployeeID(), PersonnelNumber: number, Name: name, BirthDate: d("1990-01-01"),
		ContractMinutes: 36 * 60, EmploymentStart: d("2024-01-01")}
}

func TestApplyEmployeeChanges(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		a := newEmployee(t, s, "wg", "1001")
		a.BSNSealed, a.BSNIndex = "v1.k1.sealed-a", "index-a"
		if _, err := s.UpdateEmployee(ctx, a); err != nil {
			t.Fatal(err)
		}
		b := newEmployee(t, s, "wg", "1002")
		foreign := newEmployee(t, s, "wg-other", "1003")

		moved := a
		moved.PersonnelNumber, moved.Name, moved.BSNSealed, moved.BSNIndex = "1005", "Sanne Jansen", "", ""
		replaced := b
		replaced.Name, replaced.BSNSealed, replaced.BSNIndex = "Kees Bakker", "v1.k1.sealed-b", "index-b"
		stolen := foreign
		stolen.Name = "Overgenomen"
		gone := importEmployee("1010", "Weg")
		fresh := importEmployee("1001", "Nieuw op het oude nummer") // free once a moved away
		clash := importEmployee("1002", "Botsing")

		results, err := s.ApplyEmployeeChanges(ctx, "wg", []EmployeeChange{
			{Line: 2, Employee: moved, KeepBSN: true},
			{Line: 3, Employee: replaced},
			{Line: 4, Employee: stolen},
			{Line: 5, Employee: gone},
			{Line: 6, Create: true, Employee: fresh},
			{Line: 7, Create: true, Employee: clash},
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := []error{nil, nil, ErrNotFound, ErrNotFound, nil, ErrConflict}
		for i, r := range results {
			if !errors.Is(r.Err, want[i]) || (want[i] == nil) != (r.Err == nil) || r.Line != i+2 {
				t.Errorf("line %d: %v, want %v", r.Line, r.Err, want[i])
			}
		}
		got, _ := s.GetEmployee(ctx, a.ID)
		if got.PersonnelNumber != "1005" || got.Name != "Sanne Jansen" || got.BSNSealed != "v1.k1.sealed-a" || got.BSNIndex != "index-a" {
			t.Fatalf("update keeping the BSN: %+v", got)
		}
		if !got.CreatedAt.Equal(a.CreatedAt) {
			t.Fatalf("created_at changed: %v → %v", a.CreatedAt, got.CreatedAt)
		}
		got, _ = s.GetEmployee(ctx, b.ID)
		if got.Name != "Kees Bakker" || got.BSNSealed != "v1.k1.sealed-b" || got.BSNIndex != "index-b" {
			t.Fatalf("update with a BSN: %+v", got)
		}
		if got, _ := s.GetEmployee(ctx, foreign.ID); got.Name != "Sanne de Vries" || got.Employer != "wg-other" {
			t.Fatalf("another employer's employee changed: %+v", got)
		}
		got, err = s.GetEmployee(ctx, fresh.ID)
		if err != nil || got.Employer != "wg" || got.PersonnelNumber != "1001" || got.CreatedAt.IsZero() {
			t.Fatalf("created: %+v %v", got, err)
		}
		if _, err := s.GetEmployee(ctx, clash.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("a conflicting line was written: %v", err)
		}
		if list, _ := s.Employees(ctx, "wg"); len(list) != 3 {
			t.Fatalf("employees after the import: %d", len(list))
		}
	})
}

func TestApplyEmployeeChangesWritesNothingWhenTheCommitIsRefused(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		a := newEmployee(t, s, "wg", "1001")
		changed := a
		changed.Name = "Gewijzigd"
		refused := errors.New("audit unavailable")
		var seen []ChangeResult
		_, err := s.ApplyEmployeeChanges(ctx, "wg", []EmployeeChange{
			{Line: 2, Employee: changed},
			{Line: 3, Create: true, Employee: importEmployee("2001", "Nieuw")},
		}, func(r []ChangeResult) error {
			seen = r
			return refused
		})
		if !errors.Is(err, refused) || len(seen) != 2 || seen[0].Err != nil || seen[1].Err != nil {
			t.Fatalf("ApplyEmployeeChanges: %v %+v", err, seen)
		}
		if got, _ := s.GetEmployee(ctx, a.ID); got.Name != "Sanne de Vries" {
			t.Fatalf("update written: %+v", got)
		}
		if list, _ := s.Employees(ctx, "wg"); len(list) != 1 {
			t.Fatalf("create written: %d employees", len(list))
		}
		// A failing statement also rolls everything back.
		_, err = s.ApplyEmployeeChanges(ctx, "wg", []EmployeeChange{
			{Line: 2, Employee: changed},
			{Line: 3, Create: true, Employee: Employee{ID: NewEmployeeID()}},
		}, nil)
		if err == nil {
			t.Fatal("an incomplete employee was accepted")
		}
		if got, _ := s.GetEmployee(ctx, a.ID); got.Name != "Sanne de Vries" {
			t.Fatalf("update written before the failure: %+v", got)
		}
	})
}

func TestBSNPermissionAndIndex(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if _, err := s.SeeOrg(ctx, Org{ID: "wg", Name: "Bakkerij", Domain: rights.Werkgever}); err != nil {
			t.Fatal(err)
		}
		if ok, err := s.BSNAllowed(ctx, "wg"); ok || err != nil {
			t.Fatalf("allowed by default: %v %v", ok, err)
		}
		if ok, err := s.BSNAllowed(ctx, "unknown"); ok || err != nil {
			t.Fatalf("unknown org: %v %v", ok, err)
		}
		if err := s.SetBSNAllowed(ctx, "unknown", true); !errors.Is(err, ErrNotFound) {
			t.Fatalf("SetBSNAllowed on an unknown org: %v", err)
		}
		if err := s.SetBSNAllowed(ctx, "wg", true); err != nil {
			t.Fatal(err)
		}
		if ok, _ := s.BSNAllowed(ctx, "wg"); !ok {
			t.Fatal("flag not set")
		}
		if orgs, err := s.BSNAllowedOrgs(ctx); err != nil || !orgs["wg"] || len(orgs) != 1 {
			t.Fatalf("BSNAllowedOrgs: %v %v", orgs, err)
		}

		e := newEmployee(t, s, "wg", "1001")
		other := newEmployee(t, s, "wg-other", "1001")
		e.BSNSealed, e.BSNIndex = "v1.k1.x", "idx-1"
		if _, err := s.UpdateEmployee(ctx, e); err != nil {
			t.Fatal(err)
		}
		if found, err := s.EmployeesByBSNIndex(ctx, "wg", "idx-1"); err != nil || len(found) != 1 || found[0].ID != e.ID {
			t.Fatalf("search: %+v %v", found, err)
		}
		for _, q := range []struct{ employer, index string }{{"wg-other", "idx-1"}, {"wg", "idx-2"}, {"wg", ""}} {
			if found, _ := s.EmployeesByBSNIndex(ctx, q.employer, q.index); len(found) != 0 {
				t.Fatalf("search %+v found %+v", q, found)
			}
		}
		if err := s.SetBSNIndexes(ctx, "wg", map[string]string{e.ID: "idx-2", other.ID: "idx-x"}); !errors.Is(err, ErrNotFound) {
			t.Fatalf("indexing another employer's employee: %v", err)
		}
		if found, _ := s.EmployeesByBSNIndex(ctx, "wg", "idx-1"); len(found) != 1 {
			t.Fatal("a refused SetBSNIndexes wrote")
		}
		if err := s.SetBSNIndexes(ctx, "wg", map[string]string{e.ID: "idx-2"}); err != nil {
			t.Fatal(err)
		}
		if found, _ := s.EmployeesByBSNIndex(ctx, "wg", "idx-2"); len(found) != 1 {
			t.Fatal("index not changed")
		}
		if err := s.SetBSNAllowed(ctx, "wg", false); err != nil {
			t.Fatal(err)
		}
		if ok, _ := s.BSNAllowed(ctx, "wg"); ok {
			t.Fatal("flag not cleared")
		}
	})
}
