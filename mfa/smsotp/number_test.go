package smsotp_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/mfa/sms"
	"github.com/mijnaccount/mijnaccount/mfa/smsotp"
)

// TestStoredNumberCheckedBeforeSending: a number that reaches Send is
// checked against today's rules, also one stored before them (a landline,
// a premium-rate number) or of a country no longer allowed. Nothing is
// counted, stored or sent, and the log names the ids and the kind of
// number, never the number.
func TestStoredNumberCheckedBeforeSending(t *testing.T) {
	tests := []struct {
		phone, reason string
		wantType      string
	}{
		{"+31201234567", "reason=fixed_line", "fixed_line"},
		{"+31900123456", "reason=premium_rate", "premium_rate"},
		{"+31851234567", "reason=voip", "voip"},
		{"+447911123456", "reason=country", ""},
		{"+31600000000", "reason=invalid", ""},
	}
	eachBackend(t, func(t *testing.T, b backend) {
		for _, tt := range tests {
			e := newEnv(t, b)
			req := request("login:flow-1")
			req.Phone = tt.phone
			_, err := e.codes.Send(t.Context(), req)
			if !errors.Is(err, smsotp.ErrNumberRefused) {
				t.Fatalf("%s: Send = %v, want ErrNumberRefused", tt.reason, err)
			}
			var nm *sms.NotMobileError
			if errors.As(err, &nm) != (tt.wantType != "") || nm != nil && nm.Type != tt.wantType {
				t.Fatalf("%s: Send = %v, want number type %q", tt.reason, err, tt.wantType)
			}
			e.wantOutbox(t, 0)
			if got := e.kv.Written(); len(got) != 0 {
				t.Fatalf("%s: a refused number wrote %d values to the store", tt.reason, len(got))
			}
			logs := e.logs.String()
			for _, want := range []string{"level=WARN", tt.reason, "user_id=user-1", "org_id=org-branch", "purpose=login"} {
				if !strings.Contains(logs, want) {
					t.Errorf("log lacks %q:\n%s", want, logs)
				}
			}
			if digits := tt.phone[3:]; strings.Contains(logs, digits) || strings.Contains(err.Error(), digits) {
				t.Errorf("the number shows in the log or the error: %v\n%s", err, logs)
			}
			// The account is not held up: its mobile number gets a code.
			e.mustSend(t, request("login:flow-2"))
		}
	})
}

// TestAllowedPrefixesDecideTheCountries: the configured prefixes replace
// the default ones.
func TestAllowedPrefixesDecideTheCountries(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b, func(c *smsotp.Config) { c.AllowedPrefixes = []string{"+44"} })
		if _, err := e.codes.Send(t.Context(), request("login:flow-1")); !errors.Is(err, sms.ErrPhoneCountry) {
			t.Fatalf("NL number with only +44 allowed: Send = %v, want ErrPhoneCountry", err)
		}
		req := request("login:flow-2")
		req.Phone = "+447911123456"
		e.mustSend(t, req)
	})
}

// TestNoticeOnlyToMobileNumbers: notices go to numbers verified earlier,
// of any country, but never to a number that is not a mobile one.
func TestNoticeOnlyToMobileNumbers(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		n := smsotp.Notice{UserID: "user-1", OrgID: "org-branch", CustomerID: "org-holding",
			Body: "Mijn Account: uw codes gaan naar een ander nummer.", Purpose: sms.PurposePhoneChange}
		for _, phone := range []string{"+31900123456", "+31201234567", "+4990012345678"} {
			n.Phone = phone
			if err := e.codes.SendNotice(t.Context(), n); !errors.Is(err, smsotp.ErrNumberRefused) {
				t.Fatalf("notice to %s: %v, want ErrNumberRefused", phone[:3], err)
			}
		}
		n.Phone = "0612345678"
		if err := e.codes.SendNotice(t.Context(), n); !errors.Is(err, smsotp.ErrInvalidRequest) {
			t.Fatalf("notice to a number that is not E.164: %v, want ErrInvalidRequest", err)
		}
		e.wantOutbox(t, 0)
		for _, phone := range []string{testPhone, "+447911123456"} {
			n.Phone = phone
			if err := e.codes.SendNotice(t.Context(), n); err != nil {
				t.Fatalf("notice to a mobile number: %v", err)
			}
		}
		e.wantOutbox(t, 2)
	})
}
