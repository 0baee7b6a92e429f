package sms

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// digitRun finds runs of digits long enough to identify a subscriber.
var digitRun = regexp.MustCompile(`[0-9]{5,}`)

// FuzzParsePhone feeds arbitrary input and prefix lists to ParsePhone. What
// it accepts is E.164, starts with an allowed prefix, is a mobile number by
// libphonenumber, formats back to itself, passes CheckPhone and parses to
// itself again; what it refuses is refused with a known error that does not
// hold the number.
func FuzzParsePhone(f *testing.F) {
	for _, seed := range []struct{ in, allowed string }{
		{"06 12 34 56 78", ""}, {"+31 (0)6 12345678", ""}, {"0031612345678", "+31"},
		{"+32 470 12 34 56", "+31,+32,+49"}, {"+49 151 23456789", "49"}, {"+31 20 123 4567", ""},
		{"+31 900 123 4567", ""}, {"+44 7911 123456", "+44"}, {"+1 202 555 0143", "+1"},
		{"+1 900 555 0143", "+1"}, {"+310612345678", ""}, {"06-CALLME-12", ""}, {"+", ""}, {"00", ""},
		{"+3161234567890123", ""}, {"\u00a0+31\u00a06\u00a012345678", ""}, {"+39 06 1234 5678", "+39"},
	} {
		f.Add(seed.in, seed.allowed)
	}
	known := []error{ErrPhoneEmpty, ErrPhoneChars, ErrPhoneNoCode, ErrPhoneLength, ErrPhoneCountry, ErrPhoneInvalid, ErrPhoneNotMobile}
	// The errors' own texts hold an example number; only digits beyond them
	// (and beyond the allowed prefixes) would come from the input.
	var fixedTexts string
	for _, k := range known {
		fixedTexts += k.Error() + "\n"
	}
	f.Fuzz(func(t *testing.T, in, allowedList string) {
		var allowed []string
		if allowedList != "" {
			allowed = strings.Split(allowedList, ",")
		}
		got, err := ParsePhone(in, allowed)
		if err != nil {
			if got != "" {
				t.Fatalf("ParsePhone(%q) = %q with error %v", in, got, err)
			}
			isKnown := false
			for _, k := range known {
				isKnown = isKnown || errors.Is(err, k)
			}
			if !isKnown {
				t.Fatalf("ParsePhone(%q): unknown error %v", in, err)
			}
			for _, run := range digitRun.FindAllString(in, -1) {
				if strings.Contains(err.Error(), run) && !strings.Contains(allowedList, run) && !strings.Contains(fixedTexts, run) {
					t.Fatalf("error %q holds digits %q of the input", err, run)
				}
			}
			return
		}
		if !validE164(got) {
			t.Fatalf("ParsePhone(%q) = %q, not E.164", in, got)
		}
		num, perr := phonenumbers.Parse(got, "ZZ")
		if perr != nil || phonenumbers.Format(num, phonenumbers.E164) != got || !phonenumbers.IsValidNumber(num) {
			t.Fatalf("ParsePhone(%q) = %q, which libphonenumber does not format back to itself (%v)", in, got, perr)
		}
		if typ := phonenumbers.GetNumberType(num); typ != phonenumbers.MOBILE && typ != phonenumbers.FIXED_LINE_OR_MOBILE {
			t.Fatalf("ParsePhone(%q) = %q of type %s", in, got, numberTypes[typ])
		}
		prefixes := allowed
		if len(prefixes) == 0 {
			prefixes = DefaultPrefixes
		}
		ok := false
		for _, p := range prefixes {
			p = strings.TrimSpace(p)
			if !strings.HasPrefix(p, "+") {
				p = "+" + p
			}
			ok = ok || len(p) > 1 && strings.HasPrefix(got, p)
		}
		if !ok {
			t.Fatalf("ParsePhone(%q) = %q, which starts with none of %q", in, got, prefixes)
		}
		if err := CheckPhone(got, allowed); err != nil {
			t.Fatalf("CheckPhone(%q) of a parsed number = %v", got, err)
		}
		if again, err := ParsePhone(got, allowed); again != got || err != nil {
			t.Fatalf("ParsePhone(%q) = %q, %v; want it unchanged", got, again, err)
		}
	})
}
