package mail

import (
	"context"
	"io/fs"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func mustTemplates(t *testing.T) *Templates {
	t.Helper()
	ts, err := NewTemplates()
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

func fullData() map[string]any {
	at := time.Date(2026, 7, 14, 8, 30, 0, 0, time.UTC)
	return map[string]any{
		"Name": "Jan de Vries", "OrgName": "Bakkerij Jansen B.V.", "Link": "https://mijnaccount.example.nl/invite/abc123",
		"Expires": at, "Time": at, "Device": "Firefox op Windows", "Event": "factor_added", "At": at,
		"Cents": int64(9), "Previous": int64(8), "From": at, "Month": "2026-07", "Budget": int64(10000), "Spent": int64(8100), "Stop": true,
	}
}

func TestTemplatesRenderEveryMailInBothLanguages(t *testing.T) {
	ts := mustTemplates(t)
	want := []string{"account_blocked", "email_confirmation", "helpdesk_action", "invitation", "login_restricted", "new_login", "password_changed", "password_reset", "security_notice", "sms_budget_warning", "sms_tariff_notice"}
	if got := ts.Names(); !slices.Equal(got, want) {
		t.Fatalf("Names = %v; want %v", got, want)
	}
	for _, lang := range []string{"nl", "en"} {
		for _, name := range want {
			t.Run(lang+"/"+name, func(t *testing.T) {
				m, err := ts.Render(name, lang, fullData())
				if err != nil {
					t.Fatal(err)
				}
				if m.Purpose != name || m.Subject == "" || strings.ContainsAny(m.Subject, "\r\n") {
					t.Errorf("Purpose %q Subject %q", m.Purpose, m.Subject)
				}
				if !strings.Contains(m.HTML, `<html lang="`+lang+`">`) {
					t.Errorf("HTML is not in %s", lang)
				}
				for _, part := range []string{m.Text, m.HTML} {
					if !strings.Contains(part, "Jan de Vries") {
						t.Errorf("part lacks the name:\n%s", part)
					}
					if strings.Contains(part, "no value") {
						t.Errorf("part renders a missing value:\n%s", part)
					}
				}
				if name != "password_changed" && name != "account_blocked" && name != "login_restricted" && name != "security_notice" && name != "helpdesk_action" &&
					!strings.HasPrefix(name, "sms_") && !strings.Contains(m.Text, "https://mijnaccount.example.nl/invite/abc123") {
					t.Errorf("text lacks the link:\n%s", m.Text)
				}
			})
		}
	}
}

func TestTemplatesDutchIsFormalAndDated(t *testing.T) {
	m, err := mustTemplates(t).Render("invitation", "nl", fullData())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Beste Jan de Vries,", "Bakkerij Jansen B.V. nodigt u uit", "14 juli 2026 om 10:30 uur", "Met vriendelijke groet"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, m.Text)
		}
	}
	if regexp.MustCompile(`(?i)\b(jij|je|jouw)\b`).MatchString(m.Text) {
		t.Errorf("Dutch text uses the informal form:\n%s", m.Text)
	}
	if m.Subject != "Uitnodiging voor Mijn Account van Bakkerij Jansen B.V." {
		t.Errorf("Subject = %q", m.Subject)
	}
}

func TestTemplatesEscapeDataInHTML(t *testing.T) {
	data := fullData()
	data["Name"] = `<script>alert("xss")</script>`
	data["OrgName"] = `"><img src=x onerror=alert(1)>`
	data["Link"] = "javascript:alert(1)"
	for _, lang := range []string{"nl", "en"} {
		m, err := mustTemplates(t).Render("invitation", lang, data)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"<script>", "<img", `href="javascript:`} {
			if strings.Contains(m.HTML, bad) {
				t.Errorf("%s: HTML contains %q", lang, bad)
			}
		}
		if !strings.Contains(m.HTML, "&lt;script&gt;") || !strings.Contains(m.HTML, "&lt;img") {
			t.Errorf("%s: data not escaped in HTML", lang)
		}
		if !strings.Contains(m.HTML, `href="#ZgotmplZ"`) {
			t.Errorf("%s: javascript: link not neutralised", lang)
		}
	}
}

func TestTemplatesLanguageFallback(t *testing.T) {
	ts := mustTemplates(t)
	for in, want := range map[string]string{"": "nl", "nl": "nl", "NL-be": "nl", "en": "en", "en-GB": "en", "en_US": "en", "de": "nl", "fr-FR": "nl"} {
		if got := ts.Lang(in); got != want {
			t.Errorf("Lang(%q) = %q; want %q", in, got, want)
		}
	}
	m, err := ts.Render("password_reset", "de", fullData())
	if err != nil || !strings.Contains(m.Subject, "wachtwoord") {
		t.Fatalf("unknown language: %q, %v; want the Dutch mail", m.Subject, err)
	}
}

func TestTemplatesErrors(t *testing.T) {
	ts := mustTemplates(t)
	if _, err := ts.Render("no_such_mail", "nl", fullData()); err == nil || !strings.Contains(err.Error(), `"no_such_mail"`) {
		t.Errorf("unknown mail: %v", err)
	}
	data := fullData()
	delete(data, "Link")
	if _, err := ts.Render("invitation", "en", data); err == nil || !strings.Contains(err.Error(), "Link") {
		t.Errorf("missing data key: %v", err)
	}
	data = fullData()
	data["Expires"] = "tomorrow"
	if _, err := ts.Render("invitation", "nl", data); err == nil {
		t.Error("a string as date rendered without error")
	}
}

func TestLoadTemplatesReportsEveryProblem(t *testing.T) {
	layout := &fstest.MapFile{Data: []byte(`<html>{{template "body" .}}</html>`)}
	part := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fsys := fstest.MapFS{
		"nl/_layout.html":  layout,
		"nl/a.subject":     part("A"),
		"nl/a.txt":         part("a"),
		"nl/a.html":        part(`{{define "body"}}a{{end}}`),
		"nl/b.subject":     part("B"),
		"nl/b.txt":         part("b"), // b.html missing
		"en/_layout.html":  layout,
		"en/c.subject":     part("C"), // c exists only in en, a only in nl
		"en/c.txt":         part("c"),
		"en/c.html":        part(`{{define "body"}}c{{end}}`),
		"de/x.subject":     part("X"), // no layout
		"nl/_footer.txt":   part("--"),
		"nl/ignored.notes": part("not a template part"),
	}
	_, err := LoadTemplates(fsys)
	if err == nil {
		t.Fatal("LoadTemplates accepted broken templates")
	}
	for _, want := range []string{"nl/b.html is missing", "en/a is missing", "en/c has no nl version", "de/_layout.html is missing"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if _, err := LoadTemplates(fstest.MapFS{"en/_layout.html": layout}); err == nil || !strings.Contains(err.Error(), `"nl"`) {
		t.Errorf("no default language: %v", err)
	}
}

// Mail is never a login factor: no template may carry a code or token field.
func TestTemplatesCarryNoLoginCodes(t *testing.T) {
	codeField := regexp.MustCompile(`\{\{[^}]*\.(Code|OTP|Otp|TOTP|Pin|PIN|RecoveryCode|Secret)\b`)
	err := fs.WalkDir(embedded, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := embedded.ReadFile(p)
		if err != nil {
			return err
		}
		if codeField.Match(b) {
			t.Errorf("%s uses a code field", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestFormatDate(t *testing.T) {
	winter := time.Date(2026, 1, 5, 23, 15, 0, 0, time.UTC)
	summer := time.Date(2026, 8, 31, 22, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		lang string
		at   any
		want string
	}{
		{"nl", winter, "6 januari 2026 om 00:15 uur"},
		{"nl", summer, "1 september 2026 om 00:00 uur"},
		{"en", winter, "6 January 2026 at 00:15 (CET)"},
		{"en", &summer, "1 September 2026 at 00:00 (CEST)"},
		{"nl", time.Time{}, ""},
	} {
		got, err := formatDate(tc.lang, tc.at)
		if err != nil || got != tc.want {
			t.Errorf("formatDate(%s, %v) = %q, %v; want %q", tc.lang, tc.at, got, err, tc.want)
		}
	}
}

func TestMailerRendersAndSends(t *testing.T) {
	path := OutboxPath(t.TempDir())
	m := &Mailer{Templates: mustTemplates(t), Sender: NewOutbox(path, slog.New(slog.DiscardHandler))}
	// The shape account/invite and account/portal expect.
	var _ interface {
		Send(ctx context.Context, to, template, lang string, data map[string]any) error
	} = m
	if err := m.Send(context.Background(), "jan@example.nl", "password_reset", "en", fullData()); err != nil {
		t.Fatal(err)
	}
	got, err := ReadOutbox(path)
	if err != nil || len(got) != 1 {
		t.Fatalf("ReadOutbox = %v, %v", got, err)
	}
	if e := got[0]; e.To != "jan@example.nl" || e.Purpose != "password_reset" || e.Subject != "Set a new password for Mijn Account" || !strings.Contains(e.Text, "/invite/abc123") {
		t.Fatalf("entry = %+v", e)
	}
	if err := m.Send(context.Background(), "jan@example.nl", "nope", "nl", fullData()); err == nil {
		t.Fatal("unknown template sent")
	}
}

// TestSecurityNoticeNamesEveryEvent: each change to the factors has its own
// sentence in both languages, and an unknown event is not silently empty.
func TestSecurityNoticeNamesEveryEvent(t *testing.T) {
	ts := mustTemplates(t)
	events := []string{"factor_added", "factor_removed", "factor_renamed", "factor_default", "factor_replaced", "phone_changed", "phone_swap_started", "phone_swap_ended", "recovery_used", "recovery_regenerated"}
	for _, lang := range []string{"nl", "en"} {
		seen := map[string]string{}
		for _, ev := range events {
			data := fullData()
			data["Event"] = ev
			m, err := ts.Render("security_notice", lang, data)
			if err != nil {
				t.Fatal(err)
			}
			if prev, dup := seen[m.Text]; dup {
				t.Errorf("%s: %s and %s render the same text", lang, prev, ev)
			}
			seen[m.Text] = ev
		}
	}
}
