package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"

	absenceapp "github.com/mijnaccount/mijnaccount/absence/app"
	absenceconfig "github.com/mijnaccount/mijnaccount/absence/config"
	"github.com/mijnaccount/mijnaccount/app"
	"github.com/mijnaccount/mijnaccount/internal/demo"
)

// Where the demo runs the absence application.
const (
	absenceListen = "127.0.0.1:8081"
	absenceURL    = "http://localhost:8081"
)

// startAbsence registers the absence client, opens the absence application
// on its own databases under the data directory, tells it the demo
// organisations and their service relations, and serves it until ctx ends.
// The returned function waits for it to stop.
func startAbsence(ctx context.Context, a *app.App, getenv func(string) string) (func() error, error) {
	secret, err := demo.AbsenceClient(ctx, a, absenceURL)
	if err != nil {
		return nil, fmt.Errorf("absence client: %w", err)
	}
	dataDir := filepath.Join(a.Config.DataDir, "absence")
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, err
	}
	fixed := map[string]string{
		"ABSENCE_ISSUER": a.Config.Issuer, "ABSENCE_CLIENT_ID": demo.AbsenceClientID, "ABSENCE_CLIENT_SECRET": secret,
		"ABSENCE_LISTEN": absenceListen, "ABSENCE_URL": absenceURL, "ABSENCE_DATA_DIR": dataDir,
	}
	cfg, err := absenceconfig.FromEnv(func(k string) string {
		if v, ok := fixed[k]; ok {
			return v
		}
		return getenv(k)
	})
	if err != nil {
		return nil, err
	}
	abs, err := absenceapp.Open(ctx, cfg, a.Log.With("app", "absence"), absenceapp.Options{})
	if err != nil {
		return nil, fmt.Errorf("absence app: %w", err)
	}
	if err := demo.AbsenceRegistration(ctx, a, abs.Store, time.Now()); err != nil {
		abs.Close()
		return nil, err
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		abs.Close()
		return nil, fmt.Errorf("absence listen on %s: %w", cfg.Listen, err)
	}
	done := make(chan error, 1)
	go func() { done <- abs.Server.Run(ctx, ln) }()
	return func() error {
		err := <-done
		return errors.Join(err, abs.Close())
	}, nil
}
