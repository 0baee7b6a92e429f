package status_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger"
	"github.com/mijnaccount/mijnaccount/mfa/sms/status"
	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

const (
	testToken   = "authtoken0000000000000000000000a1"
	testAccount = "AC00000000000000000000000000000001"
	publicURL   = "https://login.example.nl/webhooks/twilio/status"
	// internalURL is what the request looks like behind the proxy.
	internalURL = "http://10.0.0.5:8080/webhooks/twilio/status"
	testSID     = "SM0123456789abcdef0123456789abcdef"
	testTo      = "+31612345678"
)

var received = time.Date(2026, 11, 23, 9, 0, 5, 0, time.UTC)

// env is a Handler on the real ledger on SQLite, with one recorded message.
type env struct {
	db      *storage.DB
	store   *ledger.SQLStore
	handler *status.Handler
	logs    *lockedBuffer
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{db: storagetest.OpenSQLite(t), logs: &lockedBuffer{}}
	e.store = ledger.NewSQLStore(e.db)
	e.handler = &status.Handler{
		AuthToken: testToken, PublicURL: publicURL, Ledger: e.store,
		Now: func() time.Time { return received }, Log: slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	err := e.store.Record(t.Context(), ledger.Entry{
		OrgID: "org-branch", CustomerID: "org-holding", Purpose: "login", Segments: 1, Provider: ledger.ProviderTwilio,
		ProviderID: testSID, Status: ledger.StatusQueued, CountryPrefix: "+31", CreatedAt: received.Add(-5 * time.Second),
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// callback is the form Twilio posts for a status change of sid.
func callback(sid, st string) url.Values {
	return url.Values{
		"MessageSid": {sid}, "SmsSid": {sid}, "MessageStatus": {st}, "SmsStatus": {st},
		"AccountSid": {testAccount}, "From": {"+3197010200300"}, "To": {testTo}, "ApiVersion": {"2010-04-01"},
	}
}

// post sends form to the handler as the proxy passes it on, with signature
// sig ("" for none), and returns the status code.
func (e *env) post(t *testing.T, form url.Values, sig string) int {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, internalURL, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if sig != "" {
		r.Header.Set("X-Twilio-Signature", sig)
	}
	w := httptest.NewRecorder()
	e.handler.ServeHTTP(w, r)
	return w.Code
}

// postSigned posts form signed like Twilio.
func (e *env) postSigned(t *testing.T, form url.Values) int {
	t.Helper()
	return e.post(t, form, sign(testToken, publicURL, form))
}

// wantStatus fails unless the ledger says testSID is want.
func (e *env) wantStatus(t *testing.T, want string) {
	t.Helper()
	got, err := e.store.Status(t.Context(), ledger.ProviderTwilio, testSID)
	if err != nil || got != want {
		t.Fatalf("ledger status = %q, %v; want %q", got, err, want)
	}
}

// events counts the stored status events.
func (e *env) events(t *testing.T) int {
	t.Helper()
	var n int
	if err := e.db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM sms_status_events`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
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
