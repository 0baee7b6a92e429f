package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/internal/cli"
	"github.com/mijnaccount/mijnaccount/internal/demo"
)

// TestUsageErrorsExitTwo: a wrong flag, an argument or a bad configuration
// stops the demo before it opens anything, with status 2 naming the problem.
func TestUsageErrorsExitTwo(t *testing.T) {
	env := []string{"MIJNACCOUNT_DATA_DIR=" + t.TempDir()}
	cases := []struct {
		name string
		env  []string
		args []string
		want string
	}{
		{"unknown flag", env, []string{"--colour"}, "unknown flag: --colour"},
		{"argument", env, []string{"serve"}, `takes no arguments, got "serve"`},
		{"bad config", append(env, "MIJNACCOUNT_LISTN=:80"), nil, "MIJNACCOUNT_LISTN: unknown configuration variable"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			cmd := newRootCmd(&out, &errOut, tc.env)
			cmd.SetArgs(tc.args)
			code := cli.ExitCode("demo", cmd.ExecuteContext(context.Background()), &errOut)
			if code != 2 || !strings.Contains(errOut.String(), tc.want) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q", code, errOut.String(), tc.want)
			}
		})
	}
}

// TestPrintDemoNamesBothAppsAndTheLogins: the demo tells where the identity
// provider and the absence app run, and each user's password and TOTP secret.
func TestPrintDemoNamesBothAppsAndTheLogins(t *testing.T) {
	var out bytes.Buffer
	printDemo(&out, "http://localhost:8080", []demo.Login{{Email: "werkgever@demo.example", TOTPSecret: "GEZDGNBVGY3TQOJQ"}})
	for _, want := range []string{"http://localhost:8080/login", "http://localhost:8081", demo.Password, "werkgever@demo.example", "GEZDGNBVGY3TQOJQ"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
