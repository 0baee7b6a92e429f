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
			return g.serve(cmd)
		},
	}
}

// serve opens the application, binds the listener and runs until the context
// ends (SIGTERM/SIGINT), then shuts down gracefully.
func (g *globals) serve(cmd *cobra.Command) error {
	return g.withApp(cmd, func(ctx context.Context, a *app.App) error {
		cfg := a.Config
		ln, err := net.Listen("tcp", cfg.Listen)
		if err != nil {
			return fmt.Errorf("listen on %s: %w", cfg.Listen, err)
		}
		a.Log.Info("mijnaccount listening", "addr", ln.Addr().String(), "issuer", cfg.Issuer,
			"database", a.DB.Dialect, "kv", a.KVKind)
		return a.Serve(ctx, ln)
	})
}
