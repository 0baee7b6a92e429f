package poortwachter

import (
	"cmp"
	"slices"

	"github.com/mijnaccount/mijnaccount/absence/date"
)

// Extensions of the period of wage payment. After 104 weeks of incapacity
// (the waiting time) the employer's duty to pay wages ends and the employee
// may receive a WIA benefit. Two things extend that period and move the WIA
// dates with it:
//
//   - a loonsanctie (art. 25 lid 9 Wet WIA): UWV finds the reintegration
//     efforts insufficient and extends wage payment by at most 52 weeks;
//     UWV may end it early when the shortcomings are repaired
//     (bekortingsverzoek), which gives it a new last day;
//   - a vrijwillige verlenging (art. 24 Wet WIA): employer and employee
//     jointly ask UWV to extend the waiting time by a period they choose,
//     agreed before the WIA application is due.
//
// An extension is a calendar period: Start is its first day (the day after
// the waiting time as it stood), and it lasts Weeks weeks unless shortened.
// The waiting time ends on the last day of the extension that ends last.
// Past the 104 weeks the timeline counts calendar days: the eindevaluatie
// and WIA application window moves by exactly the days of extension, and
// the evaluations every six weeks go on until that window opens.

// ExtensionKind is the legal ground of an extension.
type ExtensionKind string

// The kinds of extension.
const (
	Loonsanctie           ExtensionKind = "loonsanctie"
	VrijwilligeVerlenging ExtensionKind = "vrijwillige_verlenging"
)

// ExtensionKinds returns every kind in a stable order.
func ExtensionKinds() []ExtensionKind { return []ExtensionKind{Loonsanctie, VrijwilligeVerlenging} }

// Valid reports whether k is a known kind.
func (k ExtensionKind) Valid() bool { return slices.Contains(ExtensionKinds(), k) }

// MessageID is the id of the kind's name in the page catalogue.
func (k ExtensionKind) MessageID() string { return "absence.extension.kind." + string(k) }

// MaxExtensionWeeks is the longest extension, and the most all extensions
// of one kind of a chain may add up to, in weeks.
const MaxExtensionWeeks = 52

// Extension is one extension of wage payment.
type Extension struct {
	ID    string
	Kind  ExtensionKind
	Start date.Date // first day of extended wage payment
	Weeks int       // 1 to MaxExtensionWeeks, as decided
	// ShortenedTo is the last day after a bekorting; zero when the
	// extension runs its full length.
	ShortenedTo date.Date
}

// PlannedEnd is the last day of the full length: Start + 7 × Weeks − 1.
func (e Extension) PlannedEnd() date.Date { return e.Start.AddDays(7*e.Weeks - 1) }

// End is the last day of the extension: the day it was shortened to, or
// its planned end.
func (e Extension) End() date.Date {
	if !e.ShortenedTo.IsZero() {
		return e.ShortenedTo
	}
	return e.PlannedEnd()
}

// Shortened reports whether the extension was ended early.
func (e Extension) Shortened() bool { return !e.ShortenedTo.IsZero() }

// RunsOn reports whether day lies within the extension.
func (e Extension) RunsOn(day date.Date) bool { return !day.Before(e.Start) && !day.After(e.End()) }

// overlaps reports whether e and o share a day.
func (e Extension) overlaps(o Extension) bool {
	return !e.End().Before(o.Start) && !o.End().Before(e.Start)
}

// Extend returns c with the extensions exts (the chain's, wherever they
// were recorded), ordered by start and then id. It replaces the ones c
// had.
func (c Chain) Extend(exts []Extension) Chain {
	c.ext = sortedExtensions(exts)
	return c
}

// Extensions returns the chain's extensions, ordered by start.
func (c Chain) Extensions() []Extension { return slices.Clone(c.ext) }

// ExtensionDays is the number of days the waiting time was extended by.
func (c Chain) ExtensionDays() int {
	if len(c.segs) == 0 {
		return 0
	}
	return c.WaitingTimeEnd().DaysSince(c.OriginalWaitingTimeEnd())
}

// Running returns the extensions that run on day, ordered by start.
func (c Chain) Running(day date.Date) []Extension {
	var out []Extension
	for _, e := range c.ext {
		if e.RunsOn(day) {
			out = append(out, e)
		}
	}
	return out
}

// NextStart is the default first day of a new extension: the day after the
// waiting time as extended so far. Zero for an empty chain.
func (c Chain) NextStart() date.Date {
	if len(c.segs) == 0 {
		return date.Date{}
	}
	return c.WaitingTimeEnd().AddDays(1)
}

// AgreementDeadline is the last day on which a vrijwillige verlenging that
// begins on start can be agreed: the end of week 91 of the chain, that is
// 13 weeks before the end of the waiting time as it stands before start
// (extensions that begin earlier move it, as they move the WIA
// application). Zero for an empty chain.
func (c Chain) AgreementDeadline(start date.Date) date.Date {
	if len(c.segs) == 0 {
		return date.Date{}
	}
	var before []Extension
	for _, e := range c.ext {
		if e.Start.Before(start) {
			before = append(before, e)
		}
	}
	orig := c.OriginalWaitingTimeEnd()
	return c.extendedDay(7*WeekEindevaluatieFrom + endWith(orig, before).DaysSince(orig))
}

// extendedDay returns the date of sick day n of the chain, where the days
// past the 104 weeks are calendar days after its original end: an
// extension is a calendar period.
func (c Chain) extendedDay(n int) date.Date {
	if last := 7 * WaitingWeeks; n > last {
		return c.Day(last).AddDays(n - last)
	}
	return c.Day(n)
}

// HasStep reports whether key names a step of the chain's timeline.
func (c Chain) HasStep(key string) bool {
	for _, s := range c.Timeline() {
		if s.Key == key {
			return true
		}
	}
	return false
}

// endWith is the end of a waiting time that ended on orig without
// extensions: the latest of orig and the extensions' ends.
func endWith(orig date.Date, exts []Extension) date.Date {
	end := orig
	for _, e := range exts {
		if e.End().After(end) {
			end = e.End()
		}
	}
	return end
}

func sortedExtensions(exts []Extension) []Extension {
	out := slices.Clone(exts)
	slices.SortStableFunc(out, func(a, b Extension) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID))
	})
	return out
}
