package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/mijnaccount/mijnaccount/absence/poortwachter"
	"github.com/mijnaccount/mijnaccount/absence/rights"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/server"
	"github.com/mijnaccount/mijnaccount/templates"
)

func (wb *Web) flash(w http.ResponseWriter, r *http.Request, id string) { templates.SetFlash(w, r, id) }

type sickFormPage struct {
	Chrome  chrome
	E       store.Employee
	Values  map[string]string
	Errors  map[string]string
	List    []string
	Medical bool // the reporter's domain may record medical details
	Today   string
}

var sickFields = []string{"first_sick_day", "expected_days", "notes"}

func (wb *Web) sickForm(w http.ResponseWriter, r *http.Request, p principal) error {
	e, _, _, err := wb.loadEmployee(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := wb.record(r.Context(), p, actEmployeeView, "employee", e.ID, e.Employer); err != nil {
		return err
	}
	return wb.render(w, r, http.StatusOK, "absence_sick_form", sickFormPage{
		Chrome: p.chrome("employees"), E: e, Values: map[string]string{"first_sick_day": wb.today().String()},
		Errors: map[string]string{}, Medical: p.Can(rightDossierMedicalView), Today: wb.today().String(),
	})
}

// openCase stores the sick report c and audits it. A refusal of the store
// (already sick, a date within an earlier absence) becomes a message on the
// form's first_sick_day and ok is false.
func (wb *Web) openCase(ctx context.Context, p principal, f *form, c store.Case) (created store.Case, ok bool, err error) {
	created, err = wb.d.Store.CreateCase(ctx, c)
	switch {
	case errors.Is(err, store.ErrWithinEarlierAbsence):
		f.fail("first_sick_day", "absence.form.within_earlier_absence")
		return created, false, nil
	case errors.Is(err, store.ErrConflict):
		f.fail("first_sick_day", "absence.form.already_sick")
		return created, false, nil
	case err != nil:
		return created, false, server.Unavailable(err)
	}
	return created, true, wb.record(ctx, p, actCaseCreate, "absence", created.ID, c.Employer)
}

// reportSick opens an absence (ziekmelding).
func (wb *Web) reportSick(w http.ResponseWriter, r *http.Request, p principal) error {
	ctx := r.Context()
	e, _, _, err := wb.loadEmployee(ctx, p, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r, sickFields...)
	c := store.Case{EmployeeID: e.ID, Employer: e.Employer, ReportedBy: p.Subject}
	c.FirstSickDay = f.date("first_sick_day", true)
	today := wb.today()
	switch {
	case c.FirstSickDay.IsZero():
	case c.FirstSickDay.After(today):
		f.fail("first_sick_day", "absence.form.date_future")
	case c.FirstSickDay.Before(e.EmploymentStart), !e.EmploymentEnd.IsZero() && c.FirstSickDay.After(e.EmploymentEnd):
		f.fail("first_sick_day", "absence.form.not_employed")
	}
	c.ExpectedDays = f.intRange("expected_days", false, 1, 730, "absence.form.expected_days_invalid")
	c.Notes = f.text("notes", false, 2000)
	if f.OK() {
		created, ok, err := wb.openCase(ctx, p, f, c)
		switch {
		case err != nil:
			return err
		case ok:
			wb.flash(w, r, "absence.flash.sick_reported")
			if p.Can(rightDossierView) {
				http.Redirect(w, r, "/cases/"+created.ID, http.StatusSeeOther)
			} else {
				http.Redirect(w, r, "/employees/"+e.ID, http.StatusSeeOther)
			}
			return nil
		}
	}
	return wb.render(w, r, http.StatusUnprocessableEntity, "absence_sick_form", sickFormPage{
		Chrome: p.chrome("employees"), E: e, Values: f.Values, Errors: f.Errors, List: f.List(),
		Medical: p.Can(rightDossierMedicalView), Today: today.String(),
	})
}

// stepView is one Poortwachter step on the dossier page.
type stepView struct {
	poortwachter.Item
	CanMark bool
	DoneIn  *chainLink // the earlier absence of the chain it was marked done on
}

type dossierPage struct {
	Chrome        chrome
	C             store.Case
	E             store.Employee
	EmployerName  string
	Week          int
	Working       int
	Steps         []stepView // done, overdue, due, not needed, and the next upcoming ones
	LaterSteps    []stepView // upcoming steps further ahead, shown folded
	Next          *poortwachter.Item
	CanRecover    bool
	CanMark       bool
	ShowMedical   bool
	MedicalNotes  []medicalNote
	Today         string
	Values        map[string]string
	Errors        map[string]string
	List          []string
	ErrorsSection string // "recovery", "step:<key>" or "medical"
	Chain         chainView
	Extensions    extensionsView // extensions of wage payment (extensions.go)
}

// shownUpcoming is how many upcoming steps the timeline shows unfolded.
const shownUpcoming = 2

// canMarkSteps: marking a step done is a change to the dossier; it needs a
// right that writes to it besides dossier.view.
func canMarkSteps(p principal) bool {
	return p.Can(rightDossierView) && p.Rights.Any(rights.EmployeeEdit, rights.SickReport, rights.RecoveryReport)
}

// dossier shows one absence: facts, recovery reports, the Poortwachter
// timeline and, for the bedrijfsarts domain only, the medical notes.
func (wb *Web) dossier(w http.ResponseWriter, r *http.Request, p principal) error {
	return wb.renderDossier(w, r, p, http.StatusOK, nil, "")
}

func (wb *Web) renderDossier(w http.ResponseWriter, r *http.Request, p principal, status int, f *form, section string) error {
	ctx := r.Context()
	c, e, rc, err := wb.loadCase(ctx, p, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := wb.record(ctx, p, actCaseView, "absence", c.ID, c.Employer); err != nil {
		return err
	}
	chain, err := wb.chainOf(ctx, p, rc, c)
	if err != nil {
		return err
	}
	page := dossierPage{
		Chrome: p.chrome("employees"), C: c, E: e, EmployerName: wb.orgName(r, c.Employer),
		Working: c.WorkingPercentage(), CanRecover: p.Can(rightRecoveryReport) && c.Open(), CanMark: canMarkSteps(p),
		Today: rc.today.String(), Values: map[string]string{}, Errors: map[string]string{}, ErrorsSection: section,
		Chain: chain, Week: chain.Week, Extensions: extensionsOf(p, c, chain),
	}
	items := chain.Items
	if next, ok := poortwachter.Next(items); ok {
		page.Next = &next
	}
	upcoming := 0
	for _, it := range items {
		sv := stepView{Item: it, DoneIn: chain.doneIn[it.Key]}
		switch it.Status {
		case poortwachter.Overdue, poortwachter.Due:
			sv.CanMark = page.CanMark
		case poortwachter.Upcoming:
			upcoming++
			sv.CanMark = page.CanMark && upcoming == 1
			if upcoming > shownUpcoming {
				page.LaterSteps = append(page.LaterSteps, sv)
				continue
			}
		}
		page.Steps = append(page.Steps, sv)
	}
	if p.Can(rightDossierMedicalView) {
		page.ShowMedical = true
		if page.MedicalNotes, err = wb.medicalNotes(ctx, p, rc, c); err != nil {
			return err
		}
		if err := wb.record(ctx, p, actMedicalNotesView, "absence", c.ID, c.Employer); err != nil {
			return err
		}
	}
	if f != nil {
		page.Values, page.Errors, page.List = f.Values, f.Errors, f.List()
	}
	return wb.render(w, r, status, "absence_dossier", page)
}
