package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestRelationCommandsRefuseOverlap: `relation add|end` record relations
// between organisations the application has not seen yet, and refuse, with
// exit code 2, a message and nothing stored or audited, a period that
// shares a day with another relation of the same pair and organisations of
// the wrong domain.
func TestRelationCommandsRefuseOverlap(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"ABSENCE_DATA_DIR": dir}
	add := func(provider, employer, start, end string) (int, relationJSON, string) {
		t.Helper()
		args := []string{"relation", "add", "--provider", provider, "--employer", employer, "--start", start, "--output", "json"}
		if end != "" {
			args = append(args, "--end", end)
		}
		code, out, errOut := runCmd(t, vars, args...)
		var r relationJSON
		if code == 0 {
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatalf("relation add printed %q: %v", out, err)
			}
		}
		return code, r, errOut
	}
	// Neither organisation has logged in or been registered.
	code, first, errOut := add("org-arbo", "org-wg", "2026-01-01", "2026-06-30")
	if code != 0 || !strings.HasPrefix(first.ID, "DR-") {
		t.Fatalf("relation add between unknown organisations: %d %s", code, errOut)
	}
	code, later, errOut := add("org-arbo", "org-wg", "2026-09-01", "")
	if code != 0 {
		t.Fatalf("a later relation of the same pair: %d %s", code, errOut)
	}
	for _, org := range [][]string{{"org-wg-2", "werkgever"}, {"org-arts", "bedrijfsarts"}} {
		if code, _, errOut := runCmd(t, vars, "org", "register", "--id", org[0], "--domain", org[1]); code != 0 {
			t.Fatalf("org register: %s", errOut)
		}
	}

	for _, tc := range []struct {
		name, provider, employer, start, end string
		stderr                               string
	}{
		{"inside the first relation", "org-arbo", "org-wg", "2026-03-01", "2026-03-31", "overlaps another relation of the same organisations: " + first.ID},
		{"open-ended into the later relation", "org-arbo", "org-wg", "2026-07-01", "", later.ID},
		{"ends on the first day of the first", "org-arbo", "org-wg", "2025-01-01", "2026-01-01", first.ID},
		{"a known werkgever as provider", "org-wg-2", "org-wg", "2027-01-01", "", "org-wg-2 is a werkgever"},
		{"a known provider as employer", "org-arbo", "org-arts", "2027-01-01", "", "org-arts is known, but not as werkgever"},
		{"one organisation on both sides", "org-x", "org-x", "2027-01-01", "", "two organisations"},
		{"end before start", "org-arbo", "org-wg-3", "2027-01-02", "2027-01-01", "cannot end before it starts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := add(tc.provider, tc.employer, tc.start, tc.end)
			if code != 2 || !strings.Contains(errOut, tc.stderr) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q", code, errOut, tc.stderr)
			}
		})
	}
	// The day between the two relations is free.
	if code, _, errOut := add("org-arbo", "org-wg", "2026-07-01", "2026-08-31"); code != 0 {
		t.Fatalf("the gap between the relations: %d %s", code, errOut)
	}

	// Ending the first relation later than the start of the next one is
	// refused; the relation keeps its end.
	code, _, errOut = runCmd(t, vars, "relation", "end", "--id", first.ID, "--end", "2026-07-15")
	if code != 2 || !strings.Contains(errOut, "overlaps another relation") {
		t.Fatalf("relation end into the next relation: %d %q", code, errOut)
	}
	code, _, errOut = runCmd(t, vars, "relation", "end", "--id", first.ID, "--end", "2025-12-31")
	if code != 2 || !strings.Contains(errOut, "cannot end before it starts") {
		t.Fatalf("relation end before the start: %d %q", code, errOut)
	}
	code, out, _ := runCmd(t, vars, "relation", "list", "--output", "json")
	var list []relationJSON
	if err := json.Unmarshal([]byte(out), &list); code != 0 || err != nil || len(list) != 3 {
		t.Fatalf("relation list: %d %s (%v); want the three stored relations", code, out, err)
	}
	for _, r := range list {
		if r.ID == first.ID && r.End != "2026-06-30" {
			t.Fatalf("the refused end changed the relation: %+v", r)
		}
	}
	// An earlier end is allowed: the relation ends on the first day.
	code, out, errOut = runCmd(t, vars, "relation", "end", "--id", first.ID, "--end", "2026-01-01", "--output", "json")
	if code != 0 || !strings.Contains(out, `"end": "2026-01-01"`) {
		t.Fatalf("relation end: %d %s %s", code, out, errOut)
	}

	// Only what was stored is audited.
	count := map[string]int{}
	for _, e := range cliEvents(t, dir) {
		if strings.HasPrefix(e.Action, "absence.relation.") {
			count[e.Action]++
			if e.ActorID != "cli" || e.OrgID != "org-wg" || !strings.HasPrefix(e.TargetID, "DR-") {
				t.Errorf("audit event %+v", e)
			}
		}
	}
	if count["absence.relation.create"] != 3 || count["absence.relation.end"] != 1 {
		t.Fatalf("audit events %v; want 3 creates and 1 end", count)
	}
}
