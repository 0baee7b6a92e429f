package main

import (
	"context"
	"errors"
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
			if len(logins) == 0 {
				if logins, err = a.DemoLogins(ctx); err != nil {
					return err
				}
			}
			wait, err := startAbsence(ctx, a)
			if err != nil {
				ln.Close()
				return err
			}
			printDemo(g.stdout, cfg.Issuer, logins)
			return errors.Join(a.Serve(ctx, ln), wait())
		}
		return a.Serve(ctx, ln)
	})
}

// printDemo tells where the demo runs and how to log in.
func printDemo(w io.Writer, issuer string, logins []app.DemoLogin) {
	fmt.Fprintf(w, "\nMijn Account demo\n  log in:     %s/login\n  portal:     %s/account\n  absence:    %s (logs in through Mijn Account)\n"+
		"  readiness:  %s/readyz\n  metrics:    %s/metrics\n  mail:       data/outbox/mail.jsonl\n  sms:        data/outbox/sms.jsonl\n\n",
		issuer, issuer, demoAbsenceURL, issuer, issuer)
	fmt.Fprintf(w, "Demo users (password %s; second factor: the authenticator-app code, e.g. oathtool --totp -b SECRET):\n", app.DemoPassword)
	for _, l := range logins {
		fmt.Fprintf(w, "  %-28s %-30s %-34s TOTP secret %s\n", l.Email, l.Org, l.Roles, l.TOTPSecret)
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
