package poortwachter

import (
	"cmp"
	"slices"

	"github.com/mijnaccount/mijnaccount/absence/date"
)

// InterruptionLimit is the shortest interruption, in days at work, that
// ends a chain: periods of incapacity that follow each other with an
// interruption of less than four weeks are added up (Ziektewet art. 29 lid 6,
// WIA art. 23 lid 5, BW 7:629 lid 10). An interruption of 27 days or less
// continues the chain; 28 days or more starts a new one.
const InterruptionLimit = 28

// WaitingWeeks is the WIA waiting time (wachttijd) in weeks of incapacity.
const WaitingWeeks = 104

// Period is one absence as a chain sees it.
type Period struct {
	ID    string
	First date.Date // first sick day
	// Back is the day of full recovery: the first day back at work, as the
	// store records recovered_on. Zero while the employee is absent. A
	// partial recovery does not end a period.
	Back date.Date
}

// Open reports whether the period has not ended.
func (p Period) Open() bool { return p.Back.IsZero() }

// LastSickDay is the day before Back; zero while the period is open.
func (p Period) LastSickDay() date.Date {
	if p.Open() {
		return date.Date{}
	}
	return p.Back.AddDays(-1)
}

// Chain is a run of periods of one employee, each beginning less than four
// weeks after the ones before it ended, ordered by first sick day. Its sick
// days are the days of its periods; days that two periods share count once.
type Chain struct {
	Periods []Period
	// gaps[i] is the interruption before Periods[i] (0 for the first and
	// for a period that overlaps the ones before it).
	gaps []int
	// segs are the sick days without overlaps, in order.
	segs []segment
	// back is the day the whole chain ended (zero while it is open).
	back date.Date
	// ext are the extensions of wage payment recorded on the chain
	// (extension.go), ordered by start.
	ext []Extension
}

// segment is a run of sick days: days from from (0: open-ended).
type segment struct {
	from date.Date
	days int
}

// Chains orders periods by first sick day (then id) and cuts them into
// chains. A period continues the chain before it when it begins less than
// InterruptionLimit days after the chain's last full recovery, or while the
// chain is still open (overlapping records). Periods without a first sick
// day are left out.
func Chains(periods []Period) []Chain {
	sorted := make([]Period, 0, len(periods))
	for _, p := range periods {
		if !p.First.IsZero() {
			sorted = append(sorted, p)
		}
	}
	slices.SortStableFunc(sorted, func(a, b Period) int {
		return cmp.Or(a.First.Compare(b.First), cmp.Compare(a.ID, b.ID))
	})
	var out []Chain
	for _, p := range sorted {
		if n := len(out); n > 0 && out[n-1].continuedBy(p) {
			out[n-1].add(p)
			continue
		}
		var c Chain
		c.add(p)
		out = append(out, c)
	}
	return out
}

// Position is where one absence stands in its chain.
type Position struct {
	// Chain is the chain up to and including the absence: what its
	// timeline counts. Periods after it are left out.
	Chain Chain
	// Next is the period that continues the chain after the absence, and
	// NextInterruption the days at work before it; HasNext is false when
	// no period does.
	Next             Period
	NextInterruption int
	HasNext          bool
}

// Locate finds the absence with id among periods (all absences of one
// employee, in any order). ok is false when no period has id.
func Locate(periods []Period, id string) (pos Position, ok bool) {
	for _, c := range Chains(periods) {
		for i, p := range c.Periods {
			if p.ID != id {
				continue
			}
			for _, q := range c.Periods[:i+1] {
				pos.Chain.add(q)
			}
			if i+1 < len(c.Periods) {
				pos.Next, pos.NextInterruption, pos.HasNext = c.Periods[i+1], c.gaps[i+1], true
			}
			return pos, true
		}
	}
	return Position{}, false
}

// continuedBy reports whether p is added to c.
func (c Chain) continuedBy(p Period) bool {
	return len(c.Periods) > 0 && (c.back.IsZero() || p.First.DaysSince(c.back) < InterruptionLimit)
}

// add appends p, which must not begin before the periods already in c.
func (c *Chain) add(p Period) {
	gap, from := 0, p.First
	if len(c.Periods) > 0 && !c.back.IsZero() {
		if p.First.After(c.back) {
			gap = p.First.DaysSince(c.back)
		} else {
			from = c.back // overlap: its first days are counted already
		}
	}
	c.Periods = append(c.Periods, p)
	c.gaps = append(c.gaps, gap)
	if len(c.Periods) > 1 && c.back.IsZero() {
		return // the chain is open: p lies within it
	}
	switch {
	case p.Open():
		c.segs = append(c.segs, segment{from: from})
		c.back = date.Date{}
	case p.Back.After(from):
		c.segs = append(c.segs, segment{from: from, days: p.Back.DaysSince(from)})
		c.back = p.Back
	case len(c.Periods) == 1:
		c.back = p.Back // no sick days at all (the store refuses this)
	}
}

// Start is the chain's first sick day: the day the waiting time counts from.
func (c Chain) Start() date.Date {
	if len(c.Periods) == 0 {
		return date.Date{}
	}
	return c.Periods[0].First
}

// Back is the day the whole chain ended (the latest full recovery), or zero
// while it is open.
func (c Chain) Back() date.Date { return c.back }

// Added reports whether the chain adds up more than one period.
func (c Chain) Added() bool { return len(c.Periods) > 1 }

// Interruption is the number of days at work before Periods[i]: from the
// full recovery before it up to the day before its first sick day. It is 0
// for the first period and for one that overlaps the periods before it.
func (c Chain) Interruption(i int) int {
	if i <= 0 || i >= len(c.gaps) {
		return 0
	}
	return c.gaps[i]
}

// Day returns the calendar date of sick day n (n ≥ 1) of the chain. Past
// the end of a closed chain the days go on from its last sick day, as if the
// absence had continued; a step dated there is not needed. It is zero for an
// empty chain or n < 1.
func (c Chain) Day(n int) date.Date {
	if len(c.segs) == 0 || n < 1 {
		return date.Date{}
	}
	for _, s := range c.segs {
		if s.days == 0 || n <= s.days {
			return s.from.AddDays(n - 1)
		}
		n -= s.days
	}
	last := c.segs[len(c.segs)-1]
	return last.from.AddDays(last.days + n - 1)
}

// SickDays returns the number of sick days of the chain up to and including
// day. Unlike Day, it does not go on past the end of a closed chain.
func (c Chain) SickDays(day date.Date) int {
	n := 0
	for _, s := range c.segs {
		if day.Before(s.from) {
			break
		}
		through := day.DaysSince(s.from) + 1
		if s.days != 0 && through > s.days {
			through = s.days
		}
		n += through
	}
	return n
}

// WeekOf returns the week of the chain that day falls in, counted in sick
// days (1 for the first sick day; a day at work belongs to the week of the
// sick day before it), or 0 before the chain begins.
func (c Chain) WeekOf(day date.Date) int {
	n := c.SickDays(day)
	if n == 0 {
		return 0
	}
	return (n-1)/7 + 1
}

// OriginalWaitingTimeEnd is the last day of the 104 weeks: sick day
// 7 × 104 of the chain.
func (c Chain) OriginalWaitingTimeEnd() date.Date { return c.Day(7 * WaitingWeeks) }

// WaitingTimeEnd is the last day of the waiting time and of wage payment:
// the end of the 104 weeks, or the last day of the extension that ends
// last (extension.go).
func (c Chain) WaitingTimeEnd() date.Date { return endWith(c.OriginalWaitingTimeEnd(), c.ext) }

// Timeline returns every step for the chain, dated by its sick days, in
// order of due date; the extensions move the eindevaluatie and WIA
// application and add evaluations.
func (c Chain) Timeline() []Step {
	if len(c.segs) == 0 {
		return nil
	}
	return timeline(c.extendedDay, c.ExtensionDays())
}

// Evaluate returns the chain's timeline with the state of each step on
// today; the chain's end counts as the full recovery, and done holds the
// steps marked done in any of its periods.
func (c Chain) Evaluate(today date.Date, done map[string]Completion) []Item {
	return evaluate(c.Timeline(), c.back, today, done)
}

// Done unions the steps marked done in the chain's periods. marks holds the
// completions by period id, then by step key; marks of absences outside the
// chain are ignored. A mark on the chain's last period wins; otherwise the
// earliest date (then the earlier period). Each result carries the id of
// the period it was recorded on.
func (c Chain) Done(marks map[string]map[string]Completion) map[string]Completion {
	out := map[string]Completion{}
	for i := len(c.Periods) - 1; i >= 0; i-- {
		id := c.Periods[i].ID
		for key, m := range marks[id] {
			m.Period = id
			prev, seen := out[key]
			if !seen || (prev.Period != c.Periods[len(c.Periods)-1].ID && !m.On.After(prev.On)) {
				out[key] = m
			}
		}
	}
	return out
}
