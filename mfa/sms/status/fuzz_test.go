package status_test

import (
	"context"
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
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// countingRecorder passes reports to the real ledger and remembers them.
type countingRecorder struct {
	status.Recorder
	mu   sync.Mutex
	seen []ledger.StatusEvent
}

func (c *countingRecorder) RecordStatus(ctx context.Context, ev ledger.StatusEvent) (bool, error) {
	c.mu.Lock()
	c.seen = append(c.seen, ev)
	c.mu.Unlock()
	return c.Recorder.RecordStatus(ctx, ev)
}

func (c *countingRecorder) take() []ledger.StatusEvent {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.seen
	c.seen = nil
	return s
}

// How FuzzStatusCallback signs the fuzzed body.
const (
	sigAsGiven  = iota // the fuzzed header, whatever it is
	sigRight           // Twilio's signature over PublicURL and the form
	sigWrongKey        // signed with another auth token
	sigWrongURL        // signed over the URL behind the proxy
	sigFlipped         // the right signature with one character changed
	sigModes
)

// FuzzStatusCallback posts arbitrary bodies and signatures to the status
// callback, on the real ledger on SQLite. Invariants: the ledger is only
// ever reached with a body signed by Twilio's auth token over the public
// URL, each parameter once; every other request is refused (403, or 400
// for a form that does not parse, 413 for one too large) and stores
// nothing; a rightly signed form is never refused as forbidden; a stored
// report has a known status and the message id from the form.
func FuzzStatusCallback(f *testing.F) {
	good := callback(testSID, "delivered").Encode()
	f.Add(good, "", uint8(sigRight))
	f.Add(good, "", uint8(sigWrongKey))
	f.Add(good, "", uint8(sigWrongURL))
	f.Add(good, "", uint8(sigFlipped))
	f.Add(good, sign(testToken, publicURL, callback(testSID, "delivered")), uint8(sigAsGiven))
	f.Add(good+"&MessageStatus=failed", "", uint8(sigRight))
	f.Add("MessageSid="+testSID+"&MessageStatus=undelivered&ErrorCode=30003&NumSegments=2", "", uint8(sigRight))
	f.Add("MessageSid=&MessageStatus=sent", "", uint8(sigRight))
	f.Add("MessageSid=SMx&MessageStatus=%zz", "", uint8(sigRight))
	f.Add("a=1;b=2", "", uint8(sigRight))
	f.Add("", "", uint8(sigAsGiven))
	f.Add("MessageSid="+testSID+"&MessageStatus=delivered", "bm90IGEgc2lnbmF0dXJl", uint8(sigAsGiven))

	db := storagetest.OpenSQLite(f)
	store := ledger.NewSQLStore(db)
	if err := store.Record(context.Background(), ledger.Entry{
		OrgID: "org-branch", CustomerID: "org-holding", Purpose: "login", Segments: 1, Provider: ledger.ProviderTwilio,
		ProviderID: testSID, Status: ledger.StatusQueued, CountryPrefix: "+31", CreatedAt: received.Add(-time.Hour),
	}); err != nil {
		f.Fatal(err)
	}
	rec := &countingRecorder{Recorder: store}
	h := &status.Handler{AuthToken: testToken, PublicURL: publicURL, Ledger: rec,
		Now: func() time.Time { return received }, Log: slog.New(slog.DiscardHandler)}

	f.Fuzz(func(t *testing.T, body, header string, mode uint8) {
		form, formErr := url.ParseQuery(body)
		repeated := false
		for _, vs := range form {
			repeated = repeated || len(vs) != 1
		}
		sig := header
		switch mode % sigModes {
		case sigRight:
			sig = sign(testToken, publicURL, form)
		case sigWrongKey:
			sig = sign("other"+testToken, publicURL, form)
		case sigWrongURL:
			sig = sign(testToken, internalURL, form)
		case sigFlipped:
			right := []byte(sign(testToken, publicURL, form))
			i := len(header) % len(right)
			right[i] = map[bool]byte{true: 'B', false: 'A'}[right[i] == 'A']
			sig = string(right)
		}
		r := httptest.NewRequest(http.MethodPost, internalURL, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if sig != "" {
			r.Header.Set("X-Twilio-Signature", sig)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		got := rec.take()

		signedRight := formErr == nil && !repeated && sig != "" && sig == sign(testToken, publicURL, form)
		switch {
		case len(body) > status.MaxBody:
			if w.Code != http.StatusRequestEntityTooLarge || len(got) != 0 {
				t.Fatalf("body of %d bytes: %d, %d reports stored", len(body), w.Code, len(got))
			}
		case formErr != nil:
			if w.Code != http.StatusBadRequest || len(got) != 0 {
				t.Fatalf("malformed form %q: %d, %d reports stored", body, w.Code, len(got))
			}
		case !signedRight:
			if w.Code != http.StatusForbidden || len(got) != 0 {
				t.Fatalf("unsigned or wrongly signed (mode %d) %q: %d, %d reports stored", mode%sigModes, body, w.Code, len(got))
			}
		default:
			if w.Code == http.StatusForbidden {
				t.Fatalf("a rightly signed form %q was refused as forbidden", body)
			}
			for _, ev := range got {
				if ev.ProviderID != form.Get("MessageSid") || ev.ProviderID == "" || !ledger.ValidStatus(ev.Status) ||
					ev.Provider != ledger.ProviderTwilio || ev.Segments < 0 || ev.ErrorCode < 0 {
					t.Fatalf("stored %+v from %q", ev, body)
				}
			}
			if len(got) > 1 {
				t.Fatalf("one callback stored %d reports", len(got))
			}
		}
	})
}
