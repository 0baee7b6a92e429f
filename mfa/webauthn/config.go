package webauthn

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	gowebauthn "github.com/go-webauthn/webauthn/webauthn"

	"github.com/mijnaccount/mijnaccount/storage"
)

// ceremonyTTL is how long a begun ceremony can be finished.
const ceremonyTTL = 5 * time.Minute

// browserTimeout is the timeout given to the browser: shorter than
// ceremonyTTL, so the browser gives up before the server forgets the
// ceremony and the user sees the browser's own message instead of ours.
const browserTimeout = 4 * time.Minute

// Config configures the relying party.
type Config struct {
	RPID     string   // "localhost" or the issuer host; origins must be on it
	RPName   string   // shown by some authenticators, e.g. "Mijn Account"
	Origins  []string // the exact origins the login pages are served from, e.g. "https://login.example.nl"
	U2FAppID string   // optional legacy U2F AppID, e.g. "https://login.example.nl/u2f/appid.json"
	KV       storage.KV
	Now      func() time.Time // nil means time.Now
}

// Service runs registration and login ceremonies. It is safe for concurrent use.
type Service struct {
	wa    *gowebauthn.WebAuthn
	kv    storage.KV
	now   func() time.Time
	appID string
}

// New checks cfg, reporting every problem at once, and returns a Service.
func New(cfg Config) (*Service, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	wa, err := gowebauthn.New(&gowebauthn.Config{
		RPID:                  cfg.RPID,
		RPDisplayName:         cfg.RPName,
		RPOrigins:             append([]string(nil), cfg.Origins...),
		AttestationPreference: protocol.PreferNoAttestation,
		AuthenticatorSelection: protocol.AuthenticatorSelection{
			RequireResidentKey: protocol.ResidentKeyNotRequired(),
			ResidentKey:        protocol.ResidentKeyRequirementDiscouraged,
			UserVerification:   protocol.VerificationDiscouraged,
		},
		Timeouts: gowebauthn.TimeoutsConfig{
			Login:        gowebauthn.TimeoutConfig{Timeout: browserTimeout, TimeoutUVD: browserTimeout},
			Registration: gowebauthn.TimeoutConfig{Timeout: browserTimeout, TimeoutUVD: browserTimeout},
		},
	})
	if err != nil {
		return nil, fmt.Errorf("webauthn: %w", err)
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	return &Service{wa: wa, kv: cfg.KV, now: now, appID: cfg.U2FAppID}, nil
}

func (c Config) validate() error {
	var errs []error
	add := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("webauthn: "+format, args...))
	}
	rpID := c.RPID // origins are checked against it only when it is valid
	if c.RPID == "" {
		add("option 'rp_id' is required")
	} else if err := protocol.ValidateRPID(c.RPID); err != nil {
		add("option 'rp_id' %q must be a domain name without scheme or port: %v", c.RPID, err)
		rpID = ""
	}
	if c.RPName == "" {
		add("option 'rp_name' is required")
	}
	if len(c.Origins) == 0 {
		add("option 'origins' needs at least one origin")
	}
	for _, o := range c.Origins {
		if err := checkOrigin(o, rpID); err != nil {
			add("option 'origins': %v", err)
		}
	}
	if c.U2FAppID != "" {
		if u, err := url.Parse(c.U2FAppID); err != nil || u.Scheme != "https" || u.Host == "" {
			add("option 'u2f_app_id' %q must be an https URL", c.U2FAppID)
		}
	}
	if c.KV == nil {
		add("option 'kv' (the key-value store) is required")
	}
	return errors.Join(errs...)
}

// checkOrigin accepts a bare scheme://host[:port] origin on rpID (the host
// itself or a subdomain), https except on localhost, where browsers allow
// WebAuthn over plain http.
func checkOrigin(origin, rpID string) error {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" || u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("%q is not an origin (scheme://host[:port])", origin)
	}
	host := strings.ToLower(u.Hostname())
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && host == "localhost":
	default:
		return fmt.Errorf("%q must use https (http is only allowed for localhost)", origin)
	}
	if rpID != "" && host != strings.ToLower(rpID) && !strings.HasSuffix(host, "."+strings.ToLower(rpID)) {
		return fmt.Errorf("%q is not on the relying party id %q", origin, rpID)
	}
	return nil
}
