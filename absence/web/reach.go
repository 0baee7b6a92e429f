package web

import (
	"context"
	"errors"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/registration"
	"github.com/mijnaccount/mijnaccount/absence/rights"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/server"
)

// reach is what the principal's organisation may see today, and, for a
// user whose roles see only their team, which team.
type reach struct {
	viewer    registration.Viewer
	relations []registration.Relation
	today     date.Date
	// teamOnly: the user sees only the employees whose leidinggevende
	// they are (manager == the employee's ManagerSub), with their absences.
	teamOnly bool
	manager  string
}

func (wb *Web) reach(ctx context.Context, p principal) (reach, error) {
	rc := reach{viewer: p.Viewer(), today: wb.today()}
	if p.Domain.IsEmployer() {
		rc.teamOnly, rc.manager = rights.TeamOnly(p.Domain, p.Roles), p.Subject
		return rc, nil
	}
	var err error
	rc.relations, err = wb.d.Store.RelationsOf(ctx, p.Org)
	return rc, err
}

// employers are the employer organisations within reach, the principal's
// own first for an employer.
func (rc reach) employers() []string {
	if rc.viewer.Domain.IsEmployer() {
		return []string{rc.viewer.Org}
	}
	return registration.ServedEmployers(rc.viewer, rc.relations, rc.today)
}

// inTeam reports whether e is in the principal's team, or the principal is
// not limited to a team.
func (rc reach) inTeam(e store.Employee) bool {
	return !rc.teamOnly || (rc.manager != "" && e.ManagerSub == rc.manager)
}

func (rc reach) employee(e store.Employee, cases []store.Case) bool {
	if !rc.inTeam(e) {
		return false
	}
	periods := make([]registration.Period, len(cases))
	for i, c := range cases {
		periods[i] = c.Period()
	}
	return registration.CanSeeEmployee(rc.viewer, e.Employer, rc.relations, periods, rc.today)
}

func (rc reach) absence(c store.Case) bool {
	return registration.CanSeeAbsence(rc.viewer, c.Employer, rc.relations, c.Period(), rc.today)
}

// visibleCases keeps the absences within reach.
func (rc reach) visibleCases(cases []store.Case) []store.Case {
	var out []store.Case
	for _, c := range cases {
		if rc.absence(c) {
			out = append(out, c)
		}
	}
	return out
}

// loadEmployee returns the employee with id and its absences within reach,
// or a 404 when the employee does not exist or is out of reach.
func (wb *Web) loadEmployee(ctx context.Context, p principal, id string) (store.Employee, []store.Case, reach, error) {
	rc, err := wb.reach(ctx, p)
	if err != nil {
		return store.Employee{}, nil, rc, server.Unavailable(err)
	}
	e, err := wb.d.Store.GetEmployee(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return e, nil, rc, server.NotFound("employee_not_found", nil)
	} else if err != nil {
		return e, nil, rc, server.Unavailable(err)
	}
	cases, err := wb.d.Store.CasesOfEmployee(ctx, id)
	if err != nil {
		return e, nil, rc, server.Unavailable(err)
	}
	if !rc.employee(e, cases) {
		return store.Employee{}, nil, rc, server.NotFound("employee_not_found", errors.New("out of reach"))
	}
	return e, rc.visibleCases(cases), rc, nil
}

// loadCase returns the absence with id and its employee, or a 404 when it
// does not exist or is out of reach.
func (wb *Web) loadCase(ctx context.Context, p principal, id string) (store.Case, store.Employee, reach, error) {
	rc, err := wb.reach(ctx, p)
	if err != nil {
		return store.Case{}, store.Employee{}, rc, server.Unavailable(err)
	}
	c, err := wb.d.Store.GetCase(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return c, store.Employee{}, rc, server.NotFound("case_not_found", nil)
	} else if err != nil {
		return c, store.Employee{}, rc, server.Unavailable(err)
	}
	if !rc.absence(c) {
		return store.Case{}, store.Employee{}, rc, server.NotFound("case_not_found", errors.New("out of reach"))
	}
	e, err := wb.d.Store.GetEmployee(ctx, c.EmployeeID)
	if err != nil {
		return c, e, rc, server.Unavailable(err)
	}
	if !rc.inTeam(e) {
		return store.Case{}, store.Employee{}, rc, server.NotFound("case_not_found", errors.New("out of team"))
	}
	return c, e, rc, nil
}
