package sms

import (
	"errors"
	"fmt"
	"strings"

	"github.com/nyaruka/phonenumbers"

	"github.com/mijnaccount/mijnaccount/internal/smsprefix"
)

// DefaultPrefixes are the country prefixes SMS may go to when none are
// configured: the Netherlands, Belgium, Germany.
var DefaultPrefixes = smsprefix.Defaults()

// Errors from ParsePhone, CheckPhone and CheckMobile. They never contain the
// number itself.
var (
	ErrPhoneEmpty   = errors.New("phone: number is empty")
	ErrPhoneChars   = errors.New("phone: number may hold only digits, a leading +, spaces and dashes")
	ErrPhoneNoCode  = errors.New("phone: number needs a country code, e.g. +31 6 12345678 (only Dutch mobile numbers may start with 06)")
	ErrPhoneLength  = errors.New("phone: number must have 8 to 15 digits including the country code")
	ErrPhoneCountry = errors.New("phone: country not allowed")
	// ErrPhoneInvalid: the number does not exist in its country's numbering
	// plan (libphonenumber's metadata).
	ErrPhoneInvalid = errors.New("phone: not a valid number in its country's numbering plan")
	// ErrPhoneNotMobile: a valid number that is not a mobile one (fixed
	// line, premium rate, shared cost, toll free, VoIP, pager, personal
	// number, UAN, voicemail). The error is a *NotMobileError.
	ErrPhoneNotMobile = errors.New("phone: not a mobile number")
)

// NotMobileError refuses a valid number of a type that cannot or must not
// receive codes; errors.Is(err, ErrPhoneNotMobile) holds.
type NotMobileError struct {
	Type string // e.g. "fixed_line", "premium_rate", "voip" (see numberTypes)
}

func (e *NotMobileError) Error() string { return "phone: not a mobile number (" + e.Type + ")" }

// Is makes every NotMobileError match ErrPhoneNotMobile.
func (e *NotMobileError) Is(target error) bool { return target == ErrPhoneNotMobile }

// ParsePhone normalises s to E.164 (+ and 8–15 digits) and checks with
// CheckPhone that it may receive codes: it starts with one of
// allowedPrefixes (DefaultPrefixes when empty) and is a valid mobile number.
//
// Accepted input: spaces, dashes, dots, slashes and parentheses as separators;
// "00" for "+"; a Dutch mobile number 06xxxxxxxx (becomes +316xxxxxxxx); a
// trunk 0 after +31, +32 or +49 ("+31 (0)6 …", "+31 06 …") is dropped.
func ParsePhone(s string, allowedPrefixes []string) (string, error) {
	n, err := normalise(s)
	if err != nil {
		return "", err
	}
	if err := CheckPhone(n, allowedPrefixes); err != nil {
		return "", err
	}
	return n, nil
}

// normalise turns typed input into "+" and digits; see ParsePhone.
func normalise(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ErrPhoneEmpty
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '/' || r == '(' || r == ')' || r == '\u00a0':
		default:
			return "", ErrPhoneChars
		}
	}
	n := b.String()
	switch {
	case strings.HasPrefix(n, "+"):
	case strings.HasPrefix(n, "00"):
		n = "+" + n[2:]
	case strings.HasPrefix(n, "06") && len(n) == 10:
		n = "+31" + n[1:]
	default:
		return "", ErrPhoneNoCode
	}
	for _, cc := range []string{"+31", "+32", "+49"} {
		if strings.HasPrefix(n, cc+"0") {
			n = cc + n[len(cc)+1:]
			break
		}
	}
	return n, nil
}

// CheckPhone reports whether the E.164 number e164 may receive codes: the
// format (ErrPhoneLength), one of allowedPrefixes (DefaultPrefixes when
// empty; ErrPhoneCountry), and CheckMobile. ParsePhone runs it on what a
// user types; senders run it again on every stored number before a code
// goes out, so that a number stored before these rules, or since its
// country was dropped from the configuration, is refused rather than paid
// for.
func CheckPhone(e164 string, allowedPrefixes []string) error {
	if !validE164(e164) {
		return ErrPhoneLength
	}
	if len(allowedPrefixes) == 0 {
		allowedPrefixes = DefaultPrefixes
	}
	allowed := false
	for _, p := range allowedPrefixes {
		p = strings.TrimSpace(p)
		if !strings.HasPrefix(p, "+") {
			p = "+" + p
		}
		if len(p) > 1 && strings.HasPrefix(e164, p) {
			allowed = true
			break
		}
	}
	if !allowed {
		return fmt.Errorf("%w (allowed: %s)", ErrPhoneCountry, strings.Join(allowedPrefixes, ", "))
	}
	return CheckMobile(e164)
}

// CheckMobile reports whether e164 is a valid mobile number by
// libphonenumber's metadata (github.com/nyaruka/phonenumbers), whatever its
// country: ErrPhoneInvalid for a number its country does not have, a
// *NotMobileError for any type but MOBILE and FIXED_LINE_OR_MOBILE.
//
// Why: NIST SP 800-63B §5.1.3 makes an out-of-band authenticator a physical
// device that is uniquely addressable, and §5.1.3.3 asks the verifier to
// make sure a telephone number used for it belongs to such a device; a
// landline, VoIP or pager number does not. And SMS pumping (toll fraud,
// "artificially inflated traffic") lives on premium-rate, shared-cost and
// other revenue-sharing ranges: refusing every type but mobile, besides the
// allowed countries, stops it before anything is sent or paid for.
//
// FIXED_LINE_OR_MOBILE is what libphonenumber reports where the numbering
// plan does not tell mobile numbers apart (the North American +1 plan);
// the Netherlands, Belgium and Germany have mobile ranges of their own and
// report MOBILE for them (NL 06, BE 046-049, DE 015-017), so for the
// default prefixes only MOBILE passes.
func CheckMobile(e164 string) error {
	if !validE164(e164) {
		return ErrPhoneLength
	}
	num, err := phonenumbers.Parse(e164, "ZZ")
	if err != nil || !phonenumbers.IsValidNumber(num) || phonenumbers.Format(num, phonenumbers.E164) != e164 {
		return ErrPhoneInvalid
	}
	switch t := phonenumbers.GetNumberType(num); t {
	case phonenumbers.MOBILE, phonenumbers.FIXED_LINE_OR_MOBILE:
		return nil
	default:
		return &NotMobileError{Type: numberTypes[t]}
	}
}

// numberTypes names libphonenumber's types in logs and errors.
var numberTypes = map[phonenumbers.PhoneNumberType]string{
	phonenumbers.FIXED_LINE:           "fixed_line",
	phonenumbers.MOBILE:               "mobile",
	phonenumbers.FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile",
	phonenumbers.TOLL_FREE:            "toll_free",
	phonenumbers.PREMIUM_RATE:         "premium_rate",
	phonenumbers.SHARED_COST:          "shared_cost",
	phonenumbers.VOIP:                 "voip",
	phonenumbers.PERSONAL_NUMBER:      "personal_number",
	phonenumbers.PAGER:                "pager",
	phonenumbers.UAN:                  "uan",
	phonenumbers.VOICEMAIL:            "voicemail",
	phonenumbers.UNKNOWN:              "unknown",
}

// validE164 reports whether n is "+" and 8–15 digits, not starting with 0.
func validE164(n string) bool {
	if len(n) < 9 || len(n) > 16 || n[0] != '+' || n[1] == '0' {
		return false
	}
	for _, r := range n[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Mask shows a number without revealing it: the country code, the first
// digit after it and the last two digits, e.g. "+31 6 ** ** ** 78".
// Anything that is not E.164 becomes "***".
func Mask(e164 string) string {
	if !validE164(e164) {
		return "***"
	}
	digits := e164[1:]
	cc := countryCodeLen(digits)
	rest := digits[cc:]
	if len(rest) < 4 {
		return "+" + digits[:cc] + " ***"
	}
	var b strings.Builder
	b.WriteString("+" + digits[:cc] + " " + rest[:1] + " ")
	hidden := len(rest) - 3
	for hidden > 0 {
		if hidden >= 2 {
			b.WriteString("** ")
			hidden -= 2
		} else {
			b.WriteString("* ")
			hidden--
		}
	}
	b.WriteString(rest[len(rest)-2:])
	return b.String()
}

// twoDigitCodes are the two-digit E.164 country codes; "1" and "7" are the
// one-digit ones and all others have three digits.
var twoDigitCodes = map[string]bool{
	"20": true, "27": true, "30": true, "31": true, "32": true, "33": true, "34": true,
	"36": true, "39": true, "40": true, "41": true, "43": true, "44": true, "45": true,
	"46": true, "47": true, "48": true, "49": true, "51": true, "52": true, "53": true,
	"54": true, "55": true, "56": true, "57": true, "58": true, "60": true, "61": true,
	"62": true, "63": true, "64": true, "65": true, "66": true, "81": true, "82": true,
	"84": true, "86": true, "90": true, "91": true, "92": true, "93": true, "94": true,
	"95": true, "98": true,
}

func countryCodeLen(digits string) int {
	switch {
	case digits[0] == '1' || digits[0] == '7':
		return 1
	case twoDigitCodes[digits[:2]]:
		return 2
	default:
		return 3
	}
}
