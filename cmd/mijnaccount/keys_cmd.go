package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/mijnaccount/mijnaccount/app"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/authz/keys"
	"github.com/mijnaccount/mijnaccount/internal/cli"
)

func newKeysCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "keys", Short: "Manage the token signing keys", Args: cobra.ArbitraryArgs, RunE: cli.NeedCommand}
	cmd.AddCommand(newKeysListCmd(g), newKeysRotateCmd(g), newKeysImportCmd(g))
	return cmd
}

// keyView is what the commands print of a key: never key material.
type keyView struct {
	KID         string    `json:"kid"`
	Alg         string    `json:"alg"`
	State       string    `json:"state"`
	Published   bool      `json:"published"`
	CreatedAt   time.Time `json:"created_at"`
	ActivatedAt time.Time `json:"activated_at,omitzero"`
	RetiredAt   time.Time `json:"retired_at,omitzero"`
}

func keyViewOf(k keys.Key) keyView {
	return keyView{KID: k.ID, Alg: k.Alg, State: string(k.State), Published: k.Published(),
		CreatedAt: k.CreatedAt, ActivatedAt: k.ActivatedAt, RetiredAt: k.RetiredAt}
}

func printKeys(g *globals, list []keys.Key) error {
	views := make([]keyView, 0, len(list))
	for _, k := range list {
		views = append(views, keyViewOf(k))
	}
	return g.print(views, func(w io.Writer) {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "KID\tALG\tSTATE\tPUBLISHED\tCREATED")
		for _, v := range views {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%v\t%s\n", v.KID, v.Alg, v.State, v.Published, v.CreatedAt.Format(time.RFC3339))
		}
		_ = tw.Flush()
	})
}

func newKeysListCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use: "list", Short: "List the signing keys (current and previous ones are published in the JWKS)", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.withApp(cmd, func(ctx context.Context, a *app.App) error {
				list, err := a.Keys.List(ctx)
				if err != nil {
					return err
				}
				return printKeys(g, list)
			})
		},
	}
}

func newKeysRotateCmd(g *globals) *cobra.Command {
	var alg string
	cmd := &cobra.Command{
		Use:   "rotate",
		Short: "Make a new current key; the old one stays published until the next rotation",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			algs := keys.Algs
			if alg != "all" {
				if !slices.Contains(keys.Algs, alg) {
					return usagef("--alg must be ES256, RS256 or all, not %q", alg)
				}
				algs = []string{alg}
			}
			return g.withApp(cmd, func(ctx context.Context, a *app.App) error {
				var made []keys.Key
				for _, al := range algs {
					k, err := a.Keys.Rotate(ctx, al)
					if err != nil {
						return err
					}
					made = append(made, k)
					if err := recordKeyEvent(ctx, a, "keys.rotated", k.ID); err != nil {
						return err
					}
				}
				return printKeys(g, made)
			})
		},
	}
	cmd.Flags().StringVar(&alg, "alg", "all", "algorithm to rotate: ES256, RS256 or all")
	return cmd
}

func newKeysImportCmd(g *globals) *cobra.Command {
	var file string
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Import a PEM private key (EC P-256 or RSA >= 2048) as the current key of its algorithm",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if file == "" {
				return usagef("--file is required")
			}
			pem, err := os.ReadFile(file)
			if err != nil {
				return usagef("--file: %v", err)
			}
			return g.withApp(cmd, func(ctx context.Context, a *app.App) error {
				k, err := a.Keys.Import(ctx, pem)
				if err != nil {
					return usageError{Err: fmt.Errorf("--file: %w", err)}
				}
				if err := recordKeyEvent(ctx, a, "keys.imported", k.ID); err != nil {
					return err
				}
				return printKeys(g, []keys.Key{k})
			})
		},
	}
	cmd.Flags().StringVar(&file, "file", "", "PEM file with the private key")
	return cmd
}

func recordKeyEvent(ctx context.Context, a *app.App, action, kid string) error {
	if err := a.Auditor.Record(ctx, audit.Event{Action: action, TargetType: "signing_key", TargetID: kid, Outcome: audit.OutcomeSuccess}); err != nil {
		return fmt.Errorf("key %s changed but not audited: %w", kid, err)
	}
	return nil
}
