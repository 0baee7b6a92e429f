package web

import (
	"bytes"
	"net/http"

	"github.com/mijnaccount/mijnaccount/absence/employeeinput"
	"github.com/mijnaccount/mijnaccount/absence/importer"
	"github.com/mijnaccount/mijnaccount/server"
)

// employeesExport downloads every employee of the employer in the import
// format, with the UI-id filled in and actie "update", so that an edited
// export imports as updates. The BSN column is there only for an employer
// that may record BSNs. One audit event covers the export (and a second
// one says it carried BSNs); both are written before any byte is sent.
func (wb *Web) employeesExport(w http.ResponseWriter, r *http.Request, p principal) error {
	ctx := r.Context()
	allowed, err := wb.employerBSNPolicy(ctx, p)
	if err != nil {
		return err
	}
	emps, err := wb.d.Store.Employees(ctx, p.Org)
	if err != nil {
		return server.Unavailable(err)
	}
	managers, err := wb.d.Store.Managers(ctx, p.Org)
	if err != nil {
		return server.Unavailable(err)
	}
	var buf bytes.Buffer
	cw, err := importer.NewWriter(&buf, allowed, false)
	if err != nil {
		return err
	}
	withBSN := false
	for _, e := range emps {
		rec := importer.Record{ID: e.ID, Action: importer.ActionUpdate, Employee: employeeinput.Employee{
			PersonnelNumber: e.PersonnelNumber, Name: e.Name, BirthDate: e.BirthDate, Email: e.Email,
			ContractMinutes: e.ContractMinutes, EmploymentStart: e.EmploymentStart, EmploymentEnd: e.EmploymentEnd},
			Manager: exportManager(managers, e.ManagerSub)}
		if allowed {
			if rec.BSN, err = wb.openBSN(e); err != nil {
				return err
			}
			withBSN = withBSN || rec.BSN != ""
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	if err := cw.Flush(); err != nil {
		return err
	}
	if err := wb.record(ctx, p, actEmployeeExport, "org", p.Org, p.Org); err != nil {
		return err
	}
	if withBSN {
		if err := wb.record(ctx, p, actBSNExport, "org", p.Org, p.Org); err != nil {
			return err
		}
	}
	return writeCSV(w, "medewerkers-"+wb.today().String()+".csv", buf.Bytes())
}
