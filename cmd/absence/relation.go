package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/registration"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/internal/cli"
)

// `absence relation add|end|list`: an administrator's record of service
// relations. The store makes the checks of the employer's own relation
// management (the provider and employer domains, the dates, no overlap with
// another relation of the same pair) under the same lock, except that
// organisations the application has not seen yet are accepted, so that a
// relation can be recorded before either organisation's first login.

type relationJSON struct {
	ID       string `json:"id"`
	Provider string `json:"provider"`
	Employer string `json:"employer"`
	Start    string `json:"start"`
	End      string `json:"end,omitempty"`
}

func toRelationJSON(r registration.Relation) relationJSON {
	return relationJSON{ID: r.ID, Provider: r.Provider, Employer: r.Employer, Start: r.Start.String(), End: r.End.String()}
}

func relationText(w io.Writer, r registration.Relation) {
	end := r.End.String()
	if end == "" {
		end = "-"
	}
	fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Provider, r.Employer, r.Start, end)
}

func newRelationCmd(g *globals) *cobra.Command {
	return cli.Group("relation", "Service relations between a provider and an employer",
		newRelationAddCmd(g), newRelationEndCmd(g), newRelationListCmd(g))
}

// relationChanged records the change and prints the relation.
func (g *globals) relationChanged(ctx context.Context, rec *audit.Recorder, action string, r registration.Relation) error {
	err := rec.Record(ctx, audit.Event{ActorID: "cli", Action: action, TargetType: "relation", TargetID: r.ID, OrgID: r.Employer, Outcome: audit.OutcomeSuccess})
	if err != nil {
		return err
	}
	return g.print(toRelationJSON(r), func(w io.Writer) { relationText(w, r) })
}

func newRelationAddCmd(g *globals) *cobra.Command {
	var provider, employer, start, end string
	cmd := &cobra.Command{
		Use:   "add",
		Short: "Record that a provider serves an employer",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			r := registration.Relation{Provider: provider, Employer: employer}
			var err error
			if r.Start, err = date.Parse(start); err != nil {
				return usagef("relation add: --start must be a date such as 2026-01-31")
			}
			if r.End, err = date.ParseOptional(end); err != nil {
				return usagef("relation add: --end must be a date such as 2026-12-31")
			}
			if r.Provider == "" || r.Employer == "" {
				return usagef("relation add: --provider and --employer are required")
			}
			if r.Provider == r.Employer {
				return usagef("relation add: --provider and --employer must be two organisations")
			}
			ctx := cli.Context(cmd)
			return g.withStore(cmd, func(s *store.Store, rec *audit.Recorder) error {
				created, err := s.CreateRelation(ctx, r)
				if err != nil {
					return relationRefused("add", r, err)
				}
				return g.relationChanged(ctx, rec, "absence.relation.create", created)
			})
		},
	}
	cmd.Flags().StringVar(&provider, "provider", "", "id of the arbodienst, bedrijfsarts or verzekeraar (required)")
	cmd.Flags().StringVar(&employer, "employer", "", "id of the employer (required)")
	cmd.Flags().StringVar(&start, "start", "", "first day, YYYY-MM-DD (required)")
	cmd.Flags().StringVar(&end, "end", "", "last day, YYYY-MM-DD (optional)")
	return cmd
}

func newRelationEndCmd(g *globals) *cobra.Command {
	var id, end string
	cmd := &cobra.Command{
		Use:   "end",
		Short: "Set the last day of a relation",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			last, err := date.Parse(end)
			if err != nil || id == "" {
				return usagef("relation end: --id and --end (YYYY-MM-DD) are required")
			}
			ctx := cli.Context(cmd)
			return g.withStore(cmd, func(s *store.Store, rec *audit.Recorder) error {
				r, err := s.EndRelation(ctx, id, last)
				if errors.Is(err, store.ErrNotFound) {
					return usagef("relation end: no relation %q", id)
				} else if err != nil {
					return relationRefused("end", r, err)
				}
				return g.relationChanged(ctx, rec, "absence.relation.end", r)
			})
		},
	}
	cmd.Flags().StringVar(&id, "id", "", "relation id (required)")
	cmd.Flags().StringVar(&end, "end", "", "last day, YYYY-MM-DD (required)")
	return cmd
}

func newRelationListCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List every relation",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cli.Context(cmd)
			return g.withStore(cmd, func(s *store.Store, _ *audit.Recorder) error {
				rels, err := s.Relations(ctx)
				if err != nil {
					return err
				}
				list := make([]relationJSON, 0, len(rels))
				for _, r := range rels {
					list = append(list, toRelationJSON(r))
				}
				return g.print(list, func(w io.Writer) {
					for _, r := range rels {
						relationText(w, r)
					}
				})
			})
		},
	}
}

// relationRefused turns the store's refusal of relation r into a usage
// error (exit code 2) that says why; any other error passes unchanged.
func relationRefused(sub string, r registration.Relation, err error) error {
	switch {
	case errors.Is(err, store.ErrNotEmployer):
		return usagef("relation %s: %s is known, but not as werkgever", sub, r.Employer)
	case errors.Is(err, store.ErrNotProvider):
		return usagef("relation %s: %s is a werkgever; a provider is an arbodienst, bedrijfsarts or verzekeraar", sub, r.Provider)
	case errors.Is(err, store.ErrOverlap), errors.Is(err, store.ErrEndBeforeStart):
		return usagef("relation %s: %s", sub, strings.TrimPrefix(err.Error(), "store: "))
	}
	return err
}
