package demo

import (
	"context"
	"fmt"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/store"
)

// employees are the demo employer's employees and their absences, in
// days before today: Sanne has been sick for seven weeks, Kees never was,
// and Fatima fell ill again ten days after she recovered, so her dossier
// shows two absences added up (samentelling).
var employees = []struct {
	number, name, email, birth string
	absences                   [][2]int // first sick day, day back (0: still sick)
}{
	{"1001", "Sanne de Vries", "sanne@demo.example", "1985-04-12", [][2]int{{49, 0}}},
	{"1002", "Kees Bakker", "kees@demo.example", "1979-11-02", nil},
	{"1003", "Fatima el Amrani", "fatima@demo.example", "1990-06-23", [][2]int{{120, 100}, {90, 0}}},
}

// AbsenceData registers the demo employees of employer in the absence app s
// with their absences; today is the demo's current day.
func AbsenceData(ctx context.Context, s *store.Store, employer string, today date.Date) error {
	for _, d := range employees {
		e, err := s.CreateEmployee(ctx, store.Employee{
			Employer: employer, PersonnelNumber: d.number, Name: d.name, Email: d.email,
			BirthDate: date.MustParse(d.birth), ContractMinutes: 32 * 60, EmploymentStart: date.MustParse("2018-01-01"),
		})
		if err != nil {
			return fmt.Errorf("demo employee %s: %w", d.number, err)
		}
		for _, a := range d.absences {
			c, err := s.CreateCase(ctx, store.Case{EmployeeID: e.ID, Employer: employer, FirstSickDay: today.AddDays(-a[0]), ReportedBy: "demo"})
			if err != nil {
				return fmt.Errorf("demo absence of %s: %w", d.number, err)
			}
			if a[1] == 0 {
				continue
			}
			if _, err := s.AddRecovery(ctx, store.Recovery{CaseID: c.ID, On: today.AddDays(-a[1]), Percentage: 100, ReportedBy: "demo"}); err != nil {
				return fmt.Errorf("demo recovery of %s: %w", d.number, err)
			}
		}
	}
	return nil
}
