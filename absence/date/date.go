package date

import (
	"errors"
	"strings"
	"time"
)

// Date is a calendar day. The zero value means "no date".
type Date struct {
	t time.Time // midnight UTC of the day; zero when unset
}

// ErrInvalid is returned by Parse for text that is not a date.
var ErrInvalid = errors.New("date: not a valid date")

// New returns the date of year, month and day. Out-of-range values are
// normalised as by time.Date (31 February becomes 3 March).
func New(year int, month time.Month, day int) Date {
	return Date{t: time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// Of returns the calendar day that t falls on in loc.
func Of(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return New(y, m, d)
}

// Parse reads ISO 8601 (2026-03-31, what a date input sends) or the Dutch
// dd-mm-jjjj (31-03-2026, also with slashes or dots). Empty text is an error;
// callers decide whether a date is optional.
func Parse(s string) (Date, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "02-01-2006", "2-1-2006", "02/01/2006", "2/1/2006", "02.01.2006", "2.1.2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < 1900 || t.Year() > 2200 {
				return Date{}, ErrInvalid
			}
			return Date{t: t}, nil
		}
	}
	return Date{}, ErrInvalid
}

// ParseOptional is Parse that maps empty text to the zero Date.
func ParseOptional(s string) (Date, error) {
	if strings.TrimSpace(s) == "" {
		return Date{}, nil
	}
	return Parse(s)
}

// MustParse is Parse for constants in tests and tables; it panics on bad text.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic("date: MustParse(" + s + "): " + err.Error())
	}
	return d
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// AddDays returns d moved by n days (negative n goes back).
func (d Date) AddDays(n int) Date {
	if d.IsZero() {
		return d
	}
	return Date{t: d.t.AddDate(0, 0, n)}
}

// DaysSince returns the number of days from o to d (negative when d is before o).
func (d Date) DaysSince(o Date) int {
	return int(d.t.Sub(o.t).Hours() / 24)
}

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.t.Before(o.t) }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.t.After(o.t) }

// Equal reports whether d and o are the same day.
func (d Date) Equal(o Date) bool { return d.t.Equal(o.t) }

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int { return d.t.Compare(o.t) }

// String returns the ISO form (2026-03-31), or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// Format returns the date as a page in lang shows it: 31-03-2026 (nl) or
// 31 Mar 2026 (en); "" for the zero Date.
func (d Date) Format(lang string) string {
	if d.IsZero() {
		return ""
	}
	if lang == "en" {
		return d.t.Format("2 Jan 2006")
	}
	return d.t.Format("02-01-2006")
}

// Year returns the year of d.
func (d Date) Year() int { return d.t.Year() }

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return d.t }

// Min returns the earlier of a and b, ignoring zero values.
func Min(a, b Date) Date {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}
