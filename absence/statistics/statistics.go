package statistics

import (
	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/store"
)

// Figures are the statistics of one period.
type Figures struct {
	From, To     date.Date
	Employees    int     // employed on To
	AbsentNow    int     // with an open absence on To
	Percentage   float64 // absence percentage over the period, 0–100
	Reports      int     // absences that began in the period
	Frequency    float64 // reports per employee (employed on To)
	Closed       int     // absences that ended in the period
	AvgDuration  float64 // average length in days of the closed ones
	HasEmployees bool
}

// Compute returns the figures for [from, to] (both included).
func Compute(emps []store.Employee, cases []store.Case, from, to date.Date) Figures {
	f := Figures{From: from, To: to}
	byEmployee := map[string][]store.Case{}
	for _, c := range cases {
		byEmployee[c.EmployeeID] = append(byEmployee[c.EmployeeID], c)
	}
	var employedDays, absentDays float64
	closedDays := 0
	for _, e := range emps {
		start, end := maxDate(from, e.EmploymentStart), to
		if !e.EmploymentEnd.IsZero() && e.EmploymentEnd.Before(end) {
			end = e.EmploymentEnd
		}
		if !end.Before(start) {
			employedDays += float64(end.DaysSince(start) + 1)
		}
		if !to.Before(e.EmploymentStart) && (e.EmploymentEnd.IsZero() || !e.EmploymentEnd.Before(to)) {
			f.Employees++
		}
		for _, c := range byEmployee[e.ID] {
			for d := maxDate(start, c.FirstSickDay); !d.After(end); d = d.AddDays(1) {
				absentDays += absentFraction(c, d)
			}
			if !c.FirstSickDay.Before(from) && !c.FirstSickDay.After(to) {
				f.Reports++
			}
			if !c.Open() && !c.RecoveredOn.Before(from) && !c.RecoveredOn.After(to) {
				f.Closed++
				closedDays += c.RecoveredOn.DaysSince(c.FirstSickDay)
			}
			if c.Open() && !c.FirstSickDay.After(to) {
				f.AbsentNow++
			}
		}
	}
	f.HasEmployees = len(emps) > 0
	if employedDays > 0 {
		f.Percentage = 100 * absentDays / employedDays
	}
	if f.Employees > 0 {
		f.Frequency = float64(f.Reports) / float64(f.Employees)
	}
	if f.Closed > 0 {
		f.AvgDuration = float64(closedDays) / float64(f.Closed)
	}
	return f
}

// absentFraction is the share of the work not done on day d of absence c.
func absentFraction(c store.Case, d date.Date) float64 {
	if d.Before(c.FirstSickDay) || (!c.RecoveredOn.IsZero() && !d.Before(c.RecoveredOn)) {
		return 0
	}
	working := 0
	for _, r := range c.Recoveries {
		if !r.On.After(d) {
			working = r.Percentage
		}
	}
	return float64(100-working) / 100
}

func maxDate(a, b date.Date) date.Date {
	if a.Before(b) {
		return b
	}
	return a
}
