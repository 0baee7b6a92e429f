package sms_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/sms"
)

func newOutbox(t *testing.T) (*sms.Outbox, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	o := sms.NewOutbox(sms.OutboxPath(filepath.Join(t.TempDir(), "data")), slog.New(slog.NewTextHandler(&logs, nil)))
	return o, &logs
}

func TestOutboxAppendsOneLinePerMessage(t *testing.T) {
	o, logs := newOutbox(t)
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	o.Now = func() time.Time { return at }

	first, err := o.Send(context.Background(), loginMessage(testTo))
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	second, err := o.Send(context.Background(), sms.Message{To: "+32470123456", Body: strings.Repeat("ë", 71), Purpose: sms.PurposePhoneChange})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	if !strings.HasPrefix(first.ProviderID, "outbox-") || first.ProviderID == second.ProviderID {
		t.Fatalf("provider ids %q, %q: want distinct outbox-…", first.ProviderID, second.ProviderID)
	}
	if first.Segments != 1 || second.Segments != 2 {
		t.Fatalf("segments %d, %d; want 1, 2", first.Segments, second.Segments)
	}
	got, err := sms.ReadOutbox(o.Path)
	if err != nil {
		t.Fatalf("ReadOutbox: %v", err)
	}
	want := []sms.OutboxEntry{
		{ID: first.ProviderID, To: testTo, Body: testBody, Purpose: sms.PurposeLogin, OrgID: "org-1", At: at},
		{ID: second.ProviderID, To: "+32470123456", Body: strings.Repeat("ë", 71), Purpose: sms.PurposePhoneChange, At: at},
	}
	if len(got) != len(want) {
		t.Fatalf("outbox has %d entries, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d = %+v\nwant %+v", i, got[i], want[i])
		}
	}
	if strings.Count(logs.String(), "\n") != 2 || !strings.Contains(logs.String(), "purpose=login") {
		t.Errorf("want one log line per message with purpose:\n%s", logs)
	}
	assertNoPersonalData(t, logs.String())
	if strings.Contains(logs.String(), "+32470123456") {
		t.Errorf("log contains the number:\n%s", logs)
	}
}

func TestOutboxFilePermissions(t *testing.T) {
	o, _ := newOutbox(t)
	if _, err := o.Send(context.Background(), loginMessage(testTo)); err != nil {
		t.Fatalf("Send: %v", err)
	}
	fi, err := os.Stat(o.Path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("file mode %o, want 600", perm)
	}
	di, err := os.Stat(filepath.Dir(o.Path))
	if err != nil {
		t.Fatal(err)
	}
	if perm := di.Mode().Perm(); perm != 0o700 {
		t.Errorf("dir mode %o, want 700", perm)
	}
}

func TestOutboxConcurrentSendsKeepWholeLines(t *testing.T) {
	o, _ := newOutbox(t)
	const n = 50
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := sms.Message{To: testTo, Body: fmt.Sprintf("code %06d %s", i, strings.Repeat("y", 300)), Purpose: sms.PurposeLogin}
			if _, err := o.Send(context.Background(), m); err != nil {
				t.Errorf("Send: %v", err)
			}
		}()
	}
	wg.Wait()
	got, err := sms.ReadOutbox(o.Path)
	if err != nil {
		t.Fatalf("ReadOutbox: %v", err)
	}
	seen := map[string]bool{}
	for _, e := range got {
		seen[e.Body[:11]] = true
	}
	if len(got) != n || len(seen) != n {
		t.Fatalf("outbox has %d entries (%d distinct), want %d", len(got), len(seen), n)
	}
}

func TestReadOutboxMissingFileIsEmpty(t *testing.T) {
	got, err := sms.ReadOutbox(filepath.Join(t.TempDir(), "nope.jsonl"))
	if err != nil || len(got) != 0 {
		t.Fatalf("ReadOutbox = %v, %v; want empty", got, err)
	}
}

func TestOutboxPath(t *testing.T) {
	if got := sms.OutboxPath("data"); got != filepath.Join("data", "outbox", "sms.jsonl") {
		t.Fatalf("OutboxPath = %q", got)
	}
}
