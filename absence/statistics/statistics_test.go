package statistics

import (
	"math"
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/store"
)

var d = date.MustParse

func TestCompute(t *testing.T) {
	emps := []store.Employee{
		{ID: "a", EmploymentStart: d("2020-01-01")},
		{ID: "b", EmploymentStart: d("2020-01-01")},
		{ID: "c", EmploymentStart: d("2020-01-01"), EmploymentEnd: d("2026-01-05")}, // left after 5 days
	}
	cases := []store.Case{
		// a: sick 10 days in January, fully recovered on the 11th.
		{ID: "1", EmployeeID: "a", FirstSickDay: d("2026-01-01"), RecoveredOn: d("2026-01-11"),
			Recoveries: []store.Recovery{{On: d("2026-01-11"), Percentage: 100}}},
		// b: sick from 21 January, 50 % back from the 26th, still absent.
		{ID: "2", EmployeeID: "b", FirstSickDay: d("2026-01-21"), Recoveries: []store.Recovery{{On: d("2026-01-26"), Percentage: 50}}},
		// b: an old absence before the period.
		{ID: "3", EmployeeID: "b", FirstSickDay: d("2025-06-01"), RecoveredOn: d("2025-06-05")},
	}
	f := Compute(emps, cases, d("2026-01-01"), d("2026-01-31"))
	// employed days: 31 + 31 + 5 = 67; absent: 10 + 5 + 6×0.5 = 18.
	if want := 100 * 18.0 / 67.0; math.Abs(f.Percentage-want) > 1e-9 {
		t.Errorf("percentage %.4f, want %.4f", f.Percentage, want)
	}
	if f.Employees != 2 || f.AbsentNow != 1 || f.Reports != 2 || f.Closed != 1 || f.AvgDuration != 10 || f.Frequency != 1 {
		t.Errorf("figures %+v", f)
	}
	empty := Compute(nil, nil, d("2026-01-01"), d("2026-01-31"))
	if empty.Percentage != 0 || empty.HasEmployees {
		t.Errorf("empty %+v", empty)
	}
}
