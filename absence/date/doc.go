// Package date is the calendar date of the absence application: a first sick
// day, a recovery date, a birth date. A Date has no clock and no time zone, so
// "week 6 after the first sick day" never shifts by an hour or a day around a
// change to or from summer time.
//
// Dates are stored and sent in forms as ISO 8601 text (2026-03-31), which sorts
// the same way as the dates themselves on SQLite and PostgreSQL alike; pages
// show them as dd-mm-jjjj in Dutch and "31 Mar 2026" in English.
//
// This package must not know what a date means in the application.
package date
