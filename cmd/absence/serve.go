package main

import (
	"fmt"
	"io"
	"net"

	"github.com/spf13/cobra"

	"github.com/mijnaccount/mijnaccount/absence/app"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/internal/cli"
	"github.com/mijnaccount/mijnaccount/server"
)

func newServeCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "serve",
		Short: "Run the absence application (needs ABSENCE_CLIENT_ID and ABSENCE_CLIENT_SECRET)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := g.loadConfig()
			if err != nil {
				return err
			}
			if err := cfg.ValidateServe(); err != nil {
				return usageError{Err: fmt.Errorf("invalid configuration:\n%w", err)}
			}
			log, err := server.NewLogger(cfg.Server().Log, g.stderr)
			if err != nil {
				return usageError{Err: err}
			}
			ctx := cli.Context(cmd)
			a, err := app.Open(ctx, cfg, log, app.Options{})
			if err != nil {
				return err
			}
			defer a.Close()
			ln, err := net.Listen("tcp", cfg.Listen)
			if err != nil {
				return fmt.Errorf("listen on %s: %w", cfg.Listen, err)
			}
			log.Info("absence application ready", "url", cfg.PublicURL, "issuer", cfg.Issuer, "client_id", cfg.ClientID)
			return a.Serve(ctx, ln)
		},
	}
}

// migrateJSON is what `migrate --output json` prints.
type migrateJSON struct {
	Applied bool `json:"applied"`
}

// newMigrateCmd opens both databases, which applies their migrations.
func newMigrateCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "migrate",
		Short: "Apply pending database migrations (main and audit databases) and exit",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.withStore(cmd, func(*store.Store, *audit.Recorder) error {
				return g.print(migrateJSON{Applied: true}, func(w io.Writer) { fmt.Fprintln(w, "migrations applied") })
			})
		},
	}
}
