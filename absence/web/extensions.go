package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/poortwachter"
	"github.com/mijnaccount/mijnaccount/absence/rights"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/server"
)

// Extensions of wage payment on the dossier (pages/absence_extensions.html):
// a loonsanctie or a vrijwillige verlenging moves the end of the waiting
// time and the WIA dates of the chain (package poortwachter). Everyone who
// sees the dossier sees the extensions and their effect; the reference and
// the decision date of one recorded on an absence out of the viewer's reach
// stay hidden, as the notes of such an absence do. Users of the employer
// and the arbodienst who may write to the dossier (the rule of the step
// forms) enter extensions and shorten a loonsanctie, on the latest absence
// of the chain. The store keeps the rules; the audit events, written inside
// its transaction, hold the extension's id only.

// Audit actions of extensions (target type "wage_extension", the id).
const (
	actExtensionCreate  = "absence.extension.create"
	actExtensionShorten = "absence.extension.shorten"
)

// The dossier sections of the extension forms (dossierPage.ErrorsSection).
const (
	sectionExtension     = "extension"
	sectionShortenPrefix = "shorten:"
)

// canWriteExtensions: an extension is a change to the dossier by the
// employer or its arbodienst, whose reintegration efforts it concerns.
func canWriteExtensions(p principal) bool {
	return canMarkSteps(p) && (p.Domain == rights.Werkgever || p.Domain == rights.Arbodienst)
}

// extendChain reads the extensions of l's chain and counts them in it.
func (wb *Web) extendChain(ctx context.Context, l *located, employee string) error {
	byCase, err := wb.d.Store.WageExtensionsOfEmployee(ctx, employee)
	if err != nil {
		return server.Unavailable(err)
	}
	var exts []poortwachter.Extension
	for _, p := range l.pos.Chain.Periods {
		for _, w := range byCase[p.ID] {
			l.ext = append(l.ext, w)
			exts = append(exts, w.Extension())
		}
	}
	l.pos.Chain = l.pos.Chain.Extend(exts)
	return nil
}

// hasStep reports whether step is a step of c's timeline over its chain,
// extensions included.
func (wb *Web) hasStep(ctx context.Context, c store.Case, step string) (bool, error) {
	l, err := wb.locate(ctx, c)
	if err != nil {
		return false, err
	}
	return l.pos.Chain.HasStep(step), nil
}

var extensionFields = []string{"kind", "start", "weeks", "decided_on", "reference"}

// addExtension records a loonsanctie or a vrijwillige verlenging.
func (wb *Web) addExtension(w http.ResponseWriter, r *http.Request, p principal) error {
	ctx := r.Context()
	if !canWriteExtensions(p) {
		return server.Forbidden("missing_right", nil)
	}
	c, _, rc, err := wb.loadCase(ctx, p, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r, extensionFields...)
	in := store.NewWageExtension{CaseID: c.ID, Kind: poortwachter.ExtensionKind(f.Values["kind"]), By: p.Subject, Today: rc.today}
	if !in.Kind.Valid() {
		f.fail("kind", "absence.extension.kind_required")
	}
	in.Start = f.date("start", false)
	in.Weeks = f.intRange("weeks", true, 1, poortwachter.MaxExtensionWeeks, "absence.extension.refused.weeks")
	in.DecidedOn = f.date("decided_on", true)
	in.Reference = f.Values["reference"]
	if !store.ValidReference(in.Reference) {
		f.fail("reference", "absence.extension.reference_invalid")
	}
	if f.OK() {
		var audit auditOnce
		in.Audit = func(id string) error {
			audit.failed = wb.record(ctx, p, actExtensionCreate, "wage_extension", id, c.Employer)
			return audit.failed
		}
		_, err := wb.d.Store.AddWageExtension(ctx, in)
		if done, err := wb.finishExtension(w, r, f, c, audit, err, "absence.extension.flash.added"); done || err != nil {
			return err
		}
	}
	return wb.renderDossier(w, r, p, http.StatusUnprocessableEntity, f, sectionExtension)
}

// shortenExtension records a bekorting: a loonsanctie ends early.
func (wb *Web) shortenExtension(w http.ResponseWriter, r *http.Request, p principal) error {
	ctx := r.Context()
	if !canWriteExtensions(p) {
		return server.Forbidden("missing_right", nil)
	}
	c, _, _, err := wb.loadCase(ctx, p, r.PathValue("id"))
	if err != nil {
		return err
	}
	id := r.PathValue("ext")
	f := newForm(r, "end")
	in := store.WageExtensionShortening{CaseID: c.ID, ExtensionID: id, By: p.Subject}
	in.End = f.date("end", true)
	if f.OK() {
		var audit auditOnce
		in.Audit = func() error {
			audit.failed = wb.record(ctx, p, actExtensionShorten, "wage_extension", id, c.Employer)
			return audit.failed
		}
		_, err := wb.d.Store.ShortenWageExtension(ctx, in)
		if done, err := wb.finishExtension(w, r, f, c, audit, err, "absence.extension.flash.shortened"); done || err != nil {
			return err
		}
	}
	return wb.renderDossier(w, r, p, http.StatusUnprocessableEntity, f, sectionShortenPrefix+id)
}

// finishExtension answers what the store did: after success a redirect to
// the section (done); a refusal becomes a message on its field; anything
// else fails the request.
func (wb *Web) finishExtension(w http.ResponseWriter, r *http.Request, f *form, c store.Case, audit auditOnce, err error, flash string) (bool, error) {
	var refused *poortwachter.ExtensionError
	switch {
	case audit.failed != nil:
		return false, audit.failed
	case err == nil:
		wb.flash(w, r, flash)
		http.Redirect(w, r, "/cases/"+c.ID+"#verlenging", http.StatusSeeOther)
		return true, nil
	case errors.As(err, &refused):
		f.fail(extensionField(f, refused.Reason), refused.Reason.MessageID())
	case errors.Is(err, store.ErrNotFound):
		return false, server.NotFound("extension_not_found", nil)
	case errors.Is(err, store.ErrExtensionInput):
		return false, server.BadRequest("bad_extension", "the extension is incomplete", err)
	default:
		return false, server.Unavailable(err)
	}
	return false, nil
}

// extensionField is the form field a refusal belongs to.
func extensionField(f *form, reason poortwachter.ExtensionReason) string {
	if _, shortening := f.Values["end"]; shortening {
		return "end"
	}
	switch reason {
	case poortwachter.ExtensionBadWeeks, poortwachter.ExtensionTotal:
		return "weeks"
	case poortwachter.ExtensionDecidedFuture, poortwachter.ExtensionDecidedBeforeChain, poortwachter.ExtensionTooLate:
		return "decided_on"
	case poortwachter.ExtensionStartTooEarly, poortwachter.ExtensionGap, poortwachter.ExtensionOverlap:
		return "start"
	}
	return "kind"
}

// extensionRow is one extension on the dossier.
type extensionRow struct {
	store.WageExtension
	// Hidden: recorded on an absence out of the viewer's reach; its
	// reference and decision date are not shown.
	Hidden     bool
	In         *chainLink // the earlier absence it was recorded on; nil: this one
	Running    bool
	CanShorten bool
}

// extensionsView is the section "Verlenging loondoorbetaling".
type extensionsView struct {
	Rows        []extensionRow
	OriginalEnd date.Date // end of the 104 weeks; zero once recovered
	End         date.Date // end of the waiting time with the extensions
	Days        int       // days of extension
	WIA         *poortwachter.Item
	CanAdd      bool
	// NextStart is the default first day of a new extension and Deadline
	// the last day a vrijwillige verlenging from then can be agreed on.
	NextStart date.Date
	Deadline  date.Date
	Kinds     []poortwachter.ExtensionKind
}

// Weeks is Days in whole weeks, or 0 when not whole.
func (v extensionsView) Weeks() int {
	if v.Days%7 != 0 {
		return 0
	}
	return v.Days / 7
}

// extensionsOf builds the section for p on c's dossier.
func extensionsOf(p principal, c store.Case, cv chainView) extensionsView {
	latest := cv.Later == nil
	v := extensionsView{Days: cv.ExtendedDays, CanAdd: canWriteExtensions(p) && latest, Kinds: poortwachter.ExtensionKinds()}
	if c.Open() {
		v.OriginalEnd, v.End = cv.OriginalEnd, cv.WaitingEnd
	}
	for _, w := range cv.ext {
		row := extensionRow{WageExtension: w, In: cv.extIn[w.ID], Running: c.Open() && runs(cv.Running, w.ID)}
		row.Hidden = row.In != nil && row.In.ID == ""
		if row.Hidden {
			row.DecidedOn, row.Reference = date.Date{}, ""
		}
		row.CanShorten = canWriteExtensions(p) && latest && w.Kind == poortwachter.Loonsanctie && w.End().After(w.Start)
		v.Rows = append(v.Rows, row)
	}
	for i, it := range cv.Items {
		if it.Kind == poortwachter.Eindevaluatie {
			v.WIA = &cv.Items[i]
		}
	}
	if v.CanAdd {
		v.NextStart = cv.chain.NextStart()
		v.Deadline = cv.chain.AgreementDeadline(v.NextStart)
	}
	return v
}

func runs(exts []poortwachter.Extension, id string) bool {
	for _, e := range exts {
		if e.ID == id {
			return true
		}
	}
	return false
}
