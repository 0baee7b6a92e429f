package config

import (
	"time"

	"github.com/mijnaccount/mijnaccount/internal/smsprefix"
)

// Config is the whole configuration. Field tags give the YAML key; the
// environment variable follows from it (see package doc).
type Config struct {
	// Issuer is the public base URL of the identity provider, used in tokens
	// and discovery.
	Issuer string `yaml:"issuer"`
	// Listen is the TCP address the HTTP server binds.
	Listen string `yaml:"listen"`
	// DataDir holds the embedded-mode files (databases, keys, outboxes).
	DataDir  string   `yaml:"data_dir"`
	Database Database `yaml:"database"`
	Redis    Redis    `yaml:"redis"`
	Audit    Audit    `yaml:"audit"`
	Log      Log      `yaml:"log"`
	HTTP     HTTP     `yaml:"http"`
	Session  Session  `yaml:"session"`
	Password Password `yaml:"password"`
	Login    Login    `yaml:"login"`
	Mail     Mail     `yaml:"mail"`
	Secrets  Secrets  `yaml:"secrets"`
	SMS      SMS      `yaml:"sms"`
	WebAuthn WebAuthn `yaml:"webauthn"`
	OIDC     OIDC     `yaml:"oidc"`
	Helpdesk Helpdesk `yaml:"helpdesk"`
}

// Helpdesk configures the helpdesk console.
type Helpdesk struct {
	// PlatformOrgIDs are organisations whose helpdesk users serve every
	// organisation; other helpdesk users serve their own organisation and
	// the organisations below it.
	PlatformOrgIDs []string `yaml:"platform_org_ids"`
}

// OIDC configures the OpenID Connect provider.
type OIDC struct {
	AccessTokenTTL  time.Duration `yaml:"access_token_ttl"`
	IDTokenTTL      time.Duration `yaml:"id_token_ttl"`
	RefreshTokenTTL time.Duration `yaml:"refresh_token_ttl"`
	CodeTTL         time.Duration `yaml:"code_ttl"`
	// TokenSecret keys the HMAC of authorization codes and refresh tokens
	// (at least 32 characters); empty means one generated into DataDir.
	TokenSecret string `yaml:"token_secret"`
	// SigningKeyFiles are PEM private keys (EC P-256, RSA >= 2048) imported
	// at start as the current key of their algorithm; empty means keys are
	// generated on first start.
	SigningKeyFiles []string `yaml:"signing_key_files"`
}

// Secrets configures encryption at rest of TOTP secrets and phone numbers.
type Secrets struct {
	// Keyring is "id:base64key[,id:base64key…]": the first key seals new
	// values, the others only open older ones (rotation). Empty means a key
	// generated into DataDir.
	Keyring string `yaml:"keyring"`
}

// SMS configures text messages for the SMS factor.
type SMS struct {
	// Mode is "outbox" (DataDir/outbox/sms.jsonl) or "twilio".
	Mode string `yaml:"mode"`
	// AllowedPrefixes are the country calling codes a phone may have.
	AllowedPrefixes []string `yaml:"allowed_prefixes"`
	// CodeHashKey keys the hash under which codes are kept; empty means a key
	// generated into DataDir.
	CodeHashKey string `yaml:"code_hash_key"`
	// Limits against SMS pumping.
	PerUserHour int    `yaml:"per_user_hour"`
	PerUserDay  int    `yaml:"per_user_day"`
	PerOrgDay   int    `yaml:"per_org_day"`
	PerIPHour   int    `yaml:"per_ip_hour"`
	Twilio      Twilio `yaml:"twilio"`
}

// Twilio configures Twilio Programmable Messaging.
type Twilio struct {
	AccountSID          string `yaml:"account_sid"`
	AuthToken           string `yaml:"auth_token"`
	APIKey              string `yaml:"api_key"`
	APISecret           string `yaml:"api_secret"`
	From                string `yaml:"from"`
	MessagingServiceSID string `yaml:"messaging_service_sid"`
}

// WebAuthn configures security keys.
type WebAuthn struct {
	// RPID is the relying party id; empty means the issuer's host.
	RPID string `yaml:"rp_id"`
	// RPName is shown by some authenticators and names the TOTP account.
	RPName string `yaml:"rp_name"`
	// Origins allowed in ceremonies; empty means the issuer's origin.
	Origins []string `yaml:"origins"`
	// U2FAppID lets keys registered with the legacy U2F API still sign in.
	U2FAppID string `yaml:"u2f_appid"`
}

// Session configures the session cookie. Empty keys are generated into
// DataDir; production sets them so every instance agrees.
type Session struct {
	// CookieHashKey signs the cookie (at least 32 characters).
	CookieHashKey string `yaml:"cookie_hash_key"`
	// CookieBlockKey encrypts the cookie (exactly 32 characters).
	CookieBlockKey string `yaml:"cookie_block_key"`
	// ExpiryGrace is how long a session that timed out stays known, so the
	// expiry sweep can still end it and send its back-channel logout after
	// an outage of the sweep.
	ExpiryGrace time.Duration `yaml:"expiry_grace"`
}

// Password configures password hashing (argon2id) for new and changed passwords;
// existing hashes are upgraded at the next successful login.
type Password struct {
	ArgonMemoryKiB int `yaml:"argon2_memory_kib"`
	ArgonTime      int `yaml:"argon2_time"`
	ArgonThreads   int `yaml:"argon2_threads"`
}

// Login configures the login and account-recovery flows.
type Login struct {
	// InvitationTTL is how long an invitation link stays valid.
	InvitationTTL time.Duration `yaml:"invitation_ttl"`
	// ResetTTL is how long a password-reset link stays valid.
	ResetTTL time.Duration `yaml:"reset_ttl"`
	// MaxFailuresPerIP is how many failed logins one IP may have per 15
	// minutes before each further failure from it puts the address it tried
	// straight into back-off. It never refuses a correct password.
	MaxFailuresPerIP int `yaml:"max_failures_per_ip"`
	// DeviceCookieTTL is the lifetime of the device cookie a browser gets at
	// each full login; with it, failures from elsewhere do not lock it out.
	DeviceCookieTTL time.Duration `yaml:"device_cookie_ttl"`
}

// Mail configures outgoing mail: "outbox" appends to DataDir/outbox/mail.jsonl,
// "smtp" sends through an SMTP server.
type Mail struct {
	Mode string `yaml:"mode"`
	From string `yaml:"from"`
	SMTP SMTP   `yaml:"smtp"`
}

// SMTP configures the SMTP server.
type SMTP struct {
	Host     string `yaml:"host"`
	Port     int    `yaml:"port"`
	Username string `yaml:"username"`
	Password string `yaml:"password"`
	// TLS is starttls, tls (implicit) or none (loopback hosts only).
	TLS string `yaml:"tls"`
}

// Database configures the main SQL database.
type Database struct {
	// URL is sqlite:PATH or postgres://…; empty means sqlite in DataDir.
	URL string `yaml:"url"`
	// MigrateOnStart applies pending migrations when serve starts.
	MigrateOnStart bool `yaml:"migrate_on_start"`
}

// Redis configures the key-value store; an empty URL selects the in-memory store.
type Redis struct {
	URL string `yaml:"url"`
	// Prefix is put before every key, so several deployments can share a Redis.
	Prefix string `yaml:"prefix"`
}

// Audit configures the audit trail's own store.
type Audit struct {
	// DatabaseURL is the audit trail's database; empty means a separate SQLite
	// file in DataDir.
	DatabaseURL string `yaml:"database_url"`
	// IPHashKey keys the hash under which client IPs are kept in audit events;
	// empty means a key generated into DataDir.
	IPHashKey string `yaml:"ip_hash_key"`
}

// Log configures structured logging.
type Log struct {
	Format string `yaml:"format"` // text | json
	Level  string `yaml:"level"`  // debug | info | warn | error
}

// HTTP configures the HTTP server.
type HTTP struct {
	ReadHeaderTimeout time.Duration `yaml:"read_header_timeout"`
	ReadTimeout       time.Duration `yaml:"read_timeout"`
	WriteTimeout      time.Duration `yaml:"write_timeout"`
	IdleTimeout       time.Duration `yaml:"idle_timeout"`
	ShutdownTimeout   time.Duration `yaml:"shutdown_timeout"`
	// TrustedProxies are CIDRs whose X-Forwarded-For is believed for the client IP.
	TrustedProxies []string `yaml:"trusted_proxies"`
}

// Defaults returns the embedded development configuration.
func Defaults() Config {
	return Config{
		Issuer:   "http://localhost:8080",
		Listen:   "127.0.0.1:8080",
		DataDir:  "data",
		Database: Database{MigrateOnStart: true},
		Log:      Log{Format: "text", Level: "info"},
		HTTP: HTTP{
			ReadHeaderTimeout: 5 * time.Second,
			ReadTimeout:       15 * time.Second,
			WriteTimeout:      30 * time.Second,
			IdleTimeout:       120 * time.Second,
			ShutdownTimeout:   15 * time.Second,
		},
		Session:  Session{ExpiryGrace: 24 * time.Hour},
		Password: Password{ArgonMemoryKiB: 19456, ArgonTime: 2, ArgonThreads: 1},
		Login: Login{
			InvitationTTL:    7 * 24 * time.Hour,
			ResetTTL:         time.Hour,
			MaxFailuresPerIP: 50,
			DeviceCookieTTL:  180 * 24 * time.Hour,
		},
		Mail: Mail{Mode: "outbox", From: "Mijn Account <no-reply@localhost>", SMTP: SMTP{Port: 587, TLS: "starttls"}},
		SMS: SMS{
			Mode: "outbox", AllowedPrefixes: smsprefix.Defaults(),
			PerUserHour: 5, PerUserDay: 10, PerOrgDay: 1000, PerIPHour: 20,
		},
		WebAuthn: WebAuthn{RPName: "Mijn Account"},
		OIDC: OIDC{AccessTokenTTL: 10 * time.Minute, IDTokenTTL: 10 * time.Minute,
			RefreshTokenTTL: 30 * 24 * time.Hour, CodeTTL: time.Minute},
	}
}

// DatabaseURL returns the main database URL, defaulting to SQLite in DataDir.
func (c *Config) DatabaseURL() string {
	if c.Database.URL != "" {
		return c.Database.URL
	}
	return "sqlite:" + c.DataDir + "/mijnaccount.db"
}

// AuditDatabaseURL returns the audit database URL, defaulting to a separate
// SQLite file in DataDir.
func (c *Config) AuditDatabaseURL() string {
	if c.Audit.DatabaseURL != "" {
		return c.Audit.DatabaseURL
	}
	return "sqlite:" + c.DataDir + "/audit.db"
}
