package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/retention"
	"github.com/mijnaccount/mijnaccount/absence/rights"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/internal/amsterdam"
	"github.com/mijnaccount/mijnaccount/internal/cli"
)

// retentionCaseJSON is an expired absence case; ids and dates only.
type retentionCaseJSON struct {
	ID           string `json:"id"`
	EmployeeID   string `json:"employee_id"`
	FirstSickDay string `json:"first_sick_day"`
	LastSickDay  string `json:"last_sick_day"`
	Expires      string `json:"expires"`
}

// retentionEmployeeJSON is an expired employee record.
type retentionEmployeeJSON struct {
	ID            string `json:"id"`
	EmploymentEnd string `json:"employment_end"`
	Expires       string `json:"expires"`
	Cases         int    `json:"cases"`
}

type retentionListJSON struct {
	Employer  string                  `json:"employer"`
	Policy    string                  `json:"policy"`
	Today     string                  `json:"today"`
	Cases     []retentionCaseJSON     `json:"cases"`
	Employees []retentionEmployeeJSON `json:"employees"`
}

type retentionRecordJSON struct {
	Kind       string `json:"kind"`
	ID         string `json:"id"`
	EmployeeID string `json:"employee_id,omitempty"`
	Reason     string `json:"reason,omitempty"`
	Expires    string `json:"expires,omitempty"`
}

type retentionDeleteJSON struct {
	Employer string                `json:"employer"`
	DryRun   bool                  `json:"dry_run"`
	Deleted  []retentionRecordJSON `json:"deleted"` // with --dry-run: what would be deleted
	Skipped  []retentionRecordJSON `json:"skipped"`
}

func toRetentionList(employer string, today date.Date, due store.Due) retentionListJSON {
	out := retentionListJSON{Employer: employer, Policy: string(due.Policy), Today: today.String(),
		Cases: []retentionCaseJSON{}, Employees: []retentionEmployeeJSON{}}
	for _, c := range due.Cases {
		out.Cases = append(out.Cases, retentionCaseJSON{ID: c.ID, EmployeeID: c.EmployeeID,
			FirstSickDay: c.FirstSickDay.String(), LastSickDay: c.LastSickDay.String(), Expires: c.Expires.String()})
	}
	for _, e := range due.Employees {
		out.Employees = append(out.Employees, retentionEmployeeJSON{ID: e.ID, EmploymentEnd: e.EmploymentEnd.String(),
			Expires: e.Expires.String(), Cases: e.Cases})
	}
	return out
}

// retentionToday is the current day where the employers are.
func retentionToday() (date.Date, error) {
	return date.Of(time.Now(), amsterdam.Location), nil
}

func newRetentionCmd(g *globals) *cobra.Command {
	return cli.Group("retention", "Records past their retention term",
		newRetentionListCmd(g), newRetentionDeleteCmd(g))
}

func newRetentionListCmd(g *globals) *cobra.Command {
	var employer string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the employer's records past their retention term (ids and dates, no names)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.retention(cmd, employer, nil)
		},
	}
	cmd.Flags().StringVar(&employer, "employer", "", "id of the employer (required)")
	return cmd
}

// retentionDeleteFlags are the flags of `retention delete`.
type retentionDeleteFlags struct{ allDue, dryRun bool }

func newRetentionDeleteCmd(g *globals) *cobra.Command {
	var employer string
	var f retentionDeleteFlags
	cmd := &cobra.Command{
		Use:   "delete",
		Short: "Delete them: absence cases with everything on them, employee records with all their cases",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.retention(cmd, employer, &f)
		},
	}
	cmd.Flags().StringVar(&employer, "employer", "", "id of the employer (required)")
	cmd.Flags().BoolVar(&f.allDue, "all-due", false, "delete every record of the employer whose retention term has expired (required)")
	cmd.Flags().BoolVar(&f.dryRun, "dry-run", false, "show what would be deleted, delete nothing")
	return cmd
}

// retention lists (del nil) or deletes an employer's records whose
// retention term has expired. Both are audited with the actor "cli".
func (g *globals) retention(cmd *cobra.Command, employer string, del *retentionDeleteFlags) error {
	if employer == "" {
		return usagef("retention %s: --employer is required", cmd.Name())
	}
	if del != nil && !del.allDue {
		return usagef("retention delete: --all-due is required (only records whose term has expired are deleted)")
	}
	today, err := retentionToday()
	if err != nil {
		return err
	}
	ctx := cli.Context(cmd)
	return g.withStore(cmd, func(s *store.Store, rec *audit.Recorder) error {
		if err := checkRetentionEmployer(ctx, s, employer); err != nil {
			return err
		}
		due, err := s.DueRecords(ctx, employer, today)
		if err != nil {
			return err
		}
		event := func(action, targetType, id string) error {
			return rec.Record(ctx, audit.Event{ActorID: "cli", Action: action, TargetType: targetType, TargetID: id,
				OrgID: employer, Outcome: audit.OutcomeSuccess})
		}
		if err := event("absence.retention.view", "org", employer); err != nil {
			return err
		}
		if del == nil {
			list := toRetentionList(employer, today, due)
			return g.print(list, func(w io.Writer) { retentionListText(w, list) })
		}
		res := retentionDeleteJSON{Employer: employer, DryRun: del.dryRun, Deleted: []retentionRecordJSON{}, Skipped: []retentionRecordJSON{}}
		if del.dryRun {
			for _, c := range due.Cases {
				res.Deleted = append(res.Deleted, retentionRecordJSON{Kind: string(retention.AbsenceCase), ID: c.ID, EmployeeID: c.EmployeeID})
			}
			for _, e := range due.Employees {
				res.Deleted = append(res.Deleted, retentionRecordJSON{Kind: string(retention.EmployeeRecord), ID: e.ID})
			}
			return g.print(res, func(w io.Writer) { retentionDeleteText(w, res) })
		}
		sel := store.Selection{}
		for _, c := range due.Cases {
			sel.Cases = append(sel.Cases, c.ID)
		}
		for _, e := range due.Employees {
			sel.Employees = append(sel.Employees, e.ID)
		}
		done, err := s.DeleteExpired(ctx, employer, sel, today, func(d store.Deleted) error {
			if d.Kind == retention.EmployeeRecord {
				return event("absence.retention.delete_employee", "employee", d.ID)
			}
			return event("absence.retention.delete_case", "absence", d.ID)
		})
		if err != nil {
			if len(sel.Cases)+len(sel.Employees) > 0 {
				_ = rec.Record(ctx, audit.Event{ActorID: "cli", Action: "absence.retention.delete_failed", TargetType: "org",
					TargetID: employer, OrgID: employer, Outcome: audit.OutcomeFailure})
			}
			return err
		}
		for _, d := range done.Deleted {
			res.Deleted = append(res.Deleted, retentionRecordJSON{Kind: string(d.Kind), ID: d.ID, EmployeeID: d.EmployeeID})
		}
		for _, sk := range done.Skipped {
			res.Skipped = append(res.Skipped, retentionRecordJSON{Kind: string(sk.Kind), ID: sk.ID, Reason: string(sk.Reason), Expires: sk.Expires.String()})
		}
		return g.print(res, func(w io.Writer) { retentionDeleteText(w, res) })
	})
}

// checkRetentionEmployer refuses an organisation the application does not
// know as an employer.
func checkRetentionEmployer(ctx context.Context, s *store.Store, id string) error {
	o, err := s.GetOrg(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return usagef("retention: no organisation %q is known", id)
	} else if err != nil {
		return err
	}
	if o.Domain != rights.Werkgever {
		return usagef("retention: %s is known as %s, not as werkgever", id, o.Domain)
	}
	return nil
}

func retentionListText(w io.Writer, l retentionListJSON) {
	fmt.Fprintf(w, "employer %s\tterm %s\ton %s\n", l.Employer, l.Policy, l.Today)
	for _, c := range l.Cases {
		fmt.Fprintf(w, "case\t%s\t%s\t%s – %s\texpired %s\n", c.ID, c.EmployeeID, c.FirstSickDay, c.LastSickDay, c.Expires)
	}
	for _, e := range l.Employees {
		fmt.Fprintf(w, "employee\t%s\tended %s\t%d cases\texpired %s\n", e.ID, e.EmploymentEnd, e.Cases, e.Expires)
	}
	if len(l.Cases)+len(l.Employees) == 0 {
		fmt.Fprintln(w, "no records past their retention term")
	}
}

func retentionDeleteText(w io.Writer, r retentionDeleteJSON) {
	verb := "deleted"
	if r.DryRun {
		verb = "would delete"
	}
	for _, d := range r.Deleted {
		fmt.Fprintf(w, "%s\t%s\t%s\n", verb, d.Kind, d.ID)
	}
	for _, s := range r.Skipped {
		fmt.Fprintf(w, "skipped\t%s\t%s\t%s\n", s.Kind, s.ID, s.Reason)
	}
	fmt.Fprintf(w, "%s %d records of %s\n", verb, len(r.Deleted), r.Employer)
}
