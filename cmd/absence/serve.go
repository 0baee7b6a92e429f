package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"

	"github.com/mijnaccount/mijnaccount/absence/app"
	"github.com/mijnaccount/mijnaccount/absence/config"
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
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return usageError{err}
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

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stdout)
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	db, auditDB, err := app.OpenStores(ctx, cfg)
	if err != nil {
		return err
	}
	db.Close()
	auditDB.Close()
	fmt.Fprintln(stdout, "migrations applied")
	return nil
}
