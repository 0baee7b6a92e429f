// Package store keeps the absence application's data in its own SQL database
// (SQLite by default, PostgreSQL in production): the organisations it has
// seen, service relations, employees, absences with their recovery reports,
// completed Poortwachter steps and medical notes.
//
// It has its own migration set, Migrations, recorded in
// absence_schema_migrations, and every table carries the absence_ prefix, so
// it can share a PostgreSQL database with Mijn Account without touching it.
// Queries follow the storage conventions: one text with $n placeholders for
// both dialects, times as Unix microseconds, opaque ids. Calendar dates are
// ISO text, empty when unset.
//
// Ids of employees ("MW-…") and absences ("VZ-…") are assigned here; they are
// short enough to read out on the phone and carry no personal data, so they
// may appear in URLs and audit events.
//
// Free text written by people (sick report notes, step notes, correction
// reasons and the notes they change, portal unlink reasons) is sealed by the
// store with the keyring given to New and opened when read (sealed_text.go);
// BSNs and medical notes are sealed by the caller. The database holds none
// of them readable.
//
// It does not decide who may see or change what: package registration and
// package rights do, in the web handlers. It does not audit either.
package store
