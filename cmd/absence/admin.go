package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/app"
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
	s, err := app.NewStore(ctx, cfg, db, nil, nil)
	if err != nil {
		return err
	}
	return fn(s, audit.NewRecorder(audit.NewSQLStore(auditDB), nil, nil))
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
