package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/poortwachter"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/internal/demo"
	"github.com/mijnaccount/mijnaccount/secretbox"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// TestAbsenceData: the demo employer gets one employee sick for seven
// weeks, one never sick, and one whose two absences are added up.
func TestAbsenceData(t *testing.T) {
	ctx := context.Background()
	s := store.New(storagetest.OpenSQLite(t, store.Migrations), time.Now, keyring(t))
	today := date.MustParse("2026-11-23")
	if err := demo.AbsenceData(ctx, s, "org-demo", today); err != nil {
		t.Fatal(err)
	}
	emps, err := s.Employees(ctx, "org-demo")
	if err != nil || len(emps) != 3 {
		t.Fatalf("employees: %d, %v", len(emps), err)
	}
	cases := map[string][]store.Case{}
	for _, e := range emps {
		if cases[e.Name], err = s.CasesInOrder(ctx, e.ID); err != nil {
			t.Fatal(err)
		}
	}
	if c := cases["Sanne de Vries"]; len(c) != 1 || !c[0].Open() || c[0].FirstSickDay != today.AddDays(-49) {
		t.Errorf("Sanne: %+v", c)
	}
	if c := cases["Kees Bakker"]; len(c) != 0 {
		t.Errorf("Kees: %+v", c)
	}
	var periods []poortwachter.Period
	for _, c := range cases["Fatima el Amrani"] {
		periods = append(periods, poortwachter.Period{ID: c.ID, First: c.FirstSickDay, Back: c.RecoveredOn})
	}
	if chains := poortwachter.Chains(periods); len(chains) != 1 || !chains[0].Added() {
		t.Errorf("Fatima's absences must be added up: %+v", chains)
	}
}

func keyring(t *testing.T) secretbox.Keyring {
	t.Helper()
	key, err := secretbox.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return secretbox.Keyring{Current: "k1", Keys: map[string][]byte{"k1": key}}
}
