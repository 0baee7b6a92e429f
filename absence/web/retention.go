package web

import (
	"context"
	"net/http"
	"regexp"

	"github.com/mijnaccount/mijnaccount/absence/retention"
	"github.com/mijnaccount/mijnaccount/absence/rights"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/server"
)

// rightRetentionDelete: only the employer domain can hold it.
const rightRetentionDelete = rights.RetentionDelete

// maxRetentionSelection is the most records one request may name.
const maxRetentionSelection = 5000

// retentionIDRE is the shape of a posted record id; others are dropped.
var retentionIDRE = regexp.MustCompile(`^[A-Za-z0-9-]{1,40}$`)

type retentionCaseRow struct {
	store.DueCase
	Checked bool
}

type retentionEmployeeRow struct {
	store.DueEmployee
	Checked bool
}

// retentionPage is the term setting and the overview of expired records.
type retentionPage struct {
	Chrome     chrome
	Policy     retention.Policy // stored
	Chosen     string           // the setting shown selected
	Policies   []retention.Policy
	TermError  string
	TermList   []string
	Cases      []retentionCaseRow
	Employees  []retentionEmployeeRow
	SelectList []string
}

// retentionChoice is what the overview shows selected or in error.
type retentionChoice struct {
	all       bool
	selected  map[string]bool
	chosen    string
	termError string
	selectErr string
}

// retentionOverview shows the term setting and the expired records;
// ?select=all shows every record selected (no JavaScript needed).
func (wb *Web) retentionOverview(w http.ResponseWriter, r *http.Request, p principal) error {
	if !p.Domain.IsEmployer() {
		return server.Forbidden("not_an_employer", nil)
	}
	due, err := wb.retentionDue(r.Context(), p)
	if err != nil {
		return err
	}
	return wb.renderRetention(w, r, p, http.StatusOK, due, retentionChoice{all: r.URL.Query().Get("select") == "all"})
}

// retentionDue loads the employer's expired records and audits the view.
func (wb *Web) retentionDue(ctx context.Context, p principal) (store.Due, error) {
	due, err := wb.d.Store.DueRecords(ctx, p.Org, wb.today())
	if err != nil {
		return due, server.Unavailable(err)
	}
	return due, wb.record(ctx, p, actRetentionView, "org", p.Org, p.Org)
}

func (wb *Web) renderRetention(w http.ResponseWriter, r *http.Request, p principal, status int, due store.Due, c retentionChoice) error {
	page := retentionPage{
		Chrome: p.chrome("retention"), Policy: due.Policy, Chosen: c.chosen, Policies: retention.Policies(),
		TermError: c.termError,
	}
	if page.Chosen == "" {
		page.Chosen = string(due.Policy)
	}
	if c.termError != "" {
		page.TermList = []string{c.termError}
	}
	if c.selectErr != "" {
		page.SelectList = []string{c.selectErr}
	}
	for _, dc := range due.Cases {
		page.Cases = append(page.Cases, retentionCaseRow{DueCase: dc, Checked: c.all || c.selected[dc.ID]})
	}
	for _, de := range due.Employees {
		page.Employees = append(page.Employees, retentionEmployeeRow{DueEmployee: de, Checked: c.all || c.selected[de.ID]})
	}
	return wb.render(w, r, status, "absence_retention", page)
}

// setRetentionTerm stores the employer's retention setting.
func (wb *Web) setRetentionTerm(w http.ResponseWriter, r *http.Request, p principal) error {
	if !p.Domain.IsEmployer() {
		return server.Forbidden("not_an_employer", nil)
	}
	ctx := r.Context()
	f := newForm(r, "policy")
	policy, err := retention.ParsePolicy(f.Values["policy"])
	if err != nil {
		due, err := wb.retentionDue(ctx, p)
		if err != nil {
			return err
		}
		return wb.renderRetention(w, r, p, http.StatusUnprocessableEntity, due, retentionChoice{
			chosen: f.Values["policy"], termError: "absence.retention.policy_invalid",
		})
	}
	if err := wb.d.Store.SetRetentionPolicy(ctx, p.Org, policy); err != nil {
		return server.Unavailable(err)
	}
	if err := wb.record(ctx, p, actRetentionTerm, "org", p.Org, p.Org); err != nil {
		return err
	}
	wb.flash(w, r, "absence.retention.flash.term_saved")
	http.Redirect(w, r, "/retention", http.StatusSeeOther)
	return nil
}

// postedSelection reads the posted case and employee ids.
func postedSelection(r *http.Request) (store.Selection, error) {
	if err := r.ParseForm(); err != nil {
		return store.Selection{}, server.BadRequest("bad_form", "the form cannot be read", err)
	}
	var sel store.Selection
	pick := func(name string) []string {
		var out []string
		for _, id := range r.PostForm[name] {
			if retentionIDRE.MatchString(id) {
				out = append(out, id)
			}
		}
		return out
	}
	sel.Cases, sel.Employees = pick("case"), pick("employee")
	if len(sel.Cases)+len(sel.Employees) > maxRetentionSelection {
		return sel, server.BadRequest("too_many", "too many records selected", nil)
	}
	return sel, nil
}

// retentionConfirmPage asks to confirm the final deletion.
type retentionConfirmPage struct {
	Chrome    chrome
	Cases     []store.DueCase
	Employees []store.DueEmployee
	CaseCount int // every case that goes, also those with their employee
}

// confirmRetention keeps the posted ids that are expired records of the
// employer and asks to confirm; ids of anything else are dropped.
func (wb *Web) confirmRetention(w http.ResponseWriter, r *http.Request, p principal) error {
	if !p.Domain.IsEmployer() {
		return server.Forbidden("not_an_employer", nil)
	}
	sel, err := postedSelection(r)
	if err != nil {
		return err
	}
	due, err := wb.retentionDue(r.Context(), p)
	if err != nil {
		return err
	}
	chosen := map[string]bool{}
	for _, id := range append(sel.Cases, sel.Employees...) {
		chosen[id] = true
	}
	page := retentionConfirmPage{Chrome: p.chrome("retention")}
	withEmployee := map[string]bool{}
	for _, e := range due.Employees {
		if chosen[e.ID] {
			page.Employees = append(page.Employees, e)
			page.CaseCount += e.Cases
			withEmployee[e.ID] = true
		}
	}
	for _, c := range due.Cases {
		if chosen[c.ID] {
			page.Cases = append(page.Cases, c)
			if !withEmployee[c.EmployeeID] {
				page.CaseCount++
			}
		}
	}
	if len(page.Cases)+len(page.Employees) == 0 {
		return wb.renderRetention(w, r, p, http.StatusUnprocessableEntity, due, retentionChoice{
			selected: chosen, selectErr: "absence.retention.none_selected",
		})
	}
	return wb.render(w, r, http.StatusOK, "absence_retention_confirm", page)
}

// retentionResultPage reports a deletion.
type retentionResultPage struct {
	Chrome    chrome
	Cases     int
	Employees int
	Skipped   []store.Skipped
}

// deleteRetention deletes the confirmed records. The store checks again
// that each is the employer's and due; every deletion is audited inside
// the transaction, so a record that cannot be audited is not deleted.
func (wb *Web) deleteRetention(w http.ResponseWriter, r *http.Request, p principal) error {
	if !p.Domain.IsEmployer() {
		return server.Forbidden("not_an_employer", nil)
	}
	sel, err := postedSelection(r)
	if err != nil {
		return err
	}
	if len(sel.Cases)+len(sel.Employees) == 0 {
		wb.flash(w, r, "absence.retention.none_selected")
		http.Redirect(w, r, "/retention", http.StatusSeeOther)
		return nil
	}
	ctx := r.Context()
	audited := 0
	res, err := wb.d.Store.DeleteExpired(ctx, p.Org, sel, wb.today(), func(d store.Deleted) error {
		action, target := actRetentionDeleteCase, "absence"
		if d.Kind == retention.EmployeeRecord {
			action, target = actRetentionDeleteEmployee, "employee"
		}
		audited++
		return wb.record(ctx, p, action, target, d.ID, p.Org)
	})
	if err != nil {
		if audited > 0 {
			// The deletions audited above were rolled back; say so.
			_ = wb.record(ctx, p, actRetentionDeleteFailed, "org", p.Org, p.Org, audit.OutcomeFailure)
		}
		return server.Unavailable(err)
	}
	return wb.render(w, r, http.StatusOK, "absence_retention_result", retentionResultPage{
		Chrome: p.chrome("retention"), Cases: res.Count(retention.AbsenceCase), Employees: res.Count(retention.EmployeeRecord),
		Skipped: res.Skipped,
	})
}
