package smsotp_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/sms"
	"github.com/mijnaccount/mijnaccount/mfa/sms/faketwilio"
	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger"
	"github.com/mijnaccount/mijnaccount/mfa/smsotp"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

const (
	twilioAccount = "AC00000000000000000000000000000001"
	twilioToken   = "authtoken0000000000000000000000a1"
	twilioFrom    = "+3197010200300"
)

// twilioEnv is an env whose sender is the real Twilio client talking to the
// local fake, with the SQL ledger on SQLite.
func twilioEnv(t *testing.T, b backend) (*env, *faketwilio.Server, *ledger.SQLStore) {
	t.Helper()
	f := faketwilio.New(faketwilio.Config{AccountSID: twilioAccount, AuthToken: twilioToken, Segments: sms.Segments})
	t.Cleanup(f.Close)
	sender, err := sms.NewTwilio(sms.TwilioConfig{
		AccountSID: twilioAccount, AuthToken: twilioToken, From: twilioFrom, HTTPClient: f.HTTPClient(),
	})
	if err != nil {
		t.Fatal(err)
	}
	store := ledger.NewSQLStore(storagetest.OpenSQLite(t))
	e := newEnv(t, b, func(c *smsotp.Config) {
		c.Sender, c.Provider, c.Ledger = sender, ledger.ProviderTwilio, store
	})
	return e, f, store
}

func TestTwilioSendRecordsTheSID(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e, f, store := twilioEnv(t, b)
		start := e.clock.Now()
		sent, err := e.codes.Send(t.Context(), request("login:flow-1"))
		if err != nil {
			t.Fatalf("Send: %v", err)
		}
		got := f.Messages()
		if len(got) != 1 || got[0].To != testPhone || got[0].From != twilioFrom {
			t.Fatalf("fake got %+v", got)
		}
		code := codeInBody.FindString(got[0].Body)
		entries, err := store.List(t.Context(), ledger.Filter{CustomerID: "org-holding"})
		if err != nil {
			t.Fatal(err)
		}
		want := ledger.Entry{
			OrgID: "org-branch", CustomerID: "org-holding", Purpose: sms.PurposeLogin, Segments: 1,
			Provider: ledger.ProviderTwilio, ProviderID: got[0].SID, Status: ledger.StatusQueued,
			CountryPrefix: "+31", BillingMonth: "2026-11", CreatedAt: start, UpdatedAt: start,
		}
		if len(entries) != 1 {
			t.Fatalf("ledger holds %d entries, want 1", len(entries))
		}
		want.ID = entries[0].ID
		if !strings.HasPrefix(got[0].SID, "SM") || entries[0] != want || sent.Segments != 1 {
			t.Fatalf("ledger entry\n got %+v\nwant %+v (sent %+v)", entries[0], want, sent)
		}
		if err := e.codes.Verify(t.Context(), "login:flow-1", code); err != nil {
			t.Fatalf("Verify: %v", err)
		}
		e.wantNoSecrets(t, code, got[0].Body)
	})
}

func TestTwilioRefusalLeavesNothingBehind(t *testing.T) {
	tests := []struct {
		name     string
		phone    string
		setup    func(f *faketwilio.Server)
		kind     sms.Kind
		code     string
		recovers func(f *faketwilio.Server) string // makes the next send work; returns its number
	}{
		{
			name: "invalid number", phone: faketwilio.InvalidNumber, kind: sms.InvalidNumber, code: "code=21211",
			recovers: func(*faketwilio.Server) string { return testPhone },
		},
		{
			name: "rate limited", phone: testPhone, setup: func(f *faketwilio.Server) { f.SetRateLimited(true) },
			kind: sms.RateLimited, code: "code=20429",
			recovers: func(f *faketwilio.Server) string { f.SetRateLimited(false); return testPhone },
		},
		{
			name: "unavailable", phone: testPhone, setup: func(f *faketwilio.Server) { f.SetUnavailable(true) },
			kind: sms.Unavailable, code: "code=20503",
			recovers: func(f *faketwilio.Server) string { f.SetUnavailable(false); return testPhone },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eachBackend(t, func(t *testing.T, b backend) {
				e, f, store := twilioEnv(t, b)
				if tt.setup != nil {
					tt.setup(f)
				}
				req := request("login:flow-1")
				req.Phone = tt.phone
				_, err := e.codes.Send(t.Context(), req)
				var pe *sms.ProviderError
				if !errors.As(err, &pe) || pe.Kind != tt.kind {
					t.Fatalf("Send = %v, want a ProviderError of kind %s", err, tt.kind)
				}
				if entries, _ := store.List(t.Context(), ledger.Filter{}); len(entries) != 0 {
					t.Fatalf("ledger holds %+v for a refused message", entries)
				}
				p, err := e.codes.Status(t.Context(), "login:flow-1")
				if err != nil || p != (smsotp.Pending{}) {
					t.Fatalf("Status after a refused send = %+v, %v; want no code and no cooldown", p, err)
				}
				for _, guess := range []string{"000000", "123456"} {
					if err := e.codes.Verify(t.Context(), "login:flow-1", guess); !errors.Is(err, smsotp.ErrNoCode) {
						t.Fatalf("Verify after a refused send = %v, want ErrNoCode", err)
					}
				}
				logs := e.logs.String()
				if strings.Count(logs, "sms code not sent") != 1 || !strings.Contains(logs, "kind="+tt.kind.String()) ||
					!strings.Contains(logs, tt.code) {
					t.Fatalf("want one log line with kind %s and %s:\n%s", tt.kind, tt.code, logs)
				}
				e.wantNoSecrets(t, tt.phone)
				// The cooldown was released: the user may try again at once.
				req.Phone = tt.recovers(f)
				if _, err := e.codes.Send(t.Context(), req); err != nil {
					t.Fatalf("Send right after the refusal = %v, want it sent", err)
				}
				if len(f.Messages()) != 1 {
					t.Fatalf("fake got %d messages, want 1", len(f.Messages()))
				}
			})
		})
	}
}

func TestTwilioCancelledRequestReleasesTheBinding(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e, f, _ := twilioEnv(t, b)
		// The caller goes away once the code is stored, before the provider call.
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		e.kv.AfterSet = cancel
		_, err := e.codes.Send(ctx, request("login:flow-1"))
		if k, ok := sms.KindOf(err); !ok || k != sms.Unavailable {
			t.Fatalf("Send with a cancelled context = %v, want Unavailable", err)
		}
		// Clean-up ran although the caller's context had ended.
		e.clock.Advance(time.Millisecond)
		if p, err := e.codes.Status(t.Context(), "login:flow-1"); err != nil || p != (smsotp.Pending{}) {
			t.Fatalf("Status = %+v, %v; want nothing left", p, err)
		}
		if len(f.Messages()) != 0 {
			t.Fatal("fake got a message")
		}
	})
}
