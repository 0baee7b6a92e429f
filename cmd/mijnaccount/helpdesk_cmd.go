package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/helpdesk"
	"github.com/mijnaccount/mijnaccount/app"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/internal/cli"
)

func newHelpdeskCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "helpdesk",
		Short: "Act on a user's account as the helpdesk would (audited with actor \"cli\")",
		Args:  cobra.ArbitraryArgs,
		RunE:  cli.NeedCommand,
	}
	cmd.AddCommand(
		newHelpdeskActionCmd(g, helpdesk.ResetFactors,
			"Remove every second factor and the recovery code of a user and end their sessions (a request in four-eyes organisations)"),
		newHelpdeskActionCmd(g, helpdesk.Unlock, "Lift a user's lock after too many failed logins"),
		newHelpdeskActionCmd(g, helpdesk.RevokeSessions, "End every session of a user, with back-channel logout"),
		newHelpdeskFourEyesCmd(g),
	)
	return cmd
}

// helpdeskResult is what an action command prints.
type helpdeskResult struct {
	UserID         string `json:"user_id"`
	Action         string `json:"action"`
	Status         string `json:"status"` // "done" or "pending"
	RequestID      string `json:"request_id,omitempty"`
	FactorsRemoved int    `json:"factors_removed"`
	SessionsEnded  int    `json:"sessions_ended"`
}

func newHelpdeskActionCmd(g *globals, action helpdesk.Action, short string) *cobra.Command {
	var userID, reason, ticket string
	cmd := &cobra.Command{
		Use:   string(action) + " --user ID --reason TEXT [--ticket T]",
		Short: short,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if strings.TrimSpace(userID) == "" {
				return usagef("--user is required")
			}
			if _, _, err := helpdesk.CheckInput(reason, ticket); err != nil {
				return usageError{Err: inputProblem(err)}
			}
			return g.withApp(cmd, func(ctx context.Context, a *app.App) error {
				svc, err := a.HelpdeskService()
				if err != nil {
					return err
				}
				res, err := svc.Do(ctx, helpdesk.Actor{ID: helpdesk.CLIActor, Helpdesk: true},
					helpdesk.Request{Action: action, UserID: userID, Reason: reason, Ticket: ticket})
				a.Backchannel.Wait() // let the relying parties hear of ended sessions before exiting
				switch {
				case errors.Is(err, account.ErrNotFound):
					return usagef("no user %q", userID)
				case errors.Is(err, helpdesk.ErrAlreadyPending):
					return errors.New("a factor reset request for this user is already waiting for approval")
				case err != nil && !errors.Is(err, helpdesk.ErrNotRecorded):
					return err
				}
				out := helpdeskResult{UserID: userID, Action: string(action), Status: "done", RequestID: res.RequestID,
					FactorsRemoved: res.FactorsRemoved, SessionsEnded: res.SessionsEnded}
				if res.Pending {
					out.Status = "pending"
				}
				if perr := g.print(out, func(w io.Writer) {
					fmt.Fprintf(w, "%s\t%s\t%s\tfactors removed: %d\tsessions ended: %d\n", out.UserID, out.Action, out.Status,
						out.FactorsRemoved, out.SessionsEnded)
				}); perr != nil {
					return perr
				}
				return err // carried out, but not fully recorded: exit 1
			})
		},
	}
	cmd.Flags().StringVar(&userID, "user", "", "id of the user (required)")
	cmd.Flags().StringVar(&reason, "reason", "", "why, at whose request (required; kept, shown to nobody, not in the audit trail)")
	cmd.Flags().StringVar(&ticket, "ticket", "", "ticket reference such as INC-4711 (goes into the audit trail)")
	return cmd
}

// inputProblem names the flag a helpdesk input error is about.
func inputProblem(err error) error {
	var msgs []string
	for _, ie := range helpdesk.InputErrors(err) {
		switch ie.Message {
		case "helpdesk.error.reason_required":
			msgs = append(msgs, "--reason is required")
		case "helpdesk.error.ticket_invalid":
			msgs = append(msgs, fmt.Sprintf("--ticket must be a reference such as INC-4711 (at most %d letters, digits, '.', '-', ':'; no names, addresses or bare numbers)", helpdesk.MaxTicket))
		default:
			msgs = append(msgs, fmt.Sprintf("--%s: at most %d characters on printable text", ie.Field, helpdesk.MaxReason))
		}
	}
	return errors.New(strings.Join(msgs, "; "))
}

// newHelpdeskFourEyesCmd builds `helpdesk four-eyes ORG_ID on|off`: whether
// removing, replacing or redirecting a second factor of the organisation's
// users (reset, remove one, a temporary number, the own number back) needs a
// second helpdesk user.
func newHelpdeskFourEyesCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "four-eyes ORG_ID on|off",
		Short: "Demand (on) or stop demanding (off) a second helpdesk user's approval before a user's second factor is reset, removed or sent to another number",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if args[1] != "on" && args[1] != "off" {
				return usagef("want on or off, not %q", args[1])
			}
			return g.withApp(cmd, func(ctx context.Context, a *app.App) error {
				o, err := a.Accounts.UpdateOrg(ctx, args[0], func(o account.Org) (account.Org, error) {
					o.FourEyesFactorReset = args[1] == "on"
					return o, nil
				})
				if errors.Is(err, account.ErrNotFound) {
					return usagef("no organisation %q", args[0])
				} else if err != nil {
					return err
				}
				if err := a.Auditor.Record(ctx, audit.Event{ActorID: helpdesk.CLIActor, Action: "org.four_eyes_" + args[1],
					TargetType: "org", TargetID: o.ID, OrgID: o.ID, Outcome: audit.OutcomeSuccess}); err != nil {
					return err
				}
				return g.print(o, func(w io.Writer) { fmt.Fprintf(w, "%s\tfour-eyes factor actions: %s\n", o.ID, args[1]) })
			})
		},
	}
}
