package web

import (
	"errors"
	"net/http"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/server"
)

var recoveryFields = []string{"kind", "percentage", "on"}

// reportRecovery records a partial (percentage) or full recovery.
func (wb *Web) reportRecovery(w http.ResponseWriter, r *http.Request, p principal) error {
	ctx := r.Context()
	c, _, rc, err := wb.loadCase(ctx, p, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r, recoveryFields...)
	rec := store.Recovery{CaseID: c.ID, ReportedBy: p.Subject}
	switch f.Values["kind"] {
	case "full":
		rec.Percentage = 100
	case "partial":
		rec.Percentage = f.intRange("percentage", true, 1, 99, "absence.form.percentage_invalid")
	default:
		return server.BadRequest("bad_kind", "kind must be partial or full", nil)
	}
	rec.On = f.date("on", true)
	if !rec.On.IsZero() {
		wb.checkRecoveryDate(f, c, rec, rc.today)
	}
	if !c.Open() {
		f.fail("on", "absence.form.already_recovered")
	}
	if f.OK() {
		_, err := wb.d.Store.AddRecovery(ctx, rec)
		switch {
		case errors.Is(err, store.ErrConflict):
			f.fail("on", "absence.form.recovery_conflict")
		case err != nil:
			return server.Unavailable(err)
		default:
			if err := wb.record(ctx, p, actRecoveryReport, "absence", c.ID, c.Employer); err != nil {
				return err
			}
			msg := "absence.flash.partial_recovery"
			if rec.Percentage == 100 {
				msg = "absence.flash.full_recovery"
			}
			wb.flash(w, r, msg)
			http.Redirect(w, r, "/cases/"+c.ID, http.StatusSeeOther)
			return nil
		}
	}
	return wb.renderDossier(w, r, p, http.StatusUnprocessableEntity, f, "recovery")
}

func (wb *Web) checkRecoveryDate(f *form, c store.Case, rec store.Recovery, today date.Date) {
	switch {
	case rec.On.After(today):
		f.fail("on", "absence.form.date_future")
	case rec.On.Before(c.FirstSickDay):
		f.fail("on", "absence.form.before_first_sick_day")
	case rec.Percentage == 100 && !rec.On.After(c.FirstSickDay):
		f.fail("on", "absence.form.full_on_first_day")
	case len(c.Recoveries) > 0 && rec.On.Before(c.Recoveries[len(c.Recoveries)-1].On):
		f.fail("on", "absence.form.before_last_recovery")
	}
}

// markStep marks a Poortwachter step done, with a date and a note.
func (wb *Web) markStep(w http.ResponseWriter, r *http.Request, p principal) error {
	ctx := r.Context()
	if !canMarkSteps(p) {
		return server.Forbidden("missing_right", nil)
	}
	c, _, rc, err := wb.loadCase(ctx, p, r.PathValue("id"))
	if err != nil {
		return err
	}
	step := r.PathValue("step")
	if ok, err := wb.hasStep(ctx, c, step); err != nil {
		return err
	} else if !ok { // the steps of the chain, extensions included
		return server.NotFound("step_not_found", nil)
	}
	f := newForm(r, "done_on", "note")
	a := store.Activity{CaseID: c.ID, Step: step, DoneBy: p.Subject}
	a.DoneOn = f.date("done_on", true)
	if !a.DoneOn.IsZero() && (a.DoneOn.After(rc.today) || a.DoneOn.Before(c.FirstSickDay)) {
		f.fail("done_on", "absence.form.done_on_invalid")
	}
	a.Note = f.text("note", false, 1000)
	if f.OK() {
		// A step marked done on an earlier absence of the chain is done.
		earlier, err := wb.doneEarlier(ctx, c, step)
		if err != nil {
			return err
		}
		if earlier {
			f.fail("done_on", "absence.form.step_already_done")
		}
	}
	if f.OK() {
		_, err := wb.d.Store.MarkActivity(ctx, a)
		switch {
		case errors.Is(err, store.ErrConflict):
			f.fail("done_on", "absence.form.step_already_done")
		case err != nil:
			return server.Unavailable(err)
		default:
			if err := wb.record(ctx, p, actStepDone, "absence", c.ID, c.Employer); err != nil {
				return err
			}
			wb.flash(w, r, "absence.flash.step_done")
			http.Redirect(w, r, "/cases/"+c.ID+"#stap-"+step, http.StatusSeeOther)
			return nil
		}
	}
	return wb.renderDossier(w, r, p, http.StatusUnprocessableEntity, f, "step:"+step)
}

// addMedicalNote stores a note of the company doctor.
func (wb *Web) addMedicalNote(w http.ResponseWriter, r *http.Request, p principal) error {
	ctx := r.Context()
	c, _, _, err := wb.loadCase(ctx, p, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r, "body")
	body := f.text("body", true, 5000)
	if f.OK() {
		sealed, err := wb.d.Keyring.Seal([]byte(body), store.MedicalNoteAssociatedData(c.ID))
		if err != nil {
			return err
		}
		n, err := wb.d.Store.AddMedicalNote(ctx, store.MedicalNote{CaseID: c.ID, BodySealed: sealed, Author: p.Subject, AuthorOrg: p.Org})
		if err != nil {
			return server.Unavailable(err)
		}
		if err := wb.record(ctx, p, actMedicalNoteAdd, "medical_note", n.ID, c.Employer); err != nil {
			return err
		}
		wb.flash(w, r, "absence.flash.medical_note_added")
		http.Redirect(w, r, "/cases/"+c.ID+"#medisch", http.StatusSeeOther)
		return nil
	}
	return wb.renderDossier(w, r, p, http.StatusUnprocessableEntity, f, "medical")
}
