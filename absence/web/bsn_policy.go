package web

import (
	"context"
	"net/http"

	"github.com/mijnaccount/mijnaccount/absence/employeeinput"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/server"
)

// msgBSNNotAllowed refuses a BSN of an employer that may not record BSNs.
const msgBSNNotAllowed = "absence.bsn.not_allowed"

// bsnAllowed reports whether the organisation is marked as legally allowed
// to record BSNs (absence org register --bsn-allowed). Only then does the
// application show, take, import, export or search them. When the database
// fails, the error answers 503.
func (wb *Web) bsnAllowed(ctx context.Context, org string) (bool, error) {
	allowed, err := wb.d.Store.BSNAllowed(ctx, org)
	if err != nil {
		return false, server.Unavailable(err)
	}
	return allowed, nil
}

// employerBSNPolicy answers 403 unless the principal is of an employer, and
// reports whether that employer may record BSNs: how every page that
// registers, imports or exports employees begins.
func (wb *Web) employerBSNPolicy(ctx context.Context, p principal) (bool, error) {
	if err := employerOnly(p); err != nil {
		return false, err
	}
	return wb.bsnAllowed(ctx, p.Org)
}

// shownBSN opens the employee's BSN when the employer may record BSNs;
// otherwise a sealed BSN stays sealed and "" is returned.
func (wb *Web) shownBSN(ctx context.Context, e store.Employee) (string, error) {
	if e.BSNSealed == "" {
		return "", nil
	}
	allowed, err := wb.d.Store.BSNAllowed(ctx, e.Employer)
	if err != nil || !allowed {
		return "", err
	}
	return wb.openBSN(e)
}

// setBSN seals number under e.ID and sets its search index; "" clears both.
func (wb *Web) setBSN(e *store.Employee, number string) error {
	var err error
	if e.BSNSealed, err = wb.sealBSN(e.ID, number); err != nil {
		return err
	}
	e.BSNIndex, err = wb.bsnIndex(e.Employer, number)
	return err
}

// bsnSearchPage is the search by BSN and its result.
type bsnSearchPage struct {
	Chrome   chrome
	Value    string // the typed text, shown again only when it is not a valid BSN
	Error    string
	List     []string
	Searched bool
	Masked   string // the searched BSN, masked
	Found    []employeeRow
}

// bsnSearchForm shows the search; it exists only for an employer that may
// record BSNs.
func (wb *Web) bsnSearchForm(w http.ResponseWriter, r *http.Request, p principal) error {
	if err := wb.bsnSearchAllowed(r.Context(), p); err != nil {
		return err
	}
	return wb.render(w, r, http.StatusOK, "absence_bsn_search", bsnSearchPage{Chrome: p.chrome("employees")})
}

// bsnSearch finds the employer's employees with the posted BSN through the
// keyed index: no row is decrypted. Every search is audited, on each
// employee found or else on the organisation; the event holds no BSN. The
// number travels in a POST body, never in a URL.
func (wb *Web) bsnSearch(w http.ResponseWriter, r *http.Request, p principal) error {
	ctx := r.Context()
	if err := wb.bsnSearchAllowed(ctx, p); err != nil {
		return err
	}
	f := newForm(r, employeeinput.BSN)
	typed := f.Values[employeeinput.BSN]
	number, ok := normalBSN(typed)
	if !ok {
		msg := "absence.form.bsn_invalid"
		if typed == "" {
			msg = "form.required"
		}
		return wb.render(w, r, http.StatusUnprocessableEntity, "absence_bsn_search", bsnSearchPage{
			Chrome: p.chrome("employees"), Value: typed, Error: msg, List: []string{msg},
		})
	}
	index, err := wb.bsnIndex(p.Org, number)
	if err != nil {
		return server.Unavailable(err)
	}
	all, err := wb.d.Store.EmployeesByBSNIndex(ctx, p.Org, index)
	if err != nil {
		return server.Unavailable(err)
	}
	rc, err := wb.reach(ctx, p)
	if err != nil {
		return server.Unavailable(err)
	}
	var found []store.Employee
	for _, e := range all {
		if rc.inTeam(e) { // a leidinggevende finds only their own team
			found = append(found, e)
		}
	}
	page := bsnSearchPage{Chrome: p.chrome("employees"), Searched: true, Masked: maskBSN(number)}
	if len(found) == 0 {
		if err := wb.record(ctx, p, actBSNSearch, "org", p.Org, p.Org); err != nil {
			return err
		}
	}
	for _, e := range found {
		if err := wb.record(ctx, p, actBSNSearch, "employee", e.ID, p.Org); err != nil {
			return err
		}
		page.Found = append(page.Found, rowOf(e, nil))
	}
	return wb.render(w, r, http.StatusOK, "absence_bsn_search", page)
}

// bsnSearchAllowed answers 404 unless the principal is of an employer that
// may record BSNs.
func (wb *Web) bsnSearchAllowed(ctx context.Context, p principal) error {
	if !p.Domain.IsEmployer() {
		return server.NotFound("not_an_employer", nil)
	}
	allowed, err := wb.bsnAllowed(ctx, p.Org)
	if err != nil {
		return err
	}
	if !allowed {
		return server.NotFound("bsn_not_allowed", nil)
	}
	return nil
}
