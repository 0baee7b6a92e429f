package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/server"
)

// The employee portal's link between a Mijn Account login and an employee
// record (store.PortalLink). A login that holds a link uses it, whatever
// its email address is now. A login without one is linked at its visit when
// exactly one employee of its employer has the token's verified email
// address and birth date. Every other outcome shows the same "not linked"
// page, so the page never tells which of the two did not match; the audit
// event names the reason.

// Audit actions of the portal link (target type "employee"). A refused link
// is absence.portal.linked with outcome denied, no target and the reason.
const (
	actPortalLinked   = "absence.portal.linked"
	actPortalUnlinked = "absence.portal.unlinked"
)

// Reasons of a refused link, in the audit event's Reason.
const (
	linkNoEmail           = "no_email"            // the token has no email address
	linkEmailUnverified   = "email_unverified"    // the provider did not verify it
	linkNoBirthDate       = "no_birth_date"       // the token has no birth date
	linkNoMatch           = "no_match"            // no employee has the address
	linkBirthDateMismatch = "birth_date_mismatch" // employees have the address, none the birth date
	linkAmbiguous         = "ambiguous"           // several employees have both
	linkTaken             = "taken"               // the one that matches is linked to another login
	linkOtherEmployer     = "other_employer"      // the stored link is to an employee of another employer
)

// linkRefusals maps the store's refusals to audit reasons.
var linkRefusals = []struct {
	err    error
	reason string
}{
	{store.ErrPortalNoMatch, linkNoMatch},
	{store.ErrPortalBirthDateMismatch, linkBirthDateMismatch},
	{store.ErrPortalAmbiguous, linkAmbiguous},
	{store.ErrPortalTaken, linkTaken},
}

// me returns the principal's own employee record and whether there is one:
// the employee its login is linked to, linking it first when it has no
// link yet and its token matches one employee.
func (wb *Web) me(r *http.Request, p principal) (store.Employee, bool, error) {
	if !p.Domain.IsEmployer() {
		return store.Employee{}, false, nil
	}
	ctx := r.Context()
	l, err := wb.d.Store.PortalLinkOf(ctx, wb.d.OIDC.Issuer(), p.Subject)
	if errors.Is(err, store.ErrNotFound) {
		if l, err = wb.linkPortal(ctx, p); err != nil || l.EmployeeID == "" {
			return store.Employee{}, false, err
		}
	} else if err != nil {
		return store.Employee{}, false, server.Unavailable(err)
	}
	e, err := wb.d.Store.GetEmployee(ctx, l.EmployeeID)
	if errors.Is(err, store.ErrNotFound) {
		// Deleted meanwhile; its links went with it.
		return store.Employee{}, false, nil
	} else if err != nil {
		return store.Employee{}, false, server.Unavailable(err)
	}
	if e.Employer != p.Org {
		return store.Employee{}, false, wb.refuseLink(ctx, p, linkOtherEmployer)
	}
	return e, true, nil
}

// linkPortal tries to link the principal's login. It returns the new link,
// or an empty one (and an audited refusal) when the token matches no single
// free employee.
func (wb *Web) linkPortal(ctx context.Context, p principal) (store.PortalLink, error) {
	reason := ""
	birth, berr := date.Parse(p.BirthDate)
	switch {
	case p.Email == "":
		reason = linkNoEmail
	case !p.EmailVerified:
		reason = linkEmailUnverified
	case p.BirthDate == "" || berr != nil:
		reason = linkNoBirthDate
	}
	if reason != "" {
		return store.PortalLink{}, wb.refuseLink(ctx, p, reason)
	}
	l, _, err := wb.d.Store.LinkPortal(ctx, store.PortalClaim{
		Issuer: wb.d.OIDC.Issuer(), Subject: p.Subject, Employer: p.Org, Email: p.Email, BirthDate: birth,
		Audit: func(l store.PortalLink) error {
			return wb.record(ctx, p, actPortalLinked, "employee", l.EmployeeID, l.Employer)
		},
	})
	if err == nil {
		return l, nil
	}
	for _, refusal := range linkRefusals {
		if errors.Is(err, refusal.err) {
			return store.PortalLink{}, wb.refuseLink(ctx, p, refusal.reason)
		}
	}
	// The database, or the audit trail inside the transaction, failed:
	// nothing is linked and the request fails.
	return store.PortalLink{}, server.Unavailable(err)
}

// refuseLink audits a refused link; the caller shows the "not linked" page.
func (wb *Web) refuseLink(ctx context.Context, p principal, reason string) error {
	return wb.d.Audit.Record(ctx, audit.Event{
		ActorID: p.Subject, Action: actPortalLinked, TargetType: "employee", OrgID: p.Org, Outcome: audit.OutcomeDenied, Reason: reason,
	})
}
