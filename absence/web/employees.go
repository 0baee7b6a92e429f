package web

import (
	"net/http"

	"github.com/mijnaccount/mijnaccount/absence/date"
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
	TeamOnly  bool // the user sees only their own team
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
	page := employeesPage{Chrome: p.chrome("employees"), CanAdd: p.Can(rightEmployeeEdit) && p.Domain.IsEmployer(), Provider: !p.Domain.IsEmployer(),
		TeamOnly: rc.teamOnly}
	if p.Domain.IsEmployer() {
		page.CanExport = p.Can(rightImportRun)
		if page.BSNSearch, err = wb.bsnAllowed(ctx, p.Org); err != nil {
			return err
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
	// Week is the current week of an open absence, counted over its
	// samentelling chain, or the length in weeks of a closed one.
	Week int
	// AddedUp: Week of the open absence adds up earlier absences.
	AddedUp bool
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
	Portal        portalLinkStatus // the employee portal's link (portal_unlink.go)
	// ShowManager: the employer's users see the leidinggevende (Manager,
	// a name; "" none).
	ShowManager bool
	Manager     string
	ManagerGone bool // the employee has a leidinggevende who no longer holds the role
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
	if page.Portal, err = wb.portalLinkStatus(ctx, p, e); err != nil {
		return err
	}
	if page.ShowManager = p.Domain.IsEmployer(); page.ShowManager && e.ManagerSub != "" {
		team, err := wb.teamChoice(ctx, e.Employer, e.ManagerSub)
		if err != nil {
			return err
		}
		name, ok := team.managerName(e.ManagerSub)
		page.Manager, page.ManagerGone = name, !ok
	}
	for _, c := range cases {
		end := rc.today
		if !c.Open() {
			end = c.RecoveredOn.AddDays(-1)
		}
		cr := caseRow{Case: c, Week: poortwachter.WeekOf(c.FirstSickDay, end)}
		if c.Open() {
			week, added, err := wb.chainWeek(ctx, p, rc, c)
			if err != nil {
				return err
			}
			if week > 0 {
				cr.Week, cr.AddedUp = week, added
			}
		}
		page.Cases = append(page.Cases, cr)
	}
	return wb.render(w, r, http.StatusOK, "absence_employee", page)
}
