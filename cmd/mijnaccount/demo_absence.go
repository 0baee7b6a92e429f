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
	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/registration"
	"github.com/mijnaccount/mijnaccount/absence/rights"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/app"
)

// demoAbsence is where the demo runs the absence application.
const (
	demoAbsenceListen = "127.0.0.1:8081"
	demoAbsenceURL    = "http://localhost:8081"
)

// startAbsence registers the absence client, opens the absence application
// on its own databases under the data directory, tells it the demo
// organisations and their service relations, and serves it until ctx ends.
func startAbsence(ctx context.Context, a *app.App) (func() error, error) {
	secret, err := a.DemoAbsenceClient(ctx, demoAbsenceURL)
	if err != nil {
		return nil, fmt.Errorf("absence client: %w", err)
	}
	dataDir := filepath.Join(a.Config.DataDir, "absence")
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, err
	}
	demo := map[string]string{
		"ABSENCE_ISSUER": a.Config.Issuer, "ABSENCE_CLIENT_ID": app.DemoAbsenceClientID, "ABSENCE_CLIENT_SECRET": secret,
		"ABSENCE_LISTEN": demoAbsenceListen, "ABSENCE_URL": demoAbsenceURL, "ABSENCE_DATA_DIR": dataDir,
	}
	cfg, err := absenceconfig.FromEnv(func(k string) string {
		if v, ok := demo[k]; ok {
			return v
		}
		return os.Getenv(k)
	})
	if err != nil {
		return nil, err
	}
	abs, err := absenceapp.Open(ctx, cfg, a.Log.With("app", "absence"), absenceapp.Options{})
	if err != nil {
		return nil, fmt.Errorf("absence app: %w", err)
	}
	if err := demoRegistration(ctx, a, abs.Store); err != nil {
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

// demoRegistration tells the absence app the demo organisations and, on a
// fresh demo, lets the arbodienst, the company doctor and the insurer serve
// the employer from a year ago and registers the employer's demo employees.
func demoRegistration(ctx context.Context, a *app.App, s *store.Store) error {
	orgs, err := a.Accounts.ListOrgs(ctx)
	if err != nil {
		return err
	}
	employer := ""
	var providers []string
	for _, o := range orgs {
		if _, err := s.RegisterOrg(ctx, store.Org{ID: o.ID, Name: o.Name, Domain: rights.Domain(o.Domain)}); err != nil {
			return fmt.Errorf("absence org %s: %w", o.Name, err)
		}
		if o.Domain == "werkgever" {
			employer = o.ID
		} else {
			providers = append(providers, o.ID)
		}
	}
	known, err := s.Relations(ctx)
	if err != nil || len(known) > 0 || employer == "" {
		return err
	}
	start := date.Of(time.Now().AddDate(-1, 0, 0), time.Local)
	for _, p := range providers {
		if _, err := s.CreateRelation(ctx, registration.Relation{Provider: p, Employer: employer, Start: start}); err != nil {
			return fmt.Errorf("absence relation: %w", err)
		}
	}
	return demoAbsenceData(ctx, s, employer, date.Of(time.Now(), time.Local))
}
