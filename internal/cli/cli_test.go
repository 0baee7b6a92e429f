package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// program runs a small program built like the real ones: a root with the
// group "thing" holding "list" (text or json) and "matrix" (also csv), and
// "fail", which fails for another reason than its use.
func program(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	var output string
	root := NewRoot("prog", "a test program", &out, &errOut, &output, func(cmd *cobra.Command) []string {
		if cmd.Name() == "matrix" {
			return []string{"text", "json", "csv"}
		}
		return nil
	})
	list := &cobra.Command{Use: "list", Args: cobra.NoArgs, RunE: func(*cobra.Command, []string) error {
		return Print(&out, output, []string{"a", "b"}, func(w io.Writer) { fmt.Fprintln(w, "a b") })
	}}
	matrix := &cobra.Command{Use: "matrix", Args: cobra.NoArgs, RunE: func(*cobra.Command, []string) error {
		fmt.Fprintln(&out, output)
		return nil
	}}
	fail := &cobra.Command{Use: "fail", Args: cobra.NoArgs, RunE: func(*cobra.Command, []string) error {
		return errors.New("database: connection refused")
	}}
	root.AddCommand(Group("thing", "things", list, matrix), fail)
	root.SetArgs(args)
	return ExitCode("prog", root.ExecuteContext(context.Background()), &errOut), out.String(), errOut.String()
}

func TestUsageMistakesExitTwoNamingTheProblem(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "prog needs a command: fail or thing"},
		{"unknown command", []string{"thnig"}, `unknown command "thnig" for "prog"`},
		{"group without command", []string{"thing"}, "prog thing needs a command: list or matrix"},
		{"unknown subcommand", []string{"thing", "lsit"}, `unknown command "lsit" for "prog thing"; want list or matrix; did you mean list?`},
		{"extra argument", []string{"thing", "list", "now"}, `unknown command "now" for "prog thing list"`},
		{"unknown flag", []string{"thing", "list", "--colour"}, "unknown flag: --colour"},
		{"bad output", []string{"thing", "list", "--output", "csv"}, `--output must be text or json, not "csv"`},
		{"missing flag value", []string{"thing", "list", "--output"}, "flag needs an argument"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := program(t, tc.args...)
			if code != 2 || !strings.HasPrefix(stderr, "prog: ") || !strings.Contains(stderr, tc.want) || out != "" {
				t.Fatalf("exit %d, stdout %q, stderr %q; want 2 and %q", code, out, stderr, tc.want)
			}
		})
	}
}

func TestOtherFailuresExitOne(t *testing.T) {
	code, _, stderr := program(t, "fail")
	if code != 1 || stderr != "prog: database: connection refused\n" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}

func TestOutputFormats(t *testing.T) {
	if code, out, _ := program(t, "thing", "list"); code != 0 || out != "a b\n" {
		t.Fatalf("text: %d %q", code, out)
	}
	if code, out, _ := program(t, "thing", "list", "-o", "json"); code != 0 || out != "[\n  \"a\",\n  \"b\"\n]\n" {
		t.Fatalf("json: %d %q", code, out)
	}
	if code, out, _ := program(t, "thing", "matrix", "--output", "csv"); code != 0 || out != "csv\n" {
		t.Fatalf("csv where the command accepts it: %d %q", code, out)
	}
}

func TestHelpExitsZero(t *testing.T) {
	code, out, stderr := program(t, "--help")
	if code != 0 || stderr != "" || !strings.Contains(out, "thing") || !strings.Contains(out, "--output") || strings.Contains(out, "prog [flags]") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if code, out, _ := program(t, "thing", "--help"); code != 0 || !strings.Contains(out, "matrix") || strings.Contains(out, "thing [flags]") {
		t.Fatalf("group help: exit %d, %q", code, out)
	}
	if code, out, _ := program(t, "thing", "list", "--help"); code != 0 || !strings.Contains(out, "prog thing list [flags]") {
		t.Fatalf("command help: exit %d, %q", code, out)
	}
}

func TestIsUsage(t *testing.T) {
	if IsUsage(nil) || IsUsage(errors.New("boom")) {
		t.Fatal("plain errors are no usage errors")
	}
	if !IsUsage(fmt.Errorf("org: %w", Usagef("--id is required"))) {
		t.Fatal("a wrapped UsageError is one")
	}
}
