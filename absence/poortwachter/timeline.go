package poortwachter

import (
	"strconv"

	"github.com/mijnaccount/mijnaccount/absence/date"
)

// Kind is the kind of a step.
type Kind string

// The kinds of steps.
const (
	Probleemanalyse      Kind = "probleemanalyse"
	PlanVanAanpak        Kind = "plan_van_aanpak"
	Evaluatie            Kind = "evaluatie"
	UWVMelding           Kind = "uwv_melding"
	Eerstejaarsevaluatie Kind = "eerstejaarsevaluatie"
	Eindevaluatie        Kind = "eindevaluatie"
)

// MessageID is the id of the kind's name in the page catalogue.
func (k Kind) MessageID() string { return "absence.step." + string(k) }

// Step is one step of the timeline of one absence.
type Step struct {
	Key       string // stable per absence: "probleemanalyse", "evaluatie_14", …
	Kind      Kind
	FirstWeek int       // week it falls in, or the first week of its window
	LastWeek  int       // equal to FirstWeek except for a window
	Opens     date.Date // first day it is shown as to do
	Due       date.Date // last day it may be done on time
}

// WeekLabel is "6" or "91–104".
func (s Step) WeekLabel() string {
	if s.FirstWeek == s.LastWeek {
		return strconv.Itoa(s.FirstWeek)
	}
	return strconv.Itoa(s.FirstWeek) + "–" + strconv.Itoa(s.LastWeek)
}

// The weeks of the steps.
const (
	WeekProbleemanalyse      = 6
	WeekPlanVanAanpak        = 8
	EvaluationInterval       = 6
	WeekUWVMelding           = 42
	WeekEerstejaarsevaluatie = 52
	WeekEindevaluatieFrom    = 91
	WeekEindevaluatieTo      = 104
)

// WeekStart is the first day of week n of an absence that began on first.
func WeekStart(first date.Date, n int) date.Date { return first.AddDays(7 * (n - 1)) }

// WeekEnd is the last day of week n of an absence that began on first.
func WeekEnd(first date.Date, n int) date.Date { return first.AddDays(7*n - 1) }

// WeekOf returns the week of the absence that day falls in (1 for the first
// sick day), or 0 for a day before it.
func WeekOf(first, day date.Date) int {
	if day.Before(first) {
		return 0
	}
	return day.DaysSince(first)/7 + 1
}

// Timeline returns every step for an absence that began on first, in order
// of due date. It is empty for the zero date.
func Timeline(first date.Date) []Step {
	if first.IsZero() {
		return nil
	}
	return timeline(func(n int) date.Date { return first.AddDays(n - 1) }, 0)
}

// timeline returns every step, dated by day: the calendar date of sick day
// n (n ≥ 1). Week n runs from sick day 7(n−1)+1 to sick day 7n. extra is
// the number of days the waiting time was extended by (extension.go): the
// window of the eindevaluatie and WIA application moves by as many days,
// and the evaluations go on every six weeks until it opens.
func timeline(day func(n int) date.Date, extra int) []Step {
	weekStart := func(n int) date.Date { return day(7*(n-1) + 1) }
	weekEnd := func(n int) date.Date { return day(7 * n) }
	inWeek := func(key string, k Kind, n int) Step {
		return Step{Key: key, Kind: k, FirstWeek: n, LastWeek: n, Opens: weekStart(n - 1), Due: weekEnd(n)}
	}
	steps := []Step{
		inWeek(string(Probleemanalyse), Probleemanalyse, WeekProbleemanalyse),
		inWeek(string(PlanVanAanpak), PlanVanAanpak, WeekPlanVanAanpak),
	}
	// The window runs from sick day from up to and including sick day to.
	from, to := 7*(WeekEindevaluatieFrom-1)+1+extra, 7*WeekEindevaluatieTo+extra
	for n := WeekPlanVanAanpak + EvaluationInterval; 7*n < from; n += EvaluationInterval {
		steps = append(steps, inWeek(string(Evaluatie)+"_"+strconv.Itoa(n), Evaluatie, n))
	}
	steps = append(steps,
		inWeek(string(UWVMelding), UWVMelding, WeekUWVMelding),
		inWeek(string(Eerstejaarsevaluatie), Eerstejaarsevaluatie, WeekEerstejaarsevaluatie),
		Step{Key: string(Eindevaluatie), Kind: Eindevaluatie, FirstWeek: weekOfDay(from), LastWeek: weekOfDay(to),
			Opens: day(from), Due: day(to)},
	)
	sortByDue(steps)
	return steps
}

// weekOfDay is the week sick day n (n ≥ 1) falls in.
func weekOfDay(n int) int { return (n-1)/7 + 1 }

// sortByDue orders steps by due date, keeping the given order for ties
// (insertion sort: the list is short and almost sorted).
func sortByDue(steps []Step) {
	for i := 1; i < len(steps); i++ {
		for j := i; j > 0 && steps[j].Due.Before(steps[j-1].Due); j-- {
			steps[j], steps[j-1] = steps[j-1], steps[j]
		}
	}
}

// HasStep reports whether key names a step of the timeline.
func HasStep(first date.Date, key string) bool {
	for _, s := range Timeline(first) {
		if s.Key == key {
			return true
		}
	}
	return false
}
