package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/oidclogin"
	"github.com/mijnaccount/mijnaccount/absence/session"
	mconfig "github.com/mijnaccount/mijnaccount/config"
	"github.com/mijnaccount/mijnaccount/internal/loopback"
	"github.com/mijnaccount/mijnaccount/secretbox"
	"github.com/mijnaccount/mijnaccount/storage"
)

// Config is the absence application's configuration.
type Config struct {
	Issuer           string        // ABSENCE_ISSUER
	ClientID         string        // ABSENCE_CLIENT_ID
	ClientSecret     string        // ABSENCE_CLIENT_SECRET
	Listen           string        // ABSENCE_LISTEN
	PublicURL        string        // ABSENCE_URL, without trailing slash
	DataDir          string        // ABSENCE_DATA_DIR
	DatabaseURL      string        // ABSENCE_DATABASE_URL
	AuditDatabaseURL string        // ABSENCE_AUDIT_DATABASE_URL
	RedisURL         string        // ABSENCE_REDIS_URL; empty: sessions in memory
	RedisPrefix      string        // ABSENCE_REDIS_PREFIX
	AuditIPHashKey   string        // ABSENCE_AUDIT_IP_HASH_KEY; empty: a key file in DataDir
	SecretsKeyring   string        // ABSENCE_SECRETS_KEYRING; empty: a keyring file in DataDir
	BSNIndexKey      string        // ABSENCE_BSN_INDEX_KEY; empty: a key file in DataDir
	LogFormat        string        // ABSENCE_LOG_FORMAT: text | json
	LogLevel         string        // ABSENCE_LOG_LEVEL: debug | info | warn | error
	SessionIdle      time.Duration // ABSENCE_SESSION_IDLE
	SessionAbsolute  time.Duration // ABSENCE_SESSION_ABSOLUTE
	MaxAge           time.Duration // ABSENCE_MAX_AGE
	TrustedProxies   []string      // ABSENCE_TRUSTED_PROXIES, comma-separated CIDRs
}

// Env lists every variable with its meaning, for the usage text.
var Env = [][2]string{
	{"ABSENCE_ISSUER", "issuer URL of Mijn Account (default http://localhost:8080)"},
	{"ABSENCE_CLIENT_ID", "client id registered at Mijn Account (required for serve)"},
	{"ABSENCE_CLIENT_SECRET", "client secret (required for serve)"},
	{"ABSENCE_LISTEN", "address to listen on (default 127.0.0.1:8081)"},
	{"ABSENCE_URL", "public base URL; the redirect URI is ABSENCE_URL/callback (default http://localhost:8081)"},
	{"ABSENCE_DATA_DIR", "directory for the embedded databases and key files (default data)"},
	{"ABSENCE_DATABASE_URL", "sqlite:PATH or postgres://… (default sqlite:DATA_DIR/absence.db)"},
	{"ABSENCE_AUDIT_DATABASE_URL", "the audit trail's own database (default sqlite:DATA_DIR/absence-audit.db)"},
	{"ABSENCE_REDIS_URL", "redis://… for sessions shared by several instances (default: in memory)"},
	{"ABSENCE_REDIS_PREFIX", "prefix of every Redis key (default absence:)"},
	{"ABSENCE_AUDIT_IP_HASH_KEY", "key for hashing client IPs in audit events (default: generated into DATA_DIR)"},
	{"ABSENCE_SECRETS_KEYRING", "id:base64key[,id:base64key…] sealing BSNs and medical notes; the first key is current (default: generated into DATA_DIR)"},
	{"ABSENCE_BSN_INDEX_KEY", "key of the BSN search index, at least 32 characters (default: generated into DATA_DIR)"},
	{"ABSENCE_LOG_FORMAT", "text or json (default text)"},
	{"ABSENCE_LOG_LEVEL", "debug, info, warn or error (default info)"},
	{"ABSENCE_SESSION_IDLE", "idle timeout of a session, at most 1h (default 30m)"},
	{"ABSENCE_SESSION_ABSOLUTE", "longest life of a session, counted from the login at Mijn Account, at most 24h (default 8h)"},
	{"ABSENCE_MAX_AGE", "max_age sent to Mijn Account: the oldest login a new session accepts, at most ABSENCE_SESSION_ABSOLUTE (default: ABSENCE_SESSION_ABSOLUTE)"},
	{"ABSENCE_TRUSTED_PROXIES", "comma-separated CIDRs whose X-Forwarded-For is believed"},
}

// FromEnv reads the configuration through getenv (os.Getenv) and fills in
// defaults. It reports every malformed value at once; missing client
// credentials are checked by ValidateServe.
func FromEnv(getenv func(string) string) (Config, error) {
	get := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	c := Config{
		Issuer:           strings.TrimSuffix(get("ABSENCE_ISSUER", "http://localhost:8080"), "/"),
		ClientID:         get("ABSENCE_CLIENT_ID", ""),
		ClientSecret:     get("ABSENCE_CLIENT_SECRET", ""),
		Listen:           get("ABSENCE_LISTEN", "127.0.0.1:8081"),
		PublicURL:        strings.TrimSuffix(get("ABSENCE_URL", "http://localhost:8081"), "/"),
		DataDir:          get("ABSENCE_DATA_DIR", "data"),
		RedisURL:         get("ABSENCE_REDIS_URL", ""),
		RedisPrefix:      get("ABSENCE_REDIS_PREFIX", "absence:"),
		AuditIPHashKey:   get("ABSENCE_AUDIT_IP_HASH_KEY", ""),
		SecretsKeyring:   get("ABSENCE_SECRETS_KEYRING", ""),
		BSNIndexKey:      get("ABSENCE_BSN_INDEX_KEY", ""),
		LogFormat:        get("ABSENCE_LOG_FORMAT", "text"),
		LogLevel:         get("ABSENCE_LOG_LEVEL", "info"),
		DatabaseURL:      get("ABSENCE_DATABASE_URL", ""),
		AuditDatabaseURL: get("ABSENCE_AUDIT_DATABASE_URL", ""),
	}
	if c.DatabaseURL == "" {
		c.DatabaseURL = "sqlite:" + filepath.Join(c.DataDir, "absence.db")
	}
	if c.AuditDatabaseURL == "" {
		c.AuditDatabaseURL = "sqlite:" + filepath.Join(c.DataDir, "absence-audit.db")
	}
	var errs []error
	dur := func(name string, def time.Duration) time.Duration {
		v := get(name, "")
		if v == "" {
			return def
		}
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("%s: %q is not a positive duration such as 30m or 8h", name, v))
			return def
		}
		return d
	}
	c.SessionIdle = dur("ABSENCE_SESSION_IDLE", 30*time.Minute)
	c.SessionAbsolute = dur("ABSENCE_SESSION_ABSOLUTE", 8*time.Hour)
	c.MaxAge = dur("ABSENCE_MAX_AGE", c.SessionAbsolute)
	if v := get("ABSENCE_TRUSTED_PROXIES", ""); v != "" {
		for p := range strings.SplitSeq(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				c.TrustedProxies = append(c.TrustedProxies, p)
			}
		}
	}
	errs = append(errs, c.check()...)
	if len(errs) > 0 {
		return c, errors.Join(errs...)
	}
	return c, nil
}

func (c Config) check() []error {
	var errs []error
	if !httpURL(c.Issuer) {
		errs = append(errs, fmt.Errorf("ABSENCE_ISSUER: %q is not an http(s) URL", c.Issuer))
	}
	if !httpURL(c.PublicURL) {
		errs = append(errs, fmt.Errorf("ABSENCE_URL: %q is not an http(s) URL", c.PublicURL))
	} else if u, _ := url.Parse(c.PublicURL); u.Path != "" || u.RawQuery != "" {
		errs = append(errs, fmt.Errorf("ABSENCE_URL: %q must be a base URL without path or query", c.PublicURL))
	}
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		errs = append(errs, fmt.Errorf("ABSENCE_LISTEN: %q is not host:port", c.Listen))
	}
	if _, err := storage.ParseURL(c.DatabaseURL); err != nil {
		errs = append(errs, fmt.Errorf("ABSENCE_DATABASE_URL: %w", err))
	}
	if _, err := storage.ParseURL(c.AuditDatabaseURL); err != nil {
		errs = append(errs, fmt.Errorf("ABSENCE_AUDIT_DATABASE_URL: %w", err))
	}
	if c.RedisURL != "" && !strings.HasPrefix(c.RedisURL, "redis://") && !strings.HasPrefix(c.RedisURL, "rediss://") {
		errs = append(errs, errors.New("ABSENCE_REDIS_URL: must start with redis:// or rediss://"))
	}
	if c.AuditIPHashKey != "" && len(c.AuditIPHashKey) < 32 {
		errs = append(errs, errors.New("ABSENCE_AUDIT_IP_HASH_KEY: must be at least 32 characters"))
	}
	if c.BSNIndexKey != "" && len(c.BSNIndexKey) < 32 {
		errs = append(errs, errors.New("ABSENCE_BSN_INDEX_KEY: must be at least 32 characters"))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("ABSENCE_LOG_FORMAT: must be text or json, not %q", c.LogFormat))
	}
	if c.SecretsKeyring != "" {
		if _, err := secretbox.ParseKeyring(c.SecretsKeyring); err != nil {
			errs = append(errs, fmt.Errorf("ABSENCE_SECRETS_KEYRING: %w", err))
		}
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		errs = append(errs, fmt.Errorf("ABSENCE_LOG_LEVEL: must be debug, info, warn or error, not %q", c.LogLevel))
	}
	return append(errs, c.checkLifetimes()...)
}

// checkLifetimes holds the session lifetimes to the AAL2 limits of NIST SP
// 800-63B-4 Sec. 2.2.3 (reauthentication at least every 24 hours and after
// at most 1 hour of inactivity), and max_age within the session's lifetime:
// an older login would start a session that has already ended.
func (c Config) checkLifetimes() []error {
	const aal2 = "sessions show data behind acr aal2 (NIST SP 800-63B-4 Sec. 2.2.3)"
	var errs []error
	if c.SessionIdle > session.MaxIdle {
		errs = append(errs, fmt.Errorf("ABSENCE_SESSION_IDLE: %s is longer than %s: %s", c.SessionIdle, session.MaxIdle, aal2))
	}
	if c.SessionAbsolute > session.MaxAbsolute {
		errs = append(errs, fmt.Errorf("ABSENCE_SESSION_ABSOLUTE: %s is longer than %s: %s", c.SessionAbsolute, session.MaxAbsolute, aal2))
	}
	if c.SessionIdle > c.SessionAbsolute {
		errs = append(errs, errors.New("ABSENCE_SESSION_IDLE: longer than ABSENCE_SESSION_ABSOLUTE"))
	}
	switch {
	case c.MaxAge < time.Minute:
		errs = append(errs, fmt.Errorf("ABSENCE_MAX_AGE: %s is shorter than 1m", c.MaxAge))
	case c.MaxAge > oidclogin.MaxMaxAge:
		errs = append(errs, fmt.Errorf("ABSENCE_MAX_AGE: %s is longer than %s: %s", c.MaxAge, oidclogin.MaxMaxAge, aal2))
	case c.MaxAge > c.SessionAbsolute:
		errs = append(errs, fmt.Errorf("ABSENCE_MAX_AGE: %s is longer than ABSENCE_SESSION_ABSOLUTE %s: a login that old would start a session that has already ended", c.MaxAge, c.SessionAbsolute))
	}
	return errs
}

// ValidateServe checks what serving needs on top of FromEnv.
func (c Config) ValidateServe() error {
	var errs []error
	if c.ClientID == "" {
		errs = append(errs, errors.New("ABSENCE_CLIENT_ID: required (register the client with `mijnaccount client create`)"))
	}
	if c.ClientSecret == "" {
		errs = append(errs, errors.New("ABSENCE_CLIENT_SECRET: required"))
	}
	if strings.HasPrefix(c.Issuer, "http://") && !loopback.URL(c.Issuer) {
		errs = append(errs, errors.New("ABSENCE_ISSUER: plain http is only allowed for a loopback host"))
	}
	if strings.HasPrefix(c.PublicURL, "http://") && !loopback.URL(c.PublicURL) {
		errs = append(errs, errors.New("ABSENCE_URL: plain http is only allowed for a loopback host"))
	}
	return errors.Join(errs...)
}

// RedirectURL is the redirect URI to register at Mijn Account.
func (c Config) RedirectURL() string { return c.PublicURL + "/callback" }

// PostLogoutRedirectURL is the post-logout redirect URI to register.
func (c Config) PostLogoutRedirectURL() string { return c.PublicURL + "/logged-out" }

// BackchannelLogoutURL is the back-channel logout URI to register.
func (c Config) BackchannelLogoutURL() string { return c.PublicURL + "/backchannel-logout" }

// Server returns the shared HTTP server's configuration: its timeouts,
// trusted proxies and logging, with the application's public URL in the
// issuer's place (it decides HSTS).
func (c Config) Server() mconfig.Config {
	s := mconfig.Defaults()
	s.Issuer = c.PublicURL
	s.Listen = c.Listen
	s.HTTP.TrustedProxies = c.TrustedProxies
	s.Log = mconfig.Log{Format: c.LogFormat, Level: c.LogLevel}
	return s
}

func httpURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
