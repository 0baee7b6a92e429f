package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/internal/cli"
)

func newRoleCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "role", Short: "Roles and the role matrix", Args: cobra.ArbitraryArgs, RunE: cli.NeedCommand}
	cmd.AddCommand(newRoleListCmd(g), newRoleMatrixCmd(g), newRoleCreateCmd(g))
	return cmd
}

func newRoleListCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List roles",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.withAccounts(cmd, func(ctx context.Context, s *account.SQLStore) error {
				roles, err := s.ListRoles(ctx)
				if err != nil {
					return err
				}
				return g.print(roles, func(w io.Writer) {
					for _, r := range roles {
						fmt.Fprintf(w, "%s\t%s\n", r.ID, strings.Join(r.Rights, ","))
					}
				})
			})
		},
	}
}

func newRoleCreateCmd(g *globals) *cobra.Command {
	var name, domain string
	var rights []string
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Create a role inside one domain",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.withAccounts(cmd, func(ctx context.Context, s *account.SQLStore) error {
				r := account.Role{Name: name, Domain: domain, Rights: rights}
				if err := s.CreateRole(ctx, r); err != nil {
					return usageIfInvalid(err)
				}
				r.ID = account.RoleID(domain, name)
				return g.print(r, func(w io.Writer) { fmt.Fprintln(w, r.ID) })
			})
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "role name")
	cmd.Flags().StringVar(&domain, "domain", "", "the one domain the role belongs to")
	cmd.Flags().StringSliceVar(&rights, "right", nil, "right (repeatable), within the domain's maximum")
	return cmd
}

// newRoleMatrixCmd exports role × right × domain; --output csv or json.
func newRoleMatrixCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "matrix",
		Short: "Export the role matrix (role × right × domain) as CSV or JSON",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.withAccounts(cmd, func(ctx context.Context, s *account.SQLStore) error {
				roles, err := s.ListRoles(ctx)
				if err != nil {
					return err
				}
				rows := account.Matrix(roles)
				if g.output == "json" {
					return account.WriteMatrixJSON(g.stdout, rows)
				}
				return account.WriteMatrixCSV(g.stdout, rows)
			})
		},
	}
}
