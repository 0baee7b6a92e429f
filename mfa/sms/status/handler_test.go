package status_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger"
	"github.com/mijnaccount/mijnaccount/mfa/sms/status"
	"github.com/mijnaccount/mijnaccount/storage"
)

func TestValidCallbackStored(t *testing.T) {
	e := newEnv(t)
	form := callback(testSID, "undelivered")
	form.Set("ErrorCode", "30003")
	form.Set("NumSegments", "2")
	if code := e.postSigned(t, form); code != http.StatusOK {
		t.Fatalf("answer %d, want 200", code)
	}
	e.wantStatus(t, ledger.StatusUndelivered)
	var st string
	var segments, errorCode int
	var at int64
	err := e.db.QueryRowContext(t.Context(), `SELECT status, segments, error_code, received_at FROM sms_status_events
		WHERE provider = 'twilio' AND provider_id = $1`, testSID).Scan(&st, &segments, &errorCode, &at)
	if err != nil {
		t.Fatal(err)
	}
	if st != ledger.StatusUndelivered || segments != 2 || errorCode != 30003 || !storage.FromMicros(at).Equal(received) {
		t.Fatalf("stored %s, %d segments, error %d, at %s", st, segments, errorCode, storage.FromMicros(at))
	}
	if logs := e.logs.String(); strings.Contains(logs, testTo) || strings.Contains(logs, "612345678") {
		t.Fatalf("logs contain the number:\n%s", logs)
	}
}

func TestBadSignatureRefused(t *testing.T) {
	form := callback(testSID, "delivered")
	failed := callback(testSID, "failed")
	added := callback(testSID, "delivered")
	added.Set("ErrorCode", "0")
	tests := map[string]struct {
		body url.Values
		sig  string
	}{
		"no signature":      {form, ""},
		"garbage":           {form, "not-a-signature"},
		"other token":       {form, sign("another-auth-token", publicURL, form)},
		"empty token":       {form, sign("", publicURL, form)},
		"internal URL":      {form, sign(testToken, internalURL, form)},
		"other path":        {form, sign(testToken, "https://login.example.nl/webhooks/twilio/other", form)},
		"changed parameter": {form, sign(testToken, publicURL, failed)},
		"added parameter":   {added, sign(testToken, publicURL, form)},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			if code := e.post(t, tt.body, tt.sig); code != http.StatusForbidden {
				t.Fatalf("answer %d, want 403", code)
			}
			e.wantStatus(t, ledger.StatusQueued)
			if n := e.events(t); n != 0 {
				t.Fatalf("%d events stored", n)
			}
			logs := e.logs.String()
			if strings.Count(logs, "\n") != 1 || !strings.Contains(logs, "level=WARN") {
				t.Fatalf("want one warning line, got:\n%s", logs)
			}
			for _, param := range []string{testTo, "612345678", testSID, testAccount, "delivered"} {
				if strings.Contains(logs, param) {
					t.Fatalf("log shows the parameter %q:\n%s", param, logs)
				}
			}
		})
	}
}

func TestRepeatedParameterRefused(t *testing.T) {
	e := newEnv(t)
	form := callback(testSID, "delivered")
	form.Add("MessageStatus", "failed")
	if code := e.post(t, form, sign(testToken, publicURL, form)); code != http.StatusForbidden {
		t.Fatalf("answer %d, want 403", code)
	}
	e.wantStatus(t, ledger.StatusQueued)
}

func TestDuplicateCallback(t *testing.T) {
	e := newEnv(t)
	for i := range 3 {
		if code := e.postSigned(t, callback(testSID, "delivered")); code != http.StatusOK {
			t.Fatalf("callback %d: answer %d, want 200", i+1, code)
		}
	}
	e.wantStatus(t, ledger.StatusDelivered)
	if n := e.events(t); n != 1 {
		t.Fatalf("%d events stored, want 1", n)
	}
	if logs := e.logs.String(); strings.Count(logs, "changed=true") != 1 || strings.Count(logs, "changed=false") != 2 {
		t.Fatalf("want one new and two repeated reports logged:\n%s", logs)
	}
}

func TestOutOfOrderCallbacks(t *testing.T) {
	e := newEnv(t)
	for _, st := range []string{"delivered", "sent", "queued", "read"} {
		if code := e.postSigned(t, callback(testSID, st)); code != http.StatusOK {
			t.Fatalf("%s: answer %d, want 200", st, code)
		}
		e.wantStatus(t, ledger.StatusDelivered)
	}
}

func TestUnknownMessage(t *testing.T) {
	e := newEnv(t)
	if code := e.postSigned(t, callback("SMffffffffffffffffffffffffffffffff", "delivered")); code != http.StatusOK {
		t.Fatalf("answer %d, want 200 so that Twilio stops", code)
	}
	if n := e.events(t); n != 0 {
		t.Fatalf("%d events stored for an unknown message", n)
	}
	e.wantStatus(t, ledger.StatusQueued)
	if logs := e.logs.String(); !strings.Contains(logs, "not in the ledger") || !strings.Contains(logs, "SMffff") {
		t.Fatalf("unknown message not logged:\n%s", logs)
	}
}

func TestCallbackNotUnderstood(t *testing.T) {
	noSID := callback(testSID, "delivered")
	noSID.Del("MessageSid")
	tests := map[string]url.Values{
		"inbound status":     callback(testSID, "received"),
		"unknown status":     callback(testSID, "lost"),
		"no status":          callback(testSID, ""),
		"no message sid":     noSID,
		"status in capitals": callback(testSID, "DELIVERED"),
	}
	for name, form := range tests {
		e := newEnv(t)
		if code := e.postSigned(t, form); code != http.StatusBadRequest {
			t.Errorf("%s: answer %d, want 400", name, code)
		}
		if n := e.events(t); n != 0 {
			t.Errorf("%s: %d events stored", name, n)
		}
	}
}

// failingLedger cannot store anything.
type failingLedger struct{ err error }

func (f failingLedger) RecordStatus(context.Context, ledger.StatusEvent) (bool, error) {
	return false, f.err
}

func TestLedgerFailure(t *testing.T) {
	tests := map[string]struct {
		err  error
		want int
	}{
		"database down": {errors.New("ledger: record status: connection refused"), http.StatusServiceUnavailable},
		"refused":       {ledger.ErrInvalid, http.StatusBadRequest},
	}
	for name, tt := range tests {
		e := newEnv(t)
		e.handler.Ledger = failingLedger{tt.err}
		if code := e.postSigned(t, callback(testSID, "delivered")); code != tt.want {
			t.Errorf("%s: answer %d, want %d", name, code, tt.want)
		}
	}
}

func TestRequestShape(t *testing.T) {
	e := newEnv(t)
	r := httptest.NewRequest(http.MethodGet, internalURL+"?MessageSid="+testSID, nil)
	w := httptest.NewRecorder()
	e.handler.ServeHTTP(w, r)
	if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != http.MethodPost {
		t.Fatalf("GET: answer %d, Allow %q", w.Code, w.Header().Get("Allow"))
	}
	big := callback(testSID, "delivered")
	big.Set("Padding", strings.Repeat("x", status.MaxBody))
	if code := e.postSigned(t, big); code != http.StatusRequestEntityTooLarge {
		t.Fatalf("large body: answer %d, want 413", code)
	}
	// Query parameters are not signed and not read.
	form := callback(testSID, "delivered")
	r = httptest.NewRequest(http.MethodPost, internalURL+"?MessageStatus=failed", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("X-Twilio-Signature", sign(testToken, publicURL, form))
	w = httptest.NewRecorder()
	e.handler.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		t.Fatalf("with a query: answer %d, want 200", w.Code)
	}
	e.wantStatus(t, ledger.StatusDelivered)
}

func TestUnconfiguredHandlerRefuses(t *testing.T) {
	for name, change := range map[string]func(h *status.Handler){
		"no token":  func(h *status.Handler) { h.AuthToken = "" },
		"no URL":    func(h *status.Handler) { h.PublicURL = "" },
		"no ledger": func(h *status.Handler) { h.Ledger = nil },
	} {
		e := newEnv(t)
		change(e.handler)
		// Signed with the empty token: an unset token must not make this valid.
		form := callback(testSID, "delivered")
		if code := e.post(t, form, sign(e.handler.AuthToken, publicURL, form)); code != http.StatusServiceUnavailable {
			t.Errorf("%s: answer %d, want 503", name, code)
		}
		if n := e.events(t); n != 0 {
			t.Errorf("%s: %d events stored", name, n)
		}
	}
}
