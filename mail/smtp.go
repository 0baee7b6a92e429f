package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/smtp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/internal/loopback"
)

// TLS modes of an SMTP connection.
const (
	TLSStartTLS = "starttls" // plain connect, then STARTTLS, required (port 587)
	TLSImplicit = "tls"      // TLS from the first byte (port 465)
	TLSNone     = "none"     // no TLS and no authentication: loopback hosts only
)

// DefaultSMTPTimeout bounds one whole SMTP conversation.
const DefaultSMTPTimeout = 30 * time.Second

// SMTPConfig configures the SMTP Sender.
type SMTPConfig struct {
	Host     string
	Port     int
	Username string // empty: no authentication
	Password string
	From     string // "Mijn Account <no-reply@example.nl>"
	TLS      string // TLSStartTLS, TLSImplicit or TLSNone

	HelloName string         // EHLO name; "" means "localhost"
	Timeout   time.Duration  // 0 means DefaultSMTPTimeout
	RootCAs   *x509.CertPool // nil means the system roots
}

// String describes c without its password.
func (c SMTPConfig) String() string {
	pw := ""
	if c.Password != "" {
		pw = "[redacted]"
	}
	return fmt.Sprintf("smtp{host=%s port=%d tls=%s username=%q password=%s from=%q}", c.Host, c.Port, c.TLS, c.Username, pw, c.From)
}

// GoString is String, so %#v does not print the password either.
func (c SMTPConfig) GoString() string { return c.String() }

// LogValue keeps the password out of structured logs.
func (c SMTPConfig) LogValue() slog.Value { return slog.StringValue(c.String()) }

// SMTP sends mail through an SMTP server. Authentication (AUTH PLAIN) only
// ever happens over TLS: in starttls mode a server that does not offer
// STARTTLS is an error, and in none mode credentials are refused.
type SMTP struct {
	cfg  SMTPConfig
	from *mail.Address
	Log  *slog.Logger     // nil: slog.Default()
	Now  func() time.Time // nil: time.Now
}

var _ Sender = (*SMTP)(nil)

// NewSMTP checks cfg and returns an SMTP sender; it does not connect.
func NewSMTP(cfg SMTPConfig, log *slog.Logger) (*SMTP, error) {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf("mail: smtp: "+format, args...)) }
	if cfg.Host == "" {
		bad("host is required")
	}
	if cfg.Port < 1 || cfg.Port > 65535 {
		bad("port must be between 1 and 65535, not %d", cfg.Port)
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		bad("from %q is not an e-mail address", cfg.From)
	}
	switch cfg.TLS {
	case TLSStartTLS, TLSImplicit:
	case TLSNone:
		if !loopback.Host(cfg.Host) {
			bad("tls none is only allowed for a loopback host, not %q", cfg.Host)
		}
		if cfg.Username != "" || cfg.Password != "" {
			bad("tls none cannot be used with a username or password")
		}
	default:
		bad("tls must be %s, %s or %s, not %q", TLSStartTLS, TLSImplicit, TLSNone, cfg.TLS)
	}
	if cfg.Password != "" && cfg.Username == "" {
		bad("password given without username")
	}
	if strings.ContainsAny(cfg.HelloName, " \r\n") {
		bad("hello name must be one word")
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return &SMTP{cfg: cfg, from: from, Log: log}, nil
}

// Send delivers m. Errors say which step failed; they never contain the
// password or the recipient's address, even when the server's reply did.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	to, err := m.recipient()
	if err != nil {
		return err
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	body, err := compose(s.from, to, m, now())
	if err != nil {
		return fmt.Errorf("mail: composing: %w", err)
	}
	if err := s.deliver(ctx, to.Address, body); err != nil {
		return s.redact(err, to.Address)
	}
	log := s.Log
	if log == nil {
		log = slog.Default()
	}
	log.InfoContext(ctx, "mail sent", "purpose", m.Purpose, "via", "smtp")
	return nil
}

// smtpError is a failed step of the SMTP conversation.
type smtpError struct {
	addr, step string
	err        error
}

func (e *smtpError) Error() string {
	return fmt.Sprintf("mail: smtp %s: %s: %v", e.addr, e.step, e.err)
}

func (e *smtpError) Unwrap() error { return e.err }

func (s *SMTP) deliver(ctx context.Context, rcpt string, body []byte) error {
	timeout := s.cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultSMTPTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	addr := net.JoinHostPort(s.cfg.Host, strconv.Itoa(s.cfg.Port))
	fail := func(step string, err error) error {
		var ne net.Error
		if ctxErr := ctx.Err(); ctxErr != nil {
			err = fmt.Errorf("%w (%v)", ctxErr, err)
		} else if errors.As(err, &ne) && ne.Timeout() {
			// The connection's only deadline is ctx's: its timer may simply
			// not have fired yet when the read gives up.
			err = fmt.Errorf("%w (%v)", context.DeadlineExceeded, err)
		}
		return &smtpError{addr: addr, step: step, err: err}
	}

	conn, err := s.dial(ctx, addr)
	if err != nil {
		return fail("connect", err)
	}
	// The deadline bounds every read and write; cancelling ctx ends them early.
	deadline, _ := ctx.Deadline()
	_ = conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	c, err := smtp.NewClient(conn, s.cfg.Host)
	if err != nil {
		conn.Close()
		return fail("greeting", err)
	}
	defer c.Close()
	hello := s.cfg.HelloName
	if hello == "" {
		hello = "localhost"
	}
	if err := c.Hello(hello); err != nil {
		return fail("ehlo", err)
	}
	if s.cfg.TLS == TLSStartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return fail("starttls", errors.New("server does not offer STARTTLS; refusing to continue in plain text"))
		}
		if err := c.StartTLS(s.tlsConfig()); err != nil {
			return fail("starttls", err)
		}
	}
	if s.cfg.Username != "" {
		if err := s.auth(c); err != nil {
			return fail("auth", err)
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return fail("mail from", err)
	}
	if err := c.Rcpt(rcpt); err != nil {
		return fail("rcpt to", err)
	}
	w, err := c.Data()
	if err != nil {
		return fail("data", err)
	}
	if _, err := w.Write(body); err != nil {
		return fail("data", err)
	}
	if err := w.Close(); err != nil {
		return fail("data", err)
	}
	if err := c.Quit(); err != nil {
		return fail("quit", err)
	}
	return nil
}

func (s *SMTP) dial(ctx context.Context, addr string) (net.Conn, error) {
	d := &net.Dialer{}
	if s.cfg.TLS == TLSImplicit {
		td := &tls.Dialer{NetDialer: d, Config: s.tlsConfig()}
		return td.DialContext(ctx, "tcp", addr)
	}
	return d.DialContext(ctx, "tcp", addr)
}

func (s *SMTP) tlsConfig() *tls.Config {
	return &tls.Config{ServerName: s.cfg.Host, RootCAs: s.cfg.RootCAs, MinVersion: tls.VersionTLS12}
}

// auth authenticates with AUTH PLAIN, only over a TLS connection.
func (s *SMTP) auth(c *smtp.Client) error {
	if _, isTLS := c.TLSConnectionState(); !isTLS {
		return errors.New("refusing to send credentials without TLS")
	}
	ok, mechs := c.Extension("AUTH")
	if !ok || !slices.Contains(strings.Fields(strings.ToUpper(mechs)), "PLAIN") {
		return errors.New("server does not offer AUTH PLAIN")
	}
	return c.Auth(smtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.cfg.Host))
}

// redact removes the password (plain and as the base64 AUTH PLAIN blob) and
// the recipient's address from err's text. A redacted error unwraps only to
// the context error, if any, so the original text cannot leak through it.
func (s *SMTP) redact(err error, rcpt string) error {
	msg := err.Error()
	clean := msg
	if s.cfg.Password != "" {
		blob := base64.StdEncoding.EncodeToString([]byte("\x00" + s.cfg.Username + "\x00" + s.cfg.Password))
		clean = strings.ReplaceAll(clean, blob, "[redacted]")
		clean = strings.ReplaceAll(clean, s.cfg.Password, "[redacted]")
	}
	clean = replaceFold(clean, rcpt, "[recipient]")
	if clean == msg {
		return err
	}
	r := &redactedError{msg: clean}
	for _, c := range []error{context.DeadlineExceeded, context.Canceled} {
		if errors.Is(err, c) {
			r.cause = c
		}
	}
	return r
}

type redactedError struct {
	msg   string
	cause error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.cause }

// replaceFold replaces every case-insensitive occurrence of old in s.
func replaceFold(s, old, repl string) string {
	if old == "" {
		return s
	}
	lower, lowerOld := strings.ToLower(s), strings.ToLower(old)
	if len(lower) != len(s) || len(lowerOld) != len(old) {
		return strings.ReplaceAll(s, old, repl) // non-ASCII case folding changed lengths
	}
	var b strings.Builder
	for {
		i := strings.Index(lower, lowerOld)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(repl)
		s, lower = s[i+len(old):], lower[i+len(old):]
	}
}
