package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/mijnaccount/mijnaccount/app"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/billing"
	"github.com/mijnaccount/mijnaccount/internal/cli"
)

func newReportCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "report", Short: "Reports for finance", Args: cobra.ArbitraryArgs, RunE: cli.NeedCommand}
	cmd.AddCommand(newReportSMSCmd(g))
	return cmd
}

func newReportSMSCmd(g *globals) *cobra.Command {
	var month, customer, format string
	cmd := &cobra.Command{
		Use:   "sms",
		Short: "SMS usage per billing customer, organisation and purpose for a month (euro cents, never rounded)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if _, _, err := billing.MonthBounds(month); err != nil {
				return usagef("--month must be YYYY-MM, not %q", month)
			}
			if format != "csv" && format != "json" {
				return usagef("--format must be csv or json, not %q", format)
			}
			return g.withApp(cmd, func(ctx context.Context, a *app.App) error {
				rep, err := a.Billing.MonthReport(ctx, month, customer)
				if errors.Is(err, billing.ErrNotFound) || errors.Is(err, billing.ErrInvalid) {
					return usageError{Err: fmt.Errorf("--customer: %w", err)}
				}
				if err != nil {
					return err
				}
				if err := a.Auditor.Record(ctx, audit.Event{ActorID: "cli", Action: "reports.sms.read", TargetType: "sms_report",
					TargetID: month, Outcome: audit.OutcomeSuccess}); err != nil {
					return err
				}
				if format == "csv" {
					return billing.WriteCSV(g.stdout, rep)
				}
				g.output = "json"
				return g.print(rep, func(io.Writer) {})
			})
		},
	}
	cmd.Flags().StringVar(&month, "month", "", "billing month YYYY-MM (Europe/Amsterdam)")
	cmd.Flags().StringVar(&customer, "customer", "", "only this billing customer (organisation id)")
	cmd.Flags().StringVar(&format, "format", "csv", "csv or json")
	cmd.AddCommand(newReportSMSCloseCmd(g))
	return cmd
}

func newReportSMSCloseCmd(g *globals) *cobra.Command {
	var month string
	cmd := &cobra.Command{
		Use:   "close",
		Short: "Freeze the statements of a month that has ended; a closed month never changes",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if _, _, err := billing.MonthBounds(month); err != nil {
				return usagef("--month must be YYYY-MM, not %q", month)
			}
			return g.withApp(cmd, func(ctx context.Context, a *app.App) error {
				sts, err := a.Billing.Close(ctx, month)
				switch {
				case errors.Is(err, billing.ErrClosed):
					return usagef("--month: %s is already closed", month)
				case errors.Is(err, billing.ErrInvalid):
					return usageError{Err: fmt.Errorf("--month: %w", err)}
				case err != nil:
					return err
				}
				if err := a.Auditor.Record(ctx, audit.Event{ActorID: "cli", Action: "reports.sms.closed", TargetType: "sms_month",
					TargetID: month, Outcome: audit.OutcomeSuccess}); err != nil {
					return err
				}
				return g.print(sts, func(w io.Writer) {
					for _, st := range sts {
						fmt.Fprintf(w, "%s\t%s\t%d messages\t%d cents\tsha256 %s\n", st.Month, st.CustomerID, st.Total.Messages,
							st.Total.AmountCents, st.SHA256)
					}
				})
			})
		},
	}
	cmd.Flags().StringVar(&month, "month", "", "billing month YYYY-MM")
	return cmd
}

func newBillingCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "billing", Short: "SMS tariffs and budgets", Args: cobra.ArbitraryArgs, RunE: cli.NeedCommand}
	cmd.AddCommand(newTariffCmd(g), newBudgetCmd(g))
	return cmd
}

func newTariffCmd(g *globals) *cobra.Command {
	var customer, from string
	var cents int64
	cmd := &cobra.Command{
		Use:   "tariff",
		Short: "Enter a tariff (euro cents per SMS segment) from the first of a month at least two months ahead",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			start, _, err := billing.MonthBounds(from)
			if err != nil {
				return usagef("--from must be YYYY-MM, not %q", from)
			}
			return g.withApp(cmd, func(ctx context.Context, a *app.App) error {
				t, err := a.Billing.EnterTariff(ctx, billing.Tariff{CustomerID: customer, CentsPerSegment: cents, EffectiveFrom: start}, "cli")
				if errors.Is(err, billing.ErrInvalid) || errors.Is(err, billing.ErrNotFound) {
					return usageError{Err: err}
				}
				if err != nil {
					return err
				}
				target := customer
				if target == "" {
					target = "default"
				}
				if err := a.Auditor.Record(ctx, audit.Event{ActorID: "cli", Action: "billing.tariff_entered", TargetType: "sms_tariff",
					TargetID: t.ID, OrgID: customer, Outcome: audit.OutcomeSuccess}); err != nil {
					return err
				}
				return g.print(t, func(w io.Writer) {
					fmt.Fprintf(w, "tariff %s for %s: %d cents per segment from %s\n", t.ID, target, t.CentsPerSegment,
						t.EffectiveFrom.In(billing.Amsterdam).Format(time.DateOnly))
				})
			})
		},
	}
	cmd.Flags().StringVar(&customer, "customer", "", "billing customer (organisation id); empty: the default tariff")
	cmd.Flags().StringVar(&from, "from", "", "first month YYYY-MM it applies to")
	cmd.Flags().Int64Var(&cents, "cents", -1, "euro cents per SMS segment")
	return cmd
}

func newBudgetCmd(g *globals) *cobra.Command {
	var customer string
	var cents int64
	var stop bool
	cmd := &cobra.Command{
		Use:   "budget",
		Short: "Set a customer's monthly SMS budget: admins are warned at 80%; with --stop SMS stops at 100%",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if customer == "" || cents < 0 {
				return usagef("--customer and --cents are required")
			}
			return g.withApp(cmd, func(ctx context.Context, a *app.App) error {
				err := a.Billing.SetBudget(ctx, customer, cents, stop)
				if errors.Is(err, billing.ErrInvalid) || errors.Is(err, billing.ErrNotFound) {
					return usageError{Err: err}
				}
				if err != nil {
					return err
				}
				return a.Auditor.Record(ctx, audit.Event{ActorID: "cli", Action: "billing.budget_set", TargetType: "org",
					TargetID: customer, OrgID: customer, Outcome: audit.OutcomeSuccess})
			})
		},
	}
	cmd.Flags().StringVar(&customer, "customer", "", "billing customer (organisation id)")
	cmd.Flags().Int64Var(&cents, "cents", -1, "monthly budget in euro cents")
	cmd.Flags().BoolVar(&stop, "stop", false, "stop sending SMS when the budget is spent")
	return cmd
}
