package mail

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func testMessage(to string) Message {
	return Message{
		To:      to,
		Subject: "Uitnodiging voor Mijn Account",
		Text:    "Activeer uw account: http://localhost:8080/invite/geheim-token\n",
		HTML:    `<p><a href="http://localhost:8080/invite/geheim-token">Activeren</a></p>`,
		Purpose: "invitation",
	}
}

func TestOutboxAppendsAndReadsBack(t *testing.T) {
	path := OutboxPath(t.TempDir())
	at := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	o := &Outbox{Path: path, Log: slog.New(slog.DiscardHandler), Now: func() time.Time { return at }}
	ctx := context.Background()
	if err := o.Send(ctx, testMessage("jan@example.nl")); err != nil {
		t.Fatal(err)
	}
	second := testMessage("Piet <piet@example.nl>")
	second.Purpose = "password_reset"
	if err := o.Send(ctx, second); err != nil {
		t.Fatal(err)
	}
	got, err := ReadOutbox(path)
	if err != nil {
		t.Fatal(err)
	}
	want := OutboxEntry{To: "jan@example.nl", Subject: "Uitnodiging voor Mijn Account", Text: testMessage("").Text, HTML: testMessage("").HTML, Purpose: "invitation", At: at}
	if len(got) != 2 || got[0] != want || got[1].Purpose != "password_reset" {
		t.Fatalf("ReadOutbox = %+v", got)
	}
	if e, ok := LastTo(got, "PIET@example.nl"); !ok || e.Purpose != "password_reset" {
		t.Fatalf("LastTo = %+v, %v", e, ok)
	}
	if _, ok := LastTo(got, "nobody@example.nl"); ok {
		t.Fatal("LastTo found a mail for an unknown address")
	}
	raw, _ := os.ReadFile(path)
	if !bytes.Contains(raw, []byte(`<a href=`)) {
		t.Errorf("outbox escapes HTML; want it readable: %s", raw)
	}
}

func TestOutboxConcurrentSendsDoNotInterleave(t *testing.T) {
	path := OutboxPath(t.TempDir())
	o := NewOutbox(path, slog.New(slog.DiscardHandler))
	const n = 50
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			m := testMessage(fmt.Sprintf("user%d@example.nl", i))
			m.Text = strings.Repeat(fmt.Sprintf("regel %d ", i), 2000) // long lines make interleaving visible
			errs <- o.Send(context.Background(), m)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	seen := map[string]bool{}
	for sc.Scan() {
		var e OutboxEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("line %d is not one JSON object: %v", len(seen)+1, err)
		}
		seen[e.To] = true
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(seen) != n {
		t.Fatalf("%d distinct valid lines; want %d", len(seen), n)
	}
}

func TestOutboxPermissions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	path := OutboxPath(dir)
	if err := NewOutbox(path, slog.New(slog.DiscardHandler)).Send(context.Background(), testMessage("jan@example.nl")); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("outbox file mode %o; want 600", perm)
	}
	di, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if perm := di.Mode().Perm(); perm != 0o700 {
		t.Errorf("outbox dir mode %o; want 700", perm)
	}
}

func TestOutboxLogsPurposeOnly(t *testing.T) {
	var logs bytes.Buffer
	o := NewOutbox(OutboxPath(t.TempDir()), slog.New(slog.NewJSONHandler(&logs, nil)))
	m := testMessage("jan.devries@example.nl")
	if err := o.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	if !strings.Contains(out, `"purpose":"invitation"`) {
		t.Errorf("log %q lacks the purpose", out)
	}
	for _, secret := range []string{"jan.devries", "geheim-token", "Uitnodiging"} {
		if strings.Contains(out, secret) {
			t.Errorf("log %q contains %q", out, secret)
		}
	}
	if strings.Count(out, "\n") != 1 {
		t.Errorf("want exactly one log line, got %q", out)
	}
}

func TestOutboxRefusesInvalidMessages(t *testing.T) {
	path := OutboxPath(t.TempDir())
	o := NewOutbox(path, slog.New(slog.DiscardHandler))
	for name, m := range map[string]Message{
		"header injection in to":      {To: "jan@example.nl\r\nBcc: eve@example.nl", Subject: "s", Text: "t"},
		"header injection in subject": {To: "jan@example.nl", Subject: "s\nBcc: eve@example.nl", Text: "t"},
		"two recipients":              {To: "jan@example.nl, eve@example.nl", Subject: "s", Text: "t"},
		"no recipient":                {Subject: "s", Text: "t"},
		"no subject":                  {To: "jan@example.nl", Text: "t"},
		"no text":                     {To: "jan@example.nl", Subject: "s", HTML: "<p>h</p>"},
		"odd purpose":                 {To: "jan@example.nl", Subject: "s", Text: "t", Purpose: "x\ny"},
	} {
		if err := o.Send(context.Background(), m); !errors.Is(err, ErrInvalidMessage) {
			t.Errorf("%s: Send error = %v; want ErrInvalidMessage", name, err)
		} else if strings.Contains(err.Error(), "example.nl") {
			t.Errorf("%s: error %q quotes the recipient", name, err)
		}
	}
	if got, err := ReadOutbox(path); err != nil || len(got) != 0 {
		t.Fatalf("ReadOutbox = %v, %v; want nothing written", got, err)
	}
}

func TestReadOutboxMissingFile(t *testing.T) {
	got, err := ReadOutbox(filepath.Join(t.TempDir(), "none.jsonl"))
	if err != nil || got != nil {
		t.Fatalf("ReadOutbox = %v, %v; want nil, nil", got, err)
	}
}
