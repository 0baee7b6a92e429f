package web

import (
	"cmp"
	"context"
	"slices"

	"github.com/mijnaccount/mijnaccount/absence/importer"

	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/server"
)

// Teams: an employee's leidinggevende is the stable subject of a user with
// the team role (store.Employee.ManagerSub). hr sets it on the employee form,
// choosing from the leidinggevenden the application has seen log in
// (store.Managers, login.go), and the import names one by email address. A
// user whose roles see only their team sees only those employees (reach.go).

// fieldManager is the form field of the leidinggevende: their subject, or
// "" for none.
const fieldManager = "manager"

// msgManagerUnknown: the posted leidinggevende is not one of the employer's.
const msgManagerUnknown = "absence.team.manager_unknown"

// teamChoice is the choice of leidinggevende on the employee form.
type teamChoice struct {
	Managers []store.Manager
	// Current is the employee's stored leidinggevende when it is no longer
	// among Managers (the user lost the role): kept as a choice, so that
	// saving the form does not drop it silently.
	Current string
}

// valid reports whether sub may be stored as the leidinggevende: none, one
// of the employer's, or the one already stored.
func (tc teamChoice) valid(sub string) bool {
	if sub == "" || (tc.Current != "" && sub == tc.Current) {
		return true
	}
	for _, m := range tc.Managers {
		if m.Subject == sub {
			return true
		}
	}
	return false
}

// teamChoice reads the employer's leidinggevenden; current is the
// employee's stored one.
func (wb *Web) teamChoice(ctx context.Context, employer, current string) (teamChoice, error) {
	ms, err := wb.d.Store.Managers(ctx, employer)
	if err != nil {
		return teamChoice{}, server.Unavailable(err)
	}
	tc := teamChoice{Managers: ms}
	if current != "" && !tc.valid(current) {
		tc.Current = current
	}
	return tc, nil
}

// managerName is the name (or else the email address) of the leidinggevende
// sub; ok is false when sub is not among the employer's leidinggevenden any
// more.
func (tc teamChoice) managerName(sub string) (name string, ok bool) {
	for _, m := range tc.Managers {
		if m.Subject == sub {
			return cmp.Or(m.Name, m.Email, "—"), true
		}
	}
	return "", false
}

// importManagers are the employer's leidinggevenden as the import resolves
// them.
func (wb *Web) importManagers(ctx context.Context, employer string) ([]importer.Manager, error) {
	ms, err := wb.d.Store.Managers(ctx, employer)
	if err != nil {
		return nil, server.Unavailable(err)
	}
	out := make([]importer.Manager, len(ms))
	for i, m := range ms {
		out[i] = importer.Manager{Subject: m.Subject, Email: m.Email}
	}
	return out, nil
}

// exportManager is how the export names the leidinggevende sub: their
// email address when known and verified, else the subject itself, which the
// import takes back for the same employee.
func exportManager(ms []store.Manager, sub string) string {
	if sub == "" {
		return ""
	}
	for _, m := range ms {
		if m.Subject == sub && m.Email != "" {
			return m.Email
		}
	}
	return sub
}

// managerColumn is the index of the leidinggevende in importer.Columns.
func managerColumn() int {
	return slices.IndexFunc(importer.Columns, func(c importer.Column) bool { return c.Name == importer.ColManager })
}
