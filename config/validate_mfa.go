package config

import (
	"fmt"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/nyaruka/phonenumbers"
)

var (
	callingCode  = regexp.MustCompile(`^\+[1-9][0-9]{0,3}$`)
	alphanumeric = regexp.MustCompile(`^[A-Za-z0-9]*$`)
)

// validateMFA checks the secrets, sms and webauthn sections.
func (c *Config) validateMFA(add func(key, format string, args ...any)) {
	switch c.SMS.Mode {
	case "outbox":
	case "twilio":
		t := c.SMS.Twilio
		if t.AccountSID == "" {
			add("sms.twilio.account_sid", "is required when sms.mode is twilio")
		}
		if t.AuthToken == "" && (t.APIKey == "" || t.APISecret == "") {
			add("sms.twilio.auth_token", "or sms.twilio.api_key with sms.twilio.api_secret is required when sms.mode is twilio")
		}
		for key, v := range map[string]string{"sms.twilio.account_sid": t.AccountSID, "sms.twilio.auth_token": t.AuthToken,
			"sms.twilio.api_key": t.APIKey, "sms.twilio.api_secret": t.APISecret} {
			if !alphanumeric.MatchString(v) {
				add(key, "may hold only letters and digits (as Twilio issues them)")
			}
		}
		if t.From == "" && t.MessagingServiceSID == "" {
			add("sms.twilio.from", "or sms.twilio.messaging_service_sid is required when sms.mode is twilio")
		}
	default:
		add("sms.mode", "must be outbox or twilio, not %q", c.SMS.Mode)
	}
	if len(c.SMS.AllowedPrefixes) == 0 {
		add("sms.allowed_prefixes", "must name at least one country calling code")
	}
	for _, p := range c.SMS.AllowedPrefixes {
		switch {
		case !callingCode.MatchString(p):
			add("sms.allowed_prefixes", "%q is not a country calling code like +31", p)
		case !startsWithCountryCode(p):
			add("sms.allowed_prefixes", "%q does not start with a country calling code (+3 would allow every country from +30 to +39)", p)
		}
	}
	if k := c.SMS.CodeHashKey; k != "" && len(k) < 32 {
		add("sms.code_hash_key", "must be at least 32 characters")
	}
	for key, v := range map[string]int{"sms.per_user_hour": c.SMS.PerUserHour, "sms.per_user_day": c.SMS.PerUserDay,
		"sms.per_org_day": c.SMS.PerOrgDay, "sms.per_ip_hour": c.SMS.PerIPHour} {
		if v < 1 {
			add(key, "must be at least 1")
		}
	}
	if id := c.WebAuthn.RPID; id != "" && isIPAddress(id) {
		add("webauthn.rp_id", "%q is an IP address; a WebAuthn relying party id must be a domain name such as login.example.nl", id)
	}
	if strings.TrimSpace(c.WebAuthn.RPName) == "" {
		add("webauthn.rp_name", "is required")
	}
	for _, o := range c.WebAuthn.Origins {
		if u, err := url.Parse(o); err != nil || u.Scheme == "" || u.Host == "" || u.Path != "" {
			add("webauthn.origins", "%q is not an origin like https://login.example.nl", o)
		}
	}
	if a := c.WebAuthn.U2FAppID; a != "" && !strings.HasPrefix(a, "https://") {
		add("webauthn.u2f_appid", "must be an https URL")
	}
}

// validateOIDC checks the oidc section.
func (c *Config) validateOIDC(add func(key, format string, args ...any)) {
	o := c.OIDC
	for _, d := range []struct {
		key      string
		v        time.Duration
		min, max time.Duration
	}{
		{"oidc.access_token_ttl", o.AccessTokenTTL, time.Minute, 24 * time.Hour},
		{"oidc.id_token_ttl", o.IDTokenTTL, time.Minute, 24 * time.Hour},
		{"oidc.refresh_token_ttl", o.RefreshTokenTTL, time.Hour, 365 * 24 * time.Hour},
		{"oidc.code_ttl", o.CodeTTL, 10 * time.Second, 10 * time.Minute},
	} {
		if d.v < d.min || d.v > d.max {
			add(d.key, "must be between %s and %s", d.min, d.max)
		}
	}
	if k := o.TokenSecret; k != "" && len(k) < 32 {
		add("oidc.token_secret", "must be at least 32 characters")
	}
}

// WebAuthnOff says why security keys (WebAuthn) are switched off, or ""
// when they are on. They are off when no webauthn.rp_id is set and the
// issuer's host is an IP address (http://127.0.0.1:8080): the WebAuthn
// specification defines the RP ID as "a valid domain string" (WebAuthn
// Level 3, Sec. 4 Terminology, "RP ID"), which an IP address is not (URL
// Standard, Sec. 3: hosts), and browsers refuse such ceremonies. Everything
// else works on such an issuer; organisations are then offered the other
// factors only.
func (c *Config) WebAuthnOff() string {
	if c.WebAuthn.RPID != "" {
		return ""
	}
	u, err := url.Parse(c.Issuer)
	if err != nil || !isIPAddress(u.Hostname()) {
		return ""
	}
	return fmt.Sprintf("the issuer's host %s is an IP address and a WebAuthn relying party id must be a domain name; "+
		"security keys are switched off (serve on a host name, e.g. http://localhost:%s, to use them)", u.Hostname(), portOr(u.Port(), "8080"))
}

func isIPAddress(host string) bool {
	_, err := netip.ParseAddr(host)
	return err == nil
}

func portOr(port, def string) string {
	if port == "" {
		return def
	}
	return port
}

// WebAuthnRPID returns the relying party id: configured, or the issuer's host.
func (c *Config) WebAuthnRPID() string {
	if c.WebAuthn.RPID != "" {
		return c.WebAuthn.RPID
	}
	u, err := url.Parse(c.Issuer)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// WebAuthnOrigins returns the allowed origins: configured, or the issuer's.
func (c *Config) WebAuthnOrigins() []string {
	if len(c.WebAuthn.Origins) > 0 {
		return c.WebAuthn.Origins
	}
	u, err := url.Parse(c.Issuer)
	if err != nil {
		return nil
	}
	return []string{u.Scheme + "://" + u.Host}
}

// startsWithCountryCode reports whether prefix ("+" and digits) begins with
// a country calling code libphonenumber knows: "+31" and "+316" do, "+3"
// and "+999" do not.
func startsWithCountryCode(prefix string) bool {
	digits := prefix[1:]
	for n := 1; n <= 3 && n <= len(digits); n++ {
		cc, err := strconv.Atoi(digits[:n])
		if err == nil && phonenumbers.GetRegionCodeForCountryCode(cc) != "ZZ" {
			return true
		}
	}
	return false
}
