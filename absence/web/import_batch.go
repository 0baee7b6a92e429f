package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/employeeinput"
	"github.com/mijnaccount/mijnaccount/absence/importer"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/storage"
)

// importTTL is how long a checked upload waits for its confirmation, and
// how long the rejected lines of an import can be downloaded.
const importTTL = 15 * time.Minute

// errImportToken: the token names no batch of this user, or it expired or
// was used. The page says so without telling which.
var errImportToken = errors.New("web: unknown, expired or used import token")

// importBatch is a checked upload kept in the key-value store between the
// preview and the confirmation, or (Applied) the outcome of an import kept
// for the download of its rejected lines. It is sealed with the keyring
// under its key, so the store never holds the personal data in the clear,
// and bound to the user, organisation and login session that made it.
type importBatch struct {
	Applied  bool              `json:"applied,omitempty"`
	Subject  string            `json:"sub"`
	Org      string            `json:"org"`
	SID      string            `json:"sid"`
	BSN      bool              `json:"bsn,omitempty"` // the rejected lines carry the bsn column
	Changes  []importChange    `json:"changes,omitempty"`
	Rejected []importRejection `json:"rejected,omitempty"`
	Created  int               `json:"created,omitempty"` // Applied: lines written as new employees
	Updated  int               `json:"updated,omitempty"` // Applied: lines written as updates
}

// importChange is an accepted line, ready for the store; the BSN is already
// sealed under the employee's id and indexed.
type importChange struct {
	Line            int    `json:"line"`
	Create          bool   `json:"create,omitempty"`
	KeepBSN         bool   `json:"keep_bsn,omitempty"`
	WithBSN         bool   `json:"with_bsn,omitempty"` // the line records a BSN
	ID              string `json:"id"`
	PersonnelNumber string `json:"number"`
	Name            string `json:"name"`
	BirthDate       string `json:"birth"`
	Email           string `json:"email,omitempty"`
	ContractMinutes int    `json:"minutes"`
	EmploymentStart string `json:"start"`
	EmploymentEnd   string `json:"end,omitempty"`
	BSNSealed       string `json:"bsn_sealed,omitempty"`
	BSNIndex        string `json:"bsn_index,omitempty"`
	// ManagerSub is the leidinggevende the line names; KeepManager leaves
	// the stored one (the sheet had no leidinggevende column). Manager is
	// the cell as written, for the download of a line rejected on writing.
	ManagerSub  string `json:"manager_sub,omitempty"`
	KeepManager bool   `json:"keep_manager,omitempty"`
	Manager     string `json:"manager,omitempty"`
}

// importRejection is a rejected line: its number, the reasons and its cells
// in the order of importer.Columns (the BSN cell blank unless the employer
// may record BSNs).
type importRejection struct {
	Line     int                `json:"line"`
	Problems []importer.Problem `json:"problems"`
	Cells    []string           `json:"cells"`
}

func changeOf(line int, create bool, e store.Employee) importChange {
	return importChange{
		Line: line, Create: create, ID: e.ID, PersonnelNumber: e.PersonnelNumber, Name: e.Name,
		BirthDate: e.BirthDate.String(), Email: e.Email, ContractMinutes: e.ContractMinutes,
		EmploymentStart: e.EmploymentStart.String(), EmploymentEnd: e.EmploymentEnd.String(),
		BSNSealed: e.BSNSealed, BSNIndex: e.BSNIndex, ManagerSub: e.ManagerSub,
	}
}

// storeChange is the change as the store takes it.
func (c importChange) storeChange(employer string) store.EmployeeChange {
	return store.EmployeeChange{Line: c.Line, Create: c.Create, KeepBSN: c.KeepBSN, KeepManager: c.KeepManager, Employee: store.Employee{
		ID: c.ID, Employer: employer, PersonnelNumber: c.PersonnelNumber, Name: c.Name, BirthDate: optionalDate(c.BirthDate),
		Email: c.Email, ContractMinutes: c.ContractMinutes, EmploymentStart: optionalDate(c.EmploymentStart),
		EmploymentEnd: optionalDate(c.EmploymentEnd), BSNSealed: c.BSNSealed, BSNIndex: c.BSNIndex, ManagerSub: c.ManagerSub,
	}}
}

// cells writes the change as a line of the sheet, for the download when it
// is rejected on writing. The BSN is not repeated.
func (c importChange) cells() []string {
	r := importer.Record{Action: importer.ActionNew, Employee: employeeinput.Employee{
		PersonnelNumber: c.PersonnelNumber, Name: c.Name, BirthDate: optionalDate(c.BirthDate), Email: c.Email,
		ContractMinutes: c.ContractMinutes, EmploymentStart: optionalDate(c.EmploymentStart), EmploymentEnd: optionalDate(c.EmploymentEnd)},
		Manager: c.Manager}
	if !c.Create {
		r.ID, r.Action = c.ID, importer.ActionUpdate
	}
	return r.Cells()
}

func optionalDate(s string) date.Date {
	d, _ := date.ParseOptional(s)
	return d
}

// importKey is the key-value store key of a token: its SHA-256, so the
// store does not hold the token itself.
func importKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return "import:" + hex.EncodeToString(sum[:])
}

func importAssociatedData(key string) []byte { return []byte("absence.import:" + key) }

// saveImport keeps b for importTTL and returns its new random token.
func (wb *Web) saveImport(ctx context.Context, b importBatch) (string, error) {
	token := rand.Text()
	key := importKey(token)
	plain, err := json.Marshal(b)
	if err != nil {
		return "", err
	}
	sealed, err := wb.d.Keyring.Seal(plain, importAssociatedData(key))
	if err != nil {
		return "", err
	}
	return token, wb.d.KV.Set(ctx, key, []byte(sealed), importTTL)
}

// loadImport returns the batch of token when it belongs to p's user,
// organisation and login session; else errImportToken. raw is the stored
// value, for takeImport.
func (wb *Web) loadImport(ctx context.Context, p principal, token string) (b importBatch, raw []byte, err error) {
	if len(token) < 16 || len(token) > 64 {
		return b, nil, errImportToken
	}
	key := importKey(token)
	raw, err = wb.d.KV.Get(ctx, key)
	if errors.Is(err, storage.ErrNotFound) {
		return b, nil, errImportToken
	} else if err != nil {
		return b, nil, err
	}
	plain, err := wb.d.Keyring.Open(string(raw), importAssociatedData(key))
	if err != nil {
		return b, nil, err
	}
	if err := json.Unmarshal(plain, &b); err != nil {
		return b, nil, err
	}
	if b.Subject != p.Subject || b.Org != p.Org || b.SID != p.SID {
		return importBatch{}, nil, errImportToken
	}
	return b, raw, nil
}

// takeImport loads the checked upload of token as loadImport does and
// deletes it in the same step: of two confirmations racing, one gets it. The
// outcome of an import (Applied) is not taken.
func (wb *Web) takeImport(ctx context.Context, p principal, token string) (importBatch, error) {
	b, raw, err := wb.loadImport(ctx, p, token)
	if err != nil {
		return b, err
	}
	if b.Applied {
		return importBatch{}, errImportToken
	}
	ok, err := wb.d.KV.CompareAndDelete(ctx, importKey(token), raw)
	if err != nil {
		return b, err
	}
	if !ok {
		return importBatch{}, errImportToken
	}
	return b, nil
}
