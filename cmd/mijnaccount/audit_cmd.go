package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/internal/cli"
	"github.com/mijnaccount/mijnaccount/storage"
)

func newAuditCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Check and export the audit trail",
		Args:  cobra.ArbitraryArgs,
		RunE:  cli.NeedCommand,
	}
	cmd.AddCommand(newAuditVerifyCmd(g), newAuditExportCmd(g))
	return cmd
}

// withAuditStore opens the audit database (migrated) and runs fn with its store.
func (g *globals) withAuditStore(cmd *cobra.Command, fn func(ctx context.Context, s *audit.SQLStore) error) error {
	cfg, err := g.loadConfig()
	if err != nil {
		return err
	}
	ctx := commandContext(cmd)
	db, err := storage.Open(ctx, cfg.AuditDatabaseURL())
	if err != nil {
		return fmt.Errorf("audit database: %w", err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx, audit.Migrations); err != nil {
		return fmt.Errorf("audit database: %w", err)
	}
	return fn(ctx, audit.NewSQLStore(db))
}

func newAuditVerifyCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "verify",
		Short: "Recompute the hash chain; fail naming the first changed or missing event",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.withAuditStore(cmd, func(ctx context.Context, s *audit.SQLStore) error {
				rep, err := s.Verify(ctx)
				if err != nil {
					return err
				}
				if err := g.print(rep, func(w io.Writer) {
					if rep.OK {
						fmt.Fprintf(w, "audit trail intact: %d events\n", rep.Events)
					}
				}); err != nil {
					return err
				}
				if !rep.OK {
					return fmt.Errorf("audit trail broken at event %d: %s", rep.FirstBroken, rep.Problem)
				}
				return nil
			})
		},
	}
}

func newAuditExportCmd(g *globals) *cobra.Command {
	var since, format string
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write audit events as JSON lines to standard output",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "jsonl" {
				return usagef("--format must be jsonl, not %q", format)
			}
			var from time.Time
			if since != "" {
				var err error
				if from, err = time.Parse(time.RFC3339, since); err != nil {
					return usagef("--since must be an RFC 3339 time such as 2026-11-01T00:00:00Z, not %q", since)
				}
			}
			return g.withAuditStore(cmd, func(ctx context.Context, s *audit.SQLStore) error {
				_, err := audit.ExportJSONL(ctx, s, g.stdout, from)
				return err
			})
		},
	}
	cmd.Flags().StringVar(&since, "since", "", "only events at or after this RFC 3339 time")
	cmd.Flags().StringVar(&format, "format", "jsonl", "output format (jsonl)")
	return cmd
}
