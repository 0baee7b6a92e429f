package mail

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"
)

func newSMTP(t *testing.T, cfg SMTPConfig) *SMTP {
	t.Helper()
	s, err := NewSMTP(cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func smtpMessage() Message {
	return Message{
		To:      "Jan de Vries <jan@example.nl>",
		Subject: "Uitnodiging voor Mijn Account – één stap ✓",
		Text:    "Beste Jan,\n\nActiveer uw account: https://mijnaccount.example.nl/invite/abc\n\nMet vriendelijke groet,\nMijn Account\n",
		HTML:    `<p>Beste Jan,</p><p><a href="https://mijnaccount.example.nl/invite/abc">Account activeren</a> — één keer geldig.</p>`,
		Purpose: "invitation",
	}
}

func TestSMTPStartTLSDeliversMultipartMessage(t *testing.T) {
	f := startFakeSMTP(t, &fakeSMTP{offerStartTLS: true, authInClear: true})
	s := newSMTP(t, f.config(TLSStartTLS))
	s.Now = func() time.Time { return time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC) }
	if err := s.Send(context.Background(), smtpMessage()); err != nil {
		t.Fatal(err)
	}
	auths, mails, _ := f.received()
	if len(auths) != 1 || !auths[0].tls || auths[0].mech != "PLAIN" || auths[0].user != "mijnaccount" || auths[0].pw != "s3cr3t-Wachtw00rd" {
		t.Fatalf("auths = %+v; want one AUTH PLAIN over TLS with the credentials", auths)
	}
	if len(mails) != 1 {
		t.Fatalf("%d mails arrived; want 1", len(mails))
	}
	got := mails[0]
	if !got.tls || !strings.HasPrefix(got.from, "FROM:<no-reply@mijnaccount.example.nl>") || len(got.to) != 1 || got.to[0] != "TO:<jan@example.nl>" {
		t.Fatalf("envelope = tls %v from %q to %q", got.tls, got.from, got.to)
	}

	msg, err := mail.ReadMessage(strings.NewReader(got.data))
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	subject, err := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
	if err != nil || subject != smtpMessage().Subject {
		t.Errorf("Subject %q decodes to %q, %v", h.Get("Subject"), subject, err)
	}
	if h.Get("Subject") == subject {
		t.Error("non-ASCII Subject is not RFC 2047-encoded")
	}
	if to, err := h.AddressList("To"); err != nil || to[0].Address != "jan@example.nl" || to[0].Name != "Jan de Vries" {
		t.Errorf("To = %v, %v", to, err)
	}
	if d, err := h.Date(); err != nil || !d.Equal(s.Now()) {
		t.Errorf("Date = %v, %v", d, err)
	}
	if id := h.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@mijnaccount.example.nl>") {
		t.Errorf("Message-ID = %q", id)
	}
	if h.Get("MIME-Version") != "1.0" || h.Get("Auto-Submitted") != "auto-generated" {
		t.Errorf("MIME-Version %q Auto-Submitted %q", h.Get("MIME-Version"), h.Get("Auto-Submitted"))
	}
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type = %q", h.Get("Content-Type"))
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	var types []string
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		types = append(types, p.Header.Get("Content-Type"))
		if cte := p.Header.Get("Content-Transfer-Encoding"); cte != "quoted-printable" {
			t.Errorf("part encoding %q", cte)
		}
		body, err := io.ReadAll(quotedprintable.NewReader(p))
		if err != nil {
			t.Fatal(err)
		}
		want := smtpMessage().Text
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
			want = smtpMessage().HTML
		}
		if strings.TrimSpace(strings.ReplaceAll(string(body), "\r\n", "\n")) != strings.TrimSpace(want) {
			t.Errorf("part %s = %q; want %q", types[len(types)-1], body, want)
		}
	}
	if len(types) != 2 || types[0] != "text/plain; charset=utf-8" || types[1] != "text/html; charset=utf-8" {
		t.Errorf("parts = %q; want text/plain then text/html, utf-8", types)
	}
}

func TestSMTPStartTLSModeRefusesServerWithoutStartTLS(t *testing.T) {
	f := startFakeSMTP(t, &fakeSMTP{offerStartTLS: false, authInClear: true})
	err := newSMTP(t, f.config(TLSStartTLS)).Send(context.Background(), smtpMessage())
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("Send error = %v; want a STARTTLS error", err)
	}
	auths, mails, cmds := f.received()
	if len(auths) != 0 || len(mails) != 0 {
		t.Fatalf("server got auths %+v and %d mails in plain text", auths, len(mails))
	}
	for _, c := range cmds {
		if c == "AUTH" || c == "MAIL" {
			t.Fatalf("client sent %s without TLS (commands %v)", c, cmds)
		}
	}
}

func TestSMTPImplicitTLS(t *testing.T) {
	f := startFakeSMTP(t, &fakeSMTP{implicitTLS: true})
	if err := newSMTP(t, f.config(TLSImplicit)).Send(context.Background(), smtpMessage()); err != nil {
		t.Fatal(err)
	}
	auths, mails, _ := f.received()
	if len(auths) != 1 || !auths[0].tls || len(mails) != 1 || !mails[0].tls {
		t.Fatalf("auths %+v mails %d; want both over TLS", auths, len(mails))
	}
}

func TestSMTPRefusesUntrustedCertificate(t *testing.T) {
	f := startFakeSMTP(t, &fakeSMTP{offerStartTLS: true})
	cfg := f.config(TLSStartTLS)
	cfg.RootCAs = nil // system roots do not know the fake's certificate
	err := newSMTP(t, cfg).Send(context.Background(), smtpMessage())
	if err == nil || !strings.Contains(err.Error(), "starttls") {
		t.Fatalf("Send error = %v; want a certificate error at starttls", err)
	}
	if auths, mails, _ := f.received(); len(auths) != 0 || len(mails) != 0 {
		t.Fatal("credentials or mail sent to an unverified server")
	}
}

func TestSMTPNoneOnLoopbackSendsWithoutAuth(t *testing.T) {
	f := startFakeSMTP(t, &fakeSMTP{authInClear: true})
	cfg := f.config(TLSNone)
	cfg.Username, cfg.Password = "", ""
	m := smtpMessage()
	m.HTML = "" // text only: a single text/plain body
	if err := newSMTP(t, cfg).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	auths, mails, _ := f.received()
	if len(auths) != 0 || len(mails) != 1 || mails[0].tls {
		t.Fatalf("auths %+v mails %+v", auths, mails)
	}
	msg, err := mail.ReadMessage(strings.NewReader(mails[0].data))
	if err != nil {
		t.Fatal(err)
	}
	if ct := msg.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	body, _ := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if !strings.Contains(string(body), "https://mijnaccount.example.nl/invite/abc") {
		t.Errorf("body = %q", body)
	}
}

func TestNewSMTPValidatesConfig(t *testing.T) {
	ok := SMTPConfig{Host: "smtp.example.nl", Port: 587, Username: "u", Password: "s3cr3t-Wachtw00rd", From: "no-reply@example.nl", TLS: TLSStartTLS}
	for name, edit := range map[string]func(*SMTPConfig){
		"no host":               func(c *SMTPConfig) { c.Host = "" },
		"bad port":              func(c *SMTPConfig) { c.Port = 0 },
		"bad from":              func(c *SMTPConfig) { c.From = "no-reply" },
		"unknown mode":          func(c *SMTPConfig) { c.TLS = "ssl" },
		"empty mode":            func(c *SMTPConfig) { c.TLS = "" },
		"none on a remote host": func(c *SMTPConfig) { c.TLS, c.Username, c.Password = TLSNone, "", "" },
		"none with credentials": func(c *SMTPConfig) { c.Host, c.TLS = "127.0.0.1", TLSNone },
		"password without user": func(c *SMTPConfig) { c.Username = "" },
		"hello with a space":    func(c *SMTPConfig) { c.HelloName = "a b" },
	} {
		cfg := ok
		edit(&cfg)
		_, err := NewSMTP(cfg, nil)
		if err == nil {
			t.Errorf("%s: NewSMTP accepted %v", name, cfg)
		} else if strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%s: error %q contains the password", name, err)
		}
	}
	for _, host := range []string{"localhost", "127.0.0.1", "::1", "[::1]", "127.0.0.53"} {
		cfg := SMTPConfig{Host: host, Port: 25, From: "no-reply@example.nl", TLS: TLSNone}
		if _, err := NewSMTP(cfg, nil); err != nil {
			t.Errorf("none on %s: %v", host, err)
		}
	}
	if _, err := NewSMTP(ok, nil); err != nil {
		t.Errorf("valid config: %v", err)
	}
}

func TestSMTPConfigNeverPrintsPassword(t *testing.T) {
	cfg := SMTPConfig{Host: "smtp.example.nl", Port: 587, Username: "u", Password: "s3cr3t-Wachtw00rd", TLS: TLSStartTLS}
	var logs strings.Builder
	slog.New(slog.NewTextHandler(&logs, nil)).Info("config", "smtp", cfg)
	for _, s := range []string{cfg.String(), logs.String(), fmt.Sprintf("%v %+v %#v %s", cfg, cfg, cfg, cfg)} {
		if strings.Contains(s, "s3cr3t") {
			t.Errorf("%q shows the password", s)
		}
	}
}

func TestSMTPErrorsHidePasswordAndRecipient(t *testing.T) {
	t.Run("auth rejected", func(t *testing.T) {
		f := startFakeSMTP(t, &fakeSMTP{offerStartTLS: true, authReply: "535 5.7.8 bad credentials: s3cr3t-Wachtw00rd / AG1pam5hY2NvdW50AHMzY3IzdC1XYWNodHcwMHJk"})
		err := newSMTP(t, f.config(TLSStartTLS)).Send(context.Background(), smtpMessage())
		if err == nil || !strings.Contains(err.Error(), "auth") {
			t.Fatalf("Send error = %v; want an auth error", err)
		}
		if strings.Contains(err.Error(), "s3cr3t") || strings.Contains(err.Error(), "AG1pam5hY2NvdW50AHMzY3IzdC1XYWNodHcwMHJk") {
			t.Fatalf("error %q contains the password", err)
		}
		if _, mails, _ := f.received(); len(mails) != 0 {
			t.Fatal("mail sent after failed authentication")
		}
	})
	t.Run("recipient rejected", func(t *testing.T) {
		f := startFakeSMTP(t, &fakeSMTP{offerStartTLS: true, rcptReply: "550 5.1.1 <JAN@example.nl>: no such user"})
		err := newSMTP(t, f.config(TLSStartTLS)).Send(context.Background(), smtpMessage())
		if err == nil || !strings.Contains(err.Error(), "rcpt to") {
			t.Fatalf("Send error = %v; want a rcpt error", err)
		}
		if strings.Contains(strings.ToLower(err.Error()), "jan@example.nl") {
			t.Fatalf("error %q contains the recipient", err)
		}
	})
}

func TestSMTPTimesOut(t *testing.T) {
	f := startFakeSMTP(t, &fakeSMTP{silent: true})
	cfg := f.config(TLSStartTLS)
	cfg.Timeout = 200 * time.Millisecond
	start := time.Now()
	err := newSMTP(t, cfg).Send(context.Background(), smtpMessage())
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Send error = %v; want DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("Send took %v", d)
	}

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	cfg.Timeout = time.Minute
	if err := newSMTP(t, cfg).Send(ctx, smtpMessage()); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled Send error = %v; want Canceled", err)
	}
}

func TestSMTPRefusesHeaderInjection(t *testing.T) {
	f := startFakeSMTP(t, &fakeSMTP{offerStartTLS: true})
	m := smtpMessage()
	m.To = "jan@example.nl\r\nBcc: eve@example.nl"
	if err := newSMTP(t, f.config(TLSStartTLS)).Send(context.Background(), m); !errors.Is(err, ErrInvalidMessage) {
		t.Fatalf("Send error = %v; want ErrInvalidMessage", err)
	}
	if _, _, cmds := f.received(); len(cmds) != 0 {
		t.Fatalf("client talked to the server: %v", cmds)
	}
}
