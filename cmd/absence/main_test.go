package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func runCmd(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, func(k string) string { return vars[k] }, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestAdministrativeCommands(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"ABSENCE_DATA_DIR": dir}
	if code, out, errOut := runCmd(t, vars, "migrate"); code != 0 || !strings.Contains(out, "migrations applied") {
		t.Fatalf("migrate: %d %s %s", code, out, errOut)
	}
	if _, err := filepath.Glob(filepath.Join(dir, "absence*.db")); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := runCmd(t, vars, "org", "register", "--id", "org-wg", "--domain", "werkgever", "--name", "Bakkerij", "--output", "json")
	if code != 0 || !strings.Contains(out, `"domain": "werkgever"`) {
		t.Fatalf("org register: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := runCmd(t, vars, "org", "register", "--id", "org-x", "--domain", "gemeente"); code != 2 || !strings.Contains(errOut, "--domain") {
		t.Fatalf("bad domain: %d %s", code, errOut)
	}

	code, out, errOut = runCmd(t, vars, "relation", "add", "--provider", "org-arbo", "--employer", "org-wg", "--start", "2026-01-01", "--output", "json")
	if code != 0 {
		t.Fatalf("relation add: %d %s", code, errOut)
	}
	var rel struct{ ID, Provider, Employer, Start, End string }
	if err := json.Unmarshal([]byte(out), &rel); err != nil || !strings.HasPrefix(rel.ID, "DR-") || rel.Start != "2026-01-01" || rel.End != "" {
		t.Fatalf("relation add printed %q (%v)", out, err)
	}
	// A werkgever cannot be a provider; a provider cannot be the employer.
	if code, _, _ := runCmd(t, vars, "relation", "add", "--provider", "org-wg", "--employer", "org-other", "--start", "2026-01-01"); code != 2 {
		t.Fatalf("werkgever as provider: %d", code)
	}
	if code, _, _ := runCmd(t, vars, "relation", "add", "--provider", "org-arbo", "--employer", "org-wg", "--start", "01-31-2026"); code != 2 {
		t.Fatalf("bad date: %d", code)
	}
	code, out, errOut = runCmd(t, vars, "relation", "end", "--id", rel.ID, "--end", "30-06-2026", "--output", "json")
	if code != 0 || !strings.Contains(out, `"end": "2026-06-30"`) {
		t.Fatalf("relation end: %d %s %s", code, out, errOut)
	}
	if code, _, _ := runCmd(t, vars, "relation", "end", "--id", "DR-NOPE", "--end", "2026-06-30"); code != 2 {
		t.Fatalf("end of an unknown relation: %d", code)
	}
	code, out, _ = runCmd(t, vars, "relation", "list")
	if code != 0 || !strings.Contains(out, rel.ID) || !strings.Contains(out, "2026-06-30") {
		t.Fatalf("relation list: %d %s", code, out)
	}
	code, out, _ = runCmd(t, vars, "org", "list", "--output", "json")
	if code != 0 || !strings.Contains(out, "org-wg") {
		t.Fatalf("org list: %d %s", code, out)
	}
}

func TestUsageErrors(t *testing.T) {
	vars := map[string]string{"ABSENCE_DATA_DIR": t.TempDir()}
	if code, _, _ := runCmd(t, vars); code != 2 {
		t.Fatalf("no command: %d", code)
	}
	if code, _, _ := runCmd(t, vars, "frobnicate"); code != 2 {
		t.Fatalf("unknown command: %d", code)
	}
	code, _, errOut := runCmd(t, vars, "serve")
	if code != 2 || !strings.Contains(errOut, "ABSENCE_CLIENT_ID") {
		t.Fatalf("serve without credentials: %d %s", code, errOut)
	}
	vars["ABSENCE_LOG_FORMAT"] = "xml"
	if code, _, errOut := runCmd(t, vars, "migrate"); code != 2 || !strings.Contains(errOut, "ABSENCE_LOG_FORMAT") {
		t.Fatalf("bad config: %d %s", code, errOut)
	}
	code, out, _ := runCmd(t, map[string]string{}, "help")
	if code != 0 || !strings.Contains(out, "ABSENCE_REDIS_URL") || !strings.Contains(out, "relation add") {
		t.Fatalf("help: %d %s", code, out)
	}
}
