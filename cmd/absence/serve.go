package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"

	"github.com/mijnaccount/mijnaccount/absence/app"
	"github.com/mijnaccount/mijnaccount/absence/config"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/server"
)

func loadConfig(getenv func(string) string) (config.Config, error) {
	cfg, err := config.FromEnv(getenv)
	if err != nil {
		return cfg, usageError{err}
	}
	return cfg, nil
}

func serve(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	if err := noFlags("serve", args, stderr); err != nil {
		return err
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	if err := cfg.ValidateServe(); err != nil {
		return usageError{err}
	}
	log, err := server.NewLogger(cfg.Server().Log, stderr)
	if err != nil {
		return usageError{err}
	}
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
}

// migrate opens both databases, which applies their migrations.
func migrate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if err := noFlags("migrate", args, stdout); err != nil {
		return err
	}
	return withStore(ctx, getenv, func(*store.Store, *audit.Recorder) error {
		fmt.Fprintln(stdout, "migrations applied")
		return nil
	})
}

// noFlags parses the command line of a command that takes no flags (only
// -h, which prints its usage to out).
func noFlags(name string, args []string, out io.Writer) error {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	return nil
}
