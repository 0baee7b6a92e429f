package poortwachter

import (
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/date"
)

// TestTimelineDates fixes the dates of every step for first sick days on
// different weekdays, across a leap day and across summer time.
func TestTimelineDates(t *testing.T) {
	type want struct{ key, opens, due string }
	cases := []struct {
		first string
		steps []want
	}{
		{"2026-01-05", []want{ // a Monday
			{"probleemanalyse", "2026-02-02", "2026-02-15"},
			{"plan_van_aanpak", "2026-02-16", "2026-03-01"},
			{"evaluatie_14", "2026-03-30", "2026-04-12"},
			{"evaluatie_20", "2026-05-11", "2026-05-24"},
			{"uwv_melding", "2026-10-12", "2026-10-25"},
			{"eerstejaarsevaluatie", "2026-12-21", "2027-01-03"},
			{"evaluatie_86", "2027-08-16", "2027-08-29"},
			{"eindevaluatie", "2027-09-27", "2028-01-02"},
		}},
		{"2027-12-29", []want{ // a Wednesday; the year 2028 has 29 February
			{"probleemanalyse", "2028-01-26", "2028-02-08"},
			{"plan_van_aanpak", "2028-02-09", "2028-02-22"},
			{"evaluatie_14", "2028-03-22", "2028-04-04"},
			{"uwv_melding", "2028-10-04", "2028-10-17"},
			{"eerstejaarsevaluatie", "2028-12-13", "2028-12-26"},
			{"eindevaluatie", "2029-09-19", "2029-12-25"},
		}},
		{"2026-03-22", []want{ // a Sunday, a week before summer time starts
			{"probleemanalyse", "2026-04-19", "2026-05-02"},
			{"plan_van_aanpak", "2026-05-03", "2026-05-16"},
			{"eindevaluatie", "2027-12-12", "2028-03-18"},
		}},
	}
	for _, c := range cases {
		t.Run(c.first, func(t *testing.T) {
			first := date.MustParse(c.first)
			byKey := map[string]Step{}
			for _, s := range Timeline(first) {
				byKey[s.Key] = s
			}
			for _, w := range c.steps {
				s, ok := byKey[w.key]
				if !ok {
					t.Errorf("no step %s", w.key)
					continue
				}
				if s.Opens.String() != w.opens || s.Due.String() != w.due {
					t.Errorf("%s: opens %s due %s, want %s and %s", w.key, s.Opens, s.Due, w.opens, w.due)
				}
				if WeekOf(first, s.Due) != s.LastWeek {
					t.Errorf("%s: due in week %d, want %d", w.key, WeekOf(first, s.Due), s.LastWeek)
				}
			}
		})
	}
}

func TestTimelineShape(t *testing.T) {
	steps := Timeline(date.MustParse("2026-01-05"))
	var keys []string
	for i, s := range steps {
		keys = append(keys, s.Key)
		if i > 0 && s.Due.Before(steps[i-1].Due) {
			t.Errorf("%s due before %s", s.Key, steps[i-1].Key)
		}
	}
	want := []string{"probleemanalyse", "plan_van_aanpak", "evaluatie_14", "evaluatie_20", "evaluatie_26", "evaluatie_32",
		"evaluatie_38", "uwv_melding", "evaluatie_44", "evaluatie_50", "eerstejaarsevaluatie", "evaluatie_56", "evaluatie_62",
		"evaluatie_68", "evaluatie_74", "evaluatie_80", "evaluatie_86", "eindevaluatie"}
	if len(keys) != len(want) {
		t.Fatalf("steps %v", keys)
	}
	for i := range want {
		if keys[i] != want[i] {
			t.Fatalf("steps %v, want %v", keys, want)
		}
	}
	if steps[len(steps)-1].WeekLabel() != "91–104" || steps[0].WeekLabel() != "6" {
		t.Errorf("labels %q %q", steps[0].WeekLabel(), steps[len(steps)-1].WeekLabel())
	}
	if Timeline(date.Date{}) != nil {
		t.Error("a timeline without a first sick day")
	}
	if !HasStep(date.MustParse("2026-01-05"), "evaluatie_20") || HasStep(date.MustParse("2026-01-05"), "evaluatie_21") {
		t.Error("HasStep")
	}
}

func TestWeekOf(t *testing.T) {
	first := date.MustParse("2026-01-05")
	for _, c := range []struct {
		day  string
		week int
	}{{"2026-01-04", 0}, {"2026-01-05", 1}, {"2026-01-11", 1}, {"2026-01-12", 2}, {"2026-02-15", 6}, {"2026-02-16", 7}} {
		if got := WeekOf(first, date.MustParse(c.day)); got != c.week {
			t.Errorf("WeekOf(%s) = %d, want %d", c.day, got, c.week)
		}
	}
}

func TestStatus(t *testing.T) {
	first := date.MustParse("2026-01-05") // probleemanalyse opens 2026-02-02, due 2026-02-15
	cases := []struct {
		name      string
		today     string
		recovered string
		done      bool
		want      Status
	}{
		{"before it opens", "2026-02-01", "", false, Upcoming},
		{"on the day it opens", "2026-02-02", "", false, Due},
		{"on the due date", "2026-02-15", "", false, Due},
		{"the day after", "2026-02-16", "", false, Overdue},
		{"done late", "2026-03-01", "", true, Done},
		{"done early", "2026-01-10", "", true, Done},
		{"recovered before it was due", "2026-03-01", "2026-02-10", false, NotNeeded},
		{"recovered on the due date", "2026-03-01", "2026-02-15", false, NotNeeded},
		{"recovered after it was due: still overdue", "2026-03-01", "2026-02-20", false, Overdue},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			done := map[string]Completion{}
			if c.done {
				done["probleemanalyse"] = Completion{On: date.MustParse("2026-02-10"), Note: "besproken"}
			}
			var recovered date.Date
			if c.recovered != "" {
				recovered = date.MustParse(c.recovered)
			}
			items := Evaluate(first, recovered, date.MustParse(c.today), done)
			if items[0].Key != "probleemanalyse" || items[0].Status != c.want {
				t.Errorf("%s: %s, want %s", items[0].Key, items[0].Status, c.want)
			}
			if c.done && items[0].Done.Note != "besproken" {
				t.Error("completion lost")
			}
		})
	}
}

func TestNext(t *testing.T) {
	first := date.MustParse("2026-01-05")
	items := Evaluate(first, date.Date{}, date.MustParse("2026-02-20"), nil)
	next, ok := Next(items)
	if !ok || next.Key != "probleemanalyse" || next.Status != Overdue {
		t.Errorf("Next = %s %s", next.Key, next.Status)
	}
	items = Evaluate(first, date.MustParse("2026-01-20"), date.MustParse("2026-02-20"), nil)
	if _, ok := Next(items); ok {
		t.Error("a recovered absence has nothing left to do")
	}
}
