package web

import (
	"github.com/mijnaccount/mijnaccount/absence/bsn"
	"github.com/mijnaccount/mijnaccount/absence/store"
)

// normalBSN returns s as nine digits when it is a valid citizen service
// number (BSN); see bsn.Normal.
func normalBSN(s string) (string, bool) { return bsn.Normal(s) }

// maskBSN shows only the last three digits.
func maskBSN(number string) string { return bsn.Mask(number) }

// sealBSN seals a valid BSN for the employee with id; "" stays "".
func (wb *Web) sealBSN(id, number string) (string, error) { return bsn.Seal(wb.d.Keyring, id, number) }

// openBSN opens the employee's sealed BSN; "" when none is recorded.
func (wb *Web) openBSN(e store.Employee) (string, error) {
	return bsn.Open(wb.d.Keyring, e.ID, e.BSNSealed)
}

// bsnIndex is the keyed search index of a BSN of employer's employee; ""
// for no BSN.
func (wb *Web) bsnIndex(employer, number string) (string, error) {
	return bsn.Index(wb.d.BSNIndexKey, employer, number)
}
