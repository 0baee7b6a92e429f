package app

import (
	"context"

	"errors"
	"fmt"
	"github.com/ory/fosite"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/invite"
	"github.com/mijnaccount/mijnaccount/account/password"
	"github.com/mijnaccount/mijnaccount/account/session"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/authz"
	"github.com/mijnaccount/mijnaccount/authz/backchannel"
	"github.com/mijnaccount/mijnaccount/authz/keys"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
	"github.com/mijnaccount/mijnaccount/billing"
	"github.com/mijnaccount/mijnaccount/config"
	"github.com/mijnaccount/mijnaccount/mail"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/phoneswap"
	"github.com/mijnaccount/mijnaccount/mfa/smsotp"
	"github.com/mijnaccount/mijnaccount/server"
	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/memkv"
	"github.com/mijnaccount/mijnaccount/storage/rediskv"
	"github.com/mijnaccount/mijnaccount/templates"
)

// App is the running product for one configuration.
type App struct {
	Config   config.Config
	Log      *slog.Logger
	DB       *storage.DB
	AuditDB  *storage.DB
	KV       storage.KV
	KVKind   string // "memory" or "redis"
	Audit    *audit.Recorder
	Auditor  *requestAuditor // records with request id and IP hash
	Accounts *account.SQLStore
	Sessions *session.Manager
	Hasher   *password.Hasher
	Invites  *invite.Service
	Factors  *mfa.SQLStore
	Swaps    *phoneswap.Service // temporary phone numbers
	Billing  *billing.Service   // SMS tariffs, reports, statements, budgets
	Mail     *mail.Mailer       // outgoing mail
	SMSCodes *smsotp.Codes      // one-time SMS codes
	OAuth    *oauthstore.Store  // OAuth clients and fosite's requests
	Keys     *keys.Manager      // token signing keys
	// Backchannel sends logout tokens when a session ends.
	Backchannel *backchannel.Notifier
	// SMSHTTPClient carries Twilio requests; nil means the default client.
	SMSHTTPClient *http.Client
	Server        *server.Server
	Now           func() time.Time
	closers       []func() error
	metrics       *productMetrics
}

// Open connects everything cfg names, migrates when configured, and builds the
// HTTP server. It fails closed: an unreachable database or Redis is an error.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	return OpenWithClock(ctx, cfg, log, time.Now)
}

// OpenWithClock is Open with the clock every part of the product uses, so
// tests can move time without sleeping.
func OpenWithClock(ctx context.Context, cfg config.Config, log *slog.Logger, now func() time.Time) (*App, error) {
	return OpenWith(ctx, cfg, log, Options{Now: now})
}

// Options are the parts tests replace: the clock, and the HTTP client that
// carries Twilio requests (pointed at a local fake of the Twilio API).
type Options struct {
	Now           func() time.Time
	SMSHTTPClient *http.Client
}

// OpenWith is Open with Options.
func OpenWith(ctx context.Context, cfg config.Config, log *slog.Logger, o Options) (_ *App, err error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	a := &App{Config: cfg, Log: log, Now: o.Now, SMSHTTPClient: o.SMSHTTPClient}
	defer func() {
		if err != nil {
			a.Close()
		}
	}()
	if a.DB, err = openMigrated(ctx, cfg.DatabaseURL(), storage.Schema, cfg.Database.MigrateOnStart); err != nil {
		return nil, fmt.Errorf("main database: %w", err)
	}
	a.closers = append(a.closers, a.DB.Close)
	if a.AuditDB, err = openMigrated(ctx, cfg.AuditDatabaseURL(), audit.Migrations, cfg.Database.MigrateOnStart); err != nil {
		return nil, fmt.Errorf("audit database: %w", err)
	}
	a.closers = append(a.closers, a.AuditDB.Close)
	if err = a.openKV(ctx); err != nil {
		return nil, err
	}
	registry := server.NewMetrics()
	a.metrics = newProductMetrics(registry)
	a.Audit = audit.NewRecorder(audit.NewSQLStore(a.AuditDB), a.Now, log)
	a.Audit.Observe(a.metrics.event)
	ipKey, err := secret(cfg.Audit.IPHashKey, cfg.DataDir, "audit-ip.key", 32)
	if err != nil {
		return nil, fmt.Errorf("audit.ip_hash_key: %w", err)
	}
	a.Auditor = &requestAuditor{rec: a.Audit, ipKey: ipKey}
	a.Accounts = account.NewSQLStore(a.DB)
	a.Billing = a.newBilling()
	a.OAuth = oauthstore.New(a.DB, a.Now, oauthstore.WithSessionID(authz.SessionID),
		oauthstore.WithEmptySession(func() fosite.Session { return authz.NewSession() }))
	w, err := a.buildWeb(ctx)
	if err != nil {
		return nil, err
	}
	a.Server = server.New(server.Options{
		Config:    cfg,
		Logger:    log,
		Metrics:   registry,
		ErrorPage: w.errorPage,
		// The clock is the wall clock here: the cache must expire for real
		// even when tests hold the app's clock still.
		FormActionOrigins: (&formActions{store: a.OAuth, now: time.Now}).origins,
		Inner:             []func(http.Handler) http.Handler{templates.LanguageMiddleware},
		Checks: []server.Check{
			{Name: "database", Ping: a.DB.PingContext},
			{Name: "audit_database", Ping: a.AuditDB.PingContext},
			{Name: a.KVKind, Ping: a.KV.Ping},
		},
	})
	w.mount(a.Server.Mux())
	a.mountBilling(a.Server.Mux(), w)
	for _, pattern := range authz.BypassCrossOrigin {
		a.Server.CrossOriginProtection().AddInsecureBypassPattern(pattern)
	}
	return a, nil
}

func (a *App) openKV(ctx context.Context) error {
	if a.Config.Redis.URL == "" {
		a.KV, a.KVKind = memkv.New(a.Now), "memory"
	} else {
		kv, err := rediskv.Open(ctx, a.Config.Redis.URL, a.Config.Redis.Prefix)
		if err != nil {
			return fmt.Errorf("redis: %w", err)
		}
		a.KV, a.KVKind = kv, "redis"
	}
	a.closers = append(a.closers, a.KV.Close)
	return nil
}

// openMigrated opens a database and applies (or, when migrate is false,
// checks for) pending migrations.
func openMigrated(ctx context.Context, url string, set storage.Migrations, migrate bool) (*storage.DB, error) {
	db, err := storage.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	if migrate {
		_, err = db.Migrate(ctx, set)
	} else {
		var pending []string
		if pending, err = db.Pending(ctx, set); err == nil && len(pending) > 0 {
			err = fmt.Errorf("%d pending migrations (first %s): run `mijnaccount migrate`", len(pending), pending[0])
		}
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Serve runs the HTTP server on ln until ctx ends, then shuts down gracefully.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	jobs, stop := context.WithCancel(ctx)
	defer stop()
	go a.runJobs(jobs)
	return a.Server.Run(ctx, ln)
}

// Close releases every resource Open acquired, in reverse order.
func (a *App) Close() error {
	var errs []error
	for i := len(a.closers) - 1; i >= 0; i-- {
		errs = append(errs, a.closers[i]())
	}
	a.closers = nil
	return errors.Join(errs...)
}
