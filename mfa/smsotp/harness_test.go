package smsotp_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/sms"
	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger"
	"github.com/mijnaccount/mijnaccount/mfa/smsotp"
	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/memkv"
	"github.com/mijnaccount/mijnaccount/storage/rediskv"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

const (
	testPhone = "+31612345678"
	testIP    = "192.0.2.10"
)

var testKey = []byte("0123456789abcdef0123456789abcdef")

// clock is a settable time source shared by the store and Codes.
type clock = storagetest.Clock

func newClock() *clock { return storagetest.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)) }

// backend is a key-value store the tests run on. On memory the clock also
// drives expiry in the store; on Redis the store keeps real time.
type backend struct {
	name        string
	clockDrives bool
	open        func(t *testing.T, now func() time.Time) storage.KV
}

var backends = []backend{
	{"memory", true, func(t *testing.T, now func() time.Time) storage.KV {
		kv := memkv.New(now)
		t.Cleanup(func() { kv.Close() })
		return kv
	}},
	{"redis", false, func(t *testing.T, _ func() time.Time) storage.KV {
		kv, err := rediskv.Open(t.Context(), storagetest.RedisURL(), storagetest.RedisPrefix(t))
		if err != nil {
			t.Fatalf("redis: %v", err)
		}
		t.Cleanup(func() { kv.Close() })
		return kv
	}},
}

// eachBackend runs fn as a sub-test on every backend.
func eachBackend(t *testing.T, fn func(t *testing.T, b backend)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			fn(t, b)
		})
	}
}

// env is one Codes with everything around it.
type env struct {
	clock  *clock
	kv     *storagetest.FaultKV
	outbox *sms.Outbox
	ledger *memLedger
	logs   *lockedBuffer
	codes  *smsotp.Codes
}

// newEnv builds Codes on b with the outbox sender; change the config with
// tweak before New.
func newEnv(t *testing.T, b backend, tweak ...func(*smsotp.Config)) *env {
	t.Helper()
	e := &env{clock: newClock(), ledger: &memLedger{}, logs: &lockedBuffer{}}
	e.kv = &storagetest.FaultKV{KV: b.open(t, e.clock.Now)}
	log := slog.New(slog.NewTextHandler(e.logs, nil))
	e.outbox = sms.NewOutbox(filepath.Join(t.TempDir(), "sms.jsonl"), log)
	e.outbox.Now = e.clock.Now
	cfg := smsotp.Config{
		KV: e.kv, Sender: e.outbox, Provider: ledger.ProviderOutbox, Ledger: e.ledger,
		HashKey: testKey, Now: e.clock.Now, Log: log,
	}
	for _, f := range tweak {
		f(&cfg)
	}
	c, err := smsotp.New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	e.codes = c
	return e
}

// request returns a valid login request for binding.
func request(binding string) smsotp.Request {
	return smsotp.Request{
		Binding: binding, UserID: "user-1", OrgID: "org-branch", CustomerID: "org-holding",
		Phone: testPhone, Purpose: sms.PurposeLogin, IP: testIP,
	}
}

// otherAccount makes req come from another account with another number, so
// that the cooldowns of the first ones do not hold it up.
func otherAccount(req smsotp.Request) smsotp.Request {
	req.UserID, req.Phone = "user-other", "+31687654321"
	return req
}

// mustSend sends or fails the test, and returns the code from the outbox.
func (e *env) mustSend(t *testing.T, req smsotp.Request) (smsotp.Sent, string) {
	t.Helper()
	sent, err := e.codes.Send(t.Context(), req)
	if err != nil {
		t.Fatalf("Send(%s): %v", req.Binding, err)
	}
	return sent, e.lastCode(t)
}

// outboxEntries reads the outbox or fails the test.
func (e *env) outboxEntries(t *testing.T) []sms.OutboxEntry {
	t.Helper()
	got, err := sms.ReadOutbox(e.outbox.Path)
	if err != nil {
		t.Fatalf("ReadOutbox: %v", err)
	}
	return got
}

var codeInBody = regexp.MustCompile(`\b\d{6}\b`)

// lastCode returns the code in the newest outbox message.
func (e *env) lastCode(t *testing.T) string {
	t.Helper()
	got := e.outboxEntries(t)
	if len(got) == 0 {
		t.Fatal("outbox is empty")
	}
	code := codeInBody.FindString(got[len(got)-1].Body)
	if code == "" {
		t.Fatalf("no code in the message body")
	}
	return code
}

// wantOutbox fails unless the outbox holds n messages.
func (e *env) wantOutbox(t *testing.T, n int) {
	t.Helper()
	if got := len(e.outboxEntries(t)); got != n {
		t.Fatalf("outbox holds %d messages, want %d", got, n)
	}
}

// wrongCode returns a well-formed code other than code.
func wrongCode(code string) string {
	if code == "000000" {
		return "000001"
	}
	return "000000"
}

// codesReader yields random bytes that make Codes draw exactly the given
// codes, in order.
func codesReader(codes ...uint32) *bytes.Reader {
	var b []byte
	for _, c := range codes {
		b = binary.BigEndian.AppendUint32(b, c)
	}
	return bytes.NewReader(b)
}

// wantNoSecrets fails when the logs or any value written to the store
// contain one of secrets.
func (e *env) wantNoSecrets(t *testing.T, secrets ...string) {
	t.Helper()
	logs := e.logs.String()
	written := e.kv.Written()
	for _, s := range append(secrets, testPhone, "612345678") {
		if strings.Contains(logs, s) {
			t.Errorf("logs contain %q:\n%s", s, logs)
		}
		for _, v := range written {
			if strings.Contains(v, s) {
				t.Errorf("store got a value containing %q: %q", s, v)
			}
		}
	}
}

// lockedBuffer is a bytes.Buffer safe for concurrent writers.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// memLedger is a ledger.Store in memory that can be made to fail.
type memLedger struct {
	mu      sync.Mutex
	entries []ledger.Entry
	fail    error
}

var _ ledger.Store = (*memLedger)(nil)

func (m *memLedger) Record(ctx context.Context, e ledger.Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	m.entries = append(m.entries, e)
	return nil
}

func (m *memLedger) RecordStatus(context.Context, ledger.StatusEvent) (bool, error) {
	return false, errors.New("not used")
}

func (m *memLedger) Status(context.Context, string, string) (string, error) {
	return "", errors.New("not used")
}

func (m *memLedger) List(context.Context, ledger.Filter) ([]ledger.Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]ledger.Entry(nil), m.entries...), nil
}

func (m *memLedger) all() []ledger.Entry {
	list, _ := m.List(context.Background(), ledger.Filter{})
	return list
}
