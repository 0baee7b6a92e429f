package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/registration"
	"github.com/mijnaccount/mijnaccount/absence/rights"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/app"
)

// AbsenceRegistration tells the absence app s the organisations of the
// identity provider a and, on a fresh demo, lets the arbodienst, the company
// doctor and the insurer serve the employer from a year before now and
// registers the employer's demo employees. A demo that ran before keeps its
// relations and employees.
func AbsenceRegistration(ctx context.Context, a *app.App, s *store.Store, now time.Time) error {
	orgs, err := a.Accounts.ListOrgs(ctx)
	if err != nil {
		return err
	}
	employer := ""
	var providers []string
	for _, o := range orgs {
		if _, err := s.RegisterOrg(ctx, store.Org{ID: o.ID, Name: o.Name, Domain: rights.Domain(o.Domain)}); err != nil {
			return fmt.Errorf("absence org %s: %w", o.Name, err)
		}
		if o.Domain == "werkgever" {
			employer = o.ID
		} else {
			providers = append(providers, o.ID)
		}
	}
	known, err := s.Relations(ctx)
	if err != nil || len(known) > 0 || employer == "" {
		return err
	}
	start := date.Of(now.AddDate(-1, 0, 0), time.Local)
	for _, p := range providers {
		if _, err := s.CreateRelation(ctx, registration.Relation{Provider: p, Employer: employer, Start: start}); err != nil {
			return fmt.Errorf("absence relation: %w", err)
		}
	}
	return AbsenceData(ctx, s, employer, date.Of(now, time.Local))
}
