package mail

import (
	"net/mail"
	"strings"
	"testing"
	"time"
)

func TestComposeUsesCRLFAndShortLines(t *testing.T) {
	from := &mail.Address{Name: "Mijn Account – Verzuim", Address: "no-reply@example.nl"}
	to := &mail.Address{Address: "jan@example.nl"}
	m := Message{
		To: "jan@example.nl", Subject: "Plain ASCII subject",
		Text: "Regel één\nRegel twee met een hele lange zin " + strings.Repeat("woord ", 60) + "\r\nslot",
		HTML: "<p>" + strings.Repeat("één ", 100) + "</p>",
	}
	raw, err := compose(from, to, m, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	s := string(raw)
	if strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\n") {
		t.Error("message has a bare LF")
	}
	for _, line := range strings.Split(s, "\r\n") {
		if len(line) > 78 && !strings.HasPrefix(line, "Content-Type: multipart") {
			t.Errorf("line of %d bytes: %q", len(line), line)
		}
		for _, r := range line {
			if r > 127 {
				t.Fatalf("non-ASCII byte on the wire: %q", line)
			}
		}
	}
	if !strings.Contains(s, "Subject: Plain ASCII subject\r\n") {
		t.Error("ASCII subject was encoded")
	}
	if !strings.Contains(s, "From: =?utf-8?q?Mijn_Account_=E2=80=93_Verzuim?= <no-reply@example.nl>\r\n") {
		t.Errorf("From header not RFC 2047-encoded:\n%s", s[:200])
	}
	if !strings.Contains(s, "Date: Fri, 02 Jan 2026 03:04:05 +0000\r\n") {
		t.Error("Date header missing or malformed")
	}
}
