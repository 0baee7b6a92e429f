package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDefaultsAreValidEmbeddedMode(t *testing.T) {
	cfg, err := Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("defaults must validate: %v", err)
	}
	if got := cfg.DatabaseURL(); got != "sqlite:data/mijnaccount.db" {
		t.Errorf("default database = %q", got)
	}
	if got := cfg.AuditDatabaseURL(); got != "sqlite:data/audit.db" {
		t.Errorf("default audit database = %q, want a separate sqlite file", got)
	}
	if cfg.Redis.URL != "" || cfg.Listen != "127.0.0.1:8080" || cfg.Issuer != "http://localhost:8080" {
		t.Errorf("unexpected defaults: %+v", cfg)
	}
}

func TestEnvironmentOverridesFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "c.yaml")
	writeFile(t, file, `
listen: 127.0.0.1:9000
database:
  url: sqlite:/tmp/x.db
log:
  format: json
http:
  read_timeout: 7s
  trusted_proxies: [10.0.0.0/8]
`)
	cfg, err := Load(file, []string{
		"MIJNACCOUNT_DATABASE_URL=postgres://127.0.0.1:5432/test?sslmode=disable",
		"MIJNACCOUNT_REDIS_URL=redis://127.0.0.1:6379/0",
		"MIJNACCOUNT_HTTP_TRUSTED_PROXIES=127.0.0.1/32, ::1/128",
		"MIJNACCOUNT_DATABASE_MIGRATE_ON_START=false",
		"PATH=/usr/bin",
	})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Listen != "127.0.0.1:9000" {
		t.Errorf("file value lost: listen = %q", cfg.Listen)
	}
	if cfg.Database.URL != "postgres://127.0.0.1:5432/test?sslmode=disable" {
		t.Errorf("env must win over file: %q", cfg.Database.URL)
	}
	if cfg.Redis.URL != "redis://127.0.0.1:6379/0" || cfg.Log.Format != "json" || cfg.HTTP.ReadTimeout != 7*time.Second {
		t.Errorf("unexpected: %+v", cfg)
	}
	if cfg.Database.MigrateOnStart {
		t.Error("bool from env not applied")
	}
	if strings.Join(cfg.HTTP.TrustedProxies, "|") != "127.0.0.1/32|::1/128" {
		t.Errorf("list from env = %q", cfg.HTTP.TrustedProxies)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestBadSourcesNameTheKey(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name    string
		file    string
		env     []string
		wantErr string
	}{
		{"unknown yaml key", "databse:\n  url: x\n", nil, "field databse not found"},
		{"malformed yaml", "listen: [\n", nil, "config file"},
		{"bad duration in env", "", []string{"MIJNACCOUNT_HTTP_READ_TIMEOUT=soon"}, "http.read_timeout (MIJNACCOUNT_HTTP_READ_TIMEOUT): not a duration"},
		{"bad bool in env", "", []string{"MIJNACCOUNT_DATABASE_MIGRATE_ON_START=maybe"}, "database.migrate_on_start"},
		{"unknown env variable", "", []string{"MIJNACCOUNT_DATABSE_URL=x"}, "MIJNACCOUNT_DATABSE_URL: unknown configuration variable"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := ""
			if tc.file != "" {
				path = filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".yaml")
				writeFile(t, path, tc.file)
			}
			_, err := Load(path, tc.env)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error = %v, want it to contain %q", err, tc.wantErr)
			}
		})
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml"), nil); err == nil {
		t.Error("a missing config file must be an error")
	}
}

func TestValidateReportsEveryProblemNamingItsKey(t *testing.T) {
	cfg := Defaults()
	cfg.Database.URL = "mysql://db/x"
	cfg.Audit.DatabaseURL = "sqlite:"
	cfg.Redis.URL = "memcache://x"
	cfg.Issuer = "http://idp.example.nl"
	cfg.Listen = "8080"
	cfg.Log.Format = "xml"
	cfg.Log.Level = "loud"
	cfg.HTTP.ShutdownTimeout = 0
	cfg.HTTP.TrustedProxies = []string{"10.0.0.300/8"}
	cfg.Audit.IPHashKey = "short"
	err := cfg.Validate()
	if err == nil {
		t.Fatal("want errors")
	}
	for _, want := range []string{
		`database.url: unsupported scheme "mysql"`,
		"audit.database_url: sqlite URL has no file path",
		`redis.url: unsupported scheme "memcache"`,
		"issuer: must use https unless the host is loopback",
		`listen: not a host:port address: "8080"`,
		`log.format: must be text or json, not "xml"`,
		"log.level: must be debug, info, warn or error",
		"http.shutdown_timeout: must be positive",
		`http.trusted_proxies: not a CIDR: "10.0.0.300/8"`,
		"audit.ip_hash_key: must be at least 32 characters",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in:\n%v", want, err)
		}
	}
}

func TestIssuerRules(t *testing.T) {
	for issuer, ok := range map[string]bool{
		"https://login.example.nl":        true,
		"http://localhost:8080":           true,
		"http://127.0.0.1:8080":           true,
		"http://[::1]:8080":               true,
		"http://login.example.nl":         false,
		"https://login.example.nl/?a=b":   false,
		"login.example.nl":                false,
		"ftp://login.example.nl":          false,
		"https://login.example.nl/tenant": true,
	} {
		cfg := Defaults()
		cfg.Issuer = issuer
		if err := cfg.Validate(); (err == nil) != ok {
			t.Errorf("issuer %q: valid=%v, err=%v", issuer, ok, err)
		}
	}
}

func TestDocumentationListsEveryKey(t *testing.T) {
	raw, err := os.ReadFile("../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	for _, k := range Keys() {
		if !strings.Contains(doc, "`"+k.Path+"`") || !strings.Contains(doc, "`"+k.Env+"`") {
			t.Errorf("docs/configuration.md does not document %s (%s)", k.Path, k.Env)
		}
	}
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestTwilioSettingsCheckedAtStart: missing or malformed Twilio settings are
// reported by key when the configuration loads, not at the first message.
func TestTwilioSettingsCheckedAtStart(t *testing.T) {
	c := Defaults()
	c.SMS.Mode = "twilio"
	c.SMS.Twilio = Twilio{AccountSID: "AC1", AuthToken: "has-dash"}
	c.SMS.AllowedPrefixes = []string{"31"}
	err := c.Validate()
	for _, want := range []string{"sms.twilio.auth_token: may hold only letters and digits", "sms.twilio.from", "sms.allowed_prefixes: \"31\" is not a country calling code"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v; want it to mention %q", err, want)
		}
	}
}

func TestWebAuthnIsOffOnAnIPIssuer(t *testing.T) {
	for issuer, off := range map[string]bool{
		"http://localhost:8080":    false,
		"https://login.example.nl": false,
		"http://127.0.0.1:8080":    true,
		"http://[::1]:8080":        true,
		"https://192.0.2.10":       true,
	} {
		c := Defaults()
		c.Issuer = issuer
		if err := c.Validate(); err != nil {
			t.Errorf("%s: an IP issuer is a valid issuer: %v", issuer, err)
		}
		why := c.WebAuthnOff()
		if (why != "") != off {
			t.Errorf("%s: WebAuthnOff = %q, want off=%v", issuer, why, off)
		}
		if off && (!strings.Contains(why, "IP address") || !strings.Contains(why, "domain name")) {
			t.Errorf("%s: the reason must say why: %q", issuer, why)
		}
	}
	c := Defaults()
	c.WebAuthn.RPID = "127.0.0.1"
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), `webauthn.rp_id: "127.0.0.1" is an IP address`) {
		t.Errorf("an IP address as webauthn.rp_id: %v", err)
	}
}

// TestAllowedPrefixesAreCountryCodes: a prefix must begin with a country
// calling code; a shorter one would open whole regions.
func TestAllowedPrefixesAreCountryCodes(t *testing.T) {
	for prefix, ok := range map[string]bool{"+31": true, "+32": true, "+49": true, "+1": true, "+316": true, "+3": false, "+999": false, "+4": false} {
		c := Defaults()
		c.SMS.AllowedPrefixes = []string{prefix}
		err := c.Validate()
		if mentions := err != nil && strings.Contains(err.Error(), "sms.allowed_prefixes"); mentions == ok {
			t.Errorf("prefix %s: Validate() = %v, want ok %v", prefix, err, ok)
		}
	}
}

func TestCheckDatabaseURL(t *testing.T) {
	for raw, want := range map[string]string{
		"sqlite:data/x.db":            "",
		"postgres://u@127.0.0.1/test": "",
		"postgres:///test":            "malformed postgres URL",
		"sqlite:?mode=memory":         "no file path",
		"mysql://h/db":                `unsupported scheme "mysql"`,
		"data.db":                     "no scheme",
	} {
		err := checkDatabaseURL(raw)
		if (want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), want) {
			t.Errorf("checkDatabaseURL(%q) = %v, want %q", raw, err, want)
		}
	}
}
