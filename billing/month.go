package billing

import (
	"time"

	"github.com/mijnaccount/mijnaccount/internal/amsterdam"
)

// Amsterdam is the time zone billing months and tariff dates are counted in.
var Amsterdam = amsterdam.Location

// MonthOf returns the billing month of t: its calendar month in
// Europe/Amsterdam as "YYYY-MM". 2026-10-31T23:30Z is "2026-11".
func MonthOf(t time.Time) string { return amsterdam.MonthOf(t) }

// MonthBounds returns the first instant of month ("YYYY-MM") and of the month
// after it, both at 00:00 Europe/Amsterdam.
func MonthBounds(month string) (from, to time.Time, err error) {
	t, ok := amsterdam.ParseMonth(month)
	if !ok {
		return time.Time{}, time.Time{}, invalidf("billing: month %q is not of the form YYYY-MM (for example 2026-11)", month)
	}
	return t, addMonths(t, 1), nil
}

// monthStart returns 00:00 Europe/Amsterdam on the first day of t's month.
func monthStart(t time.Time) time.Time {
	t = t.In(Amsterdam)
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, Amsterdam)
}

// isMonthStart reports whether t is 00:00 Europe/Amsterdam on the first day
// of a month.
func isMonthStart(t time.Time) bool { return t.Equal(monthStart(t)) }

// addMonths adds n calendar months to t in Europe/Amsterdam, keeping the
// clock time. A day that the target month does not have becomes its last
// day: 31 December plus two months is 28 (or 29) February.
func addMonths(t time.Time, n int) time.Time {
	t = t.In(Amsterdam)
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, Amsterdam)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(t.Day(), last),
		t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), Amsterdam)
}

// firstMonthStartFrom returns the earliest first-of-month 00:00 at or after t.
func firstMonthStartFrom(t time.Time) time.Time {
	s := monthStart(t)
	if s.Before(t) {
		s = addMonths(s, 1)
	}
	return s
}

// day formats t as a date in Europe/Amsterdam.
func day(t time.Time) string { return t.In(Amsterdam).Format(time.DateOnly) }
