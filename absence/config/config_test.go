package config

import (
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, err := FromEnv(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Issuer != "http://localhost:8080" || c.Listen != "127.0.0.1:8081" || c.PublicURL != "http://localhost:8081" ||
		c.DatabaseURL != "sqlite:data/absence.db" || c.AuditDatabaseURL != "sqlite:data/absence-audit.db" || c.RedisURL != "" ||
		c.SessionIdle != 30*time.Minute || c.SessionAbsolute != 8*time.Hour {
		t.Fatalf("defaults %+v", c)
	}
	if c.RedirectURL() != "http://localhost:8081/callback" || c.BackchannelLogoutURL() != "http://localhost:8081/backchannel-logout" ||
		c.PostLogoutRedirectURL() != "http://localhost:8081/logged-out" {
		t.Fatal("derived URLs")
	}
	if err := c.ValidateServe(); err == nil || !strings.Contains(err.Error(), "ABSENCE_CLIENT_ID") || !strings.Contains(err.Error(), "ABSENCE_CLIENT_SECRET") {
		t.Fatalf("ValidateServe without credentials: %v", err)
	}
	if s := c.Server(); s.IsHTTPS() || s.HTTP.ReadTimeout == 0 {
		t.Fatalf("server config %+v", s)
	}
}

func TestFromEnv(t *testing.T) {
	c, err := FromEnv(env(map[string]string{
		"ABSENCE_ISSUER": "https://account.example.nl/", "ABSENCE_CLIENT_ID": "verzuim", "ABSENCE_CLIENT_SECRET": "s",
		"ABSENCE_URL": "https://verzuim.example.nl", "ABSENCE_DATA_DIR": "/var/lib/absence",
		"ABSENCE_DATABASE_URL": "postgres://u@db/absence", "ABSENCE_REDIS_URL": "redis://cache:6379/1",
		"ABSENCE_SESSION_IDLE": "15m", "ABSENCE_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.0.0/16",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Issuer != "https://account.example.nl" || c.AuditDatabaseURL != "sqlite:/var/lib/absence/absence-audit.db" ||
		c.SessionIdle != 15*time.Minute || len(c.TrustedProxies) != 2 {
		t.Fatalf("config %+v", c)
	}
	if s := c.Server(); !s.IsHTTPS() {
		t.Fatal("https public URL not seen as HTTPS")
	}
	if err := c.ValidateServe(); err != nil {
		t.Fatal(err)
	}
}

func TestErrorsNameTheVariable(t *testing.T) {
	_, err := FromEnv(env(map[string]string{
		"ABSENCE_ISSUER": "ftp://x", "ABSENCE_URL": "http://localhost:8081/app", "ABSENCE_LISTEN": "8081",
		"ABSENCE_DATABASE_URL": "mysql://x", "ABSENCE_REDIS_URL": "memcache://x", "ABSENCE_LOG_FORMAT": "xml",
		"ABSENCE_LOG_LEVEL": "loud", "ABSENCE_SESSION_IDLE": "soon", "ABSENCE_AUDIT_IP_HASH_KEY": "short",
		"ABSENCE_SECRETS_KEYRING": "k1:not-a-key",
	}))
	if err == nil {
		t.Fatal("accepted")
	}
	for _, name := range []string{"ABSENCE_ISSUER", "ABSENCE_URL", "ABSENCE_LISTEN", "ABSENCE_DATABASE_URL", "ABSENCE_REDIS_URL",
		"ABSENCE_LOG_FORMAT", "ABSENCE_LOG_LEVEL", "ABSENCE_SESSION_IDLE", "ABSENCE_AUDIT_IP_HASH_KEY", "ABSENCE_SECRETS_KEYRING"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("no mention of %s in %v", name, err)
		}
	}
	c, _ := FromEnv(env(map[string]string{"ABSENCE_ISSUER": "http://idp.example", "ABSENCE_CLIENT_ID": "a", "ABSENCE_CLIENT_SECRET": "b"}))
	if err := c.ValidateServe(); err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Fatalf("plain http to a remote issuer: %v", err)
	}
}

func TestSessionLifetimesAreHeldToTheAAL2Limits(t *testing.T) {
	c, err := FromEnv(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.MaxAge != 8*time.Hour {
		t.Errorf("default max age %v, want the session's absolute lifetime 8h", c.MaxAge)
	}
	if c, err := FromEnv(env(map[string]string{"ABSENCE_SESSION_ABSOLUTE": "4h"})); err != nil || c.MaxAge != 4*time.Hour {
		t.Errorf("max age follows ABSENCE_SESSION_ABSOLUTE: %v, %v", c.MaxAge, err)
	}
	if c, err := FromEnv(env(map[string]string{"ABSENCE_SESSION_ABSOLUTE": "24h", "ABSENCE_SESSION_IDLE": "1h", "ABSENCE_MAX_AGE": "12h"})); err != nil || c.MaxAge != 12*time.Hour {
		t.Errorf("the limits themselves are allowed: %v, %v", c.MaxAge, err)
	}
	for name, tc := range map[string]struct {
		env  map[string]string
		want string
	}{
		"idle over 1h":           {map[string]string{"ABSENCE_SESSION_IDLE": "61m"}, "ABSENCE_SESSION_IDLE: 1h1m0s is longer than 1h0m0s"},
		"absolute over 24h":      {map[string]string{"ABSENCE_SESSION_ABSOLUTE": "25h"}, "ABSENCE_SESSION_ABSOLUTE: 25h0m0s is longer than 24h0m0s"},
		"max age over 24h":       {map[string]string{"ABSENCE_SESSION_ABSOLUTE": "24h", "ABSENCE_MAX_AGE": "720h"}, "ABSENCE_MAX_AGE: 720h0m0s is longer than 24h0m0s"},
		"max age over absolute":  {map[string]string{"ABSENCE_MAX_AGE": "12h"}, "ABSENCE_MAX_AGE: 12h0m0s is longer than ABSENCE_SESSION_ABSOLUTE"},
		"max age under a minute": {map[string]string{"ABSENCE_MAX_AGE": "30s"}, "ABSENCE_MAX_AGE: 30s is shorter than 1m"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := FromEnv(env(tc.env))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("want %q, got %v", tc.want, err)
			}
		})
	}
}
