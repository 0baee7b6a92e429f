package config

import (
	"net/mail"
	"time"

	"github.com/mijnaccount/mijnaccount/internal/loopback"
)

// validateAccounts checks the session, password, login and mail sections.
func (c *Config) validateAccounts(add func(key, format string, args ...any)) {
	if k := c.Session.CookieHashKey; k != "" && len(k) < 32 {
		add("session.cookie_hash_key", "must be at least 32 characters")
	}
	if k := c.Session.CookieBlockKey; k != "" && len(k) != 32 {
		add("session.cookie_block_key", "must be exactly 32 characters")
	}
	if g := c.Session.ExpiryGrace; g < 10*time.Minute || g > 7*24*time.Hour {
		add("session.expiry_grace", "must be between 10m and 168h")
	}
	if c.Password.ArgonMemoryKiB < 8192 {
		add("password.argon2_memory_kib", "must be at least 8192 (OWASP minimum is 19456 with time 2)")
	}
	if c.Password.ArgonTime < 1 {
		add("password.argon2_time", "must be at least 1")
	}
	if c.Password.ArgonThreads < 1 || c.Password.ArgonThreads > 255 {
		add("password.argon2_threads", "must be between 1 and 255")
	}
	if c.Login.InvitationTTL < time.Hour || c.Login.InvitationTTL > 30*24*time.Hour {
		add("login.invitation_ttl", "must be between 1h and 720h")
	}
	if c.Login.ResetTTL < 5*time.Minute || c.Login.ResetTTL > 24*time.Hour {
		add("login.reset_ttl", "must be between 5m and 24h")
	}
	if c.Login.MaxFailuresPerIP < 1 {
		add("login.max_failures_per_ip", "must be at least 1")
	}
	if c.Login.DeviceCookieTTL < 24*time.Hour || c.Login.DeviceCookieTTL > 400*24*time.Hour {
		add("login.device_cookie_ttl", "must be between 24h and 9600h (400 days, the longest a browser keeps a cookie)")
	}
	if _, err := mail.ParseAddress(c.Mail.From); err != nil {
		add("mail.from", "not an email address: %q", c.Mail.From)
	}
	switch c.Mail.Mode {
	case "outbox":
	case "smtp":
		if c.Mail.SMTP.Host == "" {
			add("mail.smtp.host", "is required when mail.mode is smtp")
		}
		if c.Mail.SMTP.Port < 1 || c.Mail.SMTP.Port > 65535 {
			add("mail.smtp.port", "must be a TCP port")
		}
		switch c.Mail.SMTP.TLS {
		case "starttls", "tls":
		case "none":
			if !loopback.Host(c.Mail.SMTP.Host) {
				add("mail.smtp.tls", "none is only allowed for a loopback host")
			}
		default:
			add("mail.smtp.tls", "must be starttls, tls or none, not %q", c.Mail.SMTP.TLS)
		}
	default:
		add("mail.mode", "must be outbox or smtp, not %q", c.Mail.Mode)
	}
}
