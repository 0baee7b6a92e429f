package main

import (
	"context"
	"fmt"
	"io"
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
			logins, err := a.SeedDemo(ctx)
			if err != nil {
				return fmt.Errorf("seed demo: %w", err)
			}
			printDemo(g.stdout, cfg.Issuer, logins)
		}
		return a.Serve(ctx, ln)
	})
}

// printDemo tells where the demo runs and how to log in.
func printDemo(w io.Writer, issuer string, logins []app.DemoLogin) {
	fmt.Fprintf(w, "\nMijn Account demo\n  log in:     %s/login\n  portal:     %s/account\n  readiness:  %s/readyz\n  metrics:    %s/metrics\n  mail:       data/outbox/mail.jsonl\n\n", issuer, issuer, issuer, issuer)
	if len(logins) == 0 {
		fmt.Fprintf(w, "The database was seeded before; demo users log in with password %s.\n\n", app.DemoPassword)
		return
	}
	fmt.Fprintf(w, "Demo users (password %s):\n", app.DemoPassword)
	for _, l := range logins {
		fmt.Fprintf(w, "  %-28s %-30s %s\n", l.Email, l.Org, l.Roles)
	}
	fmt.Fprintln(w, "\nStop with Ctrl+C.")
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
