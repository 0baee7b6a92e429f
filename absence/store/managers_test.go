package store

import (
	"context"
	"testing"
)

// TestManagersAndTeams: leidinggevenden are kept per employer by subject,
// refreshed and forgotten; an employee's leidinggevende is stored, updated,
// and kept or overwritten by the import.
func TestManagersAndTeams(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		for _, m := range []Manager{
			{Employer: "wg", Subject: "sub-lotte", Name: "Lotte", Email: "Lotte@Bakkerij.example"},
			{Employer: "wg", Subject: "sub-bram", Name: "Bram"},
			{Employer: "other", Subject: "sub-x", Name: "Xander", Email: "x@other.example"},
			{Employer: "wg", Subject: "sub-lotte", Name: "Lotte de Wit", Email: "lotte@bakkerij.example"},
		} {
			if err := s.RecordManager(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		ms, err := s.Managers(ctx, "wg")
		if err != nil || len(ms) != 2 || ms[0].Subject != "sub-bram" || ms[1].Name != "Lotte de Wit" || ms[1].Email != "lotte@bakkerij.example" {
			t.Fatalf("Managers: %+v %v", ms, err)
		}
		if err := s.ForgetManager(ctx, "wg", "sub-bram"); err != nil {
			t.Fatal(err)
		}
		if ms, _ := s.Managers(ctx, "wg"); len(ms) != 1 {
			t.Fatalf("after forgetting: %+v", ms)
		}

		e := newEmployee(t, s, "wg", "1")
		if e.ManagerSub != "" {
			t.Fatalf("new employee in a team: %+v", e)
		}
		e.ManagerSub = "sub-lotte"
		if got, err := s.UpdateEmployee(ctx, e); err != nil || got.ManagerSub != "sub-lotte" {
			t.Fatalf("UpdateEmployee: %+v %v", got, err)
		}
		// The import keeps the leidinggevende when asked, else overwrites it.
		change := e
		change.ManagerSub = ""
		if _, err := s.ApplyEmployeeChanges(ctx, "wg", []EmployeeChange{{Line: 2, Employee: change, KeepManager: true}}, nil); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GetEmployee(ctx, e.ID); got.ManagerSub != "sub-lotte" {
			t.Fatalf("kept: %+v", got)
		}
		if _, err := s.ApplyEmployeeChanges(ctx, "wg", []EmployeeChange{{Line: 2, Employee: change}}, nil); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GetEmployee(ctx, e.ID); got.ManagerSub != "" {
			t.Fatalf("overwritten: %+v", got)
		}
	})
}
