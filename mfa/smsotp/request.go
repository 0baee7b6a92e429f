package smsotp

import (
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/sms"
)

// Request asks for a code to be sent.
type Request struct {
	// Binding is what the code is for, e.g. "login:<flow id>" or
	// "enrol:<user id>"; a code is only valid for its binding.
	Binding    string
	UserID     string
	OrgID      string // the organisation the message is sent for
	CustomerID string // the billing customer, recorded in the ledger
	Phone      string // E.164, e.g. +31612345678 (see sms.ParsePhone)
	Purpose    string // sms.PurposeLogin, sms.PurposeEnrol or sms.PurposePhoneChange
	Lang       string // "nl" (default) or "en": the language of the message
	IP         string // the client's IP address, for the per-IP limit (IPv6 counts per /64)
}

// Sent describes a code that went out.
type Sent struct {
	ExpiresAt time.Time // the code is refused from then on
	ResendAt  time.Time // no new code for the binding before then
	Segments  int       // SMS parts the message cost
}

// Pending describes the state of a binding, for rendering the page that asks
// for the code.
type Pending struct {
	Live      bool      // a code was sent and may still be entered
	Locked    bool      // the code's tries are used up; only a new code helps
	ExpiresAt time.Time // when the live (or voided) code expires; zero without one
	ResendAt  time.Time // when a new code may be requested; zero: now
	TriesLeft int       // wrong codes that may still be entered for the live code
}

// maxBinding bounds a binding; it only goes into keys after hashing.
const maxBinding = 256

func checkBinding(b string) error {
	if b == "" || len(b) > maxBinding {
		return fmt.Errorf("%w: binding must be 1-%d bytes", ErrInvalidRequest, maxBinding)
	}
	return nil
}

// check validates r and fills in the default language.
func (r Request) check() (Request, error) {
	var problems []string
	if err := checkBinding(r.Binding); err != nil {
		problems = append(problems, "binding must be 1-256 bytes")
	}
	for _, f := range []struct{ name, v string }{
		{"user id", r.UserID}, {"org id", r.OrgID}, {"customer id", r.CustomerID}, {"client IP", r.IP},
	} {
		if strings.TrimSpace(f.v) == "" {
			problems = append(problems, f.name+" is required")
		}
	}
	if _, err := netip.ParseAddr(r.IP); err != nil && strings.TrimSpace(r.IP) != "" {
		problems = append(problems, "client IP is not an IP address")
	}
	if !e164(r.Phone) {
		problems = append(problems, "phone is not an E.164 number")
	}
	switch r.Purpose {
	case sms.PurposeLogin, sms.PurposeEnrol, sms.PurposePhoneChange:
	default:
		problems = append(problems, fmt.Sprintf("purpose %q is not one of login, enrol, phone-change", r.Purpose))
	}
	switch r.Lang {
	case "":
		r.Lang = "nl"
	case "nl", "en":
	default:
		problems = append(problems, fmt.Sprintf("language %q is not nl or en", r.Lang))
	}
	if len(problems) > 0 {
		return r, fmt.Errorf("%w: %s", ErrInvalidRequest, strings.Join(problems, "; "))
	}
	return r, nil
}

// e164 reports whether s is "+" and 8 to 15 digits, the first not 0.
func e164(s string) bool {
	if len(s) < 9 || len(s) > 16 || s[0] != '+' || s[1] == '0' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
