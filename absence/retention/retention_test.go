package retention

import (
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/date"
)

var d = date.MustParse

func TestCaseVerdict(t *testing.T) {
	for _, c := range []struct {
		name      string
		policy    Policy
		recovered string // "" open
		today     string
		due       bool
		expires   string
		reason    Reason
	}{
		{"open absence is never due", Standard, "", "2040-01-01", false, "", Open},
		{"recovered within the term", Standard, "2024-03-10", "2026-03-09", false, "2026-03-10", InTerm},
		{"due on the day two years after full recovery", Standard, "2024-03-10", "2026-03-10", true, "2026-03-10", Expired},
		{"due long after", Standard, "2020-01-01", "2026-03-10", true, "2022-01-01", Expired},
		{"eigenrisicodrager keeps five years", Eigenrisicodrager, "2024-03-10", "2026-03-10", false, "2029-03-10", InTerm},
		{"eigenrisicodrager due after five years", Eigenrisicodrager, "2024-03-10", "2029-03-10", true, "2029-03-10", Expired},
		{"unknown setting counts as the default", Policy("bogus"), "2024-03-10", "2026-03-10", true, "2026-03-10", Expired},
		{"leap day: term ends 28 February", Standard, "2024-02-29", "2026-02-28", false, "2026-03-01", InTerm},
		{"leap day: due 1 March", Standard, "2024-02-29", "2026-03-01", true, "2026-03-01", Expired},
		{"leap day to leap year keeps 29 February", Standard, "2028-02-29", "2030-03-01", true, "2030-03-01", Expired},
		{"eigenrisicodrager from a leap day", Eigenrisicodrager, "2024-02-29", "2029-02-28", false, "2029-03-01", InTerm},
		{"to a leap day", Standard, "2026-02-28", "2028-02-28", true, "2028-02-28", Expired},
	} {
		t.Run(c.name, func(t *testing.T) {
			var rc date.Date
			if c.recovered != "" {
				rc = d(c.recovered)
			}
			v := CaseVerdict(c.policy, Case{RecoveredOn: rc}, d(c.today))
			if v.Due != c.due || v.Expires.String() != c.expires || v.Reason != c.reason {
				t.Fatalf("got %+v (expires %s), want due %v expires %q reason %s", v, v.Expires, c.due, c.expires, c.reason)
			}
		})
	}
}

func TestEmployeeVerdict(t *testing.T) {
	closed := func(s string) Case { return Case{RecoveredOn: d(s)} }
	open := Case{} // open, or partly recovered only
	for _, c := range []struct {
		name    string
		policy  Policy
		end     string // "" still employed
		cases   []Case
		today   string
		due     bool
		expires string
		reason  Reason
	}{
		{"employment not ended", Standard, "", nil, "2040-01-01", false, "", Employed},
		{"employment not ended, old cases", Standard, "", []Case{closed("2010-01-01")}, "2040-01-01", false, "", Employed},
		{"no cases, within the term", Standard, "2024-06-30", nil, "2026-06-30", false, "2026-07-01", InTerm},
		{"no cases, due two years after the last day", Standard, "2024-06-30", nil, "2026-07-01", true, "2026-07-01", Expired},
		{"end in the future", Standard, "2030-12-31", nil, "2026-07-01", false, "2033-01-01", InTerm},
		{"an open case keeps the employee", Standard, "2020-06-30", []Case{closed("2019-01-01"), open}, "2040-01-01", false, "", CaseKept},
		{"a case still in its term keeps the employee", Standard, "2023-06-30", []Case{closed("2025-05-01")}, "2026-03-01", false, "2027-05-01", CaseKept},
		{"every case expired", Standard, "2023-06-30", []Case{closed("2021-05-01"), closed("2022-02-01")}, "2026-03-01", true, "2025-07-01", Expired},
		{"eigenrisicodrager: cases keep the employee five years", Eigenrisicodrager, "2023-06-30", []Case{closed("2022-02-01")}, "2026-03-01", false, "2027-02-01", CaseKept},
		{"eigenrisicodrager: due when the cases are", Eigenrisicodrager, "2023-06-30", []Case{closed("2022-02-01")}, "2027-02-01", true, "2027-02-01", Expired},
		{"last day 28 February of a leap year", Standard, "2024-02-28", nil, "2026-02-28", false, "2026-03-01", InTerm},
		{"last day 29 February", Standard, "2024-02-29", nil, "2026-03-01", true, "2026-03-01", Expired},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := Employee{Cases: c.cases}
			if c.end != "" {
				e.EmploymentEnd = d(c.end)
			}
			v := EmployeeVerdict(c.policy, e, d(c.today))
			if v.Due != c.due || v.Expires.String() != c.expires || v.Reason != c.reason {
				t.Fatalf("got %+v (expires %s), want due %v expires %q reason %s", v, v.Expires, c.due, c.expires, c.reason)
			}
		})
	}
}

func TestRulesTable(t *testing.T) {
	want := map[Kind]map[Policy]int{
		AbsenceCase:    {Standard: 2, Eigenrisicodrager: 5},
		EmployeeRecord: {Standard: 2, Eigenrisicodrager: 2},
	}
	for k, byPolicy := range want {
		for p, years := range byPolicy {
			r := RuleFor(k, p)
			if r.Years != years || r.Basis == "" || r.Start == "" {
				t.Errorf("RuleFor(%s, %s) = %+v, want %d years with a basis", k, p, r, years)
			}
		}
	}
	if len(Rules()) != 3 {
		t.Fatalf("Rules: %d", len(Rules()))
	}
	rs := Rules()
	rs[0].Years = 99
	if RuleFor(AbsenceCase, Standard).Years != 2 {
		t.Fatal("Rules returned the table itself")
	}
}

func TestParsePolicy(t *testing.T) {
	for _, p := range Policies() {
		if got, err := ParsePolicy(string(p)); err != nil || got != p {
			t.Errorf("ParsePolicy(%q) = %q %v", p, got, err)
		}
	}
	for _, s := range []string{"", "5", "Standard", "eigen"} {
		if _, err := ParsePolicy(s); err == nil {
			t.Errorf("ParsePolicy(%q) accepted", s)
		}
	}
}

// TestAddedUpAbsencesAreKeptTogether: an absence added up with a later one
// (less than four weeks between) is kept as long as the last of its chain.
func TestAddedUpAbsencesAreKeptTogether(t *testing.T) {
	abs := func(id, first, back string) Case {
		c := Case{ID: id, FirstSickDay: d(first)}
		if back != "" {
			c.RecoveredOn = d(back)
		}
		return c
	}
	for _, c := range []struct {
		name    string
		cases   []Case
		today   string
		id      string
		due     bool
		expires string
		reason  Reason
	}{
		{"alone: its own recovery", []Case{abs("a", "2020-01-01", "2020-02-01")}, "2022-02-01", "a", true, "2022-02-01", Expired},
		{"chained: the chain's end", []Case{abs("a", "2020-01-01", "2020-02-01"), abs("b", "2020-02-20", "2021-06-01")}, "2022-02-01", "a", false, "2023-06-01", InTerm},
		{"chained: due with the chain", []Case{abs("b", "2020-02-20", "2021-06-01"), abs("a", "2020-01-01", "2020-02-01")}, "2023-06-01", "a", true, "2023-06-01", Expired},
		{"chained to an open absence", []Case{abs("a", "2020-01-01", "2020-02-01"), abs("b", "2020-02-28", "")}, "2040-01-01", "a", false, "", Chained},
		{"28 days at work: not chained", []Case{abs("a", "2020-01-01", "2020-02-01"), abs("b", "2020-02-29", "")}, "2022-02-01", "a", true, "2022-02-01", Expired},
		{"the open one itself", []Case{abs("a", "2020-01-01", "2020-02-01"), abs("b", "2020-02-20", "")}, "2040-01-01", "b", false, "", Open},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got *Verdict
			for _, rc := range AddedUp(c.cases) {
				if rc.ID == c.id {
					v := CaseVerdict(Standard, rc, d(c.today))
					got = &v
				}
			}
			if got == nil {
				t.Fatal("AddedUp lost the absence")
			}
			if got.Due != c.due || got.Expires.String() != c.expires || got.Reason != c.reason {
				t.Fatalf("got %+v (expires %s), want due %v expires %q reason %s", *got, got.Expires, c.due, c.expires, c.reason)
			}
		})
	}
	emp := Employee{EmploymentEnd: d("2019-12-31"), Cases: AddedUp([]Case{abs("a", "2019-11-01", "2019-12-01"), abs("b", "2019-12-20", "")})}
	if v := EmployeeVerdict(Standard, emp, d("2040-01-01")); v.Due || v.Reason != CaseKept {
		t.Errorf("employee with a chain still open: %+v", v)
	}
}
