package server

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/config"
)

// TestLogLinesCannotBeForged: a value that carries a line break and what
// looks like a second entry stays inside its own line, quoted, in both
// formats (ASVS 5.0 16.4.1, log injection).
func TestLogLinesCannotBeForged(t *testing.T) {
	const forged = "x\nlevel=ERROR msg=\"user.unlocked\" actor=admin\r\n{\"msg\":\"forged\"}"
	for _, format := range []string{"text", "json"} {
		var buf bytes.Buffer
		logger, err := NewLogger(config.Log{Format: format, Level: "info"}, &buf)
		if err != nil {
			t.Fatal(err)
		}
		logger.Info("login refused", "email_domain", forged, forged, "key")
		out := strings.TrimSuffix(buf.String(), "\n")
		if strings.ContainsAny(out, "\r\n") {
			t.Errorf("%s: a value broke the line:\n%s", format, out)
		}
		switch format {
		case "text":
			if !strings.Contains(out, `email_domain="x\nlevel=ERROR msg=\"user.unlocked\"`) {
				t.Errorf("text: the value is not quoted and escaped: %s", out)
			}
		case "json":
			var entry map[string]any
			if err := json.Unmarshal([]byte(out), &entry); err != nil || entry["msg"] != "login refused" || entry["email_domain"] != forged {
				t.Errorf("json: not one entry holding the value: %v %s", err, out)
			}
		}
	}
}
