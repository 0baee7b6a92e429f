package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mijnaccount/mijnaccount/config"
	"github.com/mijnaccount/mijnaccount/server"
)

// usageError marks a mistake in how the command was called (exit status 2).
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// isCobraUsage recognises cobra's own usage errors, which it does not type.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "accepts ", "requires at least", "invalid argument"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// globals are the flags every command shares.
type globals struct {
	configPath string
	output     string
	environ    []string
	stdout     io.Writer
	stderr     io.Writer
}

func newRootCmd(stdout, stderr io.Writer, environ []string) *cobra.Command {
	g := &globals{environ: environ, stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:           "mijnaccount",
		Short:         "Mijn Account: OpenID Connect identity provider with mandatory second factor",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			allowed := g.output == "text" || g.output == "json" || (g.output == "csv" && cmd.Name() == "matrix")
			if !allowed {
				return usagef("--output must be text or json (csv for role matrix), not %q", g.output)
			}
			return nil
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.PersistentFlags().StringVar(&g.configPath, "config", "", "YAML configuration file (MIJNACCOUNT_* environment variables win)")
	root.PersistentFlags().StringVarP(&g.output, "output", "o", "text", "output format of admin commands: text or json")
	root.AddCommand(
		newServeCmd(g),
		newMigrateCmd(g),
		newAuditCmd(g),
		newOrgCmd(g),
		newUserCmd(g),
		newRoleCmd(g),
		newClientCmd(g),
		newKeysCmd(g),
		newReportCmd(g),
		newBillingCmd(g),
		newHelpdeskCmd(g),
		newVersionCmd(g),
	)
	return root
}

// loadConfig reads and validates the configuration; problems are usage errors.
func (g *globals) loadConfig() (config.Config, error) {
	cfg, err := config.Load(g.configPath, g.environ)
	if err != nil {
		return cfg, usageError{fmt.Errorf("invalid configuration:\n%w", err)}
	}
	if err := cfg.Validate(); err != nil {
		return cfg, usageError{fmt.Errorf("invalid configuration:\n%w", err)}
	}
	return cfg, nil
}

func (g *globals) logger(cfg config.Config) (*slog.Logger, error) {
	return server.NewLogger(cfg.Log, g.stderr)
}

// print writes v as JSON with --output json, or text via the given function.
func (g *globals) print(v any, text func(w io.Writer)) error {
	if g.output == "json" {
		enc := json.NewEncoder(g.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	text(g.stdout)
	return nil
}

// commandContext returns the command's context, never nil.
func commandContext(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}
