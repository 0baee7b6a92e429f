package loadgen

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// Options configure a run of the suite.
type Options struct {
	Bin           string        // the mijnaccount binary
	Users         int           // seeded users per configuration
	Duration      time.Duration // bound of each scenario
	LoginDuration time.Duration // bound of each login run
	Workers       int           // concurrency of the fast scenarios
	LoginWorkers  int           // concurrency of the login at full load
	MaxOps        int           // operation bound of each scenario
	Configs       []string      // sqlite, postgres, cluster
	PostgresAdmin string        // for CREATE DATABASE (psql connection string)
	RedisURL      string
	Log           io.Writer
}

// Backend is a prepared server configuration: its environment and cleanup.
type Backend struct {
	Env     []string
	DataDir string
	Cleanup func()
}

// PrepareBackend makes a data directory and, for postgres and cluster, a
// fresh database and Redis prefix.
func PrepareBackend(ctx context.Context, name string, o Options) (*Backend, error) {
	dir, err := os.MkdirTemp("", "loadgen-"+name+"-")
	if err != nil {
		return nil, err
	}
	b := &Backend{DataDir: dir, Env: []string{"MIJNACCOUNT_DATA_DIR=" + dir, "MIJNACCOUNT_LOG_LEVEL=error"},
		Cleanup: func() { os.RemoveAll(dir) }}
	if name == "sqlite" {
		return b, nil
	}
	db := fmt.Sprintf("loadgen_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6)
	url, drop, err := createDatabase(ctx, o.PostgresAdmin, db)
	if err != nil {
		b.Cleanup()
		return nil, err
	}
	prefix := "loadgen:" + db + ":"
	b.Env = append(b.Env, "MIJNACCOUNT_DATABASE_URL="+url, "MIJNACCOUNT_REDIS_URL="+o.RedisURL, "MIJNACCOUNT_REDIS_PREFIX="+prefix)
	b.Cleanup = func() { drop(); clearRedis(o.RedisURL, prefix); os.RemoveAll(dir) }
	return b, nil
}

// RunConfig prepares one configuration, starts its servers, runs every
// scenario against it and stops it again.
func RunConfig(ctx context.Context, name string, o Options, bounds Bounds) (ConfigReport, []Result, error) {
	cr := ConfigReport{Name: name, Instances: 1, Users: o.Users}
	if name == "cluster" {
		cr.Instances = 2
	}
	be, err := PrepareBackend(ctx, name, o)
	if err != nil {
		return cr, nil, err
	}
	defer be.Cleanup()
	ports := make([]int, cr.Instances+1)
	for i := range ports {
		if ports[i], err = FreePort(); err != nil {
			return cr, nil, err
		}
	}
	// WebAuthn needs a domain as RP id: localhost is loopback and allowed on http.
	issuer := fmt.Sprintf("http://localhost:%d", ports[0])
	env := append(be.Env, "MIJNACCOUNT_ISSUER="+issuer)
	t0 := time.Now()
	fx, err := Seed(ctx, env, o.Users)
	if err != nil {
		return cr, nil, fmt.Errorf("seed %s: %w", name, err)
	}
	fmt.Fprintf(o.Log, "%s: seeded %d users in %v\n", name, o.Users, time.Since(t0).Round(time.Millisecond))
	logFile, err := os.Create(filepath.Join(be.DataDir, "server.log"))
	if err != nil {
		return cr, nil, err
	}
	defer logFile.Close()
	var servers []*Server
	defer func() {
		for _, s := range servers {
			s.Stop()
		}
	}()
	var pids []int
	var backends []string
	for i := range cr.Instances {
		port := ports[0]
		if cr.Instances > 1 {
			port = ports[i+1]
		}
		s, err := StartServer(ctx, o.Bin, env, port, logFile)
		if err != nil {
			return cr, nil, err
		}
		servers = append(servers, s)
		pids = append(pids, s.Pid())
		backends = append(backends, s.URL)
		cr.ReadyMs = max(cr.ReadyMs, float64(s.Ready.Microseconds())/1000)
	}
	base := issuer
	var proxy *Proxy
	if cr.Instances > 1 {
		if proxy, err = StartProxy(ports[0], backends); err != nil {
			return cr, nil, err
		}
		defer proxy.Close()
		cr.Note = "round-robin per request: every login's steps alternate between the instances"
	}
	time.Sleep(300 * time.Millisecond)
	if idle, err := readProcs(pids); err == nil {
		cr.IdleRSSMiB = float64(idle.RSSKiB) / 1024
	}
	tg, err := NewTarget(base, fx)
	if err != nil {
		return cr, nil, err
	}
	results := runScenarios(ctx, name, o, tg, pids, bounds)
	if proxy != nil {
		for i := range proxy.Counts {
			cr.PerInstance = append(cr.PerInstance, proxy.Counts[i].Load())
		}
	}
	return cr, results, nil
}

func runScenarios(ctx context.Context, name string, o Options, tg *Target, pids []int, b Bounds) []Result {
	var out []Result
	run := func(scenario string, lim Limits, op Op, bound float64, boundName string) Result {
		if lim.MaxOps == 0 {
			lim.MaxOps = o.MaxOps
		}
		r := Run(ctx, name, scenario, pids, lim, op)
		if bound > 0 {
			r.Bound, r.BoundRatio, r.BoundSource = bound, r.PerSecond/bound, boundName
		}
		fmt.Fprintf(o.Log, "%s %-22s %7.1f/s p99 %7.1f ms errors %d\n", name, scenario, r.PerSecond, r.P99ms, r.Errors)
		out = append(out, r)
		return r
	}
	login := run("login", Limits{Workers: o.LoginWorkers, Duration: o.LoginDuration}, tg.Login, b.ArgonPerSec, boundArgon)
	// The latency target is at half the argon2id bound (half the machine).
	if half := b.ArgonPerSec / 2; login.PerSecond > 0 && half > 0 {
		run(fmt.Sprintf("login at %.0f/s", half), Limits{Workers: o.LoginWorkers * 2, Duration: o.LoginDuration, Rate: half},
			tg.Login, b.ArgonPerSec, boundArgon)
	}
	run("client_credentials", Limits{Workers: o.Workers, Duration: o.Duration}, tg.ClientCredentials, b.ES256PerSec, boundES256)
	run("userinfo", Limits{Workers: o.Workers, Duration: o.Duration}, tg.UserInfo, 0, "")
	run("introspection", Limits{Workers: o.Workers, Duration: o.Duration}, tg.Introspect, 0, "")
	refreshWorkers := min(o.Workers, tg.Grants())
	if refreshWorkers > 0 {
		tg.SpreadRefresh(refreshWorkers)
		run("refresh (rotation)", Limits{Workers: refreshWorkers, Duration: o.Duration}, tg.Refresh, b.ES256PerSec, boundES256)
	}
	run("jwks", Limits{Workers: o.Workers, Duration: o.Duration}, tg.JWKS, 0, "")
	run("discovery", Limits{Workers: o.Workers, Duration: o.Duration}, tg.Discovery, 0, "")
	return out
}

// Names of the bounds results are rated against.
const (
	boundArgon = "argon2id bound"
	boundES256 = "ES256 bound"
)
