package ledger

import (
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/internal/amsterdam"
)

// MonthOf is the billing month of a message sent at t: the calendar month in
// Europe/Amsterdam, as "YYYY-MM". 2026-10-31T23:30Z is "2026-11".
func MonthOf(t time.Time) string { return amsterdam.MonthOf(t) }

// validMonth reports whether m is "YYYY-MM" with a month from 01 to 12.
func validMonth(m string) bool {
	_, ok := amsterdam.ParseMonth(m)
	return ok
}

// CountryPrefix returns the country calling code of an E.164 number, with
// its "+": "+31" for +31612345678, "+1" for +12025550100, "+352" for
// +352621123456. It returns "" for anything that is not E.164 ("+" and 8
// to 15 digits, the first not 0).
func CountryPrefix(e164 string) string {
	if len(e164) < 9 || len(e164) > 16 || e164[0] != '+' || e164[1] == '0' {
		return ""
	}
	for i := 1; i < len(e164); i++ {
		if e164[i] < '0' || e164[i] > '9' {
			return ""
		}
	}
	return e164[:1+codeLength(e164[1:])]
}

// validPrefix reports whether p is a whole country calling code with "+".
func validPrefix(p string) bool {
	return len(p) >= 2 && len(p) <= 4 && CountryPrefix(p+"0000000") == p
}

// Country calling codes (ITU-T E.164 assignments): zone 1 (North America)
// and zone 7 (Russia, Kazakhstan) have one digit, the codes below two, and
// every other code three.
var twoDigitCodes = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Fields(`
		20 27
		30 31 32 33 34 36 39
		40 41 43 44 45 46 47 48 49
		51 52 53 54 55 56 57 58
		60 61 62 63 64 65 66
		81 82 84 86
		90 91 92 93 94 95 98`) {
		m[c] = true
	}
	return m
}()

// codeLength is the number of digits of the country code digits start with.
func codeLength(digits string) int {
	switch {
	case digits[0] == '1', digits[0] == '7':
		return 1
	case twoDigitCodes[digits[:2]]:
		return 2
	}
	return 3
}
