// Command demo runs the Mijn Account demonstration (`make demo`): the
// identity provider on its embedded default (SQLite under ./data, in-memory
// key-value store, mail and SMS to the outbox), seeded on an empty database
// with one organisation per domain and a user in each, and beside it the
// absence application on http://localhost:8081, which logs in through it. It
// prints where to find both and how to log in.
//
// The demo is its own binary so that the identity provider's (cmd/mijnaccount)
// links neither the absence application nor the demo seeding. MIJNACCOUNT_*
// and ABSENCE_* environment variables and --config apply as they do to
// `mijnaccount serve` and `absence serve`, except where the demo fixes how
// the two find each other.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/mijnaccount/mijnaccount/app"
	"github.com/mijnaccount/mijnaccount/config"
	"github.com/mijnaccount/mijnaccount/internal/cli"
	"github.com/mijnaccount/mijnaccount/internal/demo"
	"github.com/mijnaccount/mijnaccount/server"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := newRootCmd(os.Stdout, os.Stderr, os.Environ()).ExecuteContext(ctx)
	stop()
	os.Exit(cli.ExitCode("demo", err, os.Stderr))
}

func newRootCmd(stdout, stderr io.Writer, environ []string) *cobra.Command {
	var configPath string
	root := &cobra.Command{
		Use:           "demo",
		Short:         "Run Mijn Account on its embedded default with demo users, and the absence application beside it",
		Args:          func(_ *cobra.Command, args []string) error { return noArgs(args) },
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			return run(ctx, configPath, environ, stdout, stderr)
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return cli.UsageError{Err: err} })
	root.Flags().StringVar(&configPath, "config", "", "YAML configuration file of the identity provider (MIJNACCOUNT_* environment variables win)")
	return root
}

func noArgs(args []string) error {
	if len(args) > 0 {
		return cli.UsageError{Err: fmt.Errorf("takes no arguments, got %q", args[0])}
	}
	return nil
}

// run opens the identity provider, seeds it when its database is empty,
// starts the absence application and serves both until ctx ends.
func run(ctx context.Context, configPath string, environ []string, stdout, stderr io.Writer) error {
	cfg, err := config.Load(configPath, environ)
	if err == nil {
		err = cfg.Validate()
	}
	if err != nil {
		return cli.UsageError{Err: fmt.Errorf("invalid configuration:\n%w", err)}
	}
	log, err := server.NewLogger(cfg.Log, stderr)
	if err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	}
	a.Log.Info("mijnaccount listening", "addr", ln.Addr().String(), "issuer", cfg.Issuer,
		"database", a.DB.Dialect, "kv", a.KVKind)
	logins, err := demo.Seed(ctx, a)
	if err == nil && len(logins) == 0 {
		logins, err = demo.Logins(ctx, a)
	}
	if err != nil {
		ln.Close()
		return fmt.Errorf("seed demo: %w", err)
	}
	wait, err := startAbsence(ctx, a, lookup(environ))
	if err != nil {
		ln.Close()
		return err
	}
	printDemo(stdout, cfg.Issuer, logins)
	return errors.Join(a.Serve(ctx, ln), wait())
}

// lookup reads a variable from environ (KEY=value lines), as os.Getenv does.
func lookup(environ []string) func(string) string {
	return func(key string) string {
		for _, kv := range environ {
			if k, v, ok := strings.Cut(kv, "="); ok && k == key {
				return v
			}
		}
		return ""
	}
}

// printDemo tells where the demo runs and how to log in.
func printDemo(w io.Writer, issuer string, logins []demo.Login) {
	fmt.Fprintf(w, "\nMijn Account demo\n  log in:     %s/login\n  portal:     %s/account\n  absence:    %s (logs in through Mijn Account)\n"+
		"  readiness:  %s/readyz\n  metrics:    %s/metrics\n  mail:       data/outbox/mail.jsonl\n  sms:        data/outbox/sms.jsonl\n\n",
		issuer, issuer, absenceURL, issuer, issuer)
	fmt.Fprintf(w, "Demo users (password %s; second factor: the authenticator-app code, e.g. oathtool --totp -b SECRET):\n", demo.Password)
	for _, l := range logins {
		fmt.Fprintf(w, "  %-28s %-30s %-34s TOTP secret %s\n", l.Email, l.Org, l.Roles, l.TOTPSecret)
	}
	fmt.Fprintln(w, "\nStop with Ctrl+C.")
}
