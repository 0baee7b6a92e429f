package web

import (
	"errors"
	"net/http"

	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/server"
)

// The employee portal: an employee invited into Mijn Account by their
// employer (role werknemer, or any role with sick.report or recovery.report)
// reports themselves sick and recovered. The login is linked to its
// employee record by a stored link, made at the first visit by the verified
// email address and the birth date (portal_link.go). Employees see only
// themselves: status and dates, never the dossier.

type portalPage struct {
	Chrome  chrome
	Linked  bool
	E       employeeRow
	Cases   []store.Case
	Open    *store.Case
	CanSick bool
	CanRec  bool
	Today   string
	Values  map[string]string
	Errors  map[string]string
	List    []string
	Section string // "sick" or "recovery": the form the errors belong to
}

func (wb *Web) portal(w http.ResponseWriter, r *http.Request, p principal) error {
	if p.Rights.Empty() {
		return wb.noRights(w, r, p)
	}
	if !p.chrome("").Portal {
		return server.Forbidden("no_portal", nil)
	}
	return wb.renderPortal(w, r, p, http.StatusOK, nil, "")
}

func (wb *Web) renderPortal(w http.ResponseWriter, r *http.Request, p principal, status int, f *form, section string) error {
	e, linked, err := wb.me(r, p)
	if err != nil {
		return err
	}
	page := portalPage{Chrome: p.chrome("me"), Linked: linked, Today: wb.today().String(),
		Values: map[string]string{}, Errors: map[string]string{}, Section: section}
	if f != nil {
		page.Values, page.Errors, page.List = f.Values, f.Errors, f.List()
	}
	if linked {
		cases, err := wb.d.Store.CasesOfEmployee(r.Context(), e.ID)
		if err != nil {
			return server.Unavailable(err)
		}
		if err := wb.record(r.Context(), p, actPortalView, "employee", e.ID, e.Employer); err != nil {
			return err
		}
		page.E, page.Cases = rowOf(e, cases), cases
		for i := range cases {
			if cases[i].Open() {
				page.Open = &cases[i]
			}
		}
		page.CanSick = p.Can(rightSickReport) && page.Open == nil
		page.CanRec = p.Can(rightRecoveryReport) && page.Open != nil
	}
	return wb.render(w, r, status, "absence_portal", page)
}

// portalSick: the employee reports themselves sick.
func (wb *Web) portalSick(w http.ResponseWriter, r *http.Request, p principal) error {
	e, linked, err := wb.me(r, p)
	if err != nil {
		return err
	}
	if !linked {
		return server.NotFound("not_linked", nil)
	}
	f := newForm(r, "first_sick_day")
	c := store.Case{EmployeeID: e.ID, Employer: e.Employer, ReportedBy: p.Subject, FirstSickDay: f.date("first_sick_day", true)}
	if !c.FirstSickDay.IsZero() && (c.FirstSickDay.After(wb.today()) || c.FirstSickDay.Before(wb.today().AddDays(-14))) {
		f.fail("first_sick_day", "absence.portal.sick_date_invalid")
	}
	if f.OK() {
		_, ok, err := wb.openCase(r.Context(), p, f, c)
		switch {
		case err != nil:
			return err
		case ok:
			wb.flash(w, r, "absence.flash.sick_reported")
			http.Redirect(w, r, "/me", http.StatusSeeOther)
			return nil
		}
	}
	return wb.renderPortal(w, r, p, http.StatusUnprocessableEntity, f, "sick")
}

// portalRecovery: the employee reports full or partial recovery.
func (wb *Web) portalRecovery(w http.ResponseWriter, r *http.Request, p principal) error {
	e, linked, err := wb.me(r, p)
	if err != nil {
		return err
	}
	if !linked {
		return server.NotFound("not_linked", nil)
	}
	cases, err := wb.d.Store.CasesOfEmployee(r.Context(), e.ID)
	if err != nil {
		return server.Unavailable(err)
	}
	var open *store.Case
	for i := range cases {
		if cases[i].Open() {
			open = &cases[i]
		}
	}
	f := newForm(r, "kind", "percentage", "on")
	if open == nil {
		f.fail("on", "absence.form.already_recovered")
		return wb.renderPortal(w, r, p, http.StatusUnprocessableEntity, f, "recovery")
	}
	rec := store.Recovery{CaseID: open.ID, ReportedBy: p.Subject, Percentage: 100}
	if f.Values["kind"] == "partial" {
		rec.Percentage = f.intRange("percentage", true, 1, 99, "absence.form.percentage_invalid")
	}
	if rec.On = f.date("on", true); !rec.On.IsZero() {
		wb.checkRecoveryDate(f, *open, rec, wb.today())
	}
	if f.OK() {
		_, err := wb.d.Store.AddRecovery(r.Context(), rec)
		switch {
		case errors.Is(err, store.ErrConflict):
			f.fail("on", "absence.form.recovery_conflict")
		case err != nil:
			return server.Unavailable(err)
		default:
			if err := wb.record(r.Context(), p, actRecoveryReport, "absence", open.ID, e.Employer); err != nil {
				return err
			}
			msg := "absence.flash.partial_recovery"
			if rec.Percentage == 100 {
				msg = "absence.flash.full_recovery"
			}
			wb.flash(w, r, msg)
			http.Redirect(w, r, "/me", http.StatusSeeOther)
			return nil
		}
	}
	return wb.renderPortal(w, r, p, http.StatusUnprocessableEntity, f, "recovery")
}
