package sms_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/sms"
	"github.com/mijnaccount/mijnaccount/mfa/sms/faketwilio"
)

const (
	testAccount = "AC00000000000000000000000000000001"
	testToken   = "authtoken0000000000000000000000a1"
	testKey     = "SK00000000000000000000000000000002"
	testSecret  = "apisecret000000000000000000000b2"
	testFrom    = "+3197010200300"
	testService = "MG00000000000000000000000000000003"
	testTo      = "+31612345678"
	testBody    = "Uw Mijn Account code is 482913."
)

func newFake(t *testing.T) *faketwilio.Server {
	t.Helper()
	f := faketwilio.New(faketwilio.Config{
		AccountSID: testAccount, AuthToken: testToken,
		APIKey: testKey, APISecret: testSecret,
		Segments: sms.Segments,
	})
	t.Cleanup(f.Close)
	return f
}

func newSender(t *testing.T, cfg sms.TwilioConfig) (*sms.Twilio, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	cfg.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	s, err := sms.NewTwilio(cfg)
	if err != nil {
		t.Fatalf("NewTwilio: %v", err)
	}
	return s, &logs
}

func loginMessage(to string) sms.Message {
	return sms.Message{To: to, Body: testBody, Purpose: sms.PurposeLogin, OrgID: "org-1"}
}

func assertNoPersonalData(t *testing.T, logs string) {
	t.Helper()
	for _, secret := range []string{testTo, "612345678", "482913", faketwilio.InvalidNumber, testToken, testSecret} {
		if strings.Contains(logs, secret) {
			t.Errorf("log output contains %q:\n%s", secret, logs)
		}
	}
}

func TestTwilioSendsWithAccountToken(t *testing.T) {
	f := newFake(t)
	s, logs := newSender(t, sms.TwilioConfig{
		AccountSID: testAccount, AuthToken: testToken, From: testFrom,
		StatusCallback: "https://id.example.nl/sms/status", HTTPClient: f.HTTPClient(),
	})
	res, err := s.Send(context.Background(), loginMessage(testTo))
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	if !strings.HasPrefix(res.ProviderID, "SM") || res.Status != "queued" || res.Segments != 1 {
		t.Fatalf("result = %+v, want SM… queued 1 segment", res)
	}
	got := f.Messages()
	if len(got) != 1 {
		t.Fatalf("fake got %d messages, want 1", len(got))
	}
	want := faketwilio.Received{
		SID: res.ProviderID, AccountSID: testAccount, AuthUser: testAccount, To: testTo, From: testFrom,
		Body: testBody, StatusCallback: "https://id.example.nl/sms/status",
	}
	if got[0] != want {
		t.Fatalf("fake got %+v\nwant %+v", got[0], want)
	}
	if !strings.Contains(logs.String(), `"purpose":"login"`) || !strings.Contains(logs.String(), res.ProviderID) {
		t.Errorf("log line lacks purpose or provider id:\n%s", logs)
	}
	assertNoPersonalData(t, logs.String())
}

func TestTwilioSendsWithAPIKeyThroughMessagingService(t *testing.T) {
	f := newFake(t)
	s, logs := newSender(t, sms.TwilioConfig{
		AccountSID: testAccount, APIKey: testKey, APISecret: testSecret,
		MessagingServiceSID: testService, HTTPClient: f.HTTPClient(),
	})
	long := strings.Repeat("x", 200)
	res, err := s.Send(context.Background(), sms.Message{To: testTo, Body: long, Purpose: sms.PurposeEnrol})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	// Twilio answers "accepted" with 0 segments through a service; we keep our count.
	if res.Status != "accepted" || res.Segments != 2 {
		t.Fatalf("result = %+v, want accepted with our 2 segments", res)
	}
	got := f.Messages()
	if len(got) != 1 || got[0].AuthUser != testKey || got[0].AccountSID != testAccount ||
		got[0].MessagingServiceSID != testService || got[0].From != "" {
		t.Fatalf("fake got %+v", got)
	}
	assertNoPersonalData(t, logs.String())
}

func TestTwilioErrorsBecomeProviderErrors(t *testing.T) {
	tests := []struct {
		name       string
		to         string
		token      string
		setup      func(*faketwilio.Server)
		wantKind   sms.Kind
		wantCode   int
		wantStatus int
	}{
		{name: "invalid number", to: faketwilio.InvalidNumber, wantKind: sms.InvalidNumber, wantCode: 21211, wantStatus: 400},
		{name: "rate limited", setup: func(f *faketwilio.Server) { f.SetRateLimited(true) },
			wantKind: sms.RateLimited, wantCode: 20429, wantStatus: 429},
		{name: "wrong token", token: "wrongtoken", wantKind: sms.Rejected, wantCode: 20003, wantStatus: 401},
		{name: "provider 503", setup: func(f *faketwilio.Server) { f.SetUnavailable(true) },
			wantKind: sms.Unavailable, wantCode: 20503, wantStatus: 503},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			if tt.setup != nil {
				tt.setup(f)
			}
			token := testToken
			if tt.token != "" {
				token = tt.token
			}
			to := testTo
			if tt.to != "" {
				to = tt.to
			}
			s, logs := newSender(t, sms.TwilioConfig{
				AccountSID: testAccount, AuthToken: token, From: testFrom, HTTPClient: f.HTTPClient(),
			})
			_, err := s.Send(context.Background(), loginMessage(to))
			var pe *sms.ProviderError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v (%T), want *sms.ProviderError", err, err)
			}
			if pe.Kind != tt.wantKind || pe.Code != tt.wantCode || pe.Status != tt.wantStatus {
				t.Fatalf("got kind %s code %d status %d, want %s %d %d",
					pe.Kind, pe.Code, pe.Status, tt.wantKind, tt.wantCode, tt.wantStatus)
			}
			if strings.Contains(err.Error(), to) {
				t.Errorf("error text %q contains the number", err)
			}
			if len(f.Messages()) != 0 {
				t.Errorf("fake recorded a message for a refused request")
			}
			if !strings.Contains(logs.String(), `"code":`+strconv.Itoa(tt.wantCode)) {
				t.Errorf("log lacks the provider code:\n%s", logs)
			}
			assertNoPersonalData(t, logs.String())
		})
	}
}

func TestTwilioServerDownIsUnavailable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	s, logs := newSender(t, sms.TwilioConfig{
		AccountSID: testAccount, AuthToken: testToken, From: testFrom,
		HTTPClient: faketwilio.RedirectingClient(addr),
	})
	_, err = s.Send(context.Background(), loginMessage(testTo))
	if k, ok := sms.KindOf(err); !ok || k != sms.Unavailable {
		t.Fatalf("err = %v, want Unavailable provider error", err)
	}
	assertNoPersonalData(t, logs.String())
}

func TestTwilioCancelledContextSendsNothing(t *testing.T) {
	f := newFake(t)
	s, _ := newSender(t, sms.TwilioConfig{
		AccountSID: testAccount, AuthToken: testToken, From: testFrom, HTTPClient: f.HTTPClient(),
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.Send(ctx, loginMessage(testTo))
	if k, _ := sms.KindOf(err); k != sms.Unavailable || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want Unavailable wrapping context.Canceled", err)
	}
	if len(f.Messages()) != 0 {
		t.Fatal("fake got a message")
	}
}

func TestTwilioRefusesBadMessagesBeforeCallingTwilio(t *testing.T) {
	f := newFake(t)
	s, _ := newSender(t, sms.TwilioConfig{
		AccountSID: testAccount, AuthToken: testToken, From: testFrom, HTTPClient: f.HTTPClient(),
	})
	for _, m := range []sms.Message{
		{To: "0612345678", Body: testBody, Purpose: sms.PurposeLogin},
		{To: testTo, Body: "", Purpose: sms.PurposeLogin},
		{To: testTo, Body: testBody, Purpose: "marketing"},
	} {
		if _, err := s.Send(context.Background(), m); err == nil {
			t.Errorf("Send(%+v) = nil error", m)
		}
	}
	if len(f.Messages()) != 0 {
		t.Fatal("fake got a message")
	}
}

func TestTwilioConfigValidateReportsEverything(t *testing.T) {
	err := sms.TwilioConfig{APIKey: "SKx"}.Validate()
	if err == nil {
		t.Fatal("want error")
	}
	for _, want := range []string{"account_sid", "api_secret", "from"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
}

func TestTwilioContextDeadlineAbortsSlowProvider(t *testing.T) {
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // so the server notices when the client hangs up
		// Answers too late: the client must have given up by then.
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	t.Cleanup(slow.Close)
	s, _ := newSender(t, sms.TwilioConfig{
		AccountSID: testAccount, AuthToken: testToken, From: testFrom,
		HTTPClient: faketwilio.RedirectingClient(slow.Listener.Addr().String()),
	})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := s.Send(ctx, loginMessage(testTo))
	if k, _ := sms.KindOf(err); k != sms.Unavailable || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want Unavailable wrapping context.DeadlineExceeded", err)
	}
}
