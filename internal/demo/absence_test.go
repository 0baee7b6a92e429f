package demo_test

import (
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/internal/demo"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// TestAbsenceRegistrationOnceThenKept: the absence app learns the four demo
// organisations, the three providers serve the employer from a year ago and
// the employer has its three employees; a restarted demo adds nothing.
func TestAbsenceRegistrationOnceThenKept(t *testing.T) {
	env := apptest.New(t, "sqlite")
	if _, err := demo.Seed(t.Context(), env.App); err != nil {
		t.Fatal(err)
	}
	s := store.New(storagetest.OpenSQLite(t, store.Migrations), time.Now, keyring(t))
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.Local)
	for range 2 {
		if err := demo.AbsenceRegistration(t.Context(), env.App, s, now); err != nil {
			t.Fatal(err)
		}
	}
	orgs, err := s.ListOrgs(t.Context())
	if err != nil || len(orgs) != 4 {
		t.Fatalf("organisations: %d, %v", len(orgs), err)
	}
	rels, err := s.Relations(t.Context())
	if err != nil || len(rels) != 3 {
		t.Fatalf("relations: %+v, %v", rels, err)
	}
	employer := rels[0].Employer
	for _, r := range rels {
		if r.Employer != employer || !r.Start.Equal(date.MustParse("2025-11-23")) {
			t.Errorf("relation %+v: every provider serves the one employer from a year ago", r)
		}
	}
	emps, err := s.Employees(t.Context(), employer)
	if err != nil || len(emps) != 3 {
		t.Fatalf("employees: %d, %v", len(emps), err)
	}
}
