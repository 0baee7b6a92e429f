package web

import (
	"errors"
	"maps"
	"net/http"
	"slices"

	"github.com/mijnaccount/mijnaccount/absence/employeeinput"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/server"
)

// The form to register an employee (/employees/new, POST /employees) or to
// change one (/employees/MW-…/edit, POST /employees/MW-…). Only an
// employer's users with employee.edit use it; the fields are checked with
// the rules of package employeeinput, which the import shares.

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
	Team    teamChoice
}

var employeeFields = employeeinput.Fields

// employeeForm is the page for a new employee (e.ID "") or for changing e,
// with values, the fields' messages and their list.
func employeeForm(p principal, e store.Employee, allowedBSN bool, team teamChoice, values, errs map[string]string, list []string) employeeFormPage {
	page := employeeFormPage{Chrome: p.chrome("employees"), Action: "/employees", Values: values, Errors: errs, List: list, BSN: allowedBSN, Team: team}
	if e.ID != "" {
		page.Action, page.Editing, page.ID = "/employees/"+e.ID, true, e.ID
	}
	return page
}

func (wb *Web) newEmployee(w http.ResponseWriter, r *http.Request, p principal) error {
	allowed, err := wb.employerBSNPolicy(r.Context(), p)
	if err != nil {
		return err
	}
	team, err := wb.teamChoice(r.Context(), p.Org, "")
	if err != nil {
		return err
	}
	return wb.render(w, r, http.StatusOK, "absence_employee_form", employeeForm(p, store.Employee{}, allowed, team, map[string]string{}, map[string]string{}, nil))
}

func (wb *Web) editEmployee(w http.ResponseWriter, r *http.Request, p principal) error {
	if err := employerOnly(p); err != nil {
		return err
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
		return err
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
		"employment_end": e.EmploymentEnd.String(), fieldManager: e.ManagerSub,
	}
	team, err := wb.teamChoice(r.Context(), p.Org, e.ManagerSub)
	if err != nil {
		return err
	}
	return wb.render(w, r, http.StatusOK, "absence_employee_form", employeeForm(p, e, allowed, team, values, map[string]string{}, nil))
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
	allowed, err := wb.employerBSNPolicy(r.Context(), p)
	if err != nil {
		return err
	}
	return wb.saveEmployee(w, r, p, store.Employee{ID: store.NewEmployeeID(), Employer: p.Org}, false, allowed)
}

func (wb *Web) updateEmployee(w http.ResponseWriter, r *http.Request, p principal) error {
	if err := employerOnly(p); err != nil {
		return err
	}
	e, _, _, err := wb.loadEmployee(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	allowed, err := wb.bsnAllowed(r.Context(), p.Org)
	if err != nil {
		return err
	}
	return wb.saveEmployee(w, r, p, e, true, allowed)
}

// saveEmployee reads the posted form into e and stores it, as a new
// employee or (exists) over the stored one. It is audited and redirects to
// the employee's page; a refused form is shown again with its messages.
func (wb *Web) saveEmployee(w http.ResponseWriter, r *http.Request, p principal, e store.Employee, exists, allowedBSN bool) error {
	f := newForm(r, slices.Concat(employeeFields, []string{fieldManager})...)
	if err := wb.readEmployee(f, &e, allowedBSN); err != nil {
		return err
	}
	team, err := wb.teamChoice(r.Context(), p.Org, e.ManagerSub)
	if err != nil {
		return err
	}
	if sub := f.Values[fieldManager]; team.valid(sub) {
		e.ManagerSub = sub
	} else {
		f.fail(fieldManager, msgManagerUnknown)
	}
	if f.OK() {
		save, action, flash := wb.d.Store.CreateEmployee, actEmployeeCreate, "absence.flash.employee_created"
		if exists {
			save, action, flash = wb.d.Store.UpdateEmployee, actEmployeeUpdate, "absence.flash.employee_updated"
		}
		saved, err := save(r.Context(), e)
		switch {
		case errors.Is(err, store.ErrConflict):
			f.fail("personnel_number", "absence.form.personnel_number_taken")
		case err != nil:
			return server.Unavailable(err)
		default:
			if err := wb.record(r.Context(), p, action, "employee", saved.ID, e.Employer); err != nil {
				return err
			}
			wb.flash(w, r, flash)
			http.Redirect(w, r, "/employees/"+saved.ID, http.StatusSeeOther)
			return nil
		}
	}
	shown := store.Employee{} // a new employee's id is not shown before it is stored
	if exists {
		shown = e
	}
	return wb.render(w, r, http.StatusUnprocessableEntity, "absence_employee_form", employeeForm(p, shown, allowedBSN, team, f.Values, f.Errors, f.List()))
}
