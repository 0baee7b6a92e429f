package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestHelpListsCommandsFlagsAndEnvironment(t *testing.T) {
	code, out, errOut := runCmd(t, nil, "--help")
	if code != 0 || errOut != "" {
		t.Fatalf("--help: exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"Usage:", "absence [command]", "serve", "migrate", "org", "relation", "retention",
		"--output", "Environment:", "ABSENCE_CLIENT_ID", "ABSENCE_DATA_DIR"} {
		if !strings.Contains(out, want) {
			t.Errorf("--help does not mention %q:\n%s", want, out)
		}
	}
	code, out, _ = runCmd(t, nil, "relation", "add", "--help")
	if code != 0 || !strings.Contains(out, "--provider") || !strings.Contains(out, "--start") || strings.Contains(out, "Environment:") {
		t.Fatalf("relation add --help: exit %d\n%s", code, out)
	}
}

func TestUnknownCommandsAndFlagsExitTwo(t *testing.T) {
	vars := map[string]string{"ABSENCE_DATA_DIR": t.TempDir()}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "absence needs a command: migrate, org, relation, retention, serve or version"},
		{"unknown command", []string{"relatoin", "list"}, `unknown command "relatoin" for "absence"`},
		{"unknown subcommand", []string{"org", "delete"}, `unknown command "delete" for "absence org"; want bsn, list or register`},
		{"group without subcommand", []string{"relation"}, "absence relation needs a command: add, end or list"},
		{"unknown flag", []string{"org", "list", "--all"}, "unknown flag: --all"},
		{"flag of another command", []string{"retention", "list", "--employer", "org-wg", "--dry-run"}, "unknown flag: --dry-run"},
		{"extra argument", []string{"migrate", "now"}, `unknown command "now" for "absence migrate"`},
		{"bad output", []string{"org", "list", "--output", "yaml"}, `--output must be text or json, not "yaml"`},
		{"bad boolean", []string{"org", "bsn", "--id", "org-wg", "--allowed=perhaps"}, `invalid argument "perhaps"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, vars, tc.args...)
			if code != 2 || !strings.HasPrefix(errOut, "absence: ") || !strings.Contains(errOut, tc.want) || out != "" {
				t.Fatalf("exit %d, stdout %q, stderr %q; want 2 and %q", code, out, errOut, tc.want)
			}
		})
	}
}

func TestListingAsJSON(t *testing.T) {
	vars := map[string]string{"ABSENCE_DATA_DIR": t.TempDir()}
	// An empty list is an empty JSON array, not null.
	for _, args := range [][]string{{"org", "list", "--output", "json"}, {"relation", "list", "-o", "json"}} {
		if code, out, errOut := runCmd(t, vars, args...); code != 0 || strings.TrimSpace(out) != "[]" {
			t.Fatalf("%v: exit %d, %q %q", args, code, out, errOut)
		}
	}
	if code, _, errOut := runCmd(t, vars, "org", "register", "--id", "org-wg", "--domain", "werkgever", "--name", "Bakkerij"); code != 0 {
		t.Fatalf("org register: %s", errOut)
	}
	// The global flag may come before the command, as in mijnaccount.
	code, out, errOut := runCmd(t, vars, "--output", "json", "org", "list")
	var orgs []orgJSON
	if err := json.Unmarshal([]byte(out), &orgs); code != 0 || err != nil || len(orgs) != 1 ||
		orgs[0].ID != "org-wg" || orgs[0].Domain != "werkgever" || orgs[0].Name != "Bakkerij" || orgs[0].BSNAllowed {
		t.Fatalf("org list --output json: exit %d, %q %q (%v)", code, out, errOut, err)
	}
	code, out, _ = runCmd(t, vars, "org", "list")
	if code != 0 || out != "org-wg  werkgever  Bakkerij\n" {
		t.Fatalf("org list as text: exit %d, %q", code, out)
	}
	code, out, _ = runCmd(t, vars, "migrate", "--output", "json")
	if code != 0 || !strings.Contains(out, `"applied": true`) {
		t.Fatalf("migrate --output json: exit %d, %q", code, out)
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := runCmd(t, nil, "version", "--output", "json")
	var v struct{ Version, Go string }
	if code != 0 || json.Unmarshal([]byte(out), &v) != nil || v.Version == "" || !strings.HasPrefix(v.Go, "go") {
		t.Fatalf("exit %d, output %q", code, out)
	}
	if code, out, _ := runCmd(t, nil, "version"); code != 0 || !strings.HasPrefix(out, "absence dev (go") {
		t.Fatalf("exit %d, output %q", code, out)
	}
}
