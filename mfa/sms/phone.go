package sms

import (
	"errors"
	"fmt"
	"strings"
)

// DefaultPrefixes are the country prefixes SMS may go to when none are
// configured: the Netherlands, Belgium, Germany.
var DefaultPrefixes = []string{"+31", "+32", "+49"}

// Errors from ParsePhone. They never contain the number itself.
var (
	ErrPhoneEmpty   = errors.New("phone: number is empty")
	ErrPhoneChars   = errors.New("phone: number may hold only digits, a leading +, spaces and dashes")
	ErrPhoneNoCode  = errors.New("phone: number needs a country code, e.g. +31 6 12345678 (only Dutch mobile numbers may start with 06)")
	ErrPhoneLength  = errors.New("phone: number must have 8 to 15 digits including the country code")
	ErrPhoneCountry = errors.New("phone: country not allowed")
)

// ParsePhone normalises s to E.164 (+ and 8–15 digits) and checks that it
// starts with one of allowedPrefixes (DefaultPrefixes when empty).
//
// Accepted input: spaces, dashes, dots, slashes and parentheses as separators;
// "00" for "+"; a Dutch mobile number 06xxxxxxxx (becomes +316xxxxxxxx); a
// trunk 0 after +31, +32 or +49 ("+31 (0)6 …", "+31 06 …") is dropped.
func ParsePhone(s string, allowedPrefixes []string) (string, error) {
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
	case strings.HasPrefix(n, "0"):
		return "", ErrPhoneNoCode
	default:
		return "", ErrPhoneNoCode
	}
	for _, cc := range []string{"+31", "+32", "+49"} {
		if strings.HasPrefix(n, cc+"0") {
			n = cc + n[len(cc)+1:]
			break
		}
	}
	if !validE164(n) {
		return "", ErrPhoneLength
	}
	if len(allowedPrefixes) == 0 {
		allowedPrefixes = DefaultPrefixes
	}
	for _, p := range allowedPrefixes {
		p = strings.TrimSpace(p)
		if !strings.HasPrefix(p, "+") {
			p = "+" + p
		}
		if len(p) > 1 && strings.HasPrefix(n, p) {
			return n, nil
		}
	}
	return "", fmt.Errorf("%w (allowed: %s)", ErrPhoneCountry, strings.Join(allowedPrefixes, ", "))
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
