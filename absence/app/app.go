package app

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/config"
	"github.com/mijnaccount/mijnaccount/absence/oidclogin"
	"github.com/mijnaccount/mijnaccount/absence/session"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/absence/web"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/secretbox"
	"github.com/mijnaccount/mijnaccount/server"
	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/memkv"
	"github.com/mijnaccount/mijnaccount/storage/rediskv"
	"github.com/mijnaccount/mijnaccount/templates"
)

// App is the assembled application.
type App struct {
	Config   config.Config
	Log      *slog.Logger
	DB       *storage.DB
	AuditDB  *storage.DB
	KV       storage.KV
	Store    *store.Store
	Audit    *audit.SQLStore
	Sessions *session.Manager
	OIDC     *oidclogin.Client
	Web      *web.Web
	Server   *server.Server
	closers  []func() error
}

// Options are the parts tests replace.
type Options struct {
	Now        func() time.Time
	HTTPClient *http.Client // for the provider; nil: a client with a timeout
}

// OpenStores opens and migrates the application's database and its audit
// database, for serve and for the administrative commands.
func OpenStores(ctx context.Context, cfg config.Config) (db, auditDB *storage.DB, err error) {
	if db, err = openMigrated(ctx, cfg.DatabaseURL, store.Migrations); err != nil {
		return nil, nil, fmt.Errorf("database: %w", err)
	}
	if auditDB, err = openMigrated(ctx, cfg.AuditDatabaseURL, audit.Migrations); err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("audit database: %w", err)
	}
	return db, auditDB, nil
}

func openMigrated(ctx context.Context, url string, set storage.Migrations) (*storage.DB, error) {
	db, err := storage.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx, set); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// NewStore returns the store on db (opened by OpenStores) with the keyring
// of cfg, after sealing the free text of rows written before it was sealed
// (store.SealLegacyText). serve and the administrative commands both go
// through it, so no command reads or writes before the old text is sealed.
func NewStore(ctx context.Context, cfg config.Config, db *storage.DB, now func() time.Time, log *slog.Logger) (*store.Store, error) {
	kr, err := secretsKeyring(cfg)
	if err != nil {
		return nil, err
	}
	s := store.New(db, now, kr)
	n, err := s.SealLegacyText(ctx)
	if err != nil {
		return nil, fmt.Errorf("seal free text: %w", err)
	}
	if n > 0 && log != nil {
		log.Info("sealed free text written before sealing", "rows", n)
	}
	return s, nil
}

// Open builds the application for cfg (which must pass ValidateServe).
func Open(ctx context.Context, cfg config.Config, log *slog.Logger, o Options) (_ *App, err error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	a := &App{Config: cfg, Log: log}
	defer func() {
		if err != nil {
			a.Close()
		}
	}()
	if a.DB, a.AuditDB, err = OpenStores(ctx, cfg); err != nil {
		return nil, err
	}
	a.closers = append(a.closers, a.DB.Close, a.AuditDB.Close)
	kvName := "memory"
	if cfg.RedisURL == "" {
		a.KV = memkv.New(o.Now)
	} else {
		kvName = "redis"
		if a.KV, err = rediskv.Open(ctx, cfg.RedisURL, cfg.RedisPrefix); err != nil {
			return nil, err
		}
	}
	a.closers = append(a.closers, a.KV.Close)
	ipKey, err := ipHashKey(cfg)
	if err != nil {
		return nil, err
	}
	keyring, bsnKey, err := BSNKeys(cfg)
	if err != nil {
		return nil, err
	}
	if a.Store, err = NewStore(ctx, cfg, a.DB, o.Now, log); err != nil {
		return nil, err
	}
	a.Audit = audit.NewSQLStore(a.AuditDB)
	secure := strings.HasPrefix(cfg.PublicURL, "https://")
	a.Sessions = session.New(a.KV, session.Options{Now: o.Now, Idle: cfg.SessionIdle, Absolute: cfg.SessionAbsolute, Secure: secure})
	if a.OIDC, err = oidclogin.New(oidclogin.Config{
		Issuer: cfg.Issuer, ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL(),
		HTTPClient: o.HTTPClient, Now: o.Now, MaxAge: cfg.MaxAge,
	}); err != nil {
		return nil, err
	}
	metrics := server.NewMetrics()
	recorder := audit.NewRecorder(a.Audit, o.Now, log)
	countEvent := metrics.EventCounter()
	recorder.Observe(func(e audit.Event) { countEvent(e.Action, string(e.Outcome)) })
	if a.Web, err = web.New(web.Deps{
		Store: a.Store, Sessions: a.Sessions, OIDC: a.OIDC, KV: a.KV, PublicURL: cfg.PublicURL, Log: log, Now: o.Now, Keyring: keyring, BSNIndexKey: bsnKey,
		Audit: &web.RequestAuditor{Recorder: recorder, IPKey: ipKey},
	}); err != nil {
		return nil, err
	}
	a.Server = server.New(server.Options{
		Config:    cfg.Server(),
		Logger:    log,
		Metrics:   metrics,
		ErrorPage: a.Web.ErrorPage,
		// The default policy: form-action 'self'. Every form of the
		// application posts to itself; the login leaves by a GET redirect.
		ContentSecurityPolicy: server.DefaultContentSecurityPolicy,
		Inner:                 []func(http.Handler) http.Handler{templates.LanguageMiddleware},
		Checks: []server.Check{
			{Name: "database", Ping: a.DB.PingContext},
			{Name: "audit_database", Ping: a.AuditDB.PingContext},
			{Name: kvName, Ping: a.KV.Ping},
		},
	})
	a.Web.Mount(a.Server.Mux())
	for _, p := range web.BypassCrossOrigin {
		a.Server.CrossOriginProtection().AddInsecureBypassPattern(p)
	}
	return a, nil
}

// Serve runs the HTTP server on ln until ctx ends.
func (a *App) Serve(ctx context.Context, ln net.Listener) error { return a.Server.Run(ctx, ln) }

// Close releases what Open acquired, in reverse order.
func (a *App) Close() error {
	var errs []error
	for i := len(a.closers) - 1; i >= 0; i-- {
		errs = append(errs, a.closers[i]())
	}
	a.closers = nil
	return errors.Join(errs...)
}

// secretsKeyring returns the configured keyring, or the one kept in
// DataDir (made on first start).
func secretsKeyring(cfg config.Config) (secretbox.Keyring, error) {
	spec := cfg.SecretsKeyring
	if spec == "" {
		b, err := keyFile(cfg.DataDir, "absence-secrets.keyring", func() (string, error) {
			key, err := secretbox.GenerateKey()
			if err != nil {
				return "", err
			}
			return "k1:" + base64.RawURLEncoding.EncodeToString(key), nil
		})
		if err != nil {
			return secretbox.Keyring{}, err
		}
		spec = b
	}
	kr, err := secretbox.ParseKeyring(spec)
	if err != nil {
		return kr, fmt.Errorf("secrets keyring: %w", err)
	}
	return kr, nil
}

// ipHashKey returns the configured key, or the one kept in DataDir (made on
// first start).
func ipHashKey(cfg config.Config) ([]byte, error) {
	if cfg.AuditIPHashKey != "" {
		return []byte(cfg.AuditIPHashKey), nil
	}
	return hexKeyFile(cfg.DataDir, "absence-audit-ip.key", 32)
}

// hexKeyFile returns the key kept hex-encoded in dir/name, made of 32
// random bytes on first use (see keyFile); a key shorter than minLen bytes is
// refused.
func hexKeyFile(dir, name string, minLen int) ([]byte, error) {
	text, err := keyFile(dir, name, func() (string, error) {
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return "", err
		}
		return hex.EncodeToString(key), nil
	})
	if err != nil {
		return nil, err
	}
	key, err := hex.DecodeString(text)
	if err != nil || len(key) < minLen {
		return nil, fmt.Errorf("%s: not a hex key of 32 bytes", filepath.Join(dir, name))
	}
	return key, nil
}

// keyFile returns the trimmed content of dir/name, writing the result of generate
// there first (mode 0600) when the file does not exist yet.
func keyFile(dir, name string, generate func() (string, error)) (string, error) {
	path := filepath.Join(dir, name)
	for range 2 {
		if b, err := os.ReadFile(path); err == nil {
			return strings.TrimSpace(string(b)), nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		text, err := generate()
		if err != nil {
			return "", err
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return "", err
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) {
			continue // another process made it first: read theirs
		} else if err != nil {
			return "", err
		}
		_, werr := f.WriteString(text + "\n")
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		return text, werr
	}
	return "", fmt.Errorf("%s: cannot be created", path)
}
