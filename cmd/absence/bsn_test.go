package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/app"
	"github.com/mijnaccount/mijnaccount/absence/bsn"
	"github.com/mijnaccount/mijnaccount/absence/config"
	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/audit"
)

func TestOrgBSNPermission(t *testing.T) {
	vars := map[string]string{"ABSENCE_DATA_DIR": t.TempDir()}
	ctx := context.Background()

	// Register with the permission: JSON and text say so.
	code, out, errOut := runCmd(t, vars, "org", "register", "--id", "org-wg", "--domain", "werkgever", "--bsn-allowed", "--output", "json")
	if code != 0 {
		t.Fatalf("register --bsn-allowed: %d %s", code, errOut)
	}
	var org struct {
		ID         string `json:"id"`
		BSNAllowed bool   `json:"bsn_allowed"`
	}
	if err := json.Unmarshal([]byte(out), &org); err != nil || org.ID != "org-wg" || !org.BSNAllowed {
		t.Fatalf("register printed %q (%v)", out, err)
	}
	if code, out, _ := runCmd(t, vars, "org", "list"); code != 0 || !strings.Contains(out, "bsn-allowed") {
		t.Fatalf("org list: %d %s", code, out)
	}
	// Registering again without the flag leaves the permission as it is.
	if code, out, _ := runCmd(t, vars, "org", "register", "--id", "org-wg", "--domain", "werkgever", "--output", "json"); code != 0 || !strings.Contains(out, `"bsn_allowed": true`) {
		t.Fatalf("register without the flag: %d %s", code, out)
	}

	// An employee whose BSN was sealed before the permission has no index;
	// withdrawing and granting again indexes it.
	cfg, err := config.FromEnv(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	kr, key, err := app.BSNKeys(cfg)
	if err != nil {
		t.Fatal(err)
	}
	db, auditDB, err := app.OpenStores(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	defer auditDB.Close()
	s := store.New(db, nil, kr)
	e := store.Employee{ID: store.NewEmployeeID(), Employer: "org-wg", PersonnelNumber: "1", Name: "Sanne",
		BirthDate: date.MustParse("1985-04-12"), ContractMinutes: 1920, EmploymentStart: date.MustParse("2020-01-01")}
	if e.BSNSealed, err = bsn.Seal(kr, e.ID, "111222333"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateEmployee(ctx, e); err != nil {
		t.Fatal(err)
	}
	index, _ := bsn.Index(key, "org-wg", "111222333")
	if found, _ := s.EmployeesByBSNIndex(ctx, "org-wg", index); len(found) != 0 {
		t.Fatal("indexed before the command")
	}

	code, out, errOut = runCmd(t, vars, "org", "bsn", "--id", "org-wg", "--allowed=false", "--output", "json")
	if code != 0 || !strings.Contains(out, `"bsn_allowed": false`) {
		t.Fatalf("org bsn --allowed=false: %d %s %s", code, out, errOut)
	}
	if ok, _ := s.BSNAllowed(ctx, "org-wg"); ok {
		t.Fatal("permission not withdrawn")
	}
	code, out, errOut = runCmd(t, vars, "org", "bsn", "--id", "org-wg", "--allowed", "--output", "json")
	if code != 0 || !strings.Contains(out, `"indexed": 1`) {
		t.Fatalf("org bsn --allowed: %d %s %s", code, out, errOut)
	}
	if found, _ := s.EmployeesByBSNIndex(ctx, "org-wg", index); len(found) != 1 || found[0].ID != e.ID {
		t.Fatalf("not searchable after indexing: %+v", found)
	}
	if code, _, _ := runCmd(t, vars, "org", "register", "--id", "org-wg", "--domain", "werkgever", "--bsn-allowed=false"); code != 0 {
		t.Fatal("register --bsn-allowed=false")
	}
	if found, _ := s.EmployeesByBSNIndex(ctx, "org-wg", index); len(found) != 0 {
		t.Fatal("the index stayed after the permission was withdrawn")
	}
	if got, _ := s.GetEmployee(ctx, e.ID); got.BSNSealed != e.BSNSealed {
		t.Fatal("withdrawing the permission changed the sealed BSN")
	}

	// Refusals.
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"no --allowed", []string{"org", "bsn", "--id", "org-wg"}},
		{"no --id", []string{"org", "bsn", "--allowed"}},
		{"unknown org", []string{"org", "bsn", "--id", "org-nope", "--allowed"}},
		{"not an employer", []string{"org", "register", "--id", "org-arbo", "--domain", "arbodienst", "--bsn-allowed"}},
	} {
		if code, _, _ := runCmd(t, vars, tc.args...); code != 2 {
			t.Errorf("%s: exit %d, want 2", tc.name, code)
		}
	}

	// Audited with the actor cli, ids only.
	var actions []string
	err = audit.NewSQLStore(auditDB).Iterate(ctx, time.Time{}, func(ev audit.Event) error {
		if ev.ActorID == "cli" && strings.HasPrefix(ev.Action, "absence.org.bsn_") && ev.TargetID == "org-wg" {
			actions = append(actions, ev.Action)
		}
		return nil
	})
	if err != nil || strings.Join(actions, " ") != "absence.org.bsn_allow absence.org.bsn_withdraw absence.org.bsn_allow absence.org.bsn_withdraw" {
		t.Fatalf("audit events %v %v", actions, err)
	}
}
