package main

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/mijnaccount/mijnaccount/absence/app"
	"github.com/mijnaccount/mijnaccount/absence/rights"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/internal/cli"
)

// withStore opens the databases, runs fn and closes them. Changes are
// recorded in the audit trail with the actor "cli".
func (g *globals) withStore(cmd *cobra.Command, fn func(s *store.Store, rec *audit.Recorder) error) error {
	cfg, err := g.loadConfig()
	if err != nil {
		return err
	}
	ctx := cli.Context(cmd)
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

func newOrgCmd(g *globals) *cobra.Command {
	return cli.Group("org", "Organisations the application knows: domains and BSN permission",
		newOrgRegisterCmd(g), newOrgBSNCmd(g), newOrgListCmd(g))
}

func newOrgRegisterCmd(g *globals) *cobra.Command {
	var id, domain, name string
	var bsnAllowed bool
	cmd := &cobra.Command{
		Use:   "register",
		Short: "Pin the domain of a Mijn Account organisation (before its first login)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if id == "" || !rights.Domain(domain).Valid() {
				return usagef("org register: --id and a valid --domain are required")
			}
			if bsnAllowed && rights.Domain(domain) != rights.Werkgever {
				return usagef("org register: only a werkgever can be allowed to record BSNs")
			}
			ctx := cli.Context(cmd)
			return g.withStore(cmd, func(s *store.Store, rec *audit.Recorder) error {
				o, err := s.RegisterOrg(ctx, store.Org{ID: id, Name: name, Domain: rights.Domain(domain)})
				if err != nil {
					return err
				}
				if err := rec.Record(ctx, audit.Event{ActorID: "cli", Action: "absence.org.register", TargetType: "org", TargetID: o.ID, OrgID: o.ID, Outcome: audit.OutcomeSuccess}); err != nil {
					return err
				}
				if cmd.Flags().Changed("bsn-allowed") {
					if _, err := g.setBSNPolicy(ctx, s, rec, o.ID, bsnAllowed); err != nil {
						return err
					}
				}
				allowed, err := s.BSNAllowed(ctx, o.ID)
				if err != nil {
					return err
				}
				oj := toOrgJSON(o, allowed)
				return g.print(oj, func(w io.Writer) { orgText(w, oj) })
			})
		},
	}
	cmd.Flags().StringVar(&id, "id", "", "organisation id as in the org claim (required)")
	cmd.Flags().StringVar(&domain, "domain", "", "werkgever, arbodienst, bedrijfsarts or verzekeraar (required)")
	cmd.Flags().StringVar(&name, "name", "", "name (optional)")
	cmd.Flags().BoolVar(&bsnAllowed, "bsn-allowed", false, "legally allowed to record BSNs (werkgever only); --bsn-allowed=false withdraws it")
	return cmd
}

func newOrgListCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the organisations the application knows",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cli.Context(cmd)
			return g.withStore(cmd, func(s *store.Store, _ *audit.Recorder) error {
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
				return g.print(list, func(w io.Writer) {
					for _, o := range list {
						orgText(w, o)
					}
				})
			})
		},
	}
}
