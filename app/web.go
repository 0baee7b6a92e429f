package app

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/helpdesk"
	"github.com/mijnaccount/mijnaccount/account/invite"
	"github.com/mijnaccount/mijnaccount/account/login"
	"github.com/mijnaccount/mijnaccount/account/password"
	"github.com/mijnaccount/mijnaccount/account/portal"
	"github.com/mijnaccount/mijnaccount/account/session"
	"github.com/mijnaccount/mijnaccount/authz"
	"github.com/mijnaccount/mijnaccount/finance"
	"github.com/mijnaccount/mijnaccount/mail"
	"github.com/mijnaccount/mijnaccount/mfa/secondfactor"
	"github.com/mijnaccount/mijnaccount/ratelimit"
	"github.com/mijnaccount/mijnaccount/server"
	"github.com/mijnaccount/mijnaccount/templates"
)

// web holds the browser-facing parts, built before the server so the error
// pages can use the site layout.
type web struct {
	pages    *templates.Renderer
	sessions *session.Manager
	login    *login.Handler
	invite   *invite.Service
	portal   *portal.Handler
	factors  *secondfactor.Handler
	provider *authz.Provider
	helpdesk *helpdesk.Handler
}

// buildWeb assembles accounts, sessions, login, invitations and the portal.
func (a *App) buildWeb(ctx context.Context) (*web, error) {
	cfg := a.Config
	pages, err := templates.New(templates.Options{
		Extra:     []fs.FS{login.Pages, invite.Pages, portal.Pages, secondfactor.Pages, authz.Pages, helpdesk.Pages, finance.Pages},
		RequestID: server.RequestID,
		Logger:    a.Log,
	})
	if err != nil {
		return nil, err
	}
	hashKey, err := secret(cfg.Session.CookieHashKey, cfg.DataDir, "cookie-hash.key", 32)
	if err != nil {
		return nil, fmt.Errorf("session.cookie_hash_key: %w", err)
	}
	blockKey, err := secret(cfg.Session.CookieBlockKey, cfg.DataDir, "cookie-block.key", 32)
	if err != nil {
		return nil, fmt.Errorf("session.cookie_block_key: %w", err)
	}
	sessions, err := session.NewManager(session.Options{KV: a.KV, HashKey: hashKey, BlockKey: blockKey, Secure: cfg.IsHTTPS(), Now: a.Now,
		ExpiryGrace: cfg.Session.ExpiryGrace})
	if err != nil {
		return nil, err
	}
	hasher, err := password.NewHasher(password.Params{
		Memory: uint32(cfg.Password.ArgonMemoryKiB), Time: uint32(cfg.Password.ArgonTime),
		Threads: uint8(cfg.Password.ArgonThreads), SaltLen: 16, KeyLen: 32,
	})
	if err != nil {
		return nil, fmt.Errorf("password: %w", err)
	}
	mailer, err := a.mailer()
	if err != nil {
		return nil, err
	}
	if err := account.EnsureBuiltinRoles(ctx, a.Accounts); err != nil {
		return nil, fmt.Errorf("builtin roles: %w", err)
	}
	limiter := ratelimit.New(a.KV)
	parts, err := a.buildMFA(limiter)
	if err != nil {
		return nil, err
	}
	w := &web{pages: pages, sessions: sessions}
	w.login = &login.Handler{
		Accounts: a.Accounts, Hasher: hasher, Sessions: sessions, Pages: pages, Audit: a.Auditor, Mail: mailer, Log: a.Log, Now: a.Now,
		Flows:    &login.Flows{KV: a.KV, Secure: cfg.IsHTTPS(), Now: a.Now},
		Throttle: &login.Throttle{KV: a.KV, Limiter: limiter, MaxPerIP: int64(cfg.Login.MaxFailuresPerIP), Now: a.Now},
		Devices: &login.Devices{KV: a.KV, Key: login.DeviceKey(hashKey), TTL: cfg.Login.DeviceCookieTTL,
			Secure: cfg.IsHTTPS(), Now: a.Now},
	}
	w.invite = &invite.Service{
		Accounts: a.Accounts, Tokens: &invite.Tokens{DB: a.DB, Now: a.Now}, KV: a.KV, Limiter: limiter,
		Hasher: hasher, Sessions: sessions, Devices: w.login.Devices, Mail: mailer, Pages: pages, Audit: a.Auditor, Log: a.Log,
		Issuer: cfg.Issuer, InvitationTTL: cfg.Login.InvitationTTL, ResetTTL: cfg.Login.ResetTTL,
		Secure: cfg.IsHTTPS(), Now: a.Now,
	}
	w.portal = &portal.Handler{
		Accounts: a.Accounts, StandIns: a.Accounts, Sessions: sessions, Hasher: hasher, Inviter: w.invite, Mail: mailer,
		Pages: pages, Audit: a.Auditor, Log: a.Log, Now: a.Now,
	}
	w.factors = a.secondFactor(parts, w.login, w.portal, sessions, pages, mailer)
	if w.provider, err = a.buildProvider(ctx, parts.keys, sessions, pages); err != nil {
		return nil, err
	}
	w.login.SecondFactor = w.factors
	a.Factors = parts.factors
	a.Invites = w.invite
	a.Hasher = hasher
	a.Sessions = sessions
	w.helpdesk = a.buildHelpdesk(w, mailer)
	return w, nil
}

// mount registers the browser routes on mux.
func (w *web) mount(mux *http.ServeMux) {
	mux.Handle("GET /static/", templates.StaticHandler())
	mux.Handle("GET /{$}", http.RedirectHandler("/account", http.StatusSeeOther))
	w.login.Mount(mux)
	w.invite.Mount(mux)
	w.portal.Mount(mux)
	w.factors.Mount(mux)
	w.provider.Mount(mux)
	w.helpdesk.Mount(mux)
}

// errorPage renders error pages in the site layout.
func (w *web) errorPage(rw http.ResponseWriter, r *http.Request, status int, _ string) {
	_ = w.pages.Error(rw, r, status)
}

// mailer builds the configured mail sender with the embedded templates.
func (a *App) mailer() (*mail.Mailer, error) {
	tpl, err := mail.NewTemplates()
	if err != nil {
		return nil, err
	}
	var sender mail.Sender
	switch a.Config.Mail.Mode {
	case "smtp":
		s := a.Config.Mail.SMTP
		sender, err = mail.NewSMTP(mail.SMTPConfig{
			Host: s.Host, Port: s.Port, Username: s.Username, Password: s.Password,
			From: a.Config.Mail.From, TLS: s.TLS,
		}, a.Log)
		if err != nil {
			return nil, fmt.Errorf("mail.smtp: %w", err)
		}
	default:
		sender = mail.NewOutbox(mail.OutboxPath(a.Config.DataDir), a.Log)
	}
	return &mail.Mailer{Templates: tpl, Sender: sender}, nil
}
