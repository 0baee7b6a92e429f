package web

import (
	"bytes"
	"net/http"

	"github.com/mijnaccount/mijnaccount/absence/rights"
	"github.com/mijnaccount/mijnaccount/absence/statistics"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/server"
)

type homePage struct {
	Chrome   chrome
	LoggedIn bool
	Absent   int // open absences within reach
}

// home is the login prompt, or the start page of a logged-in user.
func (wb *Web) home(w http.ResponseWriter, r *http.Request) error {
	p, ok, err := wb.principal(r)
	if err != nil {
		return server.Unavailable(err)
	}
	if !ok {
		return wb.render(w, r, http.StatusOK, "absence_home", homePage{})
	}
	if p.Rights.Empty() {
		return wb.noRights(w, r, p)
	}
	return wb.render(w, r, http.StatusOK, "absence_home", homePage{Chrome: p.chrome("home"), LoggedIn: true})
}

func (wb *Web) privacy(w http.ResponseWriter, r *http.Request) error {
	return wb.render(w, r, http.StatusOK, "absence_privacy", nil)
}

type rolesPage struct {
	Chrome  chrome
	Domains []domainMatrix
}

type domainMatrix struct {
	Domain rights.Domain
	Roles  []string
	Rows   []matrixRow // one per right
}

type matrixRow struct {
	Right rights.Right
	Cells []string // "yes", "no" (the domain allows it, the role lacks it), "never"
}

// roles shows, per domain, which role grants which right.
func (wb *Web) roles(w http.ResponseWriter, r *http.Request, p principal) error {
	page := rolesPage{Chrome: p.chrome("roles")}
	matrix := rights.Matrix()
	for _, d := range rights.Domains() {
		dm := domainMatrix{Domain: d}
		var rows []rights.MatrixRow
		for _, row := range matrix {
			if row.Domain == d {
				rows = append(rows, row)
				dm.Roles = append(dm.Roles, row.Role)
			}
		}
		for i, right := range rights.All() {
			mr := matrixRow{Right: right}
			for _, row := range rows {
				c := row.Cells[i]
				switch {
				case c.Granted:
					mr.Cells = append(mr.Cells, "yes")
				case c.Allowed:
					mr.Cells = append(mr.Cells, "no")
				default:
					mr.Cells = append(mr.Cells, "never")
				}
			}
			dm.Rows = append(dm.Rows, mr)
		}
		page.Domains = append(page.Domains, dm)
	}
	return wb.render(w, r, http.StatusOK, "absence_roles", page)
}

// rolesCSV downloads the role matrix.
func (wb *Web) rolesCSV(w http.ResponseWriter, r *http.Request, p principal) error {
	var buf bytes.Buffer
	if err := rights.WriteMatrixCSV(&buf); err != nil {
		return err
	}
	if err := wb.record(r.Context(), p, actRolesExport, "role_matrix", "", p.Org); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="rolmatrix-verzuim.csv"`)
	_, err := w.Write(buf.Bytes())
	return err
}

type statisticsPage struct {
	Chrome  chrome
	Figures statistics.Figures
}

// statistics shows the figures of the last 365 days over the employees and
// absences within reach.
func (wb *Web) statistics(w http.ResponseWriter, r *http.Request, p principal) error {
	ctx := r.Context()
	rc, err := wb.reach(ctx, p)
	if err != nil {
		return server.Unavailable(err)
	}
	var emps []store.Employee
	var cases []store.Case
	for _, employer := range rc.employers() {
		es, err := wb.d.Store.Employees(ctx, employer)
		if err != nil {
			return server.Unavailable(err)
		}
		cs, err := wb.d.Store.CasesOfEmployer(ctx, employer)
		if err != nil {
			return server.Unavailable(err)
		}
		byEmployee := map[string][]store.Case{}
		for _, c := range cs {
			byEmployee[c.EmployeeID] = append(byEmployee[c.EmployeeID], c)
		}
		for _, e := range es {
			if rc.employee(e, byEmployee[e.ID]) {
				emps = append(emps, e)
				cases = append(cases, rc.visibleCases(byEmployee[e.ID])...)
			}
		}
		if err := wb.record(ctx, p, actStatisticsView, "org", employer, employer); err != nil {
			return err
		}
	}
	today := rc.today
	return wb.render(w, r, http.StatusOK, "absence_statistics", statisticsPage{
		Chrome: p.chrome("statistics"), Figures: statistics.Compute(emps, cases, today.AddDays(-364), today),
	})
}
