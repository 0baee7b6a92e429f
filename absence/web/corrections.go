package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/server"
	"github.com/mijnaccount/mijnaccount/storage"
)

// Corrections on the dossier (pages/absence_corrections.html): the facts of
// the sick report (sick.report) and the latest recovery report, withdrawn or
// corrected (recovery.report). Both need dossier.view, as every form on the
// dossier does, and the case within reach (loadCase): a provider corrects
// only while its relation holds. The employee portal does not correct.
//
// The store keeps the invariants and the history in one transaction, with
// the audit event inside it: an event that cannot be written undoes the
// correction. The event holds the case id only; the old and new values and
// the reason are in the case's history, shown on the dossier.

// The dossier sections of the correction forms (dossierPage.ErrorsSection).
const (
	sectionCorrectCase      = "correct-case"
	sectionWithdrawRecovery = "withdraw-recovery"
	sectionCorrectRecovery  = "correct-recovery"
)

// correctCase corrects the first sick day, the expected duration and the
// notes of a sick report.
func (wb *Web) correctCase(w http.ResponseWriter, r *http.Request, p principal) error {
	ctx := r.Context()
	c, e, rc, err := wb.loadCase(ctx, p, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r, "first_sick_day", "expected_days", "notes", "reason", "seen")
	in := store.CaseCorrection{CaseID: c.ID, By: p.Subject, Today: rc.today}
	in.FirstSickDay = f.date("first_sick_day", true)
	switch {
	case in.FirstSickDay.IsZero():
	case in.FirstSickDay.After(rc.today):
		f.fail("first_sick_day", "absence.form.date_future")
	case in.FirstSickDay.Before(e.EmploymentStart), !e.EmploymentEnd.IsZero() && in.FirstSickDay.After(e.EmploymentEnd):
		f.fail("first_sick_day", "absence.form.not_employed")
	}
	in.ExpectedDays = f.intRange("expected_days", false, 1, 730, "absence.form.expected_days_invalid")
	in.Notes = f.text("notes", false, 2000)
	in.Reason = f.text("reason", true, store.MaxCorrectionReason)
	if micros, err := strconv.ParseInt(f.Values["seen"], 10, 64); err == nil {
		in.Seen = storage.FromMicros(micros)
	}
	if f.OK() {
		var audit auditOnce
		in.Audit = audit.of(ctx, wb, p, actCaseCorrected, c)
		fixed, _, err := wb.d.Store.CorrectCase(ctx, in)
		if done, err := wb.finishCorrection(w, r, f, rc, fixed, audit.err(err), "first_sick_day", "absence.correction.flash.case"); done || err != nil {
			return err
		}
	}
	return wb.renderDossier(w, r, p, http.StatusUnprocessableEntity, f, sectionCorrectCase)
}

// withdrawRecovery withdraws the latest recovery report; a full recovery
// withdrawn opens the case again.
func (wb *Web) withdrawRecovery(w http.ResponseWriter, r *http.Request, p principal) error {
	ctx := r.Context()
	c, _, rc, err := wb.loadCase(ctx, p, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r, "recovery", "reason")
	in := store.RecoveryCorrection{CaseID: c.ID, RecoveryID: f.Values["recovery"], Withdraw: true, By: p.Subject, Today: rc.today}
	in.Reason = f.text("reason", true, store.MaxCorrectionReason)
	if f.OK() {
		var audit auditOnce
		in.Audit = audit.of(ctx, wb, p, actRecoveryWithdrawn, c)
		fixed, _, err := wb.d.Store.CorrectRecovery(ctx, in)
		if done, err := wb.finishCorrection(w, r, f, rc, fixed, audit.err(err), "recovery", "absence.correction.flash.recovery_withdrawn"); done || err != nil {
			return err
		}
	}
	return wb.renderDossier(w, r, p, http.StatusUnprocessableEntity, f, sectionWithdrawRecovery)
}

// correctRecovery corrects the date and the percentage of the latest
// recovery report.
func (wb *Web) correctRecovery(w http.ResponseWriter, r *http.Request, p principal) error {
	ctx := r.Context()
	c, _, rc, err := wb.loadCase(ctx, p, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r, "recovery", "recovery_on", "recovery_percentage", "reason")
	in := store.RecoveryCorrection{CaseID: c.ID, RecoveryID: f.Values["recovery"], By: p.Subject, Today: rc.today}
	in.On = f.date("recovery_on", true)
	if !in.On.IsZero() && in.On.After(rc.today) {
		f.fail("recovery_on", "absence.form.date_future")
	}
	in.Percentage = f.intRange("recovery_percentage", true, 1, 100, "absence.correction.percentage_invalid")
	in.Reason = f.text("reason", true, store.MaxCorrectionReason)
	if f.OK() {
		var audit auditOnce
		in.Audit = audit.of(ctx, wb, p, actRecoveryCorrected, c)
		fixed, _, err := wb.d.Store.CorrectRecovery(ctx, in)
		if done, err := wb.finishCorrection(w, r, f, rc, fixed, audit.err(err), "recovery_on", "absence.correction.flash.recovery_corrected"); done || err != nil {
			return err
		}
	}
	return wb.renderDossier(w, r, p, http.StatusUnprocessableEntity, f, sectionCorrectRecovery)
}

// finishCorrection answers what the store did with a correction: after
// success a redirect to the dossier (done); a refusal becomes the message
// on field and the form is shown again; anything else fails the request.
func (wb *Web) finishCorrection(w http.ResponseWriter, r *http.Request, f *form, rc reach, fixed store.Case, err error,
	field, flash string) (done bool, _ error) {
	var conflict *store.ConflictError
	switch {
	case err == nil:
		wb.flash(w, r, flash)
		to := "/cases/" + fixed.ID + "#correcties"
		if !rc.absence(fixed) {
			// Corrected out of the viewer's reach (a provider moved the
			// absence before its relation began): it may not be shown.
			to = "/"
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
		return true, nil
	case errors.As(err, &conflict):
		f.fail(field, conflict.Reason.MessageID())
	case errors.Is(err, store.ErrNoChange):
		f.fail(field, "absence.correction.no_change")
	case errors.Is(err, store.ErrNotFound):
		return false, server.NotFound("case_not_found", nil)
	case errors.Is(err, store.ErrCorrectionInput):
		return false, server.BadRequest("bad_correction", "the correction is incomplete", err)
	default:
		return false, err
	}
	return false, nil
}

// auditOnce records the audit event of a correction inside the store's
// transaction and remembers why it failed, so that the request fails with
// the audit's own error.
type auditOnce struct{ failed error }

func (a *auditOnce) of(ctx context.Context, wb *Web, p principal, action string, c store.Case) func() error {
	return func() error {
		a.failed = wb.record(ctx, p, action, "absence", c.ID, c.Employer)
		return a.failed
	}
}

// err returns the audit's error when the audit failed, else the store's
// error as a server error.
func (a *auditOnce) err(storeErr error) error {
	switch {
	case a.failed != nil:
		return a.failed
	case storeErr == nil, errors.Is(storeErr, store.ErrConflict), errors.Is(storeErr, store.ErrNoChange),
		errors.Is(storeErr, store.ErrNotFound), errors.Is(storeErr, store.ErrCorrectionInput):
		return storeErr
	default:
		return server.Unavailable(storeErr)
	}
}
