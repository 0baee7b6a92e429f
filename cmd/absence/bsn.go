package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/mijnaccount/mijnaccount/absence/app"
	"github.com/mijnaccount/mijnaccount/absence/bsn"
	"github.com/mijnaccount/mijnaccount/absence/rights"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/internal/cli"
)

// bsnPolicyJSON is the outcome of setting an organisation's BSN permission.
type bsnPolicyJSON struct {
	ID         string `json:"id"`
	BSNAllowed bool   `json:"bsn_allowed"`
	// Indexed is how many employees' BSNs were (re)indexed for search, or
	// had their index removed when the permission was withdrawn.
	Indexed int `json:"indexed"`
}

func newOrgBSNCmd(g *globals) *cobra.Command {
	var id string
	var allowed bool
	cmd := &cobra.Command{
		Use:   "bsn",
		Short: "Allow an employer to record BSNs (and index them for search), or withdraw it",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if id == "" || !cmd.Flags().Changed("allowed") {
				return usagef("org bsn: --id and --allowed or --allowed=false are required")
			}
			ctx := cli.Context(cmd)
			return g.withStore(cmd, func(s *store.Store, rec *audit.Recorder) error {
				res, err := g.setBSNPolicy(ctx, s, rec, id, allowed)
				if err != nil {
					return err
				}
				return g.print(res, func(w io.Writer) { bsnPolicyText(w, res) })
			})
		},
	}
	cmd.Flags().StringVar(&id, "id", "", "organisation id (required)")
	cmd.Flags().BoolVar(&allowed, "allowed", false, "true: legally allowed to record BSNs; false: not (required)")
	return cmd
}

func bsnPolicyText(w io.Writer, r bsnPolicyJSON) {
	state := "bsn-not-allowed"
	if r.BSNAllowed {
		state = "bsn-allowed"
	}
	fmt.Fprintf(w, "%s\t%s\t%d indexed\n", r.ID, state, r.Indexed)
}

// setBSNPolicy sets or withdraws the permission of an employer to record
// BSNs and brings the search index in line: when allowed, every sealed BSN
// of the employer is opened once and indexed (also after a change of the
// index key); when withdrawn, the index is removed and the sealed values
// stay as they are, shown nowhere. The change is audited with the actor cli.
func (g *globals) setBSNPolicy(ctx context.Context, s *store.Store, rec *audit.Recorder, org string, allowed bool) (bsnPolicyJSON, error) {
	res := bsnPolicyJSON{ID: org, BSNAllowed: allowed}
	o, err := s.GetOrg(ctx, org)
	if errors.Is(err, store.ErrNotFound) {
		return res, usagef("org bsn: no organisation %q (register it first)", org)
	} else if err != nil {
		return res, err
	}
	if allowed && o.Domain != rights.Werkgever {
		return res, usagef("org bsn: %s is a %s; only a werkgever records BSNs", org, o.Domain)
	}
	emps, err := s.Employees(ctx, org)
	if err != nil {
		return res, err
	}
	indexes := map[string]string{}
	if allowed {
		cfg, err := g.loadConfig()
		if err != nil {
			return res, err
		}
		kr, key, err := app.BSNKeys(cfg)
		if err != nil {
			return res, err
		}
		for _, e := range emps {
			if e.BSNSealed == "" {
				continue
			}
			number, err := bsn.Open(kr, e.ID, e.BSNSealed)
			if err != nil {
				return res, fmt.Errorf("employee %s: the BSN does not open: %w", e.ID, err)
			}
			if indexes[e.ID], err = bsn.Index(key, org, number); err != nil {
				return res, err
			}
		}
	} else {
		for _, e := range emps {
			if e.BSNIndex != "" {
				indexes[e.ID] = ""
			}
		}
	}
	if err := s.SetBSNIndexes(ctx, org, indexes); err != nil {
		return res, err
	}
	if err := s.SetBSNAllowed(ctx, org, allowed); err != nil {
		return res, err
	}
	action := "absence.org.bsn_withdraw"
	if allowed {
		action = "absence.org.bsn_allow"
	}
	res.Indexed = len(indexes)
	return res, rec.Record(ctx, audit.Event{ActorID: "cli", Action: action, TargetType: "org", TargetID: org, OrgID: org, Outcome: audit.OutcomeSuccess})
}
