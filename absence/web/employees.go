package web

import (
	"errors"
	"maps"
	"net/http"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/employeeinput"
	"github.com/mijnaccount/mijnaccount/absence/poortwachter"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/server"
)

// employeeRow is one line of the employee list.
type employeeRow struct {
	store.Employee
	Hours      contractHours
	Absent     bool      // has an open absence
	SickSince  date.Date // first sick day of the open absence
	Working    int       // percentage of the work resumed in the open absence
	OpenCaseID string
}

type employerGroup struct {
	OrgID   string
	OrgName string
	Rows    []employeeRow
}

type employeesPage struct {
	Chrome   chrome
	Groups   []employerGroup
	CanAdd   bool
	Provider bool // the list shows employers served, not the own employees
	// CanExport: the employer's user may download the import sheet;
	// BSNSearch: the employer may record BSNs, so the list offers a search.
	CanExport bool
	BSNSearch bool
}

func rowOf(e store.Employee, cases []store.Case) employeeRow {
	row := employeeRow{Employee: e, Hours: contractHours(e.ContractMinutes)}
	for _, c := range cases {
		if c.EmployeeID == e.ID && c.Open() {
			row.Absent, row.SickSince, row.Working, row.OpenCaseID = true, c.FirstSickDay, c.WorkingPercentage(), c.ID
		}
	}
	return row
}

// employees lists the employees within reach, grouped by employer.
func (wb *Web) employees(w http.ResponseWriter, r *http.Request, p principal) error {
	ctx := r.Context()
	rc, err := wb.reach(ctx, p)
	if err != nil {
		return server.Unavailable(err)
	}
	page := employeesPage{Chrome: p.chrome("employees"), CanAdd: p.Can(rightEmployeeEdit) && p.Domain.IsEmployer(), Provider: !p.Domain.IsEmployer()}
	if p.Domain.IsEmployer() {
		page.CanExport = p.Can(rightImportRun)
		if page.BSNSearch, err = wb.bsnAllowed(ctx, p.Org); err != nil {
			return server.Unavailable(err)
		}
	}
	for _, employer := range rc.employers() {
		emps, err := wb.d.Store.Employees(ctx, employer)
		if err != nil {
			return server.Unavailable(err)
		}
		cases, err := wb.d.Store.CasesOfEmployer(ctx, employer)
		if err != nil {
			return server.Unavailable(err)
		}
		byEmployee := map[string][]store.Case{}
		for _, c := range cases {
			byEmployee[c.EmployeeID] = append(byEmployee[c.EmployeeID], c)
		}
		group := employerGroup{OrgID: employer, OrgName: wb.orgName(r, employer)}
		for _, e := range emps {
			if rc.employee(e, byEmployee[e.ID]) {
				group.Rows = append(group.Rows, rowOf(e, rc.visibleCases(byEmployee[e.ID])))
			}
		}
		if len(group.Rows) > 0 || p.Domain.IsEmployer() {
			if err := wb.record(ctx, p, actEmployeeList, "org", employer, employer); err != nil {
				return err
			}
			page.Groups = append(page.Groups, group)
		}
	}
	return wb.render(w, r, http.StatusOK, "absence_employees", page)
}

// orgName is the known name of an organisation, or its id.
func (wb *Web) orgName(r *http.Request, id string) string {
	o, err := wb.d.Store.GetOrg(r.Context(), id)
	if err != nil || o.Name == "" {
		return id
	}
	return o.Name
}

type caseRow struct {
	store.Case
	Week int // current week of an open absence, or its length in weeks
}

type employeePage struct {
	Chrome        chrome
	E             employeeRow
	BSN           string // masked
	EmployerName  string
	Cases         []caseRow
	CanEdit       bool
	CanReportSick bool
	CanDossier    bool
}

// employee shows one employee with their absences within reach.
func (wb *Web) employee(w http.ResponseWriter, r *http.Request, p principal) error {
	ctx := r.Context()
	e, cases, rc, err := wb.loadEmployee(ctx, p, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := wb.record(ctx, p, actEmployeeView, "employee", e.ID, e.Employer); err != nil {
		return err
	}
	row := rowOf(e, cases)
	bsn, err := wb.shownBSN(ctx, e)
	if err != nil {
		return err
	}
	page := employeePage{
		BSN:    maskBSN(bsn),
		Chrome: p.chrome("employees"), E: row, EmployerName: wb.orgName(r, e.Employer),
		CanEdit:       p.Can(rightEmployeeEdit) && p.Domain.IsEmployer(),
		CanReportSick: p.Can(rightSickReport) && !row.Absent,
		CanDossier:    p.Can(rightDossierView),
	}
	for _, c := range cases {
		end := rc.today
		if !c.Open() {
			end = c.RecoveredOn.AddDays(-1)
		}
		page.Cases = append(page.Cases, caseRow{Case: c, Week: poortwachter.WeekOf(c.FirstSickDay, end)})
	}
	return wb.render(w, r, http.StatusOK, "absence_employee", page)
}

// employeeFormPage is the form to register or change an employee.
type employeeFormPage struct {
	Chrome  chrome
	Action  string
	Editing bool
	ID      string
	Values  map[string]string
	Errors  map[string]string
	List    []string
	BSN     bool // the employer may record BSNs: the form has the field
}

var employeeFields = employeeinput.Fields

func (wb *Web) newEmployee(w http.ResponseWriter, r *http.Request, p principal) error {
	if !p.Domain.IsEmployer() {
		return server.Forbidden("not_an_employer", nil)
	}
	allowed, err := wb.bsnAllowed(r.Context(), p.Org)
	if err != nil {
		return server.Unavailable(err)
	}
	return wb.render(w, r, http.StatusOK, "absence_employee_form", employeeFormPage{
		Chrome: p.chrome("employees"), Action: "/employees", Values: map[string]string{}, Errors: map[string]string{}, BSN: allowed,
	})
}

func (wb *Web) editEmployee(w http.ResponseWriter, r *http.Request, p principal) error {
	if !p.Domain.IsEmployer() {
		return server.Forbidden("not_an_employer", nil)
	}
	e, _, _, err := wb.loadEmployee(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := wb.record(r.Context(), p, actEmployeeView, "employee", e.ID, e.Employer); err != nil {
		return err
	}
	allowed, err := wb.bsnAllowed(r.Context(), p.Org)
	if err != nil {
		return server.Unavailable(err)
	}
	bsn, err := wb.shownBSN(r.Context(), e)
	if err != nil {
		return err
	}
	if bsn != "" {
		if err := wb.record(r.Context(), p, actBSNView, "employee", e.ID, e.Employer); err != nil {
			return err
		}
	}
	values := map[string]string{
		"bsn":              bsn,
		"personnel_number": e.PersonnelNumber, "name": e.Name, "birth_date": e.BirthDate.String(), "email": e.Email,
		"contract_hours": contractHours(e.ContractMinutes).Format("en"), "employment_start": e.EmploymentStart.String(),
		"employment_end": e.EmploymentEnd.String(),
	}
	return wb.render(w, r, http.StatusOK, "absence_employee_form", employeeFormPage{
		Chrome: p.chrome("employees"), Action: "/employees/" + e.ID, Editing: true, ID: e.ID, Values: values, Errors: map[string]string{},
		BSN: allowed,
	})
}

// readEmployee checks the posted employee fields into e with the rules of
// package employeeinput. When the employer may record BSNs the BSN is
// sealed under e.ID and indexed; when not, a posted BSN is refused and the
// stored one is left as it is.
func (wb *Web) readEmployee(f *form, e *store.Employee, allowBSN bool) error {
	values := maps.Clone(f.Values)
	if !allowBSN {
		values[employeeinput.BSN] = ""
	}
	in, problems := employeeinput.Check(values, wb.today())
	for _, pr := range problems {
		f.fail(pr.Field, pr.Message)
	}
	e.PersonnelNumber, e.Name, e.BirthDate, e.Email = in.PersonnelNumber, in.Name, in.BirthDate, in.Email
	e.ContractMinutes, e.EmploymentStart, e.EmploymentEnd = in.ContractMinutes, in.EmploymentStart, in.EmploymentEnd
	if !allowBSN {
		if f.Values[employeeinput.BSN] != "" {
			f.fail(employeeinput.BSN, msgBSNNotAllowed)
		}
		return nil
	}
	if _, bad := f.Errors[employeeinput.BSN]; bad {
		return nil
	}
	return wb.setBSN(e, in.BSN)
}

func (wb *Web) createEmployee(w http.ResponseWriter, r *http.Request, p principal) error {
	if !p.Domain.IsEmployer() {
		return server.Forbidden("not_an_employer", nil)
	}
	allowed, err := wb.bsnAllowed(r.Context(), p.Org)
	if err != nil {
		return server.Unavailable(err)
	}
	f := newForm(r, employeeFields...)
	e := store.Employee{ID: store.NewEmployeeID(), Employer: p.Org}
	if err := wb.readEmployee(f, &e, allowed); err != nil {
		return err
	}
	if f.OK() {
		created, err := wb.d.Store.CreateEmployee(r.Context(), e)
		switch {
		case errors.Is(err, store.ErrConflict):
			f.fail("personnel_number", "absence.form.personnel_number_taken")
		case err != nil:
			return server.Unavailable(err)
		default:
			if err := wb.record(r.Context(), p, actEmployeeCreate, "employee", created.ID, p.Org); err != nil {
				return err
			}
			wb.flash(w, r, "absence.flash.employee_created")
			http.Redirect(w, r, "/employees/"+created.ID, http.StatusSeeOther)
			return nil
		}
	}
	return wb.render(w, r, http.StatusUnprocessableEntity, "absence_employee_form", employeeFormPage{
		Chrome: p.chrome("employees"), Action: "/employees", Values: f.Values, Errors: f.Errors, List: f.List(), BSN: allowed,
	})
}

func (wb *Web) updateEmployee(w http.ResponseWriter, r *http.Request, p principal) error {
	if !p.Domain.IsEmployer() {
		return server.Forbidden("not_an_employer", nil)
	}
	e, _, _, err := wb.loadEmployee(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	allowed, err := wb.bsnAllowed(r.Context(), p.Org)
	if err != nil {
		return server.Unavailable(err)
	}
	f := newForm(r, employeeFields...)
	if err := wb.readEmployee(f, &e, allowed); err != nil {
		return err
	}
	if f.OK() {
		_, err := wb.d.Store.UpdateEmployee(r.Context(), e)
		switch {
		case errors.Is(err, store.ErrConflict):
			f.fail("personnel_number", "absence.form.personnel_number_taken")
		case err != nil:
			return server.Unavailable(err)
		default:
			if err := wb.record(r.Context(), p, actEmployeeUpdate, "employee", e.ID, e.Employer); err != nil {
				return err
			}
			wb.flash(w, r, "absence.flash.employee_updated")
			http.Redirect(w, r, "/employees/"+e.ID, http.StatusSeeOther)
			return nil
		}
	}
	return wb.render(w, r, http.StatusUnprocessableEntity, "absence_employee_form", employeeFormPage{
		Chrome: p.chrome("employees"), Action: "/employees/" + e.ID, Editing: true, ID: e.ID, Values: f.Values, Errors: f.Errors, List: f.List(),
		BSN: allowed,
	})
}
