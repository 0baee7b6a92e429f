package smsotp_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/sms"
	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger"
	"github.com/mijnaccount/mijnaccount/mfa/smsotp"
)

func TestSendThenVerifyOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		start := e.clock.Now()
		sent, err := e.codes.Send(t.Context(), request("login:flow-1"))
		if err != nil {
			t.Fatalf("Send: %v", err)
		}
		want := smsotp.Sent{ExpiresAt: start.Add(5 * time.Minute), ResendAt: start.Add(30 * time.Second), Segments: 1}
		if sent != want {
			t.Fatalf("Sent = %+v, want %+v", sent, want)
		}
		box := e.outboxEntries(t)
		if len(box) != 1 {
			t.Fatalf("outbox holds %d messages, want 1", len(box))
		}
		code := e.lastCode(t)
		wantBody := "Uw Mijn Account-code is " + code + ". Deze code is 5 minuten geldig. Deel hem met niemand."
		if m := box[0]; m.To != testPhone || m.Body != wantBody || m.Purpose != sms.PurposeLogin || m.OrgID != "org-branch" {
			t.Fatalf("outbox message = %+v", m)
		}
		entries := e.ledger.all()
		wantEntry := ledger.Entry{
			OrgID: "org-branch", CustomerID: "org-holding", Purpose: sms.PurposeLogin, Segments: 1,
			Provider: ledger.ProviderOutbox, ProviderID: box[0].ID, Status: ledger.StatusSent,
			CountryPrefix: "+31", BillingMonth: "2026-11", CreatedAt: start, UpdatedAt: start,
		}
		if len(entries) != 1 || entries[0].ID == "" {
			t.Fatalf("ledger = %+v, want one entry with an id", entries)
		}
		wantEntry.ID = entries[0].ID
		if entries[0] != wantEntry {
			t.Fatalf("ledger entry\n got %+v\nwant %+v", entries[0], wantEntry)
		}
		if err := e.codes.Verify(t.Context(), "login:flow-1", code); err != nil {
			t.Fatalf("Verify with the sent code: %v", err)
		}
		if err := e.codes.Verify(t.Context(), "login:flow-1", code); !errors.Is(err, smsotp.ErrNoCode) {
			t.Fatalf("second Verify = %v, want ErrNoCode", err)
		}
		e.wantNoSecrets(t, code, box[0].Body)
	})
}

func TestEnglishMessage(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		req := request("enrol:user-1")
		req.Lang, req.Purpose = "en", sms.PurposeEnrol
		_, code := e.mustSend(t, req)
		box := e.outboxEntries(t)
		want := "Your Mijn Account code is " + code + ". It is valid for 5 minutes. Do not share it with anyone."
		if box[0].Body != want || box[0].Purpose != sms.PurposeEnrol {
			t.Fatalf("message = %+v, want body %q", box[0], want)
		}
		if got := e.ledger.all(); len(got) != 1 || got[0].Purpose != sms.PurposeEnrol {
			t.Fatalf("ledger = %+v", got)
		}
	})
}

func TestCooldown(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		e.mustSend(t, request("login:flow-1"))
		e.clock.Advance(29 * time.Second)
		_, err := e.codes.Send(t.Context(), request("login:flow-1"))
		var ce *smsotp.CooldownError
		if !errors.As(err, &ce) || ce.RetryAfter != time.Second || !errors.Is(err, smsotp.ErrCooldown) {
			t.Fatalf("Send after 29s = %v, want CooldownError of 1s", err)
		}
		e.wantOutbox(t, 1)
		// Another account with another number is not held up.
		e.mustSend(t, otherAccount(request("login:flow-2")))
		e.clock.Advance(time.Second)
		e.mustSend(t, request("login:flow-1"))
		e.wantOutbox(t, 3)
	})
}

func TestRequestValidation(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		tests := map[string]func(r *smsotp.Request){
			"no binding":     func(r *smsotp.Request) { r.Binding = "" },
			"long binding":   func(r *smsotp.Request) { r.Binding = strings.Repeat("b", 257) },
			"no user":        func(r *smsotp.Request) { r.UserID = "" },
			"no org":         func(r *smsotp.Request) { r.OrgID = " " },
			"no customer":    func(r *smsotp.Request) { r.CustomerID = "" },
			"no ip":          func(r *smsotp.Request) { r.IP = "" },
			"bad ip":         func(r *smsotp.Request) { r.IP = "192.0.2.300" },
			"06 number":      func(r *smsotp.Request) { r.Phone = "0612345678" },
			"spaces":         func(r *smsotp.Request) { r.Phone = "+31 6 12345678" },
			"bad purpose":    func(r *smsotp.Request) { r.Purpose = "marketing" },
			"other language": func(r *smsotp.Request) { r.Lang = "de" },
		}
		for name, change := range tests {
			req := request("login:flow-" + name)
			change(&req)
			_, err := e.codes.Send(t.Context(), req)
			if !errors.Is(err, smsotp.ErrInvalidRequest) {
				t.Errorf("%s: Send = %v, want ErrInvalidRequest", name, err)
			}
			if err != nil && strings.Contains(err.Error(), "612345678") {
				t.Errorf("%s: error %q contains the number", name, err)
			}
		}
		e.wantOutbox(t, 0)
		if got := e.kv.Written(); len(got) != 0 {
			t.Fatalf("invalid requests wrote %d values to the store", len(got))
		}
		// Nothing was counted: a full hour of sends still goes through.
		for i := range smsotp.DefaultPerUserHour {
			e.clock.Advance(smsotp.DefaultCooldown)
			e.mustSend(t, request(fmt.Sprintf("login:ok-%d", i)))
		}
	})
}

func TestLedgerFailureStillSends(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		e.ledger.fail = errors.New("ledger: database is down")
		sent, code := e.mustSend(t, request("login:flow-1"))
		if sent.Segments != 1 {
			t.Fatalf("Sent = %+v", sent)
		}
		logs := e.logs.String()
		id := e.outboxEntries(t)[0].ID
		for _, want := range []string{"level=ERROR", "usage ledger", "provider_id=" + id, "customer_id=org-holding", "segments=1",
			"country_prefix=+31", "tariff_cents=0", "billing_month=2026-11"} {
			if !strings.Contains(logs, want) {
				t.Errorf("log lacks %q:\n%s", want, logs)
			}
		}
		if err := e.codes.Verify(t.Context(), "login:flow-1", code); err != nil {
			t.Fatalf("Verify: %v", err)
		}
		e.wantNoSecrets(t, code)
	})
}

// leavingSender is a sender after which the caller goes away.
type leavingSender struct {
	sms.Sender
	leave func()
}

func (l leavingSender) Send(ctx context.Context, m sms.Message) (sms.Result, error) {
	res, err := l.Sender.Send(ctx, m)
	l.leave()
	return res, err
}

func TestLedgerWrittenWhenTheCallerLeaves(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		e := newEnv(t, b)
		c, err := smsotp.New(smsotp.Config{
			KV: e.kv, Sender: leavingSender{e.outbox, cancel}, Provider: ledger.ProviderOutbox, Ledger: e.ledger,
			HashKey: testKey, Now: e.clock.Now,
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Send(ctx, request("login:flow-1")); err != nil {
			t.Fatalf("Send: %v", err)
		}
		if n := len(e.ledger.all()); n != 1 {
			t.Fatalf("ledger holds %d entries after the caller left, want 1", n)
		}
	})
}
