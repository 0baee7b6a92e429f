package web

import (
	"net/http"
	"net/url"

	"github.com/mijnaccount/mijnaccount/absence/registration"
	"github.com/mijnaccount/mijnaccount/absence/rights"
	"github.com/mijnaccount/mijnaccount/absence/session"
	"github.com/mijnaccount/mijnaccount/server"
)

// Short names for the rights handlers ask for.
const (
	rightEmployeeView       = rights.EmployeeView
	rightEmployeeEdit       = rights.EmployeeEdit
	rightSickReport         = rights.SickReport
	rightRecoveryReport     = rights.RecoveryReport
	rightDossierView        = rights.DossierView
	rightDossierMedicalView = rights.DossierMedicalView
	rightStatisticsView     = rights.StatisticsView
)

// principal is the logged-in user of a request.
type principal struct {
	session.Session
	Domain rights.Domain
	Rights rights.Set
}

// Viewer is the principal's organisation for registration checks.
func (p principal) Viewer() registration.Viewer {
	return registration.Viewer{Org: p.Org, Domain: p.Domain}
}

// Can reports whether the principal holds right.
func (p principal) Can(r rights.Right) bool { return p.Rights.Has(r) }

func newPrincipal(s session.Session) principal {
	d := rights.Domain(s.Domain)
	return principal{Session: s, Domain: d, Rights: rights.Effective(d, s.Roles)}
}

// authedFunc is a handler for a logged-in user.
type authedFunc func(w http.ResponseWriter, r *http.Request, p principal) error

// authed wraps h: without a session a GET goes to /login (and comes back),
// anything else to the start page; a user whose roles grant nothing gets the
// no-rights page; a user who lacks one of need gets 403.
func (wb *Web) authed(h authedFunc, need ...rights.Right) server.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, ok, err := wb.principal(r)
		if err != nil {
			return server.Unavailable(err)
		}
		if !ok {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?return="+url.QueryEscape(r.URL.RequestURI()), http.StatusFound)
				return nil
			}
			http.Redirect(w, r, "/", http.StatusSeeOther)
			return nil
		}
		if p.Rights.Empty() && len(need) > 0 {
			return wb.noRights(w, r, p)
		}
		for _, right := range need {
			if !p.Can(right) {
				return server.Forbidden("missing_right", nil)
			}
		}
		return h(w, r, p)
	}
}

// principal loads the session of r.
func (wb *Web) principal(r *http.Request) (principal, bool, error) {
	s, ok, err := wb.d.Sessions.Load(r.Context(), r)
	if err != nil || !ok {
		return principal{}, false, err
	}
	return newPrincipal(s), true, nil
}

// chrome is what every page of a logged-in user shows around its content.
type chrome struct {
	Name    string
	OrgName string
	Domain  rights.Domain
	Nav     string // the current section
	Can     map[string]bool
	// Portal: the user may report about themselves (employee portal).
	Portal bool
}

func (p principal) chrome(nav string) chrome {
	can := map[string]bool{}
	for _, r := range p.Rights.List() {
		can[string(r)] = true
	}
	name := p.Name
	if name == "" {
		name = p.Email
	}
	org := p.OrgName
	if org == "" {
		org = p.Org
	}
	portal := p.Domain.IsEmployer() && p.Email != "" && p.Rights.Any(rights.SickReport, rights.RecoveryReport)
	return chrome{Name: name, OrgName: org, Domain: p.Domain, Nav: nav, Can: can, Portal: portal}
}

// noRightsPage is shown to a user whose roles grant nothing here.
type noRightsPage struct {
	Chrome chrome
	Domain string
	Roles  []string
	Known  bool // the domain is one the application knows
}

func (wb *Web) noRights(w http.ResponseWriter, r *http.Request, p principal) error {
	return wb.render(w, r, http.StatusForbidden, "absence_no_rights", noRightsPage{
		Chrome: p.chrome(""), Domain: p.Session.Domain, Roles: p.Roles, Known: p.Domain.Valid(),
	})
}
