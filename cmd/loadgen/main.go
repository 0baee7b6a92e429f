// Command loadgen measures a Mijn Account server under load on loopback.
//
// It builds nothing itself: give it the mijnaccount binary (make build or
// scripts/bench.sh). For each configuration (sqlite: the embedded default;
// postgres: PostgreSQL + Redis; cluster: two instances on PostgreSQL +
// Redis behind a round-robin proxy) it seeds users in-process, starts
// `mijnaccount serve` on a free 127.0.0.1 port and runs the scenarios, each
// bounded in time and count. It prints a Markdown table and writes JSON.
//
//	loadgen -bin bin/mijnaccount -configs sqlite,postgres,cluster -json bench.json
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/config"
	"github.com/mijnaccount/mijnaccount/internal/loadgen"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

func run() error {
	var o loadgen.Options
	var configs, jsonOut, mdOut string
	var boundFor time.Duration
	flag.StringVar(&o.Bin, "bin", "bin/mijnaccount", "the mijnaccount binary")
	flag.IntVar(&o.Users, "users", 400, "users seeded per configuration (each may log in three times per fresh 30 s TOTP window, then once per window)")
	flag.DurationVar(&o.Duration, "duration", 5*time.Second, "bound of each scenario")
	flag.DurationVar(&o.LoginDuration, "login-duration", 8*time.Second, "bound of each login run")
	flag.IntVar(&o.Workers, "workers", 8, "concurrent clients of the token, userinfo, introspection and metadata scenarios")
	flag.IntVar(&o.LoginWorkers, "login-workers", 2*runtime.NumCPU(), "concurrent browsers of the full-load login run")
	flag.IntVar(&o.MaxOps, "max-ops", 200000, "operation bound of each scenario")
	flag.StringVar(&configs, "configs", "sqlite,postgres,cluster", "configurations: sqlite, postgres, cluster")
	flag.StringVar(&o.PostgresAdmin, "postgres", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "admin connection for CREATE DATABASE (loopback only)")
	flag.StringVar(&o.RedisURL, "redis", "redis://127.0.0.1:6379/0", "Redis for the postgres and cluster configurations (loopback only)")
	flag.StringVar(&jsonOut, "json", "", "write the report as JSON to this file")
	flag.StringVar(&mdOut, "md", "", "write the Markdown tables to this file too")
	flag.DurationVar(&boundFor, "bound-duration", 2*time.Second, "how long each CPU bound is measured")
	flag.Parse()
	o.Log = os.Stderr
	for _, u := range []string{o.PostgresAdmin, o.RedisURL} {
		if err := loadgen.CheckLoopback(strings.Replace(strings.Replace(u, "postgres://", "http://", 1), "redis://", "http://", 1)); err != nil {
			return err
		}
	}
	if o.Duration <= 0 || o.Duration > time.Minute || o.LoginDuration <= 0 || o.LoginDuration > time.Minute {
		return fmt.Errorf("durations must be between 0 and 1m")
	}
	if _, err := os.Stat(o.Bin); err != nil {
		return fmt.Errorf("binary: %w (run make build)", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	rep := loadgen.Report{Machine: loadgen.Machine{Cores: runtime.NumCPU(), CPU: loadgen.CPUModel(), GoVersion: runtime.Version(),
		When: time.Now().UTC().Format(time.RFC3339)}}
	b, err := loadgen.MeasureBounds(config.Defaults().Password, boundFor)
	if err != nil {
		return err
	}
	rep.SetBounds(b, b)
	fmt.Fprintf(os.Stderr, "bounds: argon2id %.1f verifies/s, ES256 %.0f signatures/s on %d cores\n", b.ArgonPerSec, b.ES256PerSec, b.Cores)
	for _, name := range strings.Split(configs, ",") {
		name = strings.TrimSpace(name)
		if name != "sqlite" && name != "postgres" && name != "cluster" {
			return fmt.Errorf("unknown configuration %q", name)
		}
		cr, results, err := loadgen.RunConfig(ctx, name, o, b)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
			cr.Note = "failed: " + strings.ReplaceAll(err.Error(), "\n", "; ")
		}
		rep.Configs = append(rep.Configs, cr)
		rep.Results = append(rep.Results, results...)
		if ctx.Err() != nil {
			break
		}
	}
	after, err := loadgen.MeasureBounds(config.Defaults().Password, boundFor)
	if err != nil {
		return err
	}
	rep.SetBounds(b, after)
	fmt.Fprintf(os.Stderr, "bounds after: argon2id %.1f verifies/s, ES256 %.0f signatures/s\n", after.ArgonPerSec, after.ES256PerSec)
	rep.WriteMarkdown(os.Stdout)
	if mdOut != "" {
		f, err := os.Create(mdOut)
		if err != nil {
			return err
		}
		rep.WriteMarkdown(f)
		if err := f.Close(); err != nil {
			return err
		}
	}
	if jsonOut != "" {
		raw, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		return os.WriteFile(jsonOut, append(raw, '\n'), 0o644)
	}
	return nil
}
