package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/mijnaccount/mijnaccount/app"
)

func newMigrateCmd(g *globals) *cobra.Command {
	var status bool
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Apply pending database migrations (main and audit databases)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := g.loadConfig()
			if err != nil {
				return err
			}
			ctx := commandContext(cmd)
			res, err := app.Migrate(ctx, cfg, !status)
			if err != nil {
				return err
			}
			return g.print(res, func(w io.Writer) {
				verb := "applied"
				if status {
					verb = "pending"
				}
				for _, db := range []struct {
					name  string
					items []string
				}{{"main", res.Main}, {"audit", res.Audit}} {
					if len(db.items) == 0 {
						fmt.Fprintf(w, "%s database: nothing %s\n", db.name, verb)
					}
					for _, m := range db.items {
						fmt.Fprintf(w, "%s database: %s %s\n", db.name, verb, m)
					}
				}
			})
		},
	}
	cmd.Flags().BoolVar(&status, "status", false, "only list pending migrations")
	return cmd
}
