package web

import (
	"errors"
	"net/http"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/registration"
	"github.com/mijnaccount/mijnaccount/absence/rights"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/server"
)

// rightRelationManage lets an employer record and end its service relations.
const rightRelationManage = rights.RelationManage

// Relation states on the page.
const (
	relationActive  = "active"  // holds today
	relationPlanned = "planned" // starts after today
	relationEnded   = "ended"   // ended before today
)

// relationRow is one relation on the relations page.
type relationRow struct {
	registration.Relation
	Other       string        // the other organisation's name, or its id
	OtherDomain rights.Domain // "" when the organisation is unknown
	State       string        // relationActive, relationPlanned or relationEnded
	CanEnd      bool          // the user may end it (employer, relation.manage, not ended)
	EndValue    string        // the end form's value
	EndError    string        // the end form's message id
}

// relationsView is the data of the relations page.
type relationsView struct {
	Chrome    chrome
	Relations []relationRow
	Manage    bool        // the user records and ends its employer's relations
	Providers []store.Org // the choice of providers for a new relation
	Values    map[string]string
	Errors    map[string]string
	List      []string
	Section   string // where the messages belong: "add" or "end:<relation id>"
}

var relationFields = []string{"provider", "start", "end"}

// canManageRelations: only an employer's user with relation.manage records
// and ends relations (the domain maximum already keeps the right to
// employers; the domain check keeps it so should a maximum ever change).
func canManageRelations(p principal) bool {
	return p.Domain.IsEmployer() && p.Can(rightRelationManage)
}

// listRelations shows the relations of the user's organisation and, to an
// employer's user with relation.manage, the forms to add and end them.
func (wb *Web) listRelations(w http.ResponseWriter, r *http.Request, p principal) error {
	if p.Rights.Empty() {
		return wb.noRights(w, r, p)
	}
	if !p.Rights.Any(rightEmployeeView, rightRelationManage) {
		return server.Forbidden("missing_right", nil)
	}
	return wb.renderRelations(w, r, p, http.StatusOK, nil, "")
}

// renderRelations renders the page; f and section carry a failed form.
func (wb *Web) renderRelations(w http.ResponseWriter, r *http.Request, p principal, status int, f *form, section string) error {
	ctx := r.Context()
	rels, err := wb.d.Store.RelationsOf(ctx, p.Org)
	if err != nil {
		return server.Unavailable(err)
	}
	if err := wb.record(ctx, p, actRelationsView, "org", p.Org, p.Org); err != nil {
		return err
	}
	today := wb.today()
	page := relationsView{
		Chrome: p.chrome("relations"), Manage: canManageRelations(p), Section: section,
		Values: map[string]string{"start": today.String()}, Errors: map[string]string{},
	}
	if f != nil && section == "add" {
		page.Values, page.Errors, page.List = f.Values, f.Errors, f.List()
	}
	if page.Manage {
		if page.Providers, err = wb.d.Store.ProviderOrgs(ctx); err != nil {
			return server.Unavailable(err)
		}
	}
	for _, rel := range rels {
		row := relationRow{Relation: rel, State: relationState(rel, today), EndValue: today.String()}
		other := rel.Provider
		if rel.Employer != p.Org {
			other = rel.Employer
		}
		row.Other = other
		if o, err := wb.d.Store.GetOrg(ctx, other); err == nil {
			row.OtherDomain = o.Domain
			if o.Name != "" {
				row.Other = o.Name
			}
		}
		row.CanEnd = page.Manage && rel.Employer == p.Org && row.State != relationEnded
		if f != nil && section == "end:"+rel.ID {
			row.EndValue, row.EndError, page.List = f.Values["end"], f.Errors["end"], f.List()
		}
		page.Relations = append(page.Relations, row)
	}
	return wb.render(w, r, status, "absence_relations", page)
}

// relationState says whether rel holds on today, starts later or has ended.
func relationState(rel registration.Relation, today date.Date) string {
	switch {
	case rel.ActiveOn(today):
		return relationActive
	case rel.Start.After(today):
		return relationPlanned
	default:
		return relationEnded
	}
}

// addRelation records that a provider serves the user's employer.
func (wb *Web) addRelation(w http.ResponseWriter, r *http.Request, p principal) error {
	if !canManageRelations(p) {
		return server.Forbidden("missing_right", nil)
	}
	ctx := r.Context()
	f := newForm(r, relationFields...)
	rel := registration.Relation{Provider: f.Values["provider"], Employer: p.Org}
	if rel.Provider == "" {
		f.fail("provider", "absence.relations.provider_required")
	}
	rel.Start = f.date("start", true)
	rel.End = f.date("end", false)
	if !rel.Start.IsZero() && !rel.End.IsZero() && rel.End.Before(rel.Start) {
		f.fail("end", "absence.relations.end_before_start")
	}
	if f.OK() {
		created, err := wb.d.Store.AddRelation(ctx, rel)
		switch {
		case errors.Is(err, store.ErrUnknownProvider):
			f.fail("provider", "absence.relations.provider_unknown")
		case errors.Is(err, store.ErrNotProvider):
			f.fail("provider", "absence.relations.provider_employer")
		case errors.Is(err, store.ErrEndBeforeStart):
			f.fail("end", "absence.relations.end_before_start")
		case errors.Is(err, store.ErrOverlap):
			f.fail("start", "absence.relations.overlap")
		case errors.Is(err, store.ErrNotEmployer):
			return server.Forbidden("not_employer", err)
		case err != nil:
			return server.Unavailable(err)
		default:
			if err := wb.record(ctx, p, actRelationCreate, "relation", created.ID, p.Org); err != nil {
				return err
			}
			wb.flash(w, r, "absence.relations.flash_added")
			http.Redirect(w, r, "/relations", http.StatusSeeOther)
			return nil
		}
	}
	return wb.renderRelations(w, r, p, http.StatusUnprocessableEntity, f, "add")
}

// endRelation sets the last day of one of the employer's relations. A date
// in the past is allowed: the provider's access ends at once.
func (wb *Web) endRelation(w http.ResponseWriter, r *http.Request, p principal) error {
	if !canManageRelations(p) {
		return server.Forbidden("missing_right", nil)
	}
	ctx := r.Context()
	id := r.PathValue("id")
	rel, err := wb.d.Store.GetRelation(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound) || (err == nil && rel.Employer != p.Org):
		return server.NotFound("relation", nil)
	case err != nil:
		return server.Unavailable(err)
	}
	today := wb.today()
	f := newForm(r, "end")
	end := f.date("end", true)
	switch {
	case relationState(rel, today) == relationEnded:
		f.fail("end", "absence.relations.already_ended")
	case !end.IsZero() && end.Before(rel.Start):
		f.fail("end", "absence.relations.end_before_start")
	}
	if f.OK() {
		_, err := wb.d.Store.EndEmployerRelation(ctx, p.Org, rel.ID, end)
		switch {
		case errors.Is(err, store.ErrNotFound):
			return server.NotFound("relation", nil)
		case errors.Is(err, store.ErrEndBeforeStart):
			f.fail("end", "absence.relations.end_before_start")
		case errors.Is(err, store.ErrOverlap):
			f.fail("end", "absence.relations.end_overlap")
		case err != nil:
			return server.Unavailable(err)
		default:
			if err := wb.record(ctx, p, actRelationEnd, "relation", rel.ID, p.Org); err != nil {
				return err
			}
			if end.Before(today) {
				wb.flash(w, r, "absence.relations.flash_ended_now")
			} else {
				wb.flash(w, r, "absence.relations.flash_ended")
			}
			http.Redirect(w, r, "/relations#"+rel.ID, http.StatusSeeOther)
			return nil
		}
	}
	return wb.renderRelations(w, r, p, http.StatusUnprocessableEntity, f, "end:"+rel.ID)
}
