package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/invite"
	"github.com/mijnaccount/mijnaccount/app"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/internal/cli"
)

func newUserCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "user", Short: "Manage users", Args: cobra.ArbitraryArgs, RunE: cli.NeedCommand}
	cmd.AddCommand(newUserCreateCmd(g), newUserListCmd(g), newUserStatusCmd(g, "block"), newUserStatusCmd(g, "unblock"),
		newUserConfirmEmailCmd(g), newUserImportU2FCmd(g))
	return cmd
}

// resolveRole finds a role by full id, by name in the org's domain, or by
// platform role name.
func resolveRole(ctx context.Context, s account.Store, org account.Org, name string) (account.Role, error) {
	for _, id := range []string{name, account.RoleID(string(org.Domain), name), account.RoleID(account.PlatformDomain, name)} {
		r, err := s.GetRole(ctx, id)
		if err == nil {
			return r, nil
		}
		if !errors.Is(err, account.ErrNotFound) {
			return account.Role{}, err
		}
	}
	return account.Role{}, usagef("--role: no role %q in domain %s or the platform (see `mijnaccount role list`)", name, org.Domain)
}

func newUserCreateCmd(g *globals) *cobra.Command {
	var orgID, email, name, birth, phone, pw, lang string
	var roles []string
	var invite bool
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Create a user with a temporary password (--password; a link to confirm the address is mailed) or an invitation by mail (--invite)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if (pw == "") == !invite {
				return usagef("give exactly one of --password and --invite")
			}
			if birth != "" {
				if _, err := time.Parse("2006-01-02", birth); err != nil {
					return usagef("--birthdate must be YYYY-MM-DD, not %q", birth)
				}
			}
			if phone != "" {
				return usagef("--phone is not accepted: users enrol their own phone number, verified by SMS, at their first login")
			}
			return g.withApp(cmd, func(ctx context.Context, a *app.App) error {
				org, err := a.Accounts.GetOrg(ctx, orgID)
				if errors.Is(err, account.ErrNotFound) {
					return usagef("--org: no organisation %q", orgID)
				} else if err != nil {
					return err
				}
				var roleIDs []string
				for _, r := range roles {
					role, err := resolveRole(ctx, a.Accounts, org, r)
					if err != nil {
						return err
					}
					if err := account.CanAssign(role, org.Domain); err != nil {
						return usageError{Err: err}
					}
					roleIDs = append(roleIDs, role.ID)
				}
				u := account.User{Email: strings.TrimSpace(email), Name: name, OrgID: org.ID, BirthDate: birth, Lang: lang, Status: account.StatusInvited}
				if pw != "" {
					if problems := org.PasswordPolicy().Check(pw, u.Email); len(problems) > 0 {
						return usagef("--password does not meet the policy: %s", problems[0].ID)
					}
					if u.PasswordHash, err = a.Hasher.Hash(pw); err != nil {
						return err
					}
					u.Status, u.MustChangePassword = account.StatusActive, true
				}
				u, err = a.Accounts.CreateUser(ctx, u, roleIDs)
				if err != nil {
					return usageIfInvalid(err)
				}
				if err := a.Auditor.Record(ctx, audit.Event{Action: "user.created", TargetType: "user", TargetID: u.ID, OrgID: org.ID, Outcome: audit.OutcomeSuccess}); err != nil {
					return err
				}
				if invite {
					if err := a.Invites.Invite(ctx, "", u); err != nil {
						return err
					}
				} else if err := a.Invites.SendConfirmation(ctx, "", u); err != nil {
					// Without an invitation nothing proves the address
					// yet: the user is asked to confirm it by mail.
					return fmt.Errorf("user %s was created, but the confirmation mail was not sent (retry with `mijnaccount user confirm-email %s`): %w", u.ID, u.ID, err)
				}
				return g.print(u, func(w io.Writer) { fmt.Fprintf(w, "%s\t%s\t%s\n", u.ID, u.Status, u.Email) })
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&orgID, "org", "", "organisation id (required)")
	f.StringVar(&email, "email", "", "email address (required, unique)")
	f.StringVar(&name, "name", "", "full name (required)")
	f.StringVar(&birth, "birthdate", "", "birth date YYYY-MM-DD (asked when the invitation is accepted)")
	f.StringVar(&phone, "phone", "", "mobile number in E.164 (+316…)")
	f.StringSliceVar(&roles, "role", nil, "role name in the org's domain, platform role or full id (repeatable)")
	f.StringVar(&pw, "password", "", "temporary password, to be changed at first login")
	f.BoolVar(&invite, "invite", false, "mail an invitation link instead of setting a password")
	f.StringVar(&lang, "lang", "nl", "language of mails: nl or en")
	return cmd
}

func newUserListCmd(g *globals) *cobra.Command {
	var orgID string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the users of an organisation",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if orgID == "" {
				return usagef("--org is required")
			}
			return g.withAccounts(cmd, func(ctx context.Context, s *account.SQLStore) error {
				users, err := s.ListUsers(ctx, orgID)
				if err != nil {
					return err
				}
				if users == nil {
					users = []account.User{}
				}
				return g.print(users, func(w io.Writer) {
					for _, u := range users {
						fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", u.ID, u.Status, u.Email, u.Name)
					}
				})
			})
		},
	}
	cmd.Flags().StringVar(&orgID, "org", "", "organisation id (required)")
	return cmd
}

// newUserConfirmEmailCmd builds `user confirm-email ID`: it mails the user
// a new link that proves the address (email_verified) when followed.
func newUserConfirmEmailCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "confirm-email USER_ID",
		Short: "Mail a user a link to confirm their email address (a new link voids older ones)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.withApp(cmd, func(ctx context.Context, a *app.App) error {
				u, err := a.Accounts.GetUser(ctx, args[0])
				if errors.Is(err, account.ErrNotFound) {
					return usagef("no user %q", args[0])
				} else if err != nil {
					return err
				}
				if u.Status != account.StatusActive {
					return usagef("user %s is %s: an invited user proves the address by accepting the invitation", u.ID, u.Status)
				}
				if err := a.Invites.SendConfirmation(ctx, "", u); errors.Is(err, invite.ErrAlreadyVerified) {
					return usagef("the address of user %s is already verified (%s)", u.ID, u.EmailVerifiedBy)
				} else if err != nil {
					return err
				}
				return g.print(map[string]any{"user_id": u.ID, "confirmation_sent": true}, func(w io.Writer) {
					fmt.Fprintf(w, "Mailed user %s a link to confirm the address.\n", u.ID)
				})
			})
		},
	}
}

// newUserStatusCmd builds `user block ID` and `user unblock ID`. Blocking
// ends the user's sessions; unblocking also lifts a login lock.
func newUserStatusCmd(g *globals, verb string) *cobra.Command {
	return &cobra.Command{
		Use:   verb + " USER_ID",
		Short: strings.ToUpper(verb[:1]) + verb[1:] + " a user",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.withApp(cmd, func(ctx context.Context, a *app.App) error {
				u, err := a.Accounts.UpdateUser(ctx, args[0], func(u account.User) (account.User, error) {
					if verb == "block" {
						u.Status = account.StatusBlocked
					} else {
						if u.Status == account.StatusBlocked {
							u.Status = account.StatusActive
						}
						u.PermanentlyLocked, u.FailedLogins, u.FactorFailures, u.LockedUntil = false, 0, 0, time.Time{}
					}
					return u, nil
				})
				if errors.Is(err, account.ErrNotFound) {
					return usagef("no user %q", args[0])
				} else if err != nil {
					return err
				}
				if verb == "block" {
					if _, err := a.Sessions.RevokeAll(ctx, u.ID, ""); err != nil {
						return err
					}
				}
				if err := a.Auditor.Record(ctx, audit.Event{Action: "user." + verb + "ed", TargetType: "user", TargetID: u.ID, OrgID: u.OrgID, Outcome: audit.OutcomeSuccess}); err != nil {
					return err
				}
				return g.print(u, func(w io.Writer) { fmt.Fprintf(w, "%s\t%s\n", u.ID, u.Status) })
			})
		},
	}
}
