package web

import (
	"strings"

	"github.com/mijnaccount/mijnaccount/absence/store"
)

// normalBSN returns s as nine digits when it is a valid citizen service
// number (BSN): eight or nine digits (spaces and dots allowed) passing the
// eleven test, 9·d1 + 8·d2 + … + 2·d8 − d9 divisible by 11.
func normalBSN(s string) (string, bool) {
	s = strings.NewReplacer(" ", "", ".", "").Replace(s)
	if len(s) == 8 {
		s = "0" + s
	}
	if len(s) != 9 || strings.Trim(s, "0123456789") != "" || s == "000000000" {
		return "", false
	}
	sum := 0
	for i := range 8 {
		sum += (9 - i) * int(s[i]-'0')
	}
	sum -= int(s[8] - '0')
	return s, sum%11 == 0
}

// maskBSN shows only the last three digits.
func maskBSN(bsn string) string {
	if len(bsn) < 3 {
		return ""
	}
	return "••••••" + bsn[len(bsn)-3:]
}

// sealBSN seals a valid BSN for the employee with id; "" stays "".
func (wb *Web) sealBSN(id, bsn string) (string, error) {
	if bsn == "" {
		return "", nil
	}
	return wb.d.Keyring.Seal([]byte(bsn), store.BSNAssociatedData(id))
}

// openBSN opens the employee's sealed BSN; "" when none is recorded.
func (wb *Web) openBSN(e store.Employee) (string, error) {
	if e.BSNSealed == "" {
		return "", nil
	}
	b, err := wb.d.Keyring.Open(e.BSNSealed, store.BSNAssociatedData(e.ID))
	return string(b), err
}
