package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/internal/cli"
)

func newOrgCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "org", Short: "Manage organisations", Args: cobra.ArbitraryArgs, RunE: cli.NeedCommand}
	cmd.AddCommand(newOrgCreateCmd(g), newOrgListCmd(g))
	return cmd
}

func newOrgCreateCmd(g *globals) *cobra.Command {
	var name, domain, parent string
	var billing bool
	var factors, ipAllow []string
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Create an organisation",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			d, err := account.ParseDomain(domain)
			if err != nil {
				return usagef("--domain: %v", err)
			}
			if strings.TrimSpace(name) == "" {
				return usagef("--name is required")
			}
			return g.withApp(cmd, func(ctx context.Context, a *app.App) error {
				if off := a.Config.WebAuthnOff(); off != "" && slices.Contains(factors, account.FactorWebAuthn) {
					return usagef("--factors: webauthn cannot be offered: %s", off)
				}
				o, err := a.Accounts.CreateOrg(ctx, account.Org{Name: name, Domain: d, ParentID: parent, BillingCustomer: billing,
					AllowedFactors: factors, IPAllowList: ipAllow})
				if err != nil {
					return usageIfInvalid(err)
				}
				if err := a.Auditor.Record(ctx, audit.Event{Action: "org.created", TargetType: "org", TargetID: o.ID, OrgID: o.ID, Outcome: audit.OutcomeSuccess}); err != nil {
					return err
				}
				return g.print(o, func(w io.Writer) { fmt.Fprintf(w, "%s\t%s\t%s\n", o.ID, o.Domain, o.Name) })
			})
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "organisation name (required)")
	cmd.Flags().StringVar(&domain, "domain", "", "arbodienst, werkgever, verzekeraar or bedrijfsarts (required)")
	cmd.Flags().StringVar(&parent, "parent", "", "id of the parent organisation (the customer that is billed)")
	cmd.Flags().BoolVar(&billing, "billing-customer", false, "bill this organisation itself")
	cmd.Flags().StringSliceVar(&factors, "factors", nil, "allowed second factors: sms,totp,webauthn (default all)")
	cmd.Flags().StringSliceVar(&ipAllow, "ip-allow", nil, "CIDR from which logins are allowed (repeatable; default everywhere)")
	return cmd
}

func newOrgListCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List organisations",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.withAccounts(cmd, func(ctx context.Context, s *account.SQLStore) error {
				orgs, err := s.ListOrgs(ctx)
				if err != nil {
					return err
				}
				if orgs == nil {
					orgs = []account.Org{}
				}
				return g.print(orgs, func(w io.Writer) {
					for _, o := range orgs {
						fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", o.ID, o.Domain, o.Name, o.ParentID)
					}
				})
			})
		},
	}
}

// usageIfInvalid turns refused input into a usage error (exit 2).
func usageIfInvalid(err error) error {
	if errors.Is(err, account.ErrInvalid) || errors.Is(err, account.ErrCrossDomain) || errors.Is(err, account.ErrAlreadyExists) {
		return usageError{Err: err}
	}
	return err
}
