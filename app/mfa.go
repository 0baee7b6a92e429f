package app

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/mijnaccount/mijnaccount/account/login"
	"github.com/mijnaccount/mijnaccount/account/portal"
	"github.com/mijnaccount/mijnaccount/account/session"
	accountweb "github.com/mijnaccount/mijnaccount/account/web"
	"github.com/mijnaccount/mijnaccount/mail"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/secondfactor"
	"github.com/mijnaccount/mijnaccount/mfa/sms"
	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger"
	"github.com/mijnaccount/mijnaccount/mfa/smsotp"
	"github.com/mijnaccount/mijnaccount/mfa/webauthn"
	"github.com/mijnaccount/mijnaccount/ratelimit"
	"github.com/mijnaccount/mijnaccount/secretbox"
)

// mfaParts are the second-factor services the web handlers share.
type mfaParts struct {
	keys     secretbox.Keyring
	factors  *mfa.SQLStore
	codes    *smsotp.Codes
	sender   sms.Sender
	webauthn *webauthn.Service
}

// buildMFA opens the factor store, the SMS codes and the WebAuthn service.
func (a *App) buildMFA(limiter *ratelimit.Limiter) (*mfaParts, error) {
	cfg := a.Config
	keys, err := a.keyring()
	if err != nil {
		return nil, fmt.Errorf("secrets.keyring: %w", err)
	}
	p := &mfaParts{keys: keys, factors: mfa.NewSQLStore(a.DB, keys, a.Now)}
	provider := ledger.ProviderOutbox
	switch cfg.SMS.Mode {
	case "twilio":
		t := cfg.SMS.Twilio
		p.sender, err = sms.NewTwilio(sms.TwilioConfig{
			AccountSID: t.AccountSID, AuthToken: t.AuthToken, APIKey: t.APIKey, APISecret: t.APISecret,
			From: t.From, MessagingServiceSID: t.MessagingServiceSID, HTTPClient: a.SMSHTTPClient, Logger: a.Log,
			StatusCallback: a.statusCallbackURL(),
		})
		if err != nil {
			return nil, fmt.Errorf("sms.twilio: %w", err)
		}
		provider = ledger.ProviderTwilio
	default:
		p.sender = sms.NewOutbox(sms.OutboxPath(cfg.DataDir), a.Log)
	}
	hashKey, err := secret(cfg.SMS.CodeHashKey, cfg.DataDir, "sms-code.key", 32)
	if err != nil {
		return nil, fmt.Errorf("sms.code_hash_key: %w", err)
	}
	p.codes, err = smsotp.New(smsotp.Config{
		KV: a.KV, Limiter: limiter, Sender: p.sender, Provider: provider, Ledger: a.ledger(),
		HashKey: hashKey, AllowedPrefixes: cfg.SMS.AllowedPrefixes, Now: a.Now, Log: a.Log, Tariff: a.Billing.TariffAt, Budget: a.Billing,
		Limits: smsotp.Limits{PerUserHour: int64(cfg.SMS.PerUserHour), PerUserDay: int64(cfg.SMS.PerUserDay),
			PerOrgDay: int64(cfg.SMS.PerOrgDay), PerIPHour: int64(cfg.SMS.PerIPHour)},
	})
	if err != nil {
		return nil, fmt.Errorf("sms: %w", err)
	}
	if off := cfg.WebAuthnOff(); off != "" {
		a.Log.Warn("webauthn: "+off, "issuer", cfg.Issuer)
		return p, nil // p.webauthn nil: no organisation is offered security keys
	}
	p.webauthn, err = webauthn.New(webauthn.Config{
		RPID: cfg.WebAuthnRPID(), RPName: cfg.WebAuthn.RPName, Origins: cfg.WebAuthnOrigins(),
		U2FAppID: cfg.WebAuthn.U2FAppID, KV: a.KV, Now: a.Now,
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// secondFactor builds the factor step of the login and the portal page.
func (a *App) secondFactor(p *mfaParts, lh *login.Handler, ph *portal.Handler, sessions *session.Manager,
	pages accountweb.Renderer, mailer *mail.Mailer) *secondfactor.Handler {
	a.Mail = mailer
	a.SMSCodes = p.codes
	a.Swaps = a.buildSwaps(p, p.keys, sessions, mailer)
	return &secondfactor.Handler{
		Swaps: a.Swaps,
		Login: lh, Flows: lh.Flows, Portal: ph, Sessions: sessions, Accounts: a.Accounts,
		Factors: p.factors, SMS: p.codes, Keys: p.webauthn, Seal: p.keys,
		TOTPIssuer: a.Config.WebAuthn.RPName, PhonePrefixes: a.Config.SMS.AllowedPrefixes,
		Pages: pages, Audit: a.Auditor, Mail: mailer, Log: a.Log, Now: a.Now,
	}
}

// keyring returns the configured keyring, or one kept in DataDir (created
// on first use) for the embedded mode.
func (a *App) keyring() (secretbox.Keyring, error) {
	if spec := a.Config.Secrets.Keyring; spec != "" {
		return secretbox.ParseKeyring(spec)
	}
	path := filepath.Join(a.Config.DataDir, "secrets.keyring")
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		key, err := secretbox.GenerateKey()
		if err != nil {
			return secretbox.Keyring{}, err
		}
		spec := "k" + a.Now().UTC().Format("20060102") + ":" + base64.StdEncoding.EncodeToString(key)
		if err := os.MkdirAll(a.Config.DataDir, 0o700); err != nil {
			return secretbox.Keyring{}, err
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			return a.keyring()
		}
		if err != nil {
			return secretbox.Keyring{}, err
		}
		defer f.Close()
		if _, err := f.WriteString(spec + "\n"); err != nil {
			return secretbox.Keyring{}, err
		}
		if err := f.Sync(); err != nil {
			return secretbox.Keyring{}, err
		}
		return secretbox.ParseKeyring(spec)
	}
	if err != nil {
		return secretbox.Keyring{}, err
	}
	return secretbox.ParseKeyring(strings.TrimSpace(string(raw)))
}
