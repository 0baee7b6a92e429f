package config

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/internal/loopback"
	"github.com/mijnaccount/mijnaccount/storage"
)

// Validate checks every key and returns all problems at once, each as
// "key: message", joined with errors.Join; nil when the configuration is usable.
func (c *Config) Validate() error {
	var errs []error
	add := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}
	if err := checkIssuer(c.Issuer); err != nil {
		add("issuer", "%v", err)
	}
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		add("listen", "not a host:port address: %q", c.Listen)
	}
	if strings.TrimSpace(c.DataDir) == "" {
		add("data_dir", "must not be empty")
	}
	if c.Database.URL != "" {
		if err := checkDatabaseURL(c.Database.URL); err != nil {
			add("database.url", "%v", err)
		}
	}
	if c.Audit.DatabaseURL != "" {
		if err := checkDatabaseURL(c.Audit.DatabaseURL); err != nil {
			add("audit.database_url", "%v", err)
		}
	}
	if c.Audit.IPHashKey != "" && len(c.Audit.IPHashKey) < 32 {
		add("audit.ip_hash_key", "must be at least 32 characters")
	}
	if c.Redis.URL != "" {
		u, err := url.Parse(c.Redis.URL)
		switch {
		case err != nil:
			add("redis.url", "malformed URL")
		case u.Scheme != "redis" && u.Scheme != "rediss":
			add("redis.url", "unsupported scheme %q (want redis or rediss)", u.Scheme)
		}
	}
	if c.Log.Format != "text" && c.Log.Format != "json" {
		add("log.format", "must be text or json, not %q", c.Log.Format)
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		add("log.level", "must be debug, info, warn or error, not %q", c.Log.Level)
	}
	for key, d := range map[string]time.Duration{
		"http.read_header_timeout": c.HTTP.ReadHeaderTimeout,
		"http.read_timeout":        c.HTTP.ReadTimeout,
		"http.write_timeout":       c.HTTP.WriteTimeout,
		"http.idle_timeout":        c.HTTP.IdleTimeout,
		"http.shutdown_timeout":    c.HTTP.ShutdownTimeout,
	} {
		if d <= 0 {
			add(key, "must be positive")
		}
	}
	c.validateAccounts(add)
	c.validateMFA(add)
	c.validateOIDC(add)
	for _, p := range c.HTTP.TrustedProxies {
		if _, err := netip.ParsePrefix(p); err != nil {
			add("http.trusted_proxies", "not a CIDR: %q", p)
		}
	}
	return errors.Join(sortErrs(errs)...)
}

func checkIssuer(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("must be an absolute URL, not %q", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return errors.New("must not have a query or fragment")
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !loopback.Host(u.Hostname()) {
			return errors.New("must use https unless the host is loopback")
		}
	default:
		return fmt.Errorf("unsupported scheme %q", u.Scheme)
	}
	return nil
}

// IsHTTPS reports whether the issuer is served over https.
func (c *Config) IsHTTPS() bool { return strings.HasPrefix(c.Issuer, "https://") }

// checkDatabaseURL accepts what storage.Open accepts, except a postgres URL
// without a host: the settings name the database server.
func checkDatabaseURL(raw string) error {
	d, err := storage.ParseURL(raw)
	if err != nil {
		return err
	}
	if u, perr := url.Parse(raw); d == storage.Postgres && (perr != nil || u.Host == "") {
		return errors.New("malformed postgres URL")
	}
	return nil
}

// sortErrs orders errors by text so reports are stable.
func sortErrs(errs []error) []error {
	for i := 1; i < len(errs); i++ {
		for j := i; j > 0 && errs[j].Error() < errs[j-1].Error(); j-- {
			errs[j], errs[j-1] = errs[j-1], errs[j]
		}
	}
	return errs
}
