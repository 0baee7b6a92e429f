// Package amsterdam holds the time zone the product counts calendar days and
// billing months in: Europe/Amsterdam, where the employers are.
package amsterdam

import (
	"time"
	_ "time/tzdata" // Europe/Amsterdam on hosts without a zoneinfo database
)

// Location is Europe/Amsterdam.
var Location = mustLoad("Europe/Amsterdam")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("amsterdam: time zone " + name + ": " + err.Error()) // embedded by time/tzdata
	}
	return loc
}

// MonthLayout is the form of a billing month: "2026-11".
const MonthLayout = "2006-01"

// MonthOf returns the billing month of t: its calendar month in
// Europe/Amsterdam as "YYYY-MM". 2026-10-31T23:30Z is "2026-11".
func MonthOf(t time.Time) string { return t.In(Location).Format(MonthLayout) }

// ParseMonth returns 00:00 Europe/Amsterdam on the first day of month, which
// must be "YYYY-MM" with a month from 01 to 12; ok is false otherwise.
func ParseMonth(month string) (start time.Time, ok bool) {
	t, err := time.ParseInLocation(MonthLayout, month, Location)
	if err != nil || t.Format(MonthLayout) != month {
		return time.Time{}, false
	}
	return t, true
}
