package store

import (
	"context"
	"testing"
)

// TestCasesInOrderAndActivitiesOfEmployee: the queries samentelling uses,
// on every backend.
func TestCasesInOrderAndActivitiesOfEmployee(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		e := newEmployee(t, s, "wg", "1001")
		other := newEmployee(t, s, "wg", "1002")
		// Reported out of order: the later absence first.
		var ids []string
		for _, p := range []struct{ first, back string }{{"2026-02-10", "2026-02-20"}, {"2026-01-05", "2026-01-19"}, {"2026-03-01", ""}} {
			c, err := s.CreateCase(ctx, Case{EmployeeID: e.ID, Employer: "wg", FirstSickDay: d(p.first)})
			if err != nil {
				t.Fatal(err)
			}
			if p.back != "" {
				if _, err := s.AddRecovery(ctx, Recovery{CaseID: c.ID, On: d(p.back), Percentage: 100}); err != nil {
					t.Fatal(err)
				}
			}
			ids = append(ids, c.ID)
		}
		oc, err := s.CreateCase(ctx, Case{EmployeeID: other.ID, Employer: "wg", FirstSickDay: d("2026-01-01")})
		if err != nil {
			t.Fatal(err)
		}
		list, err := s.CasesInOrder(ctx, e.ID)
		if err != nil || len(list) != 3 {
			t.Fatalf("CasesInOrder: %+v %v", list, err)
		}
		for i, want := range []struct{ id, first, back string }{{ids[1], "2026-01-05", "2026-01-19"}, {ids[0], "2026-02-10", "2026-02-20"}, {ids[2], "2026-03-01", ""}} {
			if c := list[i]; c.ID != want.id || c.FirstSickDay.String() != want.first || c.RecoveredOn.String() != want.back || c.EmployeeID != e.ID {
				t.Errorf("case %d: %s %s–%s, want %s %s–%s", i, c.ID, c.FirstSickDay, c.RecoveredOn, want.id, want.first, want.back)
			}
		}
		if none, err := s.CasesInOrder(ctx, "MW-NOPE"); err != nil || len(none) != 0 {
			t.Fatalf("CasesInOrder of nobody: %v %v", none, err)
		}

		for _, a := range []Activity{
			{CaseID: ids[1], Step: "probleemanalyse", DoneOn: d("2026-01-15"), Note: "gesprek", DoneBy: "user-1"},
			{CaseID: ids[1], Step: "plan_van_aanpak", DoneOn: d("2026-01-16"), DoneBy: "user-1"},
			{CaseID: ids[2], Step: "evaluatie_14", DoneOn: d("2026-03-02"), DoneBy: "user-2"},
			{CaseID: oc.ID, Step: "uwv_melding", DoneOn: d("2026-03-02"), DoneBy: "user-2"},
		} {
			if _, err := s.MarkActivity(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		acts, err := s.ActivitiesOfEmployee(ctx, e.ID)
		if err != nil || len(acts) != 2 || len(acts[ids[1]]) != 2 || len(acts[ids[2]]) != 1 {
			t.Fatalf("ActivitiesOfEmployee: %+v %v", acts, err)
		}
		if a := acts[ids[1]]["probleemanalyse"]; a.Note != "gesprek" || a.DoneOn.String() != "2026-01-15" || a.DoneBy != "user-1" || a.DoneAt.IsZero() {
			t.Errorf("activity %+v", a)
		}
		if _, ok := acts[oc.ID]; ok {
			t.Error("another employee's activity")
		}
	})
}
