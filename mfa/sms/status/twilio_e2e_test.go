package status_test

import (
	"context"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/sms"
	"github.com/mijnaccount/mijnaccount/mfa/sms/faketwilio"
	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger"
	"github.com/mijnaccount/mijnaccount/mfa/sms/status"
	"github.com/mijnaccount/mijnaccount/mfa/smsotp"
	"github.com/mijnaccount/mijnaccount/storage/memkv"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// TestSendThenDelivered sends a code through smsotp with the real twilio-go
// sender against the local fake Twilio, then posts the signed callbacks
// Twilio would send for the returned SID.
func TestSendThenDelivered(t *testing.T) {
	clock := storagetest.NewClock(time.Date(2026, 10, 31, 23, 30, 0, 0, time.UTC))
	f := faketwilio.New(faketwilio.Config{AccountSID: testAccount, AuthToken: testToken, Segments: sms.Segments})
	t.Cleanup(f.Close)
	sender, err := sms.NewTwilio(sms.TwilioConfig{
		AccountSID: testAccount, AuthToken: testToken, From: "+3197010200300", StatusCallback: publicURL,
		HTTPClient: f.HTTPClient(), Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	kv := memkv.New(clock.Now)
	t.Cleanup(func() { kv.Close() })
	codes, err := smsotp.New(smsotp.Config{
		KV: kv, Sender: sender, Provider: ledger.ProviderTwilio, Ledger: e.store,
		HashKey: []byte("0123456789abcdef0123456789abcdef"), Now: clock.Now, Log: slog.New(slog.DiscardHandler),
		Tariff: func(context.Context, string, time.Time) (int64, error) { return 7, nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = codes.Send(t.Context(), smsotp.Request{
		Binding: "login:flow-1", UserID: "user-1", OrgID: "org-branch", CustomerID: "org-holding",
		Phone: testTo, Purpose: sms.PurposeLogin, IP: "192.0.2.10",
	})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	msgs := f.Messages()
	if len(msgs) != 1 || msgs[0].StatusCallback != publicURL {
		t.Fatalf("fake got %+v, want one message with the status callback", msgs)
	}
	sid := msgs[0].SID
	for _, st := range []string{"sent", "delivered", "sent"} {
		form := callback(sid, st)
		if code := e.postSigned(t, form); code != http.StatusOK {
			t.Fatalf("%s callback: answer %d, want 200", st, code)
		}
	}
	// The env's own message was recorded weeks later.
	got, err := e.store.List(t.Context(), ledger.Filter{CustomerID: "org-holding", To: clock.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ProviderID != sid || got[0].Status != ledger.StatusDelivered {
		t.Fatalf("ledger %+v, want %s delivered", got, sid)
	}
	en := got[0]
	if en.TariffCents != 7 || en.CountryPrefix != "+31" || en.BillingMonth != "2026-11" || en.Segments != 1 {
		t.Fatalf("entry has tariff %d, prefix %q, month %q, %d segments; want 7, +31, 2026-11, 1",
			en.TariffCents, en.CountryPrefix, en.BillingMonth, en.Segments)
	}
	if st, err := e.store.Status(t.Context(), ledger.ProviderTwilio, sid); err != nil || st != ledger.StatusDelivered {
		t.Fatalf("Status = %q, %v; want delivered", st, err)
	}
}

func TestStatusMapping(t *testing.T) {
	for in, want := range map[string]string{
		"accepted": ledger.StatusAccepted, "scheduled": ledger.StatusScheduled, "queued": ledger.StatusQueued,
		"sending": ledger.StatusSending, "sent": ledger.StatusSent, "delivered": ledger.StatusDelivered,
		"undelivered": ledger.StatusUndelivered, "failed": ledger.StatusFailed, "canceled": ledger.StatusCanceled,
		"read": ledger.StatusDelivered,
	} {
		if got, ok := status.Status(in); !ok || got != want || !ledger.ValidStatus(got) {
			t.Errorf("Status(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"received", "receiving", "partially_delivered", "", "Delivered"} {
		if got, ok := status.Status(in); ok {
			t.Errorf("Status(%q) = %q, want not ok", in, got)
		}
	}
}
