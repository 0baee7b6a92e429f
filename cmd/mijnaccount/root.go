package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/mijnaccount/mijnaccount/config"
	"github.com/mijnaccount/mijnaccount/internal/cli"
	"github.com/mijnaccount/mijnaccount/server"
)

// usageError marks a mistake in how the command was called (exit status 2).
type usageError = cli.UsageError

func usagef(format string, args ...any) error { return cli.Usagef(format, args...) }

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
	root := cli.NewRoot("mijnaccount", "Mijn Account: OpenID Connect identity provider with mandatory second factor",
		stdout, stderr, &g.output, func(cmd *cobra.Command) []string {
			if cmd.Name() == "matrix" {
				return []string{"text", "json", "csv"}
			}
			return nil
		})
	root.PersistentFlags().StringVar(&g.configPath, "config", "", "YAML configuration file (MIJNACCOUNT_* environment variables win)")
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
		return cfg, usageError{Err: fmt.Errorf("invalid configuration:\n%w", err)}
	}
	if err := cfg.Validate(); err != nil {
		return cfg, usageError{Err: fmt.Errorf("invalid configuration:\n%w", err)}
	}
	return cfg, nil
}

func (g *globals) logger(cfg config.Config) (*slog.Logger, error) {
	return server.NewLogger(cfg.Log, g.stderr)
}

// print writes v as JSON with --output json, or text via the given function.
func (g *globals) print(v any, text func(w io.Writer)) error {
	return cli.Print(g.stdout, g.output, v, text)
}

// commandContext returns the command's context, never nil.
func commandContext(cmd *cobra.Command) context.Context { return cli.Context(cmd) }
