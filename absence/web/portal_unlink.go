package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/server"
)

// The employer's side of the portal link: the employee page says whether a
// Mijn Account login is linked, and a user with employee.edit ends a link
// with a reason, for instance when the wrong person was linked. The reason
// is kept with the ended link, never in the audit event.

// maxUnlinkReason is the longest reason for ending a link, in characters.
const maxUnlinkReason = 500

// portalLinkStatus is what the employee page shows about the portal link.
type portalLinkStatus struct {
	Shown      bool // the viewer is the employee's employer
	EmployeeID string
	Linked     bool
	Since      date.Date // the day the link was made
	CanUnlink  bool
}

// portalLinkStatus reads the link of employee e for the employee page. Only
// the employer sees it.
func (wb *Web) portalLinkStatus(ctx context.Context, p principal, e store.Employee) (portalLinkStatus, error) {
	if !p.Domain.IsEmployer() || e.Employer != p.Org {
		return portalLinkStatus{}, nil
	}
	st := portalLinkStatus{Shown: true, EmployeeID: e.ID}
	l, err := wb.d.Store.PortalLinkOfEmployee(ctx, e.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return st, nil
	case err != nil:
		return st, server.Unavailable(err)
	}
	st.Linked, st.Since = true, date.Of(l.LinkedAt, wb.d.Location)
	st.CanUnlink = p.Can(rightEmployeeEdit)
	return st, nil
}

// portalUnlinkPage asks for the reason before a link is ended.
type portalUnlinkPage struct {
	Chrome chrome
	E      store.Employee
	Status portalLinkStatus
	Values map[string]string
	Errors map[string]string
	List   []string
}

// employerEmployee loads an employee of the principal's own employer for
// the link pages: 403 for a provider, 404 for an employee out of reach.
func (wb *Web) employerEmployee(ctx context.Context, p principal, id string) (store.Employee, error) {
	if !p.Domain.IsEmployer() {
		return store.Employee{}, server.Forbidden("not_employer", nil)
	}
	e, _, _, err := wb.loadEmployee(ctx, p, id)
	if err != nil {
		return store.Employee{}, err
	}
	if e.Employer != p.Org {
		return store.Employee{}, server.NotFound("employee_not_found", nil)
	}
	return e, nil
}

// portalLinkPage shows the link of an employee and the form to end it.
func (wb *Web) portalLinkPage(w http.ResponseWriter, r *http.Request, p principal) error {
	e, err := wb.employerEmployee(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	return wb.renderUnlink(w, r, p, e, http.StatusOK, nil)
}

func (wb *Web) renderUnlink(w http.ResponseWriter, r *http.Request, p principal, e store.Employee, status int, f *form) error {
	ctx := r.Context()
	st, err := wb.portalLinkStatus(ctx, p, e)
	if err != nil {
		return err
	}
	if err := wb.record(ctx, p, actEmployeeView, "employee", e.ID, e.Employer); err != nil {
		return err
	}
	page := portalUnlinkPage{Chrome: p.chrome("employees"), E: e, Status: st, Values: map[string]string{}, Errors: map[string]string{}}
	if f != nil {
		page.Values, page.Errors, page.List = f.Values, f.Errors, f.List()
	}
	return wb.render(w, r, status, "absence_portal_link", page)
}

// unlinkPortal ends the employee's link with the reason given.
func (wb *Web) unlinkPortal(w http.ResponseWriter, r *http.Request, p principal) error {
	ctx := r.Context()
	e, err := wb.employerEmployee(ctx, p, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r, "reason")
	reason := f.text("reason", true, maxUnlinkReason)
	if !f.OK() {
		return wb.renderUnlink(w, r, p, e, http.StatusUnprocessableEntity, f)
	}
	_, err = wb.d.Store.UnlinkPortal(ctx, store.PortalUnlink{EmployeeID: e.ID, Employer: e.Employer, By: p.Subject, Reason: reason,
		Audit: func(l store.PortalLink) error {
			return wb.record(ctx, p, actPortalUnlinked, "employee", l.EmployeeID, l.Employer)
		},
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		// Ended meanwhile (a second click): the page says there is no link.
		f.fail("reason", "absence.portal_link.not_linked_now")
		return wb.renderUnlink(w, r, p, e, http.StatusConflict, f)
	case err != nil:
		return server.Unavailable(err)
	}
	wb.flash(w, r, "absence.portal_link.flash_unlinked")
	http.Redirect(w, r, "/employees/"+e.ID, http.StatusSeeOther)
	return nil
}
