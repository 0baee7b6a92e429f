package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/mijnaccount/mijnaccount/absence/config"
	"github.com/mijnaccount/mijnaccount/internal/cli"
)

// usageError marks a mistake in how the command was called (exit status 2).
type usageError = cli.UsageError

func usagef(format string, args ...any) error { return cli.Usagef(format, args...) }

// globals is what every command shares. There is no --config flag: the
// configuration comes from the ABSENCE_* environment variables only.
type globals struct {
	getenv func(string) string
	output string
	stdout io.Writer
	stderr io.Writer
}

func newRootCmd(getenv func(string) string, stdout, stderr io.Writer) *cobra.Command {
	g := &globals{getenv: getenv, stdout: stdout, stderr: stderr}
	root := cli.NewRoot("absence", "Verzuim: the absence application, a relying party of Mijn Account", stdout, stderr, &g.output, nil)
	root.Long = "Verzuim: the absence application, a relying party of Mijn Account.\n" +
		"Configuration comes from the ABSENCE_* environment variables listed below."
	root.Example = `  absence serve
  absence migrate
  absence org register --id ORG --domain werkgever [--bsn-allowed]
  absence relation add --provider ORG --employer ORG --start 2026-01-01 [--end 2026-12-31]
  absence retention delete --employer ORG --all-due --dry-run --output json`
	root.AddCommand(
		newServeCmd(g),
		newMigrateCmd(g),
		newOrgCmd(g),
		newRelationCmd(g),
		newRetentionCmd(g),
		newVersionCmd(g),
	)
	root.SetUsageTemplate(root.UsageTemplate() + envHelp())
	return root
}

// envHelp is the environment section of the root command's help: the
// variables of absence/config with their meaning.
func envHelp() string {
	var b strings.Builder
	b.WriteString("{{if not .HasParent}}\nEnvironment:\n")
	for _, e := range config.Env {
		fmt.Fprintf(&b, "  %-28s %s\n", e[0], e[1])
	}
	b.WriteString("{{end}}")
	return b.String()
}

// loadConfig reads the configuration; problems are usage errors.
func (g *globals) loadConfig() (config.Config, error) {
	cfg, err := config.FromEnv(g.getenv)
	if err != nil {
		return cfg, usageError{Err: fmt.Errorf("invalid configuration:\n%w", err)}
	}
	return cfg, nil
}

// print writes v as JSON with --output json, or as text in aligned columns
// (text separates them with tabs).
func (g *globals) print(v any, text func(w io.Writer)) error {
	return cli.Print(g.stdout, g.output, v, func(w io.Writer) {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		text(tw)
		tw.Flush()
	})
}
