package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/app"
	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/registration"
	"github.com/mijnaccount/mijnaccount/absence/rights"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/audit"
)

// withStore opens the databases, runs fn and closes them. Changes are
// recorded in the audit trail with the actor "cli".
func withStore(ctx context.Context, getenv func(string) string, fn func(s *store.Store, rec *audit.Recorder) error) error {
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	db, auditDB, err := app.OpenStores(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	defer auditDB.Close()
	return fn(store.New(db, nil), audit.NewRecorder(audit.NewSQLStore(auditDB), nil, nil))
}

// printer writes v as JSON with --output json, else as text.
type printer struct {
	out    io.Writer
	format string
}

func (p printer) print(v any, text func(w io.Writer)) error {
	if p.format == "json" {
		enc := json.NewEncoder(p.out)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	tw := tabwriter.NewWriter(p.out, 0, 4, 2, ' ', 0)
	text(tw)
	return tw.Flush()
}

func newFlags(name string, out io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	format := fs.String("output", "text", "text or json")
	return fs, format
}

func parse(fs *flag.FlagSet, args []string, format *string) error {
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *format != "text" && *format != "json" {
		return usagef("--output must be text or json")
	}
	return nil
}

type orgJSON struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	Domain     string    `json:"domain"`
	FirstSeen  time.Time `json:"first_seen"`
	LastSeen   time.Time `json:"last_seen"`
	BSNAllowed bool      `json:"bsn_allowed"`
}

func toOrgJSON(o store.Org, bsnAllowed bool) orgJSON {
	return orgJSON{ID: o.ID, Name: o.Name, Domain: string(o.Domain), FirstSeen: o.FirstSeen, LastSeen: o.LastSeen, BSNAllowed: bsnAllowed}
}

// orgText is an organisation's line: id, domain, name and "bsn-allowed"
// when it may record BSNs.
func orgText(w io.Writer, o orgJSON) {
	fmt.Fprintf(w, "%s\t%s\t%s", o.ID, o.Domain, o.Name)
	if o.BSNAllowed {
		fmt.Fprint(w, "\tbsn-allowed")
	}
	fmt.Fprintln(w)
}

func orgCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 {
		return usagef("org: want register, bsn or list")
	}
	fs, format := newFlags("org "+args[0], stdout)
	out := printer{out: stdout}
	switch args[0] {
	case "register":
		id := fs.String("id", "", "organisation id as in the org claim (required)")
		domain := fs.String("domain", "", "werkgever, arbodienst, bedrijfsarts or verzekeraar (required)")
		name := fs.String("name", "", "name (optional)")
		bsnAllowed := fs.Bool("bsn-allowed", false, "legally allowed to record BSNs (werkgever only); --bsn-allowed=false withdraws it")
		if err := parse(fs, args[1:], format); err != nil {
			return err
		}
		out.format = *format
		if *id == "" || !rights.Domain(*domain).Valid() {
			return usagef("org register: --id and a valid --domain are required")
		}
		if *bsnAllowed && rights.Domain(*domain) != rights.Werkgever {
			return usagef("org register: only a werkgever can be allowed to record BSNs")
		}
		return withStore(ctx, getenv, func(s *store.Store, rec *audit.Recorder) error {
			o, err := s.RegisterOrg(ctx, store.Org{ID: *id, Name: *name, Domain: rights.Domain(*domain)})
			if err != nil {
				return err
			}
			if err := rec.Record(ctx, audit.Event{ActorID: "cli", Action: "absence.org.register", TargetType: "org", TargetID: o.ID, OrgID: o.ID, Outcome: audit.OutcomeSuccess}); err != nil {
				return err
			}
			if flagGiven(fs, "bsn-allowed") {
				if _, err := setBSNPolicy(ctx, getenv, s, rec, o.ID, *bsnAllowed); err != nil {
					return err
				}
			}
			allowed, err := s.BSNAllowed(ctx, o.ID)
			if err != nil {
				return err
			}
			oj := toOrgJSON(o, allowed)
			return out.print(oj, func(w io.Writer) { orgText(w, oj) })
		})
	case "bsn":
		return orgBSNCmd(ctx, fs, format, args[1:], getenv, stdout)
	case "list":
		if err := parse(fs, args[1:], format); err != nil {
			return err
		}
		out.format = *format
		return withStore(ctx, getenv, func(s *store.Store, _ *audit.Recorder) error {
			orgs, err := s.ListOrgs(ctx)
			if err != nil {
				return err
			}
			allowed, err := s.BSNAllowedOrgs(ctx)
			if err != nil {
				return err
			}
			list := make([]orgJSON, 0, len(orgs))
			for _, o := range orgs {
				list = append(list, toOrgJSON(o, allowed[o.ID]))
			}
			return out.print(list, func(w io.Writer) {
				for _, o := range list {
					orgText(w, o)
				}
			})
		})
	}
	return usagef("org: unknown subcommand %q", args[0])
}

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

func relationCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 {
		return usagef("relation: want add, end or list")
	}
	fs, format := newFlags("relation "+args[0], stdout)
	out := printer{out: stdout}
	record := func(rec *audit.Recorder, action string, r registration.Relation) error {
		return rec.Record(ctx, audit.Event{ActorID: "cli", Action: action, TargetType: "relation", TargetID: r.ID, OrgID: r.Employer, Outcome: audit.OutcomeSuccess})
	}
	switch args[0] {
	case "add":
		provider := fs.String("provider", "", "id of the arbodienst, bedrijfsarts or verzekeraar (required)")
		employer := fs.String("employer", "", "id of the employer (required)")
		start := fs.String("start", "", "first day, YYYY-MM-DD (required)")
		end := fs.String("end", "", "last day, YYYY-MM-DD (optional)")
		if err := parse(fs, args[1:], format); err != nil {
			return err
		}
		out.format = *format
		r := registration.Relation{Provider: *provider, Employer: *employer}
		var err error
		if r.Start, err = date.Parse(*start); err != nil {
			return usagef("relation add: --start must be a date such as 2026-01-31")
		}
		if r.End, err = date.ParseOptional(*end); err != nil {
			return usagef("relation add: --end must be a date such as 2026-12-31")
		}
		if r.Provider == "" || r.Employer == "" {
			return usagef("relation add: --provider and --employer are required")
		}
		return withStore(ctx, getenv, func(s *store.Store, rec *audit.Recorder) error {
			if err := checkRelationOrgs(ctx, s, r); err != nil {
				return err
			}
			created, err := s.CreateRelation(ctx, r)
			if err != nil {
				return usageError{err}
			}
			if err := record(rec, "absence.relation.create", created); err != nil {
				return err
			}
			return out.print(toRelationJSON(created), func(w io.Writer) { relationText(w, created) })
		})
	case "end":
		id := fs.String("id", "", "relation id (required)")
		end := fs.String("end", "", "last day, YYYY-MM-DD (required)")
		if err := parse(fs, args[1:], format); err != nil {
			return err
		}
		out.format = *format
		last, err := date.Parse(*end)
		if err != nil || *id == "" {
			return usagef("relation end: --id and --end (YYYY-MM-DD) are required")
		}
		return withStore(ctx, getenv, func(s *store.Store, rec *audit.Recorder) error {
			r, err := s.EndRelation(ctx, *id, last)
			if errors.Is(err, store.ErrNotFound) {
				return usagef("relation end: no relation %q", *id)
			} else if err != nil {
				return usageError{err}
			}
			if err := record(rec, "absence.relation.end", r); err != nil {
				return err
			}
			return out.print(toRelationJSON(r), func(w io.Writer) { relationText(w, r) })
		})
	case "list":
		if err := parse(fs, args[1:], format); err != nil {
			return err
		}
		out.format = *format
		return withStore(ctx, getenv, func(s *store.Store, _ *audit.Recorder) error {
			rels, err := s.Relations(ctx)
			if err != nil {
				return err
			}
			list := make([]relationJSON, 0, len(rels))
			for _, r := range rels {
				list = append(list, toRelationJSON(r))
			}
			return out.print(list, func(w io.Writer) {
				for _, r := range rels {
					relationText(w, r)
				}
			})
		})
	}
	return usagef("relation: unknown subcommand %q", args[0])
}

// checkRelationOrgs refuses a relation whose organisations are known with
// the wrong domains: the employer must be a werkgever, the provider not.
// Organisations the application has not seen yet are accepted.
func checkRelationOrgs(ctx context.Context, s *store.Store, r registration.Relation) error {
	if o, err := s.GetOrg(ctx, r.Employer); err == nil && o.Domain != rights.Werkgever {
		return usagef("relation add: %s is known as %s, not as werkgever", r.Employer, o.Domain)
	} else if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if o, err := s.GetOrg(ctx, r.Provider); err == nil && o.Domain == rights.Werkgever {
		return usagef("relation add: %s is a werkgever; a provider is an arbodienst, bedrijfsarts or verzekeraar", r.Provider)
	} else if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return nil
}
