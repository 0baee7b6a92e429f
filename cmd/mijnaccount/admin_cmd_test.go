package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/mail"
)

// runOK runs the CLI and fails the test unless it exits 0.
func runOK(t *testing.T, env []string, args ...string) string {
	t.Helper()
	code, out, stderr := run(t, env, args...)
	if code != 0 {
		t.Fatalf("mijnaccount %s: exit %d\nstdout %s\nstderr %s", strings.Join(args, " "), code, out, stderr)
	}
	return out
}

// createOrg creates an organisation and returns its id.
func createOrg(t *testing.T, env []string, args ...string) string {
	t.Helper()
	out := runOK(t, env, append([]string{"org", "create", "--output", "json"}, args...)...)
	var o struct{ ID, Domain string }
	if err := json.Unmarshal([]byte(out), &o); err != nil || o.ID == "" {
		t.Fatalf("org create output %q: %v", out, err)
	}
	return o.ID
}

func TestAdminCreateOrgAndUserWithRole(t *testing.T) {
	env, _ := tempEnv(t)
	arbo := createOrg(t, env, "--name", "Arbo Noord", "--domain", "arbodienst", "--billing-customer")
	orgID := createOrg(t, env, "--name", "Bakkerij Jansen", "--domain", "werkgever", "--parent", arbo,
		"--factors", "totp,webauthn", "--ip-allow", "192.0.2.0/24", "--ip-allow", "2001:db8::/32")

	out := runOK(t, env, "user", "create", "--org", orgID, "--email", "Anna@Example.NL", "--name", "Anna de Vries",
		"--birthdate", "1980-02-29", "--role", "hr", "--role", "org-admin", "--password", "Kwik-Kwek-Kwak-2026", "--output", "json")
	if strings.Contains(out, "argon2") || strings.Contains(out, "password_hash") {
		t.Fatalf("user create printed the password hash: %s", out)
	}
	var u struct{ ID, Email, OrgID, Status string }
	if err := json.Unmarshal([]byte(out), &u); err != nil {
		t.Fatalf("user create output %q: %v", out, err)
	}
	if u.Email != "Anna@Example.NL" || u.Status != "active" {
		t.Fatalf("created user = %+v", u)
	}

	out = runOK(t, env, "user", "list", "--org", orgID, "--output", "json")
	var users []struct {
		ID, Email, Status string
		OrgID             string `json:"org_id"`
	}
	if err := json.Unmarshal([]byte(out), &users); err != nil || len(users) != 1 || users[0].ID != u.ID || users[0].OrgID != orgID {
		t.Fatalf("user list = %q (%v)", out, err)
	}

	out = runOK(t, env, "org", "list", "--output", "json")
	var orgs []struct {
		ID, Name       string
		ParentID       string   `json:"parent_id"`
		AllowedFactors []string `json:"allowed_factors"`
	}
	if err := json.Unmarshal([]byte(out), &orgs); err != nil || len(orgs) != 2 {
		t.Fatalf("org list = %q (%v)", out, err)
	}
	for _, o := range orgs {
		if o.ID == orgID && (o.ParentID != arbo || strings.Join(o.AllowedFactors, ",") != "totp,webauthn") {
			t.Fatalf("stored org = %+v", o)
		}
	}

	// The same address in another case is taken.
	code, _, stderr := run(t, env, "user", "create", "--org", orgID, "--email", "anna@example.nl", "--name", "Anna 2",
		"--password", "Kwik-Kwek-Kwak-2026")
	if code == 0 || !strings.Contains(stderr, "already exists") {
		t.Fatalf("duplicate email: exit %d, stderr %q", code, stderr)
	}
}

func TestAdminCrossDomainRoleRefused(t *testing.T) {
	env, _ := tempEnv(t)
	orgID := createOrg(t, env, "--name", "Bakkerij", "--domain", "werkgever")
	code, out, stderr := run(t, env, "user", "create", "--org", orgID, "--email", "piet@example.nl", "--name", "Piet",
		"--role", "arbodienst/casemanager", "--password", "Kwik-Kwek-Kwak-2026")
	if code != 2 || !strings.Contains(stderr, "belongs to domain arbodienst") || !strings.Contains(stderr, "werkgever") {
		t.Fatalf("cross-domain role: exit %d, stdout %q, stderr %q; want 2 naming both domains", code, out, stderr)
	}
	// A role name of another domain is not found in the org's domain either.
	code, _, stderr = run(t, env, "user", "create", "--org", orgID, "--email", "piet@example.nl", "--name", "Piet",
		"--role", "casemanager", "--password", "Kwik-Kwek-Kwak-2026")
	if code != 2 || !strings.Contains(stderr, "--role") {
		t.Fatalf("foreign role name: exit %d, stderr %q", code, stderr)
	}
	out = runOK(t, env, "user", "list", "--org", orgID, "--output", "json")
	if strings.TrimSpace(out) != "[]" {
		t.Fatalf("refused user was stored: %s", out)
	}
}

func TestAdminBadValuesExitTwo(t *testing.T) {
	env, _ := tempEnv(t)
	orgID := createOrg(t, env, "--name", "Bakkerij", "--domain", "werkgever")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown domain", []string{"org", "create", "--name", "X", "--domain", "ziekenhuis"}, "--domain"},
		{"no name", []string{"org", "create", "--domain", "werkgever"}, "--name"},
		{"unknown factor", []string{"org", "create", "--name", "X", "--domain", "werkgever", "--factors", "email"}, "factor"},
		{"bad cidr", []string{"org", "create", "--name", "X", "--domain", "werkgever", "--ip-allow", "10.0.0.1/8"}, "10.0.0.0/8"},
		{"missing parent", []string{"org", "create", "--name", "X", "--domain", "werkgever", "--parent", "nope"}, "parent"},
		{"bad birth date", []string{"user", "create", "--org", orgID, "--email", "a@example.nl", "--name", "A",
			"--birthdate", "31-12-1980", "--invite"}, "--birthdate"},
		{"bad email", []string{"user", "create", "--org", orgID, "--email", "not-an-address", "--name", "A",
			"--password", "Kwik-Kwek-Kwak-2026"}, "email"},
		{"unknown org", []string{"user", "create", "--org", "nope", "--email", "a@example.nl", "--name", "A",
			"--password", "Kwik-Kwek-Kwak-2026"}, "--org"},
		{"no user list org", []string{"user", "list"}, "--org"},
		{"csv outside matrix", []string{"role", "list", "--output", "csv"}, "--output"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, env, tc.args...)
			if code != 2 || !strings.Contains(stderr, tc.want) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q", code, stderr, tc.want)
			}
		})
	}
}

func TestAdminBlockAndUnblock(t *testing.T) {
	env, _ := tempEnv(t)
	orgID := createOrg(t, env, "--name", "Bakkerij", "--domain", "werkgever")
	out := runOK(t, env, "user", "create", "--org", orgID, "--email", "jan@example.nl", "--name", "Jan",
		"--role", "werknemer", "--password", "Kwik-Kwek-Kwak-2026", "--output", "json")
	var u struct{ ID string }
	if err := json.Unmarshal([]byte(out), &u); err != nil {
		t.Fatal(err)
	}
	for verb, want := range map[string]string{"block": "blocked", "unblock": "active"} {
		out := runOK(t, env, "user", verb, u.ID, "--output", "json")
		var got struct{ Status string }
		if err := json.Unmarshal([]byte(out), &got); err != nil || got.Status != want {
			t.Fatalf("user %s: %q (%v), want status %s", verb, out, err, want)
		}
	}
	if code, _, _ := run(t, env, "user", "block", "nope"); code != 2 {
		t.Fatalf("block of an unknown user: exit %d, want 2", code)
	}
}

func TestAdminRoleListAndMatrix(t *testing.T) {
	env, _ := tempEnv(t)
	out := runOK(t, env, "role", "list", "--output", "json")
	var roles []struct{ ID string }
	if err := json.Unmarshal([]byte(out), &roles); err != nil || len(roles) != 12 {
		t.Fatalf("role list = %q (%v), want the 12 builtin roles", out, err)
	}

	out = runOK(t, env, "role", "matrix", "--output", "csv")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if lines[0] != "role,domain,right,granted" {
		t.Fatalf("matrix CSV header = %q", lines[0])
	}
	for _, row := range []string{
		"werkgever/hr,werkgever,import.run,true",
		"werkgever/hr,werkgever,retention.delete,false",
		"werkgever/hr,werkgever,relation.manage,false",
		"werkgever/contactpersoon,werkgever,relation.manage,true",
		"bedrijfsarts/bedrijfsarts,bedrijfsarts,dossier.medical.view,true",
		"platform/auditor,platform,audit.read,true",
	} {
		if !strings.Contains(out, row+"\n") {
			t.Errorf("matrix CSV lacks %q", row)
		}
	}
	if strings.Contains(out, "werkgever/hr,werkgever,dossier.medical.view") {
		t.Error("matrix lists a right outside the werkgever maximum")
	}
	if strings.Contains(out, "arbodienst/casemanager,arbodienst,relation.manage") {
		t.Error("matrix lists relation.manage for a provider domain")
	}

	out = runOK(t, env, "role", "matrix", "--output", "json")
	var rows []struct {
		Role, Domain, Right string
		Granted             bool
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != len(lines)-1 {
		t.Fatalf("matrix JSON: %d rows (%v), CSV has %d", len(rows), err, len(lines)-1)
	}
}

// TestUserCreateWithPasswordMailsAConfirmationLink: a user the operator
// gives a password has no proven address; a confirmation link is mailed
// at once and `user confirm-email` mails a new one until it is followed.
func TestUserCreateWithPasswordMailsAConfirmationLink(t *testing.T) {
	env, dir := tempEnv(t)
	orgID := createOrg(t, env, "--name", "Bakkerij Bewijs", "--domain", "werkgever")
	out := runOK(t, env, "user", "create", "--org", orgID, "--email", "anna@bewijs.example", "--name", "Anna",
		"--password", "Kwik-Kwek-Kwak-2026", "--lang", "en", "--output", "json")
	var u struct {
		ID              string
		EmailVerifiedBy string `json:"email_verified_by"`
	}
	if err := json.Unmarshal([]byte(out), &u); err != nil || u.EmailVerifiedBy != "" {
		t.Fatalf("created user %q (%v): the address must be unproven", out, err)
	}
	confirmations := func() []mail.OutboxEntry {
		all, err := mail.ReadOutbox(mail.OutboxPath(dir))
		if err != nil {
			t.Fatal(err)
		}
		var out []mail.OutboxEntry
		for _, m := range all {
			if m.To == "anna@bewijs.example" && m.Purpose == "email_confirmation" {
				out = append(out, m)
			}
		}
		return out
	}
	if got := confirmations(); len(got) != 1 || !strings.Contains(got[0].Text, "/email/confirm/") || !strings.Contains(got[0].Subject, "Confirm your email address") {
		t.Fatalf("confirmation mails %+v", got)
	}
	runOK(t, env, "user", "confirm-email", u.ID)
	if got := confirmations(); len(got) != 2 {
		t.Fatalf("confirm-email must mail a new link: %d mails", len(got))
	}
	if code, _, stderr := run(t, env, "user", "confirm-email", "nobody"); code != 2 || !strings.Contains(stderr, `no user "nobody"`) {
		t.Errorf("confirm-email of an unknown user: exit %d, %q", code, stderr)
	}
	out = runOK(t, env, "user", "create", "--org", orgID, "--email", "piet@bewijs.example", "--name", "Piet", "--invite", "--output", "json")
	var invited struct{ ID string }
	_ = json.Unmarshal([]byte(out), &invited)
	if code, _, stderr := run(t, env, "user", "confirm-email", invited.ID); code != 2 || !strings.Contains(stderr, "invitation") {
		t.Errorf("confirm-email of an invited user: exit %d, %q", code, stderr)
	}
	if audit := runOK(t, env, "audit", "export"); strings.Count(audit, `"action":"email.confirmation_sent"`) != 2 {
		t.Errorf("audit trail = %s", audit)
	}
}
