package main

import (
	"context"
	"fmt"
	"net"

	"github.com/spf13/cobra"

	"github.com/mijnaccount/mijnaccount/app"
)

func newServeCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "serve",
		Short: "Run the identity provider (embedded default: SQLite, in-memory store, outboxes)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.serve(cmd, false)
		},
	}
}

// serve opens the application, binds the listener and runs until the context
// ends (SIGTERM/SIGINT), then shuts down gracefully.
func (g *globals) serve(cmd *cobra.Command, demo bool) error {
	return g.withApp(cmd, func(ctx context.Context, a *app.App) error {
		cfg := a.Config
		ln, err := net.Listen("tcp", cfg.Listen)
		if err != nil {
			return fmt.Errorf("listen on %s: %w", cfg.Listen, err)
		}
		a.Log.Info("mijnaccount listening", "addr", ln.Addr().String(), "issuer", cfg.Issuer,
			"database", a.DB.Dialect, "kv", a.KVKind)
		if demo {
			fmt.Fprintf(g.stdout, "\nMijn Account demo\n  identity provider: %s\n  log in:            %s/login\n  health:            %s/healthz\n  readiness:         %s/readyz\n  metrics:           %s/metrics\n\nCreate an organisation and a user first (see README). Stop with Ctrl+C.\n\n",
				cfg.Issuer, cfg.Issuer, cfg.Issuer, cfg.Issuer, cfg.Issuer)
		}
		return a.Serve(ctx, ln)
	})
}

func newDemoCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Run the product on its embedded default and print where to find it",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.serve(cmd, true)
		},
	}
}
