package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/storage"
)

// run executes the CLI in-process with env and returns its exit status and output.
func run(t *testing.T, env []string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := newRootCmd(&out, &errOut, env)
	cmd.SetArgs(args)
	code := exitCode(cmd.ExecuteContext(context.Background()), &errOut)
	return code, out.String(), errOut.String()
}

// tempEnv points the CLI at fresh SQLite databases in a temporary directory.
func tempEnv(t *testing.T) ([]string, string) {
	dir := t.TempDir()
	return []string{
		"MIJNACCOUNT_DATA_DIR=" + dir,
		"MIJNACCOUNT_LOG_LEVEL=error",
		"MIJNACCOUNT_PASSWORD_ARGON2_MEMORY_KIB=8192",
		"MIJNACCOUNT_PASSWORD_ARGON2_TIME=1",
	}, dir
}

func TestUsageErrorsExitTwoNamingTheProblem(t *testing.T) {
	env, _ := tempEnv(t)
	cases := []struct {
		name string
		env  []string
		args []string
		want string
	}{
		{"unknown flag", env, []string{"version", "--colour"}, "unknown flag: --colour"},
		{"unknown command", env, []string{"frobnicate"}, "unknown command"},
		{"bad output", env, []string{"version", "--output", "yaml"}, "--output must be text or json"},
		{"bad config", append(env, "MIJNACCOUNT_DATABASE_URL=mysql://db/x"), []string{"migrate"}, `database.url: unsupported scheme "mysql"`},
		{"unknown env var", append(env, "MIJNACCOUNT_LISTN=:80"), []string{"migrate"}, "MIJNACCOUNT_LISTN: unknown configuration variable"},
		{"bad since", env, []string{"audit", "export", "--since", "yesterday"}, "--since must be an RFC 3339 time"},
		{"extra argument", env, []string{"serve", "now"}, "unknown command"},
		{"no command", env, nil, "mijnaccount needs a command:"},
		{"group without command", env, []string{"org"}, "mijnaccount org needs a command: create or list"},
		{"unknown subcommand", env, []string{"user", "delete"}, `unknown command "delete" for "mijnaccount user"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, tc.env, tc.args...)
			if code != 2 || !strings.Contains(stderr, tc.want) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q", code, stderr, tc.want)
			}
		})
	}
}

func TestVersionAsJSON(t *testing.T) {
	env, _ := tempEnv(t)
	code, out, _ := run(t, env, "version", "--output", "json")
	var v struct{ Version, Go string }
	if code != 0 || json.Unmarshal([]byte(out), &v) != nil || v.Version == "" || !strings.HasPrefix(v.Go, "go") {
		t.Fatalf("exit %d, output %q", code, out)
	}
}

func TestMigrateAppliesOnceThenNothingPending(t *testing.T) {
	env, _ := tempEnv(t)
	code, out, stderr := run(t, env, "migrate", "--output", "json")
	var res struct{ Main, Audit []string }
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || len(res.Main) == 0 || len(res.Audit) == 0 {
		t.Fatalf("first migrate: exit %d, %q %q", code, out, stderr)
	}
	code, out, _ = run(t, env, "migrate", "--status")
	if code != 0 || !strings.Contains(out, "main database: nothing pending") || !strings.Contains(out, "audit database: nothing pending") {
		t.Fatalf("status after migrate: exit %d, %q", code, out)
	}
}

func TestAuditVerifyDetectsAnEditedRow(t *testing.T) {
	env, dir := tempEnv(t)
	ctx := context.Background()
	db, err := storage.Open(ctx, "sqlite:"+filepath.Join(dir, "audit.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx, audit.Migrations); err != nil {
		t.Fatal(err)
	}
	store := audit.NewSQLStore(db)
	for i := 0; i < 5; i++ {
		if _, err := store.Append(ctx, audit.Event{Time: time.Now(), ActorID: "u1", Action: "login.succeeded", TargetType: "user", TargetID: "u1", Outcome: audit.OutcomeSuccess}); err != nil {
			t.Fatal(err)
		}
	}
	code, out, stderr := run(t, env, "audit", "verify")
	if code != 0 || !strings.Contains(out, "audit trail intact: 5 events") {
		t.Fatalf("intact trail: exit %d, %q %q", code, out, stderr)
	}
	code, out, _ = run(t, env, "audit", "export", "--format", "jsonl")
	if code != 0 || strings.Count(out, "\n") != 5 || !strings.Contains(out, `"action":"login.succeeded"`) {
		t.Fatalf("export: exit %d, %q", code, out)
	}
	// An attacker with database access edits event 3 (after removing the guard trigger).
	if _, err := db.ExecContext(ctx, `DROP TRIGGER IF EXISTS audit_events_no_update`); err != nil {
		t.Fatal(err)
	}
	var triggers []string
	rows, _ := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'trigger'`)
	for rows.Next() {
		var n string
		_ = rows.Scan(&n)
		triggers = append(triggers, n)
	}
	rows.Close()
	for _, trg := range triggers {
		if _, err := db.ExecContext(ctx, `DROP TRIGGER `+trg); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ExecContext(ctx, `UPDATE audit_events SET outcome = 'failure' WHERE seq = 3`); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run(t, env, "audit", "verify")
	if code != 1 || !strings.Contains(stderr, "broken at event 3") {
		t.Fatalf("tampered trail: exit %d, stderr %q; want 1 naming event 3", code, stderr)
	}
}
